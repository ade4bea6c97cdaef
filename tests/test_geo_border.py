"""The border model: line, sectors, corridors, crossings, the locator and configuration-only borders."""

from __future__ import annotations

import itertools
import json
import math
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import Point

from sarhad.geo import naturalearth
from sarhad.geo.border import Border, BorderError, build_border, load_border
from sarhad.geo.config import BorderConfig, ConfigError
from sarhad.geo.gazetteer import load_gazetteer

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def border() -> Border:
    return load_border(("PK", "IR"))


def test_line_length_and_source_are_reported(border: Border) -> None:
    assert border.countries == ("PK", "IR")
    assert border.length_km == pytest.approx(816.6, abs=0.5)  # Natural Earth 10m, see docs/border.md
    assert border.length_km == pytest.approx(GEOD.geometry_length(border.line) / 1000, rel=1e-6)
    assert "Natural Earth" in border.source and naturalearth.dataset_version() in border.source
    assert border.official_length_km == 959


def test_sectors_cover_the_line_without_gaps_or_overlaps(border: Border) -> None:
    sectors = border.sectors
    assert [s.id for s in sectors] == list(range(1, len(sectors) + 1))
    assert sectors[0].start_km == 0.0
    assert sectors[-1].end_km == pytest.approx(border.length_km, abs=1e-6)
    for before, after in itertools.pairwise(sectors):
        assert before.end_km == pytest.approx(after.start_km, abs=1e-9)
        assert before.line.coords[-1] == pytest.approx(after.line.coords[0], abs=1e-9)
    lengths = [GEOD.geometry_length(s.line) / 1000 for s in sectors]
    assert sum(lengths) == pytest.approx(border.length_km, rel=1e-4)
    for sector, measured in zip(sectors, lengths, strict=True):
        assert measured == pytest.approx(sector.length_km, rel=1e-3)
        assert 20 <= sector.length_km <= 30


def test_sector_length_is_configurable() -> None:
    coarse = load_border(("PK", "IR"), sector_km=50.0)
    assert len(coarse.sectors) == round(coarse.length_km / 50)
    assert all(45 <= s.length_km <= 55 for s in coarse.sectors)


def test_sectors_number_from_the_configured_end(border: Border) -> None:
    # PK-IR is numbered from the north: sector 1 meets Afghanistan, the last reaches the sea.
    first, last = border.sectors[0].line.coords[0], border.sectors[-1].line.coords[-1]
    assert first[1] > 29.5 and last[1] < 25.5


def test_sector_admin_units_face_each_other(border: Border) -> None:
    pk = {d for s in border.sectors for d in s.admin["PK"]["admin2"]}
    ir = {d for s in border.sectors for d in s.admin["IR"]["admin2"]}
    assert {"Chagai", "Panjgur", "Kech", "Gwadar"} <= pk
    assert {"Zahedan", "Mirjaveh", "Saravan"} <= ir
    assert {a for s in border.sectors for a in s.admin["PK"]["admin1"]} == {"Balochistan"}
    assert {a for s in border.sectors for a in s.admin["IR"]["admin1"]} == {"Sistan and Baluchestan"}
    assert border.sectors[0].admin["PK"]["admin2"] == ["Chagai"]  # the Taftan end
    assert border.sectors[-1].admin["PK"]["admin2"] == ["Gwadar"]  # the Gwadar Bay end


def test_corridors_lie_on_their_side_within_the_depth(border: Border) -> None:
    for sector in border.sectors[::5]:
        for code in border.countries:
            corridor = sector.corridors[code]
            country = naturalearth.country(code)
            assert country is not None and not corridor.is_empty
            assert corridor.difference(country.geometry).area < 1e-4 * corridor.area
            outline = shapely.get_coordinates(corridor)
            for lon, lat in outline[:: max(1, len(outline) // 20)]:
                assert border.locate(lon, lat).distance_km <= border.corridor_km * 1.01


def test_crossings_are_sourced_points_on_the_line(border: Border) -> None:
    names = {c.name for c in border.crossings}
    assert {"Taftan–Mirjaveh", "Gabd–Rimdan", "Mand–Pishin"} <= names
    for crossing in border.crossings:
        assert crossing.source and crossing.status == "open"
        assert border.locate(crossing.lon, crossing.lat).distance_km < 1.0
        assert crossing.sector_id is not None and 1 <= crossing.sector_id <= len(border.sectors)
    by_name = {c.name: c for c in border.crossings}
    # Numbered from the north: Taftan comes first, Gabd at the sea last.
    order = [by_name[n].sector_id or 0 for n in ("Taftan–Mirjaveh", "Mand–Pishin", "Gabd–Rimdan")]
    assert order == sorted(order) and order[-1] == len(border.sectors)


def test_buleda_lands_on_the_pakistani_side_near_the_line(border: Border) -> None:
    # ISPR reported the May 2020 Buleda IED 14 km from the border.
    result = load_gazetteer(("PK", "IR")).geocode("Buleda")
    assert result is not None
    placement = border.locate(result.lon, result.lat)
    assert placement.side == "PK"
    assert 10.0 <= placement.distance_km <= 25.0
    assert border.sector(placement.sector_id).admin["PK"]["admin2"] == ["Kech"]


@pytest.mark.parametrize(
    ("lon", "lat", "side", "max_km"),
    [
        (61.44959, 29.0148, "IR", 10.0),  # Mirjaveh (GeoNames)
        (61.58661, 28.94687, "PK", 10.0),  # Taftan (GeoNames)
        (60.8629, 29.4963, "IR", 40.0),  # Zahedan
        (62.0, 24.5, None, 120.0),  # Gulf of Oman
    ],
)
def test_locate_gives_side_and_distance(
    border: Border, lon: float, lat: float, side: str | None, max_km: float
) -> None:
    placement = border.locate(lon, lat)
    assert placement.side == side
    assert 0.0 <= placement.distance_km <= max_km
    assert 1 <= placement.sector_id <= len(border.sectors)


def test_locate_distance_matches_a_brute_force_geodesic(border: Border) -> None:
    rng = np.random.default_rng(7)
    line = border.line
    assert line.geom_type == "LineString"
    dense = shapely.segmentize(line, 0.002)  # ~200 m between vertices
    coords = np.asarray(dense.coords)
    for lon, lat in zip(rng.uniform(60, 64, 12), rng.uniform(25, 30, 12), strict=True):
        _, _, metres = GEOD.inv(
            np.full(len(coords), lon), np.full(len(coords), lat), coords[:, 0], coords[:, 1]
        )
        brute = float(np.min(metres)) / 1000
        assert border.locate(lon, lat).distance_km == pytest.approx(brute, rel=5e-3, abs=0.15)


def test_locate_many_agrees_with_locate_and_flags_bad_input(border: Border) -> None:
    rng = np.random.default_rng(11)
    lons, lats = rng.uniform(58, 66, 300), rng.uniform(24, 32, 300)
    lons[5], lats[6] = np.nan, 95.0
    many = border.locate_many(lons, lats)
    assert len(many) == 300
    assert many.sector_id[5] == 0 and math.isnan(many.distance_km[5]) and many.side[5] == ""
    assert many.sector_id[6] == 0
    for i in (0, 17, 123, 299):
        assert many.at(i) == border.locate(lons[i], lats[i])
    with pytest.raises(ValueError, match="differ in length"):
        border.locate_many(lons, lats[:10])


def test_along_km_follows_the_line(border: Border) -> None:
    for sector in border.sectors[::4]:
        middle = sector.line.interpolate(0.5, normalized=True)
        placement = border.locate(middle.x, middle.y)
        assert placement.sector_id == sector.id
        assert placement.along_km == pytest.approx((sector.start_km + sector.end_km) / 2, abs=0.5)
        assert placement.distance_km < 0.05


def test_load_border_is_cached() -> None:
    first = load_border(("PK", "IR"))
    started = time.perf_counter()
    again = load_border(("PK", "IR"))
    assert again is first and time.perf_counter() - started < 0.01


@pytest.mark.parametrize(
    ("countries", "message"),
    [
        (("PK", "XX"), "unknown ISO 3166-1 alpha-2 country code 'XX'"),
        (("QQ", "IR"), "unknown ISO 3166-1 alpha-2 country code 'QQ'"),
        (("PK", "PK"), "two different countries"),
        (("PK", "FR"), "PK and FR share no land boundary"),
        (("IR", "IN"), "IR and IN share no land boundary"),
    ],
)
def test_bad_pairs_are_clear_errors(countries: tuple[str, str], message: str) -> None:
    with pytest.raises(BorderError, match=message):
        load_border(countries)


def test_bad_lengths_are_clear_errors() -> None:
    with pytest.raises(BorderError, match="positive"):
        load_border(("PK", "IR"), sector_km=0.0)
    with pytest.raises(BorderError, match="positive"):
        load_border(("PK", "IR"), corridor_km=-5.0)


def test_a_second_pair_is_shipped_configuration() -> None:
    border = load_border(("PK", "AF"))
    assert border.countries == ("PK", "AF")
    assert border.length_km == pytest.approx(2244.7, abs=1.0)
    shipped = {"Torkham", "Chaman–Spin Boldak", "Kharlachi", "Ghulam Khan", "Angoor Adda"}
    assert {c.name for c in border.crossings} == shipped
    for crossing in border.crossings:
        assert border.locate(crossing.lon, crossing.lat).distance_km < 1.0
    # along the line from the north: Torkham, Kharlachi, Ghulam Khan, Angoor Adda, Chaman
    along = [c.name for c in sorted(border.crossings, key=lambda c: c.along_km or 0.0)]
    assert along.index("Kharlachi") < along.index("Ghulam Khan") < along.index("Angoor Adda")
    assert along[-1] == "Chaman–Spin Boldak"
    assert {a for s in border.sectors for a in s.admin["PK"]["admin1"]} >= {
        "Balochistan",
        "Khyber Pakhtunkhwa",
    }


def test_any_pair_is_built_from_a_configuration_file(tmp_path: Path) -> None:
    path = tmp_path / "IR-AF.json"
    path.write_text(
        json.dumps(
            {
                "countries": ["IR", "AF"],
                "start_from": "south",
                "official_length": {"km": 921, "source": {"title": "test fixture"}},
                "admin1_names": {"IR": {"Sīstān va Balūchestān": "Sistan-Baluchestan (test)"}},
                "crossings": [
                    {
                        "name": "Test gate",
                        "lat": 31.0,
                        "lon": 61.6,
                        "status": "planned",
                        "sides": {"IR": {"place": "x"}, "AF": {"place": "y"}},
                        "sources": [{"title": "test fixture"}],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    border = build_border(BorderConfig.from_file(path), sector_km=40.0, corridor_km=30.0)
    assert border.countries == ("IR", "AF") and border.official_length_km == 921
    start, end = border.sectors[0].line.coords[0], border.sectors[-1].line.coords[-1]
    assert start[1] < end[1]  # numbered from the south, as configured
    assert all(30 <= s.length_km <= 50 for s in border.sectors)
    assert border.crossings[0].status == "planned" and border.crossings[0].sector_id is not None
    assert "Sistan-Baluchestan (test)" in {a for s in border.sectors for a in s.admin["IR"]["admin1"]}


def test_multi_part_borders_number_sectors_part_by_part() -> None:
    # Andorra cuts the France-Spain boundary into parts; no sector may span a gap.
    border = build_border(BorderConfig.default(("FR", "ES")), places=())
    assert border.line.geom_type == "MultiLineString"
    assert border.sectors[-1].end_km == pytest.approx(border.length_km, abs=1e-6)
    for sector in border.sectors:
        assert border.line.distance(Point(sector.line.coords[0])) < 1e-9
        assert len(shapely.get_parts(sector.line)) == 1


def test_malformed_configuration_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"countries": ["PK"]}', encoding="utf-8")
    with pytest.raises(ConfigError, match="exactly two"):
        BorderConfig.from_file(bad)
    bad.write_text('{"countries": ["PK", "IR"], "start_from": "up"}', encoding="utf-8")
    with pytest.raises(ConfigError, match="start_from"):
        BorderConfig.from_file(bad)
    bad.write_text("not json", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot read"):
        BorderConfig.from_file(bad)
    unsourced = {
        "countries": ["PK", "IR"],
        "crossings": [{"name": "x", "lat": 1, "lon": 1, "status": "open"}],
    }
    with pytest.raises(ConfigError, match="no source"):
        BorderConfig.parse(unsourced)
