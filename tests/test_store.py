"""The schema: Alembic migrations build exactly the models, on both backends."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from sarhad.store.db import DatabaseError, get_engine, resolve_url
from sarhad.store.models import Base


def test_migrations_match_models(db_url: str) -> None:
    engine = get_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_the_newest_migration_is_the_one_alembic_would_run_last() -> None:
    """The start-up check reads the newest revision from the file names, without Alembic."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from sarhad.store.db import MIGRATIONS, newest_revision

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert newest_revision() == ScriptDirectory.from_config(config).get_current_head()


def test_sqlite_runs_in_wal_mode(tmp_path: object) -> None:
    engine = get_engine(f"sqlite:///{tmp_path}/wal.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_plain_postgresql_url_uses_psycopg3() -> None:
    assert resolve_url("postgresql://u@localhost/db").startswith("postgresql+psycopg://")


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url at all"])
def test_unsupported_urls_are_refused_clearly(url: str) -> None:
    with pytest.raises(DatabaseError, match="database URL"):
        resolve_url(url)


def test_unreachable_server_is_one_clear_error() -> None:
    with pytest.raises(DatabaseError, match="cannot open database"):
        get_engine("postgresql+psycopg://nobody@/x?host=/nonexistent-socket-dir&port=1")


def test_two_processes_opening_a_new_database_at_once_both_succeed(db_url: str) -> None:
    import subprocess
    import sys

    code = (
        "from sarhad.store.db import get_engine, current_revision; "
        f"print(current_revision(get_engine({db_url!r})))"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in results]
    from alembic.script import ScriptDirectory

    from sarhad.store.db import MIGRATIONS

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert {out.strip() for out, _ in results} == {head}
