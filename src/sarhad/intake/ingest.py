"""Store reports: every input found under the given paths, a batch of reports per transaction.

A report is committed before anything reads it, and its id is its content hash, so an ingest that is
killed half-way can simply be run again: what was stored stays, nothing is stored twice. A batch the
database refuses is stored again one report at a time, so a bad report costs only itself.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sarhad.intake import DEFAULT_MAX_BYTES
from sarhad.intake.parse import IntakeProblem, RawReport, display_name, parse_file
from sarhad.share.policy import default_for
from sarhad.store.db import ROW_REFUSED, get_engine
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


def discover(paths: Iterable[Path], follow_links: bool = False) -> Iterator[Path | IntakeProblem]:
    """Files named directly, and every non-hidden file under named folders, in a stable order.

    Inside a folder a symbolic link is followed only when it stays in that folder, unless
    ``follow_links``: a link out of it is how a system file ends up stored as a report. Every entry that
    is skipped is named with its reason (dangling link, loop, FIFO...)."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, follow_links)
        elif path.is_file():
            yield path
        else:
            yield IntakeProblem(display_name(path), _not_a_file(path))


def _walk(root: Path, follow_links: bool) -> Iterator[Path | IntakeProblem]:
    """Depth first in name order, without recursion (folders may nest deeper than Python's stack)."""
    base = root.resolve()
    visited = {base}
    stack = [iter(_entries(root))]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, IntakeProblem):
            yield entry
            continue
        kind = _classify(entry, base, follow_links)
        if kind == "file":
            yield entry
        elif kind == "folder":
            real = entry.resolve()
            if real not in visited:
                visited.add(real)
                stack.append(iter(_entries(entry)))
            elif entry.is_symlink():
                yield IntakeProblem(display_name(entry), "symbolic link to a folder already read (a loop)")
        else:
            yield IntakeProblem(display_name(entry), kind)


def _entries(folder: Path) -> list[Path | IntakeProblem]:
    try:
        names = sorted(name for name in os.listdir(folder) if not name.startswith("."))
    except OSError as exc:
        return [IntakeProblem(display_name(folder), f"cannot list folder: {exc.strerror or exc}")]
    return [folder / name for name in names]


def _classify(path: Path, base: Path, follow_links: bool) -> str:
    """ "file", "folder", or why the entry is skipped."""
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return "dangling symbolic link"
        except (RuntimeError, OSError):
            return "symbolic link loop"
        if not follow_links and not target.is_relative_to(base):
            return "symbolic link out of the folder, not followed (use --follow-links to follow it)"
    if path.is_dir():
        return "folder"
    if path.is_file():
        return "file"
    return _not_a_file(path)


def _not_a_file(path: Path) -> str:
    if path.is_symlink() and not path.exists():
        return "dangling symbolic link"
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"))
    kind = next((name for test, name in kinds if test(mode)), "a device" if stat.S_ISBLK(mode) else "special")
    return f"not a regular file ({kind})"


STORE_BATCH = 500  # reports per transaction: one commit per report cost most of intake's time


_last_intake = dt.datetime.min.replace(tzinfo=dt.UTC)


def next_intake() -> dt.datetime:
    """Now, but always after the previous report's intake: arrival order (intake time) is the order
    reports were found in, even for a batch stored within one microsecond, so fusion founds the same
    incidents on every run."""
    global _last_intake
    _last_intake = max(dt.datetime.now(dt.UTC), _last_intake + dt.timedelta(microseconds=1))
    return _last_intake


def report_row(report: RawReport, report_id: str, settings: dict[str, Any]) -> dict[str, Any]:
    """The report table's values for one report; one that does not say who may see it gets the node's
    default for its kind."""
    return {
        "id": report_id,
        "kind": report.kind,
        "source": report.source,
        "url": report.url,
        "title": report.title,
        "published": report.published,
        "language": report.language,
        "text": report.text,
        "raw": report.raw,
        "media_type": report.media_type,
        "original_name": report.original_name,
        "meta": report.meta,
        "releasability": report.releasability or default_for(report.kind, settings),
    }


def store_report(session: Session, report: RawReport) -> bool:
    """Insert one report in its own transaction; False when the same content is already stored."""
    report_id = report.content_hash
    if session.get(Report, report_id) is not None:
        return False
    session.add(Report(**report_row(report, report_id, node_settings(session)), intake_at=next_intake()))
    try:
        session.commit()
    except IntegrityError:  # a concurrent ingest stored it first
        session.rollback()
        return False
    return True


def store_batch(
    session: Session, reports: list[RawReport], settings: dict[str, Any]
) -> list[bool | IntakeProblem]:
    """Insert reports in one transaction: for each, True (new), False (already stored, or earlier in the
    batch) or the problem that kept it out. If the database refuses the batch, each report is stored in
    its own transaction instead, so only the bad one fails."""
    ids = [report.content_hash for report in reports]
    stored = set(session.scalars(select(Report.id).where(Report.id.in_(ids))))
    rows: dict[str, dict[str, Any]] = {}
    outcomes: list[bool | IntakeProblem] = []
    for report, report_id in zip(reports, ids, strict=True):
        new = report_id not in stored and report_id not in rows
        if new:
            rows[report_id] = report_row(report, report_id, settings) | {"intake_at": next_intake()}
        outcomes.append(new)
    if not rows:
        return outcomes
    try:
        session.execute(insert(Report), list(rows.values()))
        session.commit()
    except OperationalError:  # the database itself is unavailable: not these reports' fault
        session.rollback()
        raise
    except ROW_REFUSED:  # one report the database refuses, or a concurrent ingest: each on its own
        session.rollback()
        return [guarded_store(session, report) for report in reports]
    return outcomes


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
        batch = Batch(session, node_settings(session), summary, on_problem)
        for item in inputs:
            for result in [item] if isinstance(item, IntakeProblem) else guarded_parse(item, max_bytes):
                batch.take(result)
            if on_input:
                on_input(item)
        batch.flush()
    return summary


@dataclass
class Batch:
    """Parsed reports waiting to be stored together (see :data:`STORE_BATCH`), and the tally of what
    became of every input so far."""

    session: Session
    settings: dict[str, Any]
    summary: IngestSummary
    on_problem: Callable[[IntakeProblem], None] | None = None
    pending: list[RawReport] = field(default_factory=list)

    def take(self, result: RawReport | IntakeProblem) -> None:
        """Queue a report (storing the batch once it is full), or record a problem at once."""
        if isinstance(result, RawReport):
            self.pending.append(result)
            if len(self.pending) >= STORE_BATCH:
                self.flush()
        else:
            self.problem(result)

    def flush(self) -> None:
        """Store the queued reports in one transaction and count what became of each."""
        for outcome in store_batch(self.session, self.pending, self.settings) if self.pending else ():
            if isinstance(outcome, IntakeProblem):
                self.problem(outcome)
            else:
                self.summary.new += outcome
                self.summary.duplicate += not outcome
        self.pending.clear()

    def problem(self, found: IntakeProblem) -> None:
        self.summary.failed += 1
        self.summary.failures.append(found)
        record_failure(self.session, found)
        if self.on_problem:
            self.on_problem(found)


def guarded_parse(path: Path, max_bytes: int) -> Iterator[RawReport | IntakeProblem]:
    """parse_file, with any unforeseen error turned into a problem for that file (the rest carries on)."""
    try:
        yield from parse_file(path, max_bytes)
    except Exception as exc:  # noqa: BLE001 - a parser bug must cost one file, never the ingest
        yield IntakeProblem(display_name(path), f"could not be parsed: {type(exc).__name__}: {exc}")


def guarded_store(session: Session, report: RawReport) -> bool | IntakeProblem:
    """store_report; a report the database refuses becomes a recorded problem, the session stays usable."""
    try:
        return store_report(session, report)
    except OperationalError:  # the database itself is unavailable: not this report's fault
        session.rollback()
        raise
    except ROW_REFUSED as exc:  # anything about this report (too deep, too large...) costs it alone
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
