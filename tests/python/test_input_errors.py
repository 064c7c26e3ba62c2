"""An unknown field's error lists the known ones (learner facts, monitoring records, law files);
the package shows only its public API."""

import json
from pathlib import Path
from typing import cast

import pytest

import bildungsnetz as bn

SCHEMAS = Path(__file__).resolve().parents[2] / "core" / "schemas"
FACTS = json.loads((SCHEMAS / "learner-facts.schema.json").read_text(encoding="utf-8"))


def test_unknown_fact_lists_every_known_fact() -> None:
    with pytest.raises(bn.InputError) as e:
        bn.RuleBook().evaluate(
            "school_entry", cast(bn.LearnerFacts, {"birth_dat": "2019-01-01"}), "2025-08-01"
        )
    message = str(e.value)
    assert "birth_dat" in message
    for field in FACTS["properties"]:
        assert field in message, field


def test_unknown_record_field_lists_the_record_fields() -> None:
    ind = bn.Indicators("2024/25", ["05334002"])
    with pytest.raises(bn.BildungsnetzError) as e:
        ind.count_jsonl('{"school_year": "2024/25", "klasse": 5}\n')
    message = str(e.value)
    assert "field klasse: unknown field; known fields: id, school_year," in message, message
    assert message.endswith("repeater, foerderbedarf"), message


def test_unknown_override_field_lists_the_known_ones() -> None:
    law = {"schema_version": 1, "jurisdiction": "what-if", "rules": {"x.y": {
        "description": "d", "versions": [{"from": "2020-08-01", "citation": "§ 1",
                                          "sorce": "s"}]}}}
    with pytest.raises(bn.BildungsnetzError) as e:
        bn.RuleBook().with_overrides(json.dumps(law))
    message = str(e.value)
    assert "versions[0].sorce: unknown field; known fields: from, until, value, citation" in message


def test_dir_shows_only_the_public_api() -> None:
    public = {name for name in dir(bn) if not name.startswith("_")}
    assert public == {name for name in bn.__all__ if not name.startswith("_")}
