"""The picture's own commands: ingest, process, failures, reports, incidents, incident, correct.

Every stage is imported inside the command that needs it, so `sarhad --help` and any command's `--help`
start without loading the database layer, the reader or fusion (bench/bench_cli.py measures it).
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from sarhad.clikit import (
    AudienceOption,
    Column,
    CountriesOption,
    DbOption,
    Grid,
    JsonOption,
    err,
    fail,
    listing,
    open_db,
    out,
    print_json,
)
from sarhad.intake import DEFAULT_MAX_BYTES
from sarhad.wording import count_range, date_text, describe, field_label, lead_actor, roles_text, type_name

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sarhad.intake.parse import IntakeProblem


DEFAULT_WORKERS = os.cpu_count() or 1
WorkersOption = Annotated[
    int,
    typer.Option(
        min=1, max=64, help="Processes that read when many reports are new (default: one per core)."
    ),
]


def register(app: typer.Typer) -> None:
    for name, command in (
        ("ingest", ingest_command),
        ("process", process_command),
        ("failures", failures_command),
        ("reports", reports_command),
        ("incidents", incidents_command),
        ("incident", incident_command),
        ("export", export_command),
    ):
        app.command(name)(command)
    app.add_typer(correct_app, name="correct")


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
    follow: Annotated[
        bool,
        typer.Option(
            "--follow",
            help="Keep watching the folders: take each new file once it stops changing, and update the "
            "picture (Ctrl-C stops).",
        ),
    ] = False,
    interval: Annotated[
        float, typer.Option(min=0.2, help="With --follow: seconds between looks at the folders.")
    ] = 2.0,
    workers: WorkersOption = DEFAULT_WORKERS,
    as_json: JsonOption = False,
    countries: CountriesOption = "PK,IR",
) -> None:
    """Store reports (each once, by content hash), then read them for the border (--countries) and
    fuse them.

    With --follow it keeps watching the folders, e.g. sarhad ingest --follow /srv/drop

    Example: sarhad ingest src/sarhad/demo/reports
    """
    from sarhad.clikit import checked_border
    from sarhad.intake.ingest import discover

    url = open_db(db)
    border = checked_border(countries)
    if follow:  # files already there are taken like later ones, once they have stopped changing
        follow_folders(url, paths, follow_links, max_bytes, interval, read, border)
        return
    inputs = list(discover(paths, follow_links))
    if ingest_once(url, inputs, max_bytes, read, as_json, workers, border):
        raise typer.Exit(1)


def ingest_once(
    url: str,
    inputs: list[Path | IntakeProblem],
    max_bytes: int,
    read: bool,
    as_json: bool,
    workers: int = 1,
    border: str | None = None,
) -> bool:
    """Store, then read and fuse; whether any input failed."""
    from sarhad.intake.ingest import ingest

    def report_problem(problem: IntakeProblem) -> None:
        err.print(f"failed: {problem}", highlight=False, soft_wrap=True)

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
        run_pipeline(url, reread=False, workers=workers, border=border)
    return summary.failed > 0


def follow_folders(
    url: str,
    paths: list[Path],
    follow_links: bool,
    max_bytes: int,
    interval: float,
    read: bool,
    border: str | None = None,
) -> None:
    """Watch the folders until interrupted; each settled batch of new files is stored, read and added to
    the picture (incrementally: only the incidents the new reports touch are rebuilt)."""
    from sarhad.intake.follow import DropFolder
    from sarhad.intake.ingest import ingest
    from sarhad.pipeline import process

    folder = DropFolder(paths, follow_links, quiet=max(2.0, 2 * interval))
    stopping = stop_on_signals()
    err.print(f"watching {', '.join(map(str, paths))} every {interval:g} s (Ctrl-C stops)", highlight=False)
    while not stopping.is_set():
        if stopping.wait(interval):
            break
        ready, problems = folder.poll()
        if not ready and not problems:
            continue
        stored = ingest([*problems, *ready], url, max_bytes=max_bytes)
        for problem in stored.failures:
            err.print(f"failed: {problem}", highlight=False, soft_wrap=True)
        line = f"{dt.datetime.now():%H:%M:%S} {stored.new} new, {stored.duplicate} duplicate"
        line += f", {stored.failed} failed"
        if read:
            result = process(url, border=border)
            line += (
                f"; {result.mentions} mentions; {result.incidents} incidents (fusion "
                f"{result.fusion_seconds * 1000:.0f} ms, {'incremental' if result.incremental else 'full'})"
            )
        err.print(line, highlight=False)
    err.print("stopped watching", highlight=False)


def stop_on_signals() -> threading.Event:
    """An event set by Ctrl-C or SIGTERM (what a service manager sends): the batch under way finishes,
    then watching stops. Set explicitly, since a shell starts background jobs with Ctrl-C ignored."""
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    return stopping


def run_pipeline(
    url: str, reread: bool, as_json: bool = False, workers: int = 1, border: str | None = None
) -> None:
    from dataclasses import asdict

    from sarhad.pipeline import process

    with Progress(
        TextColumn("reading"), BarColumn(), MofNCompleteColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task("read", total=None)
        result = process(
            url,
            reread=reread,
            on_report=lambda done, total: bar.update(task, completed=done, total=total),
            on_wait=lambda: err.print("waiting for another ingest or process on this database to finish"),
            workers=workers,
            border=border,
        )
    if as_json:
        print_json(asdict(result))
        return
    err.print(
        f"read {result.read} reports ({result.off_topic} off-topic, {result.unreadable} unreadable), "
        f"{result.mentions} mentions, {result.incidents} incidents",
        highlight=False,
    )


def process_command(
    db: DbOption = None,
    workers: WorkersOption = DEFAULT_WORKERS,
    reread: Annotated[
        bool, typer.Option(help="Read every stored report again (after a reader upgrade).")
    ] = False,
    as_json: JsonOption = False,
    countries: CountriesOption = "PK,IR",
) -> None:
    """Read stored reports that have not been read yet for the border (--countries), then re-fuse the
    picture.

    Example: sarhad process --reread
    """
    from sarhad.clikit import checked_border

    run_pipeline(open_db(db), reread, as_json, workers, checked_border(countries))


def failures_command(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Inputs that could not be stored, newest first, with the reason.

    Example: sarhad failures --limit 10
    """
    from sarhad.intake.ingest import list_failures

    rows = list_failures(open_db(db), limit)
    if as_json:
        print_json([{"input": r.input, "line": r.line, "reason": r.reason, "at": r.at} for r in rows])
        return
    if not rows:
        out.print("No intake failures.")
        return
    grid = Grid(Column("when", 16, wrap=False), Column("input", 20), Column("reason", 24))
    for r in rows:
        grid.add_row(r.at.strftime("%Y-%m-%d %H:%M"), f"{r.input}:{r.line}" if r.line else r.input, r.reason)
    out.print(grid)


def reports_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Stored reports, in order of intake, with how they were read.

    Example: sarhad reports --json
    """
    from sarhad.store.queries import list_reports

    rows = listing(db, list_reports, as_json, "No reports yet: store some with `sarhad ingest PATH`.")
    if not rows:
        return
    grid = Grid(
        Column("id", 12, wrap=False),
        Column("file", 34, 3, wrap=False),
        Column("source", 12, 2),
        Column("published", 11),
        Column("read", 9),
        Column("events", 6, wrap=False),
    )
    for r in rows:
        grid.add_row(
            r["id"][:12],
            Path(r["file"]).name,
            r["source"] or "",
            date_text(r["published"]) if r["published"] else "unknown",
            (r["read_status"] or "unread").replace("_", " "),
            str(r["mentions"]),
        )
    out.print(grid)


def incidents_command(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The fused picture: one line per real-world incident, newest first.

    Example: sarhad incidents --json
    """
    from sarhad.store.queries import list_incidents

    rows = listing(db, list_incidents, as_json, "No incidents yet.")
    if not rows:
        return
    grid = Grid(
        Column("id", 16, wrap=False), Column("date", 11), Column("type", 10), Column("place", 10),
        Column("killed", 6, 2, wrap=False), Column("acting", 12, 4), Column("sources", 7, 3, wrap=False),
        title="Incidents",
    )  # fmt: skip
    for r in rows:
        grid.add_row(
            r["id"],
            date_text(r["date"], r["date_precision"]),
            type_name(r["type"]),
            r["place"] or r["admin1"] or "",
            count_range(r["killed"]["low"], r["killed"]["high"]),
            lead_actor(r["roles"]),
            str(len(r["sources"])),
        )
    out.print(grid)


def incident_command(
    incident_id: Annotated[str, typer.Argument(help="Incident id as listed by `sarhad incidents`.")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One incident as its page shows it: values, sources' words, disagreements, corrections.

    Each field's chosen value and the rule that chose it, every source's value with the words it was read
    from, the disagreements, the sources, and the analysts' corrections that shaped the incident.

    Example: sarhad incident inc-1a2b3c4d5e6f
    """
    from sarhad.store.db import session_scope
    from sarhad.store.queries import get_incident, incident_corrections

    with session_scope(open_db(db)) as session:
        record = get_incident(session, incident_id)
        fixes = incident_corrections(session, incident_id) if record else []
    if record is None:
        raise fail(f"no incident with id {incident_id!r}", code=1)
    if as_json:
        print_json({**record, "corrections": fixes})
        return
    print_incident(record, fixes)


def print_incident(record: dict[str, Any], fixes: list[dict[str, Any]]) -> None:
    print_incident_heading(record)
    labels = {s["hash"]: s["source"] or s["file"] for s in record["sources"]}
    for name, values in record["fields"].items():
        if name != "date_precision":  # the heading already shows it, as part of the date
            print_field(name, values, record["type"], labels)
    if record["roles"]:
        out.print(f"\nRoles: {roles_text(record['roles'])}", highlight=False)
    if record["conflicts"]:
        out.print("\nSources disagree on:")
        for name, values in record["conflicts"].items():
            out.print(f"  {field_label(name, record['type'])}: {' / '.join(shown(name, v) for v in values)}")
    print_incident_sources(record["sources"])
    if fixes:
        out.print("\nCorrections:")
        for fix in fixes:
            out.print(f"  {fix['at'][:16]} {fix['action']} by {fix['who']}: {fix['why']}")


def print_incident_heading(record: dict[str, Any]) -> None:
    """What, where and when; the summary; then the id and how well sources back it."""
    where = record["place"] or record["admin1"] or "place unknown"
    when = date_text(record["date"], record["date_precision"])
    out.print(f"{type_name(record['type']).capitalize()}, {where}, {when}")
    out.print(record["summary"], highlight=False)
    reports, independent = len(record["sources"]), record.get("independent_sources") or len(record["sources"])
    out.print(
        f"{record['id']} · {reports} report{'s' * (reports != 1)}, {independent} independent "
        f"source{'s' * (independent != 1)} · {record['corroboration']}"
        f" · releasability {record['releasability']}"
        + (" · recalled history" if record.get("recalled") else "")
    )


def print_field(name: str, values: list[dict[str, Any]], kind: str, labels: dict[str, str]) -> None:
    """One field: the chosen value and the rule that chose it, then every source's value and its words."""
    chosen = next((v for v in values if v["chosen"]), None)
    out.print(
        f"\n{field_label(name, kind)}: {shown(name, chosen['value'] if chosen else None)}",
        highlight=False,
    )
    if chosen and chosen.get("rule"):
        out.print(f"  chosen by: {chosen['rule'].replace('_', ' ')}")
    for value in values:
        quote = f"  “{value['span']['text']}”" if value.get("span") else ""
        mark = "*" if value["chosen"] else "-"
        source = labels.get(value["report"], value["report"][:12])
        out.print(f"  {mark} {shown(name, value['value'])} — {source}{quote}")


def print_incident_sources(sources: list[dict[str, Any]]) -> None:
    out.print("\nSources:")
    for source in sources:
        published = date_text(source["published"]) if source["published"] else "date unknown"
        out.print(
            f"  {source['source'] or 'unnamed source'}, {published} ({source['role']}): {source['file']}"
        )


def shown(name: str, value: Any) -> str:
    if name == "date" and value:
        return date_text(value)
    return describe(name, value)


def export_command(
    fmt: Annotated[str, typer.Option("--format", help="csv (ACLED's columns), geojson or json.")] = "csv",
    audience: AudienceOption = "national",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here (default: standard output).")
    ] = None,
    types: Annotated[
        list[str] | None, typer.Option("--type", help="Only this event type (repeatable).")
    ] = None,
    date_from: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="Processes that write batches (default: one per core).")
    ] = os.cpu_count() or 1,
    db: DbOption = None,
) -> None:
    """The picture in the field's formats, streamed (a million incidents in flat memory).

    A file is written whole or not at all. Columns: docs/exports.md.

    Example: sarhad export --format csv --audience bilateral -o incidents.csv
    """
    import tempfile

    from sarhad.api.queries import IncidentFilter
    from sarhad.exports import FORMATS, Audience, Export, stream_parallel

    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", code=2)
    if audience not in ("national", "bilateral"):
        raise fail(f"--audience must be national or bilateral, not {audience!r}", code=2)
    try:
        days = [dt.date.fromisoformat(d) if d else None for d in (date_from, date_to)]
    except ValueError as exc:
        raise fail(f"dates must be YYYY-MM-DD: {exc}", code=2) from exc
    where = IncidentFilter(types=tuple(types or ()), date_from=days[0], date_to=days[1])
    export = Export(cast(Audience, audience), where)
    chunks = stream_parallel(open_db(db), export, fmt, workers)
    if output is None:
        for chunk in chunks:
            out.file.write(chunk)
        return
    folder = output.resolve().parent
    handle, temporary = tempfile.mkstemp(prefix=f".{output.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as target:
            for chunk in chunks:
                target.write(chunk)
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    err.print(f"wrote {output}", highlight=False)


correct_app = typer.Typer(
    help="Analyst corrections to the fused picture; each is kept, audited and replayed on re-fusion."
)
WhoOption = Annotated[str, typer.Option("--who", help="Who makes the correction.")]
WhyOption = Annotated[str, typer.Option("--why", help="Why: kept with the correction.")]


@correct_app.command("merge")
def correct_merge(ids: list[str], who: WhoOption, why: WhyOption, db: DbOption = None) -> None:
    """These incidents are one real event.

    Example: sarhad correct merge inc-1a2b3c4d5e6f inc-0f9e8d7c6b5a --who "A. Analyst" --why "same ambush"
    """
    from sarhad.fuse.store import merge_incidents

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
    """The named reports tell of another event than the rest of this incident.

    Example: sarhad correct split inc-1a2b3c4d5e6f --report 5938ee46 --who "A. Analyst" --why "a later attack"
    """
    from sarhad.fuse.store import split_incident

    with corrections(db) as session:
        apply_correction(lambda: split_incident(session, incident_id, reports, who, why))
    out.print(f"split {len(reports)} report(s) off {incident_id}")


@correct_app.command("pin")
def correct_pin(
    incident_id: str, field: str, value: str, who: WhoOption, why: WhyOption, db: DbOption = None
) -> None:
    """Fix one field's value (counts as numbers, dates as YYYY-MM-DD).

    Example: sarhad correct pin inc-1a2b3c4d5e6f killed 6 --who "A. Analyst" --why "ISPR statement"
    """
    from sarhad.fuse.store import pin_field

    parsed: object = int(value) if value.isascii() and value.isdigit() else value
    with corrections(db) as session:
        apply_correction(lambda: pin_field(session, incident_id, field, parsed, who, why))
    out.print(f"pinned {field} = {value} on {incident_id}")


@contextmanager
def corrections(db: str | None) -> Iterator[Session]:
    """A write session for a correction, under the picture lock (a correction re-fuses the picture)."""
    from sarhad.store.db import session_scope
    from sarhad.store.locks import picture_lock

    url = open_db(db)
    waiting = "waiting for an ingest or process on this database to finish"
    with picture_lock(url, lambda: err.print(waiting)), session_scope(url, write=True) as session:
        yield session


def apply_correction(action: Any) -> None:
    from sarhad.fuse.store import CorrectionError

    try:
        action()
    except CorrectionError as exc:
        raise fail(str(exc), code=1) from exc
