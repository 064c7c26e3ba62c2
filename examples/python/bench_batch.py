"""Benchmark: every batch operation over a pandas DataFrame against a per-row loop.

Task: for N learners in a pandas DataFrame (birth and arrival dates as datetime64 with NaT, Land
codes, Schulform and qualifications (``;``-separated) as pandas' string dtype, nullable boolean
and Int64 columns, some facts missing; the pupil id as the index), end with a pandas DataFrame
of what the library answers for every learner, by

* the batch: ``book.evaluate_batch(transition, df, as_of)`` for each transition,
  ``book.next_steps_batch(df, as_of)``, ``book.reachable_goals_batch(df, as_of)``, each
  ``.to_pandas()``, and ``book.sek1_qualifications_batch(sheets, as_of=...)`` over a pandas
  DataFrame of grade sheets held as columns with pandas' Arrow dtypes (``pupil`` and
  ``schulform`` strings, ``jahrgang`` int8, ``subjects`` a nested
  ``list<struct<kuerzel, grade, course>>`` column), its result as a DataFrame with Arrow
  dtypes (``sek1_qualifications``), and the same sheets as JSON text (``sek1_json``);
* a per-row Python loop over the library: each row to a facts dict (NaN/NaT/<NA> left out),
  ``book.evaluate`` / ``next_steps`` / ``reachable_goals`` / ``sek1_qualifications`` (each
  grade-sheet dict built from the row's cells, the subjects' null fields left out), the same
  fields collected, then a DataFrame.

Batch and loop run alternately in one run, ``--repeat`` times each; the medians of wall time
and of CPU time (the process's, all threads) are printed; both results are checked to agree.
Every row of every run is computed — nothing is extrapolated. Where the loop is slow
(``reachable_goals``: a route search per learner) both run on the same smaller table of
``--search-rows`` rows, and the output says so. Figures are printed, never asserted.
Run: ``make bench-python`` or
``.venv/bin/python examples/python/bench_batch.py [--rows N] [--repeat R] [--only NAME ...]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Any, cast

import numpy as np
import pandas as pd
import pyarrow as pa

import bildungsnetz as bn

AS_OF = dt.date(2025, 8, 1)
SEK1_AS_OF = dt.date(2025, 7, 1)


def make_frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lo = np.datetime64("2000-01-01")
    births = lo + rng.integers(0, 25 * 365, size=n).astype("timedelta64[D]")
    births = pd.Series(births.astype("datetime64[ns]"))
    births[rng.random(n) < 0.05] = pd.NaT
    arrivals = np.datetime64("2015-01-01") + rng.integers(0, 10 * 365, size=n).astype(
        "timedelta64[D]")
    arrivals = pd.Series(arrivals.astype("datetime64[ns]"))
    arrivals[rng.random(n) < 0.9] = pd.NaT
    lands = pd.Series(rng.choice(["NW", "RP", "NW", "NW"], size=n), dtype="string")
    lands[rng.random(n) < 0.03] = None
    deferral = pd.Series(rng.random(n) < 0.1, dtype="boolean")
    deferral[rng.random(n) < 0.5] = pd.NA
    years = pd.Series(rng.integers(0, 14, size=n), dtype="Int64")
    years[rng.random(n) < 0.3] = pd.NA
    forms = pd.Series(rng.choice(["gymnasium", "realschule", "gesamtschule", ""], size=n),
                      dtype="string")
    forms[forms == ""] = None
    quals = pd.Series(rng.choice(["", "HA10", "MSA", "MSA_Q;FHR_S", "ABITUR"], size=n),
                      dtype="string")
    quals[quals == ""] = None
    frame = pd.DataFrame(
        {
            "birth_date": births,
            "arrival_date": arrivals,
            "land": lands,
            "deferral_application": deferral,
            "school_years_attended": years,
            "schulform": forms,
            "qualifications": quals,
        }
    )
    # Set after building: passed to the constructor, the index would realign the columns'
    # RangeIndex to it and leave every fact missing.
    frame.index = pd.Index([f"p{i}" for i in range(n)], name="pupil")
    return frame


SUBJECT_TYPE = pa.struct([("kuerzel", pa.string()), ("grade", pa.int8()), ("course", pa.string())])


def make_sheets(n: int, seed: int) -> pd.DataFrame:
    """End-of-year grade sheets (Realschule 10, Hauptschule 9/10, Gesamtschule 10 with E/G
    courses), one per pupil, as columns with Arrow dtypes: the subjects a nested column."""
    rng = np.random.default_rng(seed)
    kuerzel = ["D", "M", "E", "WP", "BI", "GE", "PH", "SP"]
    forms, years, subjects = [], [], []
    for _ in range(n):
        form, year = [("realschule", 10), ("hauptschule", 10), ("hauptschule", 9),
                      ("gesamtschule", 10)][int(rng.integers(0, 4))]
        grades = rng.integers(1, 6, size=len(kuerzel))
        courses = rng.choice(["E", "G"], size=4) if form == "gesamtschule" else [None] * 4
        subjects.append([{"kuerzel": k, "grade": int(g),
                          "course": courses[i] if i < 4 else None}
                         for i, (k, g) in enumerate(zip(kuerzel, grades))])
        forms.append(form)
        years.append(year)
    return pd.DataFrame({
        "pupil": pd.Series([f"p{i}" for i in range(n)], dtype=pd.ArrowDtype(pa.string())),
        "schulform": pd.Series(forms, dtype=pd.ArrowDtype(pa.string())),
        "jahrgang": pd.Series(years, dtype=pd.ArrowDtype(pa.int8())),
        "subjects": pd.Series(subjects, dtype=pd.ArrowDtype(pa.list_(SUBJECT_TYPE))),
    })


def json_sheets(sheets: pd.DataFrame) -> pd.DataFrame:
    """The same sheets as one column of JSON text."""
    texts = [json.dumps(sheet) for _, sheet in row_sheets(sheets)]
    return pd.DataFrame({"pupil": sheets["pupil"].to_numpy(dtype=object), "sheet": texts})


def row_sheets(sheets: pd.DataFrame) -> list[tuple[str, dict[str, Any]]]:
    """Each row as a grade-sheet dict, as a caller without the batch would build it."""
    out = []
    for pupil, form, year, subjects in zip(sheets["pupil"], sheets["schulform"],
                                           sheets["jahrgang"], sheets["subjects"]):
        out.append((pupil, {
            "schulform": form, "jahrgang": int(year),
            "subjects": [{k: v for k, v in s.items() if v is not None} for s in subjects],
        }))
    return out


def row_facts(df: pd.DataFrame) -> list[tuple[Any, dict[str, Any]]]:
    """Each row as a facts dict, as a caller without the batch would build it."""
    out = []
    for pupil, row in zip(df.index, df.to_dict("records")):
        facts: dict[str, Any] = {}
        for key, value in row.items():
            if value is None or value is pd.NA or value is pd.NaT:
                continue
            if isinstance(value, float) and np.isnan(value):
                continue
            if isinstance(value, pd.Timestamp):
                value = value.date()
            elif key == "qualifications":
                value = value.split(";")
            elif isinstance(value, np.integer):
                value = int(value)
            elif isinstance(value, np.bool_):
                value = bool(value)
            facts[str(key)] = value
        out.append((pupil, facts))
    return out


def decision_fields(d: bn.Decision) -> tuple[Any, ...]:
    return (d.outcome, ";".join(d.rule_ids) or None, d.effective_date, d.eligible_from,
            ";".join(d.missing_facts) or None)


def loop_evaluate(book: bn.RuleBook, transition: str, df: pd.DataFrame) -> pd.DataFrame:
    rows: list[tuple[Any, ...]] = []
    for pupil, facts in row_facts(df):
        try:
            fields = decision_fields(book.evaluate(transition, cast(bn.LearnerFacts, facts), AS_OF))
        except bn.BildungsnetzError:
            fields = ("error", None, None, None, None)
        rows.append((pupil, *fields))
    return pd.DataFrame(rows, columns=["pupil", "outcome", "rule_id", "effective_date",
                                       "eligible_from", "missing_facts"])


def loop_next_steps(book: bn.RuleBook, df: pd.DataFrame) -> pd.DataFrame:
    rows: list[tuple[Any, ...]] = []
    for pupil, facts in row_facts(df):
        steps = book.next_steps(cast(bn.LearnerFacts, facts), AS_OF)
        rows.extend((pupil, s.transition, *decision_fields(s.decision)) for s in steps)
        if not steps:
            rows.append((pupil, None, None, None, None, None, None))
    return pd.DataFrame(rows, columns=["pupil", "transition", "outcome", "rule_id",
                                       "effective_date", "eligible_from", "missing_facts"])


def loop_goals(book: bn.RuleBook, df: pd.DataFrame) -> pd.DataFrame:
    rows: list[tuple[Any, str | None]] = []
    for pupil, facts in row_facts(df):
        goals = book.reachable_goals(cast(bn.LearnerFacts, facts), AS_OF)
        rows.extend((pupil, g) for g in goals)
        if not goals:
            rows.append((pupil, None))
    return pd.DataFrame(rows, columns=["pupil", "goal"])


SEK1_COLUMNS = ["pupil", "esa", "eesa", "msa", "msa_q", "best", "abschluss", "nachpruefung"]


def sek1_fields(pupil: str, r: bn.Sek1Qualifications) -> tuple[Any, ...]:
    return (pupil, *(q.status for q in r.results), r.best, r.abschluss, r.nachpruefung)


def loop_sek1(book: bn.RuleBook, sheets: pd.DataFrame) -> pd.DataFrame:
    rows = [sek1_fields(pupil, book.sek1_qualifications(cast(bn.GradeSheet, sheet), SEK1_AS_OF))
            for pupil, sheet in row_sheets(sheets)]
    return pd.DataFrame(rows, columns=SEK1_COLUMNS)


def loop_sek1_json(book: bn.RuleBook, texts: pd.DataFrame) -> pd.DataFrame:
    rows = [sek1_fields(pupil, book.sek1_qualifications(sheet, SEK1_AS_OF))
            for pupil, sheet in zip(texts["pupil"], texts["sheet"])]
    return pd.DataFrame(rows, columns=SEK1_COLUMNS)


def cell(v: Any) -> Any:
    """A value for comparing: every kind of missing value as None, a list as a tuple."""
    if isinstance(v, (list, np.ndarray)):
        return tuple(str(x) for x in v)
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def cells(frame: pd.DataFrame, columns: list[str]) -> list[tuple[Any, ...]]:
    """The frame's values (see ``cell``)."""
    return [tuple(cell(v) for v in row) for row in frame[columns].itertuples(index=False)]


class Operation:
    def __init__(self, name: str, rows: int, batch: Callable[[], pd.DataFrame],
                 loop: Callable[[], pd.DataFrame], columns: list[str]) -> None:
        self.name, self.rows, self.batch, self.loop, self.columns = (
            name, rows, batch, loop, columns)


def timed(fn: Callable[[], pd.DataFrame]) -> tuple[float, float, pd.DataFrame]:
    gc.collect()
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return time.perf_counter() - w0, time.process_time() - c0, out


def operations(book: bn.RuleBook, n: int, search_rows: int) -> list[Operation]:
    df = make_frame(n, seed=16)
    small = df.iloc[:min(n, search_rows)]
    sheets = make_sheets(n, seed=16)
    decision = ["pupil", "outcome", "rule_id", "effective_date", "eligible_from",
                "missing_facts"]
    def evaluate(t: str) -> Operation:
        return Operation(
            t, n, lambda: book.evaluate_batch(t, df, AS_OF, id_columns=["pupil"]).to_pandas(),
            lambda: loop_evaluate(book, t, df), decision)

    ops = [evaluate(t) for t in bn.RuleBook.transitions()]
    ops.append(Operation(
        "next_steps", n,
        lambda: book.next_steps_batch(df, AS_OF, id_columns=["pupil"]).to_pandas(),
        lambda: loop_next_steps(book, df), ["pupil", "transition", *decision[1:]]))
    ops.append(Operation(
        "reachable_goals", len(small),
        lambda: book.reachable_goals_batch(small, AS_OF, id_columns=["pupil"]).to_pandas(),
        lambda: loop_goals(book, small), ["pupil", "goal"]))
    ops.append(Operation(
        "sek1_qualifications", n,
        lambda: book.sek1_qualifications_batch(sheets, as_of=SEK1_AS_OF, include=["pupil"])
        .to_pyarrow().to_pandas(types_mapper=pd.ArrowDtype),
        lambda: loop_sek1(book, sheets), SEK1_COLUMNS))
    texts = json_sheets(sheets)
    ops.append(Operation(
        "sek1_json", n,
        lambda: book.sek1_qualifications_batch(texts, as_of=SEK1_AS_OF, include=["pupil"])
        .to_pandas(),
        lambda: loop_sek1_json(book, texts), SEK1_COLUMNS))
    return ops


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--search-rows", type=int, default=2_000,
                        help="rows for reachable_goals (batch and loop alike)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", nargs="*", default=None, help="operation names to run")
    args = parser.parse_args()
    print((__doc__ or "").split("\n\n")[1].replace("\n", " "))
    print(f"rows: {args.rows:,}  as of {AS_OF}  repeat {args.repeat} (batch and loop "
          f"alternating), medians; CPU = process time, all threads  ({os.cpu_count()} cores)")
    book = bn.RuleBook()
    ops = [op for op in operations(book, args.rows, args.search_rows)
           if args.only is None or op.name in args.only]
    width = max(len(op.name) for op in ops)
    print(f"{'operation':{width}}  {'rows':>7}  {'loop s':>7}  {'cpu':>7}  {'batch s':>7}  "
          f"{'cpu':>7}  {'batch rows/s':>12}  {'speed-up':>8}  {'cpu':>6}")
    for op in ops:
        loops, batches = [], []
        loop_out = batch_out = None
        for _ in range(args.repeat):
            w, c, loop_out = timed(op.loop)
            loops.append((w, c))
            w, c, batch_out = timed(op.batch)
            batches.append((w, c))
        assert loop_out is not None and batch_out is not None
        assert cells(batch_out, op.columns) == cells(loop_out, op.columns), op.name
        lw = statistics.median(w for w, _ in loops)
        lc = statistics.median(c for _, c in loops)
        bw = statistics.median(w for w, _ in batches)
        bc = statistics.median(c for _, c in batches)
        note = "  (smaller table: the loop searches routes per learner)" \
            if op.rows != args.rows else ""
        print(f"{op.name:{width}}  {op.rows:7,}  {lw:7.4f}  {lc:7.4f}  {bw:7.4f}  {bc:7.4f}  "
              f"{op.rows / bw:12,.0f}  {lw / bw:7.1f}x  {lc / bc:5.1f}x{note}")


if __name__ == "__main__":
    main()
