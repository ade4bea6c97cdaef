"""What every ``sarhad`` command shares: its consoles, the --db and --json options, one-line errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from sarhad.textsafe import escaped

if TYPE_CHECKING:
    from sarhad.read.reader import Reader


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
CountriesOption = Annotated[
    str,
    typer.Option(
        "--countries",
        envvar="SARHAD_COUNTRIES",
        help="The border: two neighbours as ISO 3166-1 alpha-2 codes, e.g. PK,IR or AF,PK.",
    ),
]
AudienceOption = Annotated[
    str, typer.Option(help="national (this node's picture) or bilateral (what the other party may receive).")
]


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"error: {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def reader_for(countries: str) -> Reader:
    """The reader of one border, or a one-line error naming what is missing."""
    from sarhad.read.geo import GeoUnavailable
    from sarhad.read.pack import PackError
    from sarhad.read.reader import Reader

    try:
        return Reader(countries)
    except (PackError, GeoUnavailable) as exc:
        raise fail(f"--countries {countries}: {exc}") from exc


def checked_border(countries: str) -> str:
    """The border pack's key for ``--countries`` ("PK-IR"), or a one-line error before anything is done."""
    from sarhad.read.pack import PackError, load_pack

    try:
        return load_pack(countries).key
    except PackError as exc:
        raise fail(f"--countries {countries}: {exc}") from exc


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def listing(db: str | None, query: Callable[[Any], list[Any]], as_json: bool, empty: str) -> list[Any]:
    """The rows of a read-only query for a listing command: printed as JSON when asked, or the ``empty``
    sentence when there are none; either way the caller has nothing left to print (an empty list)."""
    from sarhad.store.db import session_scope

    with session_scope(open_db(db)) as session:
        rows = query(session)
    if as_json:
        print_json(rows)
        return []
    if not rows:
        out.print(empty)
    return rows


def open_db(db: str | None) -> str:
    """Resolve and migrate the database up front, so a bad URL is one clear line, not a traceback."""
    from sarhad.store.db import DatabaseError, get_engine, resolve_url  # not at start: `--help` stays fast

    try:
        url = resolve_url(db)
        get_engine(url)
    except DatabaseError as exc:
        raise fail(str(exc)) from exc
    return url


@dataclass(frozen=True)
class Column:
    """A table column: the width under which it would have to cut words (a column that cannot have that
    much is dropped instead), and its priority (1 always stays; higher numbers are dropped first)."""

    name: str
    width: int
    priority: int = 1
    wrap: bool = True  # False for ids, numbers and file names, which must not break


class Grid:
    """A table that stays readable in the terminal it is printed to: when the columns cannot all have
    their width, the least important go; words wrap inside their column and are never cut."""

    def __init__(self, *columns: Column, title: str | None = None, width: int | None = None) -> None:
        room = width or out.width
        keep = list(columns)
        while sum(c.width + 2 for c in keep) > room and any(c.priority > 1 for c in keep):
            keep.remove(max(reversed(keep), key=lambda c: c.priority))
        self.kept = [columns.index(c) for c in keep]
        self.table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
        for column in keep:
            self.table.add_column(column.name, min_width=column.width, no_wrap=not column.wrap)

    def add_row(self, *values: str) -> None:
        self.table.add_row(*(values[i] for i in self.kept))

    def __rich__(self) -> Table:
        return self.table
