"""Stop 32: people's protests. A protest held (a sit-in, a rally, a shutter-down strike) is an event
reported as other; force used on protesters is a crackdown, also other, with its own toll. A protest told
beside another event in its sentence is no event, but the place and day told with it stay its own, so the
other event does not take them. The first five tests fail on stop 31's reader (f2c853c); the last two
guard what the new type must not take: a killing told beside a sit-in, and a protest only threatened."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 1)


def _events(text: str) -> list[tuple[str, str | None, int | None]]:
    return [(e.type, e.place, e.killed) for e in read_article(text, DAY).events]


def test_a_sit_in_against_a_closure_is_a_protest_not_a_closure() -> None:
    text = (
        "Traders staged a sit-in at the Taftan crossing on Monday "
        "against the closure of the border with Iran."
    )
    assert _events(text) == [("other", "Taftan", None)]


def test_firing_on_protesters_is_a_crackdown_with_its_own_toll() -> None:
    text = "Iranian security forces fired on protesters in Zahedan on Friday, killing at least five people."
    events = read_article(text, DAY).events
    assert [(e.type, e.place, e.killed, e.perpetrator) for e in events] == [
        ("other", "Zahedan", 5, "Iranian security forces")
    ]


def test_the_place_told_with_a_protest_is_not_another_events() -> None:
    text = (
        "Demonstrators gathered in Chabahar on Sunday as gunmen ambushed a border police patrol near Rask, "
        "killing two officers."
    )
    assert _events(text) == [("ambush", "Rask", 2)]


def test_what_a_protest_is_against_is_not_news_of_it() -> None:
    text = (
        "Gwadar residents held a protest rally on Sunday against the fencing of the port city along the Iran "
        "border."
    )
    assert _events(text) == [("other", "Gwadar", None)]


def test_a_market_rally_in_the_open_market_is_neither_protest_nor_opening() -> None:
    text = (
        "The Pakistani rupee staged a strong rally against the Iranian toman "
        "in open market trading at Taftan on Tuesday."
    )
    assert _events(text) == []


def test_a_killing_told_beside_a_protest_keeps_its_place_and_toll() -> None:
    text = (
        "Families of two labourers killed by gunmen near Mand on Sunday staged a sit-in in Turbat on Monday."
    )
    assert _events(text) == [("attack", "Mand", 2)]


def test_a_threatened_protest_is_no_event() -> None:
    text = (
        "Traders in Chagai threatened to stage a sit-in at the Taftan border if the crossing is not reopened."
    )
    assert [e.type for e in read_article(text, DAY).events] == []


def test_a_protest_after_a_recalled_killing_is_the_news() -> None:
    """Review of stop 32: a protest silenced by a killing told as earlier ("a week after") came to nothing."""
    text = (
        "Traders staged a sit-in at Taftan on Tuesday, a week after two porters were killed "
        "near the crossing."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.place, e.background) for e in events] == [
        ("other", "Taftan", False),
        ("attack", None, True),
    ]


def test_armed_men_named_in_a_protest_do_not_make_it_a_hold_up() -> None:
    text = "Traders protesting the killing of a colleague by armed men staged a sit-in at Taftan on Monday."
    assert _events(text) == [("other", "Taftan", None)]


def test_a_road_blocked_by_snow_is_no_protest() -> None:
    assert _events("Heavy snowfall blocked the Quetta-Taftan highway near Dalbandin on Monday.") == []
