"""The map's static layers as GeoJSON: an offline basemap, the border line, sector shapes and crossings.

Everything comes from the border model and the Natural Earth shapefile it already reads; results are
cached per country pair because they only change with the installed packages.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import shapefile
import shapely
from shapely.geometry import box, mapping, shape
from shapely.geometry.base import BaseGeometry

from sarhad.geo import naturalearth
from sarhad.geo.border import Border, load_border

# Degrees: about 2 km at these latitudes, invisible at the zooms a region map uses, and it
# shrinks the 10m coastlines from megabytes to tens of kilobytes.
BASEMAP_TOLERANCE = 0.02
SECTOR_TOLERANCE = 0.01
BORDER_TOLERANCE = 0.002
MARGIN_DEG = 4.0
DIGITS = 4


def border(countries: tuple[str, str]) -> Border:
    return load_border(countries)


def _rounded(geometry: BaseGeometry) -> dict[str, Any]:
    return dict(mapping(shapely.set_precision(geometry, 10**-DIGITS)))


def region_bbox(countries: tuple[str, str]) -> tuple[float, float, float, float]:
    """West, south, east, north of the two countries plus a margin showing their neighbours."""
    boxes = [c.geometry.bounds for c in map(naturalearth.country, countries) if c is not None]
    west = min(b[0] for b in boxes) - MARGIN_DEG
    south = min(b[1] for b in boxes) - MARGIN_DEG
    east = max(b[2] for b in boxes) + MARGIN_DEG
    north = max(b[3] for b in boxes) + MARGIN_DEG
    return west, south, east, north


@lru_cache(maxsize=4)
def basemap(countries: tuple[str, str]) -> dict[str, Any]:
    """Natural Earth land, one feature per country, clipped to the region and simplified."""
    area = box(*region_bbox(countries))
    features = []
    with shapefile.Reader(str(naturalearth.archive_path()), encoding="utf-8") as reader:
        names = [f[0] for f in reader.fields[1:]]
        for record in reader.iterShapeRecords(bbox=list(area.bounds)):
            attrs = dict(zip(names, record.record, strict=True))
            clipped = shape(record.shape.__geo_interface__).intersection(area)
            if clipped.is_empty:
                continue
            simple = clipped.simplify(BASEMAP_TOLERANCE, preserve_topology=True)
            code = str(attrs.get("ISO_A2_EH") or attrs.get("ISO_A2") or "")
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name": str(attrs.get("NAME_EN") or attrs.get("NAME")),
                        "iso2": code,
                        "party": code in countries,
                    },
                    "geometry": _rounded(simple),
                }
            )
    return {"type": "FeatureCollection", "bbox": list(area.bounds), "features": features}


@lru_cache(maxsize=4)
def border_line(countries: tuple[str, str]) -> dict[str, Any]:
    model = border(countries)
    return {
        "type": "Feature",
        "properties": {
            "countries": list(model.countries),
            "length_km": round(model.length_km, 1),
            "source": model.source,
        },
        "geometry": _rounded(model.line.simplify(BORDER_TOLERANCE)),
    }


@lru_cache(maxsize=4)
def _sector_shapes(countries: tuple[str, str]) -> dict[int, dict[str, Any]]:
    """Each sector's corridors on both sides as one simplified polygon, for shading."""
    shapes = {}
    for sector in border(countries).sectors:
        area = shapely.union_all(list(sector.corridors.values()))
        shapes[sector.id] = _rounded(area.simplify(SECTOR_TOLERANCE, preserve_topology=True))
    return shapes


def sectors(countries: tuple[str, str], counts: dict[int, int]) -> list[dict[str, Any]]:
    return [
        {**sector.to_dict(), "length_km": round(sector.length_km, 1), "incidents": counts.get(sector.id, 0)}
        for sector in border(countries).sectors
    ]


def sectors_geojson(countries: tuple[str, str], counts: dict[int, int]) -> dict[str, Any]:
    shapes = _sector_shapes(countries)
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": shapes[props["id"]]}
            for props in sectors(countries, counts)
        ],
    }


def crossings(countries: tuple[str, str]) -> list[dict[str, Any]]:
    return [crossing.to_dict() for crossing in border(countries).crossings]
