"""Shared fixtures: every storage test runs against SQLite and against a real PostgreSQL server."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from sarhad.store.db import close_engine
from support.postgres import create_database, temporary_server

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
_counter = itertools.count()


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    with temporary_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of each backend; its pooled connections are closed after the test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'sarhad.db'}"
    else:
        admin: str = request.getfixturevalue("pg_admin_url")
        url = create_database(admin, f"test_{next(_counter)}")
    yield url
    close_engine(url)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED
