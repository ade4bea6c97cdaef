"""Invented reports in the styles of the field's outlets (ISPR, IRNA, wires): type, count, side, topic."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.reader import read_article

CASES = [
    (
        dt.date(2022, 1, 28),
        "RAWALPINDI: Ten soldiers embraced shahadat when terrorists attacked a security forces post in Kech "
        "district of Balochistan on the night of January 25-26, the ISPR said.",
        ("attack", 10, "PK", dt.date(2022, 1, 25)),
    ),
    (
        dt.date(2021, 5, 27),
        "Two IRGC ground force members were martyred in a clash with terrorists near Saravan on Wednesday, "
        "the IRGC said in a statement.",
        ("attack", 2, "IR", dt.date(2021, 5, 26)),
    ),
    (
        dt.date(2021, 12, 5),
        "Security forces killed five terrorists in an intelligence-based operation in Kech district on "
        "Saturday, the ISPR said. Two soldiers were injured.",
        ("other", 5, "PK", dt.date(2021, 12, 4)),
    ),
    (
        dt.date(2024, 1, 19),
        "Pakistan carried out precision military strikes against terrorist hideouts in Iran's Sistan and "
        "Baluchestan province early on Thursday, killing nine people, the Foreign Office said.",
        ("cross_border_strike", 9, "IR", dt.date(2024, 1, 18)),
    ),
    (
        dt.date(2023, 3, 9),
        "Gunmen abducted five labourers working on a road project in Kech district of Balochistan near the "
        "Iranian border on Tuesday, police said.",
        ("abduction", None, "PK", dt.date(2023, 3, 7)),
    ),
]


@pytest.mark.parametrize(("published", "text", "expected"), CASES)
def test_main_event(published: dt.date, text: str, expected: tuple[object, ...]) -> None:
    article = read_article(text, published)
    assert article.on_topic
    main = article.events[0]
    assert (main.type, main.killed, main.country, main.date) == expected


def test_operation_counts_its_own_casualties() -> None:
    event = read_article(CASES[2][1], CASES[2][0]).events
    assert len(event) == 1 and event[0].injured == 2


@pytest.mark.parametrize(
    "text",
    [
        "KABUL: Pakistan and Afghanistan traded fire at the Chaman crossing on Wednesday, killing three.",
        "Chabahar port handled record cargo volumes in July, Iranian officials said on Sunday.",
        "A suicide bomber killed 12 people at a market in Peshawar on Monday, police said.",
    ],
)
def test_not_this_border(text: str) -> None:
    assert not read_article(text, dt.date(2022, 5, 5)).on_topic


def test_talks_about_reopening_are_not_a_reopening() -> None:
    text = (
        "Iranian and Pakistani officials met in Mirjaveh on Wednesday to discuss the reopening of the gate."
    )
    types = [e.type for e in read_article(text, dt.date(2020, 2, 20)).events]
    assert "border_opening" not in types and "meeting" in types
