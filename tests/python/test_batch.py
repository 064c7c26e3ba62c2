"""Batch school entry over Arrow data: pyarrow, polars, pandas; bad inputs; Python vs Rust."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bildungsnetz as bn

BIRTHS = [dt.date(2019, 9, 30), dt.date(2019, 10, 1), dt.date(2020, 2, 29), dt.date(2013, 5, 5)]


def _rows(result: bn.SchoolEntryResult) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pa.table(result).to_pylist()
    return rows


def test_pyarrow_table(book: bn.RuleBook) -> None:
    table = pa.table({"id": ["a", "b", "c", "d"], "birth_date": BIRTHS})
    result = book.school_entry_batch(table, school_year="2025/26", land="NW", include=["id"])
    assert len(result) == result.num_rows == 4
    assert result.column_names == ["id", "outcome", "effective_date", "eligible_from", "rule_id",
                                   "citation"]
    assert result.school_year == "2025/26"
    rows = _rows(result)
    assert [r["id"] for r in rows] == ["a", "b", "c", "d"]
    assert [r["outcome"] for r in rows] == ["eligible", "not_eligible", "not_eligible", "eligible"]
    assert rows[0]["effective_date"] == dt.date(2025, 8, 1)
    assert rows[0]["eligible_from"] is None
    assert rows[1]["effective_date"] is None
    assert rows[1]["eligible_from"] == dt.date(2026, 8, 1)
    assert {r["rule_id"] for r in rows} == {"nrw.einschulung.stichtag"}
    assert result.outcome_counts() == {"not_eligible": 2, "eligible": 2, "discretionary": 0,
                                       "undetermined": 0, "error": 0}
    schema = pa.table(result).schema
    assert pa.types.is_dictionary(schema.field("outcome").type)
    assert schema.field("effective_date").type == pa.date32()
    assert schema.field("eligible_from").type == pa.date32()


def test_same_answer_from_every_library(book: bn.RuleBook) -> None:
    expected = _rows(book.school_entry_batch(pa.table({"birth_date": BIRTHS}),
                                             school_year=2025, land="NW"))
    batch = pa.record_batch({"birth_date": BIRTHS})
    chunked = pa.Table.from_batches([batch.slice(0, 2), batch.slice(2)])
    inputs: list[object] = [
        batch,
        chunked,
        pa.array(BIRTHS),
        pl.DataFrame({"birth_date": BIRTHS}),
        pl.Series("birth_date", BIRTHS),
        pd.DataFrame({"birth_date": pd.to_datetime(BIRTHS)}),
        pa.table({"birth_date": pa.array(BIRTHS, pa.date64())}),
        pa.table({"birth_date": pa.array(BIRTHS).cast(pa.timestamp("us"))}),
    ]
    for data in inputs:
        got = _rows(book.school_entry_batch(data, school_year=2025, land="NW"))
        assert got == expected, type(data)
    assert book.school_entry_batch(chunked, school_year=2025, land="NW").num_rows == 4


def test_outputs_convert(book: bn.RuleBook) -> None:
    result = book.school_entry_batch(pa.table({"birth_date": BIRTHS}), school_year=2025, land="NW")
    df = result.to_polars()
    assert isinstance(df, pl.DataFrame) and df["outcome"].to_list()[0] == "eligible"
    pdf = result.to_pandas()
    assert isinstance(pdf, pd.DataFrame) and str(pdf["outcome"].dtype) == "category"
    assert pa.table(result).equals(result.to_pyarrow())
    reader = pa.RecordBatchReader.from_stream(result)
    assert reader.read_all().num_rows == 4


def test_land_column(book: bn.RuleBook) -> None:
    born = dt.date(2020, 9, 15)  # NRW cut-off 30.09, RLP 31.08
    table = pl.DataFrame({"birth_date": [born, born], "land": ["NW", "RP"]})
    rows = _rows(book.school_entry_batch(table, school_year="2026/27", land_column="land"))
    assert [r["outcome"] for r in rows] == ["eligible", "not_eligible"]
    assert [r["rule_id"] for r in rows] == ["nrw.einschulung.stichtag", "rlp.einschulung.stichtag"]
    cat = pa.table({"birth_date": [born], "land": pa.array(["RP"]).dictionary_encode()})
    assert _rows(book.school_entry_batch(cat, school_year=2026, land_column="land"))[0][
        "outcome"] == "not_eligible"


def test_question_one_only(book: bn.RuleBook) -> None:
    table = pa.table({"birth_date": BIRTHS})
    full = book.school_entry_batch(table, school_year=2025, land="NW")
    fast = book.school_entry_batch(table, school_year=2025, land="NW", effective_date=False)
    assert "effective_date" not in fast.column_names
    assert pa.table(fast)["outcome"].to_pylist() == pa.table(full)["outcome"].to_pylist()


def test_missing_column(book: bn.RuleBook) -> None:
    with pytest.raises(bn.MissingColumnError) as info:
        book.school_entry_batch(pa.table({"born": BIRTHS}), school_year=2025, land="NW")
    assert info.value.column == "birth_date" and "born" in str(info.value)
    assert isinstance(info.value, LookupError)
    with pytest.raises(bn.MissingColumnError):
        book.school_entry_batch(pa.table({"birth_date": BIRTHS}), school_year=2025,
                                land_column="land")
    with pytest.raises(bn.MissingColumnError):
        book.school_entry_batch(pa.table({"birth_date": BIRTHS}), school_year=2025, land="NW",
                                include=["id"])
    ok = book.school_entry_batch(pa.table({"born": BIRTHS}), school_year=2025, land="NW",
                                 birth_date="born")
    assert ok.num_rows == 4


def test_wrong_column_types(book: bn.RuleBook) -> None:
    with pytest.raises(bn.ColumnTypeError) as info:
        book.school_entry_batch(pa.table({"birth_date": ["2019-09-30"]}), school_year=2025,
                                land="NW")
    assert info.value.column == "birth_date" and isinstance(info.value, TypeError)
    assert "2019-09-30" not in str(info.value)
    with pytest.raises(bn.ColumnTypeError):
        book.school_entry_batch(pa.table({"birth_date": [20190930]}), school_year=2025, land="NW")
    with pytest.raises(bn.ColumnTypeError) as land:
        book.school_entry_batch(pa.table({"birth_date": BIRTHS, "land": [1, 2, 3, 4]}),
                                school_year=2025, land_column="land")
    assert land.value.column == "land"


def test_nulls_name_column_and_row(book: bn.RuleBook) -> None:
    table = pa.table({"birth_date": [dt.date(2019, 1, 1), None, dt.date(2019, 2, 2)]})
    with pytest.raises(bn.NullValueError) as info:
        book.school_entry_batch(table, school_year=2025, land="NW")
    assert info.value.column == "birth_date" and info.value.row == 1
    # The row index counts across chunks.
    chunked = pa.Table.from_batches([pa.record_batch({"birth_date": [dt.date(2019, 1, 1)] * 3}),
                                     table.to_batches()[0]])
    with pytest.raises(bn.NullValueError) as info2:
        book.school_entry_batch(chunked, school_year=2025, land="NW")
    assert info2.value.row == 4
    rows = _rows(book.school_entry_batch(table, school_year=2025, land="NW",
                                         on_null="undetermined"))
    assert rows[1] == {"outcome": "undetermined", "effective_date": None, "eligible_from": None,
                       "rule_id": None, "citation": None}
    lands = pa.table({"birth_date": BIRTHS[:2], "land": ["NW", None]})
    with pytest.raises(bn.NullValueError) as info3:
        book.school_entry_batch(lands, school_year=2025, land_column="land")
    assert (info3.value.column, info3.value.row) == ("land", 1)
    bad_land = pa.table({"birth_date": BIRTHS[:2], "land": ["NW", "XX"]})
    with pytest.raises(bn.ColumnError) as info4:
        book.school_entry_batch(bad_land, school_year=2025, land_column="land")
    assert (info4.value.column, info4.value.row) == ("land", 1) and "XX" not in str(info4.value)
    # A Land without a school-entry pack: no answer for its rows, the others are decided.
    other = pa.table({"birth_date": BIRTHS[:2], "land": ["NW", "BY"]})
    rows = _rows(book.school_entry_batch(other, school_year=2025, land_column="land"))
    assert [r["outcome"] for r in rows] == ["eligible", "error"]


def test_bad_arguments(book: bn.RuleBook) -> None:
    table = pa.table({"birth_date": BIRTHS})
    with pytest.raises(TypeError, match="Arrow"):
        book.school_entry_batch([dt.date(2019, 1, 1)], school_year=2025, land="NW")
    with pytest.raises(bn.InputError):
        book.school_entry_batch(table, school_year=2025)
    with pytest.raises(bn.InputError):
        book.school_entry_batch(table, school_year=2025, land="NW", land_column="x")
    with pytest.raises(bn.InputError):
        book.school_entry_batch(table, school_year=2025, land="XX")
    with pytest.raises(bn.RuleError) as info:
        book.school_entry_batch(table, school_year=2025, land="BY")
    assert info.value.code == "not_covered"
    with pytest.raises(bn.InputError):
        book.school_entry_batch(table, school_year="25/26", land="NW")
    with pytest.raises(bn.InputError):
        book.school_entry_batch(table, school_year=2025, land="NW",
                                on_null="skip")  # type: ignore[arg-type]


def test_empty_and_out_of_range(book: bn.RuleBook) -> None:
    empty = book.school_entry_batch(pa.table({"birth_date": pa.array([], pa.date32())}),
                                    school_year=2025, land="NW")
    assert empty.num_rows == 0
    rows = _rows(book.school_entry_batch(pa.table({"birth_date": [dt.date(1700, 1, 1)]}),
                                         school_year=2025, land="NW"))
    assert rows[0]["outcome"] == "error" and rows[0]["rule_id"] is None


dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@given(births=st.lists(dates, min_size=1, max_size=40),
       year=st.integers(min_value=2000, max_value=2035),
       land=st.sampled_from(["NW", "RP"]))
def test_batch_agrees_with_explained_decisions(book: bn.RuleBook, births: list[dt.date],
                                               year: int, land: str) -> None:
    """The lean Arrow path and the explained per-learner path (a different Rust code path,
    reached through the Python API) give the same outcome, date and rule for generated children."""
    result = _rows(book.school_entry_batch(pa.table({"birth_date": births}), school_year=year,
                                           land=land))
    for born, row in zip(births, result):
        try:
            d = book.school_entry(cast(bn.LearnerFacts, {"birth_date": born, "land": land}), year)
        except bn.RuleError:
            assert row["outcome"] == "error"
            continue
        assert row["outcome"] == d.outcome, (born, year, land)
        assert row["effective_date"] == d.effective_date
        assert row["eligible_from"] == d.eligible_from
        stichtag = [c.rule_id for c in d.checks if c.rule_id.endswith("einschulung.stichtag")]
        assert row["rule_id"] in stichtag


@given(births=st.lists(st.one_of(st.none(), dates), min_size=1, max_size=30))
def test_batch_chunking_does_not_matter(book: bn.RuleBook, births: list[dt.date | None]) -> None:
    table = pa.table({"birth_date": pa.array(births, pa.date32())})
    whole = _rows(book.school_entry_batch(table, school_year=2026, land="NW",
                                          on_null="undetermined"))
    batches = [table.slice(i, 7) for i in range(0, len(births), 7)]
    parts = [r for t in batches for r in _rows(book.school_entry_batch(
        t, school_year=2026, land="NW", on_null="undetermined"))]
    assert parts == whole
    assert [r["outcome"] == "undetermined" for r in whole] == [b is None for b in births]


@given(first=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
       width=st.integers(min_value=1, max_value=200),
       outliers=st.lists(st.one_of(st.none(), st.dates(min_value=dt.date(1800, 1, 1),
                                                         max_value=dt.date(2200, 12, 31))),
                         max_size=5),
       lands=st.lists(st.sampled_from(["NW", "RP", "BY", None]), min_size=1, max_size=7),
       # From 2004: the first question alone needs the cut-off of the year asked (RLP's is
       # encoded from 2004/05).
       year=st.integers(min_value=2004, max_value=2035),
       effective_date=st.booleans())
def test_dense_batch_agrees_with_explained_decisions(
        book: bn.RuleBook, first: dt.date, width: int, outliers: list[dt.date | None],
        lands: list[str | None], year: int, effective_date: bool) -> None:
    """A batch dense in birth days (each day decided once, rows filled by lookup) with rows
    outside that window, unknown birth dates, a Land without a pack and a missing Land gives,
    row by row, the explained per-learner answer."""
    births: list[dt.date | None] = [first + dt.timedelta(days=k) for k in range(width)]
    births += outliers
    land_of = [lands[i % len(lands)] for i in range(len(births))]
    table = pa.table({"birth_date": pa.array(births, pa.date32()),
                      "land": pa.array(land_of, pa.string())})
    rows = _rows(book.school_entry_batch(table, school_year=year, land_column="land",
                                         on_null="undetermined",
                                         effective_date=effective_date))
    for born, land, row in zip(births, land_of, rows):
        if land == "BY":  # no school-entry pack: no answer, whatever the birth date
            assert row["outcome"] == "error" and row["rule_id"] is None
            continue
        if born is None or land is None:
            assert row["outcome"] == "undetermined" and row["rule_id"] is None
            continue
        try:
            d = book.school_entry(cast(bn.LearnerFacts, {"birth_date": born, "land": land}),
                                  year)
        except bn.BildungsnetzError:
            assert row["outcome"] == "error" and row["rule_id"] is None, (born, land)
            continue
        assert row["outcome"] == d.outcome, (born, land, year)
        if effective_date:
            assert (row["effective_date"], row["eligible_from"]) == (d.effective_date,
                                                                     d.eligible_from)
        stichtag = [c.rule_id for c in d.checks if c.rule_id.endswith("einschulung.stichtag")]
        assert row["rule_id"] in stichtag


# School years whose 1 August lies before the encoded cut-offs (NRW from 1967/68, RLP from
# 2004/05), inside their history (NRW's changes 2009-2011) and after the last change.
school_years = st.one_of(st.integers(min_value=1940, max_value=2004),
                         st.integers(min_value=2005, max_value=2012),
                         st.integers(min_value=2013, max_value=2060))


@given(births=st.lists(st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1),
                                                    max_value=dt.date(2030, 12, 31))),
                       min_size=1, max_size=40),
       lands=st.lists(st.sampled_from(["NW", "RP", None]), min_size=1, max_size=5),
       by_column=st.booleans(), year=school_years, effective_date=st.booleans())
def test_rows_equal_evaluate_in_both_modes(book: bn.RuleBook, births: list[dt.date | None],
                                           lands: list[str | None], by_column: bool, year: int,
                                           effective_date: bool) -> None:
    """Every row, in both modes, is what ``evaluate`` says for that child on 1 August of the
    school year: outcome, dates, rule and citation, an error row where it raises; null birth
    dates and Länder are undetermined where ``evaluate`` without them answers."""
    if by_column:
        land_of = [lands[i % len(lands)] for i in range(len(births))]
        table = pa.table({"birth_date": pa.array(births, pa.date32()),
                          "land": pa.array(land_of, pa.string())})
        result = book.school_entry_batch(table, school_year=year, land_column="land",
                                         on_null="undetermined", effective_date=effective_date)
    else:
        land_of = [lands[0] or "NW"] * len(births)
        table = pa.table({"birth_date": pa.array(births, pa.date32())})
        result = book.school_entry_batch(table, school_year=year, land=land_of[0],
                                         on_null="undetermined", effective_date=effective_date)
    rows = _rows(result)
    assert ("effective_date" in result.column_names) == effective_date
    for born, land, row in zip(births, land_of, rows):
        facts: dict[str, Any] = {"birth_date": born, "land": land}
        try:
            d = book.evaluate("school_entry", cast(bn.LearnerFacts, {
                k: v for k, v in facts.items() if v is not None}), dt.date(year, 8, 1))
        except bn.RuleError:
            assert (row["outcome"], row["rule_id"], row["citation"]) == ("error", None, None), \
                (born, land, year)
            if effective_date:
                assert (row["effective_date"], row["eligible_from"]) == (None, None)
            continue
        assert row["outcome"] == d.outcome, (born, land, year, effective_date)
        if effective_date:
            assert (row["effective_date"], row["eligible_from"]) == (d.effective_date,
                                                                     d.eligible_from)
        if d.outcome == "undetermined":  # a null fact: no rule decided the row
            assert (row["rule_id"], row["citation"]) == (None, None)
            continue
        # The first check is the cut-off version that fixed the regular start.
        assert (row["rule_id"], row["citation"]) == (d.checks[0].rule_id, d.checks[0].citation), \
            (born, land, year, effective_date)
