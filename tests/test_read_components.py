"""The reader's components, each run on its own over one document (read/data/pipeline.toml)."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.doc import Doc, configured_components
from sarhad.read.reader import Reader

TEXT = "QUETTA: Two Iranian border guards were killed when militants attacked a post near Saravan on Monday."
DAY = dt.date(2024, 3, 5)


def _upto(last: str) -> list[str]:
    names = list(configured_components())
    return names[: names.index(last) + 1]


def test_each_component_adds_its_part_to_the_document() -> None:
    seen = {}
    for name in ("segment", "entities", "dates", "triggers", "quantities", "linking", "merging", "arguments"):
        doc = Reader(components=_upto(name)).run(Doc(TEXT, DAY))
        info = doc.sentences[0]
        seen[name] = (
            len(doc.sentences),
            [h.text for h in info.hits],
            [h.text for h in info.dates],
            [(c.field, c.value) for c in info.counts],
            [t.type for t in info.triggers],
            [m.type for m in info.mentions],
            len(doc.drafts),
            [(e.type, e.killed, e.date) for e in doc.events],
        )
    assert seen["segment"] == (1, [], [], [], [], [], 0, [])
    assert seen["entities"][1] == ["Iranian border guards", "Saravan"]  # an actor and a place
    assert seen["dates"][2] == ["Monday"] and seen["dates"][3] == []
    assert "attack" in seen["triggers"][4] and seen["triggers"][3] == [] and seen["triggers"][5] == []
    assert seen["quantities"][3] == [("killed", 2)] and seen["quantities"][5] == []
    assert seen["linking"][5] == ["attack"] and seen["linking"][6] == 0
    assert seen["merging"][6] == 1 and seen["merging"][7] == []
    assert seen["arguments"][7] == [("attack", 2, dt.date(2024, 3, 4))]


def test_geo_resolves_the_place_on_the_border() -> None:
    before = Reader(components=_upto("arguments")).run(Doc(TEXT, DAY)).events[0]
    after = Reader(components=_upto("geo")).run(Doc(TEXT, DAY)).events[0]
    assert before.place == after.place == "Saravan"
    assert after.admin1 == "Sistan and Baluchestan" and after.side == "IR"


def test_a_reader_without_a_component_reads_without_that_part() -> None:
    names = [n for n in configured_components() if n != "quantities"]
    without = Reader(components=names).read(TEXT, DAY).events
    assert [(e.type, e.killed) for e in without] == [("attack", None)]
    assert [(e.type, e.killed) for e in Reader().read(TEXT, DAY).events] == [("attack", 2)]


def test_counts_are_looked_for_only_after_the_triggers() -> None:
    names = list(configured_components())
    names.remove("quantities")
    names.insert(names.index("triggers"), "quantities")
    with pytest.raises(ValueError, match="'quantities' must come after 'triggers'"):
        Reader(components=names)
