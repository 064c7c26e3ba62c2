"""Sek I: APO-S I qualifications from grade sheets, single and batch."""

from __future__ import annotations

import datetime
import json
import pickle
from typing import Any, cast

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bildungsnetz as bn

RS10: bn.GradeSheet = {
    "schulform": "realschule",
    "jahrgang": 10,
    "subjects": [
        {"kuerzel": "D", "grade": 2},
        {"kuerzel": "M", "grade": 4},
        {"kuerzel": "E", "grade": 3},
        {"kuerzel": "WP", "grade": 3},
        {"kuerzel": "BI", "grade": 3},
        {"kuerzel": "GE", "grade": 3},
    ],
}
HS9_FAIL: bn.GradeSheet = {
    "schulform": "hauptschule",
    "jahrgang": 9,
    "subjects": [
        {"kuerzel": "D", "grade": 5},
        {"kuerzel": "M", "grade": 5},
        {"kuerzel": "E", "grade": 4},
    ],
}


def test_qualifications_typed(book: bn.RuleBook) -> None:
    r = book.sek1_qualifications(RS10, datetime.date(2025, 7, 1))
    assert r.best == "msa_q" and r.abschluss == "MSA_Q"
    assert r.best_code is not None and r.best_code.schluessel == "G"
    assert [q.qualification for q in r.results] == ["esa", "eesa", "msa", "msa_q"]
    assert r.result("msa").earned and r.result("msa").status == "earned"
    assert r.result("msa").rule_id.startswith("nrw.apo_si.")
    assert r.as_of == datetime.date(2025, 7, 1)
    assert "MSA_Q" in r.explain("de") and "Qualification reached" in r.explain("en")
    assert r.earned == ["eesa", "msa", "msa_q"]


def test_nachpruefung_and_codes_by_date(book: bn.RuleBook) -> None:
    before = book.sek1_qualifications(HS9_FAIL, "2021-07-01")
    after = book.sek1_qualifications(json.dumps(HS9_FAIL), "2023-07-01")
    for r in (before, after):
        assert r.best is None and r.abschluss == "OA"
        assert r.nachpruefung == ["D", "M"]
        assert r.result("esa").status == "not_earned"
        assert r.result("esa").nachpruefung == ["D", "M"]
        assert "Nachprüfung" in r.explain()
    assert before.result("esa").code.kuerzel == "HA9"
    assert after.result("esa").code.kuerzel == "ESA"
    assert before.result("eesa").code.kuerzel == "HA10"


def test_pickle_and_json(book: bn.RuleBook) -> None:
    r = book.sek1_qualifications(RS10, "2025-07-01")
    assert pickle.loads(pickle.dumps(r)) == r
    assert bn.Sek1Qualifications.from_json(r.to_json()) == r
    assert r.to_dict()["best_code"]["kuerzel"] == "MSA_Q"
    q = r.results[2]
    assert pickle.loads(pickle.dumps(q)) == q
    assert pickle.loads(pickle.dumps(q.code)) == q.code
    with pytest.raises(bn.InputError):
        bn.Sek1Qualifications.from_json("{}")


@pytest.mark.parametrize(
    ("sheet", "field"),
    [
        ({**RS10, "jahrgang": 12}, "jahrgang"),
        ({**RS10, "jahrgang": "zehn"}, "jahrgang"),
        ({**RS10, "klasse": 10}, "klasse"),
        ({**RS10, "schulform": "hogwarts"}, "schulform"),
        ({"schulform": "realschule", "jahrgang": 9}, "subjects"),
        ({**RS10, "subjects": [{"kuerzel": "D", "grade": 9}]}, "subjects[0].grade"),
        ({**RS10, "subjects": [{"kuerzel": "D", "grade": "sehr gut"}]}, "subjects[0].grade"),
        ({**RS10, "subjects": [{"kuerzel": "D"}]}, "subjects[0].grade"),
        ({**RS10, "subjects": [{"kuerzel": "E", "grade": "neun", "language_order": 1}]},
         "subjects[0].grade"),
        ({**RS10, "subjects": [{"kuerzel": "E", "grade": 2, "language_order": "1"}]},
         "subjects[0].language_order"),
        ({**RS10, "subjects": [{"kuerzel": "D", "grade": 2, "course": "E"}]}, "subjects[0].course"),
        ({**RS10, "schulform": "gymnasium"}, "gymnasium_track"),
    ],
)
def test_bad_sheets_name_the_field(book: bn.RuleBook, sheet: dict[str, Any], field: str) -> None:
    with pytest.raises(bn.RecordError) as e:
        book.sek1_qualifications(cast(bn.GradeSheet, sheet), "2025-07-01")
    assert e.value.field == field and e.value.row is None
    assert "sehr gut" not in str(e.value) and "hogwarts" not in str(e.value)


def test_bad_arguments(book: bn.RuleBook) -> None:
    with pytest.raises(TypeError):
        book.sek1_qualifications(["x"], "2025-07-01")  # type: ignore[arg-type]
    with pytest.raises(bn.InputError):
        book.sek1_qualifications("{not json", "2025-07-01")
    with pytest.raises(bn.InputError):
        book.sek1_qualifications(RS10, "2025-13-01")
    r = book.sek1_qualifications(RS10, "2025-07-01")
    with pytest.raises(bn.InputError):
        r.result("abitur")
    with pytest.raises(bn.InputError):
        r.explain("fr")  # type: ignore[arg-type]


def test_gymnasium_track(book: bn.RuleBook) -> None:
    assert book.gymnasium_track(2010)[0] == "g8"
    assert book.gymnasium_track(2018)[0] == "g9"
    assert book.gymnasium_track(2020, True)[0] == "g8"


def test_batch_list_jsonl_arrow(book: bn.RuleBook) -> None:
    res = book.sek1_qualifications_batch([RS10, HS9_FAIL], as_of="2025-07-01")
    rows = pa.table(res).to_pylist()
    assert len(res) == 2
    assert rows[0]["abschluss"] == "MSA_Q" and rows[0]["best"] == "msa_q"
    assert rows[1]["abschluss"] == "OA" and rows[1]["nachpruefung"] == ["D", "M"]
    assert rows[1]["esa"] == "not_earned" and rows[1]["np_esa"] == ["D", "M"]
    jsonl = "\n".join(json.dumps(s) for s in (RS10, HS9_FAIL)) + "\n"
    assert pa.table(book.sek1_qualifications_batch(jsonl, as_of="2025-07-01")).equals(pa.table(res))
    table = pa.table({"pid": ["a", "b"], "sheet": [json.dumps(RS10), json.dumps(HS9_FAIL)]})
    out = book.sek1_qualifications_batch(table, as_of="2025-07-01", include=["pid"]).to_pyarrow()
    assert out.column("pid").to_pylist() == ["a", "b"]
    assert out.column("abschluss").to_pylist() == ["MSA_Q", "OA"]
    df = res.to_pandas()
    assert str(df["esa"].dtype) == "category"
    assert res.to_polars().height == 2


def test_batch_errors(book: bn.RuleBook) -> None:
    bad = {**RS10, "subjects": [{"kuerzel": "D", "grade": 0}]}
    with pytest.raises(bn.RecordError) as e:
        book.sek1_qualifications_batch([RS10, bad], as_of="2025-07-01")
    assert (e.value.row, e.value.field) == (1, "subjects[0].grade")
    res = book.sek1_qualifications_batch([RS10, bad], as_of="2025-07-01", on_error="null")
    rows = res.to_pyarrow().to_pylist()
    assert rows[1]["abschluss"] is None and "subjects[0].grade" in rows[1]["error"]
    assert rows[0]["error"] is None
    with pytest.raises(bn.MissingColumnError):
        book.sek1_qualifications_batch(pa.table({"x": ["{}"]}), as_of="2025-07-01")
    with pytest.raises(bn.ColumnTypeError):
        book.sek1_qualifications_batch(pa.table({"sheet": [1]}), as_of="2025-07-01")
    with pytest.raises(TypeError):
        book.sek1_qualifications_batch(42, as_of="2025-07-01")
    with pytest.raises(bn.InputError):
        book.sek1_qualifications_batch([RS10], as_of="2025-07-01", on_error="ignore")  # type: ignore[arg-type]


KUERZEL = ["D", "M", "E", "WP", "BI", "PH", "GE", "SP", "KU", "MU"]


@st.composite
def sheets(draw: st.DrawFn) -> dict[str, Any]:
    form = draw(st.sampled_from(["realschule", "hauptschule", "gesamtschule", "gymnasium"]))
    n = draw(st.integers(3, len(KUERZEL)))
    differentiated = form in ("gesamtschule", "hauptschule")
    subjects = []
    for k in KUERZEL[:n]:
        s: dict[str, Any] = {"kuerzel": k, "grade": draw(st.integers(1, 6))}
        if differentiated and k in ("D", "M", "E", "BI") and draw(st.booleans()):
            s["course"] = draw(st.sampled_from(["E", "G"]))
        subjects.append(s)
    sheet: dict[str, Any] = {
        "schulform": form,
        "jahrgang": draw(st.integers(9, 10)),
        "subjects": subjects,
    }
    if form == "gymnasium":
        sheet["gymnasium_track"] = draw(st.sampled_from(["g8", "g9"]))
    return sheet


@settings(max_examples=60)
@given(st.lists(sheets(), min_size=1, max_size=8))
def test_batch_agrees_with_single(sheets: list[dict[str, Any]]) -> None:
    book = _BOOK
    rows = book.sek1_qualifications_batch(sheets, as_of="2024-07-01").to_pyarrow().to_pylist()
    for sheet, row in zip(sheets, rows):
        r = book.sek1_qualifications(cast(bn.GradeSheet, sheet), "2024-07-01")
        assert row["abschluss"] == r.abschluss
        assert row["best"] == r.best
        assert row["nachpruefung"] == r.nachpruefung
        for q in r.results:
            assert row[q.qualification] == q.status
            assert row["np_" + q.qualification] == q.nachpruefung


_BOOK = bn.RuleBook()
