"""The report's map and charts, laid out here and drawn as SVG by its templates (no tiles, no network:
the land is Natural Earth's, as on the web map).

The map shows the border line and its sectors, the terminals, and each listed incident at its place by
its number in the report; an incident placed only to an area is drawn as a ring, never as an exact dot.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, box, shape
from shapely.geometry.base import BaseGeometry

from sarhad.api import geo
from sarhad.events import TYPE_COLOURS
from sarhad.fuse.model import ACLED_GEO_PRECISION
from sarhad.sitrep.model import SitRep
from sarhad.wording import counted

MAP_WIDTH, MAP_HEIGHT = 720, 500
MARGIN_DEG = 0.8  # around the border line, so the districts on each side show
AREA_PRECISION = ACLED_GEO_PRECISION["province"]  # an area, never to be drawn as an exact point
CHART_WIDTH, CHART_HEIGHT = 720, 180
CHART_LEFT, CHART_BOTTOM, CHART_TOP = 36, 24, 10
BAR_HEIGHT, BAR_GAP = 16, 6
LABEL_WIDTH = 280  # the sector chart's labels, left of its bars
Project = Callable[[float, float], tuple[float, float]]
Bounds = tuple[float, float, float, float]


@dataclass(frozen=True)
class Shape:
    path: str
    party: bool
    name: str


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    text: str
    colour: str = "#000000"
    area: bool = False


@dataclass(frozen=True)
class MapFigure:
    width: int
    height: int
    land: list[Shape]
    border: str
    sectors: list[Mark]
    crossings: list[Mark]
    incidents: list[Mark]
    countries: list[Mark]
    unplaced: int  # listed incidents with no coordinates, or outside the map


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    highlight: bool = False


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[tuple[float, str]]  # labels along the axis: (position, text)
    peak: int = 0  # the value a full-height bar stands for


def incident_map(report: SitRep) -> MapFigure:
    border = geo.border(report.countries)
    west, south, east, north = border.line.bounds
    view = box(*_framed((west - MARGIN_DEG, south - MARGIN_DEG, east + MARGIN_DEG, north + MARGIN_DEG)))
    project = _projection(view.bounds, MAP_WIDTH)
    clipped = [
        (f["properties"], part)
        for f in geo.basemap(report.countries)["features"]
        if not (part := shape(f["geometry"]).intersection(view)).is_empty
    ]
    land = [Shape(_path(part, project), bool(p["party"]), str(p["name"])) for p, part in clipped]
    names = [_mark(part.representative_point(), project, str(p["name"])) for p, part in clipped if p["party"]]
    sectors = [_mark(s.line.interpolate(0.5, normalized=True), project, str(s.id)) for s in border.sectors]
    crossings = [_mark(Point(c.lon, c.lat), project, c.name) for c in border.crossings]
    points, unplaced = [], 0
    for line in report.lines:
        lat, lon = line.row.get("latitude"), line.row.get("longitude")
        if lat is None or lon is None or not view.contains(Point(lon, lat)):
            unplaced += 1
            continue
        x, y = project(lon, lat)
        colour = TYPE_COLOURS.get(line.row["sarhad_type"], "#666666")
        area = line.row.get("geo_precision") == AREA_PRECISION
        points.append(Mark(x, y, str(line.number), colour, area))
    return MapFigure(
        MAP_WIDTH, MAP_HEIGHT, land, _path(border.line, project), sectors, crossings, points, names, unplaced
    )


def _squeeze(south: float, north: float) -> float:
    """Plate carrée scaled by the cosine of the middle latitude: true to shape at a region's size."""
    return math.cos(math.radians((south + north) / 2))


def _framed(bounds: Bounds) -> Bounds:
    """The bounds widened on one axis to the map's proportions, the border in the middle."""
    west, south, east, north = bounds
    wide = (east - west) * _squeeze(south, north)
    tall = north - south
    if wide / tall < MAP_WIDTH / MAP_HEIGHT:
        grow = (tall * MAP_WIDTH / MAP_HEIGHT - wide) / _squeeze(south, north) / 2
        return west - grow, south, east + grow, north
    grow = (wide * MAP_HEIGHT / MAP_WIDTH - tall) / 2
    return west, south - grow, east, north + grow


def _projection(bounds: Bounds, width: int) -> Project:
    west, south, east, north = bounds
    squeeze = _squeeze(south, north)
    scale = width / ((east - west) * squeeze)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - west) * squeeze * scale, 1), round((north - lat) * scale, 1)

    return project


def _mark(point: Point, project: Project, text: str) -> Mark:
    x, y = project(point.x, point.y)
    return Mark(x, y, text)


def _path(geometry: BaseGeometry, project: Project) -> str:
    """An SVG path for lines and polygons (rings closed); get_parts flattens any multi-part geometry."""
    parts = []
    for part in shapely.get_parts(geometry):
        if part.geom_type == "Polygon":
            rings = [part.exterior, *part.interiors]
            parts += [_points(ring.coords, project) + "Z" for ring in rings]
        elif part.geom_type == "LineString":
            parts.append(_points(part.coords, project))
    return "".join(parts)


def _points(coords: Iterable[tuple[float, ...]], project: Project) -> str:
    xy = [project(c[0], c[1]) for c in coords]
    return "M" + "L".join(f"{x},{y}" for x, y in xy)


def sector_chart(report: SitRep) -> BarChart:
    """Incidents listed per sector, one horizontal bar each (the killed are in the label)."""
    blocks = [b for b in report.sectors if b.lines]
    peak = max((len(b.lines) for b in blocks), default=1)
    room = CHART_WIDTH - LABEL_WIDTH - 10
    bars = []
    for n, block in enumerate(blocks):
        name = f"Sector {block.sector}" if block.sector is not None else "Off the sectors"
        killed = block.total("fatalities")
        count = len(block.lines)
        label = f"{name}: {counted(count, 'incident')}, {killed} killed"
        y = n * (BAR_HEIGHT + BAR_GAP)
        bars.append(Bar(LABEL_WIDTH, y, max(room * count / peak, 2), BAR_HEIGHT, label, count))
    height = max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP)
    return BarChart(CHART_WIDTH, height, bars, [], peak)


def trend_chart(report: SitRep) -> BarChart:
    """Incidents by event date over the trend's days; the days of the period are highlighted."""
    peak = max((n for _, n in report.trend), default=0) or 1
    plot = CHART_HEIGHT - CHART_BOTTOM - CHART_TOP
    step = (CHART_WIDTH - CHART_LEFT) / max(len(report.trend), 1)
    first = report.period.since.date()
    bars = [
        Bar(
            CHART_LEFT + i * step + step * 0.1,
            CHART_TOP + plot * (1 - n / peak),
            step * 0.8,
            plot * n / peak,
            f"{day.isoformat()}: {counted(n, 'incident')}",
            n,
            highlight=day >= first,
        )
        for i, (day, n) in enumerate(report.trend)
    ]
    ticks = [
        (CHART_LEFT + i * step + step / 2, _day_label(day))
        for i, (day, _) in enumerate(report.trend)
        if i % 7 == 0 or (i == len(report.trend) - 1 and i % 7 >= 3)  # the last day, if it has room
    ]
    return BarChart(CHART_WIDTH, CHART_HEIGHT, bars, ticks, peak)


def _day_label(day: dt.date) -> str:
    return f"{day.day} {day:%b}"
