"""Stop 33's review: what the stop's new rules must not match. A review helper read the stop's changes
and showed each of these with a sentence of its own; each guard here failed on the reader it reviewed
(1d253d6) and passes on the mended one."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 1)


def _events(text: str) -> list[tuple[str, str | None]]:
    return [(e.type, e.perpetrator) for e in read_article(text, DAY).events]


def test_fire_from_where_the_targets_came_is_not_where_it_came_from() -> None:
    text = (
        "Iranian forces fired mortar shells at militants who had sneaked in from Pakistan on Monday; the "
        "shells landed in Panjgur."
    )
    assert [e.perpetrator for e in read_article(text, DAY).events] == ["Iran"]


def test_lost_and_claimed_count_only_people() -> None:
    text = (
        "Militants attacked a border post near Saravan on Monday. Traders said they had lost 5 trucks, and "
        "the group claimed 2 more attacks."
    )
    assert [e.killed for e in read_article(text, DAY).events] == [None]


def test_a_meeting_held_whose_outcome_lies_ahead_happened() -> None:
    text = (
        "The meeting between Pakistani and Iranian officials in Taftan on Monday will help reduce tensions "
        "on the border, officials said."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["meeting"]


def test_a_deputy_commissioner_who_tells_of_a_closure_did_not_close_the_crossing() -> None:
    text = "The deputy commissioner said Iran had closed its side of the border at Mirjaveh on Monday."
    assert _events(text) == [("border_closure", "Iran")]


def test_the_sentence_after_a_protest_does_not_name_its_organisers() -> None:
    text = (
        "Traders staged a sit-in in Gwadar on Monday against the closure of border trade with Iran. The "
        "European Union announced aid for Balochistan."
    )
    assert [e.perpetrator for e in read_article(text, DAY).events] == [None]


def test_both_states_condemning_a_killing_at_a_border_is_not_this_border() -> None:
    text = "Iran and Pakistan condemned the killing of four Turkish border guards near the border on Monday."
    assert not read_article(text, DAY).on_topic


def test_a_report_naming_a_neighbours_border_leaves_its_news_unplaced() -> None:
    text = (
        "Pakistani troops killed five militants in an operation on Monday, the army said. Pakistan is "
        "fencing the Afghan border and the Iranian border."
    )
    operations = [e for e in read_article(text, DAY).events if e.type == "other"]
    assert [(e.country, e.admin1) for e in operations] == [("PK", None)]


def test_where_travellers_came_from_does_not_pick_a_namesake() -> None:
    text = "A bus carrying pilgrims from Quetta was attacked by gunmen near Pishin on Monday."
    assert [(e.type, e.country) for e in read_article(text, DAY).events] == [("attack", "IR")]


def test_militant_incursions_told_as_a_demand_are_no_event() -> None:
    text = "Iran must prevent militant incursions into Balochistan, a Pakistani minister said on Monday."
    assert read_article(text, DAY).events == []
