"""``sarhad sitrep``: the situation report for a period and an audience, as HTML, PDF or Markdown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from sarhad.clikit import AudienceOption, CountriesOption, DbOption, err, fail, open_db, out

if TYPE_CHECKING:
    from sarhad.exports import Audience
    from sarhad.sitrep.model import Period

TimeOption = Annotated[
    str | None,
    typer.Option(help="YYYY-MM-DD or an ISO date and time (UTC unless it says otherwise)."),
]


def register(app: typer.Typer) -> None:
    app.command("sitrep")(sitrep_command)


def sitrep_command(
    fmt: Annotated[str, typer.Option("--format", help="html, pdf or md.")] = "html",
    audience: AudienceOption = "national",
    since: TimeOption = None,
    until: TimeOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (default: sitrep-<audience>-<end>.<format>)."),
    ] = None,
    countries: CountriesOption = "PK,IR",
    db: DbOption = None,
) -> None:
    """The daily situation report: what came in over the period (default the last 24 hours), by sector,
    with the map, hostage cases and crossings. A bilateral report holds only what the exchange would send.

    Example: sarhad sitrep --format pdf --audience bilateral --since 2026-12-05
    """
    from sarhad.geo.border import BorderError, country_pair, load_border
    from sarhad.geo.config import ConfigError
    from sarhad.sitrep.model import build
    from sarhad.sitrep.render import FORMATS, SitrepError, write
    from sarhad.store.db import session_scope
    from sarhad.wording import counted

    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if audience not in ("national", "bilateral"):
        raise fail(f"--audience must be national or bilateral, not {audience!r}")
    period = _period(since, until)
    try:
        border = load_border(country_pair(countries))
    except (BorderError, ConfigError, ValueError) as exc:
        raise fail(f"--countries {countries!r}: {exc}") from exc
    target = output or Path(f"sitrep-{audience}-{period.until:%Y%m%d-%H%M}.{fmt}")
    if not target.resolve().parent.is_dir():
        raise fail(f"cannot write {target}: its folder does not exist")
    with session_scope(open_db(db)) as session:
        report = build(session, period, cast("Audience", audience), border)
    try:
        written = write(report, fmt, target)
    except SitrepError as exc:
        raise fail(str(exc), code=1) from exc
    h = report.headline
    out.print(
        f"{written[0]}: {h.new} new, {h.updated} updated, {h.late} late; {h.killed} killed, "
        f"{h.injured} injured; {counted(h.held_cases, 'hostage case')} open"
        + (f" (figures: {', '.join(p.name for p in written[1:])})" if written[1:] else ""),
        soft_wrap=True,
    )
    if not report.lines:
        err.print("note: no incident came in during the period; --since widens it")


def _period(since: str | None, until: str | None) -> Period:
    from sarhad.sitrep.model import Period

    try:
        return Period.between(*(_moment(t) if t else None for t in (since, until)))
    except ValueError as exc:
        raise fail(f"period: {exc}") from exc


def _moment(text: str) -> dt.datetime:
    """A day is its midnight."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not YYYY-MM-DD or an ISO date and time") from None
