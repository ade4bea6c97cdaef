"""The border pack: everything the reader knows about one border, derived from data, never from code.

A pack joins three data sources:

- the geo border configuration (``sarhad.geo``): the two countries and, from the sectors' admin units,
  the provinces on each side of the line;
- ``geo/data/countries.json``: how English news names each country (name, short form, demonym, capital,
  the institutions and forces that place a report on one side);
- ``read/data/borders/<A>-<B>.json``: what only a reader of this border's news knows (the region's own
  words, the provinces whose news is border news, the neighbouring borders whose news must be told
  apart from this one's).

Every country word the reader matches is built here, so a second border is a pair of data files; how a
language phrases a border ("X border", "both countries") is the language pack's, filled in by
``read/cues.py``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from sarhad.geo.border import BorderError, country_pair, load_border
from sarhad.geo.config import DEFAULT_BORDER

_GEO_DATA = resources.files("sarhad.geo") / "data"
_READ_DATA = resources.files("sarhad.read") / "data"


class CountryNames(BaseModel):
    """How English-language news names one country (a record of ``countries.json``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str
    name: str
    short: tuple[str, ...] = ()
    demonyms: tuple[str, ...]
    nationals: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    institutions: tuple[str, ...] = ()
    forces: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The country's name and its short forms ("Pakistan", "Pak")."""
        return (self.name, *self.short)


class Elsewhere(BaseModel):
    """Neighbouring borders whose news must not be read as this border's."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    countries: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


class BorderReading(BaseModel):
    """``read/data/borders/<A>-<B>.json``: what a reader of this border's news knows."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    note: str = Field(default="", alias="_note")
    countries: tuple[str, str]
    region_words: tuple[str, ...] = ()
    border_words: tuple[str, ...] = ()
    border_news_provinces: tuple[str, ...] = ()
    elsewhere: Elsewhere = Elsewhere()


class PackError(ValueError):
    """A border pack cannot be built: a data file is missing or malformed, or the border cannot load."""


@dataclass(frozen=True)
class Side:
    code: str
    names: CountryNames
    provinces: frozenset[str]


@dataclass(frozen=True, eq=False)
class BorderPack:
    """One border as the reader sees it. Built by :func:`load_pack`; compiled patterns are cached."""

    sides: tuple[Side, Side]
    reading: BorderReading
    neighbours: tuple[CountryNames, ...]
    crossings: tuple[str, ...] = ()  # the crossing points' names and aliases ("Taftan-Mirjaveh")
    crossing_towns: tuple[str, ...] = ()  # the towns they join ("Taftan", "Mirjaveh")
    abroad: tuple[CountryNames, ...] = ()  # every other state news may name (an Israeli strike in Iran)

    # ---- plain facts -----------------------------------------------------------------------------

    @property
    def key(self) -> str:
        """The border's name in data and in the store: "PK-IR"."""
        return "-".join(self.countries)

    @property
    def countries(self) -> tuple[str, str]:
        return (self.sides[0].code, self.sides[1].code)

    @cached_property
    def provinces(self) -> frozenset[str]:
        """The admin1 units that touch the line, on either side."""
        return self.sides[0].provinces | self.sides[1].provinces

    @cached_property
    def border_news_provinces(self) -> frozenset[str]:
        return frozenset(self.reading.border_news_provinces)

    @property
    def pair_name(self) -> str:
        """The two states acting together: "Pakistan and Iran"."""
        return " and ".join(side.names.name for side in self.sides)

    @cached_property
    def state_of_country(self) -> dict[str, str]:
        return {side.code: side.names.name for side in self.sides}

    @cached_property
    def demonym_of(self) -> dict[str, str]:
        """Country code -> the adjective for its unnamed forces ("Iranian border guards")."""
        return {side.code: side.names.demonyms[0] for side in self.sides}

    @cached_property
    def country_of_word(self) -> dict[str, str]:
        """A side's name, short form, demonym or capital (lower case) -> its country code."""
        out: dict[str, str] = {}
        for side in self.sides:
            n = side.names
            for word in (*n.names, *n.demonyms, *n.capitals):
                out[word.lower()] = side.code
        return out

    @cached_property
    def adjectives(self) -> frozenset[str]:
        """The sides' demonyms, lower case: "Iranian diesel" names a nationality, not an actor."""
        return frozenset(d.lower() for side in self.sides for d in side.names.demonyms)

    # ---- word lists for the triage ---------------------------------------------------------------

    def side_words(self) -> Iterable[tuple[str, str]]:
        """(word, country code): words whose mention places a report on one side."""
        for side in self.sides:
            n = side.names
            for word in (n.name, *n.demonyms, *n.capitals, *n.institutions):
                yield word.lower(), side.code
            yield f"{n.name.lower()}'s", side.code

    def pair_words(self) -> tuple[str, ...]:
        """Hyphenated names of the pair: "pak-iran", "iran-pakistan", "pak-iranian"."""
        a, b = (side.names for side in self.sides)
        out = [f"{x}-{y}".lower() for x, y in pairs(a.names, b.names)]
        out += [f"{x}-{d}".lower() for x in a.names for d in b.demonyms]
        out += [f"{x}-{d}".lower() for x in b.names for d in a.demonyms]
        return tuple(dict.fromkeys(out))

    # ---- compiled patterns -----------------------------------------------------------------------

    @cached_property
    def states(self) -> str:
        """Alternation of the sides' names and capitals ("Iran|Pakistan|Tehran|Islamabad")."""
        words = [w for side in self.sides for w in (side.names.name, *side.names.capitals)]
        return alternation(words)

    @cached_property
    def foreign(self) -> str:
        """Alternation of other states' names, demonyms and capitals ("Israel|Israeli|Tel Aviv|...")."""
        return alternation(w for n in self.abroad for w in (*n.names, *n.demonyms, *n.capitals))

    @cached_property
    def foreign_places(self) -> str:
        """Alternation of other states' names and capitals: places abroad ("Iraq|Damascus|...")."""
        return alternation(w for n in self.abroad for w in (*n.names, *n.capitals))

    @cached_property
    def demonyms(self) -> str:
        return alternation([d for side in self.sides for d in side.names.demonyms])

    @cached_property
    def forces(self) -> str:
        """Short names of the sides' state forces ("FC|Levies|IRGC|Basij|Revolutionary")."""
        return alternation([f for side in self.sides for f in side.names.forces])

    @cached_property
    def nationals(self) -> str:
        """Plural nationalities of the sides and their neighbours ("Pakistanis|Iranians|Afghans")."""
        everyone = [*(side.names for side in self.sides), *self.neighbours]
        return alternation([n for c in everyone for n in c.nationals])

    def substitute(self, pattern: str) -> str:
        """Fill a language pattern's country slots: <STATE>, <DEMONYM>, <FORCE>, <NATIONALS>, and
        <FOREIGN> and <FOREIGN_PLACE> for the other states."""
        return (
            pattern.replace("<FOREIGN_PLACE>", self.foreign_places)
            .replace("<FOREIGN>", self.foreign)
            .replace("<STATE>", self.states)
            .replace("<DEMONYM>", self.demonyms)
            .replace("<FORCE>", self.forces)
            .replace("<NATIONALS>", self.nationals)
        )


def pairs(a: Iterable[str], b: Iterable[str]) -> list[tuple[str, str]]:
    a, b = list(a), list(b)
    return [(x, y) for x in a for y in b] + [(y, x) for x in a for y in b]


def alternation(words: Iterable[str]) -> str:
    """Longest first, so that "Pakistan" is tried before "Pak"."""
    unique = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in unique) or "(?!)"


def parse_countries(value: str | Iterable[str]) -> tuple[str, str]:
    """``"PK,IR"``, ``"PK-IR"`` or ``("PK", "IR")`` -> ``("PK", "IR")`` (geo's check), as a PackError."""
    try:
        return country_pair(value)
    except BorderError as exc:
        raise PackError(f"{value!r}: {exc}") from exc


def load_pack(countries: str | Iterable[str] = DEFAULT_BORDER) -> BorderPack:
    """The border pack for two countries in either order (cached)."""
    return _load_pack(frozenset(parse_countries(countries)))


@lru_cache(maxsize=8)
def _load_pack(codes: frozenset[str]) -> BorderPack:
    pair = (min(codes), max(codes))
    reading = _reading(pair)
    names = _country_names()
    try:
        border = load_border(reading.countries)
    except (OSError, BorderError) as exc:
        raise PackError(f"the {'-'.join(pair)} border cannot load: {exc}") from exc
    provinces: dict[str, set[str]] = {code: set() for code in reading.countries}
    for sector in border.sectors:
        for code, admin in sector.admin.items():
            provinces[code].update(admin.get("admin1", []))
    missing = [c for c in (*reading.countries, *reading.elsewhere.countries) if c not in names]
    if missing:
        raise PackError(f"geo/data/countries.json has no entry for {', '.join(missing)}")
    sides = tuple(Side(code, names[code], frozenset(provinces[code])) for code in reading.countries)
    neighbours = tuple(names[c] for c in reading.elsewhere.countries)
    crossing_names = sorted({name for c in border.crossings for name in (c.name, *c.aliases)})
    towns = sorted({town for c in border.crossings for town in _towns(c.name)})
    abroad = tuple(n for code, n in names.items() if code not in reading.countries)
    return BorderPack((sides[0], sides[1]), reading, neighbours, tuple(crossing_names), tuple(towns), abroad)


def _towns(name: str) -> list[str]:
    """The towns a crossing joins: "Taftan–Mirjaveh" -> Taftan, Mirjaveh."""
    return [part.strip() for part in re.split(r"[–-]", name) if len(part.strip()) > 2]


def _reading(pair: tuple[str, str]) -> BorderReading:
    for name in ("-".join(pair), "-".join(reversed(pair))):
        path = _READ_DATA / "borders" / f"{name}.json"
        if path.is_file():
            return BorderReading.model_validate(_json(path.read_text("utf-8"), f"borders/{name}.json"))
    name = "-".join(pair)
    raise PackError(f"no border pack for {name}: add read/data/borders/{name}.json (see docs/reading.md)")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, CountryNames]:
    raw = _json((_GEO_DATA / "countries.json").read_text("utf-8"), "geo/data/countries.json")
    countries = raw["countries"].items()
    return {code: CountryNames.model_validate({**item, "code": code}) for code, item in countries}


def _json(text: str, origin: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PackError(f"{origin} is not valid JSON: {exc}") from exc
