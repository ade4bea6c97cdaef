"""The ``border`` and ``geocode`` commands; ``register(app)`` adds them to the ``sarhad`` CLI."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from sarhad.clikit import CountriesOption

if TYPE_CHECKING:
    from sarhad.geo.border import Border
    from sarhad.geo.gazetteer import GeocodeResult

_out = Console(markup=False)
_err = Console(stderr=True, markup=False)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="SARHAD_DATABASE_URL", help="Accepted for uniformity; not used."),
]


def register(app: typer.Typer) -> None:
    app.command("border")(border_command)
    app.command("geocode")(geocode_command)


def border_command(
    countries: CountriesOption = "PK,IR",
    sector_km: Annotated[float, typer.Option("--sector-km", help="Target sector length.")] = 25.0,
    corridor_km: Annotated[float, typer.Option("--corridor-km", help="Corridor depth per side.")] = 50.0,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """The shared border: its source and length, its sectors and its crossing points.

    Example: sarhad border --countries PK,IR --sector-km 25
    """
    border = _border(countries, sector_km, corridor_km)
    if as_json:
        _print_json(border.to_dict())
        return
    _print_border(border)


def geocode_command(
    name: Annotated[str, typer.Argument(help="A place name as written in a report.")],
    country: Annotated[str | None, typer.Option("--country", help="Only places in this country.")] = None,
    near: Annotated[
        str | None, typer.Option("--near", help="A nearby place (or several, comma-separated).")
    ] = None,
    countries: CountriesOption = "PK,IR",
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Look a place name up: best match, precision, sector and side, and the other candidates.

    Example: sarhad geocode Mirjaveh --country IR
    """
    from sarhad.geo.border import BorderError
    from sarhad.geo.config import ConfigError
    from sarhad.geo.gazetteer import GazetteerError, load_gazetteer
    from sarhad.geo.names import fold

    if not fold(name):
        raise _fail(f"not a place name: {name!r}")
    codes = _codes(countries)
    try:
        gazetteer = load_gazetteer(codes)
        result = gazetteer.geocode(name, country=country, near=near)
    except (GazetteerError, BorderError, ConfigError, ValueError) as exc:
        raise _fail(str(exc)) from exc
    for context in (near or "").split(","):
        if context.strip() and gazetteer.geocode(context.strip()) is None:
            _err.print(
                f"note: context place {context.strip()!r} is not in the gazetteer; ignored", highlight=False
            )
    if result is None:
        if as_json:
            _print_json(None)
        _err.print(f"not found: no place matches {name!r}", highlight=False)
        raise typer.Exit(1)
    if as_json:
        _print_json(result.to_dict())
        return
    _print_result(result)


def _border(countries: str, sector_km: float, corridor_km: float) -> Border:
    from sarhad.geo.border import BorderError, load_border
    from sarhad.geo.config import ConfigError

    codes = _codes(countries)
    try:
        return load_border((codes[0], codes[1]), sector_km, corridor_km)
    except (BorderError, ConfigError, ValueError) as exc:
        raise _fail(str(exc)) from exc


def _codes(countries: str) -> tuple[str, str]:
    codes = [c.strip().upper() for c in countries.split(",") if c.strip()]
    if len(codes) != 2:
        raise _fail(f"--countries needs two comma-separated ISO codes, got {countries!r}")
    return codes[0], codes[1]


def _fail(message: str) -> typer.Exit:
    _err.print(f"error: {message}", highlight=False)
    return typer.Exit(2)


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False) + "\n")


def _print_border(border: Border) -> None:
    a, b = border.countries
    _out.print(f"{a}–{b} border: {border.length_km:.1f} km along the line", highlight=False)
    _out.print(f"source: {border.source}", highlight=False)
    if border.official_length_km:
        _out.print(
            f"official length: about {border.official_length_km:.0f} km (see docs/border.md for the gap)",
            highlight=False,
        )
    sectors = Table("sector", "km", f"{a} admin2", f"{b} admin2", title="Sectors")
    for s in border.sectors:
        sectors.add_row(
            str(s.id),
            f"{s.start_km:.1f}–{s.end_km:.1f}",
            ", ".join(s.admin[a]["admin2"]),
            ", ".join(s.admin[b]["admin2"]),
        )
    _out.print(sectors)
    crossings = Table("crossing", "lat", "lon", "sector", "status", title="Crossing points")
    for c in border.crossings:
        crossings.add_row(c.name, f"{c.lat:.4f}", f"{c.lon:.4f}", str(c.sector_id), c.status)
    _out.print(crossings if border.crossings else "No crossing points configured for this border.")


def _print_result(result: GeocodeResult) -> None:
    where = ", ".join(x for x in (result.admin2, result.admin1, result.country) if x)
    _out.print(f"{result.name} ({where}) {result.lat:.5f}, {result.lon:.5f}", highlight=False)
    line = f"precision: {result.precision}"
    if result.sector is not None and result.distance_km is not None:
        side = result.side or "neither"
        line += f"; sector {result.sector}, {side} side, {result.distance_km:.1f} km from the line"
    _out.print(line + (" (ambiguous)" if result.ambiguous else ""), highlight=False)
    table = Table("candidate", "kind", "country", "admin1", "admin2", "score", title="Candidates")
    for c in result.candidates:
        p = c.place
        table.add_row(p.name, p.kind, p.country, p.admin1 or "", p.admin2 or "", f"{c.score:.2f}")
    _out.print(table)
