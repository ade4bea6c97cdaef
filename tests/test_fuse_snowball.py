"""Fusion that cannot snowball (#17): placeless mentions from many reports never pile into one incident,
incidents never span far-apart places, and scoring a mention costs a cluster's distinct accounts, not its
size."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sarhad.fuse import FusionMention, MentionKey, fuse
from sarhad.fuse.cluster import Cluster, Clusterer, score_cluster
from support.places import BULEDA, MIRJAVEH, SARAVAN

DAY = dt.date(2025, 3, 12)
REPORTS = 60


def attack(report: str, arrival: int, **fields: Any) -> FusionMention:
    values: dict[str, Any] = {"type": "attack", "published": DAY, "source": f"Wire {arrival}"}
    values.update(fields)
    return FusionMention(key=MentionKey(report, 0), arrival=arrival, **values)


def largest(mentions: list[FusionMention]) -> int:
    return max(len({m.key.report_id for m in incident.mentions}) for incident in fuse(mentions))


def test_placeless_undated_attacks_from_many_reports_never_merge() -> None:
    mentions = [attack(f"r{n}", n, killed=n % 5 + 1) for n in range(REPORTS)]
    assert largest(mentions) == 1


def test_placeless_attacks_dated_in_one_week_never_merge() -> None:
    """A date inferred from the report ("week") fits every attack of that week at the border."""
    mentions = [
        attack(f"r{n}", n, date=DAY - dt.timedelta(days=n % 5), date_precision="week", killed=n % 7 + 1)
        for n in range(REPORTS)
    ]
    assert largest(mentions) == 1


def test_placeless_attacks_on_a_day_with_two_placed_attacks_join_neither() -> None:
    placed = [
        attack("buleda", 0, date=DAY, date_precision="day", killed=4, **BULEDA),
        attack("saravan", 1, date=DAY, date_precision="day", killed=4, **SARAVAN),
    ]
    placeless = [attack(f"r{n}", n + 2, date=DAY, date_precision="day") for n in range(REPORTS)]
    incidents = fuse(placed + placeless)
    sizes = sorted(len(i.mentions) for i in incidents)
    assert sizes[-1] == 1 and len(incidents) == REPORTS + 2


def test_a_placeless_mention_with_strong_agreement_still_joins_the_only_fitting_incident() -> None:
    buleda = attack("buleda", 0, date=DAY, date_precision="day", killed=6, perpetrator="BLA", **BULEDA)
    told = attack("told", 1, date=DAY, date_precision="day", killed=6, perpetrator="BLA")
    assert len(fuse([buleda, told])) == 1


def test_an_incident_never_spans_far_apart_places_even_for_crossing_events() -> None:
    closures = [
        FusionMention(key=MentionKey(f"c{n}", 0), arrival=n, type="border_closure", date=DAY,
                      date_precision="day", **place)
        for n, place in enumerate((MIRJAVEH, SARAVAN, BULEDA))
    ]  # fmt: skip
    assert largest(closures) == 1  # Mirjaveh, Saravan and Buleda lie 200-300 km apart


def test_scoring_costs_distinct_accounts_not_members() -> None:
    """200 outlets telling one IED in the same words are one account of the cluster."""
    same = {"type": "ied", "date": DAY, "date_precision": "day", "killed": 6, **BULEDA}
    clusterer = Clusterer()
    for n in range(200):
        clusterer.place(attack(f"w{n}", n, **same))
    (cluster,) = clusterer.clusters.values()
    assert len(cluster.mentions) == 200 and len(cluster.accounts) == 1
    newcomer = attack("new", 999, **{**same, "killed": 7})
    assert score_cluster(newcomer, cluster, set()) == score_cluster(newcomer, one_member(cluster), set())


def one_member(cluster: Cluster) -> Cluster:
    single = Cluster(id=cluster.id, founder=cluster.founder)
    single.add(cluster.mentions[0])
    return single


def test_day_precise_dates_two_days_apart_are_two_events() -> None:
    """Outlets disagree by a day on an overnight attack; two days apart at one place are two attacks."""
    first = attack("a", 0, date=DAY, date_precision="day", killed=3, **BULEDA)
    next_day = attack("b", 1, date=DAY + dt.timedelta(days=1), date_precision="day", killed=3, **BULEDA)
    two_later = attack("c", 2, date=DAY + dt.timedelta(days=2), date_precision="day", killed=3, **BULEDA)
    assert len(fuse([first, next_day])) == 1
    assert len(fuse([first, two_later])) == 2


def test_a_comparison_reads_a_bounded_number_of_accounts() -> None:
    """However an incident grows, scoring a mention against it reads at most MAX_ACCOUNTS accounts."""
    from sarhad.fuse.cluster import MAX_ACCOUNTS

    cluster = Cluster(id="c", founder=attack("w0", 0, date=DAY, date_precision="day", **BULEDA))
    for n in range(3 * MAX_ACCOUNTS):  # every member tells a different toll: a new account each
        cluster.add(attack(f"w{n}", n, date=DAY, date_precision="day", killed=n + 1, **BULEDA))
    assert len(cluster.mentions) == 3 * MAX_ACCOUNTS and len(cluster.accounts) == MAX_ACCOUNTS
