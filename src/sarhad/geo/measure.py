"""Distances on the WGS84 ellipsoid (pyproj's geodesic), shared by every stage that compares places."""

from __future__ import annotations

from pyproj import Geod

GEOD = Geod(ellps="WGS84")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance between two points given as latitude, longitude (degrees)."""
    _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
    return float(metres) / 1000.0
