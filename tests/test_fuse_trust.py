"""The rules that keep the picture from stating wrong facts, each on mentions and sentences written for it:
roles instead of "perpetrator" for everything, dates from the weight of evidence, no undated merges
across years, one-line summaries."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from sarhad.daterange import named_years
from sarhad.fuse import FusionMention, MentionKey, fuse
from sarhad.fuse.choose import choose_date
from sarhad.fuse.roles import Role, roles_of
from sarhad.read.reader import Reader
from sarhad.read.text import without_publication_stamp
from sarhad.wording import field_label, lead_actor, summary
from support.places import BULEDA, MIRJAVEH

KECH = BULEDA  # a town in Kech district


def mention(report: str, arrival: int, **values: Any) -> FusionMention:
    return FusionMention(key=MentionKey(report, 0), source=report, arrival=arrival, **values)


# ---- roles ----------------------------------------------------------------------------------------------


def test_a_closure_has_an_acting_authority_never_a_responsible_party() -> None:
    roles = roles_of({"type": "border_closure", "perpetrator": "Pakistan", "perpetrator_basis": "acting"})
    assert roles == [Role("authority", "Pakistan")]
    assert field_label("perpetrator", "border_closure") == "acting authority"


def test_a_claimed_attack_names_the_responsible_party_and_its_basis() -> None:
    roles = roles_of(
        {"type": "ied", "perpetrator": "BLA", "perpetrator_basis": "claimed", "targets": "troops"}
    )
    assert roles == [Role("responsible", "BLA", "claimed"), Role("target", "troops")]
    assert lead_actor([r.as_dict() for r in roles]) == "BLA (claimed)"


def test_a_meeting_has_parties_and_participants_not_targets() -> None:
    roles = roles_of({"type": "meeting", "parties": "Iran; Pakistan", "targets": "Bajwa; Bagheri"})
    assert {r.role for r in roles} == {"party", "participant"}
    assert [r.name for r in roles if r.role == "party"] == ["Iran", "Pakistan"]
    # an agreement told as one state's act still has both parties when the text names both
    agreement = roles_of({"type": "agreement", "perpetrator": "Pakistan", "parties": "Iran; Pakistan"})
    assert [r.name for r in agreement if r.role == "party"] == ["Iran", "Pakistan"]


def test_a_release_names_who_held_the_hostages() -> None:
    roles = roles_of({"type": "hostage_release", "perpetrator": "Jaish al-Adl", "targets": "guards"})
    assert roles == [Role("holder", "Jaish al-Adl"), Role("freed", "guards")]


def test_the_reader_names_both_states_of_a_call_between_their_chiefs() -> None:
    text = (
        "Pakistan's army chief General Qamar Javed Bajwa spoke by telephone with Iran's armed forces chief "
        "Major General Mohammad Hossein Bagheri on Monday and discussed border security."
    )
    article = Reader().read(text, dt.date(2020, 5, 12))
    meetings = [e for e in article.events if e.type == "meeting"]
    assert meetings and meetings[0].parties == "Iran; Pakistan"
    assert meetings[0].perpetrator is None


# ---- summaries ------------------------------------------------------------------------------------------


def test_summary_is_one_line_from_the_fields() -> None:
    line = summary(
        {
            "type": "ied",
            "place": "Buleda",
            "admin2": "Kech",
            "date": "2020-05-08",
            "date_precision": "day",
            "killed": 6,
            "roles": [{"role": "responsible", "name": "BLA", "basis": "claimed"}],
        }
    )
    assert line == "IED at Buleda (Kech), 8 May 2020: 6 killed. Responsible party: BLA (claimed)."
    closure = summary(
        {
            "type": "border_closure",
            "place": "Taftan",
            "date": "2021-03-01",
            "date_precision": "month",
            "roles": [{"role": "authority", "name": "Pakistan"}],
        }
    )
    assert closure == "Border closure at Taftan, March 2021. Acting authority: Pakistan."
    assert "\n" not in summary({"type": "meeting"})


# ---- dates ----------------------------------------------------------------------------------------------


def test_the_most_specific_statement_dates_the_incident_and_a_week_supports_a_day_in_it() -> None:
    week = [
        mention(f"w{n}", n, type="meeting", date=dt.date(2020, 5, 12), date_precision="week")
        for n in range(3)
    ]
    day = mention("d", 5, type="meeting", date=dt.date(2020, 5, 11), date_precision="day")
    chosen, rule = choose_date([*week, day])
    assert chosen is day and rule == "most_specific_then_best_supported"


def test_equally_specific_days_go_to_the_better_supported_one() -> None:
    a = mention("a", 0, type="attack", date=dt.date(2020, 5, 8), date_precision="day")
    b = mention("b", 1, type="attack", date=dt.date(2020, 5, 9), date_precision="day")
    c = mention("c", 2, type="attack", date=dt.date(2020, 5, 9), date_precision="day")
    assert choose_date([a, b, c])[0] is b


def test_a_background_mention_dates_an_undated_main_event() -> None:
    main = mention("news", 0, type="abduction", **MIRJAVEH)
    recalled = mention("later", 1, type="abduction", date=dt.date(2018, 10, 1), date_precision="month",
                       background=True, **MIRJAVEH)  # fmt: skip
    chosen, rule = choose_date([main, recalled])
    assert chosen is recalled and rule == "from_background_mention"


def test_a_weekday_named_inside_the_incidents_week_dates_it_to_that_day() -> None:
    dated = mention("a", 0, type="meeting", date=dt.date(2020, 5, 12), date_precision="week", targets="X; Y")
    monday = mention("b", 1, type="meeting", weekday=0, targets="X; Y", report_years=frozenset({2019}))
    [incident] = fuse([dated, monday])
    assert incident.chosen["date"] == dt.date(2020, 5, 11) and incident.chosen["date_precision"] == "day"
    assert any(v.rule == "weekday_named_within_week" for v in incident.values if v.chosen)


def test_a_publication_stamp_is_blanked_before_reading() -> None:
    text = " date 2020-05-12 In phone call, the chiefs discussed the border."
    assert "2020-05-12" not in without_publication_stamp(text)
    assert len(without_publication_stamp(text)) == len(text)
    assert named_years("In October 2018, and again in 2019-20; 1,2019 people; 2,000 men.") == [2018, 2019]


# ---- no undated merges across years ---------------------------------------------------------------------


def ambush_2017() -> FusionMention:
    return mention("old", 0, type="ambush", date=dt.date(2017, 4, 26), date_precision="day", killed=10,
                   perpetrator="Jaish al-Adl", **MIRJAVEH)  # fmt: skip


@pytest.mark.parametrize(
    ("years", "intake", "joins"),
    [
        (frozenset({2024}), None, False),  # news in a report that names 2024 is not from 2017
        (frozenset({2015, 2017}), None, True),  # the latest year it names is the incident's
        (frozenset({2015}), None, True),  # or two years before (news is not much younger than that)
        (frozenset({2012, 2014}), None, False),
        (frozenset({2013}), None, False),
        (frozenset(), None, False),  # nothing dates its report: a split an analyst can merge
        (frozenset({2017}), None, True),  # the report names the incident's year
        (frozenset(), dt.date(2017, 5, 20), True),  # it arrived within weeks of the incident
        (frozenset(), dt.date(2019, 5, 20), False),
    ],
)
def test_an_undated_mention_joins_only_incidents_its_report_can_speak_of(
    years: frozenset[int], intake: dt.date | None, joins: bool
) -> None:
    undated = mention("new", 1, type="ambush", killed=10, perpetrator="Jaish al-Adl", report_years=years,
                      intake=intake, **MIRJAVEH)  # fmt: skip
    incidents = fuse([ambush_2017(), undated])
    assert (len(incidents) == 1) is joins


def test_a_dated_report_cannot_pull_in_an_undated_member_from_another_year() -> None:
    undated = mention("first", 0, type="ambush", killed=10, report_years=frozenset({2024}), **MIRJAVEH)
    dated = mention("second", 1, type="ambush", date=dt.date(2017, 4, 26), date_precision="day", killed=10,
                    **MIRJAVEH)  # fmt: skip
    assert len(fuse([undated, dated])) == 2


def test_its_own_weekday_and_strong_agreement_may_still_join_an_undated_report() -> None:
    """'Last Friday's attack' in an undated report, agreeing on type, district, toll and day of week."""
    dated = mention("a", 0, type="ied", date=dt.date(2020, 5, 8), date_precision="day", killed=6, **KECH)
    friday = mention("b", 1, type="ied", weekday=4, killed=6, report_years=frozenset({2016}), **KECH)
    wrong_day = mention("c", 2, type="ied", weekday=1, killed=6, report_years=frozenset({2016}), **KECH)
    # (Thursday or Saturday would be next to the incident's Friday: overnight events are told on either)
    by_report = {m.key.report_id: i.id for i in fuse([dated, friday, wrong_day]) for m in i.mentions}
    assert by_report["a"] == by_report["b"] != by_report["c"]


def test_a_pinned_responsible_party_carries_no_sources_basis() -> None:
    claimed = mention("a", 0, type="ied", date=dt.date(2020, 5, 8), date_precision="day", perpetrator="BLA",
                      perpetrator_basis="claimed", **KECH)  # fmt: skip
    [incident] = fuse([claimed], pins=[{"anchor": "a:0", "field": "perpetrator", "value": "Jaish al-Adl"}])
    assert roles_of(incident.chosen) == [Role("responsible", "Jaish al-Adl")]  # nobody claimed it for them


def test_placeless_undated_attacks_from_many_reports_never_merge() -> None:
    """World news on one day: 'militants killed three guards', told by 40 reports with no place this
    border knows and no date of its own. Nothing tells these events apart or together: none may join."""
    day = dt.date(2024, 3, 2)
    told = [
        mention(
            f"r{n}",
            n,
            type="attack",
            killed=3,
            perpetrator="militants",
            targets="border guards",
            published=day,
            country="PK" if n % 2 else None,
        )
        for n in range(40)
    ]
    assert len(fuse(told)) == 40
    # with a province, or with their own day, the same reports may be one event again
    placed_ones = [replace(m, admin1="Balochistan", date=day, date_precision="day") for m in told[:3]]
    assert len(fuse(placed_ones)) == 1
