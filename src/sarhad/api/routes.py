"""The JSON API under /api: incidents with their sources, reports, sectors, crossings and map layers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from sqlalchemy.orm import Session

from sarhad.api import geo, queries
from sarhad.api.deps import CountriesDep, SessionDep, check_against_border
from sarhad.api.guard import needs
from sarhad.api.responses import (
    CrossingPoint,
    Feature,
    FeatureCollection,
    IncidentDetail,
    IncidentPage,
    ReportRecord,
    SectorList,
)
from sarhad.api.schemas import GeoPageQuery, IncidentQuery, PageQuery, ViewQuery, WindowQuery
from sarhad.auth.roles import Permission as P
from sarhad.store.queries import get_incident, incident_corrections

router = APIRouter(prefix="/api", dependencies=[needs(P.READ)])
IncidentId = Annotated[
    str, Path(min_length=1, max_length=512, description="Incident id, e.g. inc-1a2b3c4d5e6f.")
]
ReportId = Annotated[str, Path(min_length=1, max_length=512, description="Report id: sha256 of its content.")]


def storable(ident: str) -> bool:
    """Ids with control characters cannot exist, and PostgreSQL refuses NUL in a query: skip the lookup."""
    return ident.isprintable()


def not_found(kind: str, ident: str) -> HTTPException:
    return HTTPException(404, detail=f"no {kind} with id {ident!r}")


@router.get(
    "/incidents",
    tags=["incidents"],
    summary="Incidents, filtered, sorted and paginated",
    response_model=IncidentPage,
)
def incidents(
    session: SessionDep, countries: CountriesDep, query: Annotated[PageQuery, Query()]
) -> dict[str, Any]:
    check_against_border(query, countries)
    page = queries.incident_page(session, query.to_filter(), query.sort, query.page, query.per_page)
    return page.as_dict()


@router.get(
    "/incidents.geojson",
    tags=["incidents", "map"],
    summary="Located incidents as GeoJSON points, a page at a time (newest first)",
    response_model=FeatureCollection,
)
def incidents_geojson(
    session: SessionDep, countries: CountriesDep, query: Annotated[GeoPageQuery, Query()]
) -> dict[str, Any]:
    check_against_border(query, countries)
    page = queries.incident_page(session, query.to_filter(located=True), "-date", query.page, query.per_page)
    return {
        "type": "FeatureCollection",
        "total": page.total,
        "page": page.page,
        "pages": page.pages,
        "features": [incident_feature(row) for row in page.items],
    }


@router.get(
    "/map/incidents.geojson",
    tags=["map"],
    summary="The incidents in a map view: each one, or clusters when the view holds more than 400",
    response_model=FeatureCollection,
)
def map_view(
    session: SessionDep, countries: CountriesDep, query: Annotated[ViewQuery, Query()]
) -> dict[str, Any]:
    check_against_border(query, countries)
    return queries.map_features(session, query.to_filter(), query.to_view())


def incident_feature(row: dict[str, Any]) -> dict[str, Any]:
    """An incident record (``incident_to_dict``) as a GeoJSON point, with its range of killed."""
    killed, injured = row["killed"], row["injured"]
    properties = {
        "type": row["type"],
        "date": row["date"],
        "place": row["place"],
        "sector": row["sector"],
        "side": row["side"],
        "killed": killed["chosen"],
        "killed_range": [killed["low"], killed["high"]],
        "injured": injured["chosen"],
        "casualties": (killed["chosen"] or 0) + (injured["chosen"] or 0),
        "corroboration": row["corroboration"],
        "sources": len(row["sources"]),
        "geo_precision": row["geo_precision"],
        "recalled": row["recalled"],
    }
    return queries.point_feature(row["id"], row["lon"], row["lat"], properties)


@router.get(
    "/incidents/{incident_id}",
    tags=["incidents"],
    summary="One incident: every field's sourced values, conflicts and sources",
    response_model=IncidentDetail,
)
def incident(session: SessionDep, incident_id: IncidentId) -> dict[str, Any]:
    record = get_incident(session, incident_id) if storable(incident_id) else None
    if record is None:
        raise not_found("incident", incident_id)
    return {**record, "corrections": incident_corrections(session, incident_id)}


@router.get("/stats/months", tags=["incidents"], summary="Incidents per month and type")
def months(
    session: SessionDep, countries: CountriesDep, query: Annotated[IncidentQuery, Query()]
) -> dict[str, dict[str, int]]:
    check_against_border(query, countries)
    return {
        month: dict(counts) for month, counts in queries.monthly_counts(session, query.to_filter()).items()
    }


@router.get(
    "/reports/{report_id}",
    tags=["reports"],
    summary="One stored report and the events read from it",
    response_model=ReportRecord,
)
def report(session: SessionDep, report_id: ReportId) -> dict[str, Any]:
    record = queries.get_report(session, report_id) if storable(report_id) else None
    if record is None:
        raise not_found("report", report_id)
    return record


def window(session: Session, query: WindowQuery) -> tuple[dt.date | None, dt.date | None]:
    """[since, until] for sector shading; open when there are no dated incidents yet."""
    until = query.until or queries.latest_incident_date(session)
    if until is None:
        return None, None
    # Clamp rather than overflow when a window reaches back past year 1.
    first = max(until.toordinal() - (query.days - 1), dt.date.min.toordinal())
    return dt.date.fromordinal(first), until


@router.get(
    "/sectors",
    tags=["border"],
    summary="Border sectors with incident counts in a window",
    response_model=SectorList,
)
def sectors(
    session: SessionDep, countries: CountriesDep, query: Annotated[WindowQuery, Query()]
) -> dict[str, Any]:
    since, until = window(session, query)
    counts = queries.sector_counts(session, since, until)
    return {
        "window": {"since": _iso(since), "until": _iso(until), "days": query.days},
        "sectors": geo.sectors(countries, counts),
    }


@router.get(
    "/sectors.geojson",
    tags=["border", "map"],
    summary="Sector corridors as GeoJSON, with counts",
    response_model=FeatureCollection,
)
def sectors_geojson(
    session: SessionDep, countries: CountriesDep, query: Annotated[WindowQuery, Query()]
) -> dict[str, Any]:
    since, until = window(session, query)
    collection = geo.sectors_geojson(countries, queries.sector_counts(session, since, until))
    return {**collection, "window": {"since": _iso(since), "until": _iso(until), "days": query.days}}


@router.get(
    "/crossings",
    tags=["border"],
    summary="Official crossing points and their status",
    response_model=list[CrossingPoint],
)
def crossings(countries: CountriesDep) -> list[dict[str, Any]]:
    return geo.crossings(countries)


@router.get(
    "/border.geojson", tags=["border", "map"], summary="The border line as GeoJSON", response_model=Feature
)
def border_geojson(countries: CountriesDep) -> dict[str, Any]:
    return geo.border_line(countries)


@router.get(
    "/basemap.geojson",
    tags=["map"],
    summary="Offline basemap: Natural Earth land of the region",
    response_model=FeatureCollection,
)
def basemap_geojson(countries: CountriesDep) -> dict[str, Any]:
    return geo.basemap(countries)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
