"""Curated names (places, actors) found with one Aho-Corasick automaton, plus fuzzy spelling variants.

Matching rules, so that common words do not become names: an all-capitals alias (FC, BLA, IRGC) must
match exactly; other proper names must start with a capital in the text; lower-case generic aliases
("security forces") match in any case.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal, TypeVar

import ahocorasick
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz, process

from sarhad.read.language import pack_pattern

_WORD = pack_pattern("lexicon.word")
_CAP_NGRAM = pack_pattern("lexicon.cap_ngram")


class ActorRecord(BaseModel):
    """One actor of ``data/actors.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str
    # "media": a force's or state's voice (ISPR): it tells where its forces act, it never acts itself
    kind: Literal["militant", "state", "force", "agency", "media", "person", "generic"]
    country: str | None
    aliases: tuple[str, ...]
    note: str = ""


class PlaceRecord(BaseModel):
    """One place of ``data/places.json``: a name the reader looks for, with its kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    kind: Literal["country", "province", "district", "place", "capital", "crossing", "region"]
    country: str | None
    admin1: str | None = None
    admin2: str | None = None
    # Only for names the project gazetteer (sarhad.geo) cannot place: geo's curated places are the one
    # source of coordinates, and a reader takes them from there.
    lat: float | None = None
    lon: float | None = None
    aliases: tuple[str, ...] = ()


class ActorFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(alias="_note")
    actors: tuple[ActorRecord, ...]


class PlaceFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    note: str = Field(alias="_note")
    places: tuple[PlaceRecord, ...]


_File = TypeVar("_File", ActorFile, PlaceFile)


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str
    country: str | None


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None


# A name's coordinates from the project gazetteer, given its country (None when it cannot place it).
Locate = Callable[[str, str, str | None], tuple[float, float] | None]


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str
    kind: str  # "actor" or "place"
    actor: Actor | None = None
    place: Place | None = None
    fuzzy: bool = False


@dataclass
class Lexicon:
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    place_names: dict[str, Place] = field(default_factory=dict)  # every alias (lower case) of a place
    _automaton: Any = None
    _fuzzy_aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_places: Iterable[tuple[str, Place]] = (), locate: Locate | None = None) -> Lexicon:
        """Curated actors and places, plus ``extra_places`` (alias, place) from the project gazetteer;
        ``locate`` gives the curated names their coordinates from the gazetteer."""
        lex = cls()
        auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str, str]]] = {}
        data = resources.files("sarhad.read") / "data"
        for item in _validated(ActorFile, data / "actors.json").actors:
            actor = Actor(item.id, item.name, item.kind, item.country)
            lex.actors[actor.id] = actor
            for alias in {item.name, *item.aliases}:
                entries.setdefault(alias.lower(), []).append(("actor", actor.id, alias))
                if (
                    len(alias) >= 9
                    and " " in alias.replace("-", " ")
                    and actor.kind in ("militant", "person")
                ):
                    lex._fuzzy_aliases[alias] = actor.id
        for record in _validated(PlaceFile, data / "places.json").places:
            found = locate(record.name.split(" (")[0], record.kind, record.country) if locate else None
            lat, lon = found or (record.lat, record.lon)
            place = Place(record.name, record.kind, record.country, record.admin1, record.admin2, lat, lon)
            lex.places[place.name] = place
            for alias in {place.name.split(" (")[0], *record.aliases}:
                entries.setdefault(alias.lower(), []).append(("place", place.name, alias))
        for alias, place in extra_places:
            if alias.lower() not in entries:  # curated names keep their meaning
                lex.places.setdefault(place.name, place)
                entries[alias.lower()] = [("place", place.name, alias)]
        for key, values in entries.items():
            auto.add_word(key, (len(key), values))
            lex.place_names.update((key, lex.places[i]) for kind, i, _ in values if kind == "place")
        auto.make_automaton()
        lex._automaton = auto
        return lex

    def find(self, text: str) -> list[Hit]:
        """Longest non-overlapping exact hits, then fuzzy actor hits in the gaps."""
        lower = text.lower()
        raw: list[Hit] = []
        for end_index, (length, values) in self._automaton.iter(lower):
            start, end = end_index - length + 1, end_index + 1
            if not _bounded(text, start, end):
                continue
            surface = text[start:end]
            kinds: set[str] = set()
            for kind, ident, alias in values:
                if kind not in kinds and _case_ok(alias, surface):
                    kinds.add(kind)  # "Iran" is both a place and a state actor
                    raw.append(self._hit(kind, ident, start, end, surface))
        hits = _longest(raw)
        return sorted(hits + self._fuzzy(text, hits), key=lambda h: h.start)

    def _hit(self, kind: str, ident: str, start: int, end: int, surface: str, fuzzy: bool = False) -> Hit:
        if kind == "actor":
            return Hit(start, end, surface, kind, actor=self.actors[ident], fuzzy=fuzzy)
        return Hit(start, end, surface, kind, place=self.places[ident], fuzzy=fuzzy)

    def _fuzzy(self, text: str, taken: list[Hit]) -> list[Hit]:
        """Transliteration variants of group and person names ('Jaish-e-Adil', 'Baqiri')."""
        out: list[Hit] = []
        for match in _CAP_NGRAM.finditer(text):
            start, end = match.span()
            if any(h.start < end and start < h.end for h in taken):
                continue
            best = process.extractOne(
                match.group(0), list(self._fuzzy_aliases), scorer=fuzz.ratio, score_cutoff=86
            )
            if best is not None:
                out.append(self._hit("actor", self._fuzzy_aliases[best[0]], start, end, match.group(0), True))
        return out

    def resolve_actor(self, name: str) -> list[Actor]:
        """Every actor named in a free-text string (used by eval to compare perpetrators)."""
        return [h.actor for h in self.find(name) if h.actor is not None]


def _validated(model: type[_File], path: Traversable) -> _File:
    """A data file checked against its model: a malformed file names itself and what is wrong."""
    try:
        return model.model_validate(json.loads(path.read_text("utf-8")))
    except (json.JSONDecodeError, ValidationError) as exc:
        raise ValueError(f"read/data/{path.name}: {exc}") from exc


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not _WORD.match(before) and not (_WORD.match(after) and after not in "’'")


def _case_ok(alias: str, surface: str) -> bool:
    if alias.isupper():
        return surface == alias
    if alias[:1].isupper():
        return surface[:1].isupper()
    return True


def _longest(hits: list[Hit]) -> list[Hit]:
    hits.sort(key=lambda h: (-(h.end - h.start), h.start))
    chosen: list[Hit] = []
    taken: set[int] = set()
    spans: set[tuple[int, int]] = set()
    for hit in hits:
        span = (hit.start, hit.end)
        # Same span twice is allowed ("Iran" as place and as state); otherwise the longest name wins.
        if span in spans or not any(i in taken for i in range(hit.start, hit.end)):
            chosen.append(hit)
            spans.add(span)
            taken.update(range(hit.start, hit.end))
    return chosen
