"""The FastAPI application: JSON API, HTML pages and static files, all served offline from packages."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from sarhad.api.routes import router as api_router
from sarhad.store.db import get_engine, resolve_url
from sarhad.web import STATIC_DIR
from sarhad.web.pages import error_page
from sarhad.web.pages import router as page_router

DESCRIPTION = (
    "The shared border-security picture: fused incidents with every source's value and the "
    "disagreements between them, border sectors and crossing points. Read-only."
)


def leaflet_dir() -> Path:
    """Leaflet's files as shipped in the xstatic-leaflet package (served as they are, never copied)."""
    return Path(str(resources.files("xstatic.pkg.leaflet").joinpath("data")))


def create_app(db_url: str | None = None, countries: tuple[str, str] = ("PK", "IR")) -> FastAPI:
    """The web app over one database; the schema is migrated here so a bad URL fails at start-up."""
    url = resolve_url(db_url)
    get_engine(url)
    # Swagger UI and ReDoc load their scripts from a CDN, which Sarhad must never do; the OpenAPI
    # document itself stays at /openapi.json.
    app = FastAPI(title="Sarhad", description=DESCRIPTION, docs_url=None, redoc_url=None)
    app.state.db_url = url
    app.state.countries = countries
    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static/leaflet", StaticFiles(directory=leaflet_dir()), name="leaflet")
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_down)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


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
    errors = [{k: v for k, v in e.items() if k != "ctx"} for e in exc.errors()]  # ctx may hold exceptions
    message = describe_errors(errors)
    if _wants_json(request):
        return JSONResponse({"detail": errors, "message": message}, status_code=422)
    return error_page(request, 422, "That filter is not valid", message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if _wants_json(request):
        return JSONResponse({"detail": exc.detail, "message": str(exc.detail)}, status_code=exc.status_code)
    title = "Not found" if exc.status_code == 404 else "Request not accepted"
    return error_page(request, exc.status_code, title, str(exc.detail))


async def _database_down(request: Request, exc: Exception) -> Response:
    message = "the database cannot be reached; try again shortly"
    if _wants_json(request):
        return JSONResponse({"detail": message, "message": message}, status_code=503)
    return error_page(request, 503, "Database unavailable", message)
