"""One vocabulary: the canonical code for each spelling, the same in Python as in Rust."""

from __future__ import annotations

from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bildungsnetz as bn

KINDS = ["qualification", "schulform", "bildungsgang", "kommune", "land"]


@pytest.mark.parametrize(
    ("kind", "spelling", "code"),
    [
        ("land", "NW", "NW"),
        ("land", "nw", "NW"),
        ("land", "NRW", "NW"),
        ("land", "Nordrhein-Westfalen", "NW"),
        ("land", "RLP", "RP"),
        ("land", "Rheinland-Pfalz", "RP"),
        ("qualification", "ESA", "HA9"),
        ("qualification", "EESA", "HA10"),
        ("qualification", "EESA_Q", "HA10_Q"),
        ("qualification", "FOR", "MSA"),
        ("qualification", "FOR-Q", "MSA_Q"),
        ("qualification", "FORQ", "MSA_Q"),
        ("qualification", "Abitur", "ABITUR"),
        ("qualification", "AHR", "ABITUR"),
        ("schulform", "20", "20"),
        ("schulform", "GY", "20"),
        ("schulform", "Gymnasium", "20"),
        ("schulform", "realschule", "10"),
        ("bildungsgang", "b06", "B06"),
        ("bildungsgang", "fos", "FOS"),
        ("kommune", "05334012", "05334012"),
        ("kommune", "k-05334012", "05334012"),
        ("kommune", "053340012012", "05334012"),
    ],
)
def test_spellings_map_to_the_canonical_code(kind: str, spelling: str, code: str) -> None:
    assert bn.canonical_code(kind, spelling) == code  # type: ignore[arg-type]


def test_unknown_spelling_lists_accepted_codes_without_the_value() -> None:
    with pytest.raises(bn.InputError) as info:
        bn.canonical_code("land", "Atlantis")
    assert "unknown land code (accepted: NW, RP" in str(info.value)
    assert "Atlantis" not in str(info.value)
    with pytest.raises(ValueError, match="one of qualification, schulform"):
        bn.canonical_code("colour", "red")  # type: ignore[arg-type]


def test_codes_and_names() -> None:
    assert len(bn.codes("land")) == 16
    assert "HA10" in bn.codes("qualification")
    assert bn.codes("kommune") == []
    assert bn.code_name_de("schulform", "20") == "Gymnasium"
    assert bn.code_name_de("qualification", "HA10") == "Erweiterter Erster Schulabschluss"
    assert bn.code_name_de("land", "XX") is None
    for kind in KINDS:
        for code in bn.codes(kind):  # type: ignore[arg-type]
            assert bn.code_name_de(kind, code) is not None, (kind, code)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", KINDS)
def test_every_alias_maps_to_a_code_of_the_catalogue(kind: str) -> None:
    known = set(bn.codes(kind))  # type: ignore[arg-type]
    for alias in bn.code_aliases(kind):  # type: ignore[arg-type]
        assert bn.canonical_code(kind, alias) in known  # type: ignore[arg-type]


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    kind = draw(st.sampled_from(KINDS))
    known = bn.codes(kind) + bn.code_aliases(kind)  # type: ignore[arg-type]
    text = draw(
        st.one_of(
            st.sampled_from(known or ["05334012"]),
            st.sampled_from(known or ["k-05334012"]).map(str.lower),
            st.from_regex(r"(k-)?[0-9]{7,12}", fullmatch=True),
            st.text(max_size=12),
        )
    )
    return kind, text


@given(spellings())
def test_normalising_is_idempotent(pair: tuple[str, str]) -> None:
    kind, text = pair
    try:
        code = bn.canonical_code(kind, text)  # type: ignore[arg-type]
    except bn.InputError:
        return
    assert bn.canonical_code(kind, code) == code  # type: ignore[arg-type]


def test_readers_accept_the_spellings() -> None:
    book = bn.RuleBook()
    # "NRW" is an accepted spelling, not the canonical code the TypedDict lists.
    a = book.evaluate(
        "school_entry", cast(bn.LearnerFacts, {"birth_date": "2019-09-30", "land": "NRW"}), "2025-08-01"
    )
    b = book.evaluate("school_entry", {"birth_date": "2019-09-30", "land": "NW"}, "2025-08-01")
    assert (a.outcome, a.rule_ids) == (b.outcome, b.rule_ids)


def test_indicators_read_every_spelling_of_a_kommune() -> None:
    spelled = bn.Indicators("2024/25", ["k-05334002", "053340004004", "05334008"])
    assert spelled.kommunen == ["05334002", "05334004", "05334008"]
