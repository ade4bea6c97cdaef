"""Stop 31: where events happened. Talks reported from a capital were held there; an event told only
with a country and this border is in that side's border province (a force named after a border is not
enough: see test_read_relevance); where captives are held is not where they were taken; an office's
province is not a scene; a meeting bombed is an attack; guards shooting at people attack, their rockets
strike. Each test fails on stop 30's reader (743f33c) but the one guarding talks placed elsewhere."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 1, 30)
TALKS = "met his Iranian counterpart{where} on Monday to discuss security on the Pak-Iran border."


def _places(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(e.type, e.place, e.country, e.admin1) for e in read_article(text, DAY).events]


def test_talks_placed_only_in_the_country_are_in_the_capital_of_the_dateline() -> None:
    dateline = "ISLAMABAD, (APP - 29th Jan, 2024) Foreign Minister Jalil Abbas Jilani "
    visit = TALKS.format(where=", who is on an official visit to Pakistan,")
    assert _places(dateline + visit) == [("meeting", "ISLAMABAD", "PK", "Islamabad Capital Territory")]


def test_talks_placed_elsewhere_keep_their_place_under_a_capital_dateline() -> None:
    dateline = "ISLAMABAD, (APP - 29th Jan, 2024) Foreign Minister Jalil Abbas Jilani "
    assert _places(dateline + TALKS.format(where=" in Tehran")) == [("meeting", "Tehran", "IR", "Tehran")]


def test_an_event_told_with_this_border_is_in_that_sides_border_province() -> None:
    text = "Militants killed two soldiers in an attack on the Pakistani border in Iran on Monday."
    assert _places(text) == [("attack", "Iran", "IR", "Sistan and Baluchestan")]


def test_where_captives_are_held_is_not_where_they_were_taken() -> None:
    """Held in Pakistan; taken near the Pakistani border, which places them on Iran's side."""
    text = (
        "Jaish al-Adl abducted five Iranian border guards near the Pakistani border on Tuesday. The guards "
        "are being held in Pakistan, officials said."
    )
    assert _places(text) == [("abduction", None, "IR", "Sistan and Baluchestan")]


def test_a_province_in_an_officials_title_is_not_where_talks_were_held() -> None:
    text = (
        "QUETTA: Hadi Marshi, Deputy Governor General of Sistan-Baluchestan province, headed the Iranian "
        "delegation at the meeting of the joint border commission on Wednesday."
    )
    assert _places(text) == [("meeting", "QUETTA", "PK", "Balochistan")]


def test_a_meeting_that_was_bombed_is_the_scene_of_an_attack_not_talks() -> None:
    text = (
        "A suicide bomber on Sunday blew himself up at a meeting between commanders of the Revolutionary "
        "Guards and tribal elders in Sistan-Baluchestan province."
    )
    assert [kind for kind, *_ in _places(text)] == ["attack"]


def test_guards_shooting_at_people_across_the_line_attack_and_their_rockets_strike() -> None:
    """The annotators' line, and ACLED's: gunfire at villagers or a patrol is an attack by the force that
    fired; rockets, mortars, missiles and drones fired across the line are a cross-border strike."""
    shot = "Iranian border guards opened fire on Pakistani villagers near Mashkel on Friday, killing two."
    rockets = "Iranian border guards fired rockets into Panjgur district on Friday, injuring two villagers."
    assert [(e.type, e.perpetrator, e.country) for e in read_article(shot, DAY).events] == [
        ("attack", "Iranian Border Guard", "PK")
    ]
    assert [e.type for e in read_article(rockets, DAY).events] == ["cross_border_strike"]
