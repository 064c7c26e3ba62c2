"""RuleBook.next_steps_batch and reachable_goals_batch over tables: pyarrow, pandas (NaN, NaT,
nullable dtypes, a non-default index), polars, CSV and JSON Lines — the long table equals
`next_steps` / `reachable_goals` called for each learner alone."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bildungsnetz as bn

AS_OF = dt.date(2025, 7, 1)
# One learner per row; None is a missing fact.
COLUMNS: dict[str, list[Any]] = {
    "pupil": ["p1", "p2", "p3", "p4", "p5", "p6", "p7"],
    "birth_date": [dt.date(2008, 3, 1), None, dt.date(2007, 9, 30), dt.date(2009, 1, 5),
                   dt.date(2006, 6, 6), None, dt.date(2008, 1, 1)],
    "land": ["NW", "NW", "RP", None, "NW", "BY", "NW"],
    "qualifications": [["MSA_Q"], ["HA10"], ["MSA"], None, ["FHR_S"], ["ABITUR"], None],
    "vocational_training_completed": [None, True, None, None, None, None, False],
    "school_years_attended": [10, 10, None, 9, 12, 13, None],
}
STEP_COLUMNS = ["row", "transition", "to", "outcome", "rule_id", "effective_date",
                "eligible_from", "missing_facts", "error"]


def _facts(columns: dict[str, list[Any]], i: int) -> dict[str, Any]:
    return {k: v[i] for k, v in columns.items() if k != "pupil" and v[i] is not None}


def _learners(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    return [_facts(columns, i) for i in range(len(columns["pupil"]))]


def _steps_one_by_one(book: bn.RuleBook, learners: list[dict[str, Any]],
                      ids: list[Any]) -> list[dict[str, Any]]:
    """What `next_steps` says for each learner alone, as rows of the long table."""
    out: list[dict[str, Any]] = []
    for i, facts in enumerate(learners):
        try:
            steps = book.next_steps(cast(bn.LearnerFacts, facts), AS_OF)
        except bn.BildungsnetzError:
            out.append({"pupil": ids[i], "row": i, "transition": None, "outcome": "error"})
            continue
        if not steps:
            out.append({"pupil": ids[i], "row": i, "transition": None, "to": None,
                        "outcome": None, "rule_id": None, "effective_date": None,
                        "eligible_from": None, "missing_facts": None, "error": None})
        for s in steps:
            d = s.decision
            out.append({
                "pupil": ids[i], "row": i, "transition": s.transition, "to": ";".join(s.to),
                "outcome": d.outcome, "rule_id": ";".join(d.rule_ids) or None,
                "effective_date": d.effective_date, "eligible_from": d.eligible_from,
                "missing_facts": ";".join(d.missing_facts) or None, "error": None,
            })
    return out


def _goals_one_by_one(book: bn.RuleBook, learners: list[dict[str, Any]],
                      ids: list[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, facts in enumerate(learners):
        goals = book.reachable_goals(cast(bn.LearnerFacts, facts), AS_OF)
        out.extend({"pupil": ids[i], "row": i, "goal": g, "error": None} for g in goals)
        if not goals:
            out.append({"pupil": ids[i], "row": i, "goal": None, "error": None})
    return out


def _rows(result: bn.BatchResult) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pa.table(result).to_pylist()
    for r in rows:
        if r.get("outcome") == "error":
            assert isinstance(r["error"], str) and r["error"]
            for key in list(r):
                if key not in ("pupil", "row", "transition", "outcome"):
                    del r[key]
    return rows


def _frames() -> dict[str, Any]:
    table = pa.table(COLUMNS)
    return {"pyarrow": table, "polars": pl.from_arrow(table)}


@pytest.mark.parametrize("kind", ["pyarrow", "polars"])
def test_next_steps_batch_equals_one_by_one(kind: str) -> None:
    book = bn.RuleBook()
    result = book.next_steps_batch(_frames()[kind], AS_OF, id_columns=["pupil"])
    assert result.operation == "next_steps" and result.transition is None
    assert result.column_names == ["pupil", *STEP_COLUMNS]
    expected = _steps_one_by_one(book, _learners(COLUMNS), COLUMNS["pupil"])
    assert _rows(result) == expected
    # A learner without a Land: every step undetermined, naming the Land.
    p4 = [r for r in expected if r["pupil"] == "p4"]
    assert p4 and all(r["outcome"] == "undetermined" and "land" in r["missing_facts"]
                      for r in p4)
    # A Land without rule packs: one row, no step, no outcome.
    assert [r["transition"] for r in expected if r["pupil"] == "p6"] == [None]


@pytest.mark.parametrize("kind", ["pyarrow", "polars"])
def test_reachable_goals_batch_equals_one_by_one(kind: str) -> None:
    book = bn.RuleBook()
    result = book.reachable_goals_batch(_frames()[kind], AS_OF, id_columns=["pupil"])
    assert result.operation == "reachable_goals"
    assert result.column_names == ["pupil", "row", "goal", "error"]
    expected = _goals_one_by_one(book, _learners(COLUMNS), COLUMNS["pupil"])
    assert _rows(result) == expected
    assert any(r["goal"] == "ABITUR" for r in expected if r["pupil"] == "p1")


def test_options_reach_the_search() -> None:
    book = bn.RuleBook()
    table = pa.table(COLUMNS)
    short = book.reachable_goals_batch(table.drop_columns(["pupil"]), AS_OF, max_steps=1,
                                       allow_discretionary=False)
    got = pa.table(short).to_pylist()
    learners = _learners(COLUMNS)
    for i, facts in enumerate(learners):
        goals = book.reachable_goals(cast(bn.LearnerFacts, facts), AS_OF, max_steps=1, allow_discretionary=False)
        expected: list[str | None] = list(goals) or [None]
        assert [r["goal"] for r in got if r["row"] == i] == expected


def _pandas_frame() -> pd.DataFrame:
    """The learners as pandas holds them: NaT for a missing date, NaN in a float column,
    nullable boolean and Int64, pandas strings, the pupil as a non-default index."""
    births = pd.Series(pd.to_datetime(COLUMNS["birth_date"]), dtype="datetime64[ns]")
    years = pd.Series([np.nan if v is None else float(v)
                       for v in COLUMNS["school_years_attended"]], dtype="float64")
    frame = pd.DataFrame(
        {
            "birth_date": births,
            "land": pd.Series(COLUMNS["land"], dtype="string"),
            "qualifications": pd.Series([None if q is None else ";".join(q)
                                         for q in COLUMNS["qualifications"]], dtype="string"),
            "vocational_training_completed": pd.Series(
                COLUMNS["vocational_training_completed"], dtype="boolean"),
            "school_years_attended": years,
        }
    )
    frame.index = pd.Index(COLUMNS["pupil"], name="pupil")
    return frame


def test_pandas_with_nan_nat_nullable_dtypes_and_an_index() -> None:
    book = bn.RuleBook()
    df = _pandas_frame()
    assert df["birth_date"].isna().any() and df["school_years_attended"].isna().any()
    learners = _learners(COLUMNS)
    steps = book.next_steps_batch(df, AS_OF, id_columns=["pupil"])
    assert _rows(steps) == _steps_one_by_one(book, learners, COLUMNS["pupil"])
    goals = book.reachable_goals_batch(df, AS_OF, id_columns=["pupil"])
    assert _rows(goals) == _goals_one_by_one(book, learners, COLUMNS["pupil"])
    # Nullable Int64 reads as the float column does.
    df2 = df.assign(school_years_attended=df["school_years_attended"].astype("Int64"))
    assert _rows(book.next_steps_batch(df2, AS_OF, id_columns=["pupil"])) == _rows(steps)
    # Back to pandas: the id column repeats per step, outcome is categorical.
    frame = steps.to_pandas()
    assert list(frame.columns) == ["pupil", *STEP_COLUMNS]
    assert (frame.groupby("pupil", sort=False)["row"].first().tolist()
            == list(range(len(COLUMNS["pupil"]))))


def test_a_bad_row_gets_its_error_and_the_others_are_decided() -> None:
    book = bn.RuleBook()
    columns = dict(COLUMNS)
    columns["land"] = ["NW", "XX", "RP", None, "NW", "BY", "NW"]
    table = pa.table(columns)
    rows = pa.table(book.next_steps_batch(table, AS_OF, id_columns=["pupil"])).to_pylist()
    bad = [r for r in rows if r["pupil"] == "p2"]
    assert len(bad) == 1 and bad[0]["outcome"] == "error" and bad[0]["transition"] is None
    assert "land" in bad[0]["error"] and "XX" not in bad[0]["error"]
    good = [r for r in rows if r["pupil"] != "p2"]
    learners = _learners(columns)
    expected = [r for r in _steps_one_by_one(book, learners, columns["pupil"])
                if r["pupil"] != "p2"]
    assert [(r["row"], r["transition"], r["outcome"]) for r in good] == \
        [(r["row"], r["transition"], r["outcome"]) for r in expected]
    goals = pa.table(book.reachable_goals_batch(table, AS_OF, id_columns=["pupil"])).to_pylist()
    bad_goal = [r for r in goals if r["row"] == 1]
    assert len(bad_goal) == 1 and bad_goal[0]["goal"] is None and bad_goal[0]["error"]


def test_files_csv_and_json_lines(tmp_path: Path) -> None:
    book = bn.RuleBook()
    learners = _learners(COLUMNS)
    csv = tmp_path / "leavers.csv"
    lines = ["pupil,birth_date,land,qualifications,vocational_training_completed,"
             "school_years_attended"]
    for i, pupil in enumerate(COLUMNS["pupil"]):
        cells = [pupil]
        for key in ("birth_date", "land", "qualifications", "vocational_training_completed",
                    "school_years_attended"):
            v = COLUMNS[key][i]
            cells.append("" if v is None else ";".join(v) if isinstance(v, list)
                         else str(v).lower() if isinstance(v, bool) else str(v))
        lines.append(",".join(cells))
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = _steps_one_by_one(book, learners, COLUMNS["pupil"])
    assert _rows(book.next_steps_batch(csv, AS_OF, id_columns=["pupil"])) == expected
    jsonl = tmp_path / "leavers.jsonl"
    jsonl.write_text("\n".join(
        json.dumps({"pupil": p, **{k: (v.isoformat() if isinstance(v, dt.date) else v)
                                    for k, v in _facts(COLUMNS, i).items()}})
        for i, p in enumerate(COLUMNS["pupil"])) + "\n", encoding="utf-8")
    goals = book.reachable_goals_batch(path=jsonl, as_of=AS_OF, id_columns=["pupil"])
    assert _rows(goals) == _goals_one_by_one(book, learners, COLUMNS["pupil"])


def test_inputs_are_checked_before_any_row() -> None:
    book = bn.RuleBook()
    table = pa.table(COLUMNS)
    lazy_frame = pl.DataFrame(COLUMNS).lazy()
    with pytest.raises(bn.ColumnError, match="goal"):
        book.reachable_goals_batch(table.append_column("goal", pa.array(["x"] * 7)), AS_OF,
                                   id_columns=["goal"])
    with pytest.raises(TypeError, match="as_of"):
        book.next_steps_batch(table)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="lazy"):
        book.next_steps_batch(lazy_frame, AS_OF, id_columns=["pupil"])
    lazy = book.next_steps_batch(lazy_frame, AS_OF, id_columns=["pupil"], collect=True)
    assert lazy.num_rows == book.next_steps_batch(table, AS_OF, id_columns=["pupil"]).num_rows


QUALS = ["HA9", "HA10", "MSA", "MSA_Q", "FHR_S", "ABITUR"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "land": st.sampled_from(["NW", "RP", "BY", None]),
    "qualifications": st.none() | st.lists(st.sampled_from(QUALS), max_size=2, unique=True),
    "vocational_training_completed": st.none() | st.booleans(),
    "school_years_attended": st.none() | st.integers(8, 13),
    "birth_date": st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2012, 12, 31)),
}), min_size=1, max_size=6))
def test_batches_equal_one_by_one_on_generated_learners(rows: list[dict[str, Any]]) -> None:
    book = bn.RuleBook()
    columns = {key: [r[key] for r in rows] for key in rows[0]}
    columns["pupil"] = [f"p{i}" for i in range(len(rows))]
    table = pa.table(columns, schema=pa.schema([
        ("land", pa.string()), ("qualifications", pa.list_(pa.string())),
        ("vocational_training_completed", pa.bool_()),
        ("school_years_attended", pa.int64()), ("birth_date", pa.date32()),
        ("pupil", pa.string())]))
    learners = _learners(columns)
    assert _rows(book.next_steps_batch(table, AS_OF, id_columns=["pupil"])) == \
        _steps_one_by_one(book, learners, columns["pupil"])
    assert _rows(book.reachable_goals_batch(table, AS_OF, id_columns=["pupil"])) == \
        _goals_one_by_one(book, learners, columns["pupil"])
