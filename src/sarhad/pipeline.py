"""The flow after intake: read every stored report not yet read, then re-fuse the picture.

Each new report is read and its mentions stored in its own transaction, so an interrupted run resumes
where it stopped; fusion then rebuilds incidents from all mentions in one transaction. A re-read of
everything builds the new picture beside the old one and swaps it in at once.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from sarhad.faults import crash_point
from sarhad.fuse.incremental import update_picture
from sarhad.fuse.model import MAX_COUNT, MENTION_FIELDS
from sarhad.fuse.store import fuse_session
from sarhad.store.db import ROW_REFUSED, get_engine, resolve_url
from sarhad.store.locks import claim_for_fusion, picture_lock
from sarhad.store.models import Incident, Mention, Report

if TYPE_CHECKING:
    from sarhad.read.model import Article

log = logging.getLogger(__name__)


class ArticleReader(Protocol):
    def read(
        self,
        text: str,
        published: dt.date | None,
        file: str = "",
        title: str | None = None,
        url: str | None = None,
    ) -> Article: ...


@dataclass
class ProcessSummary:
    read: int = 0
    unreadable: int = 0
    off_topic: int = 0
    mentions: int = 0
    incidents: int = 0
    fusion_seconds: float = 0.0  # the time fusion took (incremental when only new reports were read)
    incremental: bool = False


def default_reader(border: str | None = None) -> ArticleReader:
    """The reader of ``border`` ("PK,IR"; the default border when None)."""
    from sarhad.read.reader import Reader  # the reader loads its gazetteer and lexicons once

    return Reader(border)


def plausible(name: str, value: object) -> object:
    """Counts outside 0..MAX_COUNT are dropped rather than stored (the database column is 32-bit)."""
    if name in ("killed", "injured", "abducted", "released") and isinstance(value, int):
        return value if 0 <= value <= MAX_COUNT else None
    return value


def mention_rows(article: Article) -> list[dict[str, Any]]:
    """The mention table's rows for what the reader found (JSON-safe, so a re-read can stage them)."""
    return [
        {
            "ordinal": ordinal,
            "acled_sub_event_type": event.acled_sub_event_type,
            "sector_id": event.sector,
            "confidence": event.confidence,
            "spans": {name: span.to_json() for name, span in event.spans.items()},
            "border": article.border,
            **{name: plausible(name, getattr(event, name)) for name in MENTION_FIELDS},
        }
        for ordinal, event in enumerate(article.events)
    ]


def store_mentions(
    session: Session,
    report: Report,
    rows: list[dict[str, Any]],
    status: str,
    note: str | None,
    years: list[int] | None = None,
) -> None:
    """Replace the report's mentions with ``rows`` and record how it was read."""
    session.execute(delete(Mention).where(Mention.report_id == report.id))
    session.add_all(Mention(report_id=report.id, **row) for row in rows)
    report.read_at = dt.datetime.now(dt.UTC)
    report.read_status = status
    report.read_note = note
    report.named_years = years


def store_article(session: Session, report: Report, article: Article) -> int:
    """Replace the report's mentions with what the reader found; returns how many were stored."""
    rows = mention_rows(article)
    store_mentions(session, report, rows, article.status, article.reason, article.years)
    return len(rows)


def read_one(session: Session, reader: ArticleReader, report_id: str, summary: ProcessSummary) -> None:
    """Read one report and commit its mentions; whatever goes wrong marks it unreadable, with the reason,
    so one bad report can never block the reports behind it (nor fusion)."""
    report = session.get(Report, report_id)
    if report is None:
        return
    try:
        article = reader.read(
            report.text, report.published, Path(report.original_name).name, report.title, report.url
        )
        stored = store_article(session, report, article)
        session.commit()
    except Exception as exc:  # noqa: BLE001 - a reader bug must cost one report, never the run
        session.rollback()
        log.warning("report %s could not be read: %s: %s", report_id, type(exc).__name__, exc)
        mark_unreadable(session, report_id, f"reader error: {type(exc).__name__}: {exc}")
        summary.unreadable += 1
        return
    summary.mentions += stored
    summary.read += 1
    summary.off_topic += article.status == "off_topic"
    summary.unreadable += article.status == "unreadable"


def mark_unreadable(session: Session, report_id: str, reason: str) -> None:
    session.execute(
        update(Report)
        .where(Report.id == report_id)
        .values(read_at=dt.datetime.now(dt.UTC), read_status="unreadable", read_note=reason[:2000])
    )
    session.commit()


def process(
    db_url: str | None = None,
    reader: ArticleReader | None = None,
    reread: bool = False,
    on_report: Callable[[int, int], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    workers: int = 1,
    border: str | None = None,
) -> ProcessSummary:
    """Read what has not been read (everything, with ``reread``), then fuse all mentions. Without a
    ``reader``, reports are read for ``border`` ("AF,PK"; the default border when None).

    Holds the picture lock throughout, so a second ingest or process waits rather than reading the same
    reports under this one's fusion (``on_wait`` is told when it must wait)."""
    url = resolve_url(db_url)
    with picture_lock(url, on_wait):
        if reread:
            return reread_all(url, reader or default_reader(border), on_report)
        return read_new(url, reader, on_report, workers, border)


# Below this many reports, starting readers in other processes (each loads its gazetteer) costs more than
# it saves.
PARALLEL_FROM = 200


def read_new(
    url: str,
    reader: ArticleReader | None,
    on_report: Callable[[int, int], None] | None,
    workers: int = 1,
    border: str | None = None,
) -> ProcessSummary:
    """Each new report is read and committed alone, or with ``workers`` processes a batch at a time (an
    interrupted run resumes where it stopped); the new mentions join the picture when fusion commits."""
    factory = sessionmaker(bind=get_engine(url), expire_on_commit=False)
    summary = ProcessSummary()
    with factory() as session:
        pending = list(
            session.scalars(select(Report.id).where(Report.read_at.is_(None)).order_by(Report.intake_at))
        )
        if workers > 1 and reader is None and len(pending) >= PARALLEL_FROM:
            session.rollback()  # no read transaction held while the workers read
            read_in_parallel(session, url, pending, workers, summary, on_report, border)
        else:
            if pending:
                reader = reader or default_reader(border)
            for done, report_id in enumerate(pending, start=1):
                if reader is not None:
                    read_one(session, reader, report_id, summary)
                if on_report:
                    on_report(done, len(pending))
        started = time.perf_counter()
        summary.incremental = update_picture(session) is not None
        summary.fusion_seconds = time.perf_counter() - started
        summary.incidents = session.scalar(select(func.count(Incident.id))) or 0
        session.commit()
    return summary


READ_BATCH = 100


def read_in_parallel(
    session: Session,
    url: str,
    pending: list[str],
    workers: int,
    summary: ProcessSummary,
    on_report: Callable[[int, int], None] | None,
    border: str | None = None,
) -> None:
    """Reports read by ``workers`` processes, a batch each; this process stores each batch in one
    transaction, in order, with a savepoint per report so one that cannot be stored costs only itself."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from sarhad.parallel import ahead

    batches = [pending[i : i + READ_BATCH] for i in range(0, len(pending), READ_BATCH)]
    done = 0
    with ProcessPoolExecutor(workers, mp_context=get_context("spawn")) as pool:
        futures = (pool.submit(read_batch, url, batch, border) for batch in batches)
        for future in ahead(futures, 2 * workers):
            staged, counts = future.result()
            store_staged(session, staged)
            session.commit()
            for name in ("read", "mentions", "off_topic", "unreadable"):
                setattr(summary, name, getattr(summary, name) + getattr(counts, name))
            done += len(staged)
            if on_report:
                on_report(done, len(pending))


def store_staged(session: Session, staged: list[dict[str, Any]]) -> None:
    """A batch of reading results, in the open transaction: reports with nothing found (most of a news
    day) in one statement, the others with a savepoint each so one that cannot be stored costs only itself
    (as does every report of the batch, if the one statement fails)."""
    found = [record for record in staged if record["rows"]]
    empty = [record for record in staged if not record["rows"]]
    if empty:
        try:
            with session.begin_nested():
                session.execute(update(Report), [_status(record) for record in empty])
        except ROW_REFUSED:  # then each on its own, below, so only the one refused is lost
            found = staged
    for record in found:
        try:
            with session.begin_nested():
                swap_in(session, record)
        except ROW_REFUSED as exc:  # refused by the database or its driver: this report alone
            log.warning("report %s could not be stored: %s: %s", record["id"], type(exc).__name__, exc)
            record.update(status="unreadable", note=f"store error: {type(exc).__name__}", rows=[])
            mark_unreadable(session, record["id"], f"store error: {type(exc).__name__}: {exc}")


def _status(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"],
        "read_at": dt.datetime.now(dt.UTC),
        "read_status": record["status"],
        "read_note": record["note"],
        "named_years": record.get("years"),
    }


_WORKER_READERS: dict[str | None, ArticleReader] = {}


def read_batch(
    url: str, report_ids: list[str], border: str | None = None
) -> tuple[list[dict[str, Any]], ProcessSummary]:
    """In a worker process: read these reports from its own connection, as JSON-safe staged records
    (the form ``reread_all`` stages), with what was found."""
    reader = _WORKER_READERS.get(border)
    if reader is None:
        reader = _WORKER_READERS[border] = default_reader(border)
    counts = ProcessSummary()
    factory = sessionmaker(bind=get_engine(url), expire_on_commit=False)
    with factory() as session:
        columns = (Report.id, Report.text, Report.published, Report.original_name, Report.title, Report.url)
        found = {row.id: row for row in session.execute(select(*columns).where(Report.id.in_(report_ids)))}
    staged = [stage_one(reader, found[rid], counts) for rid in report_ids if rid in found]
    return [json.loads(json.dumps(record, default=str)) for record in staged], counts


def reread_all(
    url: str, reader: ArticleReader, on_report: Callable[[int, int], None] | None
) -> ProcessSummary:
    """Read every report again beside the current picture, then swap the new mentions and the new
    incidents in with one transaction: readers see the old picture, whole, until it commits, and a crash
    before then leaves the old picture as it was. What the reader finds is staged in a temporary file
    rather than in memory, so a large store re-reads in flat memory."""
    summary = ProcessSummary()
    factory = sessionmaker(bind=get_engine(url), expire_on_commit=False)
    with tempfile.TemporaryFile("w+", encoding="utf-8") as staged, factory() as session:
        ids = list(session.scalars(select(Report.id).order_by(Report.intake_at, Report.id)))
        session.rollback()  # end the listing's read transaction before the swap begins its own
        for done, report_id in enumerate(ids, start=1):
            report = session.get(Report, report_id)
            assert report is not None  # ids were listed in this run, and reports are never deleted
            staged.write(json.dumps(stage_one(reader, report, summary), default=str) + "\n")
            crash_point("reread-staged")
            session.rollback()  # end the read transaction: no snapshot is held across the whole re-read
            if on_report:
                on_report(done, len(ids))
        staged.seek(0)
        with session.begin():
            claim_for_fusion(session)
            for line in staged:
                swap_in(session, json.loads(line))
                crash_point("reread-swapping")
            summary.incidents = len(fuse_session(session))
            crash_point("reread-fused")
    return summary


class Readable(Protocol):
    """What reading needs of a stored report (a Report, or a row of just these columns)."""

    id: str
    text: str
    published: dt.date | None
    original_name: str
    title: str | None
    url: str | None


def stage_one(reader: ArticleReader, report: Readable, summary: ProcessSummary) -> dict[str, Any]:
    """What the reader makes of one stored report, as a JSON-safe record; errors cost this report only."""
    report_id = report.id
    try:
        article = reader.read(
            report.text, report.published, Path(report.original_name).name, report.title, report.url
        )
        rows = mention_rows(article)
    except Exception as exc:  # noqa: BLE001 - a reader bug must cost one report, never the run
        log.warning("report %s could not be read: %s: %s", report_id, type(exc).__name__, exc)
        summary.unreadable += 1
        return {
            "id": report_id,
            "status": "unreadable",
            "note": f"reader error: {type(exc).__name__}: {exc}"[:2000],
            "rows": [],
        }
    summary.read += 1
    summary.mentions += len(rows)
    summary.off_topic += article.status == "off_topic"
    summary.unreadable += article.status == "unreadable"
    return {
        "id": report_id,
        "status": article.status,
        "note": article.reason,
        "rows": rows,
        "years": article.years,
    }


def swap_in(session: Session, staged: dict[str, Any]) -> None:
    report = session.get(Report, staged["id"])
    if report is None:
        return
    rows = [{**row, "date": _day(row.get("date"))} for row in staged["rows"]]
    store_mentions(session, report, rows, staged["status"], staged["note"], staged.get("years"))


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
