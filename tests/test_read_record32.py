"""Stop 32: a group's record is not this event's actor. "Recent attacks have been blamed on X" and "the
province has witnessed multiple clashes with X" tell what X has done, not who did the event told before
them; a claim for this event still names X. And people arrested for crossing without papers are border
control, not a seizure. All but the third test fail on stop 31's reader (f2c853c)."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 1)


def _perpetrators(text: str) -> list[str | None]:
    return [e.perpetrator for e in read_article(text, DAY).events]


def test_blame_for_past_attacks_is_not_this_attacks() -> None:
    text = (
        "A roadside bomb killed 11 Revolutionary Guards in Zahedan on Wednesday, state media said. "
        "Recent attacks in the province have been blamed on the Sunni militant group Jundallah."
    )
    assert _perpetrators(text) == [None]


def test_clashes_a_province_has_witnessed_name_no_actor() -> None:
    text = (
        "Four police officers were killed when gunmen attacked their patrol near Saravan on Sunday. "
        "The province has witnessed multiple clashes between Iranian security forces and Jaish al-Adl."
    )
    assert _perpetrators(text) == [None]


def test_a_claim_by_a_group_with_a_record_still_names_it() -> None:
    text = (
        "Gunmen killed two border guards near Mirjaveh on Monday. Jaish al-Adl, which has carried out a "
        "spate of attacks in the province, claimed responsibility for the killing."
    )
    assert _perpetrators(text) == ["Jaish al-Adl"]


def test_people_arrested_for_crossing_without_papers_are_border_control_not_a_seizure() -> None:
    text = (
        "Security forces arrested 85 people in Chagai district for trying to cross into Iran illegally, "
        "officials said on Monday. The men were later handed over to the Levies force at Taftan."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.place) for e in events] == [("other", "Chagai district")]


def test_an_attack_no_group_has_officially_claimed_names_no_claimant() -> None:
    text = (
        "Five policemen were killed near Saravan on Friday in an attack no group has officially claimed, "
        "though Jaish al-Adl operates in the area."
    )
    assert _perpetrators(text) == [None]


def test_what_a_group_usually_claims_is_its_record() -> None:
    text = (
        "Gunmen killed five policemen near Saravan on Friday in an attack that Jaish al-Adl usually claims."
    )
    assert _perpetrators(text) == [None]


def test_a_claim_beside_what_the_group_usually_claims_still_names_it() -> None:
    """Review of stop 32: the record checked before the claim threw the claim away."""
    text = (
        "Gunmen killed two border guards near Mirjaveh on Monday. Jaish al-Adl, which usually claims such "
        "attacks, claimed responsibility for the killing."
    )
    assert _perpetrators(text) == ["Jaish al-Adl"]


def test_a_decision_announced_before_a_question_with_if_is_still_announced() -> None:
    text = "The minister said Pakistan would fence its border with Iran, and asked if Tehran would help."
    assert [e.type for e in read_article(text, DAY).events] == ["fencing"]
