"""Who may see what: national (this party only), bilateral (both parties) or public.

Three rules, enforced here and nowhere else:

* A report's releasability is set at intake, by its kind unless the input says otherwise (field reports and
  liaison notes national, published news public; a node may configure other defaults).
* An incident is as narrow as its narrowest source until a liaison officer decides otherwise; fusion never
  widens anything (sarhad.fuse.store replays the decisions).
* What leaves the node about an incident is computed by :func:`release_incident` alone: only the sources
  the audience may see, and values chosen again from those sources by fusion's own rules. Every way out
  (the exchange, and later exports and situation reports) calls it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from sarhad.fuse.choose import build_incident
from sarhad.fuse.cluster import Cluster
from sarhad.fuse.model import FusedIncident
from sarhad.fuse.neardup import near_duplicate_pairs
from sarhad.fuse.store import (
    decided_releasability,
    narrowest_releasability,
    releasability_decisions,
    to_fusion_mention,
)
from sarhad.share.payloads import SharedIncident, SharedSource, SharedSpan, SharedValue
from sarhad.share.policy import DEFAULTS, RANK
from sarhad.store import audit
from sarhad.store.models import RELEASABILITY, Incident, Mention, ReleasabilityDecision, Report

Audience = Literal["bilateral", "public"]
INCIDENT_FIELDS = (
    "type", "date", "date_precision", "place", "lat", "lon", "geo_precision", "admin1", "admin2",
    "country", "side", "killed", "injured", "abducted", "released", "perpetrator", "perpetrator_basis",
    "targets", "parties",
)  # fmt: skip


class ReleasabilityError(ValueError):
    """A releasability change that cannot be made, with the reason."""


class NotReleasable(ValueError):
    """Nothing of this record may go to that audience; the message says why."""


def check_level(level: str) -> str:
    if level not in RANK:
        raise ReleasabilityError(f"releasability must be one of {', '.join(RELEASABILITY)}, not {level!r}")
    return level


def _record(
    session: Session,
    kind: str,
    record_id: str,
    anchor: str | None,
    previous: str,
    to: str,
    who: str,
    why: str,
) -> ReleasabilityDecision:
    if not who.strip() or not why.strip():
        raise ReleasabilityError("a releasability change needs who makes it and why")
    if to == previous:
        raise ReleasabilityError(f"the {kind} is already {to}")
    decision = ReleasabilityDecision(
        record_kind=kind, record_id=record_id, anchor=anchor, releasability=to, previous=previous, who=who,
        why=why,
    )  # fmt: skip
    session.add(decision)
    action = "releasability.widen" if RANK[to] > RANK[previous] else "releasability.narrow"
    audit.append(session, who, action, kind, record_id, {"from": previous, "to": to, "why": why})
    return decision


def set_report_releasability(session: Session, report_id: str, to: str, who: str, why: str) -> Report:
    """An explicit, audited change to one report; the incidents it is part of follow their new narrowest."""
    report = session.get(Report, report_id)
    if report is None:
        raise ReleasabilityError(f"no report with id {report_id!r}")
    if report.origin is not None:
        raise ReleasabilityError(
            f"a report shared by {report.origin} keeps the releasability {report.origin} gave it"
        )
    _record(session, "report", report.id, None, report.releasability, check_level(to), who, why)
    report.releasability = to
    session.flush()
    incident_ids = set(session.scalars(select(Mention.incident_id).where(Mention.report_id == report.id)))
    for incident in session.scalars(select(Incident).where(Incident.id.in_(incident_ids - {None}))):
        refresh_incident(session, incident)
    return report


def set_incident_releasability(session: Session, incident_id: str, to: str, who: str, why: str) -> Incident:
    """An explicit, audited decision on an incident, kept across re-fusion (anchored on one mention)."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise ReleasabilityError(f"no incident with id {incident_id!r}")
    keys = sorted(f"{m.report_id}:{m.ordinal}" for m in incident.mentions)
    if not keys:
        raise ReleasabilityError(f"incident {incident_id!r} has no sources")
    _record(session, "incident", incident.id, keys[0], incident.releasability, check_level(to), who, why)
    incident.releasability = to
    return incident


def refresh_incident(session: Session, incident: Incident) -> None:
    """Narrowest of its sources, unless a decision anchored on one of its mentions says otherwise."""
    keys = [f"{m.report_id}:{m.ordinal}" for m in incident.mentions]
    decided = decided_releasability(keys, releasability_decisions(session))
    incident.releasability = decided or narrowest_releasability(
        m.report.releasability for m in incident.mentions
    )


def may_receive(report: Report, audience: Audience, receiver: str | None) -> bool:
    """A source may go out if it is at least as wide as the audience and did not come from the receiver."""
    return RANK[report.releasability] >= RANK[audience] and (receiver is None or report.origin != receiver)


@dataclass(frozen=True)
class Release:
    """What an audience may receive of an incident, and what was held back (for the sender's eyes only)."""

    incident: SharedIncident
    withheld: list[str]  # report ids held back


def _load(session: Session, incident_id: str) -> Incident | None:
    query = (
        select(Incident)
        .where(Incident.id == incident_id)
        .options(selectinload(Incident.mentions).selectinload(Mention.report))
    )
    return session.scalars(query).first()


def release_incident(
    session: Session, incident_id: str, audience: Audience, receiver: str | None = None
) -> Release:
    """The one filter every way out goes through. Raises NotReleasable when nothing may go."""
    incident = _load(session, incident_id)
    if incident is None:
        raise NotReleasable(f"no incident with id {incident_id!r}")
    if RANK[incident.releasability] < RANK[audience]:
        raise NotReleasable(
            f"incident {incident.id} is {incident.releasability}: a liaison officer must widen it to "
            f"{audience} before anything of it can leave this node"
        )
    reports = {m.report_id: m.report for m in incident.mentions}
    arrival = {rid: n for n, rid in enumerate(sorted(reports, key=lambda r: (reports[r].intake_at, r)))}
    allowed = [m for m in incident.mentions if may_receive(m.report, audience, receiver)]
    withheld = sorted(rid for rid, report in reports.items() if not may_receive(report, audience, receiver))
    if not allowed:
        raise NotReleasable(
            f"none of the {len(reports)} sources of incident {incident.id} may go to "
            f"{receiver or 'the public'} (each is narrower than {audience} or came from {receiver})"
        )
    mentions = [to_fusion_mention(m, m.report, arrival[m.report_id]) for m in allowed]
    mentions.sort(key=lambda m: (m.arrival, m.key.ordinal))
    cluster = Cluster(id=incident.id, founder=mentions[0])
    for mention in mentions:
        cluster.add(mention)
    used = {m.key.report_id for m in mentions}
    # Reprints among the sources that may go are still one source: corroboration must not grow on the way.
    fused = build_incident(cluster, near_duplicate_pairs((rid, reports[rid].text) for rid in sorted(used)))
    try:
        shared = shareable(
            incident.id, fused, audience, [reports[rid] for rid in sorted(used, key=arrival.__getitem__)]
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise NotReleasable(
            f"incident {incident.id} holds a value the exchange cannot carry: {where}: {first['msg']}"
        ) from exc
    return Release(shared, withheld)


def shareable(incident_id: str, fused: FusedIncident, audience: str, sources: list[Report]) -> SharedIncident:
    """The payload, as the contract bounds it: over-long free text is cut, never a reason to fail."""
    return SharedIncident.model_validate(
        {
            "id": incident_id,
            **{name: _plain(fused.chosen.get(name), LIMITS.get(name, 2000)) for name in INCIDENT_FIELDS},
            "corroboration": fused.corroboration,
            "releasability": audience,
            "sources": [_source(report) for report in sources],
            "values": [
                SharedValue(
                    field=item.field,
                    value=_plain(item.value),
                    source=item.key.report_id,
                    span=_span(item.span),
                    chosen=item.chosen,
                    background=item.background,
                )
                for item in fused.values
            ],
        }
    )


LIMITS = {"place": 200, "perpetrator": 200, "parties": 200, "admin1": 100, "admin2": 100}


def _plain(value: Any, limit: int = 2000) -> Any:
    if isinstance(value, str):
        return value[:limit]
    return value.isoformat() if hasattr(value, "isoformat") else value


def _span(span: dict[str, Any] | None) -> SharedSpan | None:
    if not span or not isinstance(span.get("text"), str):
        return None
    return SharedSpan(text=span["text"][:2000], start=span.get("start"), end=span.get("end"))


def _source(report: Report) -> SharedSource:
    return SharedSource.model_validate(
        {
            "ref": report.id,
            "kind": report.kind if report.kind in DEFAULTS else "liaison",
            "source": report.source[:200] if report.source else None,
            "title": report.title[:2000] if report.title else None,
            "url": report.url
            if report.url and report.url.startswith(("http://", "https://")) and len(report.url) <= 2000
            else None,
            "published": report.published,
            "releasability": "public" if report.releasability == "public" else "bilateral",
        }
    )
