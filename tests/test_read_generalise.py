"""Rules added so that the reader generalises beyond the dev corpus (sentences written for these tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sarhad.evaluate.reading import evaluate
from sarhad.read.counts import find_counts
from sarhad.read.dates import find_dates
from sarhad.read.model import Event
from sarhad.read.reader import Reader, read_article
from sarhad.read.triggers import find_triggers

DEMO = Path(__file__).resolve().parents[1] / "src" / "sarhad" / "demo"
WED = dt.date(2022, 3, 9)  # a Wednesday


def _events(text: str, published: dt.date | None = WED) -> list[Event]:
    return read_article(text, published).events


# ---- cross-border strikes: the striking state ----------------------------------------------------


def test_a_state_striking_is_a_cross_border_strike_by_that_state() -> None:
    events = _events(
        "Iran struck a hamlet in Kech district on Monday, killing three people, Pakistani officials said."
    )
    assert [(e.type, e.perpetrator, e.date, e.killed, e.country) for e in events] == [
        ("cross_border_strike", "Iran", dt.date(2022, 3, 7), 3, "PK")
    ]


def test_strikes_carried_out_on_hideouts_name_the_acting_state() -> None:
    events = _events(
        "Pakistan carried out strikes on Tuesday on what it called separatist camps in Iran's Sistan and "
        "Baluchestan province. Officials in Zahedan said four people died in a village near Saravan."
    )
    assert [(e.type, e.perpetrator, e.admin1, e.place) for e in events] == [
        ("cross_border_strike", "Pakistan", "Sistan and Baluchestan", "Saravan")
    ]


def test_an_earlier_event_named_for_reference_does_not_give_the_place() -> None:
    events = _events(
        "Pakistan launched retaliatory strikes on Tuesday in Sistan and Baluchestan, "
        "a day after Iran's strike in Panjgur."
    )
    # the earlier strike is an event of its own, a day before the news, where its own clause puts it
    assert [(e.type, e.perpetrator, e.admin1, e.date, e.background) for e in events] == [
        ("cross_border_strike", "Pakistan", "Sistan and Baluchestan", dt.date(2022, 3, 8), False),
        ("cross_border_strike", "Iran", "Balochistan", dt.date(2022, 3, 7), True),
    ]


# ---- meetings: calls and talks by telephone ------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The army chiefs of Pakistan and Iran talked on the telephone on Monday about the common border.",
        "On Monday, Pakistan's army chief spoke by phone with Iran's chief of staff about border security.",
        "In a phone conversation on Monday, the commanders of Pakistan and Iran discussed border security.",
    ],
)
def test_telephone_talks_are_meetings(sentence: str) -> None:
    events = _events(sentence)
    assert [(e.type, e.date, e.date_precision) for e in events] == [("meeting", dt.date(2022, 3, 7), "day")]


def test_an_agreement_and_a_briefing_inside_a_call_do_not_displace_the_call() -> None:
    events = _events(
        "Note from the cell. The army chief spoke with the Iranian chief of staff by telephone on Monday. "
        "Both sides agreed to increase patrols on either side of the border and to exchange delegations. "
        "The Pakistani side briefed on fencing of the border."
    )
    assert [e.type for e in events] == ["meeting"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister cut short his visit to Tehran after the border attack.",
        "The general invited his counterpart to Tehran on an official visit.",
        "The crossing at Taftan was closed after talks with the Iranian side.",
    ],
)
def test_called_off_future_or_framing_meetings_are_not_meetings(sentence: str) -> None:
    assert not any(e.type == "meeting" for e in _events(sentence))


# ---- abductions and releases ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Nine members of Iran's border guard were taken captive near Mirjaveh on Tuesday.",
        "Gunmen seized nine Iranian border guards near Mirjaveh on Tuesday.",
        "Nine Iranian border guards were captured near Mirjaveh on Tuesday by gunmen.",
    ],
)
def test_taking_people_captive_is_an_abduction(sentence: str) -> None:
    events = _events(sentence)
    assert [(e.type, e.date, e.country) for e in events] == [("abduction", dt.date(2022, 3, 8), "IR")]


def test_seizing_fuel_stays_a_seizure() -> None:
    events = _events("The Frontier Corps seized 9,000 litres of Iranian diesel near Mand on Tuesday.")
    assert [(e.type, e.perpetrator) for e in events] == [("smuggling_seizure", "Frontier Corps")]


@pytest.mark.parametrize(
    "sentence",
    [
        "The FC seized contraband worth millions from people at a checkpoint.",
        "Officials said weapons and ammunition belonging to the men were seized.",
    ],
)
def test_things_seized_from_people_are_not_an_abduction(sentence: str) -> None:
    assert [t.type for t in find_triggers(sentence)] == ["smuggling_seizure"]


def test_the_group_saying_it_holds_the_captives_is_the_perpetrator() -> None:
    events = _events(
        "Seven Iranian border guards were taken captive near Mirjaveh on Tuesday. "
        "The Jaish al-Adl group said it was holding them."
    )
    assert [(e.type, e.perpetrator) for e in events] == [("abduction", "Jaish al-Adl")]


def test_rescued_guards_are_a_release_told_where_the_rescuers_act() -> None:
    events = _events(
        "Pakistan said on Wednesday its forces had rescued three abducted Iranian border guards, "
        "the spokesman announced in Islamabad. Jaish al-Adl had kidnapped the guards near Mirjaveh "
        "two months ago."
    )
    summary = [(e.type, e.date, e.date_precision, e.country, e.background) for e in events]
    assert summary == [
        ("hostage_release", WED, "day", "PK", False),
        ("abduction", dt.date(2022, 1, 1), "month", "IR", True),
    ]
    assert events[0].perpetrator == events[1].perpetrator == "Jaish al-Adl"


# ---- dates ---------------------------------------------------------------------------------------


def test_n_units_ago_resolves_against_publication() -> None:
    hits = find_dates("The guards were kidnapped two months ago and freed three days ago.", WED, None)
    assert [(h.date, h.precision) for h in hits] == [
        (dt.date(2022, 1, 1), "month"),
        (dt.date(2022, 3, 6), "day"),
    ]
    assert [(h.date, h.precision) for h in find_dates("a week ago", None, None)] == [(None, None)]


def test_a_weekday_and_its_date_are_one_date() -> None:
    events = _events(
        "Two Iranian border guards freed in Pakistan on March 3 returned home on Friday, March 4.",
        dt.date(2022, 3, 5),
    )
    release = next(e for e in events if e.type == "hostage_release")
    assert release.date == dt.date(2022, 3, 3)


# ---- counts --------------------------------------------------------------------------------------


def test_victims_and_attackers_joined_by_and_count_only_the_victims() -> None:
    counts = find_counts("Seven policemen and four attackers were killed in the assault.")
    assert [(c.field, c.value, c.attacker) for c in counts] == [("killed", 7, False)]


def test_objects_of_one_verb_are_not_the_subjects_of_the_next() -> None:
    counts = find_counts("The strike killed two boys and injured four women.")
    assert sorted((c.field, c.value) for c in counts) == [("injured", 4), ("killed", 2)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Three soldiers were critically injured and later died in hospital.", [("killed", 3)]),
        ("One FC man was killed while injuring another two.", [("injured", 2), ("killed", 1)]),
        ("Four soldiers were killed and another two seriously injured.", [("injured", 2), ("killed", 4)]),
        ("Militant Karim Baksh was killed in the raid.", [("killed", 1)]),
        ("A conscript and a member of the Basij were killed.", [("killed", 2)]),
    ],
)
def test_more_count_phrasings(sentence: str, expected: list[tuple[str, int]]) -> None:
    assert sorted((c.field, c.value) for c in find_counts(sentence)) == expected


def test_a_headline_figure_yields_to_the_text() -> None:
    events = _events(
        "20 killed in attack on guard post in Saravan\n\nNine Iranian border guards and eleven "
        "attackers were killed in an attack on a post near Saravan on Tuesday."
    )
    assert [(e.type, e.killed) for e in events] == [("attack", 9)]


# ---- perpetrators and places ---------------------------------------------------------------------


def test_a_state_force_that_attacked_is_the_perpetrator() -> None:
    events = _events("Iranian border guards attacked an FC vehicle in Mand on Monday, killing one soldier.")
    # a state's own force attacking people on the other side: its attack (rockets would make it a strike)
    assert [(e.type, e.perpetrator, e.place) for e in events] == [("attack", "Iranian Border Guard", "Mand")]


def test_victims_of_a_passive_verb_are_not_the_perpetrator() -> None:
    events = _events("Five Iranian border guards were abducted near Saravan on Monday.")
    assert [(e.type, e.perpetrator) for e in events] == [("abduction", None)]


def test_a_nationality_adjective_is_not_the_acting_state() -> None:
    events = _events(
        "Coast Guards seized 30,000 litres of Iranian diesel near Pasni on Tuesday, carried out in a "
        "joint operation."
    )
    assert [(e.type, e.perpetrator) for e in events] == [("smuggling_seizure", "Pakistan Coast Guards")]


def test_security_forces_killing_militants_is_an_operation() -> None:
    events = _events("Iranian forces said on Tuesday they had killed three militants near Saravan.")
    assert [(e.type, e.killed, e.admin1) for e in events] == [("other", 3, "Sistan and Baluchestan")]


def test_the_hospital_is_not_the_place_of_the_attack() -> None:
    events = _events(
        "Gunmen attacked a patrol in Buleda on Monday, wounding three soldiers. "
        "The injured soldiers were rushed to Quetta for treatment."
    )
    assert [(e.place, e.injured) for e in events] == [("Buleda", 3)]


def test_an_undated_sentence_after_a_recalled_attack_belongs_to_it() -> None:
    events = _events(
        "Gunmen killed a policeman in Saravan on Tuesday. "
        "The province has seen unrest for years. "
        "Officials have criticised the lack of border security. "
        "Police are searching for the attackers. "
        "Roads were closed for hours. "
        "Last May, eight guards were killed near Mirjaveh. "
        "Jaish al-Adl later said its fighters ambushed the guards."
    )
    summary = [(e.type, e.killed, e.perpetrator, e.background) for e in events]
    assert summary == [("attack", 1, None, False), ("ambush", 8, "Jaish al-Adl", True)]


# ---- the project's own demo reports, with their gold ---------------------------------------------

# Measured 2026-11-24 after the generalisation work: 1.0 on every field (was type 0.54, perpetrator 0.54,
# place 0.69, date 0.85, killed 0.85, event recall 0.85, on-topic F1 0.95). Floors sit a little below.
DEMO_FLOORS = {
    "on_topic_f1": 0.95,
    "type": 0.9,
    "date": 0.9,
    "place": 0.9,
    "killed": 0.9,
    "injured": 0.9,
    "perpetrator": 0.9,
    "event_recall": 0.9,
    "event_precision": 0.9,
}


def test_demo_reports_score_against_their_gold() -> None:
    metrics = evaluate(DEMO / "reports", DEMO / "gold.jsonl", Reader()).metrics()
    assert metrics["articles"] == 12
    low = {k: metrics[k] for k, floor in DEMO_FLOORS.items() if metrics[k] < floor}
    assert not low, f"demo scores fell below their floors: {low}"
