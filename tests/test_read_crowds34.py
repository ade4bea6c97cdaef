"""Stop 34: crowds, people handed over across the line, and names the reader did not know. Each test but
the guards fails on stop 33's reader (87cd4fd)."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.doc import Doc
from sarhad.read.reader import default_reader, read_article

DAY = dt.date(2021, 2, 24)


def _told(text: str) -> list[tuple[str, str | None]]:
    return [(e.type, e.perpetrator) for e in read_article(text, DAY).events if not e.background]


def test_a_crowd_storming_an_office_is_a_riot_reported_as_other_by_the_protesters() -> None:
    text = (
        "Protesters stormed the governor's office in Saravan on Tuesday and set fire to a police car, "
        "a day after fuel carriers were shot at the border with Pakistan."
    )
    assert ("other", "Protesters") in _told(text)
    assert all(kind != "attack" or who != "Protesters" for kind, who in _told(text))


def test_an_angry_crowd_that_occupied_an_office_is_a_riot_of_its_own_beside_the_shooting() -> None:
    text = (
        "Angry protesters occupied a governor's office in southeastern Iran on Tuesday, a day after at least "
        "two fuel smugglers were shot dead at the nearby border with Pakistan."
    )
    events = read_article(text, DAY).events
    assert {(e.type, e.date) for e in events} == {
        ("other", dt.date(2021, 2, 23)),
        ("attack", dt.date(2021, 2, 22)),
    }


def test_militants_storming_a_post_stay_an_attack() -> None:  # guard
    text = "Militants stormed a border post near Saravan on Tuesday, killing two guards."
    assert [kind for kind, _ in _told(text)] == ["attack"]


def test_deportees_handed_over_at_the_crossing_are_a_handover_not_a_release() -> None:
    text = (
        "Iran deported 400 illegal Pakistani immigrants on Monday. The deportees were handed over to the "
        "Pakistani authorities at the Taftan border post in Balochistan."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.perpetrator) for e in events] == [("other", "Iran")]


def test_immigrants_detained_on_earlier_days_are_border_control_of_those_days() -> None:
    text = (
        "Iran deported 400 illegal Pakistani immigrants at Taftan on Monday. Earlier on February 12, Iranian "
        "border guards detained about 400 illegal Pakistani immigrants and then handed them over."
    )
    dates = {e.date for e in read_article(text, DAY).events}
    assert dt.date(2021, 2, 12) in dates


def test_a_body_handed_over_by_the_other_side_is_a_handover() -> None:
    text = (
        "Iranian forces fired at fuel carriers near Saravan on Monday, killing two. A body and an injured "
        "Pakistani were handed over to Pakistani border authorities by Iranian officials on Tuesday."
    )
    types = [e.type for e in read_article(text, DAY).events]
    assert types.count("other") == 1 and "hostage_release" not in types


def test_bodies_handed_over_to_the_families_are_no_handover() -> None:  # guard
    text = (
        "Iranian forces fired at fuel carriers near Saravan on Monday, killing two. The bodies were handed "
        "over to their families on Tuesday."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["attack"]


def test_a_group_spelled_as_iranian_outlets_spell_it_is_known() -> None:
    text = "The Jondollah terrorist group abducted 16 police officers in a raid near Saravan on Monday."
    assert _told(text) == [("abduction", "Jundallah")]


def test_the_groups_that_attack_pilgrims_are_known_and_their_victims_counted() -> None:
    text = (
        "At least 30 Shias were killed on Sunday night in a coordinated attack on two hotels in Taftan. "
        "Jaish-ul-Islam claimed responsibility for the attack."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.killed, e.perpetrator) for e in events] == [("attack", 30, "Jaish-ul-Islam")]


def test_border_markets_set_up_are_a_project_reported_as_other_not_a_crossing_opened() -> None:
    text = (
        "Pakistan is establishing three markets on its borders with Iran at Gabd, Mand and Chedgi, the "
        "commerce adviser said on Monday. In the first phase, three markets were to open at the border "
        "points of Kuhak-Chadgi, Rimdan-Gabd and Pishin-Mand."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["other"]


def test_a_market_only_to_be_built_under_a_deal_is_no_project_yet() -> None:  # guard
    text = "In April, a deal was concluded between Pakistan and Iran to build border markets along the line."
    assert "other" not in [e.type for e in read_article(text, DAY).events]


def test_members_of_an_armed_group_killed_by_the_forces_are_the_forces_operation() -> None:
    text = "The security forces killed seven members of another armed group near Saravan on Monday."
    assert [e.type for e in read_article(text, DAY).events] == ["other"]


def test_militants_killed_in_clashes_with_the_forces_are_the_forces_operation() -> None:
    text = (
        "Four Jundallah militants were killed in clashes with Iranian security forces near Saravan on Friday."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["other"]


def test_the_attackers_killed_in_the_clashes_after_their_attack_are_the_attack_s() -> None:  # guard
    text = (
        "Jaish al-Adl militants attacked a Guards base in Rask on Wednesday, killing five. Fifteen attackers "
        "were killed during clashes with security forces."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["attack"]


# ---- mends after the stop's review: each fails on the stop's first version (4dd4aa6) -----------------


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Angry smugglers stormed a border post near Taftan on Monday, killing two guards.", 2),
        ("A mob of militants attacked a police station in Saravan on Monday, killing three policemen.", 3),
        ("A crowd of armed men attacked a Levies post near Mand on Monday, killing two.", 2),
    ],
)
def test_armed_men_or_smugglers_storming_a_post_are_no_crowd(text: str, killed: int) -> None:
    assert [(e.type, e.killed) for e in read_article(text, DAY).events] == [("attack", killed)]


def test_a_riot_keeps_its_toll() -> None:
    text = (
        "Protesters stormed a police station in Saravan on Tuesday, killing a policeman and injuring three."
    )
    assert [(e.type, e.killed, e.injured) for e in read_article(text, DAY).events] == [("other", 1, 3)]


def test_protesters_occupying_a_highway_hold_a_sit_in_not_a_riot() -> None:
    text = "Hundreds of protesters occupied the main highway to the Taftan border on Monday."
    doc = default_reader().run(Doc(text, DAY))
    assert "riot" not in [draft.type for draft in doc.drafts]


def test_kidnapped_nationals_handed_over_are_freed_captives() -> None:
    text = (
        "The kidnapped Iranian nationals were handed over to Iranian officials at the Taftan crossing on "
        "Monday after two months in captivity."
    )
    assert [e.type for e in read_article(text, DAY).events] == ["hostage_release"]


def test_a_body_handed_over_to_officials_is_one_handover_on_its_own_day() -> None:
    text = (
        "Iranian border guards shot dead a fuel carrier near Mand on Sunday. His body was handed over to "
        "Pakistani officials on Monday."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.date) for e in events] == [
        ("attack", dt.date(2021, 2, 21)),
        ("other", dt.date(2021, 2, 22)),
    ]


def test_members_of_an_armed_gang_or_of_the_armed_forces_are_no_militants() -> None:
    text = "Iranian border guards shot dead two members of an armed gang of smugglers near Mand on Monday."
    assert [e.type for e in read_article(text, DAY).events] == ["attack"]


def test_a_checkpoint_set_up_near_a_border_market_is_no_market_built() -> None:
    text = "Militants set up a checkpoint near the border market at Mand on Monday and abducted two men."
    assert [e.type for e in read_article(text, DAY).events] == ["abduction"]


def test_the_state_that_fired_is_the_parse_s_agent_not_the_officials_who_said_so() -> None:
    text = (
        "Pakistani officials said Iran fired six mortar shells, which landed near the border town of "
        "Mashkail in Balochistan on Friday."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.perpetrator) for e in events] == [("cross_border_strike", "Iran")]


def test_the_other_side_s_answer_to_a_strike_is_its_own_strike() -> None:
    text = (
        "Iranian border guards fired five mortar shells on the Pakistani town of Mashkail in Balochistan on "
        "Friday. Responding to the attack, Pakistani forces fired two rockets into Iranian territory."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.date) for e in events] == [("cross_border_strike", dt.date(2021, 2, 19))] * 2
    assert [e.country for e in events] == ["PK", "IR"]
