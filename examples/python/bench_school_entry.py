"""Benchmark: school entry for 1,000,000 children from a pyarrow table.

Both questions — "schulpflichtig in 2026/27?" and "from which 1 August?" — for NRW, by

* bildungsnetz's batch path (Arrow in, Arrow out, GIL released),
* the same rule written with vectorised pandas and with polars expressions,
* a per-row Python loop over the library's explained ``school_entry`` (on a subsample,
  extrapolated),

and the memory the batch path needs per row beyond its input. Figures are printed, never
asserted. Run: ``make bench-python`` or ``.venv/bin/python examples/python/bench_school_entry.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc

import bildungsnetz as bn

SCHOOL_YEAR = "2026/27"
YEAR_START = dt.date(2026, 8, 1)


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


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def make_table(n: int, seed: int) -> pa.Table:
    rng = np.random.default_rng(seed)
    lo = (dt.date(2015, 1, 1) - dt.date(1970, 1, 1)).days
    hi = (dt.date(2022, 12, 31) - dt.date(1970, 1, 1)).days
    days = rng.integers(lo, hi + 1, size=n, dtype=np.int32)
    return pa.table({"birth_date": pa.array(days, pa.int32()).cast(pa.date32())})


# The rule as a data scientist would write it (NRW since 2011/12: sixth birthday on or before
# 30 September; BGB § 187 (2): the birthday counts from its start). Valid for entries from 2011.
def pandas_rule(df: pd.DataFrame) -> pd.DataFrame:
    born = df["birth_date"]
    start_year = born.dt.year + 6 + (born.dt.month >= 10).astype("int32")
    effective = pd.to_datetime(
        pd.DataFrame({"year": start_year, "month": 8, "day": 1})
    )
    return pd.DataFrame({
        "schulpflichtig": effective <= pd.Timestamp(YEAR_START),
        "effective_date": effective,
    })


def polars_rule(df: pl.DataFrame) -> pl.DataFrame:
    born = pl.col("birth_date")
    start_year = born.dt.year() + 6 + (born.dt.month() >= 10).cast(pl.Int32)
    effective = pl.date(start_year, 8, 1)
    return df.select(
        schulpflichtig=effective <= YEAR_START,
        effective_date=effective,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--loop-rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    n = args.rows
    book = bn.RuleBook()
    table = make_table(n, seed=2026)
    print(f"rows: {n:,}  school year {SCHOOL_YEAR}  NRW  ({os.cpu_count()} cores)")

    # Memory beyond the input, measured first (before other runs leave freed memory around):
    # the peak growth of the process while evaluating, and the result's own buffers.
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

    def lib_both() -> pa.Table:
        return pa.table(book.school_entry_batch(table, school_year=SCHOOL_YEAR, land="NW"))

    def lib_first() -> pa.Table:
        return pa.table(book.school_entry_batch(table, school_year=SCHOOL_YEAR, land="NW",
                                                effective_date=False))

    pdf = table.to_pandas(date_as_object=False)
    pldf = pl.from_arrow(table)
    assert isinstance(pldf, pl.DataFrame)

    def pandas_from_arrow() -> pd.DataFrame:
        return pandas_rule(table.to_pandas(date_as_object=False))

    def polars_from_arrow() -> pl.DataFrame:
        df = pl.from_arrow(table)
        assert isinstance(df, pl.DataFrame)
        return polars_rule(df)

    rows: list[tuple[str, float]] = []
    t, lib_out = best_of(lib_both, args.repeat)
    rows.append(("bildungsnetz batch, both questions (pyarrow in/out)", t))
    t, _ = best_of(lib_first, args.repeat)
    rows.append(("bildungsnetz batch, 'schulpflichtig?' only", t))
    t, pd_out = best_of(lambda: pandas_rule(pdf), args.repeat)
    rows.append(("pandas vectorised (data already in pandas)", t))
    t, _ = best_of(pandas_from_arrow, args.repeat)
    rows.append(("pandas vectorised, from the pyarrow table", t))
    t, pl_out = best_of(lambda: polars_rule(pldf), args.repeat)
    rows.append(("polars expressions (data already in polars)", t))
    t, _ = best_of(polars_from_arrow, args.repeat)
    rows.append(("polars expressions, from the pyarrow table", t))

    # Per-row loop over the explained decision, on a subsample.
    sample = table.column("birth_date").to_pylist()[: args.loop_rows]
    t0 = time.perf_counter()
    for born in sample:
        book.school_entry({"birth_date": born, "land": "NW"}, SCHOOL_YEAR)
    loop = (time.perf_counter() - t0) * n / len(sample)
    rows.append((f"per-row Python loop over the library ({len(sample):,} rows, extrapolated)",
                 loop))

    # The three implementations agree.
    # The library gives the start as effective_date when schulpflichtig, eligible_from when not.
    lib_eff = pc.coalesce(lib_out.column("effective_date"), lib_out.column("eligible_from")) \
        .to_numpy(zero_copy_only=False)
    assert (pd_out["effective_date"].dt.date.to_numpy() == lib_eff).all()
    lib_yes = np.asarray(lib_out.column("outcome").to_pylist()) == "eligible"
    assert (pd_out["schulpflichtig"].to_numpy() == lib_yes).all()
    assert (pl_out["schulpflichtig"].to_numpy() == lib_yes).all()

    width = max(len(name) for name, _ in rows)
    print(f"{'':{width}}  {'seconds':>8}  {'rows/s':>14}")
    for name, secs in rows:
        print(f"{name:{width}}  {secs:8.4f}  {n / secs:14,.0f}")
    lib = n / rows[0][1]
    pandas_best = n / min(rows[2][1], rows[3][1])
    polars_best = n / min(rows[4][1], rows[5][1])
    print(f"\nbatch vs faster of pandas/polars: {lib / max(pandas_best, polars_best):.1f}x;"
          f" vs per-row loop: {lib / (n / loop):.0f}x")
    print(memory)


if __name__ == "__main__":
    main()
