"""One domain model of event types: every module takes its tables from sarhad/data/event_types.json."""

from __future__ import annotations

import json
from importlib import resources

from sarhad import events
from sarhad.read.language import trigger_words

RAW = json.loads((resources.files("sarhad") / "data" / "event_types.json").read_text("utf-8"))


def test_every_type_is_defined_once_with_what_every_module_needs() -> None:
    names = [t["type"] for t in RAW["types"]]
    assert len(names) == len(set(names))
    for name in events.EVENT_TYPES:
        assert name in events.FAMILIES and name in events.ACLED_SUB_EVENT and name in events.TYPE_COLOURS
        assert events.family(name) in events.FAMILY_ROLES


def test_the_reader_finds_only_types_the_domain_knows() -> None:
    found = {rule.type for rule in trigger_words("en").trigger}
    assert found <= set(events.READ_FAMILY)
    assert {events.REPORTED_AS.get(t, t) for t in found} <= set(events.EVENT_TYPES)


def test_a_type_the_reader_keeps_to_itself_is_reported_as_a_public_one() -> None:
    assert events.REPORTED_AS == {
        "repatriation": "other",
        "handover": "other",
        "protest": "other",
        "riot": "other",
        "crackdown": "other",
        "illegal_crossing": "other",
        "quarantine": "other",
        "project": "other",
        "stranded": "other",
        "supply": "other",
        "transport": "other",
    }
    for kind in events.REPORTED_AS:
        assert kind not in events.EVENT_TYPES and kind not in events.FAMILIES


def test_acled_codes_are_the_codebook_s() -> None:
    allowed = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
    assert set(events.ACLED_EVENT_TYPE.values()) <= allowed
    assert events.ACLED_SUB_EVENT["ied"] == "Remote explosive/landmine/IED"


def test_the_reader_s_data_files_are_checked_against_their_models() -> None:
    import pydantic
    import pytest

    from sarhad.read.lexicon import ActorRecord, PlaceRecord

    good = {"id": "x", "name": "X", "kind": "militant", "country": None, "aliases": ["X"]}
    assert ActorRecord.model_validate(good).kind == "militant"
    with pytest.raises(pydantic.ValidationError):
        ActorRecord.model_validate(good | {"kind": "perpetrator"})  # not a kind of actor
    with pytest.raises(pydantic.ValidationError):
        PlaceRecord.model_validate({"name": "Y", "kind": "place", "country": "PK", "lat": "north", "lon": 1})
