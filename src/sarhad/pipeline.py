"""The flow after intake: read every stored report not yet read, then re-fuse the picture.

Each report is read and its mentions stored in its own transaction, so an interrupted run resumes where it
stopped; fusion then rebuilds incidents from all mentions in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from sarhad.fuse.model import MENTION_FIELDS
from sarhad.fuse.store import fuse_session
from sarhad.store.db import get_engine
from sarhad.store.models import Mention, Report

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


def default_reader() -> ArticleReader:
    from sarhad.read.reader import Reader  # the reader loads its gazetteer and lexicons once

    return Reader()


MAX_COUNT = 100_000  # no border incident has more victims; larger numbers are misreadings (or hostile input)


def plausible(name: str, value: object) -> object:
    """Counts outside 0..MAX_COUNT are dropped rather than stored (the database column is 32-bit)."""
    if name in ("killed", "injured", "abducted", "released") and isinstance(value, int):
        return value if 0 <= value <= MAX_COUNT else None
    return value


def store_article(session: Session, report: Report, article: Article) -> int:
    """Replace the report's mentions with what the reader found; returns how many were stored."""
    session.execute(delete(Mention).where(Mention.report_id == report.id))
    for ordinal, event in enumerate(article.events):
        session.add(
            Mention(
                report_id=report.id,
                ordinal=ordinal,
                acled_sub_event_type=event.acled_sub_event_type,
                sector_id=event.sector,
                distance_km=event.distance_km,
                confidence=event.confidence,
                spans={name: span.to_json() for name, span in event.spans.items()},
                **{name: plausible(name, getattr(event, name)) for name in MENTION_FIELDS},
            )
        )
    report.read_at = dt.datetime.now(dt.UTC)
    report.read_status = article.status
    report.read_note = article.reason
    return len(article.events)


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
    except Exception as exc:
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
) -> ProcessSummary:
    """Read what has not been read (everything, with ``reread``), then fuse all mentions."""
    factory = sessionmaker(bind=get_engine(db_url), expire_on_commit=False)
    summary = ProcessSummary()
    with factory() as session:
        if reread:
            session.execute(update(Report).values(read_at=None))
            session.commit()
        pending = list(
            session.scalars(select(Report.id).where(Report.read_at.is_(None)).order_by(Report.intake_at))
        )
        if pending:
            reader = reader or default_reader()
        for done, report_id in enumerate(pending, start=1):
            if reader is not None:
                read_one(session, reader, report_id, summary)
            if on_report:
                on_report(done, len(pending))
        summary.incidents = len(fuse_session(session))
        session.commit()
    return summary
