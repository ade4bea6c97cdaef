"""The JSON API for what crosses to the other party: who am I, what would be shared, share, widen, the
exchange's queues and the audit log. Each route names the permission it needs (sarhad.auth.roles)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from sarhad.api.deps import SessionDep
from sarhad.api.guard import needs
from sarhad.api.responses import (
    AuditRecord,
    ExchangeOverview,
    Me,
    NodeInfo,
    OutboxRow,
    ReleasabilityChanged,
    ReleasePreview,
)
from sarhad.api.routes import IncidentId, ReportId, storable
from sarhad.auth.roles import MATRIX, Permission, Role
from sarhad.auth.sessions import Principal
from sarhad.share.identity import NodeError, describe_node, load_node
from sarhad.share.incidents import preview, share_incident
from sarhad.share.outbox import message_row
from sarhad.share.releasability import (
    NotReleasable,
    ReleasabilityError,
    set_incident_releasability,
    set_report_releasability,
)
from sarhad.share.status import overview, peer_row
from sarhad.store import audit
from sarhad.store.db import session_scope
from sarhad.store.models import Peer

router = APIRouter(prefix="/api", tags=["exchange"])
P = Permission
Reader = Annotated[Principal, needs(P.READ)]
Sharer = Annotated[Principal, needs(P.SHARE)]
Widener = Annotated[Principal, needs(P.WIDEN)]


class ReleasabilityChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    releasability: Literal["national", "bilateral", "public"]
    why: str = Field(min_length=3, max_length=2000, description="Why: kept in the audit log.")


@router.get("/me", summary="The signed-in user, their role and permissions, and this node", response_model=Me)
def me(who: Reader, session: SessionDep) -> dict[str, Any]:
    node = load_node(session)
    return {
        "name": who.name,
        "role": who.role,
        "via": who.via,
        "permissions": sorted(p.value for p in MATRIX[Role(who.role)]),
        "node": {"party": node.party, "name": node.name} if node else None,
    }


def wake_worker(request: Request) -> None:
    worker = getattr(request.app.state, "worker", None)
    if worker is not None:
        worker.wake()


def share(url: str, incident_id: str, who: Principal) -> dict[str, Any]:
    """Queue the incident for the peer as the one filter releases it; 409 with the reason if nothing may."""
    with session_scope(url, write=True) as session:
        try:
            return message_row(share_incident(session, incident_id, who.actor))
        except (NotReleasable, NodeError) as exc:
            raise HTTPException(409, detail=str(exc)) from exc


def change_releasability(
    url: str, kind: str, record_id: str, change: ReleasabilityChange, who: Principal
) -> str:
    setter = set_incident_releasability if kind == "incident" else set_report_releasability
    with session_scope(url, write=True) as session:
        try:
            return setter(session, record_id, change.releasability, who.actor, change.why).releasability
        except ReleasabilityError as exc:
            status = 404 if str(exc).startswith("no ") else 409
            raise HTTPException(status, detail=str(exc)) from exc


def release_preview(session: Session, incident_id: str) -> dict[str, Any]:
    try:
        release = preview(session, incident_id)
    except (NotReleasable, NodeError) as exc:
        raise HTTPException(409, detail=str(exc)) from exc
    return {"payload": release.incident.wire(), "withheld": release.withheld}


@router.get(
    "/incidents/{incident_id}/release",
    summary="Exactly what the other party would receive",
    response_model=ReleasePreview,
)
def release(who: Sharer, session: SessionDep, incident_id: IncidentId) -> dict[str, Any]:
    if not storable(incident_id):
        raise HTTPException(404, detail=f"no incident with id {incident_id!r}")
    return release_preview(session, incident_id)


@router.post(
    "/incidents/{incident_id}/share",
    summary="Send the incident to the other party",
    status_code=202,
    response_model=OutboxRow,
)
def share_route(request: Request, who: Sharer, incident_id: IncidentId) -> dict[str, Any]:
    message = share(request.app.state.db_url, incident_id, who)
    wake_worker(request)
    return message


@router.post(
    "/incidents/{incident_id}/releasability",
    summary="Widen or narrow an incident's releasability",
    response_model=ReleasabilityChanged,
)
def incident_releasability(
    request: Request, who: Widener, incident_id: IncidentId, change: ReleasabilityChange
) -> dict[str, str]:
    level = change_releasability(request.app.state.db_url, "incident", incident_id, change, who)
    return {"id": incident_id, "releasability": level}


@router.post(
    "/reports/{report_id}/releasability",
    summary="Widen or narrow a report's releasability",
    response_model=ReleasabilityChanged,
)
def report_releasability(
    request: Request, who: Widener, report_id: ReportId, change: ReleasabilityChange
) -> dict[str, str]:
    level = change_releasability(request.app.state.db_url, "report", report_id, change, who)
    return {"id": report_id, "releasability": level}


@router.get(
    "/exchange",
    summary="This node, its peer, and the messages each way",
    dependencies=[needs(P.EXCHANGE)],
    response_model=ExchangeOverview,
)
def exchange(session: SessionDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> dict[str, Any]:
    return overview(session, limit)


@router.get(
    "/audit",
    summary="The newest audit entries",
    dependencies=[needs(P.AUDIT)],
    response_model=list[AuditRecord],
)
def audit_log(
    session: SessionDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    action: Annotated[str | None, Query(max_length=64, pattern=r"^[a-z_.]+$")] = None,
    before: Annotated[int | None, Query(ge=1)] = None,
) -> list[dict[str, Any]]:
    return audit.recent(session, limit, action, before)


@router.get(
    "/node",
    summary="This node's identity and its peer",
    dependencies=[needs(P.READ)],
    response_model=NodeInfo,
)
def node_info(session: SessionDep) -> dict[str, Any]:
    node = load_node(session)
    peers = [peer_row(peer) for peer in session.scalars(select(Peer).order_by(Peer.party))]
    return {"node": describe_node(node) if node else None, "peers": peers}
