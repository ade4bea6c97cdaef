"""What every ``sarhad`` command shares: its consoles, the --db and --json options, one-line errors."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console

from sarhad.store.db import DatabaseError, get_engine, resolve_url

out = Console(markup=False)
err = Console(stderr=True, markup=False)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="SARHAD_DATABASE_URL", help="Database URL (default: sqlite:///sarhad.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"error: {message}", highlight=False)
    return typer.Exit(code)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def open_db(db: str | None) -> str:
    """Resolve and migrate the database up front, so a bad URL is one clear line, not a traceback."""
    try:
        url = resolve_url(db)
        get_engine(url)
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    return url
