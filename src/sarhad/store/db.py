"""The one place that opens the database: URL resolution, engine set-up and schema migration.

SQLite (WAL) is the default, a file in the working directory; any PostgreSQL URL works through
``--db`` or ``SARHAD_DATABASE_URL``.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from alembic.config import Config

DEFAULT_URL = "sqlite:///sarhad.db"
ENV_VAR = "SARHAD_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseError(RuntimeError):
    """The database URL is unusable or the server cannot be reached."""


# What writing one row can raise that is about that row's values, for code that lets a bad row cost only
# itself: the database refusing it (SQLAlchemy wraps the driver's error), or the driver refusing a value it
# cannot send, which reaches us unwrapped (sqlite3's OverflowError for an integer over 64 bits, either
# driver's UnicodeEncodeError for a lone surrogate). OperationalError is among them: callers that must not
# blame a row for a database that is down catch it first.
ROW_REFUSED: tuple[type[Exception], ...] = (SQLAlchemyError, ValueError, OverflowError)


def resolve_url(url: str | None = None) -> str:
    """The URL to use: explicit argument, then the environment, then the default SQLite file.

    An empty URL is refused rather than read as "the default", and so is an in-memory SQLite database:
    whatever a command stored there would be gone when it exits (and each pooled connection of a server
    would see a different empty database)."""
    if url is not None and not url.strip():
        raise DatabaseError("the database URL is empty; give one such as sqlite:///sarhad.db")
    chosen = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    try:
        parsed = make_url(chosen)
    except ArgumentError as exc:
        raise DatabaseError(f"database URL {chosen!r} is not a valid URL: {exc}") from exc
    if parsed.get_backend_name() == "sqlite" and in_memory(parsed.database, parsed.query):
        raise DatabaseError(
            f"database URL {chosen!r} is an in-memory database, lost when the command ends; "
            "give a file such as sqlite:///sarhad.db"
        )
    # Plain postgresql:// would pick psycopg2, which we do not ship; psycopg 3 is the driver.
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise DatabaseError(f"database URL {chosen!r}: only sqlite and postgresql are supported")
    return parsed.render_as_string(hide_password=False)


def in_memory(database: str | None, query: Any) -> bool:
    name = (database or "").strip()
    return (
        name in ("", ":memory:")
        or "mode=memory" in name
        or query.get("mode") == "memory"
        or (name.startswith("file::memory:"))
    )


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the web app) run while an ingest writes; NORMAL sync is durable in WAL mode
    # against process crashes, which is what the SIGKILL test checks.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(conn: Any) -> None:
    """Writers that read before they write (the audit chain, the exchange's sequence numbers) begin with
    the write lock held, waiting for it under busy_timeout: in WAL mode a transaction that has read and
    then finds another writer committed since cannot upgrade and fails at once. Everything else keeps the
    sqlite3 module's own behaviour (a transaction begins at the first write)."""
    if conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


WRITE_OPTION = "sarhad_writer"


_ENGINES = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """A migrated engine for ``url`` (cached per URL, so every command shares one pool).

    Threads of one process that open a new database together must not migrate it twice at once."""
    resolved = resolve_url(url)
    with _ENGINES:
        engine = _OPEN.get(resolved)
        if engine is None:
            engine = _OPEN[resolved] = _engine(resolved)
        return engine


_OPEN: dict[str, Engine] = {}


def close_engine(url: str) -> None:
    """Close the pooled connections to ``url``, if any were opened (a process that opens many databases,
    such as the test suite, would otherwise keep each one's idle connections to the end)."""
    with _ENGINES:
        engine = _OPEN.pop(resolve_url(url), None)
    if engine is not None:
        engine.dispose()


# Requests the server lets into the application at once (sarhad.api.admission): one per core. Handlers are
# Python and hold the GIL; on 2 cores with 200 clients, 2 slots served more requests/s than 4, and 4 more
# than 8 (bench/RESULTS.md, "What changed").
SERVING_SLOTS = max(2, os.cpu_count() or 2)
# Connections per process: every admitted request finds one, with room left for the exchange worker, the
# health check and sign-ins; the overflow is for bursts in commands, and a connection not found within
# POOL_TIMEOUT is an error the server answers with 503.
POOL_SIZE = SERVING_SLOTS + 6
POOL_OVERFLOW = 8
POOL_TIMEOUT = 10.0


def _engine(resolved: str) -> Engine:
    engine = create_engine(
        resolved,
        future=True,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=POOL_TIMEOUT,
    )
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    try:
        migrate(engine)
    except Exception as exc:  # surface connection problems with the URL, not a stack trace
        if isinstance(exc, DatabaseError):
            raise
        raise DatabaseError(f"cannot open database {make_url(resolved)!r}: {reason(exc)}") from exc
    return engine


def reason(exc: BaseException) -> str:
    """A database error in one line: the driver's own message, without SQLAlchemy's statement dump and
    "Background on this error" link."""
    inner = getattr(exc, "orig", None) or exc
    text = str(inner).strip().splitlines()
    return f"{type(inner).__name__}: {text[0] if text else 'no detail'}"


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def newest_revision() -> str:
    """The newest migration's revision: migrations are named ``NNNN_what.py`` with revision ``NNNN``
    (tests/test_store.py checks the convention against Alembic's own view)."""
    return max(path.name[:4] for path in (MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))


def up_to_date(engine: Engine) -> bool:
    """Whether the schema is at the newest revision, read without loading Alembic (a third of every
    command's start-up): one query of the table Alembic keeps."""
    try:
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    except SQLAlchemyError:
        return False  # no table yet: a new database
    return stored == [newest_revision()]


MIGRATION_LOCK = 0x5A4D  # PostgreSQL advisory lock key held while migrating
MIGRATION_ATTEMPTS = 5


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when it already is.

    Two processes opening a new database at once must not both create it: PostgreSQL serialises them on
    an advisory lock; SQLite lets the loser fail, and it retries once the winner has finished.
    """
    if up_to_date(engine):
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    config = alembic_config(engine)
    head = ScriptDirectory.from_config(config).get_current_head()
    for attempt in range(MIGRATION_ATTEMPTS):
        if current_revision(engine) == head:
            return
        try:
            with migration_lock(engine):
                if current_revision(engine) != head:
                    command.upgrade(config, "head")
            return
        except Exception:
            if attempt == MIGRATION_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})


@contextmanager
def session_scope(url: str | None = None, write: bool = False) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error.

    ``write=True`` is for transactions that read and then write what they read (sequence numbers, the
    audit chain): on SQLite they hold the write lock from their first statement, so two of them queue
    rather than one failing; PostgreSQL needs nothing more than the row locks they take.
    """
    engine = get_engine(url)
    if write:
        engine = engine.execution_options(**{WRITE_OPTION: True})
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
