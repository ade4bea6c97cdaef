"""Signing in and out, and the health check: the only pages open to someone not signed in.

The login form carries a CSRF token of its own (a random value in a SameSite=Strict cookie that the form
must repeat), since there is no session yet to hold one. Failed attempts are throttled by name and by
address (sarhad.auth.sessions) and every attempt is audited.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from sarhad.api.deps import SessionDep
from sarhad.api.guard import cookie_name, current_principal
from sarhad.auth.sessions import SESSION_MAX, SignIn, sign_in, sign_out
from sarhad.store.db import reason, session_scope
from sarhad.web.templating import templates

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
LOGIN_CSRF = "sarhad_login_csrf"
PUBLIC = "public"  # marks these routes for the route audit test


def secure(request: Request) -> bool:
    return request.url.scheme == "https"


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host (//evil, /\\evil, https://…)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")) or "\n" in target:
        return "/"
    return target


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def login_form(request: Request, status: int = 200, message: str | None = None, name: str = "") -> Response:
    token = secrets.token_urlsafe(24)
    context = {
        "title": "Sign in",
        "csrf": token,
        "next": safe_next(request.query_params.get("next") or request.headers.get("x-next")),
        "message": message,
        "name": name,
    }
    response = templates.TemplateResponse(request, "login.html", context, status_code=status)
    response.set_cookie(
        LOGIN_CSRF,
        token,
        httponly=True,
        samesite="strict",
        secure=secure(request),
        path="/login",
        max_age=3600,
    )
    return response


@router.get("/login", openapi_extra={PUBLIC: True})
def login_page(request: Request) -> Response:
    return login_form(request)


def _sign_in(url: str, name: str, password: str, address: str) -> SignIn:
    with session_scope(url, write=True) as session:
        return sign_in(session, name, password, address)


@router.post("/login", openapi_extra={PUBLIC: True})
async def login(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    sent = request.cookies.get(LOGIN_CSRF, "")
    if not sent or not hmac.compare_digest(sent, csrf_token):
        return login_form(request, 403, "The form expired; please sign in again.", name)
    if not (name.isprintable() and password.isprintable()):  # no account has them; PostgreSQL refuses NUL
        return login_form(request, 400, "The name or password holds characters no account can have.")
    outcome = await run_in_threadpool(
        _sign_in, request.app.state.db_url, name, password, client_address(request)
    )
    if outcome.retry_after is not None:
        response = login_form(
            request, 429, f"Too many failed attempts; try again in {outcome.retry_after} s.", name
        )
        response.headers["Retry-After"] = str(outcome.retry_after)
        return response
    if outcome.token is None:
        return login_form(request, 401, "Wrong name or password.", name)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        cookie_name(request),
        outcome.token,
        httponly=True,
        samesite="strict",
        secure=secure(request),
        path="/",
        max_age=int(SESSION_MAX.total_seconds()),
    )
    response.delete_cookie(LOGIN_CSRF, path="/login")
    return response


def _sign_out(url: str, token: str, actor: str) -> None:
    with session_scope(url, write=True) as session:
        sign_out(session, token, actor)


async def logout(request: Request) -> Response:
    principal = await current_principal(request)
    token = request.cookies.get(cookie_name(request))
    if token:
        await run_in_threadpool(_sign_out, request.app.state.db_url, token, principal.actor)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(cookie_name(request), path="/")
    return response


@router.get("/healthz", openapi_extra={PUBLIC: True})
def healthz(session: SessionDep) -> Response:
    """Up when the database answers a read of the tables every page uses (SELECT 1 alone would pass on
    a corrupted SQLite file, whose damage shows only when a table is read)."""
    try:
        for table in HEALTH_TABLES:
            session.execute(text(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1) AS probe"))
    except SQLAlchemyError as exc:
        log.error("health check: the database fails: %s", reason(exc))  # details for the operator only
        return JSONResponse(
            {"status": "unavailable", "database": "unreachable or damaged"},
            status_code=503,
            headers={"Retry-After": "30"},
        )
    return JSONResponse({"status": "ok"})


HEALTH_TABLES = ("report", "mention", "incident", "incident_field", "app_user", "user_session")
