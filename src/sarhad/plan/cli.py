"""`sarhad plan ...`: coordinated patrol plans from the command line."""

from __future__ import annotations

import importlib
import inspect
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Protocol

import typer
from rich.console import Console
from rich.table import Table

from sarhad.clikit import CountriesOption

if TYPE_CHECKING:
    from sarhad.plan.model import InterceptionModel
    from sarhad.plan.planner import PatrolPlan
    from sarhad.plan.threat import SectorEvent

plan_app = typer.Typer(help="Patrol planning: randomized, coordinated, game-theoretic.", no_args_is_help=True)


class ModelChoice(StrEnum):
    either = "either"
    joint = "joint"


class SectorLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def start_km(self) -> float: ...
    @property
    def end_km(self) -> float: ...


class EventLike(Protocol):
    @property
    def sector_id(self) -> int: ...
    @property
    def date(self) -> date: ...
    @property
    def weight(self) -> float: ...


def _fail(message: str, code: int = 2) -> NoReturn:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code=code)


def _note(message: str) -> None:
    typer.echo(f"note: {message}", err=True)


def load_sectors(countries: tuple[str, str], sector_km: float) -> tuple[tuple[str, str], list[SectorLike]]:
    """The border's party codes and sectors, from the border model (imported lazily)."""
    try:
        border_module = importlib.import_module("sarhad.geo.border")
    except ImportError as exc:
        _fail(f"the border model (sarhad.geo.border) is not available: {exc}", code=1)
    try:
        border = border_module.load_border(countries=countries, sector_km=sector_km)
    except (ValueError, KeyError, LookupError) as exc:
        _fail(f"cannot build the {'-'.join(countries)} border: {exc}")
    parties = tuple(str(c).upper() for c in border.countries)
    if len(parties) != 2:
        _fail(f"the border has {len(parties)} parties; planning needs exactly two")
    return (parties[0], parties[1]), list(border.sectors)


def load_events(db_url: str | None, countries: tuple[str, str], sector_km: float) -> list[SectorEvent] | None:
    """Located incidents from the store, or None (with a note) when the store has no such query."""
    from sarhad.plan.threat import SectorEvent

    try:
        fetch = importlib.import_module("sarhad.store.queries").sector_events
    except (ImportError, AttributeError) as exc:
        _note(f"incident store not available ({exc}); every sector gets the floor threat")
        return None
    # Incidents must be placed in the same sectors as the plan's, so pass the length when accepted.
    if "sector_km" in inspect.signature(fetch).parameters:
        events: Sequence[EventLike] = fetch(db_url, countries, sector_km=sector_km)
    else:
        events = fetch(db_url, countries)
    return [SectorEvent(int(e.sector_id), e.date, float(e.weight)) for e in events]


def read_threat_file(path: Path, sector_ids: Sequence[int], floor: float) -> dict[int, float]:
    """``{sector_id: threat}`` from JSON; sectors it leaves out get the floor."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        _fail(f"cannot read threat file {path}: {exc}")
    if not isinstance(raw, dict):
        _fail(f"threat file {path} must hold a JSON object {{sector_id: threat}}")
    threat: dict[int, float] = {}
    for key, value in raw.items():
        try:
            sector, level = int(key), float(value)
        except (TypeError, ValueError):
            _fail(f"threat file {path}: entry {key!r}: {value!r} is not sector_id: number")
        if not (math.isfinite(level) and level > 0):
            _fail(f"threat file {path}: sector {sector} has threat {value!r}; threats must be positive")
        threat[sector] = level
    unknown = sorted(set(threat) - set(sector_ids))
    if unknown:
        _fail(f"threat file {path} names sectors this border does not have: {unknown[:10]}")
    missing = [s for s in sector_ids if s not in threat]
    if missing:
        _note(f"threat file gives no threat for {len(missing)} sector(s); they get the floor {floor}")
    return {s: threat.get(s, floor) for s in sector_ids}


def _parse_countries(text: str) -> tuple[str, str]:
    codes = [c.strip().upper() for c in text.split(",") if c.strip()]
    if len(codes) != 2 or codes[0] == codes[1]:
        raise typer.BadParameter("expected two different country codes, e.g. PK,IR", param_hint="--countries")
    return codes[0], codes[1]


def _parse_date(text: str | None) -> date:
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)", param_hint="--as-of") from None


def _model(choice: ModelChoice, single: float | None, both: float | None) -> InterceptionModel:
    from sarhad.plan.model import InterceptionModel, PlanInputError, joint_model

    if choice is ModelChoice.either:
        if both is not None:
            raise PlanInputError("--joint-stop applies to --model joint only")
        level = 1.0 if single is None else single
        return InterceptionModel("either", level, level)
    defaults = joint_model()
    return joint_model(defaults.single if single is None else single, defaults.both if both is None else both)


@dataclass(frozen=True)
class ThreatSource:
    db: str | None
    threat_file: Path | None
    as_of: date
    half_life: float
    floor: float
    sector_km: float


def _threat(sector_ids: list[int], countries: tuple[str, str], source: ThreatSource) -> dict[int, float]:
    from sarhad.plan.threat import sector_threat

    if source.threat_file is not None:
        return read_threat_file(source.threat_file, sector_ids, source.floor)
    events = load_events(source.db, countries, source.sector_km) or []
    known = set(sector_ids)
    outside = sum(1 for e in events if e.sector_id not in known)
    if outside:
        _note(f"{outside} incident(s) lie in no sector of this border and are ignored")
    if not events:
        _note("no located incidents; every sector gets the floor threat")
    return sector_threat(sector_ids, events, source.as_of, source.half_life, source.floor)


@plan_app.callback()
def plan_group() -> None:
    """Patrol planning: randomized, coordinated, game-theoretic."""


@plan_app.command("patrols")
def patrols(
    units: str = typer.Option(..., "--units", help="Patrol units per shift, e.g. PK=12,IR=10."),
    shifts: int = typer.Option(21, "--shifts", min=1, max=10_000, help="Number of shifts to roster."),
    model: ModelChoice = typer.Option(ModelChoice.either, "--model", help="Interception model."),
    seed: int | None = typer.Option(None, "--seed", help="Seed for reproducible rosters."),
    json_out: bool = typer.Option(False, "--json", help="Print the plan as JSON."),
    db: str | None = typer.Option(None, "--db", envvar="SARHAD_DATABASE_URL", help="Database URL."),
    countries: CountriesOption = "PK,IR",
    sector_km: float = typer.Option(25.0, "--sector-km", min=0.001, help="Sector length along the border."),
    as_of: str | None = typer.Option(None, "--as-of", help="Date the threat is computed for (YYYY-MM-DD)."),
    threat_file: Path | None = typer.Option(None, "--threat-file", help="JSON {sector_id: threat}."),
    half_life: float = typer.Option(180.0, "--half-life", help="Days for an incident's weight to halve."),
    floor: float | None = typer.Option(
        None, "--floor", help="Threat of a sector without incidents (default: the threat model's floor)."
    ),
    single_stop: float | None = typer.Option(None, "--single-stop", help="Stop probability, one side alone."),
    joint_stop: float | None = typer.Option(
        None, "--joint-stop", help="Stop probability, both sides (joint)."
    ),
    rationality: float = typer.Option(
        10.0, "--rationality", min=0.0, help="Quantal-response attacker lambda."
    ),
) -> None:
    """Coordinated patrol plan (Stackelberg equilibrium), its rivals, and shift rosters.

    Example: sarhad plan patrols --units PK=12,IR=10 --model joint --seed 7
    """
    from sarhad.plan.model import PlanInputError
    from sarhad.plan.planner import PlanSettings, parse_units, plan_patrols
    from sarhad.plan.threat import DEFAULT_FLOOR

    floor = DEFAULT_FLOOR if floor is None else floor
    codes = _parse_countries(countries)
    day = _parse_date(as_of)
    try:
        interception = _model(model, single_stop, joint_stop)
        parties, sectors = load_sectors(codes, sector_km)
        wanted = parse_units(units, parties)
        sector_ids = [int(s.id) for s in sectors]
        source = ThreatSource(db, threat_file, day, half_life, floor, sector_km)
        threat = _threat(sector_ids, parties, source)
        settings = PlanSettings(model=interception, shifts=shifts, seed=seed, rationality=rationality)
        plan = plan_patrols(sector_ids, threat, parties, wanted, settings)
    except (PlanInputError, ValueError) as exc:
        _fail(str(exc))
    info = {
        int(s.id): {"start_km": round(float(s.start_km), 3), "end_km": round(float(s.end_km), 3)}
        for s in sectors
    }
    document = plan.to_dict(info)
    if json_out:
        typer.echo(json.dumps(document, ensure_ascii=False))
    else:
        _render(plan, document)


def _render(plan: PatrolPlan, document: dict[str, Any]) -> None:
    console = Console(markup=False)
    first, second = plan.parties
    sectors = Table(title=f"Coordinated plan ({document['model']['name']} model)")
    for column in ("sector", "km", "threat", first, second, "joint", "protection"):
        sectors.add_column(column, justify="right")
    for row in document["sectors"]:
        km = f"{row.get('start_km', '')}-{row.get('end_km', '')}"
        cov = row["coverage"]
        values = (row["threat"], cov[first], cov[second], row["joint"], row["protection"])
        sectors.add_row(str(row["id"]), km, *(f"{v:.3f}" for v in values))
    console.print(sectors)
    utilities = Table(title="Defender utility vs a best-responding attacker (higher is better)")
    utilities.add_column("plan")
    utilities.add_column("best response", justify="right")
    utilities.add_column(f"quantal (lambda={plan.settings.rationality:g})", justify="right")
    for name, value in document["utility"].items():
        utilities.add_row(name, f"{value:.4f}", f"{document['quantal_response'][name]:.4f}")
    console.print(utilities)
    console.print(f"price of miscoordination: {document['price_of_miscoordination']:.4f}; seed {plan.seed}")
    for shift in document["roster"][:3]:
        parts = [f"{first} {shift[first]}", f"{second} {shift[second]}", f"joint {shift['joint']}"]
        console.print(f"shift {shift['shift']}: " + " | ".join(parts))
    if len(document["roster"]) > 3:
        console.print(f"... {len(document['roster']) - 3} more shifts (use --json for all)")
