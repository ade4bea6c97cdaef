"""The FastAPI application: JSON API, HTML pages, the node-to-node exchange and static files, all served
offline from packages. Everything but the login page, /healthz, static files and the signed /exchange
endpoints needs a signed-in user (sarhad.api.guard)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DatabaseError, InternalError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from sarhad.api import geo
from sarhad.api.admission import Admission, HeadAsGet, HostCheck
from sarhad.api.corrections import router as corrections_api_router
from sarhad.api.exchange import router as exchange_api_router
from sarhad.api.exports import router as exports_api_router
from sarhad.api.guard import NotSignedIn, needs
from sarhad.api.headers import SecurityHeaders
from sarhad.api.routes import router as api_router
from sarhad.auth.roles import Permission
from sarhad.share.identity import load_node
from sarhad.share.routes import router as node_router
from sarhad.store.db import get_engine, reason, resolve_url, session_scope
from sarhad.web import STATIC_DIR
from sarhad.web.corrections import router as corrections_page_router
from sarhad.web.exchange import router as exchange_page_router
from sarhad.web.login import logout
from sarhad.web.login import router as login_router
from sarhad.web.pages import error_page
from sarhad.web.pages import router as page_router
from sarhad.web.sitrep import router as sitrep_page_router

log = logging.getLogger(__name__)
DESCRIPTION = (
    "The shared border-security picture: fused incidents with every source's value and the "
    "disagreements between them, border sectors and crossing points, and the signed exchange with the "
    "other party's node. Authenticate with `Authorization: Bearer <token>` (`sarhad token create`)."
)


@dataclass(frozen=True)
class NodeLabel:
    """The node as pages show it (read once at start; `sarhad node init` needs a restart of the server)."""

    party: str
    name: str


def leaflet_dir() -> Path:
    """Leaflet's files as shipped in the xstatic-leaflet package (served as they are, never copied)."""
    return Path(str(resources.files("xstatic.pkg.leaflet").joinpath("data")))


def _node_label(url: str) -> NodeLabel | None:
    with session_scope(url) as session:
        node = load_node(session)
        return NodeLabel(node.party, node.name) if node else None


def create_app(
    db_url: str | None = None,
    countries: tuple[str, str] = ("PK", "IR"),
    exchange_interval: float | None = None,
    secure_cookies: bool = False,
    allowed_hosts: Sequence[str] = ("*",),
) -> FastAPI:
    """The web app over one database; the schema is migrated here so a bad URL fails at start-up.

    ``exchange_interval`` (seconds) starts the background worker that delivers queued messages to the
    peer and fuses what arrives; None leaves it off (tests and single-node use). ``allowed_hosts`` are
    the Host headers answered (`sarhad serve` narrows it; "*" is for in-process tests).
    """
    url = resolve_url(db_url)
    get_engine(url)
    node = _node_label(url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        warm_caches(countries)
        worker = None
        if exchange_interval is not None:
            from sarhad.share.worker import ExchangeWorker

            worker = ExchangeWorker(url, exchange_interval)
            worker.start()
        app.state.worker = worker
        yield
        if worker is not None:
            worker.stop()
            worker.join(timeout=10)

    # Swagger UI and ReDoc load their scripts from a CDN, which Sarhad must never do; the OpenAPI
    # document is served below, to signed-in users only.
    app = FastAPI(
        title="Sarhad",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.db_url = url
    app.state.countries = countries
    app.state.node = node
    app.state.worker = None
    party = node.party if node else "node"
    app.state.cookie_name = f"__Host-sarhad-{party}" if secure_cookies else f"sarhad-{party}"
    app.include_router(login_router)
    app.add_api_route(
        "/logout", logout, methods=["POST"], dependencies=[needs(Permission.READ)], include_in_schema=False
    )
    app.add_api_route(
        "/openapi.json",
        _openapi,
        methods=["GET"],
        dependencies=[needs(Permission.READ)],
        include_in_schema=False,
    )
    app.include_router(api_router)
    app.include_router(exchange_api_router)
    app.include_router(corrections_api_router)
    app.include_router(exports_api_router)
    app.include_router(node_router)
    app.include_router(page_router)
    app.include_router(exchange_page_router)
    app.include_router(sitrep_page_router)
    app.include_router(corrections_page_router)
    app.mount("/static/leaflet", StaticFiles(directory=leaflet_dir()), name="leaflet")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(DatabaseError, _database_down)
    app.add_exception_handler(PoolTimeout, _database_down)
    app.add_exception_handler(NotSignedIn, _not_signed_in)
    # The last added runs first: every answer gets the security headers, then the Host header is checked,
    # HEAD becomes GET, and only then does a request queue for a slot in the application.
    app.add_middleware(Admission)
    app.add_middleware(HeadAsGet)
    app.add_middleware(HostCheck, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)
    return app


def warm_caches(countries: tuple[str, str]) -> None:
    """Build the border model and the map's static layers before the first request: twenty users arriving
    together after a restart must not each wait for the same seconds of geometry."""
    geo.basemap(countries)
    geo.border_line(countries)
    geo.sectors_geojson(countries, {})


async def _openapi(request: Request) -> JSONResponse:
    app: FastAPI = request.app
    return JSONResponse(app.openapi())


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api", "/exchange/")) or path == "/openapi.json"


async def _not_signed_in(request: Request, exc: Exception) -> Response:
    if _wants_json(request) or request.headers.get("authorization"):
        message = "sign in first: send a session cookie or `Authorization: Bearer <token>`"
        return JSONResponse(
            {"detail": message, "message": message}, status_code=401, headers={"WWW-Authenticate": "Bearer"}
        )
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def describe_errors(errors: Any) -> str:
    """One readable sentence per bad parameter, e.g. "date_from: Input should be a valid date"."""
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "path", "body"))
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if str(error.get("type", "")).startswith("date"):  # pydantic's wording is about parsing internals
            message = f"expected a date as YYYY-MM-DD, got {error.get('input')!r}"
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


async def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{k: v for k, v in e.items() if k not in ("ctx", "input")} for e in exc.errors()]
    message = describe_errors(exc.errors())
    if _wants_json(request):
        return JSONResponse({"detail": errors, "message": message}, status_code=422)
    return error_page(request, 422, "That request is not valid", message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request):
        return JSONResponse(
            {"detail": exc.detail, "message": str(exc.detail)},
            status_code=exc.status_code,
            headers=exc.headers,
        )
    title = {404: "Not found", 403: "Not allowed", 409: "Not possible"}.get(
        exc.status_code, "Request not accepted"
    )
    return error_page(request, exc.status_code, title, str(exc.detail))


def unavailable(exc: Exception) -> bool:
    """Down, damaged (SQLite's plain DatabaseError: "malformed") or saturated, as against a bug."""
    return isinstance(exc, OperationalError | InternalError | PoolTimeout) or type(exc) is DatabaseError


async def _database_down(request: Request, exc: Exception) -> Response:
    """The database is down, damaged or saturated: 503 with Retry-After, never a 500. Constraint and
    programming errors are bugs and stay 500s."""
    if (
        isinstance(exc, DatabaseError)
        and not isinstance(exc, OperationalError | InternalError)
        and (type(exc) is not DatabaseError)
    ):
        raise exc
    log.error("database unavailable: %s", reason(exc))
    message = "the database cannot be reached; try again shortly"
    headers = {"Retry-After": "30"}
    if _wants_json(request):
        return JSONResponse({"detail": message, "message": message}, status_code=503, headers=headers)
    response = error_page(request, 503, "Database unavailable", message)
    response.headers.update(headers)
    return response
