"""Faults found reading news of the Afghanistan–Pakistan border (AFPK2), mended in ways that hold on either
border. Every sentence is written for these tests; each test fails on the reader of stop 35."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.text import strip_datelines
from support.reading import read as _read


@pytest.mark.parametrize(
    ("countries", "text", "place", "country"),
    [
        (
            "PK,IR",
            "Four soldiers were killed when militants fired rockets on their post in Panjgur from the border "
            "areas of Iran's Sistan-Baluchestan province on Sunday.",
            "Panjgur",
            "PK",
        ),
        (
            "AF,PK",
            "Four soldiers were killed when militants fired rockets on their post in Khyber Agency's Tirah "
            "valley from the border areas of Afghanistan's Nangarhar province on Sunday.",
            "Khyber Agency",
            "PK",
        ),
    ],
)
def test_where_the_fire_came_from_is_not_where_it_struck(
    countries: str, text: str, place: str, country: str
) -> None:
    (event,) = _read(text, countries).events
    assert (event.place, event.country) == (place, country)


@pytest.mark.parametrize(
    "countries, text",
    [
        ("PK,IR", "Iranian and Pakistani forces exchanged fire on the border near Mashkel on Monday."),
        (
            "AF,PK",
            "Afghan and Pakistani forces have again exchanged fire in the Goshta district of Nangarhar "
            "along the Durand Line on Monday.",
        ),
        (
            "AF,PK",
            "Officials said the clash took place in Goshta district of Nangarhar on the border on Monday.",
        ),
    ],
)
def test_forces_exchanging_fire_is_an_attack(countries: str, text: str) -> None:
    article = _read(text, countries)
    assert article.on_topic
    assert [e.type for e in article.events] == ["attack"]


def test_what_militants_do_by_habit_is_no_event() -> None:
    text = (
        "Pakistan has accused Afghanistan of harbouring militants who conduct attacks across the Durand Line."
    )
    assert _read(text, "AF,PK").events == []
    iran = (
        "Iran accuses Pakistan of sheltering militants who carry out attacks on its border guards in Saravan."
    )
    assert _read(iran).events == []
    # a headline's present tense is news, not habit
    news = _read("Militants attack border post near Saravan, killing two guards", "PK,IR")
    assert [e.type for e in news.events] == ["attack"]


def test_the_object_of_by_after_an_event_noun_acted() -> None:
    text = (
        "A Pakistani soldier was killed and 11 others were injured in a series of cross-border attacks by "
        "Afghan Taliban forces in Kurram on December 28."
    )
    (event,) = _read(text, "AF,PK").events
    assert (event.perpetrator, event.perpetrator_basis) == ("Afghan forces", "acting")


def test_foreign_forces_across_the_line_are_named() -> None:
    text = (
        "A NATO helicopter attacked a Pakistani border post near Afghanistan on Thursday, killing three "
        "troops in Kurram, officials said."
    )
    (event,) = _read(text, "AF,PK", dt.date(2010, 9, 30)).events
    assert event.perpetrator == "NATO-led forces"


def test_militants_killed_in_a_headline_are_the_forces_operation() -> None:
    text = (
        "Action in Zhob: Five terrorists killed while sneaking into Pakistan thru border with Afghanistan\n\n"
        "The security forces killed five terrorists who tried to cross the Pak-Afghan border in Zhob "
        "district on Sunday, the military said."
    )
    events = _read(text, "AF,PK").events
    assert [(e.type, e.killed) for e in events] == [("other", 5)]
    headline = _read("Three militants killed near Saravan on the Pakistani border").events
    assert [e.type for e in headline] == ["other"]


def test_khwarij_are_militants() -> None:
    text = "Security forces killed four khwarij near the Pak-Afghan border in North Waziristan on Sunday."
    (event,) = _read(text, "AF,PK").events
    assert (event.type, event.killed) == ("other", 4)


def test_a_province_far_from_the_line_is_not_its_background() -> None:
    text = (
        "Pakistani forces shelled villages in Lalpur district of Nangarhar on Sunday, Afghan officials said. "
        "The shelling started hours after a deadly attack in 2017 ripped through a shrine in Sindh province."
    )
    events = _read(text, "AF,PK", dt.date(2017, 2, 20)).events
    assert "Sindh" not in {e.admin1 for e in events}
    assert any(e.type == "cross_border_strike" for e in events)


def test_talks_for_an_opening_open_nothing() -> None:
    text = "The commander said talks are underway for the opening of the Torkham crossing point."
    assert not any(e.type == "border_opening" for e in _read(text, "AF,PK").events)


@pytest.mark.parametrize(
    "caption",
    [
        "Army commandos depart in their vehicles in Rawalpindi on September 13, 2021. — AFP",
        "In this Aug. 3, 2021 file photo, troops patrol along the fence on the border at a post in Khyber.",
        "Troops patrol the fence on the border in Khyber district. (Anjum Naveed/AP)",
        "Troops patrol the border near Chaman. (AP Photo/Jafar Khan)",
        "A policeman takes cover during an attack in central Tehran, Iran, 7 June 2017 (Reuters)",
        "Border guards stand at the crossing in Taftan, Pakistan, March 1, 2020. REUTERS/Naseer Ahmed",
    ],
)
def test_photo_captions_are_furniture(caption: str) -> None:
    text = f"Headline\n\n{caption}\n\nQUETTA: The story begins here."
    stripped = strip_datelines(text)
    assert caption not in stripped and "The story begins here." in stripped
    assert len(stripped) == len(text)  # blanked in place: spans still point into the report


def test_a_story_ending_in_its_agency_is_kept() -> None:
    text = "Headline\n\nThe group was banned in 2006.—AFP"
    assert strip_datelines(text) == text


UNDATED = (
    "Rockets fired from across the border killed five soldiers at a post near Mashkel on Tuesday, the "
    "military said. Last month, security forces killed 12 militants in an operation in Panjgur. Two years "
    "ago, militants attacked a Levies post in Mand, killing two."
)


def test_an_undated_report_keeps_its_times_apart_and_reports_none_of_them() -> None:
    """Without a publication day, times counted from the report's day are placed against a provisional one:
    "on Tuesday" is the news, "last month" and "two years ago" are background, and no day counted from it
    is reported."""
    events = _read(UNDATED, day=None).events
    told = {(e.place, e.killed, e.background) for e in events}
    assert ("Mashkel", 5, False) in told
    assert {("Panjgur", 12, True), ("Mand", 2, True)} <= told
    assert all(e.date is None for e in events)
    news = next(e for e in events if e.place == "Mashkel")
    assert news.weekday == 1  # the weekday is kept for fusion to place next to the incident's day


def test_a_date_written_with_its_year_is_still_reported_in_an_undated_report() -> None:
    text = (
        "Militants attacked a post near Mashkel on Tuesday. In April 2015, militants killed eight guards in "
        "Saravan."
    )
    events = _read(text, day=None).events
    recalled = next(e for e in events if e.place == "Saravan")
    assert (str(recalled.date), recalled.date_precision, recalled.background) == ("2015-04-01", "month", True)


def test_a_foreign_force_firing_into_a_side_from_across_strikes_across() -> None:
    text = (
        "A NATO helicopter attacked a Pakistani border post in Kurram near the Afghan border on Thursday, "
        "killing three soldiers, officials said."
    )
    (event,) = _read(text, "AF,PK", dt.date(2010, 9, 30)).events
    assert (event.type, event.perpetrator, event.country) == ("cross_border_strike", "NATO-led forces", "PK")


@pytest.mark.parametrize(
    ("countries", "text"),
    [
        (
            "AF,PK",
            "Four soldiers were injured in a cross-border attack on checkpoints in Kurram on Monday. The "
            "checkpoints were fired upon from across the border. The attack targeted posts within a 10km "
            "radius. Officials gave no further details. Residents said the firing lasted an hour. The "
            "situation was tense, and the Pak-Afghan border was also closed following the attack.",
        ),
        (
            "PK,IR",
            "Two soldiers were killed in an attack on a post in Panjgur on Monday. The post was fired upon "
            "at night. The attackers fled. Officials gave no further details. Residents said the firing "
            "lasted an hour. The crossing between Pakistan and Iran has also been closed due to the attack.",
        ),
    ],
)
def test_a_closure_told_in_passing_after_the_news_is_an_event(countries: str, text: str) -> None:
    types = [e.type for e in _read(text, countries, dt.date(2024, 5, 15)).events]
    assert "border_closure" in types and types[0] in ("attack", "cross_border_strike")


@pytest.mark.parametrize(
    ("text", "background"),
    [
        (
            "Militants attacked a Levies post in Mand on Aug. 18, killing two guards. Last month, militants "
            "killed three soldiers near Turbat.",
            {"Mand": False, "Turbat": True},
        ),
        (
            "Militants attacked a Levies post in Mand on Aug. 18, killing two guards, officials said. On "
            "Tuesday, security forces killed four militants in an operation near Panjgur, the military said.",
            {"Mand": False, "Panjgur": False},
        ),
    ],
)
def test_a_day_without_its_year_is_not_placed_provisionally(text: str, background: dict[str, bool]) -> None:
    """'on Aug. 18' in an undated report could fall in any year: placed against the provisional day it
    would land months away from 'on Tuesday' and 'last month' (the review's sentences)."""
    events = _read(text, day=None).events
    assert {e.place: e.background for e in events if e.place in background} == background


@pytest.mark.parametrize(
    "line",
    [
        "This latest attack has tarnished the image of the forces, as two soldiers were killed near Mashkel.",
        "It was the second attack since the fence was completed on May 3, 2024. — APP",
        "Iranian border guards shot dead two fuel smugglers near Mashkel on May 13, 2024 (AFP)",
        "In this incident, the photo of a slain guard circulated online; two guards were killed in Saravan.",
    ],
)
def test_a_story_line_that_looks_like_a_caption_is_kept(line: str) -> None:
    """The review's sentences: story lines that end in a date and an agency, or speak of an image."""
    text = f"Headline\n\n{line}\n"
    assert strip_datelines(text) == text


@pytest.mark.parametrize(
    ("title", "place"),
    [
        ("Two Soldiers Martyred In Attack Near Mashkel", "Mashkel"),
        ("Militants Attack FC Post In Panjgur", "Panjgur"),
    ],
)
def test_a_title_case_headline_keeps_its_town(title: str, place: str) -> None:
    text = f"{title}\n\nTwo soldiers were martyred in an attack on a check post on Monday, the military said."
    assert [e.place for e in _read(text, day=dt.date(2024, 5, 15)).events] == [place]
