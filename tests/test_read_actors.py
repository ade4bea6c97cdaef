"""Actor registry: aliases, transliterations (fuzzy) and perpetrators (claimed vs blamed)."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.reader import Reader, read_article


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader()


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("Jaish-ul-Adl said", "jaish-al-adl"),
        ("the Jaish al Adl group", "jaish-al-adl"),
        ("a statement by Jaish-e-Adil", "jaish-al-adl"),  # fuzzy
        ("the BLA claimed", "bla"),
        ("Balochistan Liberation Army fighters", "bla"),
        ("the FC spokesman", "fc"),
        ("Iran's IRGC", "irgc"),
        ("Maj Gen Mohammad Baqeri", "bagheri"),
        ("Major General Bagheri", "bagheri"),
        ("Gen Qamar Javed Bajwa", "bajwa"),
    ],
)
def test_aliases(reader: Reader, text: str, actor: str) -> None:
    assert actor in {a.id for a in reader.lexicon.resolve_actor(text)}


def test_lower_case_acronyms_are_not_actors(reader: Reader) -> None:
    assert reader.lexicon.resolve_actor("the bla bla of fc") == []


def test_claimed_perpetrator() -> None:
    text = (
        "A roadside bomb struck a Frontier Corps vehicle in Kech district of Balochistan near the Iranian "
        "border on Sunday, killing three soldiers. The Baloch Liberation Army claimed the bombing."
    )
    event = read_article(text, dt.date(2021, 6, 1)).events[0]
    assert (event.type, event.perpetrator, event.perpetrator_basis) == (
        "ied",
        "Baloch Liberation Army",
        "claimed",
    )


def test_group_that_is_only_holding_hostages_is_not_the_bomber() -> None:
    text = (
        "A bomb planted on a road in Kech district, Balochistan, near the border with Iran killed two "
        "soldiers on Sunday. Separately, Iran asked for help to free guards held in the captivity of "
        "Jaish al-Adl."
    )
    event = read_article(text, dt.date(2021, 6, 1)).events[0]
    assert event.type == "ied"
    assert event.perpetrator is None
