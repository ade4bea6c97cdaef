"""Stop 35's review: sentences a helper wrote against this stop's new rules (blind sets unseen). Each fails
on the reader before the mends (d4da89b) and passes after, but the last, a guard."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.reader import read_article

DAY = dt.date(2021, 3, 3)


def _read(text: str) -> list[tuple[str, str]]:
    return [(e.type, e.read_as) for e in read_article(text, DAY).events]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Iranian border guards stopped a truck carrying power generators near Taftan on Monday and "
            "seized it.",
            [("smuggling_seizure", "smuggling_seizure")],
        ),
        (
            "Power outages hit Panjgur on Monday after an Iranian drone strike on a grid station.",
            [("cross_border_strike", "cross_border_strike")],
        ),
        (
            "Pakistan and Iran on Monday inaugurated the border crossing and freight train service between "
            "Pakistan and Iran at Mand.",
            [("border_opening", "border_opening")],
        ),
        ("Passengers of a bus were held up at gunpoint by robbers near the Pak-Iran border on Monday.", []),
        ("Floodwaters overran the Taftan border post on Monday.", []),
        ("Two pilgrims lost their lives in a road accident near Taftan on Monday.", []),
        ("Two pilgrims were killed in a road accident near Taftan on Monday.", []),
        (
            "The Iranian border commander met with the Force Commander of the Frontier Corps at Taftan on "
            "Monday.",
            [("meeting", "meeting")],
        ),
        (
            "Pakistan and Iran signed a memorandum on law enforcement cooperation along the border on "
            "Monday.",
            [("agreement", "agreement")],
        ),
        (
            "The diplomatic skirmish between Islamabad and Tehran over the border fence ended on Monday.",
            [("fencing", "fencing")],
        ),
    ],
)
def test_the_review_sentence_reads_as_it_should(text: str, expected: list[tuple[str, str]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Iran and Turkey resumed the Iran-Turkey railway service on Monday, Pakistani media reported.",
        "Work on the TAPI gas pipeline began in Herat on Monday, a project Pakistan sees as an alternative "
        "to gas from Iran.",
        "Iran on Monday inaugurated a gas pipeline to Basra in Iraq, a year after Pakistan shelved its part "
        "of the pipeline from Iran.",
        "Pakistan suspended the Pakistan-India rail link on Monday, and said trade with Iran would go on.",
    ],
)
def test_a_link_between_other_states_is_not_this_border_s_news(text: str) -> None:
    assert not read_article(text, DAY).on_topic


def test_a_pipeline_begun_in_another_country_is_no_event_of_an_on_topic_report() -> None:
    text = (
        "Border guards killed two smugglers near Mirjaveh on Monday. Separately, work on the TAPI gas "
        "pipeline began in Herat, Afghanistan."
    )
    assert _read(text) == [("attack", "attack")]
