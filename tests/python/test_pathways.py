"""Pathways after Sek I: next steps and shortest routes to a goal."""

from __future__ import annotations

import datetime
import pickle
from typing import Any

import pytest

import bildungsnetz as bn

HA10: dict[str, Any] = {
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
        book.next_steps({**HA10, "qualifications": ["DOKTOR"]}, "2025-06-01")
    with pytest.raises(bn.InputError):
        book.next_steps(HA10, "2025-02-30")
    with pytest.raises(OverflowError):
        book.routes(HA10, "2025-06-01", "ABITUR", max_steps=-1)
