"""Fusion on hand-made mentions: what merges, what stays apart, what is chosen and what is kept."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sarhad.fuse import FusedIncident, FusionMention, MentionKey, fuse
from support.places import BULEDA, KECH, MIRJAVEH


def m(report: str, ordinal: int = 0, *, arrival: int = 0, **fields: Any) -> FusionMention:
    if isinstance(fields.get("date"), str):
        fields["date"] = dt.date.fromisoformat(fields["date"])
    fields.setdefault("date_precision", "day" if fields.get("date") else None)
    return FusionMention(key=MentionKey(report, ordinal), arrival=arrival, **fields)


def by_report(incidents: list[FusedIncident]) -> dict[str, set[str]]:
    return {i.id: {mm.key.report_id for mm in i.mentions} for i in incidents}


def ied(
    report: str, arrival: int, killed: int, place: dict[str, Any] = BULEDA, **extra: Any
) -> FusionMention:
    return m(
        report,
        arrival=arrival,
        type="ied",
        date="2020-05-08",
        killed=killed,
        source=report.upper(),
        **place,
        **extra,
    )


def test_one_event_from_several_outlets_is_one_incident_with_its_disagreement_kept() -> None:
    incidents = fuse([ied("a", 0, 6), ied("b", 1, 5, KECH), ied("c", 2, 6), ied("d", 3, 6, injured=1)])
    assert len(incidents) == 1
    incident = incidents[0]
    assert incident.chosen["killed"] == 6  # three sources say 6, one says 5: the value most give
    killed = sorted(v.value for v in incident.values if v.field == "killed")
    assert killed == [5, 6, 6, 6]
    assert incident.chosen["place"] == "Buleda"  # the most specific place wins over the district
    assert incident.corroboration == "independent"


def test_count_tie_takes_the_latest_report_never_an_average() -> None:
    early = m(
        "early", arrival=0, type="ied", date="2020-05-08", killed=5, published=dt.date(2020, 5, 8), **BULEDA
    )
    later = m(
        "later", arrival=1, type="ied", date="2020-05-08", killed=6, published=dt.date(2020, 5, 9), **BULEDA
    )
    (incident,) = fuse([early, later])
    assert incident.chosen["killed"] == 6


def test_monday_or_tuesday_is_one_meeting_with_a_date_conflict() -> None:
    monday = m(
        "x", arrival=0, type="meeting", date="2020-05-11", perpetrator="Pakistan Army; Iranian Armed Forces"
    )
    tuesday = m(
        "y", arrival=1, type="meeting", date="2020-05-12", perpetrator="Pakistan Army; Iranian Armed Forces"
    )
    (incident,) = fuse([monday, tuesday])
    assert sorted(v.value for v in incident.values if v.field == "date") == ["2020-05-11", "2020-05-12"]
    assert sum(v.chosen for v in incident.values if v.field == "date") == 1


def test_look_alikes_months_apart_stay_distinct() -> None:
    old = m("old", arrival=0, type="attack", date="2018-12-01", date_precision="month", killed=6, **KECH)
    new = m("new", arrival=1, type="attack", date="2020-05-08", killed=6, **KECH)
    later = m("later", arrival=2, type="attack", date="2021-10-08", killed=6, **KECH)  # 17 months later
    assert len(fuse([old, new, later])) == 3


def test_far_apart_places_or_other_province_do_not_merge() -> None:
    here = m("a", arrival=0, type="attack", date="2023-12-15", killed=11, **MIRJAVEH)
    there = m("b", arrival=1, type="attack", date="2023-12-15", killed=11, **BULEDA)
    assert len(fuse([here, there])) == 2


def test_two_events_of_one_report_never_merge() -> None:
    first = m("r", 0, type="attack", date="2020-05-08", killed=6, **BULEDA)
    second = m("r", 1, type="attack", date="2020-05-08", killed=6, **BULEDA)
    assert len(fuse([first, second])) == 2


def test_background_mention_joins_as_background_without_changing_the_main_fields() -> None:
    main = m(
        "a", arrival=0, type="ambush", date="2017-04-26", killed=10, perpetrator="Jaish al-Adl", **MIRJAVEH
    )
    recalled = m(
        "b",
        3,
        arrival=1,
        type="ambush",
        date="2017-04-01",
        date_precision="month",
        killed=11,
        perpetrator="Jaish al-Adl",
        background=True,
        **MIRJAVEH,
    )
    (incident,) = fuse([main, recalled])
    assert incident.chosen["killed"] == 10 and incident.chosen["date"] == dt.date(2017, 4, 26)
    assert [(v.value, v.background, v.chosen) for v in incident.values if v.field == "killed"] == [
        (10, False, True),
        (11, True, False),
    ]


def test_abduction_and_release_are_two_incidents_linked_by_a_case() -> None:
    taken = m(
        "a",
        arrival=0,
        type="abduction",
        date="2018-10-16",
        abducted=12,
        perpetrator="Jaish al-Adl",
        **MIRJAVEH,
    )
    freed = m(
        "b",
        arrival=1,
        type="hostage_release",
        date="2018-11-15",
        released=5,
        perpetrator="Jaish al-Adl",
        country="PK",
    )
    unrelated = m("c", arrival=2, type="hostage_release", date="2023-01-10", released=2, country="PK")
    incidents = fuse([taken, freed, unrelated])
    assert len(incidents) == 3
    case = {i.chosen["type"] + str(i.chosen["date"]): i.case_key for i in incidents}
    assert case["abduction2018-10-16"] is not None
    assert case["hostage_release2018-11-15"] == case["abduction2018-10-16"]
    assert case["hostage_release2023-01-10"] is None


def test_deterministic_ids_whatever_the_input_order() -> None:
    mentions = [
        ied("a", 0, 6),
        ied("b", 1, 5, KECH),
        m("c", arrival=2, type="meeting", date="2020-05-11"),
        m("d", arrival=3, type="meeting", date="2020-05-12"),
    ]
    expected = by_report(fuse(mentions))
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        assert by_report(fuse(shuffled)) == expected


def test_incremental_arrival_keeps_earlier_ids() -> None:
    first = [ied("a", 0, 6), m("c", arrival=1, type="meeting", date="2020-05-11")]
    before = by_report(fuse(first))
    after = by_report(
        fuse([*first, ied("b", 2, 6, KECH), m("e", arrival=3, type="fencing", date="2020-06-01")])
    )
    for incident_id, reports in before.items():
        assert reports <= after[incident_id]
    assert len(after) == 3


def test_wire_copies_merge_even_when_other_evidence_is_thin() -> None:
    a = m("a", arrival=0, type="meeting", date="2020-05-11")
    b = m("b", arrival=1, type="meeting", date=None)
    assert len(fuse([a, b])) == 2  # an undated meeting is too little to go on...
    assert len(fuse([a, b], near_duplicates={frozenset(("a", "b"))})) == 1  # ...unless it is a wire copy


def test_analyst_corrections_apply() -> None:
    a, b = ied("a", 0, 6), ied("b", 1, 6)
    other = m("c", arrival=2, type="attack", date="2020-07-01", killed=2, **KECH)
    (together,) = [i for i in fuse([a, b, other]) if len(i.mentions) == 2]
    split = fuse([a, b, other], splits=[[str(b.key)]])
    assert len(split) == 3
    merged = fuse([a, b, other], merges=[[str(a.key), str(other.key)]])
    assert len(merged) == 1 and merged[0].id == together.id
    pinned = fuse([a, b, other], pins=[{"anchor": str(a.key), "field": "killed", "value": 7}])
    assert next(i for i in pinned if i.id == together.id).chosen["killed"] == 7


def test_undated_reports_of_recurring_events_stay_apart_unless_wire_copies() -> None:
    taftan: dict[str, Any] = {
        "place": "Taftan",
        "lat": 28.97,
        "lon": 61.56,
        "geo_precision": "place",
        "admin1": "Balochistan",
        "country": "PK",
    }
    dated = m("a", arrival=0, type="border_closure", date="2014-06-09", perpetrator="Pakistan", **taftan)
    undated = m("b", arrival=1, type="border_closure", perpetrator="Pakistan", **taftan)
    assert len(fuse([dated, undated])) == 2  # crossings close again and again: no date, no identity
    assert len(fuse([dated, undated], near_duplicates={frozenset(("a", "b"))})) == 1


def test_an_undated_attack_does_not_join_a_cross_border_strike_at_the_same_place() -> None:
    panjgur: dict[str, Any] = {
        "place": "Panjgur",
        "lat": 26.96,
        "lon": 64.09,
        "geo_precision": "place",
        "admin1": "Balochistan",
        "country": "PK",
    }
    strike = m("a", arrival=0, type="cross_border_strike", date="2024-01-16", killed=2, **panjgur)
    attack = m("b", arrival=1, type="attack", killed=2, **panjgur)
    assert len(fuse([strike, attack])) == 2


def test_the_other_partys_values_fill_gaps_but_never_replace_ours() -> None:
    ours = ied("ours", 0, 4, foreign=False)
    theirs = ied("theirs", 1, 9, foreign=True, perpetrator="a group")
    (incident,) = fuse([ours, theirs])
    assert incident.chosen["killed"] == 4  # our toll stands; theirs is kept beside it
    assert {v.value for v in incident.values if v.field == "killed"} == {4, 9}
    assert incident.chosen["perpetrator"] == "a group"  # we said nothing: their value fills the gap


def test_a_located_place_from_the_other_party_fills_our_vague_one() -> None:
    ours = m("ours", type="ied", date="2020-05-08", country="PK", admin1="Balochistan", source="OURS")
    theirs = ied("theirs", 1, 6, foreign=True)
    (incident,) = fuse([ours, theirs])
    assert (incident.chosen["place"], incident.chosen["lat"]) == ("Buleda", 26.25)


def _ied(report: str, outlet: str, arrival: int, official: bool = False) -> FusionMention:
    return m(
        report,
        arrival=arrival,
        type="ied",
        date="2020-05-08",
        killed=6,
        source=outlet,
        official=official,
        **BULEDA,
    )


def test_reprints_of_one_story_are_one_independent_source() -> None:
    reprints = [_ied(f"r{n}", f"Outlet {n}", n) for n in range(4)]
    pairs = {frozenset((f"r{a}", f"r{b}")) for a in range(4) for b in range(a + 1, 4)}
    (incident,) = fuse(reprints, pairs)
    assert len({x.key.report_id for x in incident.mentions}) == 4
    assert incident.independent_sources == 1 and incident.corroboration == "repeated"


def test_an_own_story_beside_reprints_makes_two_sources() -> None:
    reports = [_ied("r0", "Wire", 0), _ied("r1", "Reprinter", 1), _ied("r2", "Local Paper", 2)]
    (incident,) = fuse(reports, {frozenset(("r0", "r1"))})
    assert incident.independent_sources == 2 and incident.corroboration == "independent"


def test_one_outlets_reports_are_one_source_and_an_official_report_confirms_only_with_another() -> None:
    (same,) = fuse([_ied("r0", "Wire", 0), _ied("r1", "wire ", 1)])
    assert same.independent_sources == 1 and same.corroboration == "repeated"
    (official,) = fuse([_ied("f0", "FC Liaison", 0, official=True), _ied("r1", "Wire", 1)])
    assert official.independent_sources == 2 and official.corroboration == "confirmed"
    (copied,) = fuse(
        [_ied("f0", "FC Liaison", 0, official=True), _ied("r1", "Wire", 1)], {frozenset(("f0", "r1"))}
    )
    assert copied.corroboration == "official"  # a press release printed as news confirms nothing


def test_an_event_every_report_only_recalls_is_history_not_news() -> None:
    recalled = m("r0", type="attack", date="2018-12-27", killed=6, background=True, **KECH)
    news = m("r1", 1, arrival=1, type="ied", date="2020-05-08", killed=6, **BULEDA)
    found = {i.chosen["type"]: i for i in fuse([recalled, news])}
    assert found["attack"].recalled and not found["ied"].recalled
    (told,) = fuse([m("r0", type="ied", date="2020-05-08", background=True, **BULEDA), news])
    assert not told.recalled  # one report told it as news
