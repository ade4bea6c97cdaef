"""Exports over HTTP: GET /api/export.csv, .geojson and .json with the list's filters and an audience,
streamed as they are written (sarhad.exports), as attachments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from sarhad.api.deps import CountriesDep, check_against_border
from sarhad.api.guard import needs
from sarhad.api.schemas import ExportQuery
from sarhad.auth.roles import Permission as P
from sarhad.exports import FORMATS, Export, stream
from sarhad.store.db import session_scope

router = APIRouter(prefix="/api", tags=["exports"], dependencies=[needs(P.READ)])


@router.get(
    "/export.{fmt}",
    summary="Every incident matching the filters, as CSV (ACLED's columns), GeoJSON or JSON",
    response_class=StreamingResponse,
    responses={200: {"content": {media: {} for media in FORMATS.values()}, "description": "The file"}},
)
def export(
    request: Request,
    countries: CountriesDep,
    fmt: Literal["csv", "geojson", "json"],
    query: Annotated[ExportQuery, Query()],
) -> StreamingResponse:
    check_against_border(query, countries)
    spec = Export(query.audience, query.to_filter())
    name = f"sarhad-incidents-{query.audience}-{dt.date.today():%Y%m%d}.{fmt}"
    return StreamingResponse(
        chunks(request.app.state.db_url, spec, fmt),
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def chunks(url: str, spec: Export, fmt: str) -> Iterator[str]:
    """Its own session: the export is read while the response is being sent."""
    with session_scope(url) as session:
        yield from stream(session, spec, fmt)
