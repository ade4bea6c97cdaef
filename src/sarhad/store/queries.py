"""Read-side queries shared by the CLI, the API and the planner: plain dicts out, no ORM leaks."""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePath
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from sarhad.events import THREAT_WEIGHTS
from sarhad.fuse.agree import conflicts
from sarhad.fuse.model import COUNT_FIELDS
from sarhad.plan.threat import SectorEvent
from sarhad.store.models import Correction, Incident, Mention, Report
from sarhad.wording import summary


def file_name(original: str) -> str:
    """The input's file name without the folders it sat in on the intake machine (never shown)."""
    return PurePath(original).name


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def sourced_values(incident: Incident) -> dict[str, list[dict[str, Any]]]:
    """Every sourced value of every field, grouped by field, in the order fusion recorded them."""
    by_field: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in incident.fields:
        by_field[row.field].append(
            {
                "value": row.value,
                "report": row.report_id,
                "mention": row.mention_id,
                "span": row.span,
                "chosen": row.chosen,
                "rule": row.rule,
            }
        )
    return by_field


def incident_sources(incident: Incident) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for mention in sorted(incident.mentions, key=lambda m: (m.background, m.report_id, m.ordinal)):
        role = "background" if mention.background else "main"
        entry = seen.get(mention.report_id)
        if entry is None:
            seen[mention.report_id] = {
                "file": file_name(mention.report.original_name),
                "releasability": mention.report.releasability,
                "origin": mention.report.origin,
                "hash": mention.report_id,
                "role": role,
                "source": mention.report.source,
                "published": _iso(mention.report.published),
            }
        elif role == "main":
            entry["role"] = "main"
    return list(seen.values())


def incident_to_dict(incident: Incident) -> dict[str, Any]:
    """The incident in the contract's shape: chosen values, every sourced value, conflicts, sources."""
    by_field = sourced_values(incident)
    record: dict[str, Any] = {
        "id": incident.id,
        "type": incident.type,
        "date": _iso(incident.date),
        "date_precision": incident.date_precision,
        "place": incident.place,
        "lat": incident.lat,
        "lon": incident.lon,
        "admin1": incident.admin1,
        "admin2": incident.admin2,
        "country": incident.country,
        "sector": incident.sector_id,
        "side": incident.side,
    }
    for name in COUNT_FIELDS:
        values = [v["value"] for v in by_field.get(name, []) if v["value"] is not None]
        record[name] = {
            "chosen": getattr(incident, name),
            "low": min(values) if values else None,
            "high": max(values) if values else None,
            "values": by_field.get(name, []),
        }
    record["roles"] = incident.roles or []
    record["perpetrator"] = incident.perpetrator  # deprecated (one release): read "roles"
    record["summary"] = summary(
        {
            **record,
            **{name: getattr(incident, name) for name in COUNT_FIELDS},
        }
    )
    record["corroboration"] = incident.corroboration
    record["independent_sources"] = incident.independent_sources
    record["recalled"] = incident.recalled
    record["geo_precision"] = incident.geo_precision
    record["releasability"] = incident.releasability
    record["conflicts"] = conflicts(by_field)
    record["sources"] = incident_sources(incident)
    record["origins"] = sorted({s["origin"] for s in record["sources"] if s["origin"]})
    record["first_reported"] = _iso(incident.first_reported)
    record["last_updated"] = _iso(incident.last_updated)
    return record


# What an incident's record needs loaded with it: its sourced values, and of each source report only the
# columns shown (never its text or raw bytes, which are most of a report's size).
WITH_SOURCES = (
    selectinload(Incident.fields),
    selectinload(Incident.mentions)
    .selectinload(Mention.report)
    .load_only(Report.original_name, Report.releasability, Report.origin, Report.source, Report.published),
)


def _incident_query() -> Any:
    return select(Incident).options(*WITH_SOURCES)


def list_incidents(session: Session) -> list[dict[str, Any]]:
    rows = session.scalars(_incident_query().order_by(Incident.date.desc(), Incident.id))
    return [incident_to_dict(row) for row in rows]


def get_incident(session: Session, incident_id: str) -> dict[str, Any] | None:
    """One incident in full: the list's record plus every field's sourced values (value, report, span)."""
    row = session.scalars(_incident_query().where(Incident.id == incident_id)).first()
    return {**incident_to_dict(row), "fields": sourced_values(row)} if row else None


def incident_corrections(session: Session, incident_id: str) -> list[dict[str, Any]]:
    """The analysts' corrections that shaped an incident: those naming it, or anchored on its mentions."""
    keys = {
        f"{r}:{o}"
        for r, o in session.execute(
            select(Mention.report_id, Mention.ordinal).where(Mention.incident_id == incident_id)
        )
    }
    found = []
    for row in session.scalars(select(Correction).order_by(Correction.id)):
        payload = row.payload or {}
        named = {payload.get("incident"), *payload.get("incidents", [])}
        touched = {payload.get("anchor"), *payload.get("mentions", [])} & keys
        if incident_id in named or touched:
            found.append(
                {"at": _iso(row.at), "action": row.action, "who": row.who, "why": row.why, "detail": payload}
            )
    return found


def list_reports(session: Session) -> list[dict[str, Any]]:
    mentions = func.count(Mention.id)
    query = (
        select(
            Report.id,
            Report.original_name,
            Report.source,
            Report.published,
            Report.kind,
            Report.read_status,
            mentions,
        )
        .outerjoin(Mention, Mention.report_id == Report.id)
        .group_by(Report.id)
        .order_by(Report.intake_at, Report.id)
    )
    return [
        {
            "id": rid,
            "file": file_name(name),
            "source": source,
            "published": _iso(published),
            "kind": kind,
            "read_status": status,
            "mentions": count,
        }
        for rid, name, source, published, kind, status, count in session.execute(query)
    ]


def sector_events(
    db_url: str | None, countries: tuple[str, str], sector_km: float = 25.0
) -> list[SectorEvent]:
    """Dated, placed incidents as planner events: weight 1 + casualties (0.5 for a seizure).

    The sector is recomputed from the incident's coordinates with the planner's border and sector length,
    so a plan with 10 km sectors sees the same incidents as the 25 km picture.
    """
    from sarhad.geo.border import load_border
    from sarhad.store.db import session_scope

    border = load_border(countries, sector_km)
    events: list[SectorEvent] = []
    with session_scope(db_url) as session:
        rows = session.execute(
            select(
                Incident.type,
                Incident.date,
                Incident.lat,
                Incident.lon,
                Incident.killed,
                Incident.injured,
                Incident.abducted,
            ).where(Incident.date.is_not(None), Incident.lat.is_not(None))
        ).all()
    for kind, when, lat, lon, killed, injured, abducted in rows:
        base = THREAT_WEIGHTS.get(kind)
        if base is None or when is None or lat is None or lon is None:
            continue
        placement = border.locate(lon, lat)
        if placement.sector_id < 1:
            continue
        weight = base + (killed or 0) + (injured or 0) + (abducted or 0) if base == 1.0 else base
        events.append(SectorEvent(placement.sector_id, when, weight))
    return events
