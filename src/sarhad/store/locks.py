"""Who may rebuild the picture, one at a time, across processes: the picture lock and fusion's claim.

Storing reports needs no lock (a report's id is its content hash, and a second insert of it is a no-op).
Reading stored reports and fusing them does: two `sarhad ingest` runs that read the same new report at
once would each replace its mentions under the other's fusion. So `process`, the exchange worker's fusion
and the analysts' corrections hold the picture lock: a PostgreSQL advisory lock, or on SQLite an
exclusive flock on a file beside the database. Both are released by the operating system or the server
when the holder dies, so a kill -9 never leaves the picture locked.

Inside the lock, fusion also claims the tables it rewrites for its transaction (:func:`claim_for_fusion`),
so a writer outside the lock (a delivery from the peer) waits for it instead of changing rows under it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from sarhad.store.db import DatabaseError, get_engine, resolve_url

PICTURE_LOCK = 0x5A50  # PostgreSQL advisory lock key of the picture ("ZP")


class Busy(Exception):
    """The picture lock is held by someone else and the caller chose not to wait."""


def _refuse() -> None:
    raise Busy


@contextmanager
def picture_lock(url: str | None, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the picture lock for ``url`` (waiting for it; ``on_wait`` is called once if it must wait,
    and may raise to give up instead, as :func:`unless_busy` does).

    Not re-entrant: take it once, around the whole read-and-fuse, before any transaction begins."""
    resolved = resolve_url(url)
    if make_url(resolved).get_backend_name() == "postgresql":
        with _advisory(resolved, on_wait):
            yield
    else:
        with _flock(lock_file(resolved), on_wait):
            yield


def unless_busy() -> Callable[[], None]:
    """An ``on_wait`` that gives up (raises :class:`Busy`) rather than waits."""
    return _refuse


def lock_file(url: str) -> Path:
    """``<database>.picture-lock`` beside the database file itself, whichever way the URL names it: a
    plain path, a relative one, a ``file:`` URI with a query, or a symbolic link to the file."""
    database = make_url(url).database or ""
    if database.startswith("file:"):
        database = database.removeprefix("file:").split("?", 1)[0]
    real = Path(database).resolve()
    return real.with_name(real.name + ".picture-lock")


@contextmanager
def _flock(path: Path, on_wait: Callable[[], None] | None) -> Iterator[None]:
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        raise DatabaseError(f"cannot create the lock file {path}: {exc.strerror or exc}") from exc
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait:
                on_wait()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing the descriptor releases the lock


@contextmanager
def _advisory(url: str, on_wait: Callable[[], None] | None) -> Iterator[None]:
    with get_engine(url).connect() as conn:
        got = conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": PICTURE_LOCK})
        if not got:
            if on_wait:
                on_wait()
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": PICTURE_LOCK})
        conn.commit()  # the lock belongs to the connection's session, not to this transaction
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": PICTURE_LOCK})
            conn.commit()


def claim_for_fusion(session: Session) -> None:
    """Make the current transaction the only writer of mentions and incidents until it ends.

    On SQLite a no-op UPDATE takes the database's write lock now, before fusion reads (a transaction that
    reads first and finds another writer committed since cannot write at all). On PostgreSQL a SHARE ROW
    EXCLUSIVE table lock lets readers go on and makes writers wait."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("LOCK TABLE mention, incident, incident_field IN SHARE ROW EXCLUSIVE MODE"))
    else:
        session.execute(text("UPDATE incident SET id = id WHERE 0 = 1"))
