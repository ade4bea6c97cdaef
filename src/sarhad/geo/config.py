"""Border configurations and curated places: data files under ``sarhad/geo/data``, no code per border.

A border configuration (``data/borders/<A>-<B>.json``) names the two countries and says how to
number the line, how to spell admin1 names, which crossing points exist and where the official
length comes from. Curated places (``data/places/<CC>.json``) fill gaps in the packaged gazetteers.
Any pair of neighbours works without a file; the file only adds what the packages cannot know.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

DATA = resources.files("sarhad.geo") / "data"
DEFAULT_BORDER = ("PK", "IR")  # the project's default configuration: the Pakistan-Iran border
START_CHOICES = ("north", "south", "east", "west")


class ConfigError(ValueError):
    """A configuration or curated-data file is malformed."""


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: a title (outlet, dataset), an address and what it says, paraphrased."""

    title: str
    url: str | None = None
    date: str | None = None
    note: str | None = None

    @classmethod
    def parse(cls, raw: dict[str, Any]) -> Source:
        return cls(title=str(raw["title"]), url=raw.get("url"), date=raw.get("date"), note=raw.get("note"))

    def cite(self) -> str:
        parts = [self.title, self.date, self.url]
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True)
class Location:
    """A curated coordinate and how it was obtained (see docs/border.md, "Curated coordinates").

    ``method`` is ``source`` (read off a cited dataset or page), ``derived`` (computed from positions
    stated in cited reports, e.g. "14 km from the border"), or ``anchor`` (no coordinate of its own:
    the place is located at another named place, with ``near_place`` precision).
    """

    method: str
    lat: float | None = None
    lon: float | None = None
    anchor: str | None = None
    uncertainty_km: float | None = None
    derivation: str | None = None


@dataclass(frozen=True)
class CuratedPlace:
    name: str
    country: str
    admin1: str | None
    admin2: str | None
    kind: str
    aliases: tuple[str, ...]
    location: Location
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class CrossingSpec:
    name: str
    lat: float
    lon: float
    status: str
    aliases: tuple[str, ...]
    sides: dict[str, dict[str, Any]]
    sources: tuple[Source, ...]
    derivation: str | None = None
    opened: str | None = None


@dataclass(frozen=True)
class BorderConfig:
    """Everything about one pair of neighbours that is data rather than code."""

    countries: tuple[str, str]
    start_from: str = "north"
    official_length_km: float | None = None
    official_length_source: Source | None = None
    admin1_names: dict[str, dict[str, str]] = field(default_factory=dict)
    admin2_names: dict[str, dict[str, str]] = field(default_factory=dict)
    crossings: tuple[CrossingSpec, ...] = ()
    origin: str = "defaults"

    @classmethod
    def default(cls, countries: tuple[str, str]) -> BorderConfig:
        return cls(countries=countries)

    @classmethod
    def from_file(cls, path: Path) -> BorderConfig:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read border configuration ({exc})") from exc
        return cls.parse(raw, origin=str(path))

    @classmethod
    def parse(cls, raw: dict[str, Any], origin: str = "inline") -> BorderConfig:
        try:
            countries = tuple(str(c).upper() for c in raw["countries"])
            if len(countries) != 2:
                raise ConfigError(f"{origin}: 'countries' must name exactly two ISO codes")
            start = str(raw.get("start_from", "north"))
            if start not in START_CHOICES:
                raise ConfigError(f"{origin}: start_from must be one of {', '.join(START_CHOICES)}")
            official = raw.get("official_length") or {}
            return cls(
                countries=(countries[0], countries[1]),
                start_from=start,
                official_length_km=official.get("km"),
                official_length_source=Source.parse(official["source"]) if "source" in official else None,
                admin1_names={k.upper(): dict(v) for k, v in raw.get("admin1_names", {}).items()},
                admin2_names={k.upper(): dict(v) for k, v in raw.get("admin2_names", {}).items()},
                crossings=tuple(_parse_crossing(c, origin) for c in raw.get("crossings", [])),
                origin=origin,
            )
        except (KeyError, TypeError, ValueError) as exc:
            if isinstance(exc, ConfigError):
                raise
            raise ConfigError(f"{origin}: malformed border configuration ({exc!r})") from exc

    def admin1_display(self, country: str, name: str) -> str | None:
        return self.admin1_names.get(country, {}).get(name)

    def admin2_display(self, country: str, name: str) -> str | None:
        return self.admin2_names.get(country, {}).get(name)


def _parse_crossing(raw: dict[str, Any], origin: str) -> CrossingSpec:
    sources = tuple(Source.parse(s) for s in raw.get("sources", []))
    if not sources:
        raise ConfigError(f"{origin}: crossing {raw.get('name')!r} has no source")
    return CrossingSpec(
        name=str(raw["name"]),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        status=str(raw["status"]),
        aliases=tuple(raw.get("aliases", [])),
        sides={k.upper(): dict(v) for k, v in raw.get("sides", {}).items()},
        sources=sources,
        derivation=raw.get("derivation"),
        opened=raw.get("opened"),
    )


def _read_json(name: str) -> Any:
    resource = DATA.joinpath(name)
    if not resource.is_file():
        return None
    try:
        return json.loads(resource.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"sarhad/geo/data/{name}: invalid JSON ({exc})") from exc


@lru_cache(maxsize=64)
def border_config(countries: tuple[str, str]) -> BorderConfig:
    """The shipped configuration for this pair (in either order), or defaults if there is none."""
    a, b = countries
    for name in (f"borders/{a}-{b}.json", f"borders/{b}-{a}.json"):
        raw = _read_json(name)
        if raw is not None:
            return BorderConfig.parse(raw, origin=f"sarhad/geo/data/{name}")
    return BorderConfig.default(countries)


@lru_cache(maxsize=1)
def shipped_configs() -> tuple[BorderConfig, ...]:
    """Every border configuration shipped with the package."""
    directory = DATA.joinpath("borders")
    if not directory.is_dir():
        return ()
    names = sorted(e.name for e in directory.iterdir() if e.name.endswith(".json"))
    return tuple(
        BorderConfig.parse(_read_json(f"borders/{n}"), origin=f"sarhad/geo/data/borders/{n}") for n in names
    )


@lru_cache(maxsize=64)
def curated_places(country: str) -> tuple[CuratedPlace, ...]:
    """The curated supplement for one country (none if it has no file)."""
    raw = _read_json(f"places/{country}.json")
    if raw is None:
        return ()
    origin = f"sarhad/geo/data/places/{country}.json"
    return tuple(_parse_place(entry, country, origin) for entry in raw["places"])


def _parse_place(raw: dict[str, Any], country: str, origin: str) -> CuratedPlace:
    try:
        loc = raw["location"]
        location = Location(
            method=str(loc["method"]),
            lat=loc.get("lat"),
            lon=loc.get("lon"),
            anchor=loc.get("anchor"),
            uncertainty_km=loc.get("uncertainty_km"),
            derivation=loc.get("derivation"),
        )
        sources = tuple(Source.parse(s) for s in raw["sources"])
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"{origin}: malformed place {raw.get('name')!r} ({exc!r})") from exc
    if not sources:
        raise ConfigError(f"{origin}: place {raw['name']!r} has no source")
    if location.method == "anchor" and not location.anchor:
        raise ConfigError(f"{origin}: anchored place {raw['name']!r} names no anchor")
    if location.method != "anchor" and (location.lat is None or location.lon is None):
        raise ConfigError(f"{origin}: place {raw['name']!r} has no coordinate")
    return CuratedPlace(
        name=str(raw["name"]),
        country=country,
        admin1=raw.get("admin1"),
        admin2=raw.get("admin2"),
        kind=str(raw["kind"]),
        aliases=tuple(raw.get("aliases", [])),
        location=location,
        sources=sources,
    )


def data_fingerprint() -> str:
    """A hash of every shipped data file, so derived caches notice edits to curated data."""
    digest = hashlib.sha256()
    for folder in ("borders", "places"):
        directory = DATA.joinpath(folder)
        if not directory.is_dir():
            continue
        for entry in sorted(directory.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".json"):
                digest.update(entry.name.encode())
                digest.update(entry.read_bytes())
    return digest.hexdigest()[:16]
