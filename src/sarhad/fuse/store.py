"""Fusion over the database: load every mention, fuse, and write incidents back in one transaction.

Re-fusion is a pure function of the stored mentions and the analysts' corrections, so it is deterministic
and ids are stable: running it twice leaves the same incidents with the same ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import String, cast, delete, insert, or_, select, update
from sqlalchemy.orm import Session, load_only

from sarhad.daterange import EARLIEST, LATEST, named_years, within
from sarhad.events import FAMILIES
from sarhad.fuse import FusedIncident, FusionMention, MentionKey, finish, index_store, neardup, no_cyclic_gc
from sarhad.fuse.agree import conflicts
from sarhad.fuse.choose import link_cases
from sarhad.fuse.cluster import Clusterer, order_key
from sarhad.fuse.index_store import chunks
from sarhad.fuse.model import (
    ACLED_GEO_PRECISION,
    MAX_COUNT,
    MENTION_FIELDS,
    PRECISIONS,
    SOURCED_FIELDS,
    admissible,
)
from sarhad.fuse.roles import roles_of
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
from sarhad.wording import summary

OFFICIAL_KINDS = {"field_report", "liaison"}
CASE_TYPES = ("abduction", "hostage_release")
CORRECTION_ACTIONS = ("merge", "split", "pin")


class CorrectionError(ValueError):
    """An analyst correction that cannot apply (unknown incident, field or mention)."""


# The report columns fusion needs: never its text or raw bytes, which are most of a report's size.
REPORT_COLUMNS = (
    Report.source,
    Report.kind,
    Report.origin,
    Report.published,
    Report.intake_at,
    Report.named_years,
    Report.releasability,
)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def arrival_of(report: Report) -> int:
    """The report's place in arrival order (microseconds since 1970 of its intake; ties go by report id)."""
    return (aware(report.intake_at) - EPOCH) // dt.timedelta(microseconds=1)


def arrival_position(report: Report) -> tuple[dt.datetime, str]:
    return aware(report.intake_at), report.id


def read_reports(session: Session, ids: Iterable[str] | None = None) -> dict[str, Report]:
    """Read reports (only the columns fusion needs), all of them or those with these ids."""
    query = select(Report).options(load_only(*REPORT_COLUMNS)).where(Report.read_at.is_not(None))
    if ids is None:
        return {r.id: r for r in session.scalars(query)}
    found: dict[str, Report] = {}
    for part in chunks(sorted(set(ids))):
        found.update((r.id, r) for r in session.scalars(query.where(Report.id.in_(part))))
    return found


def load_mentions(session: Session) -> tuple[list[FusionMention], dict[str, Report]]:
    reports = read_reports(session)
    mentions = []
    for row in session.scalars(select(Mention).order_by(Mention.report_id, Mention.ordinal)):
        report = reports.get(row.report_id)
        if report is None:
            continue
        mentions.append(to_fusion_mention(row, report, arrival_of(report)))
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
        intake=aware(report.intake_at).date() if report.intake_at else None,
        report_years=frozenset(report.named_years or ()),
        arrival=arrival,
        db_id=row.id,
        **{name: getattr(row, name) for name in MENTION_FIELDS},
    )


Corrections = tuple[list[list[str]], list[list[str]], list[dict[str, Any]]]


def load_corrections(session: Session) -> Corrections:
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
    """Rebuild the whole picture in the session's transaction; readers see the old one until it commits.
    It also rebuilds what incremental fusion keeps (fuse.index_store), so the next report can be added
    without this. Callers hold the picture lock (sarhad.store.locks) when they also read reports."""
    claim_for_fusion(session)
    backfill_named_years(session)
    mentions, reports = load_mentions(session)
    index_store.clear(session)
    near_dups = signatures_and_pairs(session, sorted({m.key.report_id for m in mentions}))
    clusterer = Clusterer(near_dups, record=True)
    with no_cyclic_gc():
        for mention in sorted((admissible(m) for m in mentions), key=order_key):
            clusterer.place(mention)
    raw = {m.key: c.id for c in clusterer.clusters.values() for m in c.mentions}
    assert clusterer.index.filings is not None
    index_store.save_filings(session, clusterer.index.filings)
    incidents = finish(list(clusterer.clusters.values()), near_dups, *load_corrections(session))
    clear_incidents(session)
    write_incidents(session, incidents, reports, raw)
    last = max((arrival_position(r) for r in reports.values()), default=None)
    index_store.set_fused_through(session, last)
    return incidents


def backfill_named_years(session: Session) -> None:
    """Reports read before Sarhad kept the years a text names (upgraded stores, reports shared by the
    other party) get them from their text once, so their undated events are judged as a fresh read
    would judge them (fuse.cluster.supported)."""
    unknown = or_(Report.named_years.is_(None), cast(Report.named_years, String) == "null")  # SQL, JSON null
    missing = select(Report.id).where(unknown, Report.id.in_(select(Mention.report_id).distinct()))
    ids = list(session.scalars(missing))
    for part in chunks(ids):
        rows = session.execute(select(Report.id, Report.text).where(Report.id.in_(part))).all()
        session.execute(update(Report), [{"id": rid, "named_years": named_years(text)} for rid, text in rows])


def signatures_and_pairs(session: Session, report_ids: list[str]) -> set[frozenset[str]]:
    """Sign every report (its text streamed, never all held), store the signatures, return the pairs."""
    index = neardup.Index()
    pairs: set[frozenset[str]] = set()
    for part in chunks(report_ids):
        for rid, text in session.execute(select(Report.id, Report.text).where(Report.id.in_(part))):
            pairs.update(frozenset((rid, other)) for other in index.add(rid, neardup.signature(text)))
    index_store.save_signatures(session, index.signatures)
    index_store.save_pairs(session, pairs)
    return pairs


def clear_incidents(session: Session, ids: Sequence[str] | None = None) -> None:
    """Remove incidents (all, or these) and unlink their mentions, with bulk statements."""
    plain = {"synchronize_session": False}  # bulk statements: nothing in the session needs updating
    if ids is None:
        session.execute(update(Mention).values(incident_id=None), execution_options=plain)
        session.execute(delete(IncidentField), execution_options=plain)
        session.execute(delete(Incident), execution_options=plain)
        return
    for part in chunks(ids):
        session.execute(
            update(Mention).where(Mention.incident_id.in_(part)).values(incident_id=None),
            execution_options=plain,
        )
        session.execute(
            delete(IncidentField).where(IncidentField.incident_id.in_(part)), execution_options=plain
        )
        session.execute(delete(Incident).where(Incident.id.in_(part)), execution_options=plain)


def write_incidents(
    session: Session,
    incidents: Sequence[FusedIncident],
    reports: dict[str, Report],
    raw: dict[MentionKey, str],
    relink: bool = True,
) -> None:
    """Insert ``incidents`` (their old rows are gone) with bulk statements, link their mentions to them
    and to the cluster fusion built before corrections (``raw``), then link hostage cases again."""
    decisions = releasability_decisions(session)
    session.add_all(incident_row(incident, reports, decisions) for incident in incidents)
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
            {"id": m.db_id, "incident_id": incident.id, "cluster_id": raw.get(m.key)}
            for m in incident.mentions
            if m.db_id is not None
        )
    if field_rows:
        session.execute(insert(IncidentField), field_rows)
    if links:  # ORM bulk UPDATE by primary key: one executemany
        session.execute(update(Mention), links)
    if relink:
        relink_cases(session)


def relink_cases(session: Session) -> None:
    """One hostage case per abduction incident, with the releases linked to it (fuse.choose.link_cases),
    recomputed from the stored abductions and releases (few rows, whatever the size of the store); only
    cases and links that changed are written."""
    rows = session.execute(
        select(Incident.id, Incident.type, Incident.date, Incident.perpetrator, Incident.abducted)
        .add_columns(Incident.place, Incident.admin1, Incident.case_id)
        .where(Incident.type.in_(CASE_TYPES))
    ).all()
    light = [
        FusedIncident(
            id=r.id,
            mentions=[],
            chosen={
                "type": r.type,
                "date": r.date,
                "perpetrator": r.perpetrator,
                "abducted": r.abducted,
                "place": r.place,
                "admin1": r.admin1,
            },
        )
        for r in rows
    ]
    link_cases(light)
    cases = write_cases(session, [i for i in light if i.chosen["type"] == "abduction"])
    current = {r.id: r.case_id for r in rows}
    links = [
        {"id": i.id, "case_id": cases.get(i.case_key or "")}
        for i in light
        if current[i.id] != cases.get(i.case_key or "")
    ]
    if links:
        session.execute(update(Incident), links)


def write_cases(session: Session, abductions: Sequence[FusedIncident]) -> dict[str, int]:
    """The hostage case of each abduction, by case key: kept when it still says the same, written when it
    changed, removed when its abduction is gone."""
    wanted: dict[str, dict[str, Any]] = {
        i.case_key: {
            "title": f"Abduction, {i.chosen.get('place') or i.chosen.get('admin1') or 'place unknown'}",
            "opened": i.chosen.get("date"),
            "detail": {"key": i.case_key, "abducted": i.chosen.get("abducted")},
        }
        for i in abductions
        if i.case_key
    }
    cases: dict[str, int] = {}
    for row in session.scalars(select(CaseFile).where(CaseFile.kind == "hostage")):
        key = (row.detail or {}).get("key")
        spec = wanted.get(key) if isinstance(key, str) else None
        if spec is None or key in cases:
            session.delete(row)
            continue
        row.title, row.opened, row.detail = spec["title"], spec["opened"], spec["detail"]
        cases[str(key)] = row.id
    for key, spec in wanted.items():
        if key not in cases:
            row = CaseFile(kind="hostage", **spec)
            session.add(row)
            session.flush()
            cases[key] = row.id
    session.flush()
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


def incident_row(incident: FusedIncident, reports: dict[str, Report], decisions: Decisions) -> Incident:
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
        admin2=chosen["admin2"],
        country=chosen["country"],
        sector_id=chosen["sector"],
        distance_km=chosen["distance_km"],
        side=chosen["side"],
        killed=chosen["killed"],
        injured=chosen["injured"],
        abducted=chosen["abducted"],
        released=chosen["released"],
        perpetrator=chosen["perpetrator"],
        roles=(roles := [role.as_dict() for role in roles_of(chosen)]),
        summary=summary(chosen | {"roles": roles}),
        conflicts=sorted(conflicts(sourced(incident))),
        corroboration=incident.corroboration,
        independent_sources=incident.independent_sources,
        recalled=incident.recalled,
        geo_precision=ACLED_GEO_PRECISION.get(chosen["geo_precision"] or "")
        if chosen["lat"] is not None
        else None,
        releasability=decided_releasability(map(str, (m.key for m in incident.mentions)), decisions)
        or narrowest_releasability(r.releasability for r in own_reports),
        first_reported=first,
        last_updated=max(aware(r.intake_at) for r in own_reports),
    )


def sourced(incident: FusedIncident) -> dict[str, list[dict[str, Any]]]:
    """The incident's sourced values in the shape fuse.agree reads (field -> values with their mention)."""
    by_field: dict[str, list[dict[str, Any]]] = {}
    for item in incident.values:
        by_field.setdefault(item.field, []).append(
            {"value": item.value, "mention": str(item.key), "span": item.span}
        )
    return by_field


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


PIN_LENGTHS = {"admin1": 100, "admin2": 100, "perpetrator": 200, "parties": 200, "place": 500}  # the columns'
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
    elif isinstance(value, str) and len(value) > PIN_LENGTHS.get(field, 2000):
        raise CorrectionError(f"{field} holds at most {PIN_LENGTHS.get(field, 2000)} characters")
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
