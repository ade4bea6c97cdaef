"""Places of a set of countries: GeoNames records, border crossings and the curated supplement.

Assembly order matters: packaged records first, then crossings, then curated entries (which may be
anchored to either), then the admin2 of places GeoNames leaves without one is inferred from the
nearest district seat in the same province (flagged ``admin2_inferred``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from shapely.geometry import Point
from unidecode import unidecode

from sarhad.geo import naturalearth
from sarhad.geo.config import (
    BorderConfig,
    ConfigError,
    CrossingSpec,
    CuratedPlace,
    border_config,
    curated_places,
    shipped_configs,
)
from sarhad.geo.geonames import RawPlace, admin2_core, raw_places
from sarhad.geo.names import compact

POINT_KINDS = frozenset({"city", "town", "village", "crossing"})
EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Place:
    """One gazetteer entry. ``precision`` is the best precision a lookup of it can claim."""

    id: str
    name: str
    lat: float
    lon: float
    country: str
    admin1: str | None
    admin2: str | None
    kind: str  # city, town, village, district, province, region, crossing, country
    population: int
    source: str
    aliases: tuple[str, ...] = ()
    precision: str = "place"
    admin2_inferred: bool = False
    uncertainty_km: float | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class _Names:
    """Display spellings for admin units: the configuration's, else the package's without diacritics."""

    def __init__(self, config: BorderConfig) -> None:
        self.config = config

    def admin1(self, country: str, raw: str | None) -> str | None:
        if raw is None:
            return None
        return self.config.admin1_display(country, raw) or unidecode(raw)

    def admin2(self, country: str, raw: str | None) -> str | None:
        if raw is None:
            return None
        configured = self.config.admin2_display(country, raw)
        return configured or " ".join(w.capitalize() for w in admin2_core(raw).split()) or unidecode(raw)


@lru_cache(maxsize=16)
def load_places(countries: tuple[str, ...]) -> tuple[Place, ...]:
    """All places of ``countries`` with the shipped configuration of that pair (cached)."""
    pair = (countries[0], countries[1]) if len(countries) == 2 else (countries[0], countries[0])
    return build_places(countries, border_config(pair))


def build_places(countries: tuple[str, ...], config: BorderConfig) -> tuple[Place, ...]:
    names = _Names(config)
    places: list[Place] = []
    for country in countries:
        places += _packaged(country, names)
    own, elsewhere = _crossings(countries, config)
    places += [_crossing_place(c, names) for c in own]
    index = _NameIndex([*places, *(_crossing_place(c, names) for c in elsewhere)])
    for country in countries:
        for curated in curated_places(country):
            place = _curated(curated, index)
            places.append(place)
            index.add(place)
    return tuple(_infer_admin2(places))


def _crossings(
    countries: tuple[str, ...], config: BorderConfig
) -> tuple[list[CrossingSpec], list[CrossingSpec]]:
    """Crossings that are places here, and crossings only usable as anchors for curated places.

    A crossing is a place in its own right (Mand, Gabd and Rimdan are located at theirs), so a
    Pakistan-Afghanistan gazetteer still lists the Pakistan-Iran crossings filed under Pakistan,
    and an Iran-Afghanistan one can still locate Rimdan at the Gabd-Rimdan crossing.
    """
    own = {c.name: c for c in config.crossings}
    elsewhere: dict[str, CrossingSpec] = {}
    for other in shipped_configs():
        for crossing in other.crossings:
            if crossing.name in own or not set(crossing.sides) & set(countries):
                continue
            filed_under = next(iter(crossing.sides))
            (own if filed_under in countries else elsewhere)[crossing.name] = crossing
    return list(own.values()), list(elsewhere.values())


def _packaged(country: str, names: _Names) -> list[Place]:
    records = raw_places(country)
    provinces = {r["admin1"]: r for r in records if r["kind"] == "province"}
    places = [p for r in records if (p := _from_raw(r, names, provinces)) is not None]
    places.append(_country_place(country))
    return places


def _from_raw(record: RawPlace, names: _Names, provinces: dict[str, RawPlace]) -> Place | None:
    lat, lon, precision = record["lat"], record["lon"], record["precision"]
    if lat is None:
        # A unit with no known point falls back to its province's point, and says so.
        province = provinces.get(record["admin1"])
        if province is None or province["lat"] is None:
            return None
        lat, lon, precision = province["lat"], province["lon"], "province"
    country = record["country"]
    admin2 = names.admin2(country, record["admin2"])
    display = admin2 if record["kind"] == "district" else None
    aliases = set(record["aliases"]) | {record["name"]}
    if display:
        aliases |= {display, f"{display} District", f"{display} County"}
    if record["kind"] == "province":
        aliases.add(names.admin1(country, record["name"]) or record["name"])
    name = display or record["name"]
    if record["kind"] == "province":
        name = names.admin1(country, record["name"]) or name
    return Place(
        id=record["id"],
        name=name,
        lat=float(lat),
        lon=float(lon),
        country=country,
        admin1=names.admin1(country, record["admin1"]),
        admin2=admin2,
        kind=record["kind"],
        population=int(record["population"]),
        source=record["source"],
        aliases=tuple(sorted(aliases - {name})),
        precision=precision,
    )


def _country_place(country: str) -> Place:
    info = naturalearth.country(country)
    if info is None:
        raise ValueError(f"Natural Earth has no country {country!r}")
    aliases = set(naturalearth.country_names(country)) - {info.name}
    return Place(
        id=f"naturalearth:{country}",
        name=info.name,
        lat=info.label_lat,
        lon=info.label_lon,
        country=country,
        admin1=None,
        admin2=None,
        kind="country",
        population=0,
        source=f"{naturalearth.describe_source()}: label point",
        aliases=tuple(sorted(aliases)),
        precision="country",
    )


def _crossing_place(crossing: CrossingSpec, names: _Names) -> Place:
    # A crossing lies on both sides; it is filed under the first side listed (the gold data's
    # convention for Taftan and Gabd-Rimdan), and its admin units are that side's.
    country, side = next(iter(crossing.sides.items()))
    return Place(
        id=f"crossing:{compact(crossing.name)}",
        name=crossing.name,
        lat=crossing.lat,
        lon=crossing.lon,
        country=country,
        admin1=side.get("admin1"),
        admin2=side.get("admin2"),
        kind="crossing",
        population=0,
        source="; ".join(s.cite() for s in crossing.sources),
        aliases=crossing.aliases,
        precision="place",
        uncertainty_km=None,
    )


def _curated(curated: CuratedPlace, known: _NameIndex) -> Place:
    location = curated.location
    precision = {"district": "district", "province": "province", "region": "province"}.get(
        curated.kind, "place"
    )
    if location.method == "anchor":
        anchor = known.find(location.anchor or "", curated.country)
        lat, lon = anchor.lat, anchor.lon
        if anchor.kind == "crossing":
            lat, lon = _inside(curated.country, lat, lon)
        precision = precision if precision != "place" else "near_place"
    else:
        lat, lon = float(location.lat or 0.0), float(location.lon or 0.0)
        if (location.uncertainty_km or 0.0) >= 5.0 and precision == "place":
            precision = "near_place"
    return Place(
        id=f"curated:{curated.country}:{compact(curated.name)}",
        name=curated.name,
        lat=lat,
        lon=lon,
        country=curated.country,
        admin1=curated.admin1,
        admin2=curated.admin2,
        kind=curated.kind,
        population=0,
        source="curated: " + "; ".join(s.cite() for s in curated.sources),
        aliases=curated.aliases,
        precision=precision,
        uncertainty_km=location.uncertainty_km,
    )


def _inside(country: str, lat: float, lon: float, step_km: float = 2.0) -> tuple[float, float]:
    """A point ``step_km`` from a crossing into ``country``: a crossing's town is on its own side."""
    info = naturalearth.country(country)
    if info is None:
        return lat, lon
    best: tuple[float, float, float] | None = None
    for bearing in np.radians(np.arange(0, 360, 15)):
        dlat = step_km / 111.32 * np.cos(bearing)
        dlon = step_km / (111.32 * np.cos(np.radians(lat))) * np.sin(bearing)
        candidate = Point(lon + dlon, lat + dlat)
        if info.geometry.contains(candidate):
            depth = info.geometry.boundary.distance(candidate)
            if best is None or depth > best[0]:
                best = (depth, candidate.y, candidate.x)
    return (best[1], best[2]) if best else (lat, lon)


class _NameIndex:
    """Places by compact name, to resolve the anchors curated entries name."""

    def __init__(self, places: list[Place]) -> None:
        self._by_key: dict[str, list[Place]] = {}
        for place in places:
            self.add(place)

    def add(self, place: Place) -> None:
        for key in {compact(n) for n in place.names}:
            self._by_key.setdefault(key, []).append(place)

    def find(self, name: str, country: str) -> Place:
        """Same country first, then any (crossings span both); point places before units."""
        matches = sorted(
            self._by_key.get(compact(name), []),
            key=lambda p: (p.country != country, p.kind not in POINT_KINDS, -p.population),
        )
        if not matches:
            raise ConfigError(f"curated anchor {name!r} is not in the gazetteer")
        return matches[0]


def _infer_admin2(places: list[Place]) -> list[Place]:
    """Give each point place without an admin2 the admin2 of the nearest seat in its province."""
    seats: dict[tuple[str, str | None], list[Place]] = {}
    for p in places:
        if p.kind == "district" and p.precision == "district":
            seats.setdefault((p.country, p.admin1), []).append(p)
    out = list(places)
    for key, group in seats.items():
        todo = [
            i
            for i, p in enumerate(out)
            if p.admin2 is None and p.kind in POINT_KINDS and (p.country, p.admin1) == key
        ]
        if not todo:
            continue
        lat = np.radians([[out[i].lat] for i in todo])
        lon = np.radians([[out[i].lon] for i in todo])
        dist = _haversine_km(lat, lon, np.radians([s.lat for s in group]), np.radians([s.lon for s in group]))
        for i, nearest in zip(todo, np.argmin(dist, axis=1), strict=True):
            out[i] = replace(out[i], admin2=group[int(nearest)].admin2, admin2_inferred=True)
    return out


def _haversine_km(lat: np.ndarray, lon: np.ndarray, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    a = np.sin((lats - lat) / 2) ** 2 + np.cos(lat) * np.cos(lats) * np.sin((lons - lon) / 2) ** 2
    result: np.ndarray = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
    return result
