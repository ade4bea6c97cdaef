"""Analysts' corrections to the picture, over the JSON API and from the incident page: merge incidents
that are one event, split reports off as another event, pin a field's value. Each is recorded with who and
why (audited), replayed on every fusion, and applied under the picture lock (the picture is re-fused)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from sarhad.api.guard import needs
from sarhad.api.responses import Corrected
from sarhad.api.routes import IncidentId, storable
from sarhad.auth.roles import Permission
from sarhad.auth.sessions import Principal
from sarhad.fuse.store import PINNABLE, CorrectionError, merge_incidents, pin_field, split_incident
from sarhad.store.db import session_scope
from sarhad.store.locks import Busy, picture_lock, unless_busy
from sarhad.store.models import Mention

router = APIRouter(prefix="/api", tags=["corrections"])
Corrector = Annotated[Principal, needs(Permission.CORRECT)]
Why = Annotated[str, Field(min_length=3, max_length=2000, description="Why: kept with the correction.")]


class Merge(BaseModel):
    model_config = ConfigDict(extra="forbid")
    incidents: list[Annotated[str, Field(max_length=40)]] = Field(
        min_length=1, max_length=20, description="The other incidents that are the same event."
    )
    why: Why


class Split(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reports: list[Annotated[str, Field(min_length=8, max_length=64)]] = Field(
        min_length=1, max_length=200, description="Reports (id or id prefix) that tell another event."
    )
    why: Why


class Pin(BaseModel):
    model_config = ConfigDict(extra="forbid")
    field: str = Field(description=f"One of: {', '.join(PINNABLE)}.")
    value: Annotated[str, Field(max_length=2000)] | int = Field(
        description="The value that wins over every rule."
    )
    why: Why


def correct(url: str, incident_id: str, action: Callable[[Session], Any]) -> str:
    """Apply the correction under the picture lock; the incident that now holds the first mention of
    ``incident_id`` (merging and splitting may give it another id)."""
    if not storable(incident_id):
        raise HTTPException(404, detail=f"no incident with id {incident_id!r}")
    try:
        with picture_lock(url, unless_busy()), session_scope(url, write=True) as session:
            return apply(session, incident_id, action)
    except Busy as exc:
        raise HTTPException(
            409, detail="an ingest is updating the picture; try the correction again in a minute"
        ) from exc


def apply(session: Session, incident_id: str, action: Callable[[Session], Any]) -> str:
    first = session.execute(
        select(Mention.report_id, Mention.ordinal)
        .where(Mention.incident_id == incident_id)
        .order_by(Mention.id)
    ).first()
    try:
        action(session)
    except CorrectionError as exc:
        raise HTTPException(404 if str(exc).startswith("no incident") else 422, detail=str(exc)) from exc
    if first is None:
        return incident_id
    now = session.scalar(
        select(Mention.incident_id).where(
            Mention.report_id == first.report_id, Mention.ordinal == first.ordinal
        )
    )
    return str(now or incident_id)


def merge(url: str, incident_id: str, body: Merge, who: Principal) -> str:
    ids = [incident_id, *(i for i in body.incidents if i != incident_id)]
    return correct(url, incident_id, lambda s: merge_incidents(s, ids, who.actor, body.why))


def split(url: str, incident_id: str, body: Split, who: Principal) -> str:
    return correct(
        url, incident_id, lambda s: split_incident(s, incident_id, body.reports, who.actor, body.why)
    )


def pin(url: str, incident_id: str, body: Pin, who: Principal) -> str:
    value: Any = body.value
    if body.field in ("killed", "injured", "abducted", "released") and isinstance(value, str):
        value = int(value) if value.strip().isdecimal() else value  # ("²" is a digit, not a number)
    return correct(
        url, incident_id, lambda s: pin_field(s, incident_id, body.field, value, who.actor, body.why)
    )


@router.post(
    "/incidents/{incident_id}/merge", summary="These incidents are one event", response_model=Corrected
)
def merge_route(request: Request, who: Corrector, incident_id: IncidentId, body: Merge) -> dict[str, str]:
    return {"incident": merge(request.app.state.db_url, incident_id, body, who)}


@router.post(
    "/incidents/{incident_id}/split", summary="These reports tell another event", response_model=Corrected
)
def split_route(request: Request, who: Corrector, incident_id: IncidentId, body: Split) -> dict[str, str]:
    return {"incident": split(request.app.state.db_url, incident_id, body, who)}


@router.post(
    "/incidents/{incident_id}/pin",
    summary="This field's value wins over every rule",
    response_model=Corrected,
)
def pin_route(request: Request, who: Corrector, incident_id: IncidentId, body: Pin) -> dict[str, str]:
    return {"incident": pin(request.app.state.db_url, incident_id, body, who)}
