"""Curated names (places, actors) found with one Aho-Corasick automaton, plus fuzzy spelling variants.

Matching rules, so that common words do not become names: an all-capitals alias (FC, BLA, IRGC) must
match exactly; other proper names must start with a capital in the text; lower-case generic aliases
("security forces") match in any case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import ahocorasick
from rapidfuzz import fuzz, process

_WORD = re.compile(r"[\w’'-]")
_CAP_NGRAM = re.compile(r"\b[A-Z][\w’'-]+(?:[ -](?:al|ul|el|e|i|of|[A-Z][\w’'-]*)){1,3}")


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
    lat: float
    lon: float


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
    _automaton: Any = None
    _fuzzy_aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_places: Iterable[tuple[str, Place]] = ()) -> Lexicon:
        """Curated actors and places, plus ``extra_places`` (alias, place) from the project gazetteer."""
        lex = cls()
        auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str, str]]] = {}
        data = resources.files("sarhad.read") / "data"
        for item in json.loads((data / "actors.json").read_text("utf-8"))["actors"]:
            actor = Actor(item["id"], item["name"], item["kind"], item["country"])
            lex.actors[actor.id] = actor
            for alias in {item["name"], *item["aliases"]}:
                entries.setdefault(alias.lower(), []).append(("actor", actor.id, alias))
                if (
                    len(alias) >= 9
                    and " " in alias.replace("-", " ")
                    and actor.kind in ("militant", "person")
                ):
                    lex._fuzzy_aliases[alias] = actor.id
        for item in json.loads((data / "places.json").read_text("utf-8"))["places"]:
            place = Place(
                item["name"],
                item["kind"],
                item["country"],
                item.get("admin1"),
                item.get("admin2"),
                item["lat"],
                item["lon"],
            )
            lex.places[place.name] = place
            for alias in {place.name.split(" (")[0], *item["aliases"]}:
                entries.setdefault(alias.lower(), []).append(("place", place.name, alias))
        for alias, place in extra_places:
            if alias.lower() not in entries:  # curated names keep their meaning
                lex.places.setdefault(place.name, place)
                entries[alias.lower()] = [("place", place.name, alias)]
        for key, values in entries.items():
            auto.add_word(key, (len(key), values))
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
