"""Places as a mention carries them, written once for the fusion tests (coordinates rounded, made up to the
precision the tests need)."""

from __future__ import annotations

from typing import Any

BULEDA: dict[str, Any] = {
    "place": "Buleda",
    "lat": 26.25,
    "lon": 62.42,
    "geo_precision": "place",
    "admin1": "Balochistan",
    "admin2": "Kech",
    "country": "PK",
}
KECH: dict[str, Any] = {
    "place": "Kech district",
    "lat": 26.2,
    "lon": 63.0,
    "geo_precision": "district",
    "admin1": "Balochistan",
    "admin2": "Kech",
    "country": "PK",
}
MIRJAVEH: dict[str, Any] = {
    "place": "Mirjaveh",
    "lat": 29.02,
    "lon": 61.45,
    "geo_precision": "place",
    "admin1": "Sistan and Baluchestan",
    "country": "IR",
}
TAFTAN: dict[str, Any] = {
    "place": "Taftan",
    "lat": 29.0,
    "lon": 61.6,
    "geo_precision": "place",
    "admin1": "Balochistan",
    "country": "PK",
}
SARAVAN: dict[str, Any] = {
    "place": "Saravan",
    "lat": 27.37,
    "lon": 62.33,
    "geo_precision": "place",
    "admin1": "Sistan and Baluchestan",
    "country": "IR",
}
