"""Clusters -> incidents: the value shown for each field, the rule that chose it, and every sourced value.

Disagreements are never averaged away: every source's value is kept, the chosen value is always one that
some source reported, and counts also carry their low and high (as UCDP does).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from sarhad.events import SPECIFIC_TYPES
from sarhad.fuse.agree import date_range
from sarhad.fuse.cluster import Cluster
from sarhad.fuse.model import (
    COUNT_FIELDS,
    GEO_RANK,
    PRECISION_RANK,
    SOURCED_FIELDS,
    FusedIncident,
    FusionMention,
    SourcedValue,
)

PLACE_FIELDS = (
    "place", "lat", "lon", "admin1", "admin2", "country", "sector", "side", "distance_km", "geo_precision"
)  # fmt: skip
BASIS_RANK = {"claimed": 0, "blamed": 1, "acting": 2, None: 3}
CASE_WINDOW = dt.timedelta(days=400)
NearDuplicates = set[frozenset[str]] | frozenset[frozenset[str]]  # pairs of report ids (fuse.neardup)


def _order(m: FusionMention) -> tuple[int, str, int]:
    return (m.arrival, m.key.report_id, m.key.ordinal)


def _pick(
    mentions: Sequence[FusionMention],
    has_value: Callable[[FusionMention], bool],
    rank: Callable[[FusionMention], Any],
) -> FusionMention | None:
    """The best-ranked mention among those with a value; support (how many agree) breaks ties."""
    usable = own_first([m for m in mentions if has_value(m)])
    if not usable:
        return None
    support = Counter(rank_key(m) for m in usable)
    return min(usable, key=lambda m: (rank(m), -support[rank_key(m)], _order(m)))


def own_first(mentions: Sequence[FusionMention]) -> Sequence[FusionMention]:
    """This node's own sources decide whenever they say anything; what the other party shared through the
    exchange fills gaps and is shown beside ours, but never replaces our value."""
    own = [m for m in mentions if not m.foreign]
    return own or mentions


def rank_key(m: FusionMention) -> tuple[Any, ...]:
    return (m.type, m.date, m.date_precision, m.place, m.admin1, m.perpetrator)


def choose_type(mentions: Sequence[FusionMention]) -> tuple[str, str]:
    votes = Counter(m.type for m in own_first(mentions))
    best = min(votes, key=lambda t: (-votes[t], 0 if t in SPECIFIC_TYPES else 1, t))
    return best, "most_sources_then_most_specific"


def choose_date(mentions: Sequence[FusionMention]) -> tuple[FusionMention | None, str]:
    """The statement that dates the incident, and the rule that chose it.

    Main mentions date it; when none does, a background mention may ("the abduction in October 2018"
    dates an undated report of it). Among the statements, the most specific wins, and among equally
    specific ones the best supported: the one that most reports' dates contain (a week around 12 May
    supports 11 May), then the most reports stating it exactly, then the first to arrive."""
    main = [m for m in mentions if not m.background and m.date is not None]
    rule = "most_specific_then_best_supported"
    pool = own_first(main or [m for m in mentions if m.date is not None])
    if not pool:
        return None, rule
    if not main:
        rule = "from_background_mention"
    ranges = [(m.key.report_id, date_range(str(m.date), m.date_precision)) for m in pool]

    def support(m: FusionMention) -> int:
        low, high = date_range(str(m.date), m.date_precision)
        return len({report for report, (a, b) in ranges if a <= low and high <= b})

    exact = Counter((m.date, m.date_precision) for m in pool)
    best = min(
        pool,
        key=lambda m: (
            PRECISION_RANK.get(m.date_precision, 4),
            -support(m),
            -exact[(m.date, m.date_precision)],
            _order(m),
        ),
    )
    return best, rule


def choose_count(mentions: Sequence[FusionMention], name: str) -> int | None:
    """The value most sources give; on a tie, the latest report's (tolls are revised upwards)."""
    values = [(getattr(m, name), m) for m in own_first([m for m in mentions if getattr(m, name) is not None])]
    if not values:
        return None
    votes = Counter(v for v, _ in values)
    top = max(votes.values())
    tied = [(v, m) for v, m in values if votes[v] == top]
    latest = max(tied, key=lambda vm: (vm[1].published or dt.date.min, _order(vm[1])))
    return int(latest[0])


def corroboration(mentions: Sequence[FusionMention], independent: int) -> str:
    """single, repeated (several reports, one independent source), independent (two or more),
    official (a field report or liaison message), confirmed (official and an independent other)."""
    reports = {m.key.report_id for m in mentions}
    official = any(m.official for m in mentions)
    if official and independent > 1:
        return "confirmed"
    if official:
        return "official"
    if independent > 1:
        return "independent"
    return "repeated" if len(reports) > 1 else "single"


def independent_sources(mentions: Sequence[FusionMention], near_duplicates: NearDuplicates) -> int:
    """Reports counted as sources that do not copy one another: all reports of one outlet are one source,
    and so are reports whose texts are near-copies (four reprints of one wire story are one source)."""
    reports = sorted({m.key.report_id for m in mentions})
    outlet = {m.key.report_id: (m.source or m.key.report_id).strip().lower() for m in mentions}
    group = {report: report for report in reports}

    def root(report: str) -> str:
        while group[report] != report:
            group[report] = group[group[report]]
            report = group[report]
        return report

    first_of_outlet: dict[str, str] = {}
    for report in reports:
        same = first_of_outlet.setdefault(outlet[report], report)
        group[root(report)] = root(same)
    for pair in near_duplicates:
        linked = [r for r in pair if r in group]
        if len(linked) == 2:
            group[root(linked[0])] = root(linked[1])
    return len({root(report) for report in reports})


def sourced_values(mentions: Sequence[FusionMention]) -> list[SourcedValue]:
    fields = SOURCED_FIELDS
    values: list[SourcedValue] = []
    for m in sorted(mentions, key=_order):
        for name in fields:
            value = getattr(m, name)
            if value is None:
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            values.append(SourcedValue(name, value, m.key, m.spans.get(name), m.background))
    return values


def mark_chosen(values: list[SourcedValue], chosen: dict[str, Any], rules: dict[str, str]) -> None:
    for item in values:
        current = chosen.get(item.field)
        if isinstance(current, dt.date):
            current = current.isoformat()
        if item.field in rules and item.value == current:
            item.chosen, item.rule = True, rules[item.field]


def build_incident(cluster: Cluster, near_duplicates: NearDuplicates = frozenset()) -> FusedIncident:
    incident = FusedIncident(id=cluster.id, mentions=list(cluster.mentions), border=cluster.founder.border)
    main = incident.main_mentions  # background mentions only decide when there is nothing else
    chosen: dict[str, Any] = {}
    rules: dict[str, str] = {}
    chosen["type"], rules["type"] = choose_type(main)
    dated, rules["date"] = choose_date(cluster.mentions)
    chosen["date"] = dated.date if dated else None
    chosen["date_precision"] = dated.date_precision if dated else None
    rules["date_precision"] = rules["date"]
    # A place with coordinates beats a vaguer one even from the other party: it fills a gap in ours.
    placed = _pick(main, lambda m: m.lat is not None, lambda m: GEO_RANK.get(m.geo_precision, 5)) or _pick(
        main, lambda m: m.place is not None or m.admin1 is not None or m.country is not None, lambda m: 6
    )
    for name in PLACE_FIELDS:
        chosen[name] = getattr(placed, name) if placed else None
        rules[name] = "most_specific_then_most_sources"
    for name in COUNT_FIELDS:
        chosen[name] = choose_count(main, name)
        rules[name] = "most_sources_then_latest"
    actor = _pick(main, lambda m: m.perpetrator is not None, lambda m: BASIS_RANK.get(m.perpetrator_basis, 3))
    chosen["perpetrator"] = actor.perpetrator if actor else None
    chosen["perpetrator_basis"] = actor.perpetrator_basis if actor else None
    rules["perpetrator"] = "claimed_then_blamed_then_most_sources"
    target = _pick(main, lambda m: m.targets is not None, lambda m: 0)
    chosen["targets"] = target.targets if target else None
    party = _pick(main, lambda m: m.parties is not None, lambda m: 0)
    chosen["parties"] = party.parties if party else None
    rules["targets"] = rules["parties"] = "most_sources"
    incident.chosen = chosen
    incident.values = sourced_values(cluster.mentions)
    place_weekdays(incident)
    day_from_weekday(incident, rules)
    mark_chosen(incident.values, chosen, rules)
    incident.independent_sources = independent_sources(main, near_duplicates)
    incident.corroboration = corroboration(main, incident.independent_sources)
    return incident


def place_weekdays(incident: FusedIncident) -> None:
    """'On Monday' in a report with no publication date names a day near the incident's date: the one
    within three days of it. It becomes that report's sourced date, so a Monday/Tuesday disagreement shows."""
    anchor, precision = incident.chosen.get("date"), incident.chosen.get("date_precision")
    if anchor is None or precision not in ("day", "week"):
        return
    for m in incident.mentions:
        if m.date is not None or m.weekday is None:
            continue
        offset = (m.weekday - anchor.weekday() + 3) % 7 - 3  # -3..3 days from the anchor
        day = anchor + dt.timedelta(days=offset)
        incident.weekday_dates[m.key] = day
        incident.values.append(
            SourcedValue(
                "date",
                day.isoformat(),
                m.key,
                m.spans.get("date"),
                m.background,
                rule="weekday_near_incident_date",
            )
        )


def day_from_weekday(incident: FusedIncident, rules: dict[str, str]) -> None:
    """A weekday a report names ("on Monday") inside the week the incident is dated to is more specific
    than the week: it dates the incident to that day (the one most reports name, then the first)."""
    if incident.chosen.get("date_precision") != "week" or not incident.weekday_dates:
        return
    named = Counter(incident.weekday_dates.values())
    order = {m.key: _order(m) for m in incident.mentions}
    first = {day: min(order[k] for k, d in incident.weekday_dates.items() if d == day) for day in named}
    day = min(named, key=lambda d: (-named[d], first[d]))
    incident.chosen["date"], incident.chosen["date_precision"] = day, "day"
    rules["date"] = rules["date_precision"] = "weekday_named_within_week"


def apply_pins(incidents: Sequence[FusedIncident], pins: Sequence[dict[str, Any]]) -> None:
    """An analyst's pinned value wins over every rule, on whichever incident now holds the anchor mention."""
    for pin in pins:
        for incident in incidents:
            if any(str(m.key) == pin["anchor"] for m in incident.mentions):
                value = pin["value"]
                if pin["field"] == "date" and isinstance(value, str):
                    value = dt.date.fromisoformat(value)
                incident.chosen[pin["field"]] = value
                if pin["field"] == "perpetrator":
                    incident.chosen["perpetrator_basis"] = None  # an analyst's actor carries no one's claim
                for item in incident.values:
                    if item.field == pin["field"]:
                        item.chosen = item.value == pin["value"]
                        item.rule = "pinned" if item.chosen else None
                break


def link_cases(incidents: Sequence[FusedIncident]) -> None:
    """An abduction opens a hostage case; a later release of hostages joins the latest compatible one."""
    abductions: dict[str | None, list[tuple[dt.date, str, FusedIncident]]] = defaultdict(list)
    for incident in incidents:
        if incident.chosen.get("type") == "abduction":
            incident.case_key = f"case-{incident.id}"
            if incident.chosen.get("date") is not None:
                abductions[incident.border].append((incident.chosen["date"], incident.id, incident))
    for entries in abductions.values():
        entries.sort(key=lambda e: (e[0], e[1]))
    for release in (i for i in incidents if i.chosen.get("type") == "hostage_release"):
        when = release.chosen.get("date")
        entries = abductions.get(release.border, [])
        if when is None or not entries:
            continue
        # walk back from the latest abduction on or before the release, within the case window
        position = bisect_right(entries, (when, "\uffff"), key=lambda e: (e[0], e[1]))
        for start, _, abduction in reversed(entries[:position]):
            if when - start > CASE_WINDOW:  # (not when - CASE_WINDOW: that underflows near year 1)
                break
            if _compatible_actor(abduction.chosen.get("perpetrator"), release.chosen.get("perpetrator")):
                release.case_key = abduction.case_key
                break


def _compatible_actor(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    x, y = a.lower().replace("-", " "), b.lower().replace("-", " ")
    return x in y or y in x
