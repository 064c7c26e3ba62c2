"""Benchmark: NRW school entry for 1,000,000 children born 1990-2025, from a pyarrow table.

Both questions - "schulpflichtig in 2026/27?" and "from which 1 August?" - by

* bildungsnetz's batch path (Arrow in, Arrow out, GIL released),
* the same path asked the first question only (``effective_date=False``; no peer: it shows
  what the second question costs),
* the same dated rule written with vectorised pandas and with polars expressions.

The births span the NRW Stichtag history, so the peers implement the dated rule, from the
table below (read off ``core/src/rules/params/nrw.json``, rule ``nrw.einschulung.stichtag``),
not from the library's output: until the school year 2008/09 the sixth birthday by the end of
30 June (a child born on 1 July is included), then one month per year under the
2. Schulrechtsänderungsgesetz (2009/10: 31 July, 2010/11: 31 August, end of day), and from
2011/12 "bis zum Beginn des 30. September" (born 30 September included, 1 October not). Every
answer of each peer is checked equal to the library's on all rows.

Timing: each implementation runs once per round, the rounds interleave the implementations,
and the medians are reported, wall-clock and CPU time (all threads of the process) side by
side. Nothing is extrapolated. A per-row Python loop is not timed: it is no peer of a
vectorised rule, and timing it on a sample and scaling up would be an extrapolation.

Figures are printed, never asserted. Run: ``make bench-python`` or
``.venv/bin/python examples/python/bench_school_entry.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

import bildungsnetz as bn
from interleaved import run_rounds

SCHOOL_YEAR = "2026/27"
YEAR_START = dt.date(2026, 8, 1)

# The NRW Stichtag by the school year of entry (its first calendar year): the last birthday,
# (month, day) in the year the child turns six, that makes a child schulpflichtig in that year.
# (first school year, last school year or None, last included birthday)
STICHTAG: list[tuple[int, int | None, tuple[int, int]]] = [
    (1967, 2008, (7, 1)),   # 30.06, end of day: born 1 July completes the year on 30 June
    (2009, 2009, (8, 1)),   # 31.07, end of day
    (2010, 2010, (9, 1)),   # 31.08, end of day
    (2011, None, (9, 30)),  # "bis zum Beginn des 30. September"
]


def status_kib(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def peak_growth(fn: Callable[[], Any]) -> tuple[int, Any]:
    """Bytes by which the peak resident set grows while `fn` runs (Linux: VmHWM reset)."""
    gc.collect()
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    before = status_kib("VmRSS")
    out = fn()
    return (status_kib("VmHWM") - before) * 1024, out


def make_table(n: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    lo = (dt.date(1990, 1, 1) - dt.date(1970, 1, 1)).days
    hi = (dt.date(2025, 12, 31) - dt.date(1970, 1, 1)).days
    days = rng.integers(lo, hi + 1, size=n, dtype=np.int32)
    return pa.table({"birth_date": pa.array(days, pa.int32()).cast(pa.date32())})


def pandas_rule(df: pd.DataFrame) -> pd.DataFrame:
    born = df["birth_date"]
    entry = born.dt.year + 6
    last_day = born.dt.month * 100 + born.dt.day
    conditions, cutoffs = [], []
    for first, last, (month, day) in STICHTAG:
        upper = entry <= last if last is not None else True
        conditions.append((entry >= first) & upper)
        cutoffs.append(month * 100 + day)
    cutoff = np.select(conditions, cutoffs, default=0)
    start_year = entry + (last_day > cutoff).astype("int32")
    effective = pd.to_datetime(pd.DataFrame({"year": start_year, "month": 8, "day": 1}))
    return pd.DataFrame({
        "schulpflichtig": effective <= pd.Timestamp(YEAR_START),
        "effective_date": effective,
    })


def polars_rule(df: pl.DataFrame) -> pl.DataFrame:
    born = pl.col("birth_date")
    entry = born.dt.year() + 6
    last_day = born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)
    cutoff: Any = pl.lit(0)
    for first, last, (month, day) in reversed(STICHTAG):
        within = entry >= first if last is None else (entry >= first) & (entry <= last)
        cutoff = pl.when(within).then(month * 100 + day).otherwise(cutoff)
    start_year = entry + (last_day > cutoff).cast(pl.Int32)
    effective = pl.date(start_year, 8, 1)
    return df.select(schulpflichtig=effective <= YEAR_START, effective_date=effective)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    n = args.rows
    print(__doc__.split("\n\n")[0])
    print(f"rows: {n:,}  births 1990-2025  school year {SCHOOL_YEAR}  NRW  "
          f"({os.cpu_count()} cores; polars may use all of them)")
    book = bn.RuleBook()
    table = make_table(n, seed=2026)

    # Memory beyond the input, measured first (before other runs leave freed memory around).
    grown, result = peak_growth(
        lambda: book.school_entry_batch(table, school_year=SCHOOL_YEAR, land="NW"))
    out_table = pa.table(result)
    dictionaries = sum(
        c.chunk(0).dictionary.nbytes for c in out_table.columns
        if pa.types.is_dictionary(c.type) and c.num_chunks
    )
    buffers = out_table.get_total_buffer_size() - dictionaries
    memory = (f"memory beyond the input: peak RSS growth {grown / n:.2f} bytes/row; result "
              f"buffers {buffers / n:.2f} bytes/row (+ {dictionaries:,} bytes of dictionaries)")
    del result, out_table

    pdf = table.to_pandas(date_as_object=False)
    pldf = pl.from_arrow(table)
    assert isinstance(pldf, pl.DataFrame)

    def polars_from_arrow() -> pl.DataFrame:
        df = pl.from_arrow(table)
        assert isinstance(df, pl.DataFrame)
        return polars_rule(df)

    runs: dict[str, Callable[[], Any]] = {
        "bildungsnetz batch, both questions (pyarrow in/out)":
            lambda: pa.table(book.school_entry_batch(table, school_year=SCHOOL_YEAR, land="NW")),
        "bildungsnetz batch, first question only":
            lambda: pa.table(book.school_entry_batch(table, school_year=SCHOOL_YEAR, land="NW",
                                                     effective_date=False)),
        "pandas vectorised (data already in pandas)": lambda: pandas_rule(pdf),
        "pandas vectorised, from the pyarrow table":
            lambda: pandas_rule(table.to_pandas(date_as_object=False)),
        "polars expressions (data already in polars)": lambda: polars_rule(pldf),
        "polars expressions, from the pyarrow table": polars_from_arrow,
    }
    wall, cpu, outputs = run_rounds(runs, args.rounds)

    # Every peer gives the library's answers on every row. The library gives the start as
    # effective_date when schulpflichtig, as eligible_from when not.
    names = list(runs)
    peers = names[2:]
    lib_out = outputs[names[0]]
    lib_eff = pc.coalesce(lib_out.column("effective_date"), lib_out.column("eligible_from")) \
        .to_numpy(zero_copy_only=False)
    lib_yes = np.asarray(lib_out.column("outcome").to_pylist()) == "eligible"
    first_only = outputs[names[1]]
    for column in ("outcome", "rule_id", "citation"):
        assert first_only.column(column).to_pylist() == lib_out.column(column).to_pylist(), \
            f"first question only: a {column} differs from both questions'"
    for name in peers:
        out = outputs[name]
        if isinstance(out, pd.DataFrame):
            eff = out["effective_date"].dt.date.to_numpy()
            yes = out["schulpflichtig"].to_numpy()
        else:
            eff = out["effective_date"].to_numpy().astype("datetime64[D]").astype(object)
            yes = out["schulpflichtig"].to_numpy()
        assert (eff == lib_eff).all(), f"{name}: a start date differs from the library's"
        assert (yes == lib_yes).all(), f"{name}: a 'schulpflichtig?' answer differs"
    print(f"answers: all {n:,} rows equal across the six runs "
          f"({int(lib_yes.sum()):,} schulpflichtig in {SCHOOL_YEAR})")

    width = max(len(name) for name in names)
    print(f"\nmedians of {args.rounds} interleaved rounds")
    print(f"{'':{width}}  {'wall s':>8}  {'CPU s':>8}  {'rows/s (wall)':>14}")
    med = {name: statistics.median(wall[name]) for name in names}
    for name in names:
        print(f"{name:{width}}  {med[name]:8.4f}  {statistics.median(cpu[name]):8.4f}  "
              f"{n / med[name]:14,.0f}")
    peer = min(peers, key=lambda k: med[k])
    print(f"\nbatch vs the faster peer ({peer}): {med[peer] / med[names[0]]:.1f}x wall, "
          f"{statistics.median(cpu[peer]) / statistics.median(cpu[names[0]]):.1f}x CPU")
    print(memory)


if __name__ == "__main__":
    main()
