"""What every ``sarhad`` command shares: its consoles, the --db and --json options, one-line errors."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from sarhad.intake.parse import escaped
from sarhad.store.db import DatabaseError, get_engine, resolve_url


class SafeConsole(Console):
    """A console that prints stored text as text: an escape sequence or bidirectional override in a title
    or file name is shown escaped instead of being obeyed by the terminal."""

    def render_str(self, text: str, *args: Any, **kwargs: Any) -> Text:
        return super().render_str(escaped(text, keep="\n\t"), *args, **kwargs)


out = SafeConsole(markup=False)
err = SafeConsole(stderr=True, markup=False)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="SARHAD_DATABASE_URL", help="Database URL (default: sqlite:///sarhad.db)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"error: {message}", highlight=False, soft_wrap=True)
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
