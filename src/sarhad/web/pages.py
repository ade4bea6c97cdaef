"""The HTML pages: map, incident list with chart, incident with its sources, and report text."""

from __future__ import annotations

from typing import Annotated, get_args
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from sarhad.api import geo, queries
from sarhad.api.deps import CountriesDep, SessionDep, check_against_border
from sarhad.api.guard import needs
from sarhad.api.routes import IncidentId, ReportId, storable, window
from sarhad.api.schemas import Corroboration, IncidentQuery, MapQuery, PageQuery, WindowQuery
from sarhad.auth.roles import Permission as P
from sarhad.fuse.store import PINNABLE
from sarhad.store.queries import get_incident, incident_corrections
from sarhad.web.chart import monthly_chart
from sarhad.web.templating import templates
from sarhad.web.view import field_rows, highlighted, source_columns, timeline
from sarhad.wording import describe

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse, dependencies=[needs(P.READ)])
CORROBORATION_LEVELS: tuple[str, ...] = get_args(Corroboration)
# The map page lists the newest located incidents in text below the map; the incident list pages the rest
# (a page listing every incident was 371 KB with 1,772 of them).
MAP_TABLE_ROWS = 50


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def incident_filters(request: Request) -> str:
    """The request's incident filters as a query string, for links between the map and the list."""
    return urlencode(
        [(k, v) for k, v in request.query_params.multi_items() if k in IncidentQuery.model_fields]
    )


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    context = {"title": title, "message": message, "status": status}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


@router.get("/")
def map_page(
    request: Request, session: SessionDep, countries: CountriesDep, query: Annotated[MapQuery, Query()]
) -> Response:
    check_against_border(query, countries)
    since, until = window(session, WindowQuery(days=query.days, until=None))
    newest = queries.incident_page(session, query.to_filter(located=True), "-date", 1, MAP_TABLE_ROWS)
    context = {
        "title": "Map",
        "countries": countries,
        "border": geo.border_line(countries)["properties"],
        "incidents": newest.items,
        "located": newest.total,
        "unlocated": queries.count_incidents(session, query.to_filter()) - newest.total,
        "list_link": "/incidents?" + incident_filters(request),
        "export_query": incident_filters(request),
        "sectors": [
            s for s in geo.sectors(countries, queries.sector_counts(session, since, until)) if s["incidents"]
        ],
        "crossings": geo.crossings(countries),
        "since": since,
        "until": until,
        "days": query.days,
        # The map script passes these on to /api/map/incidents.geojson, which has no shading window.
        "filters": urlencode([(k, v) for k, v in request.query_params.multi_items() if k != "days"]),
    }
    return templates.TemplateResponse(request, "map.html", context)


@router.get("/incidents")
def list_page(
    request: Request, session: SessionDep, countries: CountriesDep, query: Annotated[PageQuery, Query()]
) -> Response:
    check_against_border(query, countries)
    where = query.to_filter()
    context = {
        "title": "Incidents",
        "page": queries.incident_page(session, where, query.sort, query.page, query.per_page),
        "query": query,
        "types": queries.incident_types(session),
        "borders": queries.borders_read(session),
        "levels": CORROBORATION_LEVELS,
        "countries": countries,
        "sector_count": len(geo.border(countries).sectors),
        "chart": monthly_chart(queries.monthly_counts(session, where)),
        "map_link": "/?" + incident_filters(request),
        "export_query": incident_filters(request),
    }
    return templates.TemplateResponse(request, "list.html", context)


@router.get("/incidents/{incident_id}")
def incident_page(request: Request, session: SessionDep, incident_id: IncidentId) -> Response:
    record = get_incident(session, incident_id) if storable(incident_id) else None
    if record is None:
        raise HTTPException(404, detail=f"no incident with id {incident_id!r}")
    context = {
        "title": f"{capitalised(describe('type', record['type']))}, {record['place'] or 'place unknown'}",
        "incident": record,
        "columns": source_columns(record["sources"]),
        "rows": field_rows(record, record["fields"]),
        "timeline": timeline(record),
        "corrections": incident_corrections(session, incident_id),
        "pinnable": PINNABLE,
    }
    return templates.TemplateResponse(request, "incident.html", context)


@router.get("/reports/{report_id}")
def report_page(request: Request, session: SessionDep, report_id: ReportId) -> Response:
    record = queries.get_report(session, report_id) if storable(report_id) else None
    if record is None:
        raise HTTPException(404, detail=f"no report with id {report_id!r}")
    context = {
        "title": record["title"] or record["source"] or "Report",
        "report": record,
        "pieces": highlighted(record["text"], record["mentions"]),
    }
    return templates.TemplateResponse(request, "report.html", context)
