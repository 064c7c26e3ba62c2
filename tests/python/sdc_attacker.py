"""An independent disclosure-control attacker for published tables (issue 17).

It shares no code and no assumption with the library's protection: it reads only what is
published (the CSV text of each table, the rounding base the publisher states) and what the
indicators are documented to tabulate, and computes, for every suppressed or rounded cell, the
interval of values that stays consistent with everything published together — by linear
programming (scipy HiGHS), relaxed and integer.

What the attacker knows
-----------------------
* Every published cell: an exact value, or "." (suppressed), or — in a rounded publication —
  a value v whose true value lies in [v - (b - 1), v + (b - 1)] ∩ [0, ∞) (``"adjacent"``: the
  most an attacker may assume of any rounding to a neighbouring multiple of b — random,
  unbiased or controlled). The library documents only "rounding to 5"; a second model,
  ``"nearest"`` (conventional rounding half up: [v - ⌊b/2⌋, v + ⌊(b-1)/2⌋]), is the attacker
  who guesses conventional rounding — the tests use it where the values are in fact
  conventionally rounded.
* Non-negativity and integrality of counts.
* Additive relations inside a table, from the labels: a cell labelled "Insgesamt" in one
  dimension is the sum of the cells with every other label of that dimension (other labels
  fixed); a published subtotal (``mit_foerderbedarf``) is the sum of its members (GROUPS).
  This covers the inner cells per Kommune and category, the category totals, the Kommune
  totals, the Land totals, and in 3-D tables every two- and one-dimensional margin.
* The ``denominator`` column: the category total of the row (or, where the indicator has a
  population table ``<id>.nenner``, that table's cell); the ``rate`` column: count / denominator
  to six decimals, i.e. (r - 5e-7)·den <= count <= (r + 5e-7)·den, linear in both. In a rounded
  publication a rate that equals the rounded count over the rounded denominator adds nothing;
  any other rate is taken as a rate of the true values.
* Links between tables, derived from the standard indicators' definitions
  (core/src/monitor/indicator.rs, ``standard_indicators``):

  - ``einschulungsart`` (Kommune of residence × school_entry in early, on_time,
    after_deferral) and ``rueckstellungsquote`` (Kommune of residence × school_entry in
    on_time, deferred) count the same records in ``on_time``: the cells (k, on_time) are
    equal in both, for every Kommune k and for the Land.
  - ``uebergang_nach_empfehlung`` (school Kommune × recommendation × transition_schulform,
    class 4) counts the class-4 transitions that carry a recommendation;
    ``uebergangsquote`` (school Kommune × transition_schulform, class 4) counts all class-4
    transitions. So uen(k, Insgesamt, t) <= uq(k, t) for every k and t (totals included). It
    is an equality when every transition carries a recommendation — the attacker does not
    assume it, but the LP derives it whenever the published totals agree (all <= with equal
    sums are equalities).
  - Population nesting (weak, sound): uq(k, Insgesamt) <= foerderquote(k, Insgesamt)
    (class 4 is inside classes 1–10, both by school Kommune); wiederholerquote(k, Insgesamt)
    <= foerderquote(k, ohne) + foerderquote(k, inklusiv) (classes 3–10 outside the
    Förderschulen are inside classes 1–10 and never ``foerderschule``); with a population
    table ``uebergangsquote.nenner`` (class-4 pupils with a recommendation, convention "bw"):
    uen(k, Insgesamt, Insgesamt) <= nenner(k).
  - Directory tables: ``schueler_schulform`` and ``schueler_sozialindex`` sum the same
    pupils per Kommune (their (k, Insgesamt) cells are equal); a (Kommune, Schulform) with
    0 schools in the public ``schulen`` table has 0 pupils.
  - The same table in an earlier publication (a register of what was published before, from
    the same records): the same cells are equal; Land rows only when the Kommune lists agree.
  Links that rest on the Land row ("Insgesamt" Kommune) are used only when both tables list
  the same Kommunen.

What it reports (``audit``), judged with the producer's own view (cell status, true counts):
* ``exact``: a protected cell pinned to one value;
* ``narrow``: a protected cell whose integer interval is narrower than the required width,
  max(min_interval_width, min_interval_percent % of its value) — in a rounded table no more than
  the cell's own rounding interval (rounding to 5 conventionally leaves [0, 2] for a published
  0; the relations must not narrow it further);
* ``existence``: a protected cell of a count table whose lower bound is >= 1 (reported
  separately; not for magnitude tables, whose contributors — schools — are public; in a rounded
  table only where the cell's own rounding interval starts at 0);
* ``self``: a contributor alone in a protected cell s knows s; with s fixed at its true value,
  another protected cell v becomes exact or narrow for the others in v (v minus the contributor
  when v counts s's records). Cells inside s and cells with no others are skipped. Checked with
  the LP relaxation and for at most ``self_pairs`` (singleton, victim) pairs per publication, the
  victims with the least width to spare first: a lower bound of the true count;
* ``unsound``: the truth lies outside a computed interval, or the published values contradict
  the relations — a bug of the attacker's model or of the publication, never expected.
Protected cells are the primary suppressions; in a rounded publication the cells whose true
count is below ``min_frequency`` (1 .. min_frequency-1; zeros when ``suppress_zeros``).
The intervals of primary cells are integer (MILP) wherever the LP relaxation might not be tight:
a table with more than two dimensions, published subtotals, a link between tables, a rate.
Secondary suppressions are attacked too (LP), to check soundness and count what is derivable.

Run ``python python/tests/test_sdc_audit.py`` for a summary over many generated publications.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import (  # type: ignore[import-untyped]
    Bounds,
    LinearConstraint,
    linprog,
    milp,
)
from scipy.sparse import coo_array, csr_array  # type: ignore[import-untyped]

TOTAL = "Insgesamt"
SUPPRESSED = "."
VALUE_COLUMNS = ("count", "pupils", "schools")
RATE_EPS = 5e-7 + 1e-9
BIG = 10**9

# Published subtotals of a category: (table id, dimension) -> {group label: members}.
# foerderquote: "mit_foerderbedarf" = foerderschule + inklusiv (indicator.rs, foerder.groups).
GROUPS: dict[tuple[str, str], dict[str, tuple[str, ...]]] = {
    ("foerderquote", "foerder"): {"mit_foerderbedarf": ("foerderschule", "inklusiv")},
}

CATEGORIES = ("exact", "narrow", "existence", "self", "unsound")

#: The detail of a violation that only an attacker reasoning in integers finds.
INTEGER_ONLY = "integer only"


# ---------------------------------------------------------------------------------------------
# What is published.


@dataclass
class Table:
    """One published table, as parsed from its CSV text."""

    id: str
    dims: tuple[str, ...]
    value_name: str
    labels: list[tuple[str, ...]]
    values: list[int | None]
    dens: list[int | None] | None = None
    rates: list[float | None] | None = None
    base: int | None = None  # rounding base the publisher states; None: exact values
    rounding: str = "adjacent"  # the attacker's assumption about the rounding (see _observed)
    pub: int = 0  # 0: this publication; 1, 2, ...: earlier publications (register)

    def name(self, row: int) -> str:
        tag = f"{self.id}@{self.pub}" if self.pub else self.id
        return f"{tag}[{','.join(self.labels[row])}]"

    def kommunen(self) -> frozenset[str]:
        return frozenset(lab[0] for lab in self.labels if lab[0] != TOTAL)


def _num(text: str) -> int | None:
    return None if text == SUPPRESSED else int(text)


def parse_table(
    table_id: str, text: str, *, base: int | None = None, rounding: str = "adjacent", pub: int = 0
) -> Table:
    """Parses the CSV of one published table (``ProtectedTable.to_csv()``)."""
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if r]
    header = rows[0]
    value_col = next(i for i, c in enumerate(header) if c in VALUE_COLUMNS)
    dims = tuple(header[:value_col])
    den_col = header.index("denominator") if "denominator" in header else None
    rate_col = header.index("rate") if "rate" in header else None
    t = Table(
        id=table_id,
        dims=dims,
        value_name=header[value_col],
        labels=[],
        values=[],
        dens=[] if den_col is not None else None,
        rates=[] if rate_col is not None else None,
        base=base if base and base > 1 else None,
        rounding=rounding,
        pub=pub,
    )
    for r in rows[1:]:
        t.labels.append(tuple(r[:value_col]))
        t.values.append(_num(r[value_col]))
        if t.dens is not None and den_col is not None:
            t.dens.append(_num(r[den_col]))
        if t.rates is not None and rate_col is not None:
            t.rates.append(None if r[rate_col] == SUPPRESSED else float(r[rate_col]))
    return t


def parse_publication(
    text: str, *, base: int | None = None, rounding: str = "adjacent", pub: int = 0
) -> list[Table]:
    """Parses ``IndicatorResult.to_csv()`` text: tables each headed by a line ``# <id>``."""
    out: list[Table] = []
    current: str | None = None
    lines: list[str] = []
    for line in text.splitlines():
        if line.startswith("# "):
            if current is not None:
                out.append(parse_table(current, "\n".join(lines), base=base, rounding=rounding, pub=pub))
            current, lines = line[2:].strip(), []
        elif line.strip():
            lines.append(line)
    if current is not None:
        out.append(parse_table(current, "\n".join(lines), base=base, rounding=rounding, pub=pub))
    return out


# ---------------------------------------------------------------------------------------------
# The model: one variable per published cell, intervals and linear relations.

CellRef = tuple[int, int]  # (table index, row)


@dataclass
class Relation:
    coefs: dict[int, float]  # cell index -> coefficient
    sense: str  # "eq": sum == rhs; "le": sum <= rhs
    rhs: float = 0.0
    why: str = ""


class Inconsistent(Exception):
    """The published values contradict the relations the attacker derived."""


@dataclass
class Model:
    tables: list[Table]
    groups: Mapping[tuple[str, str], Mapping[str, tuple[str, ...]]] = field(
        default_factory=lambda: GROUPS
    )
    cells: list[CellRef] = field(default_factory=list)
    index: dict[CellRef, int] = field(default_factory=dict)
    lo: list[float] = field(default_factory=list)
    hi: list[float] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    fractional: bool = False  # a relation with a non-integer coefficient (rates)
    links: list[str] = field(default_factory=list)  # names of the cross-table links used

    def __post_init__(self) -> None:
        for ti, t in enumerate(self.tables):
            for row, v in enumerate(t.values):
                self.index[(ti, row)] = len(self.cells)
                self.cells.append((ti, row))
                lo, hi = _observed(v, t.base, t.rounding)
                self.lo.append(lo)
                self.hi.append(hi)
        for ti, t in enumerate(self.tables):
            self._margins(ti, t)
            self._denominators(ti, t)
        for name, fn in LINKS:
            before = len(self.relations)
            fn(self)
            if len(self.relations) > before:
                self.links.append(name)

    # -- helpers --------------------------------------------------------------------------------

    def name(self, cell: int) -> str:
        ti, row = self.cells[cell]
        return self.tables[ti].name(row)

    def find(self, ti: int, labels: tuple[str, ...]) -> int | None:
        t = self.tables[ti]
        lut = getattr(t, "_lut", None)
        if lut is None:
            lut = {lab: row for row, lab in enumerate(t.labels)}
            t._lut = lut  # type: ignore[attr-defined]
        row = lut.get(labels)
        return None if row is None else self.index[(ti, row)]

    def tables_with(self, table_id: str) -> list[int]:
        return [i for i, t in enumerate(self.tables) if t.id == table_id]

    def add(self, coefs: dict[int, float], sense: str, rhs: float = 0.0, why: str = "") -> None:
        if any(not float(c).is_integer() for c in coefs.values()):
            self.fractional = True
        self.relations.append(Relation(coefs, sense, rhs, why))

    def distances(self, start: int) -> dict[int, int]:
        """Breadth-first distance from a cell to every cell, through shared relations."""
        if not hasattr(self, "_by_cell"):
            by_cell: dict[int, list[int]] = defaultdict(list)
            for n, r in enumerate(self.relations):
                for c in r.coefs:
                    by_cell[c].append(n)
            self._by_cell = by_cell
        dist = {start: 0}
        frontier = [start]
        seen_rel: set[int] = set()
        while frontier:
            nxt = []
            for c in frontier:
                for n in self._by_cell.get(c, ()):
                    if n in seen_rel:
                        continue
                    seen_rel.add(n)
                    for d in self.relations[n].coefs:
                        if d not in dist:
                            dist[d] = dist[c] + 1
                            nxt.append(d)
            frontier = nxt
        return dist

    def restrict(self, cell: int, lo: float, hi: float) -> None:
        self.lo[cell] = max(self.lo[cell], lo)
        self.hi[cell] = min(self.hi[cell], hi)

    # -- within a table -------------------------------------------------------------------------

    def _margins(self, ti: int, t: Table) -> None:
        for d, dim in enumerate(t.dims):
            groups = self.groups.get((t.id, dim), {})
            seen: list[str] = []
            for lab in t.labels:
                if lab[d] not in seen:
                    seen.append(lab[d])
            atoms = [x for x in seen if x != TOTAL and x not in groups]
            for row, lab in enumerate(t.labels):
                members: Sequence[str]
                if lab[d] == TOTAL:
                    members = atoms
                elif lab[d] in groups:
                    members = groups[lab[d]]
                else:
                    continue
                parts = [self.find(ti, lab[:d] + (m,) + lab[d + 1 :]) for m in members]
                if not parts or any(p is None for p in parts):
                    continue  # a member row is not published: no relation (always sound)
                coefs: dict[int, float] = defaultdict(float)
                for p in parts:
                    assert p is not None
                    coefs[p] += 1.0
                coefs[self.index[(ti, row)]] -= 1.0
                self.add(dict(coefs), "eq", 0.0, f"margin {dim}")

    def _denominators(self, ti: int, t: Table) -> None:
        if t.dens is None:
            return
        pop = [i for i in self.tables_with(t.id + ".nenner") if self.tables[i].pub == t.pub]
        for row, lab in enumerate(t.labels):
            if pop:
                den = self.find(pop[0], lab[: len(self.tables[pop[0]].dims)])
            else:
                den = self.find(ti, lab[:-1] + (TOTAL,))
            if den is None:
                continue
            d = t.dens[row]
            if d is not None:
                lo, hi = _observed(d, t.base, t.rounding)
                self.restrict(den, lo, hi)
            r = t.rates[row] if t.rates is not None else None
            if r is None:
                continue
            v = t.values[row]
            cell = self.index[(ti, row)]
            if v is not None and d is not None:
                if t.base is not None and d > 0 and abs(v / d - r) <= RATE_EPS:
                    continue  # the rate of the rounded values: nothing new
                if t.base is None:
                    if d > 0 and abs(v / d - r) > RATE_EPS:
                        raise Inconsistent(f"rate of {t.name(row)} is not count/denominator")
                    continue
            if cell == den:
                continue
            # (r - eps)·den <= count <= (r + eps)·den
            self.add({cell: 1.0, den: -(r + RATE_EPS)}, "le", 0.0, "rate")
            self.add({cell: -1.0, den: r - RATE_EPS}, "le", 0.0, "rate")


def _observed(v: int | None, base: int | None, rounding: str = "adjacent") -> tuple[float, float]:
    """The interval of true values a published value stands for. Rounding ``"adjacent"``: to
    either multiple of the base next to the value (any unbiased, random or controlled rounding);
    ``"nearest"``: conventional rounding (half up)."""
    if v is None:
        return 0.0, math.inf
    if base is None:
        return float(v), float(v)
    if rounding == "nearest":
        return float(max(0, v - base // 2)), float(v + (base - 1) // 2)
    return float(max(0, v - (base - 1))), float(v + (base - 1))


def rounds_to(true: int, published: int, base: int, rounding: str) -> bool:
    lo, hi = _observed(published, base, rounding)
    return lo <= true <= hi


# ---------------------------------------------------------------------------------------------
# Links between tables published together (see the module docstring for their derivation).


def _pairs(m: Model, a: str, b: str) -> Iterable[tuple[int, int]]:
    for i in m.tables_with(a):
        for j in m.tables_with(b):
            if i != j:
                yield i, j


def _same_kommunen(m: Model, i: int, j: int) -> bool:
    return m.tables[i].kommunen() == m.tables[j].kommunen()


def _link_shared_on_time(m: Model) -> None:
    for i, j in _pairs(m, "einschulungsart", "rueckstellungsquote"):
        same = _same_kommunen(m, i, j)
        for lab in m.tables[i].labels:
            if lab[-1] != "on_time" or (lab[0] == TOTAL and not same):
                continue
            a, b = m.find(i, lab), m.find(j, lab)
            if a is not None and b is not None:
                m.add({a: 1.0, b: -1.0}, "eq", 0.0, "einschulungsart~rueckstellungsquote")


def _link_recommendation_margin(m: Model) -> None:
    for i, j in _pairs(m, "uebergang_nach_empfehlung", "uebergangsquote"):
        same = _same_kommunen(m, i, j)
        for lab in m.tables[j].labels:
            if lab[0] == TOTAL and not same:
                continue
            a = m.find(i, (lab[0], TOTAL, lab[1]))
            b = m.find(j, lab)
            if a is not None and b is not None:
                m.add({a: 1.0, b: -1.0}, "le", 0.0, "uebergang_nach_empfehlung<=uebergangsquote")
    for i, j in _pairs(m, "uebergang_nach_empfehlung", "uebergangsquote.nenner"):
        same = _same_kommunen(m, i, j)
        for lab in m.tables[j].labels:
            if lab[0] == TOTAL and not same:
                continue
            a, b = m.find(i, (lab[0], TOTAL, TOTAL)), m.find(j, lab)
            if a is not None and b is not None:
                m.add({a: 1.0, b: -1.0}, "le", 0.0, "uebergang_nach_empfehlung<=nenner")


def _link_population_nesting(m: Model) -> None:
    for i, j in _pairs(m, "uebergangsquote", "foerderquote"):
        same = _same_kommunen(m, i, j)
        for k in m.tables[i].kommunen() | ({TOTAL} if same else set()):
            a, b = m.find(i, (k, TOTAL)), m.find(j, (k, TOTAL))
            if a is not None and b is not None:
                m.add({a: 1.0, b: -1.0}, "le", 0.0, "uebergangsquote<=foerderquote")
    for i, j in _pairs(m, "wiederholerquote", "foerderquote"):
        same = _same_kommunen(m, i, j)
        for k in m.tables[i].kommunen() | ({TOTAL} if same else set()):
            a = m.find(i, (k, TOTAL))
            b, c = m.find(j, (k, "ohne")), m.find(j, (k, "inklusiv"))
            if a is not None and b is not None and c is not None:
                m.add({a: 1.0, b: -1.0, c: -1.0}, "le", 0.0, "wiederholerquote<=foerderquote")


def _link_directory(m: Model) -> None:
    for i, j in _pairs(m, "schueler_schulform", "schueler_sozialindex"):
        if m.tables[i].pub != m.tables[j].pub:
            continue
        same = _same_kommunen(m, i, j)
        for k in m.tables[i].kommunen() | ({TOTAL} if same else set()):
            a, b = m.find(i, (k, TOTAL)), m.find(j, (k, TOTAL))
            if a is not None and b is not None:
                m.add({a: 1.0, b: -1.0}, "eq", 0.0, "schueler_schulform~schueler_sozialindex")
    for i, j in _pairs(m, "schulen", "schueler_schulform"):
        s = m.tables[i]
        for row, lab in enumerate(s.labels):
            if s.values[row] == 0 and s.base is None:
                b = m.find(j, lab)
                if b is not None:
                    m.restrict(b, 0.0, 0.0)


def _link_register(m: Model) -> None:
    for i, ti in enumerate(m.tables):
        for j in range(i + 1, len(m.tables)):
            tj = m.tables[j]
            if ti.id != tj.id or ti.pub == tj.pub or ti.dims != tj.dims:
                continue
            same = _same_kommunen(m, i, j)
            for lab in ti.labels:
                if lab[0] == TOTAL and not same:
                    continue
                a, b = m.find(i, lab), m.find(j, lab)
                if a is not None and b is not None:
                    m.add({a: 1.0, b: -1.0}, "eq", 0.0, "register")


LINKS: list[tuple[str, Callable[[Model], None]]] = [
    ("einschulungsart~rueckstellungsquote (on_time)", _link_shared_on_time),
    ("uebergang_nach_empfehlung<=uebergangsquote", _link_recommendation_margin),
    ("population nesting", _link_population_nesting),
    ("directory", _link_directory),
    ("register", _link_register),
]


# ---------------------------------------------------------------------------------------------
# Solving: the feasible interval of a cell, relaxed (linprog) and integer (milp).


@dataclass
class Stats:
    publications: int = 0
    tables: int = 0
    cells: int = 0
    attacked: int = 0  # cells whose interval was computed
    protected: int = 0  # primary (or sensitive rounded) cells judged
    lp_solves: int = 0
    milp_solves: int = 0
    violations: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    publications_with_violations: int = 0
    self_pairs_checked: int = 0
    self_pairs_total: int = 0
    milp_tighter: int = 0  # protected cells whose integer interval is narrower than the LP's
    pubs_with: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)

    def add(self, other: Stats, kind: str) -> None:
        for f in ("publications", "tables", "cells", "attacked", "protected", "lp_solves",
                  "milp_solves", "publications_with_violations", "self_pairs_checked",
                  "self_pairs_total", "milp_tighter"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        k = self.by_kind.setdefault(
            kind, {"publications": 0, **dict.fromkeys(CATEGORIES, 0),
                   **{"pubs " + c: 0 for c in CATEGORIES}})
        k["publications"] += other.publications
        for c in CATEGORIES:
            self.violations[c] += other.violations[c]
            self.pubs_with[c] += other.pubs_with[c]
            k[c] += other.violations[c]
            k["pubs " + c] += other.pubs_with[c]

    def summary(self) -> str:
        """The figures to quote: per category the violations (cells) and, in brackets, the
        publications with at least one."""
        def cats(get: Callable[[str], int], pubs: Callable[[str], int]) -> str:
            return ", ".join(f"{c} {get(c)} ({pubs(c)})" for c in CATEGORIES)

        lines = [
            f"SDC audit: {self.publications} publications, {self.tables} tables, "
            f"{self.cells} cells; {self.attacked} cells attacked, {self.protected} protected "
            f"cells judged ({self.milp_tighter} narrower by MILP than by LP); "
            f"{self.self_pairs_checked} of {self.self_pairs_total} self-disclosure pairs "
            f"checked; {self.lp_solves} LP and {self.milp_solves} MILP solves",
            f"  {self.publications_with_violations} publications with violations; cells "
            f"(publications): " + cats(self.violations.__getitem__, self.pubs_with.__getitem__),
        ]
        for kind, k in sorted(self.by_kind.items()):
            lines.append(
                f"  {kind}: {k['publications']} publications; "
                + cats(k.__getitem__, lambda c, k=k: k["pubs " + c])  # type: ignore[misc]
            )
        return "\n".join(lines)


class Solver:
    """The system of a model with the published (fixed) cells substituted, in components."""

    def __init__(self, model: Model, fix: Mapping[int, float] | None = None,
                 stats: Stats | None = None) -> None:
        self.m = model
        self.stats = stats if stats is not None else Stats()
        lo = list(model.lo)
        hi = list(model.hi)
        for c, v in (fix or {}).items():
            lo[c] = hi[c] = float(v)
        self.lo, self.hi = lo, hi
        free = [c for c in range(len(lo)) if lo[c] < hi[c]]
        self.col = {c: n for n, c in enumerate(free)}
        self.free = free
        # Substitute fixed cells; relations without free cells must hold.
        eq: list[tuple[dict[int, float], float]] = []
        le: list[tuple[dict[int, float], float]] = []
        for r in model.relations:
            rhs = r.rhs
            coefs: dict[int, float] = {}
            for c, a in r.coefs.items():
                if c in self.col:
                    coefs[self.col[c]] = coefs.get(self.col[c], 0.0) + a
                else:
                    rhs -= a * lo[c]
            coefs = {k: v for k, v in coefs.items() if v != 0.0}
            if not coefs:
                bad = abs(rhs) > 1e-6 if r.sense == "eq" else rhs < -1e-6
                if bad:
                    raise Inconsistent(f"published values contradict a relation ({r.why})")
                continue
            (eq if r.sense == "eq" else le).append((coefs, rhs))
        # Components (union-find over free columns sharing a relation).
        parent = list(range(len(free)))

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for coefs, _ in eq + le:
            ks = list(coefs)
            for k in ks[1:]:
                a, b = root(ks[0]), root(k)
                if a != b:
                    parent[a] = b
        self.comp_of = [root(x) for x in range(len(free))]
        members: dict[int, list[int]] = defaultdict(list)
        for x, comp in enumerate(self.comp_of):
            members[comp].append(x)
        self.members = members
        self.eq_by = defaultdict(list)
        self.le_by = defaultdict(list)
        for coefs, rhs in eq:
            self.eq_by[self.comp_of[next(iter(coefs))]].append((coefs, rhs))
        for coefs, rhs in le:
            self.le_by[self.comp_of[next(iter(coefs))]].append((coefs, rhs))
        self._systems: dict[int, Any] = {}
        self._bounds: dict[int, Any] = {}
        self.lp_val: dict[tuple[int, float], float] = {}
        self.lp_x: dict[tuple[int, float], dict[int, float]] = {}

    def _system(self, comp: int) -> Any:
        if comp in self._systems:
            return self._systems[comp]
        cols = self.members[comp]
        pos = {x: n for n, x in enumerate(cols)}

        def matrix(rows: list[tuple[dict[int, float], float]]) -> tuple[Any, Any]:
            if not rows:
                return None, None
            r_i, c_i, v = [], [], []
            for n, (coefs, _) in enumerate(rows):
                for k, a in coefs.items():
                    r_i.append(n)
                    c_i.append(pos[k])
                    v.append(a)
            a_m = csr_array(coo_array((v, (r_i, c_i)), shape=(len(rows), len(cols))))
            return a_m, np.array([rhs for _, rhs in rows])

        a_eq, b_eq = matrix(self.eq_by[comp])
        a_ub, b_ub = matrix(self.le_by[comp])
        lo = np.array([self.lo[self.free[x]] for x in cols])
        hi = np.array([self.hi[self.free[x]] for x in cols])
        sys_ = (cols, pos, a_eq, b_eq, a_ub, b_ub, lo, hi)
        self._systems[comp] = sys_
        return sys_

    def _bound(self, cell: int, sign: float, integer: bool) -> float:
        """min (sign 1) or -max (sign -1) of the cell's value, times sign back: the bound."""
        x = self.col[cell]
        cols, pos, a_eq, b_eq, a_ub, b_ub, lo, hi = self._system(self.comp_of[x])
        c = np.zeros(len(cols))
        c[pos[x]] = sign
        if integer:
            cons = []
            if a_eq is not None:
                cons.append(LinearConstraint(a_eq, b_eq, b_eq))
            if a_ub is not None:
                cons.append(LinearConstraint(a_ub, -np.inf, b_ub))
            res = milp(c, constraints=cons, integrality=np.ones(len(cols)),
                       bounds=Bounds(lo, np.minimum(hi, BIG)))
            self.stats.milp_solves += 1
            if res.status == 2:
                raise Inconsistent(f"no integer solution around {self.m.name(cell)}")
            if res.status != 0:
                raise RuntimeError(f"milp status {res.status}: {res.message}")
            return float(res.fun) * sign
        key = (cell, sign)
        if key in self.lp_val:
            return self.lp_val[key]
        bounds = self._bounds.get(self.comp_of[x])
        if bounds is None:
            bounds = list(zip(lo, [None if math.isinf(h) else h for h in hi]))
            self._bounds[self.comp_of[x]] = bounds
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds,
                      method="highs")
        self.stats.lp_solves += 1
        if res.status == 2:
            raise Inconsistent(f"no solution around {self.m.name(cell)}")
        if res.status == 3:
            val = math.inf
        elif res.status != 0:
            raise RuntimeError(f"linprog status {res.status}: {res.message}")
        else:
            val = float(res.fun) * sign
            self.lp_x[key] = {self.free[k]: float(res.x[n]) for n, k in enumerate(cols)}
        self.lp_val[key] = val
        return val

    def interval(self, cell: int, integer: bool, base: Solver | None = None,
                 fixed: tuple[int, float] | None = None) -> tuple[float, float]:
        """The feasible interval of a cell: integer bounds (LP bounds rounded inward, or MILP).
        With ``base`` (the solver without the fixed cell ``fixed`` = (cell, value)), an LP
        optimum of ``base`` that already has that value is optimal here too: no solve."""
        if cell not in self.col:
            return self.lo[cell], self.hi[cell]
        out: list[float] = []
        for sign in (1.0, -1.0):
            val: float | None = None
            if base is not None and fixed is not None and not integer:
                x = base.lp_x.get((cell, sign))
                if x is not None and abs(x.get(fixed[0], base.lo[fixed[0]]) - fixed[1]) < 1e-7:
                    val = base.lp_val[(cell, sign)]
            if val is None:
                val = self._bound(cell, sign, integer)
            out.append(val)
        lo_v, hi_v = out
        if hi_v >= BIG / 2:
            hi_v = math.inf
        return float(math.ceil(lo_v - 1e-6)), (
            hi_v if math.isinf(hi_v) else float(math.floor(hi_v + 1e-6))
        )

    def needs_integer(self) -> bool:
        """Whether the LP relaxation might not be tight: a table with more than two dimensions,
        a link between tables, or a fractional (rate) relation."""
        return (
            self.m.fractional
            or bool(self.m.links)
            or any(len(t.dims) > 2 for t in self.m.tables)
            or any(t.id == tid for t in self.m.tables for tid, _ in self.m.groups)
        )

    def best_interval(self, cell: int, integer: bool | None = None) -> tuple[float, float]:
        lp = self.interval(cell, integer=False)
        if integer is None:
            integer = self.needs_integer()
        if not integer or lp[0] == lp[1]:
            return lp
        ip = self.interval(cell, integer=True)
        if ip != lp:
            self.stats.milp_tighter += 1
        return ip


# ---------------------------------------------------------------------------------------------
# The audit: judged with the producer's view (status and truth per cell).


@dataclass
class Verdict:
    cell: str
    category: str
    detail: str = ""


@dataclass
class Audit:
    stats: Stats
    violations: list[Verdict]

    def by_category(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {c: [] for c in CATEGORIES}
        for v in self.violations:
            out[v.category].append(v.cell + (f" ({v.detail})" if v.detail else ""))
        return out

    def message(self) -> str:
        parts = [f"{c}: {len(ids)} {sorted(ids)}" for c, ids in self.by_category().items() if ids]
        return "; ".join(parts)


def required_width(truth: float, min_width: int, min_percent: int) -> float:
    return max(float(min_width), truth * min_percent / 100.0)


# Cells of different tables that count the same records (for the self-disclosure check):
# tables of one family share a population; a dimension a table lacks, or its "Insgesamt", is
# the whole family population, except where the table covers only part of it (PARTIAL).
FAMILIES = {
    "uebergangsquote": "class-4 transitions",
    "uebergang_nach_empfehlung": "class-4 transitions",
    "einschulungsart": "school entries",
    "rueckstellungsquote": "school entries",
    "schueler_schulform": "pupils",
    "schueler_sozialindex": "pupils",
}
PARTIAL = {
    ("einschulungsart", "school_entry"),
    ("rueckstellungsquote", "school_entry"),
    ("uebergang_nach_empfehlung", "recommendation"),
}

Predicate = tuple[str, dict[str, frozenset[str] | None]]  # family, dimension -> codes (None: all)


def _predicate(m: Model, cell: int) -> Predicate:
    ti, row = m.cells[cell]
    t = m.tables[ti]
    out: dict[str, frozenset[str] | None] = {}
    for d, dim in enumerate(t.dims):
        lab = t.labels[row][d]
        groups = m.groups.get((t.id, dim), {})
        if lab == TOTAL:
            if (t.id, dim) in PARTIAL:
                atoms = {x[d] for x in t.labels if x[d] != TOTAL and x[d] not in groups}
                out[dim] = frozenset(atoms)
            else:
                out[dim] = None
        elif lab in groups:
            out[dim] = frozenset(groups[lab])
        else:
            out[dim] = frozenset([lab])
    return FAMILIES.get(t.id, t.id), out


def _contains(a: Predicate, b: Predicate) -> bool:
    """Whether every record counted in cell a is counted in cell b (a ⊆ b)."""
    if a[0] != b[0]:
        return False
    for dim in set(a[1]) | set(b[1]):
        sa, sb = a[1].get(dim), b[1].get(dim)
        if sb is None:
            continue
        if sa is None or not sa <= sb:
            return False
    return True


def audit(
    tables: Sequence[Table],
    status: Sequence[Sequence[str]],
    truth: Sequence[Sequence[int]],
    *,
    min_frequency: int = 3,
    suppress_zeros: bool = False,
    min_interval_width: int = 3,
    min_interval_percent: int = 0,
    contributors: Sequence[Sequence[int] | None] | None = None,
    integer: bool | None = None,
    attack_all: bool = True,
    self_disclosure: bool = True,
    self_pairs: int | None = 200,
) -> Audit:
    """Attacks ``tables`` (published together, plus any register tables) and judges the result.

    ``status[i]`` and ``truth[i]`` are the producer's view of table i (``cell_status()`` and the
    unprotected counts; for register tables too). ``contributors[i]`` (default: the counts) is
    the number of contributors per cell, for the self-disclosure check (a magnitude table's
    schools; ``None`` for a table: unknown, no check).

    Protected cells: status ``primary``; in a rounded table the cells whose true count is in
    1 .. min_frequency-1 (0 too with ``suppress_zeros``). Required: an integer interval at least
    max(min_interval_width, min_interval_percent % of the true value) wide; in a rounded table
    no narrower than the cell's own rounding interval either way (the rounding itself is the
    protection: conventional rounding to 5 leaves [0, 2] for a published 0, and the relations
    must not narrow it further). Existence (lower bound >= 1) is judged for count tables only
    (a magnitude table's contributors — schools — are public) and, when rounded, only where the
    cell's own rounding interval starts at 0.

    Self-disclosure: a contributor alone in a protected cell s knows s. With s fixed at its true
    value, every other protected cell v of s's component is attacked again (LP relaxation, so
    these counts are a lower bound; at most ``self_pairs`` (singleton, victim) pairs: the victims
    whose interval is closest to the required width first, then the victims nearest to their
    singleton in the graph of relations): v's others (v minus the contributor when v counts s's
    records) must keep the required width. Cells inside s (v ⊆ s) hold nobody else and are
    skipped, and so are cells whose others are 0 (zeros are published anyway unless
    ``suppress_zeros``).
    """
    stats = Stats(publications=1, tables=len(tables))
    violations: list[Verdict] = []
    try:
        model = Model(list(tables))
        solver = Solver(model, stats=stats)
    except Inconsistent as e:
        stats.violations["unsound"] += 1
        stats.pubs_with["unsound"] = 1
        stats.publications_with_violations = 1
        return Audit(stats, [Verdict("publication", "unsound", str(e))])
    stats.cells = len(model.cells)
    use_integer = solver.needs_integer() if integer is None else integer

    def protected(ti: int, row: int) -> bool:
        t = model.tables[ti]
        if t.base is None:
            return status[ti][row] == "primary"
        v = truth[ti][row]
        return (1 <= v < min_frequency) or (suppress_zeros and v == 0)

    prot = [model.index[(ti, row)] for ti, t in enumerate(model.tables)
            for row in range(len(t.values)) if protected(ti, row)]
    prot_set = set(prot)
    targets = set(prot)
    if attack_all:
        for ti, t in enumerate(model.tables):
            if t.base is None:
                targets.update(model.index[(ti, r)] for r, v in enumerate(t.values) if v is None)
    intervals: dict[int, tuple[float, float]] = {}

    def true_of(cell: int) -> int:
        ti, row = model.cells[cell]
        return int(truth[ti][row])

    def table_of(cell: int) -> Table:
        return model.tables[model.cells[cell][0]]

    def required(cell: int, value: float) -> float:
        need = required_width(value, min_interval_width, min_interval_percent)
        t = table_of(cell)
        if t.base is not None:
            need = min(need, model.hi[cell] - model.lo[cell])  # its own rounding interval
        return need

    def judge(cell: int, iv: tuple[float, float], value: float) -> str | None:
        lo, hi = iv
        if lo == hi:
            return "exact"
        if hi - lo < required(cell, value):
            return "narrow"
        return None

    for cell in sorted(targets):
        try:
            iv = solver.best_interval(cell, use_integer if cell in prot_set else False)
        except Inconsistent as e:
            violations.append(Verdict(model.name(cell), "unsound", str(e)))
            continue
        stats.attacked += 1
        intervals[cell] = iv
        if not (iv[0] - 1e-6 <= true_of(cell) <= iv[1] + 1e-6):
            violations.append(Verdict(model.name(cell), "unsound", "truth outside interval"))
    stats.protected = len(prot)
    for cell in prot:
        if cell not in intervals:
            continue
        verdict = judge(cell, intervals[cell], true_of(cell))
        if verdict:
            violations.append(Verdict(model.name(cell), verdict))
        t = table_of(cell)
        if (intervals[cell][0] >= 1 and t.value_name == "count"
                and (t.base is None or model.lo[cell] == 0)):
            # Whether only integer reasoning excludes 0 (the library's proofs use the linear
            # relaxation, and say so).
            relaxed = solver.best_interval(cell, False)
            detail = INTEGER_ONLY if relaxed[0] < 1 - 1e-6 else ""
            violations.append(Verdict(model.name(cell), "existence", detail))

    if self_disclosure:
        def n_contrib(cell: int) -> int:
            ti, row = model.cells[cell]
            if contributors is None:
                return true_of(cell)
            per_cell = contributors[ti]
            return -1 if per_cell is None else int(per_cell[row])  # None: not known

        singletons = [c for c in prot if n_contrib(c) == 1 and c in solver.col]
        preds = {c: _predicate(model, c) for c in prot}
        # (width slack of v, distance from s to v, s, v, others of v)
        pairs: list[tuple[float, int, int, int, int]] = []
        for s in singletons:
            comp = solver.comp_of[solver.col[s]]
            dist = model.distances(s)
            for v in prot:
                if v == s or v not in solver.col or solver.comp_of[solver.col[v]] != comp:
                    continue
                if v in intervals and judge(v, intervals[v], true_of(v)):
                    continue  # already a violation without the contributor's knowledge
                if _contains(preds[v], preds[s]):
                    continue  # v holds nobody but the contributor
                others = true_of(v) - (true_of(s) if _contains(preds[s], preds[v]) else 0)
                if others <= 0 and not suppress_zeros:
                    continue
                iv = intervals.get(v, (0.0, math.inf))
                slack = (iv[1] - iv[0]) - required(v, others)
                pairs.append((slack, dist.get(v, len(model.cells)), s, v, others))
        stats.self_pairs_total += len(pairs)
        if self_pairs is not None and len(pairs) > self_pairs:
            pairs.sort()  # the least slack first, then the victims nearest to their singleton
            pairs = pairs[:self_pairs]
        stats.self_pairs_checked += len(pairs)
        fixed_solvers: dict[int, Solver] = {}
        for _, _, s, v, others in sorted(pairs, key=lambda p: (p[2], p[3])):
            if s not in fixed_solvers:
                fixed_solvers.clear()
                fixed_solvers[s] = Solver(model, fix={s: true_of(s)}, stats=stats)
            try:
                iv = fixed_solvers[s].interval(v, integer=False, base=solver,
                                               fixed=(s, true_of(s)))
            except Inconsistent as e:
                violations.append(Verdict(model.name(v), "unsound", str(e)))
                continue
            if judge(v, iv, others):
                violations.append(Verdict(model.name(v), "self", f"by {model.name(s)}"))

    for found in violations:
        stats.violations[found.category] += 1
    for c in {found.category for found in violations}:
        stats.pubs_with[c] = 1
    stats.publications_with_violations = int(bool(violations))
    return Audit(stats, violations)
