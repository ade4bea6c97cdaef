"""The situation report in the web app: a page in the app's frame (with print styles) for a period and an
audience, and downloads as PDF, Markdown or standalone HTML. Reading the picture is all it needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from sarhad.api.deps import CountriesDep, SessionDep
from sarhad.api.guard import needs
from sarhad.auth.roles import Permission as P
from sarhad.geo.border import load_border
from sarhad.sitrep import render
from sarhad.sitrep.model import Period, SitRep, build
from sarhad.web.templating import templates

router = APIRouter(include_in_schema=False, dependencies=[needs(P.READ)])


class SitrepQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    since: dt.datetime | None = Field(None, description="Start of the period (UTC unless it says otherwise).")
    until: dt.datetime | None = Field(None, description="End of the period (default: now).")
    audience: Literal["national", "bilateral"] = "national"

    def period(self) -> Period:
        try:
            return Period.between(self.since, self.until)
        except ValueError as exc:
            raise HTTPException(422, detail=f"period: {exc}") from exc


def _report(session: Session, countries: tuple[str, str], query: SitrepQuery) -> SitRep:
    return build(session, query.period(), query.audience, load_border(countries))


@router.get("/sitrep", response_class=HTMLResponse)
def sitrep_page(
    request: Request, session: SessionDep, countries: CountriesDep, query: Annotated[SitrepQuery, Query()]
) -> Response:
    report = _report(session, countries, query)
    context = {
        "title": "Situation report",
        "report": report,
        "body": render.body(report),
        "css": render.stylesheet(),
        "download": {
            "since": report.period.since.isoformat(),
            "until": report.period.until.isoformat(),
            "audience": report.audience,
        },
    }
    return templates.TemplateResponse(request, "sitrep.html", context)


@router.get("/sitrep.{fmt}")
def sitrep_download(
    session: SessionDep,
    countries: CountriesDep,
    fmt: Literal["pdf", "md", "html"],
    query: Annotated[SitrepQuery, Query()],
) -> Response:
    report = _report(session, countries, query)
    try:
        writers: dict[str, Callable[[SitRep], str | bytes]] = {
            "pdf": render.pdf,
            "md": render.markdown,
            "html": render.html,
        }
        content: str | bytes = writers[fmt](report)
    except render.SitrepError as exc:
        raise HTTPException(503, detail=str(exc)) from exc
    name = f"sitrep-{report.audience}-{report.period.until:%Y%m%d-%H%M}.{fmt}"
    return Response(
        content,
        media_type=render.FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
