"""The Bildungsbüro: recommendations, offers, gaps, referral, events, programmes."""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bildungsnetz as bn


@pytest.fixture(scope="module")
def aachen(data_dir: Path) -> bn.Office:
    return bn.Office(bn.Network.from_path(data_dir / "staedteregion-aachen.json"))


@pytest.fixture(scope="module")
def koblenz(data_dir: Path) -> bn.Office:
    return bn.Office(data_dir / "koblenz.json")


def test_recommendation_report(aachen: bn.Office) -> None:
    report = aachen.recommendation_report()
    first = report.recommendations[0]
    assert first.state == "in_progress" and first.state_de == "in Umsetzung"
    assert isinstance(first.given_on, datetime.date)
    d = first.decisions[0]
    assert d.status == "adopted" and d.priority == 1 and isinstance(d.date, datetime.date)
    assert d.measures[0].status in ("planned", "running", "completed", "stopped")
    assert "in Umsetzung" in report.render_de() and str(report) == report.render_de()
    assert sum(report.counts().values()) == len(report) == len(list(report))
    assert report.to_dict()["recommendations"][0]["id"] == first.id
    assert pickle.loads(pickle.dumps(report)) == report
    assert pickle.loads(pickle.dumps(first)) == first


def test_offers_query(aachen: bn.Office) -> None:
    found = aachen.offers(age=12, kommune="k-05334036")
    assert found[0].id == "o-ferien-mint"
    assert aachen.offers(age=3, language="ar") == []
    assert all(o.min_age is None or o.min_age <= 10 for o in aachen.offers(stage="primarstufe"))
    assert len(aachen.offers()) == len(aachen.network.to_dict()["offers"])
    o = found[0]
    assert pickle.loads(pickle.dumps(o)) == o and o.to_dict()["id"] == o.id
    with pytest.raises(bn.InputError):
        aachen.offers(age=3, stage="kita")
    with pytest.raises(bn.InputError, match="stage"):
        aachen.offers(stage="uni")
    with pytest.raises(bn.InputError):
        aachen.offers(ages=(10, 5))
    with pytest.raises(bn.InputError):
        aachen.offers(date="2025-02-30")
    assert aachen.offers(date=datetime.date(1990, 1, 1)) == [
        o for o in aachen.offers() if o.start is None or o.start <= datetime.date(1990, 1, 1)
    ]


def test_gaps(aachen: bn.Office) -> None:
    gaps = aachen.gaps()
    assert gaps and all(isinstance(g.ages, tuple) for g in gaps)
    assert pickle.loads(pickle.dumps(gaps[0])) == gaps[0]
    narrow = aachen.gaps([(6, 9)])
    assert {g.ages for g in narrow} == {(6, 9)}
    with pytest.raises(bn.InputError):
        aachen.gaps([(9, 6)])


def test_referral(aachen: bn.Office) -> None:
    found = aachen.refer("schulprobleme", kommune="k-05334012", age=9, language="tr")
    assert found[0].name == "Erziehungsberatungsstelle Eschweiler"
    assert found[1].name == "Schulpsychologischer Dienst der StädteRegion Aachen"
    assert found[0].score >= found[1].score
    assert "Beratung auch auf tr" in found[0].reasons("de")
    assert found[0].reasons("en") == found[0].reasons_en
    assert pickle.loads(pickle.dumps(found[0])) == found[0]
    with pytest.raises(bn.ReferralError) as e:
        aachen.refer("schulprobleme", kommune="k-09162000")
    assert e.value.field == "kommune" and isinstance(e.value, bn.InputError)
    with pytest.raises(bn.InputError, match="topic"):
        aachen.refer("bauchweh", kommune="k-05334012")


def test_event_registry() -> None:
    reg = bn.EventRegistry("e-fachtag", 2, 1)
    assert reg.register("r-1").confirmed
    assert reg.register("r-2").status == "confirmed"
    w = reg.register("r-3")
    assert (w.status, w.position) == ("waitlisted", 1)
    with pytest.raises(bn.RegistrationError) as e:
        reg.register("r-4")
    assert (e.value.code, e.value.event) == ("full", "e-fachtag")
    with pytest.raises(bn.RegistrationError) as e:
        reg.register("r-1")
    assert e.value.code == "already_registered"
    copy = pickle.loads(pickle.dumps(reg))
    assert (copy.confirmed, copy.waiting) == (["r-1", "r-2"], ["r-3"])
    assert reg.cancel("r-1") == "r-3"
    assert reg.confirmed == ["r-2", "r-3"] and reg.waiting == [] and "r-3" in reg
    with pytest.raises(bn.RegistrationError) as e:
        reg.cancel("r-9")
    assert e.value.code == "not_registered"
    assert copy.confirmed == ["r-1", "r-2"]  # the copy is independent
    with pytest.raises(bn.InputError):
        bn.EventRegistry._restore("e", 1, 0, ["a", "b"], [])


@given(st.lists(st.tuples(st.booleans(), st.integers(0, 7)), max_size=60), st.integers(0, 4))
def test_registry_never_exceeds_capacity(ops: list[tuple[bool, int]], capacity: int) -> None:
    reg = bn.EventRegistry("e", capacity, 2)
    held: set[str] = set()
    for register, who in ops:
        p = f"p{who}"
        try:
            if register:
                reg.register(p)
                held.add(p)
            else:
                reg.cancel(p)
                held.discard(p)
        except bn.RegistrationError:
            pass
        assert len(reg.confirmed) <= capacity and len(reg.waiting) <= 2
        assert set(reg.confirmed) | set(reg.waiting) == held


def test_event_registry_from_network(aachen: bn.Office) -> None:
    event = aachen.network.to_dict()["events"][0]
    reg = aachen.event_registry(event["id"], waitlist_places=3)
    assert reg.capacity == event.get("capacity") and reg.waitlist_places == 3
    with pytest.raises(bn.InputError, match="event"):
        aachen.event_registry("e-nope")


def test_participation(aachen: bn.Office) -> None:
    figures = {(p.year, p.kind): p for p in aachen.participation_by_year()}
    assert figures[(2024, "fachtag")].participants == 118
    assert pickle.loads(pickle.dumps(figures[(2024, "fachtag")])) == figures[(2024, "fachtag")]


def test_applications(koblenz: bn.Office) -> None:
    programme: dict[str, Any] = koblenz.network.to_dict()["programmes"][0]
    app = dict(programme["applications"][0])
    assert koblenz.check_application(programme["id"], app["id"]).ok
    assert koblenz.check_application(programme["id"], app).ok
    over = koblenz.check_application(programme["id"], {**app, "amount_cents": 5_000_000})
    assert not over.ok and over[0].code == "amount_over_maximum" and over[0].path == "/amount_cents"
    missing = koblenz.check_application(programme["id"], {**app, "fields": {}})
    assert missing.has("required_field_missing") or not programme.get("required_fields")
    with pytest.raises(bn.RecordError) as e:
        koblenz.check_application(programme["id"], {**app, "amount_cents": "viel"})
    assert e.value.field == "amount_cents" and "viel" not in str(e.value)
    with pytest.raises(bn.RecordError) as e:
        koblenz.check_application(programme["id"], {**app, "iban": "DE00"})
    assert e.value.field == "iban"
    with pytest.raises(bn.InputError, match="programme"):
        koblenz.check_application("pr-nope", app)
    with pytest.raises(bn.InputError, match="application"):
        koblenz.check_application(programme["id"], "a-nope")
    with pytest.raises(TypeError):
        koblenz.check_application(programme["id"], 7)  # type: ignore[arg-type]


def test_forwarded(koblenz: bn.Office) -> None:
    rows = koblenz.forwarded_by_year()
    assert rows and all(r.programme == "pr-demokratie-leben" for r in rows)
    assert sorted((r.application, r.year) for r in rows) == [(r.application, r.year) for r in rows]
    assert pickle.loads(pickle.dumps(rows[0])) == rows[0]


def test_office_pickles(aachen: bn.Office) -> None:
    copy = pickle.loads(pickle.dumps(aachen))
    assert copy.network == aachen.network
    with pytest.raises(TypeError):
        bn.Office(42)  # type: ignore[arg-type]
