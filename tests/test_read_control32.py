"""Stop 32: border control. A side's guards detained (told in the passive), fishermen arrested and their
boats seized across the maritime line are border-control events (other), not seizures of contraband, and
the fishermen's nationality does not make their state the actor; "shot to death one man" counts one dead.
Each test fails on stop 31's reader (f2c853c)."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 1)


def test_guards_detained_in_the_passive_are_a_border_control_event() -> None:
    text = (
        "Pakistani forces chased the intruders back across the border near Mashkel on Monday. "
        "Three Iranian border security personnel were also detained."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["other"]


def test_fishing_boats_seized_across_the_line_are_not_contraband_nor_their_states_act() -> None:
    text = "Four intruding Pakistani fishing vessels were seized in Iranian waters near Chabahar on Monday."
    events = read_article(text, DAY).events
    assert [(e.type, e.place, e.perpetrator) for e in events] == [("other", "Chabahar", None)]


def test_shot_to_death_counts_the_dead() -> None:
    text = (
        "Iranian security personnel crossed the border near Mashkel on Monday, shot to death one man and "
        "wounded another."
    )
    assert [e.killed for e in read_article(text, DAY).events] == [1]
