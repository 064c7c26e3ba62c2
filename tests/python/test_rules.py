"""Decisions: typed results, explanations, exceptions, pickling, conformance from Python."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path
from typing import Any, cast

import pytest

import bildungsnetz as bn


def test_school_entry_decision(book: bn.RuleBook) -> None:
    d = book.evaluate("school_entry", {"birth_date": dt.date(2019, 10, 1), "land": "NW"},
                      dt.date(2025, 8, 1))
    assert d.transition == "school_entry"
    assert d.land == "NW"
    assert d.outcome == "not_eligible" and not d.eligible
    # Not eligible: no effective date; the 1 August the Schulpflicht begins is eligible_from.
    assert d.effective_date is None and d.eligible_from == dt.date(2026, 8, 1)
    assert isinstance(d.as_of, dt.date) and d.school_year == "2025/26"
    assert d.rule_ids == ["nrw.einschulung.stichtag"]
    assert d.citations and "SchulG NRW" in d.citations[0]
    assert any(c.determining and c.rule_id == "nrw.einschulung.stichtag" for c in d.checks)
    assert "schulpflichtig" in d.explain("de")
    assert "Schulpflicht" in d.explain("en") and d.explain() == d.explain("de")
    with pytest.raises(bn.InputError):
        d.explain("fr")  # type: ignore[arg-type]
    same = book.school_entry({"birth_date": "2019-10-01", "land": "NW"}, "2025/26")
    assert same == d
    assert book.school_entry('{"birth_date": "2019-10-01", "land": "NW"}', 2025) == d


def test_school_entry_applications(book: bn.RuleBook) -> None:
    child: bn.LearnerFacts = {"birth_date": "2019-10-01", "land": "NW", "early_entry_application": True,
             "school_doctor": "schulfaehig"}
    early = book.evaluate("school_entry_early", child, "2025-08-01")
    assert early.transition == "school_entry_early"
    assert early.outcome == "discretionary" and early.effective_date == dt.date(2025, 8, 1)
    assert early.rule_ids == ["nrw.einschulung.stichtag", "nrw.einschulung.vorzeitig"]
    # Deferral in NRW: only for substantial health reasons; development alone is none.
    child = {"birth_date": "2019-09-30", "land": "NW", "deferral_ground": "development"}
    d = book.evaluate("school_entry_deferral", child, "2025-08-01")
    assert d.outcome == "not_eligible" and d.effective_date is None
    child = {"birth_date": "2019-09-30", "land": "NW",
             "school_doctor": "erhebliche_gesundheitliche_gruende"}
    d = book.evaluate("school_entry_deferral", child, "2025-08-01")
    assert d.outcome == "discretionary" and d.effective_date == dt.date(2026, 8, 1)


def test_ganztag_claim(book: bn.RuleBook) -> None:
    first_grader: bn.LearnerFacts = {"school_entry_date": "2026-08-01", "jahrgang": "01"}
    d = book.evaluate("ganztag_claim", first_grader, "2026-09-01")
    assert d.outcome == "eligible" and d.effective_date == dt.date(2026, 8, 1)
    assert "federal.sgb8.24.abs4" in d.rule_ids
    before = book.evaluate("ganztag_claim", first_grader, "2026-07-31")
    assert before.outcome == "not_eligible" and before.eligible_from == dt.date(2026, 8, 1)


def test_missing_facts_undetermined(book: bn.RuleBook) -> None:
    d = book.evaluate("school_entry", {"land": "NW", "birth_date": None}, "2025-08-01")
    assert d.outcome == "undetermined"
    assert "birth_date" in d.missing_facts
    assert d.effective_date is None


def test_decision_round_trips(book: bn.RuleBook) -> None:
    d = book.evaluate("kita_claim", {"birth_date": "2023-01-15", "land": "NW"}, "2025-03-01")
    assert pickle.loads(pickle.dumps(d)) == d
    assert bn.Decision.from_json(d.to_json()) == d
    as_dict = d.to_dict()
    assert as_dict["outcome"] == d.outcome
    assert json.loads(d.to_json()) == as_dict


def test_bad_facts_name_the_field_not_the_value(book: bn.RuleBook) -> None:
    with pytest.raises(bn.InputError) as info:
        book.evaluate("school_entry", {"birth_date": "2019-02-30", "land": "NW"}, "2025-08-01")
    assert "birth_date" in str(info.value) and "2019-02-30" not in str(info.value)
    with pytest.raises(bn.InputError, match="unknown fact"):
        book.evaluate("school_entry", cast(bn.LearnerFacts, {"birth_dat": "2019-01-01"}),
                      "2025-08-01")
    with pytest.raises(bn.InputError, match="land"):
        book.evaluate("school_entry", cast(bn.LearnerFacts, {"land": "XX"}), "2025-08-01")
    with pytest.raises(bn.RuleError) as not_covered:
        book.evaluate("school_entry", {"land": "BY", "birth_date": "2019-01-01"}, "2025-08-01")
    assert not_covered.value.code == "not_covered"
    with pytest.raises(bn.InputError, match="school_years_attended"):
        book.evaluate("end_of_full_time_schooling", {"school_years_attended": -1}, "2025-08-01")
    with pytest.raises(bn.InputError, match="not valid JSON"):
        book.evaluate("school_entry", '{"land": ', "2025-08-01")
    with pytest.raises(TypeError):
        book.evaluate("school_entry", [("land", "NW")], "2025-08-01")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="datetime.datetime"):
        book.evaluate("school_entry", {}, dt.datetime(2025, 8, 1))
    with pytest.raises(bn.InputError):
        book.evaluate("school_entry", {}, "01.08.2025")
    with pytest.raises(bn.InputError) as unknown:
        book.evaluate("abitur", {}, "2025-08-01")
    assert unknown.value.code == "unknown_transition"
    with pytest.raises(bn.InputError):
        book.school_entry({}, "2025/27")


def test_rule_book(book: bn.RuleBook) -> None:
    assert "nrw.einschulung.stichtag" in book.rule_ids
    assert "school_entry" in bn.RuleBook.transitions()
    v = book.rule_in_force("nrw.einschulung.stichtag", "2010-08-01")
    assert v is not None and "2. SchRÄG" in v["citation"] and isinstance(v["from"], dt.date)
    assert book.rule_in_force("no.such.rule", "2010-08-01") is None
    assert pickle.loads(pickle.dumps(book)).rule_ids == book.rule_ids


WHAT_IF = {
    "schema_version": 1, "jurisdiction": "what-if",
    "rules": {"nrw.einschulung.stichtag": {"description": "what-if", "versions": [{
        "from": "2030-08-01",
        "value": {"type": "cutoff", "age": 6, "month": 6, "day": 30, "counting": "start_of_day"},
        "citation": "hypothetical", "source": "scenario"}]}},
}


def test_overrides_and_pickle(book: bn.RuleBook) -> None:
    child: bn.LearnerFacts = {"birth_date": "2024-09-01", "land": "NW"}
    assert book.school_entry(child, "2030/31").outcome == "eligible"
    what_if = bn.RuleBook(WHAT_IF)
    assert what_if.school_entry(child, "2030/31").outcome == "not_eligible"
    assert book.with_overrides(json.dumps(WHAT_IF)).school_entry(child, 2030).outcome == \
        "not_eligible"
    clone = pickle.loads(pickle.dumps(what_if))
    assert clone.school_entry(child, "2030/31").outcome == "not_eligible"
    with pytest.raises(bn.RuleError) as info:
        bn.RuleBook({"schema_version": 1})
    assert info.value.code == "law_file"


def _python_run_case(book: bn.RuleBook, case: dict[str, Any]) -> list[str]:
    """The conformance comparison, written again in Python over the Python API."""
    facts = dict(case.get("facts", {}))
    if case.get("land") and "land" not in facts:
        facts["land"] = case["land"]
    exp = case["expected"]
    try:
        d = book.evaluate(case["transition"], cast(bn.LearnerFacts, facts), case["as_of"])
    except bn.BildungsnetzError as e:
        code = getattr(e, "code", None)
        return [] if exp.get("error") == code else [f"error {code}"]
    if exp.get("error"):
        return [f"expected error {exp['error']}"]
    failures = []
    if d.outcome != exp["outcome"]:
        failures.append("outcome")
    want_eff = exp.get("effective_date")
    if (d.effective_date.isoformat() if d.effective_date else None) != want_eff:
        failures.append("effective_date")
    want_from = exp.get("eligible_from")
    if (d.eligible_from.isoformat() if d.eligible_from else None) != want_from:
        failures.append("eligible_from")
    if exp.get("determining_rule_ids") is not None and \
            d.rule_ids != sorted(set(exp["determining_rule_ids"])):
        failures.append("determining_rule_ids")
    if exp.get("missing_facts") is not None and \
            sorted(set(d.missing_facts)) != sorted(set(exp["missing_facts"])):
        failures.append("missing_facts")
    for k, v in (exp.get("details") or {}).items():
        if d.details.get(k) != v:
            failures.append(f"details.{k}")
    if not any(c.citation for c in d.checks):
        failures.append("no citation")
    return failures


def test_conformance_from_python_matches_rust(book: bn.RuleBook, conformance_dir: Path) -> None:
    rust = {(r.file, r.id): r for r in book.run_conformance(conformance_dir)}
    files = sorted(p for p in conformance_dir.glob("*.json") if not p.name.endswith(".schema.json"))
    assert files
    seen = 0
    for path in files:
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            failures = _python_run_case(book, case)
            assert failures == [], (path.name, case["id"], failures)
            assert rust[(path.name, case["id"])].passed, rust[(path.name, case["id"])].failures
            seen += 1
    assert seen == len(rust) >= 60


def test_conformance_runner_inputs(book: bn.RuleBook, conformance_dir: Path) -> None:
    one = book.run_conformance(conformance_dir / "kita.json")
    assert one and all(r.passed and r.file == "kita.json" for r in one)
    text = (conformance_dir / "kita.json").read_bytes()
    assert [r.id for r in book.run_conformance(text)] == [r.id for r in one]
    with pytest.raises(bn.RuleError):
        book.run_conformance(b'{"schema_version": 2, "cases": []}')
