"""Accounts for tests: a user of a given role and a bearer token, or a browser-style cookie session."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from sarhad.auth.accounts import add_user
from sarhad.auth.sessions import create_token
from sarhad.store.db import session_scope

PASSWORD = "correct horse battery staple"


def ensure_user(db_url: str, name: str, role: str, password: str = PASSWORD) -> None:
    from sqlalchemy import select

    from sarhad.store.models import AppUser

    with session_scope(db_url, write=True) as session:
        if session.scalars(select(AppUser.id).where(AppUser.name == name)).first() is None:
            add_user(session, name, role, password, "test")


def token_for(db_url: str, role: str = "viewer", name: str | None = None) -> str:
    """A fresh API token for a user of ``role`` (created on first use)."""
    name = name or f"test-{role}"
    ensure_user(db_url, name, role)
    with session_scope(db_url, write=True) as session:
        secret, _ = create_token(session, name, "tests", "test")
    return secret


@contextmanager
def api_client(base: str, db_url: str, role: str = "viewer") -> Iterator[httpx.Client]:
    """An httpx client that sends a bearer token of ``role``."""
    headers = {"Authorization": f"Bearer {token_for(db_url, role)}"}
    with httpx.Client(base_url=base, timeout=30, headers=headers) as client:
        yield client


def sign_in(client: httpx.Client, name: str, password: str = PASSWORD) -> httpx.Response:
    """Sign in through the login form as a browser would (form CSRF token included)."""
    form = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token, form.text[:500]
    return client.post(
        "/login", data={"name": name, "password": password, "csrf_token": token.group(1), "next": "/"}
    )


def csrf_of(page: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)
