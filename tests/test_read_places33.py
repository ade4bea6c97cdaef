"""Stop 33: names both sides bear. "Iranian Baluchistan" is Sistan and Baluchestan; a town or district
named on both sides of the line is the one on the side the rest of its sentence is on. Each test but the
guard (a state acting at a crossing) fails on stop 32's reader (df9a8e1)."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 1)


def test_iranian_baluchistan_is_the_iranian_province() -> None:
    text = "A suicide bomber killed four policemen at a police post in Iranian Baluchistan on Monday."
    events = read_article(text, DAY).events
    assert [(e.type, e.country, e.admin1) for e in events] == [("attack", "IR", "Sistan and Baluchestan")]


def test_a_namesake_district_is_on_the_side_of_the_forces_in_its_sentence() -> None:
    text = (
        "Suicide bombers targeted Revolutionary Guards commanders meeting tribal elders in the Pishin "
        "district close to the Pakistani border on Sunday."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.country, e.admin1) for e in events] == [("attack", "IR", "Sistan and Baluchestan")]


def test_a_state_acting_at_a_crossing_does_not_move_it_to_its_namesake() -> None:
    text = "Iran closed the Taftan border crossing with Pakistan on Monday."
    events = read_article(text, DAY).events
    assert [(e.type, e.admin1, e.country) for e in events] == [("border_closure", "Balochistan", "PK")]


def test_the_news_placed_only_in_a_country_of_a_report_on_this_border_is_in_its_border_province() -> None:
    text = (
        "Gunmen killed three Iranian border guards in an attack on Monday, Iranian media reported. "
        "Tehran has long complained that militants use the Pakistani border region as a base."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.country, e.admin1) for e in events] == [("attack", "IR", "Sistan and Baluchestan")]


def test_a_sides_force_attacked_places_an_unplaced_attack_on_its_side() -> None:
    text = "Some 30 terrorists attacked a Frontier Corps convoy patrolling the border with Iran on Friday."
    events = read_article(text, DAY).events
    assert [(e.type, e.country) for e in events] == [("attack", "PK")]
