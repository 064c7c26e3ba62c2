"""German where people read it: problems' German message and hint, and the German names."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest

import bildungsnetz as bn


def test_every_problem_has_german_text(data_dir: Path) -> None:
    report = bn.validate(data_dir / "broken.json")
    assert len(report) > 10
    for p in report:
        assert p.message_de.endswith("."), p
        assert p.hint_de, p
        # The German text is not the English one.
        assert p.message_de != p.message
        d = p.to_dict()
        assert d["message_de"] == p.message_de and d["hint_de"] == p.hint_de
    dangling = next(p for p in report if p.code == "dangling_reference")
    assert dangling.message_de.startswith("Der Verweis nennt kein Objekt der erwarteten Art")
    assert "„" in dangling.message_de and "“" in dangling.message_de


def test_german_text_of_a_problem_made_in_python() -> None:
    p = bn.Problem(
        "dangling_reference",
        "error",
        "/institutions/3/kommune",
        "`k-achen` does not name a Kommune in this document",
        hint="did you mean `k-aachen`?",
    )
    assert p.message_de == (
        "Der Verweis nennt kein Objekt der erwarteten Art in diesem Dokument: „k-achen“."
    )
    assert p.hint_de == "Meinten Sie „k-aachen“?"
    # Without an English hint, the code's general hint; the German texts survive pickling.
    q = bn.Problem("duplicate_id", "error", "/kommunen/1/id", "the id `k-aachen` is used")
    assert q.hint is None
    assert q.hint_de == "Kennungen müssen im ganzen Dokument eindeutig sein."
    assert pickle.loads(pickle.dumps(q)).message_de == q.message_de


def test_syntax_errors_in_german() -> None:
    report = bn.validate(b'{"schema_version": 1,')
    (p,) = report
    assert p.code == "json_syntax"
    assert p.message_de.startswith("Die Datei ist kein gültiges JSON")
    assert "UTF-8" in p.hint_de


@pytest.mark.parametrize(
    ("kind", "code", "name"),
    [
        ("transition", "school_entry", "Einschulung (Beginn der Schulpflicht)"),
        ("outcome", "discretionary", "Ermessensentscheidung"),
        ("check_result", "missing_facts", "Angaben fehlen"),
        ("schulform", "gymnasium", "Gymnasium"),
        ("schulform", "20", "Gymnasium"),
        ("abschluss", "EESA", "Erweiterter Erster Schulabschluss"),
        ("land", "BW", "Baden-Württemberg"),
        ("severity", "warning", "Warnung"),
        ("fact", "birth_date", "Geburtsdatum"),
    ],
)
def test_german_names(kind: Any, code: str, name: str) -> None:
    assert bn.german_name(kind, code) == name


def test_every_transition_and_outcome_has_a_german_name(book: bn.RuleBook) -> None:
    names = {t: bn.german_name("transition", t) for t in bn.RuleBook.transitions()}
    assert all(names.values()), names
    assert len(set(names.values())) == len(names)
    for outcome in ("eligible", "not_eligible", "discretionary", "undetermined"):
        assert bn.german_name("outcome", outcome)
    # A decision's own codes name themselves in German.
    d = book.evaluate("school_entry", {"birth_date": "2019-09-30", "land": "NW"}, "2025-08-01")
    assert bn.german_name("outcome", d.outcome) == "erfüllt"


def test_unknown_codes_and_kinds() -> None:
    assert bn.german_name("outcome", "maybe") is None
    assert bn.german_name("land", "") is None
    with pytest.raises(bn.InputError, match="unknown kind"):
        bn.german_name("stage", "kita")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        bn.german_name("land", 5)  # type: ignore[arg-type]
