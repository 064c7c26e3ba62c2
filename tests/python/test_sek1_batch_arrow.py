"""Sek I batch over structured Arrow input: grade sheets as columns or as one struct column,
the subjects a nested list of structs, from pyarrow, polars and pandas."""

from __future__ import annotations

import json
from typing import Any, cast

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bildungsnetz as bn

AS_OF = "2025-07-01"
RESULT = ["esa", "eesa", "msa", "msa_q", "best", "abschluss", "nachpruefung",
          "np_esa", "np_eesa", "np_msa", "np_msa_q", "error"]
SUBJECT = pa.struct([
    ("kuerzel", pa.string()),
    ("grade", pa.int64()),
    ("course", pa.string()),
    ("foreign_language", pa.bool_()),
    ("language_order", pa.int64()),
])
SHEET = pa.struct([
    ("schulform", pa.string()),
    ("jahrgang", pa.int64()),
    ("gymnasium_track", pa.string()),
    ("bildungsgang", pa.string()),
    ("hauptschule_typ", pa.string()),
    ("prior", pa.string()),
    ("subjects", pa.list_(SUBJECT)),
])


def subjects(*pairs: tuple[str, int], **extra: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"kuerzel": k, "grade": g, **extra.get(k, {})} for k, g in pairs]


# Sheets using every field; Schulform spelled as name, key and Kürzel; Kürzel in any case.
SHEETS: list[dict[str, Any]] = [
    {"schulform": "realschule", "jahrgang": 10, "subjects": subjects(
        ("D", 2), ("M", 4), ("E", 3), ("WP", 3), ("BI", 3), ("GE", 3))},
    {"schulform": "hauptschule", "jahrgang": 9, "subjects": subjects(
        ("D", 5), ("m", 5), ("E", 4), ("GE", 3))},
    {"schulform": "15", "jahrgang": 10, "subjects": subjects(
        ("D", 3), ("M", 4), ("E", 3), ("BI", 2), ("GE", 3), ("F", 4),
        D={"course": "E"}, M={"course": "G"}, E={"course": "E"}, BI={"course": "G"},
        F={"foreign_language": True})},
    {"schulform": "GY", "jahrgang": 10, "gymnasium_track": "g9", "prior": "esa",
     "subjects": subjects(("D", 3), ("M", 5), ("E", 2), ("L", 4), ("BI", 3), ("PH", 5),
                          L={"language_order": 2}, E={"language_order": 1})},
    {"schulform": "Sekundarschule", "jahrgang": 10, "bildungsgang": "realschule",
     "subjects": subjects(("D", 3), ("M", 3), ("E", 4), ("WP", 3), ("BI", 3))},
    {"schulform": "hauptschule", "jahrgang": 10, "hauptschule_typ": "A",
     "subjects": subjects(("D", 4), ("M", 4), ("E", 4), ("AT", 3), ("BI", 3),
                          D={"course": "G"}, M={"course": "G"}, E={"course": "G"})},
]


def full(sheet: dict[str, Any]) -> dict[str, Any]:
    """A sheet with every field present (null where absent), as an Arrow struct row."""
    out = {name: sheet.get(name) for name in SHEET.names}
    if sheet["subjects"] is not None:
        out["subjects"] = [None if s is None else {name: s.get(name) for name in SUBJECT.names}
                           for s in sheet["subjects"]]
    return out


def columns_table(sheets: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist([full(s) for s in sheets], schema=pa.schema(list(SHEET)))


def expected(book: bn.RuleBook, sheets: list[dict[str, Any]]) -> pa.Table:
    return book.sek1_qualifications_batch(sheets, as_of=AS_OF).to_pyarrow()


def result(book: bn.RuleBook, data: object, **kw: Any) -> pa.Table:
    return book.sek1_qualifications_batch(data, as_of=AS_OF, **kw).to_pyarrow()


def test_the_sheets_mean_something(book: bn.RuleBook) -> None:
    # Not all alike: earned, not earned, Nachprüfung subjects and a prior qualification.
    rows = expected(book, SHEETS).to_pylist()
    assert {r["abschluss"] for r in rows} >= {"MSA_Q", "OA"}
    assert any(r["nachpruefung"] for r in rows)
    assert all(r["error"] is None for r in rows)


def test_rows_equal_the_single_results(book: bn.RuleBook) -> None:
    for sheet, row in zip(SHEETS, result(book, columns_table(SHEETS)).to_pylist()):
        r = book.sek1_qualifications(cast(bn.GradeSheet, sheet), AS_OF)
        assert (row["abschluss"], row["best"], row["nachpruefung"]) == (
            r.abschluss, r.best, r.nachpruefung)
        for q in r.results:
            assert (row[q.qualification], row["np_" + q.qualification]) == (
                q.status, q.nachpruefung)


def test_pyarrow_layouts_equal_the_dict_and_json_paths(book: bn.RuleBook) -> None:
    want = expected(book, SHEETS)
    assert result(book, columns_table(SHEETS)).equals(want)
    ids = pa.array([f"p{i}" for i in range(len(SHEETS))])
    nested = pa.table({"pupil": ids, "sheet": pa.array([full(s) for s in SHEETS], SHEET)})
    out = result(book, nested, include=["pupil"])
    assert out.column("pupil").equals(pa.chunked_array([ids]))
    assert out.select(RESULT).equals(want)
    other = nested.rename_columns(["pupil", "grades"])
    assert result(book, other, column="grades", include=["pupil"]).select(RESULT).equals(want)
    texts = pa.table({"pupil": ids, "sheet": [json.dumps(s) for s in SHEETS]})
    assert result(book, texts, include=["pupil"]).select(RESULT).equals(want)
    # Several record batches, as a chunked table; a slice (arrays with an offset).
    chunked = pa.concat_tables([columns_table(SHEETS[:2]), columns_table(SHEETS[2:])])
    assert result(book, chunked).equals(want)
    assert result(book, columns_table(SHEETS).slice(2, 3)).equals(want.slice(2, 3))
    assert result(book, nested.slice(1, 4), include=["pupil"]).select(RESULT).equals(
        want.slice(1, 4))


def test_polars_frames(book: bn.RuleBook) -> None:
    want = expected(book, SHEETS)
    frame = pl.from_arrow(columns_table(SHEETS))
    assert isinstance(frame, pl.DataFrame)
    assert result(book, frame).equals(want)
    # Polars' own types: large strings / string views, large lists, a categorical Schulform.
    categorical = frame.with_columns(pl.col("schulform").cast(pl.Categorical),
                                     pl.col("jahrgang").cast(pl.UInt8))
    assert result(book, categorical).equals(want)
    nested = frame.select(pl.struct(pl.all()).alias("sheet"))
    assert result(book, nested).equals(want)
    assert result(book, frame.lazy(), collect=True).equals(want)
    with pytest.raises(TypeError, match="collect=True"):
        result(book, frame.lazy())


def test_pandas_frames(book: bn.RuleBook) -> None:
    want = expected(book, SHEETS)
    arrow_dtypes = columns_table(SHEETS).to_pandas(types_mapper=pd.ArrowDtype)
    assert isinstance(arrow_dtypes["subjects"].dtype, pd.ArrowDtype)
    assert result(book, arrow_dtypes).equals(want)
    # Plain pandas: an object column of lists of dicts, converted by pyarrow.
    plain = pd.DataFrame({
        "schulform": [s["schulform"] for s in SHEETS],
        "jahrgang": [s["jahrgang"] for s in SHEETS],
        "subjects": [s["subjects"] for s in SHEETS],
        "prior": [s.get("prior") for s in SHEETS],
        "gymnasium_track": [s.get("gymnasium_track") for s in SHEETS],
        "bildungsgang": [s.get("bildungsgang") for s in SHEETS],
        "hauptschule_typ": [s.get("hauptschule_typ") for s in SHEETS],
    }, index=pd.Index([f"p{i}" for i in range(len(SHEETS))], name="pupil"))
    out = result(book, plain, include=["pupil"])
    assert out.column("pupil").to_pylist() == list(plain.index)
    assert out.select(RESULT).equals(want)


def typed_table(sheets: list[dict[str, Any]], text: pa.DataType, integer: pa.DataType,
                large_list: bool, dictionary: bool) -> pa.Table:
    """The sheets as columns of the given Arrow types, built array by array."""
    rows = [full(s) for s in sheets]
    items = [s for r in rows for s in r["subjects"]]

    def texts(values: list[Any]) -> pa.Array:
        array = pa.array(values, text)
        return array.dictionary_encode() if dictionary else array

    child = pa.StructArray.from_arrays(
        [texts([s["kuerzel"] for s in items]), pa.array([s["grade"] for s in items], integer),
         texts([s["course"] for s in items]), pa.array([s["foreign_language"] for s in items]),
         pa.array([s["language_order"] for s in items], integer)],
        names=SUBJECT.names)
    offsets = [0]
    for r in rows:
        offsets.append(offsets[-1] + len(r["subjects"]))
    lists = (pa.LargeListArray if large_list else pa.ListArray).from_arrays(offsets, child)
    columns = {name: texts([r[name] for r in rows]) for name in
               ["schulform", "gymnasium_track", "bildungsgang", "hauptschule_typ", "prior"]}
    return pa.table({**columns, "jahrgang": pa.array([r["jahrgang"] for r in rows], integer),
                     "subjects": lists})


@pytest.mark.parametrize("text", [pa.string(), pa.large_string(), pa.string_view()])
@pytest.mark.parametrize("integer", [pa.int8(), pa.int16(), pa.int32(), pa.int64(),
                                     pa.uint8(), pa.uint16(), pa.uint32(), pa.uint64()])
def test_every_arrow_type(book: bn.RuleBook, text: pa.DataType, integer: pa.DataType) -> None:
    want = expected(book, SHEETS)
    for large_list, dictionary in [(False, False), (True, False), (False, True), (True, True)]:
        table = typed_table(SHEETS, text, integer, large_list, dictionary)
        assert result(book, table).equals(want), (large_list, dictionary)


def one_sheet(**changes: Any) -> pa.Table:
    sheet = {"schulform": "realschule", "jahrgang": 10,
             "subjects": [{"kuerzel": "D", "grade": 2}, {"kuerzel": "M", "grade": 3}]}
    sheet.update(changes)
    return columns_table([SHEETS[0], sheet])


@pytest.mark.parametrize(
    ("changes", "field", "secret"),
    [
        ({"schulform": "hogwarts"}, "schulform", "hogwarts"),
        ({"schulform": None}, "schulform", None),
        ({"jahrgang": 12}, "jahrgang", None),
        ({"jahrgang": None}, "jahrgang", None),
        ({"subjects": None}, "subjects", None),
        ({"subjects": [{"kuerzel": "Xylo", "grade": 0}]}, "subjects[0].grade", "Xylo"),
        ({"subjects": [{"kuerzel": "D", "grade": 2}, {"kuerzel": "M", "grade": 7}]},
         "subjects[1].grade", None),
        ({"subjects": [{"kuerzel": "D", "grade": None}]}, "subjects[0].grade", None),
        ({"subjects": [{"kuerzel": None, "grade": 2}]}, "subjects[0].kuerzel", None),
        ({"subjects": [{"kuerzel": "Xylo", "grade": 2}, {"kuerzel": " xylo", "grade": 3}]},
         "subjects[1].kuerzel", "Xylo"),
        ({"subjects": [{"kuerzel": "D", "grade": 2, "course": "Q"}]}, "subjects[0].course", None),
        ({"subjects": [{"kuerzel": "D", "grade": 2, "course": "E"}]}, "subjects[0].course", None),
        ({"subjects": [{"kuerzel": "D", "grade": 2, "language_order": 0}]},
         "subjects[0].language_order", None),
        ({"gymnasium_track": "g7"}, "gymnasium_track", "g7"),
        # The sheet's other fields are read before its subjects, as a dict's are.
        ({"gymnasium_track": "g7", "subjects": [{"kuerzel": "D", "grade": None}]},
         "gymnasium_track", "g7"),
        ({"schulform": "gymnasium"}, "gymnasium_track", None),
        ({"prior": "abitur"}, "prior", "abitur"),
        ({"hauptschule_typ": "C"}, "hauptschule_typ", None),
        ({"bildungsgang": "gymnasium"}, "bildungsgang", None),
    ],
)
def test_bad_rows_name_row_and_field(book: bn.RuleBook, changes: dict[str, Any], field: str,
                                     secret: str | None) -> None:
    table = one_sheet(**changes)
    with pytest.raises(bn.RecordError) as e:
        result(book, table)
    assert (e.value.row, e.value.field) == (1, field)
    assert "row 1" in str(e.value) and field in str(e.value)
    rows = result(book, table, on_error="null").to_pylist()
    assert rows[0]["error"] is None and rows[0]["abschluss"] == "MSA_Q"
    assert all(rows[1][c] is None for c in RESULT if c != "error")
    assert field in rows[1]["error"]
    if secret is not None:
        assert secret not in str(e.value) and secret not in rows[1]["error"]


def test_a_null_sheet_or_subject_struct_is_a_bad_row(book: bn.RuleBook) -> None:
    table = pa.table({"sheet": pa.array([full(SHEETS[0]), None], SHEET)})
    with pytest.raises(bn.RecordError) as e:
        result(book, table)
    assert e.value.row == 1 and e.value.field is None
    assert result(book, table, on_error="null").column("error")[1].as_py() == "grade sheet: is null"
    sheet = full(SHEETS[0])
    sheet["subjects"][2] = None
    with pytest.raises(bn.RecordError) as subject:
        result(book, columns_table([SHEETS[0], sheet]))
    assert (subject.value.row, subject.value.field) == (1, "subjects[2]")


@pytest.mark.parametrize(
    ("table", "column", "found"),
    [
        (columns_table(SHEETS).set_column(1, "jahrgang", pa.array(["10"] * 6)), "jahrgang",
         "Utf8"),
        (columns_table(SHEETS).set_column(1, "jahrgang", pa.array([10.0] * 6)), "jahrgang",
         "Float64"),
        (columns_table(SHEETS).set_column(0, "schulform", pa.array([10] * 6)), "schulform",
         "Int64"),
        (columns_table(SHEETS).set_column(6, "subjects", pa.array(["[]"] * 6)), "subjects",
         "Utf8"),
        (columns_table(SHEETS).set_column(
            6, "subjects", pa.array([[1]] * 6, pa.list_(pa.int64()))), "subjects", "List"),
        (pa.table({"schulform": ["realschule"], "jahrgang": [9], "subjects": pa.array(
            [[{"kuerzel": "D", "grade": 1.0}]])}), "subjects.grade", "Float64"),
        (pa.table({"schulform": ["realschule"], "jahrgang": [9], "subjects": pa.array(
            [[{"kuerzel": "D", "grade": 1, "foreign_language": "ja"}]])}),
         "subjects.foreign_language", "Utf8"),
        (pa.table({"sheet": pa.array([{"schulform": "realschule", "jahrgang": "9",
                                       "subjects": [{"kuerzel": "D", "grade": 1}]}])}),
         "sheet.jahrgang", "Utf8"),
        (pa.table({"sheet": [1]}), "sheet", "Int64"),
    ],
)
def test_a_column_of_the_wrong_type(book: bn.RuleBook, table: pa.Table, column: str,
                                    found: str) -> None:
    with pytest.raises(bn.ColumnTypeError) as e:
        result(book, table)
    assert e.value.column == column
    assert f"column {column!r}".replace("'", '"') in str(e.value)
    assert found in str(e.value) and "expected" in str(e.value)


def test_columns_missing_unknown_or_clashing(book: bn.RuleBook) -> None:
    table = columns_table(SHEETS)
    with pytest.raises(bn.MissingColumnError) as missing:
        result(book, table.drop_columns(["jahrgang"]))
    assert missing.value.column == "jahrgang"
    with pytest.raises(bn.MissingColumnError) as neither:
        result(book, pa.table({"x": ["{}"]}))
    assert neither.value.column == "sheet"
    assert "schulform, jahrgang, subjects" in str(neither.value) and '["x"]' in str(neither.value)
    extra = table.append_column("note", pa.array(["x"] * 6))
    with pytest.raises(bn.ColumnError) as unknown:
        result(book, extra)
    assert unknown.value.column == "note" and "include=" in str(unknown.value)
    assert result(book, extra, include=["note"]).column("note").to_pylist() == ["x"] * 6
    with pytest.raises(bn.MissingColumnError):
        result(book, table, include=["pupil"])
    with pytest.raises(bn.ColumnError, match="result column"):
        result(book, table.append_column("best", pa.array([1] * 6)), include=["best"])
    with pytest.raises(bn.ColumnError, match="grade-sheet"):
        result(book, table, include=["jahrgang"])
    odd_subject = pa.table({"schulform": ["realschule"], "jahrgang": [9], "subjects": pa.array(
        [[{"kuerzel": "D", "grade": 1, "note": 2}]])})
    with pytest.raises(bn.ColumnError) as field:
        result(book, odd_subject)
    assert field.value.column == "subjects.note"
    odd_sheet = pa.table({"sheet": pa.array([{**full(SHEETS[0]), "klasse": 10}])})
    with pytest.raises(bn.ColumnError) as sheet_field:
        result(book, odd_sheet)
    assert sheet_field.value.column == "sheet.klasse"
    with pytest.raises(bn.InputError, match="include= and collect="):
        book.sek1_qualifications_batch(SHEETS, as_of=AS_OF, include=["pupil"])


def test_empty_and_all_null_columns(book: bn.RuleBook) -> None:
    empty = result(book, columns_table(SHEETS).slice(0, 0))
    assert empty.num_rows == 0 and empty.schema.equals(expected(book, SHEETS).schema)
    # Optional columns of Arrow's null type (all null) are absent fields.
    table = pa.table({"schulform": ["realschule"], "jahrgang": [10], "prior": pa.nulls(1),
                      "subjects": [full(SHEETS[0])["subjects"]]})
    assert result(book, table).equals(expected(book, SHEETS[:1]))


KUERZEL = ["D", "M", "E", "WP", "BI", "PH", "GE", "F", "L", "AT"]
FAULTS = ["grade_null", "grade_0", "grade_7", "kuerzel_null", "duplicate", "schulform"]


@st.composite
def sheets_with_nulls(draw: st.DrawFn) -> tuple[dict[str, Any], str | None]:
    """A sheet with optional fields null or set, and at most one fault: (sheet, faulty field)."""
    form = draw(st.sampled_from(
        ["realschule", "hauptschule", "gesamtschule", "gymnasium", "sekundarschule"]))
    differentiated = form in ("gesamtschule", "hauptschule")
    subjects: list[dict[str, Any]] = []
    for k in KUERZEL[:draw(st.integers(1, len(KUERZEL)))]:
        foreign = k in ("F", "L") and draw(st.booleans())
        subjects.append({
            "kuerzel": draw(st.sampled_from([k, k.lower()])),
            "grade": draw(st.integers(1, 6)),
            "course": draw(st.sampled_from([None, "E", "G"])) if differentiated
            and k in ("D", "M", "E", "BI") else None,
            "foreign_language": draw(st.sampled_from([None, True, False])) if foreign else None,
            "language_order": None,
        })
    sheet: dict[str, Any] = {
        "schulform": form,
        "jahrgang": draw(st.integers(5, 10)),
        # A Gymnasium sheet without its track is refused before its grades are read.
        "gymnasium_track": draw(st.sampled_from(["g8", "g9"] if form == "gymnasium"
                                                else [None, "g8"])),
        "bildungsgang": draw(st.sampled_from([None, "integriert", "realschule"]))
        if form == "sekundarschule" else None,
        "hauptschule_typ": draw(st.sampled_from([None, "A", "B"])),
        "prior": draw(st.sampled_from([None, "esa", "msa"])),
        "subjects": subjects,
    }
    fault = draw(st.sampled_from([None, None, *FAULTS]))
    i = draw(st.integers(0, len(subjects) - 1))
    field = f"subjects[{i}].grade"
    if fault == "grade_null":
        subjects[i]["grade"] = None
    elif fault in ("grade_0", "grade_7"):
        subjects[i]["grade"] = int(fault[-1])
    elif fault == "kuerzel_null":
        subjects[i]["kuerzel"], field = None, f"subjects[{i}].kuerzel"
    elif fault == "duplicate":
        subjects.append({**subjects[i], "kuerzel": subjects[i]["kuerzel"].swapcase()})
        field = f"subjects[{len(subjects) - 1}].kuerzel"
    elif fault == "schulform":
        sheet["schulform"], field = draw(st.sampled_from([None, "hogwarts"])), "schulform"
    return sheet, field if fault else None


def as_dict(sheet: dict[str, Any]) -> dict[str, Any]:
    """The sheet as a caller passes one dict: a null optional field left out."""
    required = {"schulform", "jahrgang", "subjects", "kuerzel", "grade"}
    return {**{k: v for k, v in sheet.items() if v is not None or k in required},
            "subjects": [{k: v for k, v in s.items() if v is not None or k in required}
                         for s in sheet["subjects"]]}


@settings(max_examples=150)
@given(st.lists(sheets_with_nulls(), min_size=1, max_size=6))
def test_generated_sheets_agree_with_single(cases: list[tuple[dict[str, Any], str | None]]) -> None:
    book = _BOOK
    sheets = [s for s, _ in cases]
    table = columns_table(sheets)
    rows = result(book, table, on_error="null").to_pylist()
    nested = result(book, pa.table({"sheet": pa.array([full(s) for s in sheets], SHEET)}),
                    on_error="null")
    assert nested.equals(result(book, table, on_error="null"))
    # The JSON path answers the same (its error texts may word a null as missing).
    texts = pa.table({"sheet": [json.dumps(as_dict(s)) for s in sheets]})
    from_json = result(book, texts, on_error="null")
    assert from_json.drop_columns(["error"]).equals(nested.drop_columns(["error"]))
    assert [e is None for e in from_json.column("error").to_pylist()] == [
        r["error"] is None for r in rows]
    for (sheet, fault), row in zip(cases, rows):
        try:
            r = book.sek1_qualifications(cast(bn.GradeSheet, as_dict(sheet)), AS_OF)
        except bn.RecordError as e:
            assert row["abschluss"] is None and row["error"] is not None
            # Both name the same field: the fault put in, else the one the rules refuse.
            assert row["error"].startswith(f"grade sheet field {e.field}:") or (
                e.field is None and row["error"].startswith("grade sheet:"))
            if fault is not None:
                assert e.field == fault
            continue
        assert fault is None
        assert row["error"] is None
        assert (row["abschluss"], row["best"], row["nachpruefung"]) == (
            r.abschluss, r.best, r.nachpruefung)
        for q in r.results:
            assert (row[q.qualification], row["np_" + q.qualification]) == (
                q.status, q.nachpruefung)


_BOOK = bn.RuleBook()
