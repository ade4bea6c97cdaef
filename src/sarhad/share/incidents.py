"""The ``incident.share`` kind: one party's incident, as it may be released, sent to the other.

On the receiving node a shared incident becomes a report of kind ``liaison`` whose origin is the sender:
its text is a rendering of what was shared (so every value keeps a span to point at), its raw bytes are
the signed envelope, and its one mention carries the sender's chosen values. It goes through fusion like
any report, marked as the other party's wherever it is shown, and never replaces this node's own values
(sarhad.fuse.choose.own_first). A newer share of the same incident supersedes the older report.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from sarhad.fuse.model import SOURCED_FIELDS
from sarhad.share.kinds import MessageKind, Received
from sarhad.share.outbox import enqueue, the_peer
from sarhad.share.payloads import SharedIncident, SharedValue
from sarhad.share.releasability import Release, release_incident
from sarhad.store import audit
from sarhad.store.models import Mention, OutboxMessage, Report, utcnow

MEDIA_TYPE = "application/vnd.sarhad.envelope+json"
MENTION_VALUES = (
    "type", "date", "place", "lat", "lon", "geo_precision", "admin1", "admin2", "country", "killed",
    "injured", "abducted", "released", "perpetrator", "targets",
)  # fmt: skip


def preview(session: Session, incident_id: str, peer: str | None = None) -> Release:
    """Exactly what the peer would receive (raises NotReleasable when nothing may go)."""
    return release_incident(session, incident_id, "bilateral", receiver=the_peer(session, peer).party)


def share_incident(session: Session, incident_id: str, actor: str, peer: str | None = None) -> OutboxMessage:
    release = preview(session, incident_id, peer)
    payload = release.incident.model_dump(mode="json")
    message = enqueue(session, KIND.name, payload, actor, subject=f"incident:{incident_id}", peer=peer)
    detail = {
        "message": message.id,
        "seq": message.seq,
        "to": message.peer,
        "withheld": len(release.withheld),
    }
    audit.append(session, actor, "incident.share", "incident", incident_id, detail)
    return message


# --- receiving ----------------------------------------------------------------------------------------


class Rendering:
    """The liaison report's text, built piece by piece so each quoted span's offsets are known."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.spans: dict[str, dict[str, Any]] = {}

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)

    def quote(self, field: str | None, text: str) -> None:
        self.add("“")
        if field is not None and field not in self.spans:
            self.spans[field] = {"start": self.size, "end": self.size + len(text), "text": text}
        self.add(text)
        self.add("”")

    @property
    def text(self) -> str:
        return "".join(self.parts)


def render(incident: SharedIncident, received: Received) -> Rendering:
    peer, envelope = received.peer, received.envelope
    out = Rendering()
    out.add(f"Shared by the {peer.party} node ({peer.name}), message {envelope.seq} of {envelope.created}.\n")
    when = f"{incident.date} ({incident.date_precision or 'day'})" if incident.date else "date unknown"
    where = ", ".join(p for p in (incident.place, incident.admin1, incident.country) if p) or "place unknown"
    out.add(f"{peer.party}'s incident {incident.id}: {incident.type}, {where}, {when}.\n")
    counts = [f"{name} {getattr(incident, name)}" for name in ("killed", "injured", "abducted", "released")]
    out.add("Counts: " + (", ".join(c for c in counts if not c.endswith("None")) or "none given") + ".\n")
    if incident.perpetrator:
        out.add(f"Responsible party as {peer.party} reports it: {incident.perpetrator}.\n")
    out.add(f"Corroboration at {peer.party}: {incident.corroboration}. Sources:\n")
    by_source: dict[str, list[SharedValue]] = {}
    for value in incident.values:
        by_source.setdefault(value.source, []).append(value)
    for number, source in enumerate(incident.sources, start=1):
        out.add(f"[{number}] {source.source or 'unnamed source'} ({source.kind}, {source.releasability})")
        out.add(f", published {source.published}" if source.published else "")
        out.add(f", {source.url}\n" if source.url else "\n")
        for value in by_source.get(source.ref, []):
            out.add(f"    {value.field} = {value.value}")
            if value.span is not None and value.span.text:
                out.add(": ")
                out.quote(value.field if value.chosen else None, value.span.text)
            out.add("\n")
    return out


def supersede(session: Session, shared_ref: str) -> None:
    """Older reports of the same shared incident stop counting (kept, as every report is, but unread)."""
    older = list(
        session.scalars(select(Report.id).where(Report.shared_ref == shared_ref, Report.read_status == "ok"))
    )
    if not older:
        return
    session.execute(
        update(Report)
        .where(Report.id.in_(older))
        .values(read_status="superseded", read_note="a newer share of the same incident arrived")
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(Mention).where(Mention.report_id.in_(older)), execution_options={"synchronize_session": False}
    )


def placement(
    received: Received, lat: float | None, lon: float | None
) -> tuple[int | None, str | None, float | None]:
    """Sector, side and distance from this node's own border model, never the sender's numbering."""
    if lat is None or lon is None:
        return None, None, None
    from sarhad.geo.border import load_border

    try:
        found = load_border((received.node.party, received.peer.party)).locate(lon, lat)
    except (KeyError, ValueError, FileNotFoundError):
        return None, None, None
    return (found.sector_id if found.sector_id > 0 else None), found.side, found.distance_km


def apply_shared_incident(session: Session, received: Received, incident: SharedIncident) -> str:
    party = received.peer.party
    shared_ref = f"{party}:{incident.id}"
    rendering = render(incident, received)
    raw = received.text.encode()
    report_id = hashlib.sha256(raw).hexdigest()  # new: the inbox applies each message id once
    supersede(session, shared_ref)
    where = incident.place or incident.admin1 or "place unknown"
    report = {
        "id": report_id,
        "kind": "liaison",
        "source": f"{party} node",
        "title": f"Shared by {party}: {incident.type}, {where}",
        "published": received.envelope.created_at().date(),
        "language": "en",
        "text": rendering.text,
        "raw": raw,
        "media_type": MEDIA_TYPE,
        "original_name": f"{party} message {received.envelope.seq}",
        "meta": {
            "message": received.envelope.id,
            "seq": received.envelope.seq,
            "shared": incident.model_dump(mode="json"),
        },
        "releasability": incident.releasability,
        "origin": party,
        "shared_ref": shared_ref,
        "intake_at": utcnow(),
        "read_at": utcnow(),
        "read_status": "ok",
    }
    sector, side, distance = placement(received, incident.lat, incident.lon)
    mention = {
        "report_id": report_id,
        "ordinal": 0,
        **{name: getattr(incident, name) for name in MENTION_VALUES},
        "date_precision": incident.date_precision if incident.date else None,
        "sector_id": sector,
        "side": side or incident.side,
        "distance_km": distance,
        "background": False,
        "confidence": 1.0,
        "spans": {k: v for k, v in rendering.spans.items() if k in SOURCED_FIELDS},
    }
    session.execute(insert(Report), [report])  # Core: one statement each, no ORM bookkeeping per message
    session.execute(insert(Mention), [mention])
    return f"report:{report_id}"


def summarise(payload: dict[str, Any]) -> str:
    where = payload.get("place") or payload.get("admin1") or "place unknown"
    return f"{payload.get('type')} at {where}, {payload.get('date') or 'date unknown'} ({payload.get('id')})"


KIND = MessageKind(
    name="incident.share",
    payload=SharedIncident,
    apply=apply_shared_incident,
    summary=summarise,
)
