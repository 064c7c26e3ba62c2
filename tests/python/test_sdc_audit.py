"""Issue 17: an independent disclosure-control audit of what the library publishes.

Every publication set here is the result of one ``Indicators(...).compute(records, protection)``
call (or of ``directory_tables``); ``sdc_attacker`` attacks all its tables together with linear
and integer programs and judges the intervals with the producer's view (``cell_status()`` and
the unprotected counts). Each test asserts zero violations; the message names the violating
cells (table[labels]) per category — never a record's value.

``python python/tests/test_sdc_audit.py [seeds]`` prints a summary over generated publications;
``pytest -s`` prints the summary of the tests that ran.
"""

from __future__ import annotations

import csv
import random
import sys
import time
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import bildungsnetz as bn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sdc_attacker as sa  # noqa: E402

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "tests" / "data").is_dir())
DIRECTORY = ROOT / "tests" / "data" / "nrw-schulverzeichnis-2024-25.csv"
YEAR = "2024/25"
KOMMUNEN = ["05334002", "05334004", "05334008", "05334012", "05334016"]
NONE = bn.Protection(min_frequency=1, min_interval_width=0)

# Everything the tests attacked, by kind of publication (printed at the end with -s).
TOTALS = sa.Stats()


# ---------------------------------------------------------------------------------------------
# Publishing and auditing.


def _values(t: bn.ProtectedTable) -> dict[tuple[str, ...], int]:
    at = pa.table(t)
    cols = [at.column(d).to_pylist() for d in t.dimensions]
    vals = at.column(t.value_name).to_pylist()
    return {tuple(_label(c[i]) for c in cols): int(vals[i]) for i in range(len(vals))}


def _label(code: str | None) -> str:
    """A dimension label as the attacker reads the CSV: "Insgesamt" for a total."""
    return sa.TOTAL if code is None else str(code)


def _truth_rows(protected: bn.ProtectedTable, unprotected: bn.ProtectedTable) -> list[int]:
    """The true counts in the row order of the published table."""
    assert set(unprotected.cell_status()) <= {"published"}
    truth = _values(unprotected)
    at = pa.table(protected)
    cols = [at.column(d).to_pylist() for d in protected.dimensions]
    return [truth[tuple(_label(c[i]) for c in cols)] for i in range(protected.num_rows)]


def audit_tables(
    published: Sequence[bn.ProtectedTable],
    truth: Sequence[bn.ProtectedTable],
    protection: bn.Protection,
    *,
    kind: str,
    register: Sequence[tuple[Sequence[bn.ProtectedTable], Sequence[bn.ProtectedTable]]] = (),
    contributors: Sequence[Sequence[int] | None] | None = None,
    self_pairs: int = 200,
    self_disclosure: bool = True,
) -> sa.Audit:
    """Attacks a publication set (plus earlier ones) as the public sees it; judges it with the
    producer's view. A rounded publication is attacked twice: assuming only that each value
    lies less than one base from the truth, and assuming conventional rounding where the
    published values are in fact conventionally rounded (an attacker who guesses right)."""
    base = protection.rounding_base
    sets = [(list(published), list(truth), 0)] + [
        (list(p), list(t), n + 1) for n, (p, t) in enumerate(register)
    ]
    models = ["adjacent"] + (["nearest"] if base else [])
    result: sa.Audit | None = None
    seen: set[tuple[str, str]] = set()
    for model in models:
        tables: list[sa.Table] = []
        status: list[list[str]] = []
        counts: list[list[int]] = []
        for pub_tables, truth_tables, pub in sets:
            for p, t in zip(pub_tables, truth_tables):
                assert p.id == t.id
                tables.append(sa.parse_table(p.id, p.to_csv(), base=base, rounding=model, pub=pub))
                status.append(list(p.cell_status()))
                counts.append(_truth_rows(p, t))
        if model == "nearest" and not all(
            v is None or sa.rounds_to(c, v, base or 1, model)
            for tab, cs in zip(tables, counts)
            for v, c in zip(tab.values, cs)
        ):
            continue  # not conventionally rounded: that attacker would be wrong
        a = sa.audit(
            tables,
            status,
            counts,
            min_frequency=protection.min_frequency,
            suppress_zeros=protection.suppress_zeros,
            min_interval_width=protection.min_interval_width,
            min_interval_percent=protection.min_interval_percent,
            contributors=contributors,
            self_pairs=self_pairs,
            self_disclosure=self_disclosure,
        )
        if result is None:
            result = a
        else:
            result.stats.lp_solves += a.stats.lp_solves
            result.stats.milp_solves += a.stats.milp_solves
            result.stats.attacked += a.stats.attacked
            result.stats.milp_tighter += a.stats.milp_tighter
            result.stats.self_pairs_checked += a.stats.self_pairs_checked
            result.stats.self_pairs_total += a.stats.self_pairs_total
            for v in a.violations:
                if (v.cell, v.category) not in seen:
                    result.violations.append(
                        sa.Verdict(v.cell, v.category, (v.detail + " " if v.detail else "")
                                   + f"[{model} rounding]")
                    )
                    result.stats.violations[v.category] += 1
                    result.stats.pubs_with[v.category] = 1
            result.stats.publications_with_violations = int(bool(result.violations))
        seen.update((v.cell, v.category) for v in result.violations)
    assert result is not None
    TOTALS.add(result.stats, kind)
    return result


def publish(
    ids: list[str],
    records: list[dict[str, Any]],
    protection: bn.Protection,
    kommunen: Sequence[str] = KOMMUNEN,
    convention: str = "nrw",
) -> tuple[list[bn.ProtectedTable], list[bn.ProtectedTable]]:
    ind = bn.Indicators(YEAR, list(kommunen), ids=ids, convention=convention)
    partials = ind.count(records)
    # Generated records may leave an indicator empty or lose some (no recommendation): what
    # is attacked here is the disclosure control, not the records' completeness.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        published = [t for r in ind.publish(partials, protection, allow_empty=True) for t in r.tables]
        truth = [t for r in ind.publish(partials, NONE, allow_empty=True) for t in r.tables]
    return published, truth


def audit_records(
    ids: list[str],
    records: list[dict[str, Any]],
    protection: bn.Protection,
    kind: str,
    kommunen: Sequence[str] = KOMMUNEN,
    convention: str = "nrw",
) -> sa.Audit:
    published, truth = publish(ids, records, protection, kommunen, convention)
    return audit_tables(published, truth, protection, kind=kind)


# Not yet guaranteed by the library (issue 17, open): a lone contributor who fixes their own
# cell must not narrow another primary below the width. The attacker still counts these
# ("self" in the summary of `python tests/python/test_sdc_audit.py`); the tests do not
# assert them.
NOT_ASSERTED = frozenset({"self"})


def assert_safe(audit: sa.Audit, what: str, also_open: frozenset[str] = frozenset()) -> None:
    # The library proves intervals in the linear relaxation (documented in its sdc module):
    # a cell that only integer reasoning shows to be non-empty is counted, not asserted.
    found = [v for v in audit.violations
             if v.category not in NOT_ASSERTED | also_open and v.detail != sa.INTEGER_ONLY]
    if found:
        parts = sorted({v.category for v in found})
        pytest.fail(f"{what}: {len(found)} violations ({', '.join(parts)}) — {audit.message()}",
                    pytrace=False)


# ---------------------------------------------------------------------------------------------
# Generators: records with given counts per cell.

# Each standard indicator's population and category (indicator.rs, standard_indicators).
TWO_D: dict[str, tuple[str, list[str]]] = {
    "uebergangsquote": ("transition_schulform", ["02", "04", "10", "15", "20"]),
    "einschulungsart": ("school_entry", ["early", "on_time", "after_deferral"]),
    "rueckstellungsquote": ("school_entry", ["on_time", "deferred"]),
    "abschluesse": ("qualification", ["OA", "ESA", "MSA", "FHR", "AHR"]),
    "wiederholerquote": ("repeater", ["ja", "nein"]),
    "foerderquote": ("foerder", ["ohne", "foerderschule", "inklusiv"]),
}
RECOMMENDATIONS = ["H", "R", "R/GY", "GY"]
TRANSITIONS = ["04", "10", "15", "20"]
ENTRIES = ["early", "on_time", "after_deferral", "deferred"]


def record(indicator: str, kommune: str, code: str) -> dict[str, Any]:
    r: dict[str, Any] = {"school_year": YEAR}
    if indicator == "uebergangsquote":
        r.update(school_ags=kommune, grade=4, transition_schulform=code, recommendation="R")
    elif indicator in ("einschulungsart", "rueckstellungsquote"):
        r.update(residence_ags=kommune, school_entry=code)
    elif indicator == "abschluesse":
        r.update(school_ags=kommune, grade=10, qualification=code)
    elif indicator == "wiederholerquote":
        r.update(school_ags=kommune, grade=7, schulform="20", repeater=code == "ja")
    elif indicator == "foerderquote":
        schulform = "08" if code == "foerderschule" else "20"
        r.update(school_ags=kommune, grade=7, schulform=schulform,
                 foerderbedarf=code != "ohne", repeater=False)
    else:
        raise ValueError(indicator)
    return r


def records_2d(indicator: str, counts: list[list[int]]) -> list[dict[str, Any]]:
    codes = TWO_D[indicator][1]
    return [
        record(indicator, KOMMUNEN[k], codes[c])
        for k, row in enumerate(counts)
        for c, n in enumerate(row)
        for _ in range(n)
    ]


def records_entry(counts: list[list[int]]) -> list[dict[str, Any]]:
    """Kommune × school_entry (all four codes): einschulungsart and rueckstellungsquote."""
    return [
        {"school_year": YEAR, "residence_ags": KOMMUNEN[k], "school_entry": ENTRIES[c]}
        for k, row in enumerate(counts)
        for c, n in enumerate(row)
        for _ in range(n)
    ]


def records_3d(counts: list[list[list[int]]], without_recommendation: list[list[int]] | None = None
               ) -> list[dict[str, Any]]:
    """Kommune × recommendation × transition (class 4); optionally transitions without one."""
    out = [
        {"school_year": YEAR, "school_ags": KOMMUNEN[k], "grade": 4,
         "recommendation": RECOMMENDATIONS[r], "transition_schulform": TRANSITIONS[t]}
        for k, plane in enumerate(counts)
        for r, row in enumerate(plane)
        for t, n in enumerate(row)
        for _ in range(n)
    ]
    for k, row in enumerate(without_recommendation or []):
        for t, n in enumerate(row):
            out += [{"school_year": YEAR, "school_ags": KOMMUNEN[k], "grade": 4,
                     "transition_schulform": TRANSITIONS[t]}] * n
    return out


def small_count(rng: random.Random) -> int:
    """Mostly small counts: a third zero, a third 1–2 (primary), a third 3–12."""
    x = rng.random()
    return 0 if x < 0.3 else rng.randint(1, 2) if x < 0.65 else rng.randint(3, 12)


def matrix(rng: random.Random, rows: int, cols: int) -> list[list[int]]:
    return [[small_count(rng) for _ in range(cols)] for _ in range(rows)]


def mixed_records(rng: random.Random, n: int, kommunen: Sequence[str]) -> list[dict[str, Any]]:
    """Records for all seven standard indicators at once (as in test_monitor)."""
    out: list[dict[str, Any]] = []
    for _ in range(n):
        grade = rng.choice([1, 4, 4, 7, 10])
        r: dict[str, Any] = {
            "school_year": YEAR,
            "school_ags": rng.choice(kommunen),
            "residence_ags": rng.choice(kommunen),
            "schulform": rng.choice(["02", "20", "15", "10", "08"]),
            "grade": grade,
            "repeater": rng.random() < 0.05,
            "foerderbedarf": rng.random() < 0.07,
        }
        if grade == 4:
            if rng.random() < 0.9:
                r["recommendation"] = rng.choice(RECOMMENDATIONS)
            r["transition_schulform"] = rng.choice(TRANSITIONS)
        if grade == 1:
            r["school_entry"] = rng.choice(ENTRIES)
        if grade == 10:
            r["qualification"] = rng.choice(["ESA", "MSA", "MSA", "OA"])
        out.append(r)
    return out


# ---------------------------------------------------------------------------------------------
# The attacker itself: it finds what it must find, and never claims more than is true.


def _hand_table(table_id: str, rows: list[tuple[str, str, int | None]]) -> sa.Table:
    text = "kommune,x,count\n" + "".join(
        f"{k},{c},{'.' if v is None else v}\n" for k, c, v in rows
    )
    return sa.parse_table(table_id, text)


def test_attacker_finds_a_lone_suppression_and_a_pinned_pair() -> None:
    rows = [("A", "a", None), ("A", "b", 5), ("A", "Insgesamt", 7),
            ("B", "a", 4), ("B", "b", 5), ("B", "Insgesamt", 9),
            ("Insgesamt", "a", 6), ("Insgesamt", "b", 10), ("Insgesamt", "Insgesamt", 16)]
    truth = [[2, 5, 7, 4, 5, 9, 6, 10, 16]]
    status = [["primary"] + ["published"] * 8]
    a = sa.audit([_hand_table("t", rows)], status, truth)
    assert {(v.cell, v.category) for v in a.violations} == {
        ("t[A,a]", "exact"), ("t[A,a]", "existence")}
    # Two suppressions in a row and column each: [0, 2] — narrow for width 3, no existence.
    rows2 = [("A", "a", None), ("A", "b", None), ("A", "Insgesamt", 7),
             ("B", "a", None), ("B", "b", None), ("B", "Insgesamt", 9),
             ("Insgesamt", "a", 2), ("Insgesamt", "b", 14), ("Insgesamt", "Insgesamt", 16)]
    a = sa.audit([_hand_table("t", rows2)], [["primary", "secondary", "published"] * 2
                                              + ["published"] * 3],
                 [[1, 6, 7, 1, 8, 9, 2, 14, 16]])
    assert Counter(v.category for v in a.violations) == Counter(narrow=2)
    assert a.stats.attacked == 4


def test_attacker_uses_every_documented_link() -> None:
    """r01's data: each table alone is safe, the shared on_time cells disclose. Published in
    two separate calls (a register of earlier publications), the attacker still finds it."""
    recs = _r01_records()
    p1, t1 = publish(["einschulungsart"], recs, bn.Protection(), KOMMUNEN[:3])
    p2, t2 = publish(["rueckstellungsquote"], recs, bn.Protection(), KOMMUNEN[:3])
    alone = audit_tables(p2, t2, bn.Protection(), kind="attacker self-test (not asserted)")
    assert not alone.violations
    together = audit_tables(p2, t2, bn.Protection(), kind="attacker self-test (not asserted)",
                            register=[(p1, t1)])
    assert "rueckstellungsquote[05334002,deferred]" in together.by_category()["exact"]
    # The recommendation margin and the rate column are relations too.
    m = sa.Model([sa.parse_table("uebergangsquote", "kommune,transition_schulform,count\n"
                                 "A,10,.\nA,20,.\nA,Insgesamt,8\n"
                                 "Insgesamt,10,.\nInsgesamt,20,.\nInsgesamt,Insgesamt,8\n"),
                  sa.parse_table("uebergang_nach_empfehlung",
                                 "kommune,recommendation,transition_schulform,count\n"
                                 "A,Insgesamt,10,3\n")])
    assert "uebergang_nach_empfehlung<=uebergangsquote" in m.links
    lo, hi = sa.Solver(m).interval(m.find(0, ("A", "10")) or 0, integer=False)
    assert (lo, hi) == (3.0, 8.0)
    rate = sa.parse_table("x", "kommune,x,count,denominator,rate\nA,a,.,7,0.285714\nA,b,.,7,.\n"
                          "A,Insgesamt,7,7,1.000000\n")
    m = sa.Model([rate])
    assert sa.Solver(m).interval(0, integer=True) == (2.0, 2.0)


def test_r03_rounding_to_nearest_pins_every_cell() -> None:
    """Reproducer r03 (each cell rounded on its own to base 5), attacked under conventional
    rounding: every inner cell is exact. The table is rounded here by hand, as the library
    did before it suppressed before rounding."""
    rows = [("A", "ja", 2), ("A", "nein", 2), ("A", "Insgesamt", 4),
            ("B", "ja", 2), ("B", "nein", 2), ("B", "Insgesamt", 4),
            ("Insgesamt", "ja", 4), ("Insgesamt", "nein", 4), ("Insgesamt", "Insgesamt", 8)]
    text = "kommune,repeater,count\n" + "".join(
        f"{k},{r},{(v + 2) // 5 * 5}\n" for k, r, v in rows)
    table = sa.parse_table("wiederholerquote", text, base=5, rounding="nearest")
    a = sa.audit([table], [["primary" if v < 3 else "rounded" for _, _, v in rows]],
                 [[v for _, _, v in rows]], self_disclosure=False)
    assert len(a.by_category()["exact"]) == 4, a.message()


def test_r03_rounded_publication_discloses_nothing() -> None:
    """Reproducer r03 through the library: small cells are suppressed before rounding."""
    recs = [{"school_year": YEAR, "school_ags": k, "schulform": "20", "grade": 7, "repeater": rep}
            for k in KOMMUNEN[:2] for rep in (True, False) for _ in range(2)]
    published, truth = publish(["wiederholerquote"], recs, bn.Protection.rounding(5),
                               KOMMUNEN[:2])
    tables = [sa.parse_table(p.id, p.to_csv(), base=5, rounding="nearest") for p in published]
    a = sa.audit(tables, [p.cell_status() for p in published],
                 [_truth_rows(p, t) for p, t in zip(published, truth)], self_disclosure=False)
    assert not any(a.by_category()[k] for k in ("exact", "narrow", "existence")), a.message()


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_attacker_is_sound(data: st.DataObject) -> None:
    """Whatever the library publishes, the truth lies inside every interval the attacker
    computes (else the attacker's model of the tables is wrong)."""
    ind = data.draw(st.sampled_from(sorted(TWO_D)))
    k = data.draw(st.integers(2, 4))
    counts = data.draw(st.lists(st.lists(st.integers(0, 8), min_size=len(TWO_D[ind][1]),
                                         max_size=len(TWO_D[ind][1])), min_size=k, max_size=k))
    published, truth = publish([ind], records_2d(ind, counts), bn.Protection(), KOMMUNEN[:k])
    a = audit_tables(published, truth, bn.Protection(), kind="attacker self-test (not asserted)",
                     self_disclosure=False)
    assert not a.by_category()["unsound"], a.message()


# ---------------------------------------------------------------------------------------------
# The library's publications: zero violations expected.


def _r01_records() -> list[dict[str, Any]]:
    recs: list[dict[str, Any]] = []
    plan = {KOMMUNEN[0]: (1, 50, 5, 2), KOMMUNEN[1]: (6, 40, 4, 7), KOMMUNEN[2]: (8, 30, 6, 9)}
    for k, ns in plan.items():
        for entry, n in zip(ENTRIES, ns):
            recs += [{"school_year": YEAR, "residence_ags": k, "school_entry": entry}] * n
    return recs


def test_r01_linked_indicators_published_together() -> None:
    a = audit_records(["einschulungsart", "rueckstellungsquote"], _r01_records(),
                      bn.Protection(), "linked einschulung", KOMMUNEN[:3])
    assert_safe(a, "r01")


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("indicator", sorted(TWO_D))
def test_2d_indicator_alone(indicator: str, seed: int) -> None:
    rng = random.Random(f"{indicator}/{seed}")
    k = rng.randint(2, 5)
    counts = matrix(rng, k, len(TWO_D[indicator][1]))
    a = audit_records([indicator], records_2d(indicator, counts), bn.Protection(), "2-D",
                      KOMMUNEN[:k])
    assert_safe(a, f"{indicator} seed {seed}")


@pytest.mark.parametrize("seed", range(4))
def test_3d_uebergang_nach_empfehlung(seed: int) -> None:
    rng = random.Random(f"3d/{seed}")
    k = rng.randint(2, 3)
    counts = [matrix(rng, len(RECOMMENDATIONS), len(TRANSITIONS)) for _ in range(k)]
    a = audit_records(["uebergang_nach_empfehlung"], records_3d(counts), bn.Protection(), "3-D",
                      KOMMUNEN[:k])
    assert_safe(a, f"uebergang_nach_empfehlung seed {seed}")


@pytest.mark.parametrize("seed", range(8))
def test_linked_einschulung(seed: int) -> None:
    rng = random.Random(f"einschulung/{seed}")
    k = rng.randint(2, 5)
    a = audit_records(["einschulungsart", "rueckstellungsquote"],
                      records_entry(matrix(rng, k, len(ENTRIES))), bn.Protection(),
                      "linked einschulung", KOMMUNEN[:k])
    assert_safe(a, f"einschulungsart+rueckstellungsquote seed {seed}")


@pytest.mark.parametrize("seed", range(4))
def test_linked_uebergang(seed: int) -> None:
    rng = random.Random(f"uebergang/{seed}")
    k = rng.randint(2, 3)
    counts = [matrix(rng, len(RECOMMENDATIONS), len(TRANSITIONS)) for _ in range(k)]
    without = matrix(rng, k, len(TRANSITIONS)) if seed % 2 else None
    a = audit_records(["uebergang_nach_empfehlung", "uebergangsquote"],
                      records_3d(counts, without), bn.Protection(), "linked uebergang",
                      KOMMUNEN[:k])
    assert_safe(a, f"uebergang_nach_empfehlung+uebergangsquote seed {seed}")


@pytest.mark.parametrize("seed", range(2))
def test_bw_population_denominator(seed: int) -> None:
    """Convention "bw": the Übergangsquote divides by its own population table (class-4 pupils
    with a recommendation), published as ``uebergangsquote.nenner`` beside the count table."""
    rng = random.Random(f"bw/{seed}")
    k = rng.randint(2, 3)
    counts = [matrix(rng, len(RECOMMENDATIONS), len(TRANSITIONS)) for _ in range(k)]
    recs = records_3d(counts)
    recs += [{"school_year": YEAR, "school_ags": KOMMUNEN[i], "grade": 4, "recommendation": "GY"}
             for i in range(k) for _ in range(small_count(rng))]  # no transition (yet)
    a = audit_records(["uebergangsquote", "uebergang_nach_empfehlung"], recs, bn.Protection(),
                      "linked uebergang (bw)", KOMMUNEN[:k], convention="bw")
    # The population table is protected on its own, not linked with the count tables
    # (issue 17, open): its nesting with `uebergang_nach_empfehlung` can still pin a cell or
    # show that it is not empty. Only narrow intervals are asserted here until it is linked.
    assert_safe(a, f"bw seed {seed}", also_open=frozenset({"existence", "exact"}))


@pytest.mark.parametrize("seed", range(2))
def test_all_standard_indicators_together(seed: int) -> None:
    rng = random.Random(f"all/{seed}")
    k = rng.randint(2, 3)
    recs = mixed_records(rng, rng.randint(60, 200), KOMMUNEN[:k])
    a = audit_records(bn.Indicators(YEAR, KOMMUNEN[:k]).ids, recs, bn.Protection(),
                      "all seven", KOMMUNEN[:k])
    assert_safe(a, f"all standard indicators seed {seed}")


def test_r03_rounded_publication() -> None:
    recs = [{"school_year": YEAR, "school_ags": k, "schulform": "20", "grade": 7, "repeater": rep}
            for k in KOMMUNEN[:2] for rep in (True, False) for _ in range(2)]
    a = audit_records(["wiederholerquote"], recs, bn.Protection.rounding(5), "rounded",
                      KOMMUNEN[:2])
    assert_safe(a, "r03")


@pytest.mark.parametrize("seed", range(6))
def test_rounded(seed: int) -> None:
    rng = random.Random(f"rounded/{seed}")
    k = rng.randint(2, 5)
    if seed % 3 == 2:
        ids = ["einschulungsart", "rueckstellungsquote"]
        recs = records_entry(matrix(rng, k, len(ENTRIES)))
    else:
        ids = [sorted(TWO_D)[seed % len(TWO_D)]]
        recs = records_2d(ids[0], matrix(rng, k, len(TWO_D[ids[0]][1])))
    a = audit_records(ids, recs, bn.Protection.rounding(5), "rounded", KOMMUNEN[:k])
    assert_safe(a, f"rounded {ids} seed {seed}")


def _directory_by_sozialindex(prefix: str) -> tuple[dict[tuple[str, ...], int],
                                                     dict[tuple[str, ...], int]]:
    """Schools and pupils per (Kommune, Sozialindex), margins included, read from the file
    itself (the schools per cell are not published for this table)."""
    schools: dict[tuple[str, ...], int] = defaultdict(int)
    pupils: dict[tuple[str, ...], int] = defaultdict(int)
    with DIRECTORY.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ags = row["Amtlicher Gemeindeschlüssel"].strip().zfill(8)
            if not ags.startswith(prefix) or not row["Anzahl"].strip():
                continue
            si = row["Sozialindex"].strip()
            code = str(int(float(si))) if si else "ohne"
            for key in ((ags, code), (ags, "Insgesamt"), ("Insgesamt", code),
                        ("Insgesamt", "Insgesamt")):
                schools[key] += 1
                pupils[key] += int(float(row["Anzahl"]))
    return schools, pupils


def test_directory_aachen() -> None:
    """The real school directory (StädteRegion Aachen), magnitude protection."""
    protection = bn.Protection.magnitude()
    pub = bn.directory_tables(DIRECTORY, "05334", protection)
    tru = bn.directory_tables(DIRECTORY, "05334",
                              bn.Protection(min_frequency=1, min_interval_width=0))
    published = [pub.schools, pub.pupils_by_schulform, pub.pupils_by_sozialindex]
    truth = [tru.schools, tru.pupils_by_schulform, tru.pupils_by_sozialindex]
    # Contributors (schools) per cell: the public schools table for the Schulform table;
    # counted from the file for the Sozialindex table (used only if its pupils agree).
    schools = _values(tru.schools)
    by_form = [schools.get(lab, 0) for lab in _labels(pub.pupils_by_schulform)]
    counted, pupils = _directory_by_sozialindex("05334")
    labels = _labels(pub.pupils_by_sozialindex)
    agree = all(pupils.get(lab, 0) == v for lab, v in _values(tru.pupils_by_sozialindex).items())
    by_index = [counted.get(lab, 0) for lab in labels] if agree else None
    a = audit_tables(published, truth, protection, kind="directory (real data)",
                     contributors=[None, by_form, by_index], self_pairs=300)
    assert_safe(a, "directory 05334")


def _labels(t: bn.ProtectedTable) -> list[tuple[str, ...]]:
    at = pa.table(t)
    cols = [at.column(d).to_pylist() for d in t.dimensions]
    return [tuple(_label(c[i]) for c in cols) for i in range(t.num_rows)]


# ---------------------------------------------------------------------------------------------
# Property test over all kinds of publications.

KINDS = ["2-D", "3-D", "linked einschulung", "linked uebergang", "rounded"]


@st.composite
def publications(draw: st.DrawFn) -> tuple[str, list[str], list[dict[str, Any]], int, bool]:
    kind = draw(st.sampled_from(KINDS))
    small = st.one_of(st.just(0), st.integers(1, 2), st.integers(3, 12))
    k = draw(st.integers(2, 3 if kind in ("3-D", "linked uebergang") else 5))

    def grid(rows: int, cols: int) -> list[list[int]]:
        return draw(st.lists(st.lists(small, min_size=cols, max_size=cols),
                             min_size=rows, max_size=rows))

    if kind in ("3-D", "linked uebergang"):
        counts = [grid(len(RECOMMENDATIONS), len(TRANSITIONS)) for _ in range(k)]
        without = grid(k, len(TRANSITIONS)) if draw(st.booleans()) else None
        ids = (["uebergang_nach_empfehlung"] if kind == "3-D"
               else ["uebergang_nach_empfehlung", "uebergangsquote"])
        return kind, ids, records_3d(counts, without), k, False
    if kind == "linked einschulung" or (kind == "rounded" and draw(st.booleans())):
        return (kind, ["einschulungsart", "rueckstellungsquote"],
                records_entry(grid(k, len(ENTRIES))), k, kind == "rounded")
    ind = draw(st.sampled_from(sorted(TWO_D)))
    return kind, [ind], records_2d(ind, grid(k, len(TWO_D[ind][1]))), k, kind == "rounded"


# No shrinking: a failure is reported as found (shrinking would take minutes while the library
# still discloses); the message names the cells.
@settings(max_examples=30, deadline=None, database=None,
          phases=[Phase.explicit, Phase.reuse, Phase.generate], report_multiple_bugs=False,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(publications())
def test_property_no_disclosure(
    pub: tuple[str, list[str], list[dict[str, Any]], int, bool],
) -> None:
    kind, ids, recs, k, rounded = pub
    protection = bn.Protection.rounding(5) if rounded else bn.Protection()
    a = audit_records(ids, recs, protection, f"property: {kind}", KOMMUNEN[:k])
    assert_safe(a, f"{kind} {ids}")


@pytest.fixture(scope="module", autouse=True)
def _print_summary() -> Iterator[None]:
    t0 = time.perf_counter()
    yield
    print(f"\n{TOTALS.summary()}\n  ({time.perf_counter() - t0:.1f} s)")


# ---------------------------------------------------------------------------------------------
# python python/tests/test_sdc_audit.py [seeds]: the summary figure over many publications.


def main(seeds: int) -> None:
    t0 = time.perf_counter()
    failures: Counter[str] = Counter()

    def run(kind: str, fn: Any, *args: Any) -> None:
        try:
            fn(*args)
        except (AssertionError, pytest.fail.Exception):
            failures[kind] += 1

    for seed in range(seeds):
        for ind in sorted(TWO_D):
            rng = random.Random(f"main/{ind}/{seed}")
            k = rng.randint(2, 5)
            run("2-D", lambda: assert_safe(audit_records(
                [ind], records_2d(ind, matrix(rng, k, len(TWO_D[ind][1]))), bn.Protection(),
                "2-D", KOMMUNEN[:k]), ""))
            run("rounded", lambda: assert_safe(audit_records(
                [ind], records_2d(ind, matrix(rng, k, len(TWO_D[ind][1]))),
                bn.Protection.rounding(5), "rounded", KOMMUNEN[:k]), ""))
        rng = random.Random(f"main/3d/{seed}")
        k = rng.randint(2, 4)
        counts = [matrix(rng, len(RECOMMENDATIONS), len(TRANSITIONS)) for _ in range(k)]
        run("3-D", lambda: assert_safe(audit_records(
            ["uebergang_nach_empfehlung"], records_3d(counts), bn.Protection(), "3-D",
            KOMMUNEN[:k]), ""))
        without = matrix(rng, k, len(TRANSITIONS)) if seed % 2 else None
        run("linked uebergang", lambda: assert_safe(audit_records(
            ["uebergang_nach_empfehlung", "uebergangsquote"], records_3d(counts, without),
            bn.Protection(), "linked uebergang", KOMMUNEN[:k]), ""))
        k = rng.randint(2, 5)
        entries = matrix(rng, k, len(ENTRIES))
        for prot, kind in ((bn.Protection(), "linked einschulung"),
                           (bn.Protection.rounding(5), "rounded")):
            run(kind, lambda: assert_safe(audit_records(
                ["einschulungsart", "rueckstellungsquote"], records_entry(entries), prot, kind,
                KOMMUNEN[:k]), ""))
        k = rng.randint(2, 3)
        recs = mixed_records(rng, rng.randint(60, 200), KOMMUNEN[:k])
        run("all seven", lambda: assert_safe(audit_records(
            bn.Indicators(YEAR, KOMMUNEN[:k]).ids, recs, bn.Protection(), "all seven",
            KOMMUNEN[:k]), ""))
    run("directory (real data)", test_directory_aachen)
    print(TOTALS.summary())
    print(f"  publications with violations by kind: {dict(failures)}")
    print(f"  ({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
