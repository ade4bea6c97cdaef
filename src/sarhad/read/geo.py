"""Where a place is: the project gazetteer and border model when they are installed, else a fallback.

``sarhad.geo`` is developed alongside this stage; the reader must work with or without it. The fallback
uses the curated coordinates in ``data/places.json`` and a coarse Pakistan-Iran boundary polyline
(vertices rounded from Natural Earth 10m, about 20-30 km accuracy) for the distance to the border.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sarhad.read.lexicon import Place

log = logging.getLogger(__name__)

# (lon, lat), north to south, rounded from Natural Earth 10m admin-0 boundaries (public domain).
_PK_IR_BORDER = (
    (60.87, 29.86),
    (61.55, 29.0),
    (62.35, 28.45),
    (62.78, 28.25),
    (63.0, 27.9),
    (62.8, 27.35),
    (62.5, 27.05),
    (62.75, 26.65),
    (62.3, 26.4),
    (61.9, 26.25),
    (61.85, 25.8),
    (61.65, 25.25),
    (61.61, 25.05),
)
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

    def __init__(self) -> None:
        self._gazetteer: Any = _optional("sarhad.geo.gazetteer", "load_gazetteer")
        self._border: Any = _optional("sarhad.geo.border", "load_border")
        self._memo: dict[Place, Located] = {}

    def extra_places(self, provinces: frozenset[str]) -> Iterator[tuple[str, Place]]:
        """Towns, districts and crossings of the border provinces known to the project gazetteer.

        Short names (under five letters) and GeoNames villages are left out: they collide with ordinary
        words and with better-known places ("Abadan"). The project's own curated villages (Chedgi, Jalgai,
        Lulakdan) are border points named in reports, so they are kept.
        """
        if self._gazetteer is None:
            return
        try:
            for alias, gplace in self._gazetteer.iter_aliases():
                kind = _GAZ_KIND.get(gplace.kind)
                if gplace.kind == "village" and not gplace.id.startswith("geonames:"):
                    kind = "place"
                if (
                    kind is None
                    or gplace.admin1 not in provinces
                    or len(alias) < 5
                    or not alias[:1].isupper()
                ):
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
        except Exception:  # the reader still works with its curated names alone
            log.exception("could not list gazetteer names")

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
        if self._gazetteer is None:
            return base
        try:
            result = self._gazetteer.geocode(place.name.split(" (")[0], country=place.country)
        except Exception:  # a gazetteer bug must not stop reading
            log.exception("gazetteer lookup failed for %s", place.name)
            return base
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
        if self._border is not None:
            try:
                placement = self._border.locate(loc.lon, loc.lat)
                return dataclasses.replace(
                    loc,
                    sector=placement.sector_id,
                    side=placement.side or loc.side,
                    distance_km=round(placement.distance_km, 1),
                )
            except Exception:
                log.exception("border placement failed")
        distance = distance_to_border_km(loc.lon, loc.lat)
        return dataclasses.replace(loc, sector=None, distance_km=round(distance, 1))


def _side(country: str | None) -> str | None:
    return country if country in ("PK", "IR") else None


def _optional(module: str, loader: str) -> Any:
    try:
        mod = __import__(module, fromlist=[loader])
        return getattr(mod, loader)()
    except Exception:  # absent or not yet usable: the fallback is good enough for reading
        return None


def distance_to_border_km(lon: float, lat: float) -> float:
    """Approximate distance from a point to the fallback boundary polyline (equirectangular, km)."""
    k = math.cos(math.radians(lat)) * 111.32
    best = math.inf
    for (x1, y1), (x2, y2) in itertools.pairwise(_PK_IR_BORDER):
        ax, ay, bx, by = (x1 - lon) * k, (y1 - lat) * 110.57, (x2 - lon) * k, (y2 - lat) * 110.57
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, -(ax * dx + ay * dy) / (dx * dx + dy * dy)))
        best = min(best, math.hypot(ax + t * dx, ay + t * dy))
    return best
