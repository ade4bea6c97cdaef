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

import numpy as np
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from sarhad.fuse.index_store import invalidate
from sarhad.fuse.model import SOURCED_FIELDS
from sarhad.share.kinds import MessageKind, Prepared, Received
from sarhad.share.outbox import enqueue, the_peer
from sarhad.share.payloads import SharedIncident, SharedValue
from sarhad.share.releasability import Release, release_incident
from sarhad.store import audit
from sarhad.store.models import Mention, OutboxMessage, Report, utcnow
from sarhad.wording import field_label

MEDIA_TYPE = "application/vnd.sarhad.envelope+json"
MENTION_VALUES = (
    "type", "date", "place", "lat", "lon", "geo_precision", "admin1", "admin2", "country", "killed",
    "injured", "abducted", "released", "perpetrator", "perpetrator_basis", "targets", "parties",
)  # fmt: skip


def preview(session: Session, incident_id: str, peer: str | None = None) -> Release:
    """Exactly what the peer would receive (raises NotReleasable when nothing may go)."""
    return release_incident(session, incident_id, "bilateral", receiver=the_peer(session, peer).party)


def share_incident(session: Session, incident_id: str, actor: str, peer: str | None = None) -> OutboxMessage:
    release = preview(session, incident_id, peer)
    payload = release.incident.wire()
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
        role = field_label("perpetrator", incident.type)
        basis = f" ({incident.perpetrator_basis})" if incident.perpetrator_basis else ""
        out.add(f"{role[:1].upper()}{role[1:]} as {peer.party} reports it: {incident.perpetrator}{basis}.\n")
    if incident.parties:
        out.add(f"Parties as {peer.party} reports them: {incident.parties}.\n")
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


def prepare_shared_incident(received: Received, incident: SharedIncident) -> Prepared:
    """The liaison report and its mention, as rows; placement and superseding wait for the write."""
    party = received.peer.party
    rendering = render(incident, received)
    raw = received.text.encode()
    report_id = hashlib.sha256(raw).hexdigest()  # new: the inbox applies each message id once
    now, where = utcnow(), incident.place or incident.admin1 or "place unknown"
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
        "meta": {"message": received.envelope.id, "seq": received.envelope.seq,
                 "shared": incident.model_dump(mode="json")},
        "releasability": incident.releasability,
        "origin": party,
        "shared_ref": f"{party}:{incident.id}",
        "intake_at": now,
        "read_at": now,
        "read_status": "ok",
    }  # fmt: skip
    mention = {
        "report_id": report_id,
        "ordinal": 0,
        **{name: getattr(incident, name) for name in MENTION_VALUES},
        "date_precision": incident.date_precision if incident.date else None,
        "background": False,
        "confidence": 1.0,
        "spans": {k: v for k, v in rendering.spans.items() if k in SOURCED_FIELDS},
    }
    border = (received.node.party, party)
    return Prepared(f"report:{report_id}", (report, mention, border))


def write_shared_incidents(session: Session, prepared: list[Prepared]) -> None:
    """Insert the delivery's liaison reports and mentions; a newer share of an incident supersedes every
    older report of it (kept, as every report is, but no longer read)."""
    newest: dict[str, str] = {}
    for item in prepared:
        report, _, _ = item.data
        newest[report["shared_ref"]] = report["id"]
    superseded = {"read_status": "superseded", "read_note": "a newer share of the same incident arrived"}
    older = list(
        session.scalars(select(Report.id).where(Report.shared_ref.in_(newest), Report.read_status == "ok"))
    )
    if older:
        plain = {"synchronize_session": False}
        session.execute(
            update(Report).where(Report.id.in_(older)).values(**superseded), execution_options=plain
        )
        session.execute(delete(Mention).where(Mention.report_id.in_(older)), execution_options=plain)
        invalidate(session)  # mentions left the picture: the next fusion must be a full one
    reports, mentions = [], []
    for item in prepared:
        report, mention, _ = item.data
        current = newest[report["shared_ref"]] == report["id"]
        reports.append(report if current else {**report, **superseded})
        if current:
            mentions.append(mention)
    place(mentions, prepared[0].data[2])
    session.execute(insert(Report), reports)
    if mentions:
        session.execute(insert(Mention), mentions)


def place(mentions: list[dict[str, Any]], border_pair: tuple[str, str]) -> None:
    """Sector, side and distance from this node's own border model (never the sender's numbering), for
    the whole delivery at once."""
    located = [m for m in mentions if m["lat"] is not None and m["lon"] is not None]
    for mention in mentions:
        mention.update(sector_id=None, side=None, distance_km=None)
    if not located:
        return
    from sarhad.geo.border import load_border

    try:
        found = load_border(border_pair).locate_many(
            np.array([m["lon"] for m in located]), np.array([m["lat"] for m in located])
        )
    except (KeyError, ValueError, FileNotFoundError):
        return
    for n, mention in enumerate(located):
        sector = int(found.sector_id[n])
        mention["sector_id"] = sector if sector > 0 else None
        mention["side"] = str(found.side[n]) or None
        mention["distance_km"] = float(found.distance_km[n]) if sector > 0 else None


def summarise(payload: dict[str, Any]) -> str:
    where = payload.get("place") or payload.get("admin1") or "place unknown"
    return f"{payload.get('type')} at {where}, {payload.get('date') or 'date unknown'} ({payload.get('id')})"


KIND = MessageKind(
    name="incident.share",
    payload=SharedIncident,
    prepare=prepare_shared_incident,
    write=write_shared_incidents,
    summary=summarise,
)
