"""Request-scoped dependencies: a database session and the app's configuration."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from sqlalchemy.orm import Session

from sarhad.api.schemas import IncidentQuery
from sarhad.geo.border import load_border
from sarhad.store.db import session_scope


def get_session(request: Request) -> Iterator[Session]:
    with session_scope(request.app.state.db_url) as session:
        yield session


def get_countries(request: Request) -> tuple[str, str]:
    countries: tuple[str, str] = request.app.state.countries
    return countries


SessionDep = Annotated[Session, Depends(get_session)]
CountriesDep = Annotated[tuple[str, str], Depends(get_countries)]


def check_against_border(query: IncidentQuery, countries: tuple[str, str]) -> None:
    """Sides and sectors only make sense for this border; say so instead of returning nothing."""
    if query.side is not None and query.side not in countries:
        raise HTTPException(422, detail=f"side must be one of {', '.join(countries)}, not {query.side!r}")
    count = len(load_border(countries).sectors)
    wrong = [s for s in query.sector if s > count]
    if wrong:
        raise HTTPException(422, detail=f"sector must be between 1 and {count}; got {wrong[0]}")
