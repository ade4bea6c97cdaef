"""Where a place is: the project gazetteer and border model (``sarhad.geo``), which the reader cannot do
without. If either cannot load, reading fails at once with the reason; there is no coarse fallback that
would quietly place events tens of kilometres off.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

from sarhad.geo.border import Border, load_border
from sarhad.geo.gazetteer import Gazetteer, load_gazetteer
from sarhad.read.lexicon import Place

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

    def __init__(self, countries: tuple[str, str] = ("PK", "IR")) -> None:
        try:
            self._gazetteer: Gazetteer = load_gazetteer(countries)
            self._border: Border = load_border(countries)
        except (OSError, ValueError) as exc:  # GazetteerError and BorderError are ValueErrors
            raise GeoUnavailable(
                f"the reader needs the {'-'.join(countries)} gazetteer and border: {exc}"
            ) from exc
        self._memo: dict[Place, Located] = {}

    def extra_places(self, provinces: frozenset[str]) -> Iterator[tuple[str, Place]]:
        """Towns, districts and crossings of the border provinces known to the project gazetteer.

        Short names (under five letters) and GeoNames villages are left out: they collide with ordinary
        words and with better-known places ("Abadan"). The project's own curated villages (Chedgi, Jalgai,
        Lulakdan) are border points named in reports, so they are kept.
        """
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
            _side(place.country),
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


def _side(country: str | None) -> str | None:
    return country if country in ("PK", "IR") else None
