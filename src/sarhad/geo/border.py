"""The shared boundary of two neighbours: its line, sectors, corridors, crossings and a fast locator.

Everything is derived from the Natural Earth country polygons (see ``naturalearth.py``) plus the
pair's configuration (``config.py``). Lengths are geodesic (WGS84); distances to the line are
measured in an azimuthal equidistant projection centred on the border (error well under 0.5%
within 1,000 km of its centre). ``load_border`` is cached: repeated calls cost nothing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from sarhad.geo import naturalearth
from sarhad.geo.config import BorderConfig, border_config
from sarhad.geo.locator import Locator, Placement, PlacementArrays
from sarhad.geo.measure import GEOD
from sarhad.geo.places import POINT_KINDS, Place, build_places, load_places

__all__ = [
    "Border",
    "BorderError",
    "Crossing",
    "Placement",
    "PlacementArrays",
    "Sector",
    "build_border",
    "load_border",
]

Admin = dict[str, dict[str, list[str]]]


class BorderError(ValueError):
    """The requested border cannot be built: unknown country code, or no shared land boundary."""


@dataclass(frozen=True)
class Sector:
    id: int
    start_km: float
    end_km: float
    line: LineString
    admin: Admin
    corridors: dict[str, Polygon | MultiPolygon]

    @property
    def length_km(self) -> float:
        return self.end_km - self.start_km

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "start_km": round(self.start_km, 3),
            "end_km": round(self.end_km, 3),
            "admin": self.admin,
        }


@dataclass(frozen=True)
class Crossing:
    name: str
    lat: float
    lon: float
    countries: tuple[str, str]
    status: str
    source: str
    aliases: tuple[str, ...] = ()
    sides: dict[str, dict[str, Any]] = field(default_factory=dict)
    opened: str | None = None
    derivation: str | None = None
    sector_id: int | None = None
    along_km: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "lat": self.lat,
            "lon": self.lon,
            "status": self.status,
            "opened": self.opened,
            "sector": self.sector_id,
            "along_km": None if self.along_km is None else round(self.along_km, 3),
            "sides": {k: v.get("place") for k, v in self.sides.items()},
            "source": self.source,
        }


@dataclass(frozen=True)
class Border:
    countries: tuple[str, str]
    source: str
    length_km: float
    line: LineString | MultiLineString
    sectors: list[Sector]
    crossings: list[Crossing]
    sector_km: float
    corridor_km: float
    official_length_km: float | None = None
    official_length_source: str | None = None
    _locator: Locator | None = field(default=None, repr=False, compare=False)

    def locate(self, lon: float, lat: float) -> Placement:
        """Sector, side (ISO-2 of the containing country, None if neither) and distance of a point."""
        return self._require_locator().locate(lon, lat)

    def locate_many(self, lons: np.ndarray, lats: np.ndarray) -> PlacementArrays:
        """Vectorised ``locate``: arrays aligned with the input (side '' = in neither country)."""
        return self._require_locator().locate_many(np.asarray(lons), np.asarray(lats))

    def sector(self, sector_id: int) -> Sector:
        if not 1 <= sector_id <= len(self.sectors):
            raise KeyError(f"no sector {sector_id} (this border has 1..{len(self.sectors)})")
        return self.sectors[sector_id - 1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "countries": list(self.countries),
            "source": self.source,
            "length_km": round(self.length_km, 1),
            "official_length_km": self.official_length_km,
            "official_length_source": self.official_length_source,
            "sector_km": self.sector_km,
            "corridor_km": self.corridor_km,
            "sectors": [s.to_dict() for s in self.sectors],
            "crossings": [c.to_dict() for c in self.crossings],
        }

    def _require_locator(self) -> Locator:
        if self._locator is None:
            raise RuntimeError("this Border was built without a locator")
        return self._locator


def load_border(
    countries: tuple[str, str] = ("PK", "IR"), sector_km: float = 25.0, corridor_km: float = 50.0
) -> Border:
    """The border of two countries by ISO-2 code, with the shipped configuration (cached)."""
    return _load_border(_validate_codes(tuple(countries)), float(sector_km), float(corridor_km))


@lru_cache(maxsize=16)
def _load_border(pair: tuple[str, str], sector_km: float, corridor_km: float) -> Border:
    return build_border(border_config(pair), sector_km, corridor_km, order=pair)


MAX_SECTORS = 10_000  # each sector carries polygons; more than this is a typo, not a plan


def build_border(
    config: BorderConfig,
    sector_km: float = 25.0,
    corridor_km: float = 50.0,
    places: tuple[Place, ...] | None = None,
    order: tuple[str, str] | None = None,
) -> Border:
    """Build a border from a configuration: another border is a data file, not code.

    ``order`` only changes how the two countries are listed; the configuration says where the
    line starts. ``places`` defaults to the gazetteer of the pair (used for sector admin units).
    """
    if not (sector_km > 0 and corridor_km > 0):
        raise BorderError("sector and corridor lengths must be positive numbers of kilometres")
    pair = _ordered(config, order)
    polygons = _polygons(pair)
    parts = _shared_parts(polygons[pair[0]], polygons[pair[1]], pair, config.start_from)
    projection = _projection(parts)
    measured = [_measure(part, projection) for part in parts]
    total_km = sum(float(m.cumulative_km[-1]) for m in measured)
    if total_km / sector_km > MAX_SECTORS:
        raise BorderError(
            f"{sector_km:g} km sectors would cut this {total_km:.0f} km line into more than {MAX_SECTORS:,} "
            f"sectors; use at least {total_km / MAX_SECTORS:.2f} km"
        )
    if places is None:
        shipped = config is border_config(pair)
        places = load_places(pair) if shipped else build_places(pair, config)
    sectors = _with_admin(_sectors(measured, sector_km, corridor_km, projection, polygons), places)
    locator = Locator(
        parts=[m.projected for m in measured],
        geodesic=[m.cumulative_km for m in measured],
        sector_ends=np.array([s.end_km for s in sectors]),
        countries=polygons,
        projection=projection,
    )
    official = config.official_length_source
    return Border(
        countries=pair,
        source=naturalearth.describe_source(),
        length_km=float(sum(m.cumulative_km[-1] for m in measured)),
        line=parts[0] if len(parts) == 1 else MultiLineString(parts),
        sectors=sectors,
        crossings=[_crossing(spec, pair, locator) for spec in config.crossings],
        sector_km=sector_km,
        corridor_km=corridor_km,
        official_length_km=config.official_length_km,
        official_length_source=official.cite() if official else None,
        _locator=locator,
    )


def _ordered(config: BorderConfig, order: tuple[str, str] | None) -> tuple[str, str]:
    pair = _validate_codes(config.countries)
    return order if order is not None and set(order) == set(pair) else pair


def _polygons(pair: tuple[str, str]) -> dict[str, Polygon | MultiPolygon]:
    polygons = {}
    for code in pair:
        country = naturalearth.country(code)
        if country is None:  # known code but no polygon: treat like an unknown country
            raise BorderError(f"Natural Earth has no polygon for {code!r}")
        polygons[code] = country.geometry
    return polygons


def country_pair(value: str | Iterable[str]) -> tuple[str, str]:
    """``"PK,IR"``, ``"PK-IR"`` or ``("PK", "IR")`` -> ``("PK", "IR")``: two different known ISO codes,
    or a BorderError saying what is wrong."""
    parts = re.split(r"[,-]", value) if isinstance(value, str) else list(value)
    return _validate_codes([p for p in parts if p.strip()])


def _validate_codes(countries: tuple[str, ...] | list[str]) -> tuple[str, str]:
    codes = tuple(str(c).strip().upper() for c in countries)
    if len(codes) != 2:
        raise BorderError(f"a border needs exactly two ISO country codes, got {len(codes)}")
    known = naturalearth.known_codes()
    for code in codes:
        if code not in known:
            raise BorderError(f"unknown ISO 3166-1 alpha-2 country code {code!r}")
    if codes[0] == codes[1]:
        raise BorderError(f"a border needs two different countries, got {codes[0]} twice")
    return codes[0], codes[1]


def _shared_parts(a: BaseGeometry, b: BaseGeometry, pair: tuple[str, str], start: str) -> list[LineString]:
    """The shared boundary as oriented, ordered line parts (more than one where a third state cuts it)."""
    shared = a.boundary.intersection(b.boundary)
    lines = [g for g in shapely.get_parts(shared) if isinstance(g, LineString) and g.length > 0]
    if not lines:
        raise BorderError(f"{pair[0]} and {pair[1]} share no land boundary in Natural Earth 10m")
    merged = shapely.line_merge(MultiLineString(lines))
    parts = [g for g in shapely.get_parts(merged) if isinstance(g, LineString)]
    oriented = [_orient(p, start) for p in parts]
    return sorted(oriented, key=lambda p: _start_rank(p.coords[0], start))


def _start_rank(coord: Any, start: str) -> float:
    """Smaller for coordinates nearer the end the configuration numbers sectors from."""
    lon, lat = float(coord[0]), float(coord[1])
    return {"north": -lat, "south": lat, "east": -lon, "west": lon}[start]


def _orient(part: LineString, start: str) -> LineString:
    first, last = part.coords[0], part.coords[-1]
    return part if _start_rank(first, start) <= _start_rank(last, start) else part.reverse()


def _projection(parts: list[LineString]) -> Transformer:
    west, south, east, north = MultiLineString(parts).bounds
    crs = CRS.from_proj4(
        f"+proj=aeqd +lat_0={(south + north) / 2:.6f} +lon_0={(west + east) / 2:.6f} +datum=WGS84 +units=m"
    )
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


@dataclass(frozen=True)
class _Measured:
    lonlat: np.ndarray  # (n, 2) vertices
    projected: np.ndarray  # (n, 2) metres
    cumulative_km: np.ndarray  # geodesic distance from the part's start at each vertex


def _measure(part: LineString, projection: Transformer) -> _Measured:
    coords = np.asarray(part.coords)[:, :2]
    x, y = projection.transform(coords[:, 0], coords[:, 1])
    steps = np.asarray(GEOD.line_lengths(coords[:, 0], coords[:, 1])) / 1000.0
    return _Measured(coords, np.column_stack([x, y]), np.concatenate([[0.0], np.cumsum(steps)]))


def _sectors(
    measured: list[_Measured],
    sector_km: float,
    corridor_km: float,
    projection: Transformer,
    countries: dict[str, BaseGeometry],
) -> list[Sector]:
    """Equal stretches of about ``sector_km`` per part, numbered along the line from its start."""
    projected_countries = {c: _project(g, projection) for c, g in countries.items()}
    sectors: list[Sector] = []
    offset = 0.0
    for part in measured:
        length = float(part.cumulative_km[-1])
        count = max(1, round(length / sector_km))
        bounds = np.linspace(0.0, length, count + 1)
        for lo, hi in itertools.pairwise(bounds):
            lonlat = _cut(part.lonlat, part.cumulative_km, lo, hi)
            corridors = _corridors(
                _cut(part.projected, part.cumulative_km, lo, hi), corridor_km, projected_countries
            )
            sectors.append(
                Sector(
                    id=len(sectors) + 1,
                    start_km=offset + float(lo),
                    end_km=offset + float(hi),
                    line=LineString(lonlat),
                    admin={},
                    corridors={c: _unproject(g, projection) for c, g in corridors.items()},
                )
            )
        offset += length
    return sectors


def _cut(coords: np.ndarray, cumulative: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """The stretch of a polyline between two measures along it, endpoints interpolated."""
    inside = (cumulative > lo) & (cumulative < hi)
    ends = [np.array([np.interp(m, cumulative, coords[:, k]) for k in range(2)]) for m in (lo, hi)]
    return np.vstack([ends[0], coords[inside], ends[1]])


def _corridors(
    projected_line: np.ndarray, depth_km: float, countries: dict[str, BaseGeometry]
) -> dict[str, BaseGeometry]:
    # Flat caps, so neighbouring sectors' corridors meet at the sector ends instead of overlapping.
    band = shapely.buffer(LineString(projected_line), depth_km * 1000.0, cap_style="flat")
    return {
        c: shapely.intersection(shapely.clip_by_rect(g, *band.bounds), band) for c, g in countries.items()
    }


def _project(geometry: BaseGeometry, projection: Transformer) -> BaseGeometry:
    return shapely.transform(geometry, lambda xy: np.column_stack(projection.transform(xy[:, 0], xy[:, 1])))


def _unproject(geometry: BaseGeometry, projection: Transformer) -> Polygon | MultiPolygon:
    def back(xy: np.ndarray) -> np.ndarray:
        lon, lat = projection.transform(xy[:, 0], xy[:, 1], direction="INVERSE")
        return np.column_stack([lon, lat])

    result = shapely.transform(geometry, back)
    if isinstance(result, Polygon | MultiPolygon):
        return result
    polygons = [g for g in shapely.get_parts(result) if isinstance(g, Polygon)]
    return MultiPolygon(polygons)


def _with_admin(sectors: list[Sector], places: tuple[Place, ...]) -> list[Sector]:
    """The admin units facing each sector: those of the places in each side's corridor.

    No package ships district polygons, so this is evidence from populated places; a corridor with
    none (desert) takes the units of the packaged place nearest to it.
    """
    points = [p for p in places if p.kind in POINT_KINDS - {"crossing"}]
    out = []
    for sector in sectors:
        admin: Admin = {}
        for country, corridor in sector.corridors.items():
            mine = [p for p in points if p.country == country]
            inside = _inside(mine, corridor) or _nearest_packaged(mine, corridor)
            admin[country] = {
                "admin1": _ranked(p.admin1 for p in inside),
                "admin2": _ranked(p.admin2 for p in inside),
            }
        out.append(Sector(sector.id, sector.start_km, sector.end_km, sector.line, admin, sector.corridors))
    return out


def _inside(places: list[Place], area: BaseGeometry) -> list[Place]:
    if not places or area.is_empty:
        return []
    mask = shapely.contains_xy(area, np.array([p.lon for p in places]), np.array([p.lat for p in places]))
    return [p for p, ok in zip(places, mask, strict=True) if ok]


def _nearest_packaged(places: list[Place], area: BaseGeometry) -> list[Place]:
    packaged = [p for p in places if p.id.startswith("geonames:")]
    if not packaged or area.is_empty:
        return []
    here = area.representative_point()
    squeeze = np.cos(np.radians(here.y)) ** 2  # degrees of longitude are shorter away from the equator
    return [min(packaged, key=lambda p: (p.lon - here.x) ** 2 * squeeze + (p.lat - here.y) ** 2)]


def _ranked(values: Any) -> list[str]:
    counts: dict[str, int] = {}
    for value in values:
        if value:
            counts[value] = counts.get(value, 0) + 1
    return sorted(counts, key=lambda v: (-counts[v], v))


def _crossing(spec: Any, pair: tuple[str, str], locator: Locator) -> Crossing:
    placement = locator.locate(spec.lon, spec.lat)
    return Crossing(
        name=spec.name,
        lat=spec.lat,
        lon=spec.lon,
        countries=pair,
        status=spec.status,
        source="; ".join(s.cite() for s in spec.sources),
        aliases=spec.aliases,
        sides=spec.sides,
        opened=spec.opened,
        derivation=spec.derivation,
        sector_id=placement.sector_id,
        along_km=placement.along_km,
    )
