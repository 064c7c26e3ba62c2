"""Issue 17: releases over time. A table published in March and, in June, a second, linked
indicator (with March's table again) are attacked together by the independent attacker (sdc_attacker, which
links the same cells of both releases and the two indicators' margins). With the register
no primary cell is disclosed; without it, the constructed case discloses."""

from __future__ import annotations

import datetime
import random
import sys
from pathlib import Path
from typing import Any

import pytest

import bildungsnetz as bn

sys.path.insert(0, str(Path(__file__).resolve().parent))
import test_sdc_audit as audit  # noqa: E402

KOMMUNEN = audit.KOMMUNEN[:3]


def _transitions(counts: list[list[list[int]]]) -> list[dict[str, Any]]:
    """Class-4 transitions with a recommendation: counts[kommune][recommendation][form]."""
    return audit.records_3d(counts)


def _releases(records: list[dict[str, Any]], register: bn.Register) -> tuple[
        list[bn.ProtectedTable], list[bn.ProtectedTable],
        list[bn.ProtectedTable], list[bn.ProtectedTable]]:
    """March publishes the Übergangsquote, June adds the linked indicator and shows March's
    table again (the register protects the tables of a run: linked indicators belong in one
    run)."""
    protection = bn.Protection()
    first = bn.Indicators(audit.YEAR, KOMMUNEN, ids=["uebergangsquote"])
    second = bn.Indicators(audit.YEAR, KOMMUNEN,
                           ids=["uebergangsquote", "uebergang_nach_empfehlung"])
    p1 = [t for r in first.compute(records, protection, register=register, release="März",
                                   date="2025-03-14") for t in r.tables]
    t1 = [t for r in first.compute(records, audit.NONE) for t in r.tables]
    p2 = [t for r in second.compute(records, protection, register=register, release="Juni",
                                    date=datetime.date(2025, 6, 2)) for t in r.tables]
    t2 = [t for r in second.compute(records, audit.NONE) for t in r.tables]
    return p1, t1, p2, t2


# June's own complements, read with March's table, disclose (the first assertion below).
DISCLOSING = [[[0, 5], [1, 0], [2, 1]], [[2, 0], [3, 5], [4, 2]], [[3, 3], [0, 4], [5, 1]]]


def test_two_releases_without_the_register_disclose_and_with_it_do_not() -> None:
    records = _transitions(DISCLOSING)
    # Without a register, March and June each publish their indicator on their own.
    march = bn.Indicators(audit.YEAR, KOMMUNEN, ids=["uebergangsquote"])
    p1 = [t for r in march.compute(records, bn.Protection()) for t in r.tables]
    t1 = [t for r in march.compute(records, audit.NONE) for t in r.tables]
    june = bn.Indicators(audit.YEAR, KOMMUNEN, ids=["uebergang_nach_empfehlung"])
    p2 = [t for r in june.compute(records, bn.Protection()) for t in r.tables]
    t2 = [t for r in june.compute(records, audit.NONE) for t in r.tables]
    without = audit.audit_tables(p2, t2, bn.Protection(), kind="two releases, no register",
                                 register=[(p1, t1)])
    assert {v.category for v in without.violations} & {"exact", "narrow", "existence"}
    register = bn.Register()
    p1, t1, p2, t2 = _releases(records, register)
    assert [name for name, _ in register.releases] == ["März", "Juni"]
    with_register = audit.audit_tables(p2, t2, bn.Protection(), kind="two releases, register",
                                       register=[(p1, t1)])
    audit.assert_safe(with_register, "two releases with the register")


@pytest.mark.parametrize("seed", range(6))
def test_random_two_releases_with_the_register(seed: int) -> None:
    rng = random.Random(seed)
    counts = [[[audit.small_count(rng) for _ in range(2)] for _ in range(3)] for _ in KOMMUNEN]
    register = bn.Register()
    try:
        p1, t1, p2, t2 = _releases(_transitions(counts), register)
    except bn.InputError as e:
        assert "release" in str(e)  # a conflict names its table and release
        return
    a = audit.audit_tables(p2, t2, bn.Protection(), kind="two releases, register",
                           register=[(p1, t1)])
    audit.assert_safe(a, f"seed {seed}")


def test_register_file_round_trip_and_errors(tmp_path: Path) -> None:
    register = bn.Register()
    ind = bn.Indicators(audit.YEAR, KOMMUNEN, ids=["uebergangsquote"])
    records = _transitions(DISCLOSING)
    ind.compute(records, register=register, release="März", date="2025-03-14")
    path = tmp_path / "register.json"
    register.save(path)
    again = bn.Register.load(path)
    assert again.to_json() == register.to_json()
    assert again.releases == [("März", datetime.date(2025, 3, 14))]
    bad = register.to_json().replace('"labels"', '"etiketten"', 1)
    with pytest.raises(bn.InputError, match="/releases/0/tables/0/cells/0/etiketten"):
        bn.Register.load(bad)
    with pytest.raises(TypeError):
        ind.compute(records, register=register)
    # A corrected count in a shown cell is refused; the register keeps one release.
    changed = records + [dict(records[0])]
    with pytest.raises(bn.InputError, match="März"):
        ind.compute(changed, register=register, release="Juni", date="2025-06-02")
    assert len(register.releases) == 1


def test_a_run_leaving_out_a_linked_table_of_an_earlier_release_is_refused() -> None:
    records = _transitions(DISCLOSING)
    register = bn.Register()
    both = bn.Indicators(audit.YEAR, KOMMUNEN,
                         ids=["uebergangsquote", "uebergang_nach_empfehlung"])
    both.compute(records, bn.Protection(), register=register, release="März",
                 date="2025-03-14")
    quote_alone = bn.Indicators(audit.YEAR, KOMMUNEN, ids=["uebergangsquote"])
    with pytest.raises(bn.InputError, match="uebergang_nach_empfehlung.*März.*publish it again"):
        quote_alone.compute(records, bn.Protection(), register=register, release="Juni",
                            date="2025-06-02")
    assert [name for name, _ in register.releases] == ["März"]
