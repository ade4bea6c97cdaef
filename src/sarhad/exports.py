"""The picture in the field's formats: CSV with ACLED's column names, GeoJSON, JSON. Streamed: rows are
read in batches and written as they come, so a million incidents never sit in memory.

An export is for an audience. ``national`` is this node's picture as it stands. ``bilateral`` is what
the other party may receive: each incident goes through the exchange's own release function
(``share.releasability.release_incident``), so values are chosen again from the sources that may go,
and incidents with none are left out. docs/exports.md documents every column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from itertools import islice
from multiprocessing import get_context
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sarhad.api.queries import IncidentFilter, apply_filter
from sarhad.events import ACLED_EVENT_TYPE, ACLED_OTHER_EVENT_TYPE, ACLED_SUB_EVENT, ACLED_TIME_PRECISION
from sarhad.fuse.index_store import chunks
from sarhad.fuse.roles import roles_of
from sarhad.fuse.store import aware
from sarhad.parallel import ahead
from sarhad.store.db import session_scope
from sarhad.store.models import Incident, Mention, Report
from sarhad.store.queries import file_name
from sarhad.wording import PRINCIPAL_ROLES, summary

Audience = Literal["national", "bilateral"]
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "json": "application/json",
}
BATCH = 1000
# ACLED's columns where they apply, then Sarhad's own (docs/exports.md says what each holds).
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude",
    "geo_precision", "source", "notes", "fatalities", "timestamp",
)  # fmt: skip
SARHAD_COLUMNS = (
    "date_precision", "sarhad_type", "injured", "abducted", "released", "responsible_basis", "sector", "side",
    "distance_km", "releasability", "corroboration", "independent_sources", "recalled", "conflicts",
)  # fmt: skip
COLUMNS = ACLED_COLUMNS + SARHAD_COLUMNS


@dataclass(frozen=True)
class Export:
    audience: Audience
    where: IncidentFilter


# The incident columns a record is made from (not all: parsing unused dates costs time at a million rows).
RECORD_COLUMNS = (
    "id", "type", "date", "date_precision", "place", "lat", "lon", "admin1", "admin2", "country", "sector_id",
    "side", "distance_km", "killed", "injured", "abducted", "released", "roles", "conflicts", "corroboration",
    "independent_sources", "recalled", "geo_precision", "releasability", "last_updated", "summary",
)  # fmt: skip


def query(export: Export, *columns: Any) -> Any:
    """The export's incidents (these columns, default a record's), newest first: one order for every path."""
    chosen = columns or tuple(Incident.__table__.columns[name] for name in RECORD_COLUMNS)
    return apply_filter(select(*chosen), export.where).order_by(Incident.date.desc(), Incident.id)


def rows_of(session: Session, statement: Any) -> Iterator[Any]:
    """A Core query's rows as mappings, streamed a batch at a time, without the ORM's per-row work (which
    cost three times the query itself at a million rows)."""
    connection = session.connection().execution_options(stream_results=True, yield_per=BATCH)
    return iter(connection.execute(statement).mappings())


def batches(session: Session, export: Export) -> Iterator[list[dict[str, Any]]]:
    """Records (``COLUMNS`` plus ``roles``), a thousand at a time."""
    outlets = Outlets(session)
    batch: list[dict[str, Any]] = []
    for values in rows_of(session, query(export)):
        batch.append(dict(values))
        if len(batch) == BATCH:
            yield list(records(session, batch, export.audience, outlets))
            batch = []
    if batch:
        yield list(records(session, batch, export.audience, outlets))


def records(
    session: Session, incidents: list[dict[str, Any]], audience: Audience, outlets: Outlets
) -> Iterator[dict[str, Any]]:
    """The audience's rows of a batch of incidents (the incident table's values as plain dicts): for a
    bilateral audience only what the exchange's release function lets go, so every way out agrees."""
    if audience == "bilateral":
        yield from (record for record, _ in _released(session, incidents))
        return
    sources = outlets.of([i["id"] for i in incidents])
    for values in incidents:
        yield row(values, values.get("roles") or [], sources.get(values["id"], []))


def sourced_records(
    session: Session, incidents: list[dict[str, Any]], audience: Audience, outlets: Outlets
) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """``records``, each with the ids of the reports its values come from (for a bilateral audience, only
    those the release function let go)."""
    if audience == "bilateral":
        yield from _released(session, incidents)
        return
    outlets.keep_reports = True
    sources = outlets.of([i["id"] for i in incidents])
    for values in incidents:
        found = values["id"]
        yield row(values, values.get("roles") or [], sources.get(found, [])), outlets.reports.get(found, [])


@cache
def country_name(iso2: str) -> str:
    """ACLED names countries: Natural Earth's English name, or the code when it has none."""
    from sarhad.geo.naturalearth import country_names

    return next(iter(country_names(iso2)), iso2)


class Outlets:
    """Each incident's sources by outlet: one query per batch, each report's outlet looked up once (per
    export, or per writer process with ``labels`` shared across its batches)."""

    def __init__(
        self, session: Session, labels: dict[str, str] | None = None, keep_reports: bool = False
    ) -> None:
        self.session = session
        self.labels: dict[str, str] = {} if labels is None else labels
        self.keep_reports = keep_reports  # for sourced_records; a plain export need not pay for them
        self.reports: dict[str, list[str]] = {}  # of the last batch: incident -> its reports

    def of(self, ids: Sequence[str]) -> dict[str, list[str]]:
        pairs = (
            self.session.connection()
            .execute(
                select(Mention.incident_id, Mention.report_id).where(Mention.incident_id.in_(ids)).distinct()
            )
            .all()
        )
        unknown = sorted({r for _, r in pairs} - set(self.labels))
        for part in chunks(unknown):
            query = select(Report.id, Report.source, Report.original_name).where(Report.id.in_(part))
            for rid, source, name in self.session.connection().execute(query):
                self.labels[rid] = source or file_name(name)
        found: dict[str, set[str]] = {}
        for incident_id, report_id in pairs:
            found.setdefault(str(incident_id), set()).add(self.labels.get(report_id, "unnamed source"))
        if self.keep_reports:
            self.reports = {}
            for incident_id, report_id in pairs:
                self.reports.setdefault(str(incident_id), []).append(str(report_id))
        return {k: sorted(v) for k, v in found.items()}


def receiver(session: Session) -> str | None:
    """The other party a bilateral audience is (None before a peer is trusted: any other party)."""
    from sarhad.share.identity import NodeError
    from sarhad.share.outbox import the_peer

    try:
        return the_peer(session).party
    except NodeError:
        return None


def _released(
    session: Session, incidents: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """What the other party may receive of each incident, by the exchange's own function, with the
    reports it was chosen from; its time stamp is theirs, not the national sources'."""
    from sarhad.fuse.model import ACLED_GEO_PRECISION
    from sarhad.share.releasability import NotReleasable, release_incident

    to = receiver(session)
    for incident in incidents:
        try:
            shared = release_incident(session, incident["id"], "bilateral", receiver=to).incident
        except NotReleasable:
            continue
        values = shared.model_dump()
        # What the payload does not carry. The sector and the distance to the line are the incident's only
        # when the released point is the incident's own (they follow from the point alone); a point chosen
        # from other sources must not bring the placement that national-only sources gave.
        same_point = (shared.lat, shared.lon) == (incident["lat"], incident["lon"])
        values.update(
            sector_id=incident["sector_id"] if same_point else None,
            distance_km=incident["distance_km"] if same_point else None,
            recalled=incident["recalled"],
            last_updated=last_intake(session, refs := [source.ref for source in shared.sources]),
            independent_sources=None,
            conflicts=None,
        )
        values["geo_precision"] = (
            ACLED_GEO_PRECISION.get(shared.geo_precision or "") if shared.lat is not None else None
        )
        roles = [r.as_dict() for r in roles_of(values)]
        yield row(values, roles, sorted({s.source or "unnamed source" for s in shared.sources})), sorted(refs)


def last_intake(session: Session, report_ids: Sequence[str]) -> dt.datetime | None:
    found = session.connection().execute(select(func.max(Report.intake_at)).where(Report.id.in_(report_ids)))
    latest = found.scalar()
    return aware(latest) if isinstance(latest, dt.datetime) else None


def row(values: dict[str, Any], roles: list[dict[str, Any]], outlets: list[str]) -> dict[str, Any]:
    """An incident's export row from its values (the incident table's names), roles and outlets."""
    kind = str(values["type"])
    date: dt.date | None = values.get("date")
    lead = next((r for r in roles if r.get("role") in PRINCIPAL_ROLES), None)
    parties = [str(r["name"]) for r in roles if r.get("role") == "party"]
    actor1 = str(lead["name"]) if lead else (parties[0] if parties else None)
    others = [p for p in parties if p != actor1]
    target = next((str(r["name"]) for r in roles if r.get("role") in ("target", "freed", "affected")), None)
    updated = values.get("last_updated")
    country = values.get("country")
    return {
        "event_id_cnty": values["id"],
        "event_date": date.isoformat() if date else None,
        "year": date.year if date else None,
        "time_precision": ACLED_TIME_PRECISION.get(values.get("date_precision") or ""),
        "event_type": ACLED_EVENT_TYPE.get(kind, ACLED_OTHER_EVENT_TYPE),
        "sub_event_type": ACLED_SUB_EVENT.get(kind, "Other"),
        "actor1": actor1,
        "assoc_actor_1": "; ".join(others) or None,
        "actor2": target,
        "country": country_name(country) if country else None,
        "admin1": values.get("admin1"),
        "admin2": values.get("admin2"),
        "location": values.get("place"),
        "latitude": values.get("lat"),
        "longitude": values.get("lon"),
        "geo_precision": values.get("geo_precision"),
        "source": "; ".join(outlets) or None,
        "notes": values.get("summary") or summary(values | {"roles": roles}),
        "fatalities": values.get("killed"),
        "timestamp": int(updated.timestamp()) if isinstance(updated, dt.datetime) else None,
        "date_precision": values.get("date_precision"),
        "sarhad_type": kind,
        "injured": values.get("injured"),
        "abducted": values.get("abducted"),
        "released": values.get("released"),
        "responsible_basis": lead.get("basis") if lead else None,
        "sector": values.get("sector_id"),
        "side": values.get("side"),
        "distance_km": round(values["distance_km"], 2) if values.get("distance_km") is not None else None,
        "releasability": values.get("releasability"),
        "corroboration": values.get("corroboration"),
        "independent_sources": values.get("independent_sources"),
        "recalled": values.get("recalled"),
        "conflicts": "; ".join(values.get("conflicts") or ()) or None,
        "roles": roles,
    }


def csv_lines(records: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([record[name] for name in COLUMNS] for record in records)
    return buffer.getvalue()


def geojson_features(records: Iterable[dict[str, Any]]) -> str:
    """Features; incidents without coordinates have a null geometry (valid GeoJSON)."""
    return ",".join(
        json.dumps(
            {
                "type": "Feature",
                "id": r["event_id_cnty"],
                "geometry": {"type": "Point", "coordinates": [r["longitude"], r["latitude"]]}
                if r["longitude"] is not None and r["latitude"] is not None
                else None,
                "properties": r,
            },
            ensure_ascii=False,
        )
        for r in records
    )


def json_records(records: Iterable[dict[str, Any]]) -> str:
    return ",".join(json.dumps(r, ensure_ascii=False) for r in records)


@dataclass(frozen=True)
class Format:
    body: Callable[[Iterable[dict[str, Any]]], str]
    separator: str  # between batches' bodies
    list_key: str | None  # None: CSV (a header line, no envelope)

    def head(self, export: Export) -> str:
        if self.list_key is None:
            return ",".join(COLUMNS) + "\n"
        envelope = {"audience": export.audience, "exported": _now()}
        if self.list_key == "features":
            envelope = {"type": "FeatureCollection", **envelope}
        return json.dumps(envelope)[:-1] + f', "{self.list_key}": ['

    def tail(self) -> str:
        return "" if self.list_key is None else "]}\n"


WRITERS = {
    "csv": Format(csv_lines, "", None),
    "geojson": Format(geojson_features, ",", "features"),
    "json": Format(json_records, ",", "incidents"),
}


def assemble(export: Export, fmt: str, bodies: Iterable[str]) -> Iterator[str]:
    """Head, the batches' bodies with their separators, tail."""
    writer = WRITERS[fmt]
    yield writer.head(export)
    first = True
    for body in bodies:
        if body:
            yield body if first else writer.separator + body
            first = False
    yield writer.tail()


def stream(session: Session, export: Export, fmt: str) -> Iterator[str]:
    """The export, written by this process a batch at a time."""
    body = WRITERS[fmt].body
    return assemble(export, fmt, (body(batch) for batch in batches(session, export)))


def stream_parallel(url: str, export: Export, fmt: str, workers: int) -> Iterator[str]:
    """The export, its batches written by ``workers`` processes and put back in order (at most two batches
    per worker are ever in flight, so memory stays flat)."""
    if workers < 2:
        with session_scope(url) as session:
            yield from stream(session, export, fmt)
        return
    with session_scope(url) as session, ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        ids = (row.id for row in rows_of(session, query(export, Incident.id)))
        futures = (pool.submit(written, url, export, fmt, chunk) for chunk in batched(ids, BATCH))
        yield from assemble(export, fmt, (f.result() for f in ahead(futures, 2 * workers)))


def written(url: str, export: Export, fmt: str, ids: list[str]) -> str:
    """One batch, written by a worker process from its own connection."""
    where = Export(export.audience, IncidentFilter())
    with session_scope(url) as session:
        values = [
            dict(v) for v in session.connection().execute(query(where).where(Incident.id.in_(ids))).mappings()
        ]
        rows = list(records(session, values, export.audience, Outlets(session, _WRITER_LABELS)))
    return WRITERS[fmt].body(rows)


_WRITER_LABELS: dict[str, str] = {}  # report id -> outlet, kept by a writer process across its batches


def batched(items: Iterator[str], size: int) -> Iterator[list[str]]:
    while chunk := list(islice(items, size)):
        yield chunk


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
