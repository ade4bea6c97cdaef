"""The ``sarhad`` command. Each command is a thin shell over a stage function; see DESIGN.md's contract."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.orm import Session

from sarhad.clikit import DbOption, JsonOption, err, fail, open_db, out, print_json
from sarhad.fuse.store import CorrectionError, merge_incidents, pin_field, split_incident
from sarhad.intake.ingest import discover, ingest, list_failures
from sarhad.intake.parse import DEFAULT_MAX_BYTES, IntakeProblem
from sarhad.store.db import session_scope
from sarhad.store.locks import picture_lock
from sarhad.store.queries import get_incident, list_incidents, list_reports

app = typer.Typer(
    name="sarhad",
    help="Sarhad: the shared border-security picture for two neighbouring states.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command("ingest")
def ingest_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders of reports (.txt .html .json .jsonl).")
    ],
    db: DbOption = None,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse files larger than this many bytes.")
    ] = DEFAULT_MAX_BYTES,
    read: Annotated[bool, typer.Option("--read/--no-read", help="Read and fuse after storing.")] = True,
    follow_links: Annotated[
        bool, typer.Option("--follow-links", help="Follow symbolic links that lead out of the folders.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Store reports (each once, by content hash), then read and fuse them."""
    url = open_db(db)
    inputs = list(discover(paths, follow_links))

    def report_problem(problem: IntakeProblem) -> None:
        err.print(f"failed: {problem}", highlight=False, markup=False, soft_wrap=True)

    with Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=len(inputs) < 20,
    ) as progress:
        task = progress.add_task("ingest", total=len(inputs))
        summary = ingest(
            inputs,
            url,
            max_bytes=max_bytes,
            on_input=lambda _item: progress.advance(task),
            on_problem=report_problem,
        )
    if as_json:
        print_json(summary.as_dict())
    else:
        err.print(
            f"{summary.new} new, {summary.duplicate} duplicate, {summary.failed} failed", highlight=False
        )
    if read:
        run_pipeline(url, reread=False)
    if summary.failed:
        raise typer.Exit(1)


def run_pipeline(url: str, reread: bool) -> None:
    from sarhad.pipeline import process  # the reader's data loads only when there is something to read

    with Progress(
        TextColumn("reading"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("read", total=None)
        result = process(
            url,
            reread=reread,
            on_report=lambda done, total: bar.update(task, completed=done, total=total),
            on_wait=lambda: err.print("waiting for another ingest or process on this database to finish"),
        )
    err.print(
        f"read {result.read} reports ({result.off_topic} off-topic, {result.unreadable} unreadable), "
        f"{result.mentions} mentions, {result.incidents} incidents",
        highlight=False,
    )


@app.command("process")
def process_command(
    db: DbOption = None,
    reread: Annotated[
        bool, typer.Option(help="Read every stored report again (after a reader upgrade).")
    ] = False,
) -> None:
    """Read stored reports that have not been read yet, then re-fuse the picture."""
    run_pipeline(open_db(db), reread)


@app.command("failures")
def failures_command(db: DbOption = None, limit: int = 50, as_json: JsonOption = False) -> None:
    """Inputs that could not be stored, newest first."""
    rows = list_failures(open_db(db), limit)
    if as_json:
        print_json([{"input": r.input, "line": r.line, "reason": r.reason, "at": r.at} for r in rows])
        return
    table = Table("when", "input", "reason")
    for r in rows:
        where = f"{r.input}:{r.line}" if r.line else r.input
        table.add_row(r.at.strftime("%Y-%m-%d %H:%M"), where, r.reason)
    out.print(table)


@app.command("reports")
def reports_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Stored reports, in order of intake."""
    with session_scope(open_db(db)) as session:
        rows = list_reports(session)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "file", "source", "published", "status", "mentions")
    for r in rows:
        table.add_row(
            r["id"][:12],
            Path(r["file"]).name,
            r["source"] or "",
            r["published"] or "unknown",
            r["read_status"] or "unread",
            str(r["mentions"]),
        )
    out.print(table)


@app.command("incidents")
def incidents_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The fused picture: one line per real-world incident."""
    with session_scope(open_db(db)) as session:
        rows = list_incidents(session)
    if as_json:
        print_json(rows)
        return
    table = Table(title="Incidents")
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    for name in ("type", "place", "killed", "perpetrator", "sources"):
        table.add_column(name)
    for r in rows:
        killed = r["killed"]
        span = (
            ""
            if killed["low"] is None
            else (
                str(killed["low"]) if killed["low"] == killed["high"] else f"{killed['low']}–{killed['high']}"
            )
        )
        table.add_row(
            r["id"],
            r["date"] or "?",
            r["type"],
            r["place"] or r["admin1"] or "",
            span,
            r["perpetrator"] or "",
            str(len(r["sources"])),
        )
    out.print(table if rows else "No incidents yet.")


@app.command("incident")
def incident_command(
    incident_id: Annotated[str, typer.Argument(help="Incident id as listed by `sarhad incidents`.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One incident with every source's values and the disagreements between them."""
    with session_scope(open_db(db)) as session:
        record = get_incident(session, incident_id)
    if record is None:
        raise fail(f"no incident with id {incident_id!r}", code=1)
    if as_json:
        print_json(record)
        return
    out.print(f"{record['id']}  {record['type']}  {record['date'] or 'date unknown'}")
    for key in ("place", "admin1", "country", "sector", "perpetrator", "corroboration"):
        out.print(f"  {key}: {record[key]}")
    for name, values in record["conflicts"].items():
        out.print(f"  conflict {name}: {' / '.join(map(str, values))}")
    for source in record["sources"]:
        out.print(f"  source ({source['role']}): {source['file']}")


correct_app = typer.Typer(
    help="Analyst corrections to the fused picture; each is kept and replayed on re-fusion."
)
app.add_typer(correct_app, name="correct")
WhoOption = Annotated[str, typer.Option("--who", help="Who makes the correction.")]
WhyOption = Annotated[str, typer.Option("--why", help="Why: kept with the correction.")]


@correct_app.command("merge")
def correct_merge(ids: list[str], who: WhoOption, why: WhyOption, db: DbOption = None) -> None:
    """These incidents are one real event."""
    with corrections(db) as session:
        apply_correction(lambda: merge_incidents(session, ids, who, why))
    out.print(f"merged {len(ids)} incidents")


@correct_app.command("split")
def correct_split(
    incident_id: str,
    reports: Annotated[list[str], typer.Option("--report", help="Report id (or prefix) to split off.")],
    who: WhoOption,
    why: WhyOption,
    db: DbOption = None,
) -> None:
    """The named reports tell of another event than the rest of this incident."""
    with corrections(db) as session:
        apply_correction(lambda: split_incident(session, incident_id, reports, who, why))
    out.print(f"split {len(reports)} report(s) off {incident_id}")


@correct_app.command("pin")
def correct_pin(
    incident_id: str, field: str, value: str, who: WhoOption, why: WhyOption, db: DbOption = None
) -> None:
    """Fix one field's value (counts as numbers, dates as YYYY-MM-DD)."""
    parsed: object = int(value) if value.isascii() and value.isdigit() else value
    with corrections(db) as session:
        apply_correction(lambda: pin_field(session, incident_id, field, parsed, who, why))
    out.print(f"pinned {field} = {value} on {incident_id}")


@contextmanager
def corrections(db: str | None) -> Iterator[Session]:
    """A write session for a correction, under the picture lock (a correction re-fuses the picture)."""
    url = open_db(db)
    waiting = "waiting for an ingest or process on this database to finish"
    with picture_lock(url, lambda: err.print(waiting)), session_scope(url, write=True) as session:
        yield session


def apply_correction(action: Any) -> None:
    try:
        action()
    except CorrectionError as exc:
        raise fail(str(exc), code=1) from exc


def register_stages() -> None:
    """Each stage owns its commands; the top-level app only gathers them."""
    from sarhad.api.cli import register as register_api
    from sarhad.auth.cli import register as register_auth
    from sarhad.demo.cli import register as register_demo
    from sarhad.geo.cli import register as register_geo
    from sarhad.plan.cli import plan_app
    from sarhad.read.cli import register as register_read
    from sarhad.share.cli import register as register_share

    register_geo(app)
    register_read(app)
    app.add_typer(plan_app, name="plan")
    register_api(app)
    register_auth(app)
    register_share(app)
    register_demo(app)


register_stages()


def main() -> None:
    """The ``sarhad`` entry point: a database that fails under a command (corrupted, gone, locked) is one
    line and exit status 2, not a traceback; ``SARHAD_TRACEBACK=1`` shows the trace."""
    import os

    from sqlalchemy.exc import DBAPIError

    from sarhad.store.db import DatabaseError, reason

    try:
        app(standalone_mode=True)
    except (DBAPIError, DatabaseError) as exc:
        if os.environ.get("SARHAD_TRACEBACK"):
            raise
        detail = str(exc) if isinstance(exc, DatabaseError) else reason(exc)
        err.print(f"error: database: {detail}", highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
