"""Stop 33: who acted, when the report names no state. A protest's acting party is the organisation that
held it; an unnamed government or a deputy commissioner is named from where the event happened. Each
test but the guard (a protest with no organisation named) fails on stop 32's reader (df9a8e1)."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 1)


def test_a_protest_is_held_by_the_organisation_whose_supporters_staged_it() -> None:
    text = (
        "Workers and supporters of the Makran Traders Alliance staged a sit-in at Gwadar on Monday against "
        "the closure of border trade with Iran."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.perpetrator, e.perpetrator_basis) for e in events] == [
        ("other", "Makran Traders Alliance", "acting")
    ]


def test_an_organisation_named_as_the_subject_of_the_protest_without_its_article() -> None:
    text = (
        "The Pickup Owners' Union staged a sit-in at Gwadar on Monday against the closure of the Iran border."
    )
    assert [e.perpetrator for e in read_article(text, DAY).events] == ["Pickup Owners' Union"]


def test_a_protest_with_no_organisation_named_has_no_acting_party() -> None:
    text = "Hundreds of traders staged a sit-in in Gwadar on Monday against the closure of the Iran border."
    assert [e.perpetrator for e in read_article(text, DAY).events] == [None]


def test_the_unnamed_government_is_the_state_where_the_event_happened() -> None:
    text = "The government reopened the Taftan border for seven days on Thursday."
    assert [e.perpetrator for e in read_article(text, DAY).events] == ["Pakistan"]


def test_the_deputy_commissioner_acts_for_the_districts_administration() -> None:
    text = "Deputy Commissioner Chagai reopened the Pak-Iran border gate at Taftan on Monday."
    assert [e.perpetrator for e in read_article(text, DAY).events] == ["Chagai district administration"]
