"""Resolve border place names: variants, transliterations, ambiguity and context.

A query is folded (``names.py``) and looked up by exact, compact, skeleton and fuzzy keys; every
candidate then gets a score from how well its name matched plus small priors (kind, population,
closeness to the border) and, when given, context: a country filter and nearby places. The best
candidate is the answer; the runners-up are returned with it so a caller can see the ambiguity.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from sarhad.geo import naturalearth
from sarhad.geo.border import Border, BorderError, load_border
from sarhad.geo.measure import distance_km
from sarhad.geo.names import compact, core_words, fold, skeleton
from sarhad.geo.places import Place, load_places

__all__ = ["Candidate", "Gazetteer", "GazetteerError", "GeocodeResult", "Place", "load_gazetteer"]

PRECISIONS = ("place", "near_place", "district", "province", "country")  # coarser to the right
_KIND_PRIOR = {
    "city": 0.06,
    "town": 0.05,
    "crossing": 0.05,
    "country": 0.06,
    "province": 0.04,
    "village": 0.03,
    "region": 0.03,
    "district": 0.02,
}
_HINTED_KINDS = {
    "district": {"district"},
    "province": {"province"},
    "region": {"region", "province"},
    "place": {"city", "town", "village"},
}
_NEAR_PREFIX = re.compile(
    r"^(?:in the )?(?:near(?: to)?|close to|outskirts of|vicinity of|around|outside|nearby)\s+(.+)$"
)
_NEAR_SUFFIX = re.compile(
    r"^(.+?)\s+(?:border )?(?:area|areas|outskirts|vicinity|surroundings|border region)$"
)
_AREA_OF = re.compile(r"^(.+?)\s+(?:area|region|village|town) (?:of|in|near)\s+(.+)$")
_CROSSING_WORDS = re.compile(
    r"\b(?:cross[- ]?border |border )?(?:crossing(?: point)?|gateway|gate|terminal|check ?post)\b"
)
_ALTERNATIVES = re.compile(r"\s*/\s*|\s+or\s+")
_AMBIGUITY_MARGIN = 0.1  # runners-up this close to the best, elsewhere, make an answer ambiguous
_SAME_PLACE_KM = 25.0  # a town and its own district are not an ambiguity
_MIN_FUZZY = 86.0
_MIN_SKELETON_RATIO = 60.0


class GazetteerError(ValueError):
    """A geocoding request that cannot be answered as asked (e.g. a country outside the gazetteer)."""


@dataclass(frozen=True)
class Candidate:
    place: Place
    score: float

    def to_dict(self) -> dict[str, Any]:
        p = self.place
        return {
            "name": p.name,
            "lat": p.lat,
            "lon": p.lon,
            "country": p.country,
            "admin1": p.admin1,
            "admin2": p.admin2,
            "kind": p.kind,
            "id": p.id,
            "score": round(self.score, 3),
        }


@dataclass(frozen=True)
class GeocodeResult:
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None
    admin2: str | None
    precision: str
    sector: int | None
    side: str | None
    distance_km: float | None
    candidates: list[Candidate]
    place: Place
    query: str
    ambiguous: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "country": self.country,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "precision": self.precision,
            "sector": self.sector,
            "side": self.side,
            "distance_km": None if self.distance_km is None else round(self.distance_km, 2),
            "kind": self.place.kind,
            "source": self.place.source,
            "uncertainty_km": self.place.uncertainty_km,
            "ambiguous": self.ambiguous,
            "candidates": [c.to_dict() for c in self.candidates],
        }


@dataclass(frozen=True)
class _Query:
    core: str
    kind_hint: str | None = None
    near_place: bool = False
    context: tuple[str, ...] = ()


@dataclass
class _Index:
    exact: dict[str, set[int]] = field(default_factory=dict)
    compact: dict[str, set[int]] = field(default_factory=dict)
    skeleton: dict[str, set[int]] = field(default_factory=dict)
    fuzzy_keys: list[str] = field(default_factory=list)
    fuzzy_owner: list[int] = field(default_factory=list)

    def add(self, text: str, owner: int) -> None:
        core, _ = core_words(text)
        key = compact(core)
        if not key:
            return
        self.exact.setdefault(core, set()).add(owner)
        self.compact.setdefault(key, set()).add(owner)
        self.skeleton.setdefault(skeleton(core), set()).add(owner)
        self.fuzzy_keys.append(key)
        self.fuzzy_owner.append(owner)


class Gazetteer:
    """Places of a set of countries, searchable by any of their names."""

    def __init__(self, places: tuple[Place, ...], border: Border | None = None) -> None:
        self.places = places
        self.border = border
        self.countries = tuple(dict.fromkeys(p.country for p in places))
        self._index = _Index()
        for i, place in enumerate(places):
            for text in place.names:
                if text.isascii() or any(ch.isalpha() and ch.isascii() for ch in text):
                    self._index.add(text, i)
        self._border_km = self._distances_to_border()

    def __len__(self) -> int:
        return len(self.places)

    def iter_aliases(self) -> Iterator[tuple[str, Place]]:
        """Every (name or alternate name, place) pair, for building a text matcher over the gazetteer."""
        for place in self.places:
            for text in place.names:
                yield text, place

    def geocode(self, name: str, country: str | None = None, near: str | None = None) -> GeocodeResult | None:
        """The best place for ``name``, with ranked candidates; None if nothing plausible matches."""
        if not isinstance(name, str) or not fold(name):
            return None
        country = self._check_country(country)
        alternatives = [part for part in _ALTERNATIVES.split(name) if fold(part)]
        if len(alternatives) > 1:
            # "Lulakdan area / Mirjaveh region": the first name, with the others as context.
            rest = ", ".join([*alternatives[1:], *(_split_near(near))])
            return self.geocode(alternatives[0], country, rest) or self.geocode(
                alternatives[1], country, near
            )
        query = _parse(name)
        context = tuple(n for n in (*query.context, *_split_near(near)) if fold(n))
        scored = self._ranked(query, country, self._anchors(context))
        if not scored and query.context:
            # "Gwak area of Mand": if Gwak is unknown, Mand itself is the best we can say.
            return self._fallback_to_context(name, query, country)
        if not scored:
            return None
        return self._result(name, query, scored)

    # -- ranking ------------------------------------------------------------------------------

    def _ranked(self, query: _Query, country: str | None, anchors: list[Place]) -> list[Candidate]:
        matches = self._lookup(query.core)
        # A spelling variant may be a border village's transliteration (Mirjawa), but far from the line it
        # is more likely another place altogether (Kabul is not Qabula): only exact names match there.
        matches = {i: s for i, s in matches.items() if s >= _EXACT_SCORE or self._near_line(i)}
        if country:
            matches = {i: s for i, s in matches.items() if self.places[i].country == country}
        scored = [Candidate(self.places[i], s + self._prior(i, query, anchors)) for i, s in matches.items()]
        return sorted(scored, key=lambda c: (-c.score, c.place.id))

    def _lookup(self, core: str) -> dict[int, float]:
        """Name-match score of every place any of whose names resembles ``core`` (0..1)."""
        key = compact(core)
        if not key:
            return {}
        found: dict[int, float] = {}

        def offer(owners: set[int], score: float) -> None:
            for owner in owners:
                found[owner] = max(found.get(owner, 0.0), score)

        offer(self._index.exact.get(core, set()), 1.0)
        offer(self._index.compact.get(key, set()), 0.97)
        for owner in self._index.skeleton.get(skeleton(core), set()):
            ratio = max(fuzz.ratio(key, compact(n)) for n in self.places[owner].names)
            if ratio >= _MIN_SKELETON_RATIO:
                offer({owner}, 0.7 + 0.25 * ratio / 100.0)
        if len(key) >= 5:
            hits = process.extract(
                key, self._index.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=_MIN_FUZZY, limit=25
            )
            for _, ratio, position in hits:
                offer({self._index.fuzzy_owner[position]}, 0.65 * ratio / 100.0)
        return found

    def _near_line(self, i: int) -> bool:
        """Near the border, or a province or region, whose centroid says little about its extent."""
        place = self.places[i]
        return place.kind in _AREA_KINDS or self._border_km[i] <= _APPROXIMATE_WITHIN_KM

    def _prior(self, i: int, query: _Query, anchors: list[Place]) -> float:
        place = self.places[i]
        score = _KIND_PRIOR.get(place.kind, 0.0) + 0.02 * math.log10(place.population + 1) / 6.0
        if query.kind_hint == "crossing":
            score += 0.3 if place.kind == "crossing" else 0.0
        elif query.kind_hint:
            score += 0.3 if place.kind in _HINTED_KINDS[query.kind_hint] else -0.1
        # This is a border tool: of two same-named places, the one near the line is likelier.
        score += 0.08 * math.exp(-self._border_km[i] / 100.0)
        if anchors:
            score += max(_context_bonus(place, anchor) for anchor in anchors)
        return score

    def _anchors(self, names: tuple[str, ...]) -> list[Place]:
        """The places that context names refer to (in any country: Mand is across from Pishin)."""
        anchors = []
        for text in names:
            hits = self._ranked(_parse(text), None, [])
            if hits:
                anchors.append(hits[0].place)
        return anchors

    # -- results --------------------------------------------------------------------------------

    def _result(self, text: str, query: _Query, scored: list[Candidate]) -> GeocodeResult:
        best = scored[0]
        unique = list({c.place.id: c for c in scored}.values())[:5]
        place = best.place
        ambiguous = any(
            c.score > best.score - _AMBIGUITY_MARGIN
            and distance_km(c.place.lat, c.place.lon, place.lat, place.lon) > _SAME_PLACE_KM
            for c in unique[1:]
        )
        precision = place.precision
        if query.near_place and precision == "place":
            precision = "near_place"
        sector: int | None = None
        side: str | None = None
        distance: float | None = None
        if self.border is not None and precision in ("place", "near_place", "district"):
            placement = self.border.locate(place.lon, place.lat)
            sector, side, distance = placement.sector_id, placement.side, placement.distance_km
        return GeocodeResult(
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            country=place.country,
            admin1=place.admin1,
            admin2=place.admin2,
            precision=precision,
            sector=sector,
            side=side,
            distance_km=distance,
            candidates=unique,
            place=place,
            query=text,
            ambiguous=ambiguous,
        )

    def _fallback_to_context(self, text: str, query: _Query, country: str | None) -> GeocodeResult | None:
        scored = self._ranked(_parse(query.context[0]), country, [])
        if not scored:
            return None
        return self._result(text, _Query(core=query.context[0], near_place=True), scored)

    def _check_country(self, country: str | None) -> str | None:
        if country is None or not country.strip():
            return None
        code = country.strip().upper()
        if code not in self.countries:
            covered = ", ".join(self.countries)
            raise GazetteerError(f"country {code!r} is not covered by this gazetteer ({covered})")
        return code

    def _distances_to_border(self) -> list[float]:
        if self.border is None or not self.places:
            return [math.inf] * len(self.places)
        lons = np.array([p.lon for p in self.places])
        lats = np.array([p.lat for p in self.places])
        return [float(d) for d in self.border.locate_many(lons, lats).distance_km]


_EXACT_SCORE = 0.97  # exact or spacing/diacritics-insensitive name match (see _lookup)
_APPROXIMATE_WITHIN_KM = 300.0
_AREA_KINDS = frozenset({"province", "region", "country"})


def _context_bonus(place: Place, anchor: Place) -> float:
    """How strongly a nearby-place hint supports this candidate (0..0.5)."""
    if place.id == anchor.id:
        return 0.0
    if anchor.kind in ("district", "province", "region", "country"):
        unit = {"district": anchor.admin2, "province": anchor.admin1, "region": anchor.admin1}.get(
            anchor.kind
        )
        same_country = place.country == anchor.country
        if anchor.kind == "country":
            return 0.4 if same_country else 0.0
        if same_country and unit and unit in (place.admin1, place.admin2):
            return 0.4
    distance = distance_km(place.lat, place.lon, anchor.lat, anchor.lon)
    return 0.5 * math.exp(-distance / 75.0)


def _parse(text: str) -> _Query:
    """Separate the name from words that qualify it: 'near X', 'X area', 'A area of B', 'X crossing'."""
    folded = fold(text)
    near = False
    context: tuple[str, ...] = ()
    kind_hint: str | None = None
    if match := _AREA_OF.match(folded):
        folded, context, near = match.group(1), (match.group(2),), True
    elif (match := _NEAR_PREFIX.match(folded)) or (match := _NEAR_SUFFIX.match(folded)):
        folded, near = match.group(1), True
    if _CROSSING_WORDS.search(folded):
        stripped = _CROSSING_WORDS.sub(" ", folded).strip()
        if stripped:
            folded, kind_hint = stripped, "crossing"
    core, unit_hint = core_words(folded)
    return _Query(core=core or folded, kind_hint=kind_hint or unit_hint, near_place=near, context=context)


def _split_near(near: str | None) -> tuple[str, ...]:
    if not near:
        return ()
    return tuple(part.strip() for part in re.split(r"[,;]| and ", near) if part.strip())


def load_gazetteer(countries: tuple[str, ...] = ("PK", "IR")) -> Gazetteer:
    """The gazetteer of these countries, with their border when they are a pair of neighbours (cached)."""
    codes = tuple(str(c).strip().upper() for c in countries)
    unknown = [c for c in codes if c not in naturalearth.known_codes()]
    if unknown or not codes:
        raise GazetteerError(f"unknown ISO 3166-1 alpha-2 country code {(unknown or [''])[0]!r}")
    return _load_gazetteer(codes)


@lru_cache(maxsize=8)
def _load_gazetteer(codes: tuple[str, ...]) -> Gazetteer:
    border: Border | None = None
    if len(codes) == 2:
        try:
            border = load_border((codes[0], codes[1]))
        except BorderError:
            border = None
    return Gazetteer(load_places(codes), border)
