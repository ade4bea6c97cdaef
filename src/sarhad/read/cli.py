"""``sarhad read``: the read stage from the command line (``sarhad eval`` is in ``sarhad.evaluate``).

``register(app)`` adds the command to the main Typer app (wired in ``sarhad.cli``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from sarhad.clikit import CountriesOption, err, out, print_json, reader_for
from sarhad.wording import date_text, type_name

if TYPE_CHECKING:
    from sarhad.read.reader import Reader


def read_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .html, .json, .jsonl).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per article.")] = False,
    alone: Annotated[
        bool,
        typer.Option(
            "--alone",
            help="Read each article on its own and print it at once; by default the articles read "
            "together lend dates to each other's undatable mentions through fusion.",
        ),
    ] = False,
    countries: CountriesOption = "PK,IR",
) -> None:
    """Read articles without storing them: events with dates, places, actors and counts.

    Example: sarhad read src/sarhad/demo/reports --json
    """
    from sarhad.fuse.evaluate import records_with_fused_dates

    output = _Output(as_json)
    failed, pending = _read_paths(reader_for(countries), paths, alone, output.emit)
    if pending:
        articles = [(key, value) for key, value in pending if not isinstance(value, dict) and value.on_topic]
        lent = records_with_fused_dates(articles)
        for key, value in pending:
            output.emit(value if isinstance(value, dict) else lent.get(key) or value.to_json())
    output.finish()
    if failed or output.nothing_read():
        raise typer.Exit(1)  # nothing could be read: a script must not take this for success


class _Output:
    """Records as JSON lines, or a table printed at the end."""

    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json
        self.table = Table("file", "status", "events", "main event")
        self.statuses: list[str] = []

    def emit(self, record: dict[str, Any]) -> None:
        self.statuses.append(record["status"])
        if self.as_json:
            print_json(record)
        else:
            self.table.add_row(record["file"], record["status"], str(len(record["events"])), _summary(record))

    def finish(self) -> None:
        if not self.as_json:
            out.print(self.table)

    def nothing_read(self) -> bool:
        return bool(self.statuses) and all(status == "unreadable" for status in self.statuses)


def _read_paths(
    reader: Reader, paths: list[Path], alone: bool, emit: Callable[[dict[str, Any]], None]
) -> tuple[bool, list[tuple[str, Any]]]:
    """Read every article; with ``alone`` each is emitted at once, otherwise kept (key, Article or
    finished record) in input order. Returns whether any input failed, and what was kept."""
    from sarhad.intake.ingest import discover
    from sarhad.intake.parse import IntakeProblem, parse_file

    failed = False
    pending: list[tuple[str, Any]] = []
    for path in discover(paths):
        if isinstance(path, IntakeProblem):
            err.print(str(path), highlight=False)
            failed = True
            continue
        for item in parse_file(path):
            if isinstance(item, IntakeProblem):
                result: Any = _unreadable_record(path.name, item.reason)
            else:
                result = reader.read(item.text, item.published, path.name, item.title, item.url)
            if alone:
                emit(result if isinstance(result, dict) else result.to_json())
            else:
                pending.append((f"{len(pending)}:{path}", result))
    return failed, pending


def _unreadable_record(file: str, reason: str) -> dict[str, Any]:
    return {
        "file": file,
        "published": None,
        "on_topic": False,
        "status": "unreadable",
        "reason": reason,
        "events": [],
    }


def _summary(record: dict[str, Any]) -> str:
    """The main event in words: "IED, Buleda, 8 May 2020, 6 killed"; what is not known is left out."""
    main = [e for e in record["events"] if not e["background"]]
    if not main:
        return record.get("reason") or ""
    e = main[0]
    parts = [
        type_name(e["type"]),
        e["place"] or e["country"],
        e["date"] and date_text(e["date"], e["date_precision"]),
    ]
    parts += [f"{e[name]} {name}" for name in ("killed", "injured", "abducted") if e.get(name) is not None]
    return ", ".join(p for p in parts if p)


def register(app: typer.Typer) -> None:
    app.command("read")(read_command)
