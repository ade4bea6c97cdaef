"""A situation report as data: the incidents that came in over a period, by sector, with the hostage cases
and crossings they bear on, for one audience.

Every incident goes through ``exports.records``: for a bilateral report that is the exchange's release
function, so values are chosen again from the sources the other party may see, and an incident with none
is not there. Nothing here reads an incident's stored values directly into the report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarhad.exports import RECORD_COLUMNS, Audience, Outlets, sourced_records
from sarhad.fuse.choose import link_cases
from sarhad.fuse.index_store import chunks
from sarhad.fuse.model import FusedIncident
from sarhad.fuse.store import aware
from sarhad.geo.border import Border, Crossing
from sarhad.geo.measure import distance_km
from sarhad.store.models import Incident, NodeIdentity, Report

Status = Literal["new", "updated", "late"]
# A report of an event dated this long before the period is news of the past: listed, but apart.
LATE_AFTER = dt.timedelta(days=7)
TREND_DAYS = 30
CROSSING_KM = 25.0  # a closure or opening reported this near a terminal is about it
CROSSING_TYPES = ("border_closure", "border_opening")
CASE_TYPES = ("abduction", "hostage_release")
# Stages whose sections the report keeps, saying in one line that they are not built yet.
PENDING = {
    "levels": "sector levels agreed by both sides, and hotspots, come with the assessment stage",
    "alerts": "rapid-reaction alerts and their acknowledgements come with the alerts stage",
    "commitments": "agreements and their follow-up, with what is due and overdue, come with the "
    "commitments stage",
}


@dataclass(frozen=True)
class Period:
    """[since, until), in UTC."""

    since: dt.datetime
    until: dt.datetime

    def __post_init__(self) -> None:
        if self.since.tzinfo is None or self.until.tzinfo is None:
            raise ValueError("a period's bounds need a time zone")
        # in UTC from here on: the store compares times as UTC, and the report prints them so
        object.__setattr__(self, "since", self.since.astimezone(dt.UTC))
        object.__setattr__(self, "until", self.until.astimezone(dt.UTC))
        if self.since >= self.until:
            since, until = self.since.isoformat(), self.until.isoformat()
            raise ValueError(f"the period is empty: {since} is not before {until}")

    @classmethod
    def ending(cls, until: dt.datetime | None = None, hours: float = 24) -> Period:
        end = until or dt.datetime.now(dt.UTC).replace(microsecond=0)
        return cls(end - dt.timedelta(hours=hours), end)

    @classmethod
    def between(cls, since: dt.datetime | None, until: dt.datetime | None) -> Period:
        """As a person asks for it: without a start the 24 hours to the end, without an end until now; a
        time without a zone is UTC."""
        start, end = (t if t is None or t.tzinfo else t.replace(tzinfo=dt.UTC) for t in (since, until))
        if start is None:
            return cls.ending(end)
        return cls(start, end or dt.datetime.now(dt.UTC).replace(microsecond=0))

    def where(self, column: Any) -> tuple[Any, Any]:
        """The store's condition for a time column inside the period."""
        return column >= self.since, column < self.until

    def __contains__(self, moment: dt.datetime) -> bool:
        return self.since <= aware(moment) < self.until


@dataclass(frozen=True)
class Line:
    """One incident as the report lists it: its number on the map, why it is listed, and its export row
    (sarhad.exports.row: ACLED's names plus Sarhad's, with the one-line summary in ``notes``)."""

    number: int
    status: Status
    row: dict[str, Any]


@dataclass(frozen=True)
class SectorBlock:
    sector: int | None
    label: str
    lines: list[Line]

    def total(self, count: str) -> int:
        return total(self.lines, count)


def total(lines: Iterable[Line], count: str) -> int:
    """The sum of a count over incidents (an unknown count adds nothing)."""
    return sum(line.row.get(count) or 0 for line in lines)


@dataclass(frozen=True)
class Case:
    """A hostage case as its released incidents tell it."""

    title: str
    opened: dt.date | None
    abducted: int | None
    released: int | None
    state: str  # held | partly released | released
    days: int | None  # held until the release, or until the period's end
    incidents: list[str]
    active: bool  # one of its incidents is listed in this period


@dataclass(frozen=True)
class CrossingState:
    name: str
    sector: int | None
    configured: str  # what the border data says of the terminal
    last: dict[str, Any] | None  # the latest closure or opening reported near it, as an export row


@dataclass(frozen=True)
class Headline:
    new: int
    updated: int
    late: int
    recalled: int
    killed: int
    injured: int
    abducted: int
    released: int
    held_cases: int


@dataclass(frozen=True)
class SitRep:
    period: Period
    audience: Audience
    countries: tuple[str, str]
    node: str | None  # "PK node · Sarhad PK" (None on a store without a node)
    party: str | None  # the party this node serves
    generated: dt.datetime
    headline: Headline
    sectors: list[SectorBlock]
    cases: list[Case]
    crossings: list[CrossingState]
    trend: list[tuple[dt.date, int]]  # incidents by event date over the TREND_DAYS to the period's end
    pending: dict[str, str] = field(default_factory=lambda: dict(PENDING))
    lines: list[Line] = field(default_factory=list)


def build(session: Session, period: Period, audience: Audience, border: Border) -> SitRep:
    view = View(session, audience)
    node = session.get(NodeIdentity, 1)
    lines = _lines(view, period, border)
    cases = _cases(view, period, {line.row["event_id_cnty"] for line in lines})
    return SitRep(
        period=period,
        audience=audience,
        countries=border.countries,
        node=f"{node.party} node · {node.name}" if node else None,
        party=node.party if node else None,
        generated=dt.datetime.now(dt.UTC).replace(microsecond=0),
        headline=_headline(lines, _recalled(view, period), cases),
        sectors=_by_sector(lines, border),
        cases=cases,
        crossings=_crossings(view, period, border.crossings),
        trend=_trend(view, period),
        lines=lines,
    )


@dataclass(frozen=True)
class Seen:
    """An incident as the audience sees it: its export row, and when the reports its values come from
    reached this node (only those the audience may receive)."""

    row: dict[str, Any]
    first: dt.datetime
    last: dt.datetime


class View:
    """The store as one audience sees it: every incident through ``exports.sourced_records``, which for a
    bilateral audience is the exchange's release function; nothing is read around it."""

    def __init__(self, session: Session, audience: Audience) -> None:
        self.session, self.audience, self.outlets = session, audience, Outlets(session)

    def incidents(self, *where: Any) -> list[Seen]:
        columns = [Incident.__table__.columns[name] for name in RECORD_COLUMNS]
        values = [dict(v) for v in self.session.execute(select(*columns).where(*where)).mappings()]
        found = list(sourced_records(self.session, values, self.audience, self.outlets))
        intake = self._intake({rid for _, ids in found for rid in ids})
        seen = []
        for record, ids in found:
            times = [intake[rid] for rid in ids if rid in intake]
            if times:
                seen.append(Seen(record, min(times), max(times)))
        return seen

    def _intake(self, report_ids: set[str]) -> dict[str, dt.datetime]:
        found: dict[str, dt.datetime] = {}
        for part in chunks(sorted(report_ids)):
            query = select(Report.id, Report.intake_at).where(Report.id.in_(part))
            found.update({str(rid): aware(at) for rid, at in self.session.execute(query)})
        return found


def _lines(view: View, period: Period, border: Border) -> list[Line]:
    """Incidents a report reached this node about in the period (a report the audience may receive)."""
    candidates = view.incidents(*period.where(Incident.last_updated), Incident.recalled.is_(False))
    listed = [seen for seen in candidates if seen.last in period]
    order = {s.id: n for n, s in enumerate(border.sectors)}
    listed.sort(
        key=lambda s: (order.get(s.row["sector"], len(order)), _newest_first(s.row), s.row["event_id_cnty"])
    )
    return [Line(n, _status(period, seen), seen.row) for n, seen in enumerate(listed, start=1)]


def _newest_first(row: dict[str, Any]) -> int:
    day = _day(row)
    return -day.toordinal() if day else 0


def _status(period: Period, seen: Seen) -> Status:
    if seen.first < period.since:
        return "updated"
    day = _day(seen.row)
    if day is not None and day < (period.since - LATE_AFTER).date():
        return "late"
    return "new"


def _recalled(view: View, period: Period) -> int:
    recalled = view.incidents(*period.where(Incident.last_updated), Incident.recalled.is_(True))
    return sum(seen.last in period for seen in recalled)


def _by_sector(lines: list[Line], border: Border) -> list[SectorBlock]:
    blocks: dict[int | None, list[Line]] = {}
    for line in lines:
        blocks.setdefault(line.row["sector"], []).append(line)
    return [SectorBlock(sector, sector_label(border, sector), found) for sector, found in blocks.items()]


def sector_label(border: Border, sector: int | None) -> str:
    """ "Sector 3: Chagai (PK) / Zahedan (IR)"; incidents placed off the line's corridors have none."""
    if sector is None:
        return "Away from the border sectors, or not placed"
    admin = border.sector(sector).admin
    sides = [
        f"{', '.join(admin[c].get('admin2') or admin[c].get('admin1') or ['?'])} ({c})"
        for c in border.countries
        if c in admin
    ]
    return f"Sector {sector}: {' / '.join(sides)}" if sides else f"Sector {sector}"


def _headline(lines: list[Line], recalled: int, cases: list[Case]) -> Headline:
    def status(kind: str) -> int:
        return sum(line.status == kind for line in lines)

    return Headline(
        new=status("new"),
        updated=status("updated"),
        late=status("late"),
        recalled=recalled,
        killed=total(lines, "fatalities"),
        injured=total(lines, "injured"),
        abducted=total(lines, "abducted"),
        released=total(lines, "released"),
        held_cases=sum(case.state != "released" for case in cases),
    )


def _cases(view: View, period: Period, listed: set[str]) -> list[Case]:
    """Every case still held at the period's end, and every case with an incident in the period. Cases
    are linked again from the audience's own rows (fuse.choose.link_cases), so a bilateral report never
    pairs a release with an abduction on the strength of national-only values."""
    rows = [seen.row for seen in view.incidents(Incident.type.in_(CASE_TYPES))]
    by_case: dict[str, list[dict[str, Any]]] = {}
    for incident in linked(rows):
        if incident.case_key:
            by_case.setdefault(incident.case_key, []).append(incident.chosen["row"])
    found = [_case(members, period, listed) for members in by_case.values()]
    cases = [c for c in found if c is not None and (c.state != "released" or c.active)]
    return sorted(cases, key=lambda c: (not c.active, -(c.opened or dt.date.min).toordinal()))


def linked(rows: list[dict[str, Any]]) -> list[FusedIncident]:
    incidents = [
        FusedIncident(
            id=row["event_id_cnty"],
            mentions=[],
            chosen={"type": row["sarhad_type"], "date": _day(row), "perpetrator": row["actor1"], "row": row},
        )
        for row in rows
    ]
    link_cases(incidents)
    return incidents


def _case(rows: list[dict[str, Any]], period: Period, listed: set[str]) -> Case | None:
    end = period.until.date()
    abduction = next((r for r in rows if r["sarhad_type"] == "abduction"), None)
    if abduction is None:
        return None
    releases = [r for r in rows if r["sarhad_type"] == "hostage_release" and _on_or_before(r, end)]
    opened = _day(abduction)
    freed = sum(r.get("released") or 0 for r in releases) if releases else None
    taken = abduction.get("abducted")
    if not releases:
        state = "held"
    elif taken is not None and freed is not None and freed < taken:
        state = "partly released"
    else:
        state = "released"
    closed = max((d for r in releases if (d := _day(r))), default=None) if state == "released" else None
    return Case(
        title=f"Abduction at {abduction.get('location') or abduction.get('admin1') or 'a place not stated'}",
        opened=opened,
        abducted=taken,
        released=freed,
        state=state,
        days=((closed or end) - opened).days if opened else None,
        incidents=[r["event_id_cnty"] for r in rows],
        active=any(r["event_id_cnty"] in listed for r in rows),
    )


def _day(row: dict[str, Any]) -> dt.date | None:
    return dt.date.fromisoformat(row["event_date"]) if row.get("event_date") else None


def _on_or_before(row: dict[str, Any], end: dt.date) -> bool:
    day = _day(row)
    return day is None or day <= end


def _crossings(view: View, period: Period, crossings: Iterable[Crossing]) -> list[CrossingState]:
    """Each terminal with the latest closure or opening reported at it up to the period's end (dated as
    the audience's rows date it)."""
    end = period.until.date()
    rows = [
        seen.row for seen in view.incidents(Incident.type.in_(CROSSING_TYPES), Incident.recalled.is_(False))
    ]
    rows = sorted((r for r in rows if (_day(r) or dt.date.min) <= end), key=_newest_first)
    return [
        CrossingState(c.name, c.sector_id, c.status, next((r for r in rows if _at(r, c)), None))
        for c in crossings
    ]


def _at(row: dict[str, Any], crossing: Crossing) -> bool:
    lat, lon = row.get("latitude"), row.get("longitude")
    if lat is not None and lon is not None:
        return distance_km(lat, lon, crossing.lat, crossing.lon) <= CROSSING_KM
    place = str(row.get("location") or "").casefold()
    names = {crossing.name, *crossing.aliases, *crossing.name.replace("–", "-").split("-")}
    return bool(place) and any(name.casefold() in place for name in names if len(name) > 3)


def _trend(view: View, period: Period) -> list[tuple[dt.date, int]]:
    end = period.until.date()
    days = [end - dt.timedelta(days=n) for n in range(TREND_DAYS - 1, -1, -1)]
    # the store's dates are this node's; the audience's rows may date an incident a little differently
    margin = dt.timedelta(days=TREND_DAYS)
    seen = view.incidents(
        Incident.date >= days[0] - margin, Incident.date <= end + margin, Incident.recalled.is_(False)
    )
    counts = dict.fromkeys(days, 0)
    for day in (_day(s.row) for s in seen):
        if day in counts:
            counts[day] += 1
    return list(counts.items())
