"""The incident page's correction forms: merge, split and pin, posted with the session's CSRF token
(checked by the guard) by users allowed to correct; each returns to the incident that now holds them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sarhad.api.corrections import Corrector, Merge, Pin, Split, merge, pin, split
from sarhad.api.routes import IncidentId

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Why = Annotated[str, Form(min_length=3, max_length=2000)]


def back_to(incident_id: str) -> Response:
    return RedirectResponse(f"/incidents/{incident_id}#corrections", status_code=303)


@router.post("/incidents/{incident_id}/merge")
def merge_form(
    request: Request,
    who: Corrector,
    incident_id: IncidentId,
    other: Annotated[str, Form(min_length=4, max_length=40)],
    why: Why,
) -> Response:
    body = Merge(incidents=[other.strip()], why=why)
    return back_to(merge(request.app.state.db_url, incident_id, body, who))


@router.post("/incidents/{incident_id}/split")
def split_form(
    request: Request,
    who: Corrector,
    incident_id: IncidentId,
    reports: Annotated[list[str], Form(min_length=1, max_length=200)],
    why: Why,
) -> Response:
    return back_to(split(request.app.state.db_url, incident_id, Split(reports=reports, why=why), who))


@router.post("/incidents/{incident_id}/pin")
def pin_form(
    request: Request,
    who: Corrector,
    incident_id: IncidentId,
    field: Annotated[str, Form(max_length=32)],
    value: Annotated[str, Form(min_length=1, max_length=200)],
    why: Why,
) -> Response:
    return back_to(pin(request.app.state.db_url, incident_id, Pin(field=field, value=value, why=why), who))
