"""Read-side queries for the web app: filtered, sorted, paginated incidents and the counts behind charts.

Filtering happens in SQL (so a page costs one bounded query on either backend); grouping by month is
done in Python because SQLite and PostgreSQL spell date formatting differently.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from sarhad.store.models import Incident, Mention, Report
from sarhad.store.queries import file_name, incident_to_dict

# Any SELECT, whatever its columns (Select is generic over a variadic tuple in SQLAlchemy 2.1).
AnySelect = Select[*tuple[Any, ...]]
CASUALTIES = func.coalesce(Incident.killed, 0) + func.coalesce(Incident.injured, 0)
SORT_COLUMNS: dict[str, Any] = {
    "date": Incident.date,
    "type": Incident.type,
    "place": Incident.place,
    "sector": Incident.sector_id,
    "killed": Incident.killed,
    "casualties": CASUALTIES,
}


@dataclass(frozen=True)
class IncidentFilter:
    """What the list, the map and the chart may be narrowed by; ``None`` / empty means no restriction."""

    types: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    sectors: tuple[int, ...] = ()
    side: str | None = None
    corroboration: tuple[str, ...] = ()
    releasability: tuple[str, ...] = ()
    located: bool = False  # only incidents with coordinates (the map needs them)


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.page,
            "per_page": self.per_page,
            "pages": self.pages,
            "items": self.items,
        }


def apply_filter(query: AnySelect, where: IncidentFilter) -> AnySelect:
    if where.types:
        query = query.where(Incident.type.in_(where.types))
    if where.date_from is not None:
        query = query.where(Incident.date >= where.date_from)
    if where.date_to is not None:
        query = query.where(Incident.date <= where.date_to)
    if where.sectors:
        query = query.where(Incident.sector_id.in_(where.sectors))
    if where.side is not None:
        query = query.where(Incident.side == where.side)
    if where.corroboration:
        query = query.where(Incident.corroboration.in_(where.corroboration))
    if where.releasability:
        query = query.where(Incident.releasability.in_(where.releasability))
    if where.located:
        query = query.where(Incident.lat.is_not(None), Incident.lon.is_not(None))
    return query


def _with_sources(query: AnySelect) -> AnySelect:
    return query.options(
        selectinload(Incident.fields),
        selectinload(Incident.mentions).selectinload(Mention.report),
    )


def order_by(query: AnySelect, sort: str) -> AnySelect:
    """``sort`` is a key of SORT_COLUMNS, descending with a leading '-'; unknown incidents dates sort last."""
    column = SORT_COLUMNS[sort.lstrip("-")]
    ordered = column.desc() if sort.startswith("-") else column.asc()
    return query.order_by(ordered.nulls_last(), Incident.id)


def count_incidents(session: Session, where: IncidentFilter) -> int:
    return session.scalar(apply_filter(select(func.count(Incident.id)), where)) or 0


def incident_page(
    session: Session, where: IncidentFilter, sort: str = "-date", page: int = 1, per_page: int = 25
) -> Page:
    total = count_incidents(session, where)
    query = (
        order_by(apply_filter(select(Incident), where), sort).limit(per_page).offset((page - 1) * per_page)
    )
    rows = session.scalars(_with_sources(query)).all()
    return Page([incident_to_dict(row) for row in rows], total, page, per_page)


def all_incidents(session: Session, where: IncidentFilter) -> list[dict[str, Any]]:
    query = order_by(apply_filter(select(Incident), where), "-date")
    return [incident_to_dict(row) for row in session.scalars(_with_sources(query))]


def incident_types(session: Session) -> list[str]:
    return list(session.scalars(select(Incident.type).distinct().order_by(Incident.type)))


def latest_incident_date(session: Session) -> dt.date | None:
    return session.scalar(select(func.max(Incident.date)))


def monthly_counts(session: Session, where: IncidentFilter) -> dict[str, Counter[str]]:
    """Incidents per month ("YYYY-MM") and type; undated incidents cannot be placed and are left out."""
    query = apply_filter(select(Incident.date, Incident.type).where(Incident.date.is_not(None)), where)
    months: dict[str, Counter[str]] = defaultdict(Counter)
    for when, kind in session.execute(query):
        months[when.strftime("%Y-%m")][kind] += 1
    return dict(sorted(months.items()))


def sector_counts(session: Session, since: dt.date | None, until: dt.date | None) -> dict[int, int]:
    """Incidents per sector dated within [since, until] (either end open when ``None``)."""
    query = select(Incident.sector_id, func.count(Incident.id)).where(Incident.sector_id.is_not(None))
    if since is not None:
        query = query.where(Incident.date >= since)
    if until is not None:
        query = query.where(Incident.date <= until)
    rows = session.execute(query.group_by(Incident.sector_id)).all()
    return {int(sector): int(count) for sector, count in rows if sector is not None}


def report_to_dict(report: Report) -> dict[str, Any]:
    """A stored report without its raw bytes, with the events read from it and where they were fused."""
    return {
        "id": report.id,
        "kind": report.kind,
        "source": report.source,
        "title": report.title,
        "url": report.url,
        "published": report.published.isoformat() if report.published else None,
        "language": report.language,
        "file": file_name(report.original_name),
        "releasability": report.releasability,
        "origin": report.origin,
        "read_status": report.read_status,
        "text": report.text,
        "mentions": [mention_to_dict(m) for m in sorted(report.mentions, key=lambda m: m.ordinal)],
    }


def mention_to_dict(mention: Mention) -> dict[str, Any]:
    return {
        "id": mention.id,
        "ordinal": mention.ordinal,
        "type": mention.type,
        "date": mention.date.isoformat() if mention.date else None,
        "place": mention.place,
        "killed": mention.killed,
        "injured": mention.injured,
        "abducted": mention.abducted,
        "released": mention.released,
        "perpetrator": mention.perpetrator,
        "background": mention.background,
        "incident": mention.incident_id,
        "spans": mention.spans or {},
    }


def get_report(session: Session, report_id: str) -> dict[str, Any] | None:
    query = select(Report).where(Report.id == report_id).options(selectinload(Report.mentions))
    row = session.scalars(query).first()
    return report_to_dict(row) if row else None
