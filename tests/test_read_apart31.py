"""Stop 31: events told apart. "A separate attack ..." opens an event of its own, as "In a separate
incident, ..." did; forces that detain or deport the other side's guards act at the border. Each test
fails on stop 30's reader (743f33c)."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 1)


def test_a_separate_attack_told_as_such_is_an_event_of_its_own() -> None:
    text = (
        "At least three policemen were killed in separate attacks in Iran's Sistan-Baluchistan province, "
        "state media reported Monday. A border guard was killed in a clash with gunmen in Hirmand, IRNA "
        "said. A separate attack on police in Saravan on Monday left another border guard dead."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.place) for e in events] == [("attack", "Hirmand"), ("attack", "Saravan")]


def test_guards_of_the_other_side_detained_at_the_border_are_the_detaining_states_act() -> None:
    text = (
        "Pakistani border guards chased the intruders back across the border near Mashkel on Monday and "
        "detained three Iranian border guards."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.perpetrator, e.place) for e in events] == [("other", "Pakistan", "Mashkel")]
