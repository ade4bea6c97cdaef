"""The node's audit log: append-only and hash-chained, so an entry edited, removed or reordered in the
database is found by :func:`verify`.

Each entry's hash covers its own fields and the previous entry's hash (the first entry follows
``GENESIS``). Appends are serialised: PostgreSQL by a transaction-scoped advisory lock, SQLite by the write
lock that :func:`sarhad.store.db.session_scope` takes for writers. The primary key on ``seq`` makes a fork
in the chain impossible even if a caller forgets.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, insert, select, text
from sqlalchemy.orm import Session

from sarhad.canonical import canonical
from sarhad.store.models import AuditEntry

GENESIS = "0" * 64
AUDIT_LOCK = 0x5A41  # PostgreSQL advisory lock key held while appending
DOMAIN = b"sarhad-audit-v1\n"
MAX_FIELD = 200


def entry_hash(
    seq: int,
    at: str,
    actor: str,
    action: str,
    record_kind: str | None,
    record_id: str | None,
    detail: str,
    prev_hash: str,
) -> str:
    body = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "record_kind": record_kind,
        "record_id": record_id,
        "detail": detail,
        "prev": prev_hash,
    }
    return hashlib.sha256(DOMAIN + canonical(body)).hexdigest()


def _clip(value: str | None) -> str | None:
    return None if value is None else value[:MAX_FIELD]


def append(
    session: Session,
    actor: str,
    action: str,
    record_kind: str | None = None,
    record_id: str | None = None,
    detail: dict[str, Any] | None = None,
    defer: bool = False,
) -> str:
    """Add one entry at the head of the chain, in the caller's transaction (it lands or not with it);
    returns its hash. ``defer`` keeps the row until :func:`write_deferred` (or the next append that must
    read the head), so a batch of entries is written with one statement."""
    if session.get_nested_transaction() is not None and session.info.get(DEFERRED):
        # A savepoint that rolled back would take the deferred entries with it: a programming error.
        raise RuntimeError("audit entries are deferred: append inside a savepoint only after write_deferred")
    seq, prev = _head(session)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    detail_text = canonical(detail or {}).decode()
    actor, record_id = _clip(actor) or "", _clip(record_id)
    digest = entry_hash(seq, at, actor, action, record_kind, record_id, detail_text, prev)
    row = {"seq": seq, "at": at, "actor": actor, "action": action, "record_kind": record_kind,
           "record_id": record_id, "detail": detail_text, "prev_hash": prev, "hash": digest}  # fmt: skip
    if defer:
        session.info.setdefault(DEFERRED, []).append(row)
    else:
        write_deferred(session)
        session.execute(insert(AuditEntry), [row])  # Core: no ORM bookkeeping per entry
    session.info[HEAD] = (_transaction(session), seq, digest)
    return digest


DEFERRED = "sarhad.audit.deferred"


def write_deferred(session: Session) -> None:
    """Write the deferred entries of this transaction (done at the latest when it commits)."""
    rows = session.info.pop(DEFERRED, None)
    if rows:
        session.execute(insert(AuditEntry), rows)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if session.get_nested_transaction() is None:  # the real commit, not a savepoint's release
        write_deferred(session)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: Any) -> None:
    """When the outermost transaction ends (committed or rolled back), what it deferred and remembered
    goes with it; a savepoint's end leaves the outer transaction's entries alone."""
    if transaction.parent is None:
        session.info.pop(DEFERRED, None)
        session.info.pop(HEAD, None)


HEAD = "sarhad.audit.head"


def _transaction(session: Session) -> object:
    """The innermost transaction: a head remembered inside a savepoint is forgotten when it ends."""
    return session.get_nested_transaction() or session.get_transaction()


def _head(session: Session) -> tuple[int, str]:
    """The next sequence number and the hash to chain to. Within one transaction, which holds the lock
    that serialises appends, the head is remembered rather than read again for every entry."""
    cached = session.info.get(HEAD)
    if cached is not None and cached[0] is _transaction(session):
        return cached[1] + 1, cached[2]
    write_deferred(session)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK})
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (last[0] + 1, last[1]) if last else (1, GENESIS)


@dataclass(frozen=True)
class Finding:
    """One break in the chain, at the entry where it shows."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"entry {self.seq}: {self.problem}"


@dataclass(frozen=True)
class Verdict:
    entries: int
    head: str
    findings: list[Finding]

    @property
    def intact(self) -> bool:
        return not self.findings


def _entries(session: Session, batch: int = 2000) -> Iterator[AuditEntry]:
    after = 0
    while True:
        rows = list(
            session.scalars(
                select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(batch)
            )
        )
        if not rows:
            return
        yield from rows
        after = rows[-1].seq
        session.expunge_all()


def verify(session: Session) -> Verdict:
    """Walk the chain from the start; every entry must follow the one before and match its own hash."""
    findings: list[Finding] = []
    prev, expected, count = GENESIS, 1, 0
    for row in _entries(session):
        count += 1
        if row.seq != expected:
            findings.append(Finding(row.seq, f"entries {expected}–{row.seq - 1} are missing"))
        if row.prev_hash != prev:
            findings.append(
                Finding(row.seq, "does not follow the entry before it (removed, reordered or edited)")
            )
        recomputed = entry_hash(
            row.seq, row.at, row.actor, row.action, row.record_kind, row.record_id, row.detail, row.prev_hash
        )
        if recomputed != row.hash:
            findings.append(Finding(row.seq, "its content no longer matches its hash (edited)"))
        prev, expected = row.hash, row.seq + 1
    return Verdict(count, prev, findings)


def entry_to_dict(row: AuditEntry) -> dict[str, Any]:
    return {
        "seq": row.seq,
        "at": row.at,
        "actor": row.actor,
        "action": row.action,
        "record_kind": row.record_kind,
        "record_id": row.record_id,
        "detail": json.loads(row.detail),
        "hash": row.hash,
    }


def recent(
    session: Session, limit: int = 100, action: str | None = None, before: int | None = None
) -> list[dict[str, Any]]:
    query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    if before:
        query = query.where(AuditEntry.seq < before)
    return [entry_to_dict(row) for row in session.scalars(query)]
