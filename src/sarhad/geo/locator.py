"""Place points against a border line: nearest sector, side and distance, a million at a time.

The line's segments, projected to metres, are densified to vertices every ``SPACING_M``; a KD-tree
over those vertices names a few candidate segments for each point, and the exact point-to-segment
distance picks among them (the error bound is half the spacing, and in practice zero near the line).
The foot's position along its segment, scaled by that segment's geodesic length, gives geodesic
kilometres from the line's start, so sector boundaries match the geodesic sector lengths.
The side is the country polygon that contains the point. Chunks run on two threads: pyproj,
scipy and shapely release the GIL in their vectorised calls.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import shapely
from pyproj import Transformer
from scipy.spatial import cKDTree
from shapely.geometry.base import BaseGeometry

CHUNK = 125_000
SPACING_M = 500.0
NEIGHBOURS = 4  # densified vertices consulted per point


@dataclass(frozen=True)
class Placement:
    sector_id: int
    side: str | None  # ISO-2 of the country the point is in; None if in neither
    distance_km: float
    along_km: float  # geodesic km along the line from its start to the point's foot


@dataclass(frozen=True)
class PlacementArrays:
    """``locate_many`` results, aligned with the input; invalid coordinates give sector 0, NaN."""

    sector_id: np.ndarray  # int32
    side: np.ndarray  # '<U2': ISO-2, or '' when in neither country
    distance_km: np.ndarray  # float64
    along_km: np.ndarray  # float64

    def __len__(self) -> int:
        return len(self.sector_id)

    def at(self, i: int) -> Placement:
        side = str(self.side[i])
        return Placement(
            int(self.sector_id[i]), side or None, float(self.distance_km[i]), float(self.along_km[i])
        )


class Locator:
    def __init__(
        self,
        parts: list[np.ndarray],
        geodesic: list[np.ndarray],
        sector_ends: np.ndarray,
        countries: dict[str, BaseGeometry],
        projection: Transformer,
    ) -> None:
        starts, ends, geo_start, geo_length, previous = [], [], [], [], []
        offset, count = 0.0, 0
        for xy, km in zip(parts, geodesic, strict=True):
            n = len(xy) - 1
            starts.append(xy[:-1])
            ends.append(xy[1:])
            geo_start.append(offset + km[:-1])
            geo_length.append(np.diff(km))
            # The segment before each one, within the same part (a part's first has none: itself).
            previous.append(count + np.maximum(np.arange(n) - 1, 0))
            offset += float(km[-1])
            count += n
        self._a = np.vstack(starts)
        self._ab = np.vstack(ends) - self._a
        self._ab2 = np.maximum((self._ab**2).sum(axis=1), 1e-12)
        self._previous = np.concatenate(previous)
        self._geo_start = np.concatenate(geo_start)
        self._geo_length = np.concatenate(geo_length)
        vertices, owners = _densify(self._a, self._ab)
        self._tree = cKDTree(vertices)
        self._owner = owners
        self._sector_ends = sector_ends
        self._countries = list(countries.items())
        for _, geometry in self._countries:
            shapely.prepare(geometry)
        self._projection = projection

    def locate(self, lon: float, lat: float) -> Placement:
        return self.locate_many(np.array([lon], dtype=float), np.array([lat], dtype=float)).at(0)

    def locate_many(self, lons: np.ndarray, lats: np.ndarray) -> PlacementArrays:
        lons = np.asarray(lons, dtype=float).ravel()
        lats = np.asarray(lats, dtype=float).ravel()
        if lons.shape != lats.shape:
            raise ValueError(f"lons and lats differ in length ({lons.size} vs {lats.size})")
        chunks = [slice(i, i + CHUNK) for i in range(0, lons.size, CHUNK)] or [slice(0, 0)]
        workers = min(2, os.cpu_count() or 1, len(chunks))
        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(lambda s: self._chunk(lons[s], lats[s]), chunks))
        else:
            results = [self._chunk(lons[s], lats[s]) for s in chunks]
        return PlacementArrays(*(np.concatenate(column) for column in zip(*results, strict=True)))

    def _chunk(
        self, lons: np.ndarray, lats: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        n = lons.size
        sector = np.zeros(n, dtype=np.int32)
        distance = np.full(n, np.nan)
        along = np.full(n, np.nan)
        side = np.full(n, "", dtype="<U2")
        valid = np.isfinite(lons) & np.isfinite(lats) & (np.abs(lats) <= 90) & (np.abs(lons) <= 180)
        if not valid.any():
            return sector, side, distance, along
        x, y = self._projection.transform(lons[valid], lats[valid])
        segment, t, metres = self._nearest(np.column_stack([x, y]))
        distance[valid] = metres / 1000.0
        along[valid] = self._geo_start[segment] + t * self._geo_length[segment]
        index = np.searchsorted(self._sector_ends, along[valid], side="left")
        sector[valid] = np.minimum(index, len(self._sector_ends) - 1) + 1
        for code, geometry in self._countries:
            inside = valid.copy()
            inside[valid] = shapely.contains_xy(geometry, lons[valid], lats[valid])
            side[inside & (side == "")] = code
        return sector, side, distance, along

    def _nearest(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Nearest segment, position on it (0..1) and distance in metres, for each projected point."""
        k = min(NEIGHBOURS, self._tree.n)
        _, vertex = self._tree.query(points, k=k)
        vertex = vertex.reshape(len(points), k)
        owners = self._owner[vertex]
        # A vertex at a segment's start also ends the previous segment: consider both.
        candidates = np.concatenate([owners, self._previous[owners]], axis=1)
        ap = points[:, None, :] - self._a[candidates]
        t = np.clip((ap * self._ab[candidates]).sum(axis=2) / self._ab2[candidates], 0.0, 1.0)
        gap = ap - t[..., None] * self._ab[candidates]
        squared = (gap**2).sum(axis=2)
        best = np.argmin(squared, axis=1)
        rows = np.arange(len(points))
        return candidates[rows, best], t[rows, best], np.sqrt(squared[rows, best])


def _densify(a: np.ndarray, ab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vertices every ``SPACING_M`` along each segment (its start included), with their segment."""
    lengths = np.hypot(ab[:, 0], ab[:, 1])
    steps = np.maximum(1, np.ceil(lengths / SPACING_M)).astype(int)
    owners = np.repeat(np.arange(len(a)), steps)
    fractions = np.concatenate([np.arange(n) / n for n in steps])
    vertices = a[owners] + fractions[:, None] * ab[owners]
    return vertices, owners
