"""Store reports: every input found under the given paths, one transaction per report.

A report is committed before anything reads it, and its id is its content hash, so an ingest that is
killed half-way can simply be run again: what was stored stays, nothing is stored twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from sarhad.intake.parse import DEFAULT_MAX_BYTES, IntakeProblem, RawReport, display_name, parse_file
from sarhad.share.policy import default_for
from sarhad.store.db import get_engine
from sarhad.store.models import IntakeFailure, NodeIdentity, Report


@dataclass
class IngestSummary:
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    failures: list[IntakeProblem] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "failed": self.failed,
            "failures": [
                {"input": p.input, "line": p.line, "reason": p.reason}
                if p.line
                else {"input": p.input, "reason": p.reason}
                for p in self.failures
            ],
        }


def discover(paths: Iterable[Path]) -> Iterator[Path | IntakeProblem]:
    """Files named directly, and every non-hidden file under named folders, in a stable order."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in relative.parts):
                    yield child
        elif path.is_file():
            yield path
        elif path.exists():
            yield IntakeProblem(str(path), "not a regular file")
        else:
            yield IntakeProblem(str(path), "no such file or folder")


def store_report(session: Session, report: RawReport) -> bool:
    """Insert one report in its own transaction; False when the same content is already stored.

    A report that does not say who may see it gets the node's default for its kind."""
    report_id = report.content_hash
    if session.get(Report, report_id) is not None:
        return False
    session.add(
        Report(
            id=report_id,
            kind=report.kind,
            source=report.source,
            url=report.url,
            title=report.title,
            published=report.published,
            language=report.language,
            text=report.text,
            raw=report.raw,
            media_type=report.media_type,
            original_name=report.original_name,
            meta=report.meta,
            releasability=report.releasability or default_for(report.kind, node_settings(session)),
        )
    )
    try:
        session.commit()
    except IntegrityError:  # a concurrent ingest stored it first
        session.rollback()
        return False
    return True


def node_settings(session: Session) -> dict[str, Any]:
    node = session.get(NodeIdentity, 1)
    return dict(node.settings or {}) if node else {}


def record_failure(session: Session, problem: IntakeProblem) -> None:
    session.add(IntakeFailure(input=problem.input, line=problem.line, reason=problem.reason))
    session.commit()


def ingest(
    inputs: Iterable[Path | IntakeProblem],
    db_url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_input: Callable[[Path | IntakeProblem], None] | None = None,
    on_problem: Callable[[IntakeProblem], None] | None = None,
) -> IngestSummary:
    """Store every report in ``inputs`` (see :func:`discover`); problems are recorded, never fatal."""
    summary = IngestSummary()
    factory = sessionmaker(bind=get_engine(db_url), expire_on_commit=False)
    with factory() as session:
        for item in inputs:
            for result in [item] if isinstance(item, IntakeProblem) else guarded_parse(item, max_bytes):
                if isinstance(result, RawReport):
                    outcome = guarded_store(session, result)
                    if isinstance(outcome, bool):
                        summary.new += outcome
                        summary.duplicate += not outcome
                        continue
                    result = outcome
                summary.failed += 1
                summary.failures.append(result)
                record_failure(session, result)
                if on_problem:
                    on_problem(result)
            if on_input:
                on_input(item)
    return summary


def guarded_parse(path: Path, max_bytes: int) -> Iterator[RawReport | IntakeProblem]:
    """parse_file, with any unforeseen error turned into a problem for that file (the rest carries on)."""
    try:
        yield from parse_file(path, max_bytes)
    except Exception as exc:  # a parser bug must cost one file, never the ingest
        yield IntakeProblem(display_name(path), f"could not be parsed: {type(exc).__name__}: {exc}")


def guarded_store(session: Session, report: RawReport) -> bool | IntakeProblem:
    """store_report; a report the database refuses becomes a recorded problem, the session stays usable."""
    try:
        return store_report(session, report)
    except (SQLAlchemyError, ValueError, UnicodeError) as exc:
        session.rollback()
        detail = str(exc).splitlines()[0][:300] if str(exc) else ""
        return IntakeProblem(report.original_name, f"could not be stored: {type(exc).__name__}: {detail}")


def list_failures(db_url: str | None = None, limit: int | None = None) -> list[IntakeFailure]:
    factory = sessionmaker(bind=get_engine(db_url), expire_on_commit=False)
    with factory() as session:
        query = select(IntakeFailure).order_by(IntakeFailure.id.desc())
        if limit:
            query = query.limit(limit)
        return list(session.scalars(query))
