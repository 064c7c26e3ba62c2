"""Typed Arrow columns (integers, booleans, dictionaries, timestamps) are read as their text
would be: the same table with every fact column cast to string and read one row per batch (no
value keyed or parsed once for many rows) gives the same result table — the same facts, the
same error rows with the same messages — also for bad values (negative or too large numbers,
unknown codes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

import bildungsnetz as bn

AS_OF = dt.date(2025, 8, 1)
TRANSITIONS = ["school_entry", "end_of_full_time_schooling", "oberstufe_entry", "berufskolleg_b"]

# Few values each, so that a batch of many rows repeats them (keyed columns, templates); bad
# ones among them. 2**32 is past the range of the number facts, 70000 past in_class1's.
LANDS = ["NW", "RP", "BY", " nrw ", "XX", ""]
FORMS = ["gymnasium", "realschule", "20", "nonsense"]
QUALIFICATIONS = ["HA10", "MSA;FHR_S", " ABITUR ", "Diplom"]
YEARS = [0, 5, 10, 13, -1, 2**32]
SCHOOL_YEARS = [2024, 70000, -3]
PROMOTED = [0, 1, 2]
BIRTHS = [dt.date(2019, 9, 30), dt.date(2009, 5, 1), dt.date(2005, 1, 31), dt.date(1969, 12, 31)]


def _maybe(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), st.sampled_from(values))


ROW = st.fixed_dictionaries({
    "birth_date": _maybe(BIRTHS),
    "land": _maybe(LANDS),
    "schulform": _maybe(FORMS),
    "qualifications": _maybe(QUALIFICATIONS),
    "school_years_attended": _maybe(YEARS),
    "in_class1_school_year": _maybe(SCHOOL_YEARS),
    "deferral_application": _maybe([True, False]),
    "promoted": _maybe(PROMOTED),
})
TABLES = st.lists(ROW, min_size=0, max_size=260)


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {k: [r[k] for r in rows] for k in ROW_KEYS}


ROW_KEYS = ["birth_date", "land", "schulform", "qualifications", "school_years_attended",
            "in_class1_school_year", "deferral_application", "promoted"]


def _typed(rows: list[dict[str, Any]]) -> pa.Table:
    c = _columns(rows)
    return pa.table({
        "birth_date": pa.array(c["birth_date"], pa.date32()),
        "land": pa.array(c["land"], pa.string()).dictionary_encode(),
        "schulform": pa.array(c["schulform"], pa.large_string()),
        "qualifications": pa.array(c["qualifications"], pa.string()),
        "school_years_attended": pa.array(c["school_years_attended"], pa.int64()),
        "in_class1_school_year": pa.array(c["in_class1_school_year"], pa.int32()),
        "deferral_application": pa.array(c["deferral_application"], pa.bool_()),
        "promoted": pa.array(c["promoted"], pa.int8()),
    })


def _as_text_one_row_per_batch(table: pa.Table) -> pa.Table:
    """Every fact column cast to string (dates stay dates), each row its own batch."""
    text = pa.table({
        name: col if pa.types.is_date(col.type) else col.cast(pa.string())
        for name, col in zip(table.column_names, table.columns)
    })
    batches = [b.slice(i, 1) for b in text.to_batches() for i in range(b.num_rows)]
    return pa.Table.from_batches(batches, schema=text.schema)


def _result(book: bn.RuleBook, transition: str, data: Any) -> list[dict[str, Any]]:
    result = book.evaluate_batch(transition, data, AS_OF)
    assert isinstance(result, bn.BatchResult)
    rows: list[dict[str, Any]] = pa.table(result).to_pylist()
    return rows


@given(TABLES, st.sampled_from(TRANSITIONS))
def test_typed_columns_read_as_their_text(book: bn.RuleBook, rows: list[dict[str, Any]],
                                          transition: str) -> None:
    typed = _typed(rows)
    expected = _result(book, transition, _as_text_one_row_per_batch(typed))
    assert _result(book, transition, typed) == expected
    # The reading errors name the column, never a value.
    for r in expected:
        if r["error"] is not None and r["error"].startswith("column "):
            assert not any(f"{v}" in r["error"].split(":")[0] for v in ("Diplom", "XX", "nonsense"))


@settings(max_examples=40)
@given(st.lists(ROW, min_size=1, max_size=5), st.sampled_from(TRANSITIONS))
def test_repeating_rows_parsed_once_per_combination(book: bn.RuleBook,
                                                    base: list[dict[str, Any]],
                                                    transition: str) -> None:
    """Many rows of a few kinds: most columns are parsed once per combination of values."""
    rows = [base[(i * 7) % len(base)] for i in range(3000)]
    typed = _typed(rows)
    assert (_result(book, transition, typed)
            == _result(book, transition, _as_text_one_row_per_batch(typed)))


@given(TABLES)
def test_pandas_nullable_categorical_and_nan_columns(book: bn.RuleBook,
                                                     rows: list[dict[str, Any]]) -> None:
    c = _columns(rows)
    expected = _result(book, "school_entry", _as_text_one_row_per_batch(_typed(rows)))
    births = pd.to_datetime(pd.Series(c["birth_date"], dtype="object"))
    nullable = pd.DataFrame({
        "birth_date": births,
        "land": pd.Series(c["land"], dtype="category"),
        "schulform": pd.Series(c["schulform"], dtype="string"),
        "qualifications": pd.Series(c["qualifications"], dtype="category"),
        "school_years_attended": pd.Series(c["school_years_attended"], dtype="Int64"),
        "in_class1_school_year": pd.Series(c["in_class1_school_year"], dtype="Int32"),
        "deferral_application": pd.Series(c["deferral_application"], dtype="boolean"),
        "promoted": pd.Series(c["promoted"], dtype="Int8"),
    })
    assert _result(book, "school_entry", nullable) == expected
    # numpy dtypes: numbers with a missing value are floats with NaN, booleans objects.
    numpy = nullable.astype({"school_years_attended": "float64", "promoted": "float64",
                             "in_class1_school_year": "float64", "land": "object"})
    assert _result(book, "school_entry", numpy) == expected


@given(TABLES)
def test_polars_and_other_integer_widths(book: bn.RuleBook, rows: list[dict[str, Any]]) -> None:
    c = _columns(rows)
    expected = _result(book, "end_of_full_time_schooling",
                       _as_text_one_row_per_batch(_typed(rows)))
    frame = pl.DataFrame({
        "birth_date": pl.Series(c["birth_date"], dtype=pl.Date),
        "land": pl.Series(c["land"], dtype=pl.Categorical),
        "schulform": pl.Series(c["schulform"], dtype=pl.String),
        "qualifications": pl.Series(c["qualifications"], dtype=pl.String),
        "school_years_attended": pl.Series(c["school_years_attended"], dtype=pl.Int64),
        "in_class1_school_year": pl.Series(c["in_class1_school_year"], dtype=pl.Int32),
        "deferral_application": pl.Series(c["deferral_application"], dtype=pl.Boolean),
        "promoted": pl.Series(c["promoted"], dtype=pl.Int16),
    })
    assert _result(book, "end_of_full_time_schooling", frame) == expected
    # Unsigned columns (2**32 fits uint64 only; negatives are left out).
    unsigned = _typed(rows).set_column(
        4, "school_years_attended",
        pa.array([v if v is None or v >= 0 else None for v in c["school_years_attended"]],
                 pa.uint64()))
    same = _as_text_one_row_per_batch(unsigned)
    assert (_result(book, "end_of_full_time_schooling", unsigned)
            == _result(book, "end_of_full_time_schooling", same))


@given(st.lists(st.one_of(st.none(), st.integers(-80 * 365 * 86400, 60 * 365 * 86400)),
                max_size=120),
       st.sampled_from(["ns", "us", "ms", "s"]))
def test_timestamps_have_the_date_of_their_day(book: bn.RuleBook, seconds: list[int | None],
                                               unit: str) -> None:
    """A naive timestamp (times of day, before 1970 too) is read as the date it falls on."""
    per_second = {"ns": 10**9, "us": 10**6, "ms": 10**3, "s": 1}[unit]
    stamps = pa.array([None if s is None else s * per_second + per_second // 3 for s in seconds],
                      pa.timestamp(unit))
    dates = pa.array([None if s is None else dt.date(1970, 1, 1) + dt.timedelta(seconds=s)
                      for s in seconds], pa.date32())
    lands = ["NW"] * len(seconds)
    assert (_result(book, "school_entry", pa.table({"birth_date": stamps, "land": lands}))
            == _result(book, "school_entry", pa.table({"birth_date": dates, "land": lands})))


def test_a_repeated_bad_value_is_an_error_on_each_of_its_rows(book: bn.RuleBook) -> None:
    n = 200
    table = pa.table({
        "land": pa.array(["XX" if i % 50 == 7 else "NW" for i in range(n)]).dictionary_encode(),
        "school_years_attended": pa.array([-1 if i % 40 == 3 else 10 for i in range(n)],
                                          pa.int64()),
    })
    rows = _result(book, "end_of_full_time_schooling", table)
    errors = {r["row"]: r["error"] for r in rows if r["outcome"] == "error"}
    # Column order decides which error a row with both reports: land comes first.
    assert errors[7].replace("row 7", "row 57") == errors[57]
    assert errors[3].startswith('column "school_years_attended" at row 3: expected')
    assert errors[7].startswith('column "land" at row 7: expected')
    assert errors[43].startswith('column "school_years_attended" at row 43')
    assert len(errors) == len({i for i in range(n) if i % 50 == 7 or i % 40 == 3})
