"""RuleBook.evaluate_batch over tables, for every transition: pyarrow, pandas, polars, CSV and
JSON Lines files — each row equals `evaluate` called for that row alone."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bildungsnetz as bn

AS_OF = dt.date(2025, 8, 1)
TRANSITIONS = [
    "school_entry",
    "school_entry_deferral",
    "school_entry_early",
    "kita_claim",
    "end_of_full_time_schooling",
    "berufskolleg_b",
    "oberstufe_entry",
    "studium_fachhochschule",
]
# One learner per row; None is a missing fact.
COLUMNS: dict[str, list[Any]] = {
    "pupil": ["p1", "p2", "p3", "p4", "p5", "p6"],
    "birth_date": [dt.date(2019, 9, 30), dt.date(2019, 10, 1), None, dt.date(2009, 5, 1),
                   dt.date(2022, 3, 1), dt.date(2005, 1, 31)],
    "land": ["NW", "NW", "NW", "RP", None, "BY"],
    "deferral_application": [None, True, False, None, None, None],
    "early_entry_application": [None, True, None, None, None, None],
    "school_years_attended": [None, 0, None, 10, None, 13],
    "qualifications": [None, None, None, ["HA10"], None, ["ABITUR"]],
}
RESULT_COLUMNS = ["row", "outcome", "rule_id", "effective_date", "eligible_from",
                  "missing_facts", "error"]


def _facts(columns: dict[str, list[Any]], i: int) -> dict[str, Any]:
    return {k: v[i] for k, v in columns.items() if k != "pupil" and v[i] is not None}


def _one_by_one(book: bn.RuleBook, transition: str, learners: list[dict[str, Any]],
                as_of: dt.date = AS_OF) -> list[dict[str, Any]]:
    """What `evaluate` says for each learner alone, in the result's columns."""
    out: list[dict[str, Any]] = []
    for i, facts in enumerate(learners):
        try:
            d = book.evaluate(transition, cast(bn.LearnerFacts, facts), as_of)
        except bn.BildungsnetzError:
            out.append({"row": i, "outcome": "error"})
            continue
        out.append({
            "row": i,
            "outcome": d.outcome,
            "rule_id": ";".join(d.rule_ids) or None,
            "effective_date": d.effective_date,
            "eligible_from": d.eligible_from,
            "missing_facts": ";".join(d.missing_facts) or None,
            "error": None,
        })
    return out


def _batch_rows(result: bn.BatchResult) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pa.table(result).to_pylist()
    out = []
    for r in rows:
        if r["outcome"] == "error":
            assert isinstance(r["error"], str) and r["error"]
            out.append({"row": r["row"], "outcome": "error"})
        else:
            out.append({k: r[k] for k in RESULT_COLUMNS})
    return out


def _learners(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    return [_facts(columns, i) for i in range(len(columns["pupil"]))]


@pytest.mark.parametrize("transition", TRANSITIONS)
def test_pyarrow_equals_one_by_one(book: bn.RuleBook, transition: str) -> None:
    table = pa.table(COLUMNS)
    result = book.evaluate_batch(transition, table, as_of=AS_OF, id_columns=["pupil"])
    assert isinstance(result, bn.BatchResult)
    assert result.column_names == ["pupil", *RESULT_COLUMNS]
    assert result.transition == transition and result.as_of == AS_OF
    assert len(result) == 6
    assert _batch_rows(result) == _one_by_one(book, transition, _learners(COLUMNS))
    assert pa.table(result).column("pupil").to_pylist() == COLUMNS["pupil"]
    counts = result.outcome_counts()
    assert sum(counts.values()) == 6 and set(counts) == {
        "eligible", "not_eligible", "discretionary", "undetermined", "error"}


def test_result_schema_and_conversions(book: bn.RuleBook) -> None:
    result = book.evaluate_batch("school_entry", pa.table(COLUMNS), AS_OF, id_columns=["pupil"])
    schema = pa.table(result).schema
    assert pa.types.is_dictionary(schema.field("outcome").type)
    assert pa.types.is_dictionary(schema.field("rule_id").type)
    assert schema.field("effective_date").type == pa.date32()
    assert schema.field("eligible_from").type == pa.date32()
    assert pa.types.is_dictionary(schema.field("missing_facts").type)
    assert schema.field("row").type == pa.int64()
    rows = pa.table(result).to_pylist()
    # A missing birth date: undetermined, with the fact named.
    assert rows[2]["outcome"] == "undetermined"
    assert "birth_date" in rows[2]["missing_facts"].split(";")
    # A Land without a school-entry pack: that row has no answer, the others do.
    assert rows[5]["outcome"] == "error" and "not covered" in rows[5]["error"]
    assert rows[5]["missing_facts"] is None
    assert rows[0]["outcome"] == "eligible" and rows[0]["error"] is None
    frame = result.to_pandas()
    assert list(frame["pupil"]) == COLUMNS["pupil"]
    assert isinstance(frame["outcome"].dtype, pd.CategoricalDtype)
    assert isinstance(frame["missing_facts"].dtype, pd.CategoricalDtype)
    assert result.to_polars()["outcome"].to_list() == [r["outcome"] for r in rows]
    assert result.to_pyarrow().num_rows == 6
    assert "BatchResult school_entry 6 rows" in repr(result)


def _pandas_frame() -> pd.DataFrame:
    births = [pd.Timestamp(d) if d is not None else pd.NaT for d in COLUMNS["birth_date"]]
    return pd.DataFrame(
        {
            "birth_date": pd.Series(births, dtype="datetime64[ns]").array,
            "land": pd.Series(COLUMNS["land"], dtype="object").array,
            "deferral_application": pd.array(COLUMNS["deferral_application"], dtype="boolean"),
            "early_entry_application": [
                np.nan if v is None else v for v in COLUMNS["early_entry_application"]],
            "school_years_attended": pd.array(COLUMNS["school_years_attended"], dtype="Int64"),
            "qualifications": [";".join(q) if q else np.nan for q in COLUMNS["qualifications"]],
        },
        index=pd.Index(COLUMNS["pupil"], name="pupil"),
    )


@pytest.mark.parametrize("transition", TRANSITIONS)
def test_pandas_equals_one_by_one(book: bn.RuleBook, transition: str) -> None:
    frame = _pandas_frame()
    assert frame["birth_date"].isna().sum() == 1  # NaT
    result = book.evaluate_batch(transition, frame, AS_OF, id_columns=["pupil"])
    assert _batch_rows(result) == _one_by_one(book, transition, _learners(COLUMNS))
    out = result.to_pandas()
    assert list(out["pupil"]) == COLUMNS["pupil"]
    # Without id_columns the index is not carried (and not read as a fact).
    plain = book.evaluate_batch(transition, frame, AS_OF)
    assert plain.column_names == RESULT_COLUMNS
    # A float column with NaN holding whole numbers reads as integers.
    floats = frame.assign(school_years_attended=[
        np.nan if v is None else float(v) for v in COLUMNS["school_years_attended"]])
    assert _batch_rows(book.evaluate_batch(transition, floats, AS_OF)) == _batch_rows(plain)


def test_pandas_unnamed_index(book: bn.RuleBook) -> None:
    frame = _pandas_frame().reset_index(drop=True)
    frame.index = pd.Index([10, 20, 30, 40, 50, 60])
    result = book.evaluate_batch("school_entry", frame, AS_OF, id_columns=["index"])
    assert pa.table(result).column("index").to_pylist() == [10, 20, 30, 40, 50, 60]


@pytest.mark.parametrize("transition", TRANSITIONS)
def test_polars_equals_one_by_one(book: bn.RuleBook, transition: str) -> None:
    frame = pl.DataFrame(COLUMNS)
    assert frame.schema["qualifications"] == pl.List(pl.String)
    expected = _one_by_one(book, transition, _learners(COLUMNS))
    ids = ["pupil"]
    assert _batch_rows(book.evaluate_batch(transition, frame, AS_OF, id_columns=ids)) == expected
    lazy = frame.lazy()
    assert _batch_rows(book.evaluate_batch(transition, lazy, AS_OF, id_columns=ids,
                                           collect=True)) == expected
    with pytest.raises(TypeError, match="collect=True"):
        book.evaluate_batch(transition, lazy, AS_OF, id_columns=ids)


_dates = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2024, 12, 31)))
_row = st.fixed_dictionaries({
    "birth_date": _dates,
    "land": st.sampled_from([None, "NW", "RP", "BY"]),
    "deferral_application": st.sampled_from([None, True, False]),
    "early_entry_application": st.sampled_from([None, True, False]),
    "school_years_attended": st.one_of(st.none(), st.integers(0, 14)),
    "qualifications": st.one_of(st.none(), st.lists(
        st.sampled_from(["HA9", "HA10", "MSA", "MSA_Q", "FHR_S", "ABITUR"]), max_size=2)),
    "arrival_date": _dates,
})


@given(rows=st.lists(_row, min_size=0, max_size=12), transition=st.sampled_from(TRANSITIONS),
       as_of=st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)))
def test_generated_tables_with_missing_values(book: bn.RuleBook, rows: list[dict[str, Any]],
                                              transition: str, as_of: dt.date) -> None:
    columns = {k: [r[k] for r in rows] for k in _row_keys()}
    schema = pa.schema([
        ("birth_date", pa.date32()), ("land", pa.string()),
        ("deferral_application", pa.bool_()), ("early_entry_application", pa.bool_()),
        ("school_years_attended", pa.int64()), ("qualifications", pa.list_(pa.string())),
        ("arrival_date", pa.date32()),
    ])
    table = pa.table(columns, schema=schema)
    learners = [{k: v for k, v in r.items() if v is not None} for r in rows]
    result = book.evaluate_batch(transition, table, as_of)
    assert _batch_rows(result) == _one_by_one(book, transition, learners, as_of)


def _row_keys() -> list[str]:
    return ["birth_date", "land", "deferral_application", "early_entry_application",
            "school_years_attended", "qualifications", "arrival_date"]


def _csv_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return ";".join(v)
    return str(v)


@pytest.mark.parametrize("transition", TRANSITIONS)
def test_csv_and_jsonl_paths(book: bn.RuleBook, transition: str, tmp_path: Path) -> None:
    expected = _one_by_one(book, transition, _learners(COLUMNS))
    names = list(COLUMNS)
    lines = [",".join(names)]
    lines += [",".join(_csv_cell(COLUMNS[n][i]) for n in names) for i in range(6)]
    csv = tmp_path / "learners.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = book.evaluate_batch(transition, csv, AS_OF, id_columns=["pupil"])
    assert _batch_rows(result) == expected
    assert pa.table(result).column("pupil").to_pylist() == COLUMNS["pupil"]
    # The same through path= (a str is fine there, never as the positional argument).
    assert _batch_rows(book.evaluate_batch(transition, as_of=AS_OF, path=str(csv),
                                           id_columns=["pupil"])) == expected

    jsonl = tmp_path / "learners.jsonl"
    records = []
    for i in range(6):
        record = {k: (v.isoformat() if isinstance(v, dt.date) else v)
                  for k, v in _facts(COLUMNS, i).items()}
        records.append(json.dumps({"pupil": COLUMNS["pupil"][i], **record}))
    jsonl.write_text("\n".join(records[:3]) + "\n\n" + "\n".join(records[3:]) + "\n")
    result = book.evaluate_batch(transition, jsonl, AS_OF, id_columns=["pupil"])
    assert _batch_rows(result) == expected
    assert pa.table(result).column("pupil").to_pylist() == COLUMNS["pupil"]


def test_csv_text_as_the_csv_reader_reads_it(book: bn.RuleBook, tmp_path: Path) -> None:
    csv = tmp_path / "kids.csv"
    csv.write_text("birth_date,land,deferral_application,school_doctor\n"
                   "30.09.2019,NW,1,schulfaehig\n2019-10-01,NW,false,\n")
    rows = pa.table(book.evaluate_batch("school_entry_deferral", csv, AS_OF)).to_pylist()
    expected = _one_by_one(book, "school_entry_deferral", [
        {"birth_date": "2019-09-30", "land": "NW", "deferral_application": True,
         "school_doctor": "schulfaehig"},
        {"birth_date": "2019-10-01", "land": "NW", "deferral_application": False},
    ])
    assert [{k: r[k] for k in RESULT_COLUMNS} for r in rows] == expected
    # Strings "true"/"false" in an Arrow column are read the same way.
    table = pa.table({"birth_date": ["2019-09-30", "2019-10-01"], "land": ["NW", "NW"],
                      "deferral_application": ["true", "false"],
                      "school_doctor": ["schulfaehig", None]})
    rows = pa.table(book.evaluate_batch("school_entry_deferral", table, AS_OF)).to_pylist()
    assert [{k: r[k] for k in RESULT_COLUMNS} for r in rows] == expected


SECRET = "2019-02-30"


def test_a_bad_value_fails_its_row_only(book: bn.RuleBook, tmp_path: Path) -> None:
    table = pa.table({"pupil": ["a", "b", "c"],
                      "birth_date": ["2019-09-30", SECRET, "2019-10-01"],
                      "land": ["NW", "NW", "XY"]})
    rows = pa.table(book.evaluate_batch("school_entry", table, AS_OF,
                                        id_columns=["pupil"])).to_pylist()
    assert [r["outcome"] for r in rows] == ["eligible", "error", "error"]
    assert "birth_date" in rows[1]["error"] and "row 1" in rows[1]["error"]
    assert "land" in rows[2]["error"] and "row 2" in rows[2]["error"]
    assert SECRET not in rows[1]["error"] and "XY" not in rows[2]["error"]
    assert rows[1]["pupil"] == "b"

    csv = tmp_path / "bad.csv"
    csv.write_text(f"pupil,birth_date,land\na,2019-09-30,NW\nb,{SECRET},NW\nc\n"
                   "d,\"2019-10-01,NW\ne,2019-10-01,NW\n")
    rows = pa.table(book.evaluate_batch("school_entry", csv, AS_OF,
                                        id_columns=["pupil"])).to_pylist()
    assert [r["outcome"] for r in rows] == ["eligible", "error", "error", "error", "not_eligible"]
    assert [r["row"] for r in rows] == [0, 1, 2, 3, 4]
    assert "wrong number of fields" in rows[2]["error"] and "line 4" in rows[2]["error"]
    assert "quote" in rows[3]["error"]
    assert all(SECRET not in (r["error"] or "") for r in rows)

    jsonl = tmp_path / "bad.jsonl"
    jsonl.write_text('{"pupil":"a","birth_date":"2019-09-30","land":"NW"}\n'
                     f'{{"pupil":"b","birth_date":"{SECRET}","land":"NW"}}\n'
                     '{"pupil":"c","land":\n'
                     '{"pupil":"d","birth_dat":"2019-09-30"}\n'
                     '{"pupil":"e","birth_date":"2019-10-01","land":"NW"}\n')
    rows = pa.table(book.evaluate_batch("school_entry", jsonl, AS_OF,
                                        id_columns=["pupil"])).to_pylist()
    assert [r["outcome"] for r in rows] == ["eligible", "error", "error", "error", "not_eligible"]
    assert "birth_date" in rows[1]["error"] and "line 2" in rows[1]["error"]
    assert "birth_dat" in rows[3]["error"] and "unknown field" in rows[3]["error"]
    assert [r["pupil"] for r in rows] == ["a", "b", None, "d", "e"]
    assert all(SECRET not in (r["error"] or "") for r in rows)


def _sheet(grade: int) -> dict[str, Any]:
    subjects = ["D", "M", "E", "WP", "BI", "CH", "PH", "GE", "EK", "KU", "MU", "SP", "RE"]
    return {"schulform": "realschule", "jahrgang": 10,
            "subjects": [{"kuerzel": k, "grade": grade} for k in subjects]}


def test_grade_sheets_as_json_text_and_as_structs(book: bn.RuleBook) -> None:
    sheets = [_sheet(3), _sheet(5), None]
    learners = [{"land": "NW", "sek1": {"grade_sheet": s}} if s else {"land": "NW"}
                for s in sheets]
    expected = _one_by_one(book, "sek1_abschluss", learners, dt.date(2025, 7, 1))
    assert expected[0]["outcome"] == "eligible" and expected[2]["outcome"] == "undetermined"
    text = pa.table({"land": ["NW"] * 3,
                     "sek1.grade_sheet": [json.dumps(s) if s else None for s in sheets]})
    result = book.evaluate_batch("sek1_abschluss", text, dt.date(2025, 7, 1))
    assert _batch_rows(result) == expected
    structs = pl.DataFrame({"land": ["NW"] * 3, "sek1.grade_sheet": sheets})
    assert isinstance(structs.schema["sek1.grade_sheet"], pl.Struct)
    result = book.evaluate_batch("sek1_abschluss", structs, dt.date(2025, 7, 1))
    assert _batch_rows(result) == expected
    whole = pa.table({"land": ["NW"] * 3,
                      "sek1": [json.dumps({"grade_sheet": s}) if s else None for s in sheets]})
    assert _batch_rows(book.evaluate_batch("sek1_abschluss", whole, "2025-07-01")) == expected
    # A grade sheet that is not one: its row only.
    bad = pa.table({"land": ["NW", "NW"], "sek1.grade_sheet": [json.dumps(_sheet(3)), "[1]"]})
    rows = pa.table(book.evaluate_batch("sek1_abschluss", bad, "2025-07-01")).to_pylist()
    assert rows[0]["outcome"] == "eligible" and rows[1]["outcome"] == "error"
    assert "sek1.grade_sheet" in rows[1]["error"] and "row 1" in rows[1]["error"]


def test_bad_tables_raise_naming_the_column(book: bn.RuleBook, tmp_path: Path) -> None:
    table = pa.table({"birth_date": [dt.date(2019, 9, 30)], "name": ["Alex"]})
    with pytest.raises(bn.ColumnError, match="'name'|\"name\"") as e:
        book.evaluate_batch("school_entry", table, AS_OF)
    assert getattr(e.value, "column") == "name"
    with pytest.raises(bn.MissingColumnError):
        book.evaluate_batch("school_entry", table, AS_OF, id_columns=["pupil"])
    with pytest.raises(bn.ColumnError, match="result column"):
        book.evaluate_batch("school_entry", table, AS_OF, id_columns=["name", "row"])
    with pytest.raises(bn.ColumnTypeError):
        book.evaluate_batch("school_entry", pa.table({"birth_date": [b"\x00"]}), AS_OF)
    csv = tmp_path / "headerless.csv"
    csv.write_text("Alex Beispiel,2019-09-30\n")
    with pytest.raises(bn.ColumnError) as e:
        book.evaluate_batch("school_entry", csv, AS_OF)
    assert "Alex" not in str(e.value) and "column 1" in str(e.value)
    with pytest.raises(bn.InputError, match=".csv"):
        book.evaluate_batch("school_entry", tmp_path / "learners.xlsx", AS_OF)
    with pytest.raises(FileNotFoundError):
        book.evaluate_batch("school_entry", tmp_path / "missing.csv", AS_OF)
    with pytest.raises(bn.InputError, match="tables"):
        book.evaluate_batch("school_entry", [{"land": "NW"}], AS_OF,  # type: ignore[call-overload]
                            id_columns=["id"])
    with pytest.raises(bn.InputError, match="unknown transition"):
        book.evaluate_batch("nowhere", table, AS_OF)


def test_empty_table(book: bn.RuleBook) -> None:
    table = pa.table({"birth_date": pa.array([], pa.date32())})
    result = book.evaluate_batch("school_entry", table, AS_OF)
    assert len(result) == 0 and result.column_names == RESULT_COLUMNS


def test_nan_is_missing_never_a_value(book: bn.RuleBook) -> None:
    frame = pd.DataFrame({"land": ["NW", "NW"], "school_years_attended": [math.nan, 3.0]})
    rows = pa.table(book.evaluate_batch("end_of_full_time_schooling", frame,
                                        AS_OF)).to_pylist()
    assert _batch_rows(book.evaluate_batch("end_of_full_time_schooling", frame, AS_OF)) == \
        _one_by_one(book, "end_of_full_time_schooling",
                    [{"land": "NW"}, {"land": "NW", "school_years_attended": 3}])
    assert rows[0]["error"] is None


def test_chunked_input_counts_rows_across_chunks(book: bn.RuleBook) -> None:
    first = pa.table({"birth_date": ["2019-09-30", "2019-10-01"], "land": ["NW", "NW"]})
    second = pa.table({"birth_date": [SECRET, "2019-09-30"], "land": ["NW", "BY"]})
    table = pa.concat_tables([first, second])
    assert table.column("birth_date").num_chunks == 2
    rows = pa.table(book.evaluate_batch("school_entry", table, AS_OF)).to_pylist()
    assert [r["row"] for r in rows] == [0, 1, 2, 3]
    assert [r["outcome"] for r in rows] == ["eligible", "not_eligible", "error", "error"]
    assert "row 2" in rows[2]["error"] and "row 3" in rows[3]["error"]
    assert SECRET not in rows[2]["error"]


def test_pandas_multi_index_levels_by_their_reset_index_names(book: bn.RuleBook) -> None:
    frame = _pandas_frame().reset_index()
    frame["school"] = "s1"
    frame = frame.set_index(["school", "pupil"])
    frame.index = frame.index.set_names(["school", None])
    result = book.evaluate_batch("school_entry", frame, AS_OF, id_columns=["level_1"])
    assert result.column_names == ["level_1", *RESULT_COLUMNS]
    assert pa.table(result).column("level_1").to_pylist() == COLUMNS["pupil"]
    expected = _one_by_one(book, "school_entry", _learners(COLUMNS))
    assert _batch_rows(result) == expected
