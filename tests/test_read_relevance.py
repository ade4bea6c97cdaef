"""Relevance on world news (#17): an event placed nowhere is on topic only when the report ties it to this
border; letters are counted right however the text is written."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.reader import Reader
from sarhad.read.text import mostly_latin, unreadable_reason

DAY = dt.date(2025, 3, 12)


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader()


@pytest.mark.parametrize(
    "text",
    [
        "Militants attacked a border post on Monday, killing four soldiers, officials said. Pakistan and "
        "Iran "
        "both condemned the attack and called for restraint.",
        "Six border guards were killed when Iranian border forces attacked a checkpoint on Monday. Refugees "
        "returned from Iran and Pakistan this week.",
    ],
)
def test_two_countries_named_in_passing_do_not_make_a_placeless_attack_ours(
    reader: Reader, text: str
) -> None:
    assert not reader.read(text, DAY).on_topic


@pytest.mark.parametrize(
    "text",
    [
        "Militants attacked a post on the Pak-Iran border on Monday, killing 4.5 per cent of the unit, "
        "Pakistani officials said.",
        'Gunmen attacked a checkpost on Monday, killing four soldiers. "They came across the Pakistan-Iran '
        'border," an official said.',
        "Jaish al-Adl militants attacked a border post on Monday, killing four Iranian guards, Pakistani "
        "officials said.",
    ],
)
def test_a_placeless_attack_tied_to_this_border_is_ours(reader: Reader, text: str) -> None:
    assert reader.read(text, DAY).on_topic


def test_letters_are_counted_as_letters() -> None:
    assert unreadable_reason("x" * 30 + "½" * 15) == "empty or too short to read"  # ½ is a number
    assert unreadable_reason("Café “quoted” — naïve " * 5) is None and mostly_latin("Café “quoted” " * 5)
    assert unreadable_reason("سلام دنیا " * 20) is None and not mostly_latin("سلام دنیا " * 20)


def test_reading_fails_loudly_without_its_gazetteer_and_border() -> None:
    """No quiet fallback to a coarse hand-typed line: a border that cannot load stops reading with why."""
    from sarhad.read.geo import Geo, GeoUnavailable

    with pytest.raises(GeoUnavailable, match="PK-XX gazetteer and border"):
        Geo(("PK", "XX"))
