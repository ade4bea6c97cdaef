"""Read-side queries for the web app: filtered, sorted, paginated incidents and the counts behind charts.

Filtering happens in SQL (so a page costs one bounded query on either backend); grouping by month is
done in Python because SQLite and PostgreSQL spell date formatting differently.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, and_, cast, func, select
from sqlalchemy.orm import Session, selectinload

from sarhad.store.models import Incident, Mention, Report
from sarhad.store.queries import WITH_SOURCES, file_name, incident_to_dict
from sarhad.wording import summary

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
    recalled: bool | None = None  # True: only history that reports recall; False: only news
    border: str | None = None  # only incidents read for this border ("AF-PK"): a node may watch several


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
    for clause in _clauses(where):
        query = query.where(clause)
    return query


def _clauses(where: IncidentFilter) -> list[ColumnElement[bool]]:
    """One condition per restriction the filter sets."""
    wanted: list[tuple[object, Callable[[], ColumnElement[bool]]]] = [
        (where.types, lambda: Incident.type.in_(where.types)),
        (where.date_from is not None, lambda: Incident.date >= where.date_from),
        (where.date_to is not None, lambda: Incident.date <= where.date_to),
        (where.sectors, lambda: Incident.sector_id.in_(where.sectors)),
        (where.side is not None, lambda: Incident.side == where.side),
        (where.corroboration, lambda: Incident.corroboration.in_(where.corroboration)),
        (where.releasability, lambda: Incident.releasability.in_(where.releasability)),
        (where.recalled is not None, lambda: Incident.recalled.is_(where.recalled)),
        (where.located, lambda: and_(Incident.lat.is_not(None), Incident.lon.is_not(None))),
        # incidents with a mention read for this border ("AF-PK"): a node may watch several borders
        (where.border is not None, lambda: Incident.id.in_(_read_for(where.border))),
    ]
    return [make() for want, make in wanted if want]


def _read_for(border: str | None) -> Select[str | None]:
    return select(Mention.incident_id).where(Mention.border == border)


def _with_sources(query: AnySelect) -> AnySelect:
    return query.options(*WITH_SOURCES)


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


MAX_POINTS = 400  # incidents a map view shows one by one; more than this and the view shows clusters
CELLS_PER_TILE = 4  # a cluster covers a quarter of a 256-pixel tile's width: about 64 pixels
MAX_CELLS_ACROSS = 32  # however large the box and deep the zoom, at most 32 x 32 clusters
POINTS_ZOOM = 14  # from here (a view of a few km) incidents come one by one, at most MAX_POINTS_DEEP
MAX_POINTS_DEEP = 2000  # incidents geocoded to one place share its point; the newest are shown


@dataclass(frozen=True)
class MapView:
    """What a map shows: a box (west, south, east, north in degrees) at a zoom level."""

    west: float
    south: float
    east: float
    north: float
    zoom: int

    @property
    def cell(self) -> float:
        """Degrees a cluster spans: a quarter tile at this zoom, coarser when the box is too large for
        that to give at most MAX_CELLS_ACROSS cells each way."""
        span = max(self.east - self.west, self.north - self.south)
        return max(360.0 / float(2**self.zoom) / CELLS_PER_TILE, span / MAX_CELLS_ACROSS)


POINT_COLUMNS = (
    Incident.id,
    Incident.type,
    Incident.date,
    Incident.date_precision,
    Incident.place,
    Incident.lat,
    Incident.lon,
    Incident.admin1,
    Incident.killed,
    Incident.injured,
    Incident.abducted,
    Incident.released,
    Incident.roles,
    Incident.corroboration,
    Incident.sector_id,
    Incident.side,
    Incident.recalled,
    Incident.geo_precision,
)


def in_view(query: AnySelect, where: IncidentFilter, view: MapView) -> AnySelect:
    located = apply_filter(query, replace(where, located=True))
    return located.where(
        Incident.lat.between(view.south, view.north), Incident.lon.between(view.west, view.east)
    )


def map_features(session: Session, where: IncidentFilter, view: MapView) -> dict[str, Any]:
    """The incidents in view as GeoJSON: each one when there are at most MAX_POINTS (or the view is a
    few km across), else clusters on a grid computed by the database. Either way the answer is bounded
    (at most 32 x 32 clusters or MAX_POINTS_DEEP points), not by the store."""
    total = session.scalar(in_view(select(func.count(Incident.id)), where, view)) or 0
    clustered = total > MAX_POINTS and view.zoom < POINTS_ZOOM
    if clustered:
        features = clusters(session, where, view)
    else:
        query = order_by(in_view(select(*POINT_COLUMNS), where, view), "-date").limit(MAX_POINTS_DEEP)
        rows = session.execute(query).all()
        counts = source_counts(session, [row.id for row in rows])
        features = [light_feature(row._asdict(), counts.get(row.id, 0)) for row in rows]
    shown = sum(f["properties"].get("count", 1) for f in features)
    return {
        "type": "FeatureCollection",
        "total": total,
        "clustered": clustered,
        "truncated": shown < total,
        "features": features,
    }


def source_counts(session: Session, ids: list[str]) -> dict[str, int]:
    """Reports behind each incident (one query for the whole view)."""
    if not ids:
        return {}
    query = (
        select(Mention.incident_id, func.count(func.distinct(Mention.report_id)))
        .where(Mention.incident_id.in_(ids))
        .group_by(Mention.incident_id)
    )
    return {str(incident): int(count) for incident, count in session.execute(query)}


def point_feature(ident: str, lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    """One incident as a GeoJSON point: the one shape every map layer of incidents uses."""
    return {
        "type": "Feature",
        "id": ident,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {"id": ident, **properties, "url": f"/incidents/{ident}"},
    }


def light_feature(row: dict[str, Any], sources: int) -> dict[str, Any]:
    """A map view's incident, from the incident row alone (no sourced values loaded)."""
    killed, injured = row["killed"], row["injured"]
    properties = {
        "type": row["type"],
        "date": row["date"].isoformat() if row["date"] else None,
        "date_precision": row["date_precision"],
        "place": row["place"],
        "sector": row["sector_id"],
        "side": row["side"],
        "killed": killed,
        "injured": injured,
        "casualties": (killed or 0) + (injured or 0),
        "corroboration": row["corroboration"],
        "sources": sources,
        "recalled": row["recalled"],
        "geo_precision": row["geo_precision"],
        "roles": row["roles"] or [],
        "summary": summary(row),
    }
    return point_feature(row["id"], row["lon"], row["lat"], properties)


def clusters(session: Session, where: IncidentFilter, view: MapView) -> list[dict[str, Any]]:
    """Incidents grouped by grid cell, each cell drawn at the mean position of its incidents."""
    column, row = (
        _cell(Incident.lon, view.west, view.cell, session),
        _cell(Incident.lat, view.south, view.cell, session),
    )
    query = in_view(
        select(
            func.count(Incident.id),
            func.avg(Incident.lat),
            func.avg(Incident.lon),
            func.sum(func.coalesce(Incident.killed, 0)),
            func.min(Incident.date),
            func.max(Incident.date),
            func.min(Incident.lon),
            func.min(Incident.lat),
            func.max(Incident.lon),
            func.max(Incident.lat),
        ),
        where,
        view,
    ).group_by(column, row)
    return [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            "properties": {
                "cluster": True,
                "count": int(count),
                "killed": int(killed or 0),
                "date_from": _day(first),
                "date_to": _day(last),
                "bounds": [west, south, east, north],  # zoom to these to open the cluster
            },
        }
        for count, lat, lon, killed, first, last, west, south, east, north in session.execute(query)
    ]


def _cell(coordinate: Any, origin: float, size: float, session: Session) -> Any:
    """The grid index of a coordinate; SQLite's CAST truncates (coordinate - origin >= 0 in view, so it
    floors), PostgreSQL's rounds, so it floors explicitly."""
    offset = (coordinate - origin) / size
    if session.get_bind().dialect.name == "postgresql":
        return func.floor(offset)
    return cast(offset, Integer)


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def incident_types(session: Session) -> list[str]:
    return list(session.scalars(select(Incident.type).distinct().order_by(Incident.type)))


def borders_read(session: Session) -> list[str]:
    """The borders the store's reports were read for ("AF-PK", "PK-IR"): a node may watch several."""
    found = session.scalars(select(Mention.border).where(Mention.border.is_not(None)).distinct())
    return sorted(b for b in found if b)


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
