"""Pages for what crosses to the other party: the share preview and action, releasability changes, the
exchange's queues, and the audit log. Forms post with the session's CSRF token (checked by the guard)."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sarhad.api.deps import SessionDep
from sarhad.api.exchange import ReleasabilityChange, change_releasability, share, wake_worker
from sarhad.api.guard import needs
from sarhad.api.routes import IncidentId, ReportId, storable
from sarhad.auth.roles import Permission as P
from sarhad.auth.sessions import Principal
from sarhad.share.identity import NodeError
from sarhad.share.incidents import preview
from sarhad.share.releasability import NotReleasable
from sarhad.share.status import overview
from sarhad.store import audit
from sarhad.store.queries import get_incident
from sarhad.web.templating import templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Sharer = Annotated[Principal, needs(P.SHARE)]
Widener = Annotated[Principal, needs(P.WIDEN)]
Level = Annotated[Literal["national", "bilateral", "public"], Form()]
Why = Annotated[str, Form(min_length=3, max_length=2000)]


@router.get("/incidents/{incident_id}/share")
def share_page(request: Request, who: Sharer, session: SessionDep, incident_id: IncidentId) -> Response:
    record = get_incident(session, incident_id) if storable(incident_id) else None
    if record is None:
        raise HTTPException(404, detail=f"no incident with id {incident_id!r}")
    context: dict[str, Any] = {"title": f"Share incident {incident_id}", "incident": record, "refusal": None}
    try:
        release = preview(session, incident_id)
    except (NotReleasable, NodeError) as exc:
        context["refusal"] = str(exc)
    else:
        payload = release.incident
        context.update(
            payload=payload,
            withheld=len(release.withheld),
            payload_json=json.dumps(payload.model_dump(mode="json"), indent=2, ensure_ascii=False),
        )
    return templates.TemplateResponse(request, "share.html", context)


@router.post("/incidents/{incident_id}/share")
def share_action(request: Request, who: Sharer, incident_id: IncidentId) -> Response:
    message = share(request.app.state.db_url, incident_id, who)
    wake_worker(request)
    return RedirectResponse(f"/exchange?queued={message['seq']}", status_code=303)


@router.post("/incidents/{incident_id}/releasability")
def incident_releasability(
    request: Request, who: Widener, incident_id: IncidentId, releasability: Level, why: Why
) -> Response:
    change = ReleasabilityChange(releasability=releasability, why=why)
    change_releasability(request.app.state.db_url, "incident", incident_id, change, who)
    return RedirectResponse(f"/incidents/{incident_id}/share", status_code=303)


@router.post("/reports/{report_id}/releasability")
def report_releasability(
    request: Request, who: Widener, report_id: ReportId, releasability: Level, why: Why
) -> Response:
    change = ReleasabilityChange(releasability=releasability, why=why)
    change_releasability(request.app.state.db_url, "report", report_id, change, who)
    return RedirectResponse(f"/reports/{report_id}", status_code=303)


@router.get("/exchange", dependencies=[needs(P.EXCHANGE)])
def exchange_page(request: Request, session: SessionDep) -> Response:
    context = {"title": "Exchange", "x": overview(session, 200), "queued": request.query_params.get("queued")}
    return templates.TemplateResponse(request, "exchange.html", context)


@router.get("/audit", dependencies=[needs(P.AUDIT)])
def audit_page(request: Request, session: SessionDep) -> Response:
    context = {"title": "Audit log", "entries": audit.recent(session, 200)}
    return templates.TemplateResponse(request, "audit.html", context)
