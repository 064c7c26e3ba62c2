"""Benchmark: ``RuleBook.evaluate_batch`` over a pandas DataFrame against a per-row loop.

Task: for N learners in a pandas DataFrame (birth dates as datetime64 with NaT, Land codes and
qualifications (``;``-separated) as pandas' default string dtype, nullable boolean and Int64
columns, some facts missing; the pupil id as the index),
decide one transition as of one day and end with a pandas DataFrame of outcome, rule ids,
effective date, eligible-from date and missing facts — for several transitions, by

* the batch: ``book.evaluate_batch(transition, df, as_of).to_pandas()``,
* a per-row Python loop over the library: each row to a facts dict (NaN/NaT/<NA> left out),
  ``book.evaluate(transition, facts, as_of)``, the same five fields collected, then a DataFrame.

Every row of every run is decided (no subsample, no extrapolation). The two are run
alternately, ``--repeat`` times each, and the medians are reported; both results are checked to
agree. Figures are printed, never asserted. Run: ``make bench-python`` or
``.venv/bin/python examples/python/bench_batch.py [--rows N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import time
from typing import Any, cast

import numpy as np
import pandas as pd

import bildungsnetz as bn

AS_OF = dt.date(2025, 8, 1)
TRANSITIONS = [
    "school_entry",
    "school_entry_deferral",
    "kita_claim",
    "end_of_full_time_schooling",
    "berufskolleg_b",
    "studium_fachhochschule",
]


def make_frame(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    lo = np.datetime64("2000-01-01")
    births = lo + rng.integers(0, 25 * 365, size=n).astype("timedelta64[D]")
    births = pd.Series(births.astype("datetime64[ns]"))
    births[rng.random(n) < 0.05] = pd.NaT
    lands = pd.Series(rng.choice(["NW", "RP", "NW", "NW"], size=n))
    lands[rng.random(n) < 0.03] = None
    deferral = pd.Series(rng.random(n) < 0.1, dtype="boolean")
    deferral[rng.random(n) < 0.5] = pd.NA
    years = pd.Series(rng.integers(0, 14, size=n), dtype="Int64")
    years[rng.random(n) < 0.3] = pd.NA
    quals = pd.Series(rng.choice(["", "HA10", "MSA", "MSA_Q;FHR_S", "ABITUR"], size=n))
    quals[quals == ""] = None
    return pd.DataFrame(
        {
            "birth_date": births,
            "land": lands,
            "deferral_application": deferral,
            "school_years_attended": years,
            "qualifications": quals,
        },
        index=pd.Index([f"p{i}" for i in range(n)], name="pupil"),
    )


def loop(book: bn.RuleBook, transition: str, df: pd.DataFrame) -> pd.DataFrame:
    """The per-row way: a dict per row, one explained decision per row."""
    out: dict[str, list[Any]] = {
        "pupil": [], "outcome": [], "rule_id": [], "effective_date": [], "eligible_from": [],
        "missing_facts": [],
    }
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
        out["pupil"].append(pupil)
        try:
            d = book.evaluate(transition, cast(bn.LearnerFacts, facts), AS_OF)
        except bn.BildungsnetzError:
            for key in ("rule_id", "effective_date", "eligible_from", "missing_facts"):
                out[key].append(None)
            out["outcome"].append("error")
            continue
        out["outcome"].append(d.outcome)
        out["rule_id"].append(";".join(d.rule_ids) or None)
        out["effective_date"].append(d.effective_date)
        out["eligible_from"].append(d.eligible_from)
        out["missing_facts"].append(";".join(d.missing_facts) or None)
    return pd.DataFrame(out)


def batch(book: bn.RuleBook, transition: str, df: pd.DataFrame) -> pd.DataFrame:
    frame: pd.DataFrame = book.evaluate_batch(transition, df, AS_OF,
                                              id_columns=["pupil"]).to_pandas()
    return frame


def timed(fn: Any) -> tuple[float, Any]:
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = args.rows
    book = bn.RuleBook()
    df = make_frame(n, seed=16)
    print(f"rows: {n:,}  as of {AS_OF}  repeat {args.repeat} (alternating), medians  "
          f"({os.cpu_count()} cores)")
    width = max(len(t) for t in TRANSITIONS)
    print(f"{'transition':{width}}  {'loop s':>8}  {'batch s':>8}  {'loop rows/s':>12}  "
          f"{'batch rows/s':>13}  {'speed-up':>8}")
    for transition in TRANSITIONS:
        loops, batches = [], []
        loop_out = batch_out = None
        for _ in range(args.repeat):
            t, loop_out = timed(lambda: loop(book, transition, df))
            loops.append(t)
            t, batch_out = timed(lambda: batch(book, transition, df))
            batches.append(t)
        assert loop_out is not None and batch_out is not None
        # The two agree on every row.
        assert list(batch_out["pupil"]) == list(loop_out["pupil"])
        assert list(batch_out["outcome"].astype(str)) == list(loop_out["outcome"])
        assert [None if pd.isna(r) else r for r in batch_out["rule_id"]] == \
            list(loop_out["rule_id"])
        for col in ("effective_date", "eligible_from"):
            assert [None if pd.isna(v) else v for v in batch_out[col]] == list(loop_out[col])
        assert [None if pd.isna(m) else m for m in batch_out["missing_facts"]] == \
            list(loop_out["missing_facts"])
        lm, bm = statistics.median(loops), statistics.median(batches)
        print(f"{transition:{width}}  {lm:8.4f}  {bm:8.4f}  {n / lm:12,.0f}  {n / bm:13,.0f}  "
              f"{lm / bm:7.1f}x")


if __name__ == "__main__":
    main()
