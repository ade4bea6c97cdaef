"""Fusion over the database: load every mention, fuse, and write incidents back in one transaction.

Re-fusion is a pure function of the stored mentions and the analysts' corrections, so it is deterministic
and ids are stable: running it twice leaves the same incidents with the same ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from sarhad.daterange import EARLIEST, LATEST, within
from sarhad.fuse import FusedIncident, FusionMention, MentionKey, fuse
from sarhad.fuse.cluster import FAMILIES
from sarhad.fuse.model import ACLED_GEO_PRECISION, MAX_COUNT, MENTION_FIELDS, PRECISIONS, SOURCED_FIELDS
from sarhad.fuse.neardup import near_duplicate_pairs
from sarhad.store import audit
from sarhad.store.locks import claim_for_fusion
from sarhad.store.models import (
    RELEASABILITY,
    CaseFile,
    Correction,
    Incident,
    IncidentField,
    Mention,
    ReleasabilityDecision,
    Report,
)

OFFICIAL_KINDS = {"field_report", "liaison"}
CORRECTION_ACTIONS = ("merge", "split", "pin")


class CorrectionError(ValueError):
    """An analyst correction that cannot apply (unknown incident, field or mention)."""


def load_mentions(session: Session) -> tuple[list[FusionMention], dict[str, Report]]:
    reports = {r.id: r for r in session.scalars(select(Report).where(Report.read_at.is_not(None)))}
    arrival = {rid: n for n, rid in enumerate(sorted(reports, key=lambda r: (reports[r].intake_at, r)))}
    mentions = []
    for row in session.scalars(select(Mention).order_by(Mention.report_id, Mention.ordinal)):
        report = reports.get(row.report_id)
        if report is None:
            continue
        mentions.append(to_fusion_mention(row, report, arrival[row.report_id]))
    return mentions, reports


def to_fusion_mention(row: Mention, report: Report, arrival: int) -> FusionMention:
    return FusionMention(
        key=MentionKey(row.report_id, row.ordinal),
        sector=row.sector_id,
        spans=row.spans or {},
        source=report.source,
        official=report.kind in OFFICIAL_KINDS,
        foreign=report.origin is not None,
        published=report.published,
        arrival=arrival,
        db_id=row.id,
        **{name: getattr(row, name) for name in MENTION_FIELDS},
    )


def load_corrections(session: Session) -> tuple[list[list[str]], list[list[str]], list[dict[str, Any]]]:
    merges: list[list[str]] = []
    splits: list[list[str]] = []
    pins: list[dict[str, Any]] = []
    for row in session.scalars(select(Correction).order_by(Correction.id)):
        if row.action == "merge":
            merges.append(list(row.payload["mentions"]))
        elif row.action == "split":
            splits.append(list(row.payload["mentions"]))
        elif row.action == "pin":
            pins.append(dict(row.payload))
    return merges, splits, pins


def fuse_session(session: Session) -> list[FusedIncident]:
    """Rebuild the picture in the session's transaction; readers see the old one until it commits.

    Callers hold the picture lock (sarhad.store.locks) when they also read reports."""
    claim_for_fusion(session)
    mentions, reports = load_mentions(session)
    texts = ((rid, reports[rid].text) for rid in sorted({m.key.report_id for m in mentions}))
    merges, splits, pins = load_corrections(session)
    incidents = fuse(mentions, near_duplicate_pairs(texts), merges, splits, pins)
    write_incidents(session, incidents, reports)
    return incidents


def clear_incidents(session: Session) -> None:
    plain = {"synchronize_session": False}  # bulk statements: nothing in the session needs updating
    session.execute(update(Mention).values(incident_id=None), execution_options=plain)
    session.execute(delete(IncidentField), execution_options=plain)
    session.execute(delete(Incident), execution_options=plain)
    session.execute(delete(CaseFile).where(CaseFile.kind == "hostage"), execution_options=plain)


def write_incidents(session: Session, incidents: Sequence[FusedIncident], reports: dict[str, Report]) -> None:
    """Replace the stored picture with ``incidents`` using bulk statements (a few per run, not per row)."""
    decisions = releasability_decisions(session)
    clear_incidents(session)
    cases = write_cases(session, incidents)
    session.add_all(
        incident_row(incident, reports, cases.get(incident.case_key or ""), decisions)
        for incident in incidents
    )
    session.flush()
    field_rows: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for incident in incidents:
        by_key = {m.key: m.db_id for m in incident.mentions}
        field_rows.extend(
            {
                "incident_id": incident.id,
                "field": item.field,
                "value": item.value,
                "mention_id": by_key.get(item.key),
                "report_id": item.key.report_id,
                "span": item.span,
                "chosen": item.chosen,
                "rule": "background" if item.background and not item.chosen else item.rule,
            }
            for item in incident.values
        )
        links.extend(
            {"id": m.db_id, "incident_id": incident.id} for m in incident.mentions if m.db_id is not None
        )
    if field_rows:
        session.execute(insert(IncidentField), field_rows)
    if links:  # ORM bulk UPDATE by primary key: one executemany
        session.execute(update(Mention), links)


def write_cases(session: Session, incidents: Sequence[FusedIncident]) -> dict[str, int]:
    """One hostage case per abduction incident, with the releases linked to it."""
    cases: dict[str, int] = {}
    for incident in incidents:
        if incident.case_key and incident.chosen.get("type") == "abduction":
            where = incident.chosen.get("place") or incident.chosen.get("admin1") or "place unknown"
            row = CaseFile(
                kind="hostage",
                title=f"Abduction, {where}",
                opened=incident.chosen.get("date"),
                detail={"key": incident.case_key, "abducted": incident.chosen.get("abducted")},
            )
            session.add(row)
            session.flush()
            cases[incident.case_key] = row.id
    return cases


Decisions = dict[str, tuple[int, str]]  # anchor mention key -> (decision id, releasability)


def releasability_decisions(session: Session) -> Decisions:
    """Liaison officers' decisions on incidents, by the mention each is anchored on (latest per anchor)."""
    rows = session.execute(
        select(ReleasabilityDecision.anchor, ReleasabilityDecision.id, ReleasabilityDecision.releasability)
        .where(ReleasabilityDecision.record_kind == "incident")
        .order_by(ReleasabilityDecision.id)
    )
    return {anchor: (ident, level) for anchor, ident, level in rows if anchor}


def decided_releasability(mention_keys: Iterable[str], decisions: Decisions) -> str | None:
    """The latest decision anchored on any of an incident's mentions, which wins over its sources."""
    found = [decisions[key] for key in mention_keys if key in decisions]
    return max(found)[1] if found else None


def incident_row(
    incident: FusedIncident, reports: dict[str, Report], case_id: int | None, decisions: Decisions
) -> Incident:
    chosen = incident.chosen
    own_reports = [reports[m.key.report_id] for m in incident.mentions]
    first = min(
        dt.datetime.combine(day, dt.time(), dt.UTC) if (day := within(r.published)) else aware(r.intake_at)
        for r in own_reports
    )
    return Incident(
        id=incident.id,
        type=chosen["type"],
        date=chosen["date"],
        date_precision=chosen["date_precision"],
        place=chosen["place"],
        lat=chosen["lat"],
        lon=chosen["lon"],
        admin1=chosen["admin1"],
        country=chosen["country"],
        sector_id=chosen["sector"],
        side=chosen["side"],
        killed=chosen["killed"],
        injured=chosen["injured"],
        abducted=chosen["abducted"],
        released=chosen["released"],
        perpetrator=chosen["perpetrator"],
        corroboration=incident.corroboration,
        independent_sources=incident.independent_sources,
        recalled=incident.recalled,
        geo_precision=ACLED_GEO_PRECISION.get(chosen["geo_precision"] or "")
        if chosen["lat"] is not None
        else None,
        case_id=case_id,
        releasability=decided_releasability(map(str, (m.key for m in incident.mentions)), decisions)
        or narrowest_releasability(r.releasability for r in own_reports),
        first_reported=first,
        last_updated=max(aware(r.intake_at) for r in own_reports),
    )


def acled_precision(chosen: dict[str, Any]) -> int | None:
    """ACLED's 1-3 for the chosen place, when it has coordinates (a place without them is not drawn)."""
    if chosen.get("lat") is None:
        return None
    return ACLED_GEO_PRECISION.get(chosen.get("geo_precision") or "", 3)


def aware(moment: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; everything Sarhad stores is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def narrowest_releasability(levels: Iterable[str]) -> str:
    """An incident is as restricted as its most restricted source: releasability never widens by itself."""
    return min(levels, key=RELEASABILITY.index, default="national")


def record_correction(session: Session, action: str, payload: dict[str, Any], who: str, why: str) -> None:
    if action not in CORRECTION_ACTIONS:
        raise CorrectionError(f"unknown correction {action!r}")
    if not who.strip() or not why.strip():
        raise CorrectionError("a correction needs who made it and why")
    session.add(Correction(action=action, payload=payload, who=who, why=why))
    session.flush()
    record = payload.get("incident") or ",".join(payload.get("incidents", [])) or payload.get("anchor")
    detail = {"why": why, **{k: v for k, v in payload.items() if k in ("field", "value", "incidents")}}
    audit.append(
        session, who if ":" in who else f"cli:{who}", f"correction.{action}", "incident", record, detail
    )


def incident_mention_keys(session: Session, incident_id: str) -> list[str]:
    rows = session.execute(
        select(Mention.report_id, Mention.ordinal).where(Mention.incident_id == incident_id)
    ).all()
    if not rows:
        raise CorrectionError(f"no incident with id {incident_id!r}")
    return [str(MentionKey(r, o)) for r, o in rows]


PINNABLE = tuple(name for name in SOURCED_FIELDS if name != "sector")  # the sector follows the place


def merge_incidents(session: Session, incident_ids: Sequence[str], who: str, why: str) -> list[FusedIncident]:
    """Record that these incidents are one event, then re-fuse."""
    if len(set(incident_ids)) < 2:
        raise CorrectionError("merging needs two or more different incident ids")
    keys = [key for incident_id in incident_ids for key in incident_mention_keys(session, incident_id)]
    record_correction(session, "merge", {"mentions": keys, "incidents": list(incident_ids)}, who, why)
    return fuse_session(session)


def split_incident(
    session: Session, incident_id: str, report_ids: Sequence[str], who: str, why: str
) -> list[FusedIncident]:
    """Record that the given reports' mentions in this incident are another event, then re-fuse."""
    keys = incident_mention_keys(session, incident_id)
    moving = [k for k in keys if any(MentionKey.parse(k).report_id.startswith(r) for r in report_ids)]
    if not moving or len(moving) == len(keys):
        raise CorrectionError("name the reports (id or id prefix) to split off; at least one must stay")
    record_correction(session, "split", {"mentions": moving, "incident": incident_id}, who, why)
    return fuse_session(session)


def checked_pin_value(field: str, value: Any) -> Any:
    """An analyst's value must be one the field can hold: a count, a known type, a plausible date."""
    if field in ("killed", "injured", "abducted", "released"):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_COUNT:
            raise CorrectionError(
                f"{field} must be a whole number of people (0 to {MAX_COUNT:,}), not {value!r}"
            )
    elif field == "type" and value not in FAMILIES:
        raise CorrectionError(f"type must be one of {', '.join(sorted(FAMILIES))}")
    elif field == "country" and not (isinstance(value, str) and len(value) == 2 and value.isalpha()):
        raise CorrectionError("country must be an ISO 3166-1 alpha-2 code such as PK or IR")
    elif field == "date":
        try:
            day = dt.date.fromisoformat(str(value))
        except ValueError as exc:
            raise CorrectionError(f"date must be YYYY-MM-DD, not {value!r}") from exc
        if within(day) is None:
            raise CorrectionError(f"date {value!r} is outside {EARLIEST.year}-{LATEST.year}")
        return str(value)
    elif field == "date_precision" and value not in PRECISIONS:
        raise CorrectionError("date_precision must be day, week, month or year")
    return value.upper() if field == "country" else value


def pin_field(
    session: Session, incident_id: str, field: str, value: Any, who: str, why: str
) -> list[FusedIncident]:
    """Record an analyst's value for one field, which wins over every rule on every re-fusion."""
    if field not in PINNABLE:
        raise CorrectionError(f"field {field!r} cannot be pinned; choose one of {', '.join(PINNABLE)}")
    value = checked_pin_value(field, value)
    anchor = incident_mention_keys(session, incident_id)[0]
    payload = {"anchor": anchor, "field": field, "value": value, "incident": incident_id}
    record_correction(session, "pin", payload, who, why)
    return fuse_session(session)
