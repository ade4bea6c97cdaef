"""Every request says who is asking: a session cookie (browsers) or a bearer token (scripts).

Routes declare what they need with ``dependencies=[needs(Permission.X)]``; tests enumerate the app's routes
and check each against the role matrix (sarhad.auth.roles). Unsafe methods signed in by cookie must also
carry the session's CSRF token, in the form field ``csrf_token`` or the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import Depends, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from sarhad.auth.roles import Permission, roles_with
from sarhad.auth.sessions import Principal, session_principal, token_principal, touch_session
from sarhad.store.db import session_scope

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class NotSignedIn(Exception):
    """No valid session or token: the API answers 401, pages send the browser to the login page."""


def cookie_name(request: Request) -> str:
    name: str = request.app.state.cookie_name
    return name


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def identify(request: Request) -> Principal | None:
    """The principal behind the request's token or cookie, or None (runs in a worker thread)."""
    url = request.app.state.db_url
    token = _bearer(request)
    with session_scope(url) as session:
        if token is not None:
            return token_principal(session, token)
        cookie = request.cookies.get(cookie_name(request))
        found = session_principal(session, cookie) if cookie else None
    if found is None:
        return None
    principal, stale = found
    if stale and cookie:
        with session_scope(url, write=True) as session:
            touch_session(session, cookie)
    return principal


async def current_principal(request: Request) -> Principal:
    cached = getattr(request.state, "principal", None)
    if isinstance(cached, Principal):
        return cached
    principal = await run_in_threadpool(identify, request)
    if principal is None:
        raise NotSignedIn()
    request.state.principal = principal
    return principal


async def check_csrf(request: Request, principal: Principal) -> None:
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not principal.csrf or not hmac.compare_digest(sent, principal.csrf):
        raise HTTPException(
            403, detail="the form has expired or did not come from this site; reload the page"
        )


class Requirement:
    """A route's need: a signed-in user whose role grants ``permission`` (and, for unsafe requests by
    cookie, the session's CSRF token). Identifiable by type, so the route audit test can find it."""

    def __init__(self, permission: Permission) -> None:
        self.permission = permission

    async def __call__(self, request: Request) -> Principal:
        principal = await current_principal(request)
        if not principal.can(self.permission):
            allowed = ", ".join(roles_with(self.permission))
            raise HTTPException(
                403, detail=f"{self.permission.value} is for {allowed}; you are signed in as {principal.role}"
            )
        if request.method not in SAFE_METHODS and principal.via == "session":
            await check_csrf(request, principal)
        return principal

    def __repr__(self) -> str:
        return f"needs({self.permission.value})"


def needs(permission: Permission) -> Any:
    """``dependencies=[needs(Permission.READ)]`` on a route or router."""
    return Depends(Requirement(permission))
