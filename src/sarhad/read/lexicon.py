"""Curated names (places, actors) found with one Aho-Corasick automaton, plus fuzzy spelling variants.

Matching rules, so that common words do not become names: an all-capitals alias (FC, BLA, IRGC) must
match exactly; other proper names must start with a capital in the text; lower-case generic aliases
("security forces") match in any case.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal, TypeVar

import ahocorasick
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rapidfuzz import fuzz, process

from sarhad.geo.names import skeleton
from sarhad.read.language import pack_pattern

_WORD = pack_pattern("lexicon.word")
_CAP_WORD = re.compile(r"\b[A-Z][a-z]{4,}\b")
_WORD_BEFORE = re.compile(r"(\S+)\s+$")
_CAPITAL_AFTER = re.compile(r"\s+[A-Z]")
_OPENS = re.compile(r"(?:[.!?:;\n]|[.!?]['\"’”])\W*$")
_COMPANY_AFTER = pack_pattern("lexicon.company_after")
_PERSON_BEFORE = pack_pattern("lexicon.person_before")  # "Malik", "Haji": a title before a name
_PERSON_AFTER = pack_pattern("lexicon.person_after")  # ", a former police officer"
_NOT_A_PLACE = pack_pattern("lexicon.not_a_place")  # capitalised words of the language ("Ramadan")
_SPELLED_KINDS = frozenset({"place", "district", "crossing"})
_NAMESAKE_KINDS = frozenset({"place", "district"})
_MIN_SPELLING = 5
_MIN_SPELLING_RATIO = 70
_CAP_NGRAM = pack_pattern("lexicon.cap_ngram")
_NAME_HEAD = pack_pattern("lexicon.name_head")


_HYPHENATED = re.compile(r"\b[A-Z][a-z]+-[A-Za-z][a-z]+\b")


class ActorRecord(BaseModel):
    """One actor of ``data/actors.json``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str
    # "media": a force's or state's voice (ISPR): it tells where its forces act, it never acts itself
    kind: Literal["militant", "state", "force", "agency", "media", "person", "generic"]
    country: str | None
    aliases: tuple[str, ...]
    # an unnamed authority named from where the event happened: the first template whose slots the event
    # fills ({state}, {demonym}, {admin1}: a border province, {admin2}: a district)
    named_by_place: tuple[str, ...] = ()
    agent_only: bool = False  # the actor only as the agent of the event's verb (a speaker did not act)
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
    named_by_place: tuple[str, ...] = ()
    agent_only: bool = False


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
    # full names (lower case) of the states' public figures -> their country: "Asim Munir" names Pakistan
    officials: dict[str, str] = field(default_factory=dict)
    _fuzzy_words: dict[str, str] = field(default_factory=dict)  # one-word group names
    _spellings: dict[str, list[tuple[str, Place]]] = field(default_factory=dict)  # skeleton -> places
    _never: frozenset[str] = frozenset()  # words never read as a variant (names of other borders' places)

    def _spelled(self, actor: Actor, alias: str) -> None:
        """An actor's alias among the names matched loosely, and a public figure's full name."""
        if actor.kind == "person" and actor.country and " " in alias:
            self.officials[alias.lower()] = actor.country
        if len(alias) >= 9 and " " in alias.replace("-", " ") and actor.kind in ("militant", "person"):
            self._fuzzy_aliases[alias] = actor.id
        elif len(alias) >= 7 and alias.isalpha() and actor.kind == "militant":
            self._fuzzy_words[alias] = actor.id  # "Jondallah" for Jundallah

    @classmethod
    def load(
        cls,
        extra_places: Iterable[tuple[str, Place]] = (),
        locate: Locate | None = None,
        elsewhere: Iterable[str] = (),
    ) -> Lexicon:
        """Curated actors and places, plus ``extra_places`` (alias, place) from the project gazetteer;
        ``locate`` gives the curated names their coordinates from the gazetteer; ``elsewhere`` names
        places of neighbouring borders that are never taken for a spelling of ours."""
        lex = cls()
        lex._never = frozenset(w.lower() for w in elsewhere)
        auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, str, str]]] = {}
        data = resources.files("sarhad.read") / "data"
        for item in _validated(ActorFile, data / "actors.json").actors:
            actor = Actor(item.id, item.name, item.kind, item.country, item.named_by_place, item.agent_only)
            lex.actors[actor.id] = actor
            for alias in {item.name, *item.aliases}:
                entries.setdefault(alias.lower(), []).append(("actor", actor.id, alias))
                lex._spelled(actor, alias)
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
        lex._index_spellings()
        return lex

    @cached_property
    def namesakes(self) -> dict[str, dict[str, Place]]:
        """Names a town, district or crossing on each side bears ("Taftan", the Pakistani crossing, and
        "Taftan County" in Iran; "Pishin" in Iran, "Pishin district" in Pakistan): the head word -> the
        place of each country, the one named by the bare word first. A crossing lies on both sides and is
        no side's namesake."""
        sides: dict[str, dict[str, Place]] = {}
        ranked = sorted(self.place_names.items(), key=lambda item: " " in item[0])
        for alias, place in ranked:
            if place.kind in _NAMESAKE_KINDS and place.country is not None:
                sides.setdefault(alias.split()[0], {}).setdefault(place.country, place)
        return {head: by for head, by in sides.items() if len(by) > 1}

    def _index_spellings(self) -> None:
        """Towns, districts and crossings by the skeleton of their names, for romanisation variants the
        lists do not hold ("Mashkail" for Mashkel); a skeleton two places share names neither."""
        owners: dict[str, dict[str, tuple[str, Place]]] = {}
        for alias, place in self.place_names.items():
            own = place.name.split(" (")[0].lower()  # its own name: alternate names are too loose a guide
            if place.kind in _SPELLED_KINDS and alias == own and len(own) >= _MIN_SPELLING and " " not in own:
                owners.setdefault(skeleton(own), {}).setdefault(place.name, (own, place))
        self._spellings = {k: list(v.values()) for k, v in owners.items() if len(v) == 1 and len(k) >= 3}

    def find(self, text: str) -> list[Hit]:
        """Longest non-overlapping exact hits, then fuzzy actor hits in the gaps."""
        lower = text.lower().replace("’", "'")  # "Iran’s border guards" as "Iran's border guards"
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
        hits = [h for h in hits if not (_tail_of_a_name(text, h, hits) or _names_other(text, h))]
        hits += self._fuzzy(text, hits)
        hits += self._joined(text, hits)
        return sorted(hits + self._respelled(text, hits), key=lambda h: h.start)

    def _joined(self, text: str, taken: list[Hit]) -> list[Hit]:
        """A place written in two hyphenated parts ("Mir-Javeh", "Nok-Kundi") is the place."""
        out: list[Hit] = []
        for match in _HYPHENATED.finditer(text):
            place = self.place_names.get(match.group(0).replace("-", "").lower())
            if place is not None and not any(h.start < match.end() and match.start() < h.end for h in taken):
                out.append(Hit(match.start(), match.end(), match.group(0), "place", place=place, fuzzy=True))
        return out

    def _respelled(self, text: str, taken: list[Hit]) -> list[Hit]:
        """A capitalised word no list knows that spells a border place another way: same skeleton, same
        first letter, close enough by rapidfuzz. The cheap lookups come first: most words are no place."""
        out: list[Hit] = []
        for match in _CAP_WORD.finditer(text):
            start, end = match.span()
            word, lower = match.group(0), match.group(0).lower()
            found = self._spellings.get(skeleton(word))
            if not found or lower in self.place_names or lower in self._never or _NOT_A_PLACE.match(word):
                continue
            alias, place = found[0]
            if alias[0] != lower[0] or fuzz.ratio(alias, lower) < _MIN_SPELLING_RATIO:
                continue
            if (
                any(h.start < end and start < h.end for h in taken)
                or "-" in text[max(0, start - 1) : end + 1]  # "Gabd-Kalato": part of another name
                or _opens(text, start)  # "Clash on the border": capitalised as a first word
                or re.search(rf"\b{lower}\b", text)  # written in lower case too: a common word
                or _in_a_name(text, start, end)
            ):
                continue
            out.append(Hit(start, end, word, "place", place=place, fuzzy=True))
        return out

    def _hit(self, kind: str, ident: str, start: int, end: int, surface: str, fuzzy: bool = False) -> Hit:
        if kind == "actor":
            return Hit(start, end, surface, kind, actor=self.actors[ident], fuzzy=fuzzy)
        return Hit(start, end, surface, kind, place=self.places[ident], fuzzy=fuzzy)

    @cached_property
    def _fuzzy_index(self) -> tuple[list[str], frozenset[str], range]:
        """The one-word group names, their first letters and their lengths give or take two, built once."""
        words = list(self._fuzzy_words)
        sizes = range(min(map(len, words)) - 2, max(map(len, words)) + 3)
        return words, frozenset(w[0] for w in words), sizes

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
        if not self._fuzzy_words:
            return out
        covered = {i for h in [*taken, *out] for i in range(h.start, h.end)}
        words, firsts, sizes = self._fuzzy_index
        for match in _CAP_WORD.finditer(text):
            start, end = match.span()
            word = match.group(0)
            # cheap tests first: most capitalised words are no group name
            if word[0] not in firsts or len(word) not in sizes or start in covered:
                continue
            if word.lower() in self.place_names:
                continue
            best = process.extractOne(word, words, scorer=fuzz.ratio, score_cutoff=86)
            if best is not None and best[0][0] == word[0]:
                out.append(self._hit("actor", self._fuzzy_words[best[0]], start, end, word, True))
        return out

    def resolve_actor(self, name: str) -> list[Actor]:
        """Every actor named in a free-text string (used by eval to compare perpetrators)."""
        return [h.actor for h in self.find(name) if h.actor is not None]


def _opens(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence (or the text)."""
    return bool(_OPENS.search(text[max(0, start - 8) : start])) or not text[:start].strip()


def _in_a_name(text: str, start: int, end: int) -> bool:
    """'Colonel Nisar Khan Shinwari', 'Ghuncha Gul': a capitalised word among others is part of a name
    (a possessive before it, "Pakistan's Mashkail", or a sentence's first word, "In Mashkail", is not)."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before and before.group(1)[:1].isupper() and not before.group(1).endswith(("'s", "’s")):
        return not _opens(text, before.start(1))
    return bool(_CAPITAL_AFTER.match(text, end))


def _tail_of_a_name(text: str, hit: Hit, hits: list[Hit]) -> bool:
    """'Matha Sangar', 'Dand Wa Patan': a town's name as the last word of a longer name that no list
    holds names no town of its own. The word before it is capitalised mid-sentence and neither a name the
    lists know ("Iranian Mirjaveh"), a possessive ("Pakistan's Mashkel") nor a word that may qualify a
    place ("Upper Kurram", "District Kech")."""
    if hit.place is None or hit.place.kind != "place" or " " in hit.text:
        return False
    before = _WORD_BEFORE.search(text, max(0, hit.start - 40), hit.start)
    if before is None or hit.start - before.end(1) > 1:
        return False
    word, at = before.group(1), before.start(1)
    if not word[:1].isupper() or word.endswith(("'s", "’s")) or _opens(text, at):
        return False
    if _NAME_HEAD.match(word) or _NOT_A_PLACE.match(word) or not word.isalpha() or _title_case(text, at):
        return False
    return not any(h.start < before.end(1) and at < h.end for h in hits)


def _names_other(text: str, hit: Hit) -> bool:
    """'the Quetta Electric Supply Company', 'Malik Ghulam Khan', 'Ghulam Khan, a former police officer': a
    place's name that opens a company's, or that a title or an apposition makes a person's, is no place."""
    if hit.place is None or hit.place.kind not in ("place", "crossing"):
        return False
    person = _PERSON_BEFORE.search(text, max(0, hit.start - 12), hit.start) or _PERSON_AFTER.match(
        text, hit.end
    )
    return bool(person or _COMPANY_AFTER.match(text, hit.end))


def _title_case(text: str, at: int) -> bool:
    """Whether the line holding ``at`` is a headline in title case, where every word is capitalised."""
    line = text[text.rfind("\n", 0, at) + 1 : (text.find("\n", at) + 1 or len(text) + 1) - 1]
    words = [w for w in line.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.6 * len(words)


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
