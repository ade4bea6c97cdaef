"""Reports and mentions written straight to the store, then fused: exchange tests choose exactly which
source says what, with which releasability, without depending on the reader."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from sarhad.fuse.store import fuse_session
from sarhad.store.db import session_scope
from sarhad.store.models import Mention, Report


@dataclass(frozen=True)
class Planted:
    """One source of one event: its text holds every span, and ``values`` are the mention's fields."""

    text: str
    values: dict[str, Any]
    spans: dict[str, str] = field(default_factory=dict)  # field -> words of the text
    kind: str = "news"
    releasability: str = "public"
    source: str = "Outlet"
    title: str | None = None
    url: str | None = None
    published: dt.date | None = None


def plant(db_url: str, sources: list[Planted]) -> list[str]:
    """Store each source as a report with one mention; returns the report ids (fusion not run)."""
    ids = []
    with session_scope(db_url, write=True) as session:
        for source in sources:
            report_id = hashlib.sha256(f"{source.source}|{source.text}".encode()).hexdigest()
            ids.append(report_id)
            if session.get(Report, report_id) is not None:
                continue
            session.add(
                Report(
                    id=report_id,
                    kind=source.kind,
                    source=source.source,
                    title=source.title,
                    url=source.url,
                    published=source.published,
                    text=source.text,
                    raw=source.text.encode(),
                    media_type="text/plain",
                    original_name=f"{source.source}.txt",
                    meta={},
                    releasability=source.releasability,
                    read_at=dt.datetime.now(dt.UTC),
                    read_status="ok",
                )
            )
            spans = {}
            for name, words in source.spans.items():
                start = source.text.index(words)
                spans[name] = {"start": start, "end": start + len(words), "text": words}
            session.add(Mention(report_id=report_id, ordinal=0, spans=spans, confidence=0.9, **source.values))
    return ids


def fuse(db_url: str) -> None:
    with session_scope(db_url, write=True) as session:
        fuse_session(session)


def incident_of(db_url: str, report_id: str) -> str:
    with session_scope(db_url) as session:
        found = session.scalars(select(Mention.incident_id).where(Mention.report_id == report_id)).first()
    assert found, f"report {report_id[:12]} is in no incident"
    return found
