"""Pathways after Sek I: next steps and shortest routes to a goal."""

from __future__ import annotations

import datetime
import json
import pickle
from typing import Any, cast

import pytest

import bildungsnetz as bn

HA10: bn.LearnerFacts = {
    "birth_date": "2009-05-01",
    "land": "NW",
    "qualifications": ["HA10"],
    "school_years_attended": 10,
}


def test_next_steps(book: bn.RuleBook) -> None:
    steps = book.next_steps(HA10, "2025-06-01")
    by_id = {s.transition: s for s in steps}
    assert by_id["berufskolleg_b"].outcome == "eligible"
    assert by_id["oberstufe_entry"].outcome == "not_eligible"
    assert by_id["oberstufe_entry"].to == ["gymnasiale_oberstufe"]
    d = by_id["berufskolleg_b"].decision
    assert isinstance(d, bn.Decision) and d.explain("de")
    assert pickle.loads(pickle.dumps(steps[0])) == steps[0]


def test_routes(book: bn.RuleBook) -> None:
    routes = book.routes(HA10, datetime.date(2025, 6, 1), "ABITUR", max_routes=2)
    assert 1 <= len(routes) <= 2
    first = routes[0]
    assert first.total_months == sum(s.months for s in first.steps)
    assert first.total_months <= routes[-1].total_months
    step = first.steps[0]
    assert step.as_of == datetime.date(2025, 6, 1) and step.facts["land"] == "NW"
    assert step.decision.outcome in ("eligible", "discretionary")
    assert "ABITUR" in first.steps[-1].awards
    assert pickle.loads(pickle.dumps(first)) == first
    fh = book.routes({"land": "NW", "qualifications": ["FHR_S"]}, "2025-07-01", "fachhochschule")
    assert fh[0].transitions == ["fhr_praktikum", "studium_fachhochschule"]
    assert "universitaet" in book.reachable_goals(HA10, "2025-06-01")
    assert "ABITUR" not in book.reachable_goals(HA10, "2025-06-01", max_steps=0)


def test_bad_inputs(book: bn.RuleBook) -> None:
    with pytest.raises(bn.InputError) as e:
        book.routes(HA10, "2025-06-01", "nobel_prize")
    assert getattr(e.value, "field") == "goal"
    with pytest.raises(bn.InputError, match="qualifications"):
        book.next_steps(cast(bn.LearnerFacts, {**HA10, "qualifications": ["DOKTOR"]}), "2025-06-01")
    with pytest.raises(bn.InputError):
        book.next_steps(HA10, "2025-02-30")
    with pytest.raises(OverflowError):
        book.routes(HA10, "2025-06-01", "ABITUR", max_steps=-1)


def test_evaluate_batch_equals_one_by_one(book: bn.RuleBook) -> None:
    learners: list[bn.LearnerFacts] = [
        HA10,
        {**HA10, "qualifications": ["MSA_Q"]},
        {"land": "NW", "qualifications": ["FHR_S"]},
        {"birth_date": "2001-03-04", "land": "NW", "qualifications": ["ABITUR"]},
    ]
    for transition in ("berufskolleg_b", "oberstufe_entry", "studium_fachhochschule", "wbk_kolleg"):
        one_by_one = [book.evaluate(transition, f, "2025-06-01") for f in learners]
        assert book.evaluate_batch(transition, learners, "2025-06-01") == one_by_one
        jsonl = "\n".join(json.dumps(f) for f in learners) + "\n\n"
        assert book.evaluate_batch(transition, jsonl, datetime.date(2025, 6, 1)) == one_by_one
        assert book.evaluate_batch(transition, jsonl.encode(), "2025-06-01") == one_by_one
    outcomes = [d.outcome for d in book.evaluate_batch("berufskolleg_b", learners, "2025-06-01")]
    assert outcomes[0] == "eligible"


def test_evaluate_batch_names_the_row_never_the_value(book: bn.RuleBook) -> None:
    bad = [HA10, {**HA10, "birth_date": "geheim-2009"}]
    with pytest.raises(bn.InputError) as e:
        book.evaluate_batch("berufskolleg_b", bad, "2025-06-01")
    assert "row 1" in str(e.value) and "birth_date" in str(e.value) and "geheim" not in str(e.value)
    with pytest.raises(bn.InputError) as e:
        book.evaluate_batch("berufskolleg_b", '{"land":"NW"}\n{"birth_date":"geheim"}\n', "2025-06-01")
    assert "line 2" in str(e.value) and "geheim" not in str(e.value)
    with pytest.raises(bn.RuleError, match="row 1"):
        book.evaluate_batch("berufskolleg_b", [HA10, {**HA10, "land": "RP"}], "2025-06-01")
    with pytest.raises(bn.InputError):
        book.evaluate_batch("nowhere", [HA10], "2025-06-01")
    with pytest.raises(TypeError):
        book.evaluate_batch("berufskolleg_b", 42, "2025-06-01")  # type: ignore[call-overload]
