"""Benchmark: NRW Sek-I qualifications (ESA, EESA, MSA, MSA_Q) of many class-10 grade sheets.

``RuleBook.sek1_qualifications_batch`` (lean path, GIL released, Arrow out) is fed the same
generated sheets in each input form it takes:

* a list of dicts,
* JSON Lines as bytes,
* a pyarrow table whose column ``sheet`` holds one sheet's JSON per row,
* a pyarrow table holding the sheets as columns (``schulform``, ``jahrgang``,
  ``gymnasium_track``, ``subjects`` a list of structs), read in place,

beside the per-sheet ``RuleBook.sek1_qualifications`` (explained) on the first ``--sample``
sheets, which is timed on that sample only and not scaled up. The sheets are NRW Realschule,
Gesamtschule (E/G courses) and Gymnasium (G9) class 10, 10-14 subjects, names in mixed case.

Every batch answer is checked equal across the batch input forms on all rows, and equal to the
per-sheet answers on the sample. Timing: each run once per round, the rounds interleave the
runs, medians are reported, wall-clock and CPU time (all threads) side by side. Figures are
printed, never asserted. Run: ``.venv/bin/python examples/python/bench_sek1.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
from collections.abc import Callable
from typing import Any, cast

import pyarrow as pa

import bildungsnetz as bn
from interleaved import run_rounds

AS_OF = dt.date(2025, 7, 1)
QUALIFICATIONS = ["esa", "eesa", "msa", "msa_q"]

# (Kürzel, may carry an E/G course at a Gesamtschule, foreign language)
SUBJECTS: list[tuple[str, bool, bool]] = [
    ("D", True, False), ("E", True, True), ("M", True, False), ("WP", False, False),
    ("BI", False, False), ("CH", True, False), ("PH", False, False), ("GE", False, False),
    ("EK", False, False), ("PK", False, False), ("KR", False, False), ("MU", False, False),
    ("KU", False, False), ("SP", False, False), ("F", False, True), ("IF", False, False),
]
GRADES = [2, 3, 3, 4, 4, 5, 3, 6, 2, 1]
FORMS = ["realschule", "gesamtschule", "gymnasium"]


def make_sheets(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    sheets = []
    for i in range(n):
        form = FORMS[i % len(FORMS)]
        subjects = []
        for kuerzel, course, foreign in SUBJECTS[: rng.randint(10, 14)]:
            spelled = rng.choice([kuerzel, kuerzel.lower(), kuerzel.capitalize()])
            subject: dict[str, Any] = {"kuerzel": spelled, "grade": rng.choice(GRADES)}
            if course and form == "gesamtschule":
                subject["course"] = rng.choice(["E", "G"])
            if foreign:
                subject["foreign_language"] = True
            subjects.append(subject)
        sheet: dict[str, Any] = {"schulform": form, "jahrgang": 10, "subjects": subjects}
        if form == "gymnasium":
            sheet["gymnasium_track"] = "g9"
        sheets.append(sheet)
    return sheets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--sample", type=int, default=5_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    n = args.rows
    print(__doc__.split("\n\n")[0])
    print(f"sheets: {n:,}  NRW class 10  as of {AS_OF}  ({os.cpu_count()} cores)")
    book = bn.RuleBook()
    sheets = make_sheets(n, seed=2025)
    texts = [json.dumps(s) for s in sheets]
    jsonl = ("\n".join(texts) + "\n").encode()
    table = pa.table({"sheet": pa.array(texts, pa.string())})
    # pa.array infers the struct from every sheet (Table.from_pylist only from the first).
    columns = pa.Table.from_struct_array(pa.array(sheets))
    sample = sheets[: min(args.sample, n)]

    def batch(data: object) -> pa.Table:
        return book.sek1_qualifications_batch(data, as_of=AS_OF).to_pyarrow()

    def one_by_one() -> list[bn.Sek1Qualifications]:
        return [book.sek1_qualifications(cast(bn.GradeSheet, s), AS_OF) for s in sample]

    runs: dict[str, Callable[[], Any]] = {
        "batch, list of dicts": lambda: batch(sheets),
        "batch, JSON Lines bytes": lambda: batch(jsonl),
        "batch, pyarrow column of JSON": lambda: batch(table),
        "batch, pyarrow sheet columns": lambda: batch(columns),
        f"per sheet, explained ({len(sample):,} sheets only)": one_by_one,
    }
    wall, cpu, outputs = run_rounds(runs, args.rounds)

    names = list(runs)
    first = outputs[names[0]]
    statuses = {q: first.column(q).to_pylist() for q in QUALIFICATIONS}
    batches, explained_name = names[:-1], names[-1]
    for name in batches[1:]:
        out = outputs[name]
        for q in QUALIFICATIONS:
            assert out.column(q).to_pylist() == statuses[q], f"{name}: {q} differs"
        assert out.column("abschluss").equals(first.column("abschluss")), f"{name}: abschluss"
    explained: list[bn.Sek1Qualifications] = outputs[explained_name]
    abschluss = first.column("abschluss").to_pylist()
    for row, result in enumerate(explained):
        assert result.abschluss == abschluss[row], f"sheet {row}: abschluss differs"
        for q in QUALIFICATIONS:
            assert result.result(q).status == statuses[q][row], f"sheet {row}: {q} differs"
    msa = sum(1 for s in statuses["msa"] if s == "earned")
    print(f"answers: all {n:,} rows equal across the {len(batches)} input forms, the first "
          f"{len(explained):,} equal to the per-sheet path ({msa:,} MSA earned)")

    width = max(len(name) for name in names)
    print(f"\nmedians of {args.rounds} interleaved rounds")
    print(f"{'':{width}}  {'wall s':>8}  {'CPU s':>8}  {'sheets/s (wall)':>16}  "
          f"{'sheets/s (CPU)':>15}")
    for name in names:
        rows = len(sample) if name == explained_name else n
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"{name:{width}}  {w:8.4f}  {c:8.4f}  {rows / w:16,.0f}  {rows / c:15,.0f}")


if __name__ == "__main__":
    main()
