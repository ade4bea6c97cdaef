"""Where a place is: the project gazetteer and border model (``sarhad.geo``), which the reader cannot do
without. If either cannot load, reading fails at once with the reason; there is no coarse fallback that
would quietly place events tens of kilometres off.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from sarhad.geo import naturalearth
from sarhad.geo.border import Border, load_border
from sarhad.geo.gazetteer import Gazetteer, load_gazetteer
from sarhad.read.lexicon import Place
from sarhad.read.pack import BorderPack

SECTOR_KM = 100.0  # farther inland an event is not in any border sector
_GAZ_KIND = {"city": "place", "town": "place", "district": "district", "crossing": "crossing"}
PRECISION = {
    "capital": "place",
    "place": "place",
    "crossing": "place",
    "district": "district",
    "region": "district",
    "province": "province",
    "country": "country",
}


@dataclass(frozen=True)
class Located:
    lat: float | None
    lon: float | None
    admin1: str | None
    admin2: str | None
    country: str | None
    precision: str
    sector: int | None
    side: str | None
    distance_km: float | None


class Geo:
    """Adds coordinates, admin units, sector and border distance to a matched place."""

    def __init__(self, countries: tuple[str, str]) -> None:
        try:
            self._gazetteer: Gazetteer = load_gazetteer(countries)
            self._border: Border = load_border(countries)
        except (OSError, ValueError) as exc:  # GazetteerError and BorderError are ValueErrors
            raise GeoUnavailable(
                f"the reader needs the {'-'.join(countries)} gazetteer and border: {exc}"
            ) from exc
        self._memo: dict[Place, Located] = {}
        self._countries = countries

    def extra_places(self, pack: BorderPack) -> Iterator[tuple[str, Place]]:
        """The pack's provinces, countries and capitals, then the towns, districts and crossings of its
        border provinces known to the project gazetteer.

        Short names (under five letters) and GeoNames villages are left out: they collide with ordinary
        words and with better-known places ("Abadan"). The project's own curated villages (Chedgi, Jalgai,
        Lulakdan) are border points named in reports, so they are kept.
        """
        yield from self._region_places(pack)
        provinces = pack.provinces
        for alias, gplace in self._gazetteer.iter_aliases():
            kind = _GAZ_KIND.get(gplace.kind)
            if gplace.kind == "village" and not gplace.id.startswith("geonames:"):
                kind = "place"
            if kind is None or gplace.admin1 not in provinces or len(alias) < 5 or not alias[:1].isupper():
                continue
            yield (
                alias,
                Place(
                    f"{gplace.name} ({gplace.id})",
                    kind,
                    gplace.country,
                    gplace.admin1,
                    gplace.admin2,
                    gplace.lat,
                    gplace.lon,
                ),
            )

    def _region_places(self, pack: BorderPack) -> Iterator[tuple[str, Place]]:
        """The border provinces, the countries (sides and neighbours) and their capitals, with the
        phrases news uses for them ("Iranian soil", "Pakistan's capital")."""
        for side in pack.sides:
            for province in sorted(side.provinces):
                yield from self._named(province, "province", side.code, self._names_of(province, side.code))
            for capital in side.names.capitals:
                said = [capital, f"{side.names.demonyms[0]} capital", f"{side.names.name}'s capital"]
                yield from self._named(capital, "capital", side.code, said)
        for names in (*(side.names for side in pack.sides), *pack.neighbours):
            found = naturalearth.country(names.code)
            if found is not None:  # a country is placed at its label point: precision "country"
                place = Place(names.name, "country", names.code, None, None, found.label_lat, found.label_lon)
                soil = [f"{d} {w}" for d in names.demonyms for w in ("territory", "soil")]
                yield from ((alias, place) for alias in (names.name, *soil))

    def _names_of(self, province: str, country: str) -> list[str]:
        """A province's name and the gazetteer's other names for it as news writes them ("Paktia" for
        Paktiya): capitalised, in the Latin script, five letters or more."""
        found = self._gazetteer.geocode(province, country=country)
        names = found.candidates[0].place.names if found is not None and found.candidates else ()
        others = [n for n in names if len(n) >= 5 and n[:1].isupper() and n.isascii()]
        return list(dict.fromkeys([province, *others]))

    def _named(self, name: str, kind: str, country: str, aliases: list[str]) -> Iterator[tuple[str, Place]]:
        found = self._gazetteer.geocode(name, country=country)
        if found is None or found.lat is None or found.lon is None:
            return
        admin1 = name if kind == "province" else found.admin1 if kind == "capital" else None
        place = Place(name, kind, country, admin1, None, found.lat, found.lon)
        for alias in aliases:
            yield alias, place

    def coordinates(self, name: str, kind: str, country: str | None) -> tuple[float, float] | None:
        """Where the project's geography puts a curated name: a country at Natural Earth's label point,
        anything else through the gazetteer of this border's countries (None outside them)."""
        if country is None:
            return None
        if kind == "country":
            found = naturalearth.country(country)
            return (found.label_lat, found.label_lon) if found is not None else None
        if country not in self._countries:
            return None
        result = self._gazetteer.geocode(name, country=country)
        if result is None or result.lat is None or result.lon is None or result.country != country:
            return None
        return result.lat, result.lon

    def locate(self, place: Place) -> Located:
        """Memoised: the same few hundred names recur across a day's reports."""
        found = self._memo.get(place)
        if found is None:
            found = self._memo[place] = self._locate(place)
        return found

    def _locate(self, place: Place) -> Located:
        base = Located(
            place.lat,
            place.lon,
            place.admin1,
            place.admin2,
            place.country,
            PRECISION.get(place.kind, "place"),
            None,
            place.country if place.country in self._countries else None,
            None,
        )
        if place.kind == "country":
            return base
        base = self._from_gazetteer(place, base)
        if base.precision in ("province", "country"):
            # A province centroid says nothing about which stretch of the border was concerned.
            return Located(
                base.lat, base.lon, base.admin1, None, base.country, base.precision, None, base.side, None
            )
        located = self._with_border(base)
        if located.distance_km is not None and located.distance_km > SECTOR_KM:
            located = dataclasses.replace(located, sector=None)
        return located

    def _from_gazetteer(self, place: Place, base: Located) -> Located:
        if place.country not in self._countries:
            return base  # a curated place of another border: its own coordinates, outside this gazetteer
        result = self._gazetteer.geocode(place.name.split(" (")[0], country=place.country)
        if result is None or (result.country and result.country != place.country):
            return base
        return Located(
            result.lat,
            result.lon,
            result.admin1 or base.admin1,
            result.admin2 or base.admin2,
            result.country or base.country,
            getattr(result, "precision", None) or base.precision,
            getattr(result, "sector", None),
            getattr(result, "side", None) or base.side,
            getattr(result, "distance_km", None),
        )

    def _with_border(self, loc: Located) -> Located:
        if loc.lat is None or loc.lon is None or loc.distance_km is not None:
            return loc
        placement = self._border.locate(loc.lon, loc.lat)
        return dataclasses.replace(
            loc,
            sector=placement.sector_id,
            side=placement.side or loc.side,
            distance_km=round(placement.distance_km, 1),
        )


class GeoUnavailable(RuntimeError):
    """The gazetteer or the border model could not be loaded: reading cannot place anything."""
