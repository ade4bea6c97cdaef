"""The JSON API over HTTP (httpx) against the real app under uvicorn and a real database of each backend."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.auth import api_client
from support.picture import ALL_IDS, BULEDA, MAND, SARAVAN, TAFTAN, UNPLACED, seed_picture
from support.postgres import create_database
from support.server import running_app

_counter = itertools.count()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One seeded database per backend, shared by this module's read-only tests."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'sarhad.db'}"
    else:
        url = create_database(request.getfixturevalue("pg_admin_url"), f"api_{next(_counter)}")
    return {"url": url, "sectors": seed_picture(url)}


@pytest.fixture(scope="module")
def client(seeded: dict[str, Any]) -> Iterator[httpx.Client]:
    with running_app(seeded["url"]) as base, api_client(base, seeded["url"]) as http:
        yield http


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def test_list_is_newest_first_and_paginated(client: httpx.Client) -> None:
    assert ids(client.get("/api/incidents")) == [SARAVAN, MAND, BULEDA, TAFTAN, UNPLACED]
    body = client.get("/api/incidents", params={"per_page": 2, "page": 2}).json()
    assert (body["total"], body["pages"], body["page"]) == (5, 3, 2)
    assert [i["id"] for i in body["items"]] == [BULEDA, TAFTAN]
    assert ids(client.get("/api/incidents", params={"page": 9})) == []


def test_sorting(client: httpx.Client) -> None:
    assert ids(client.get("/api/incidents", params={"sort": "-killed"}))[:2] == [SARAVAN, BULEDA]
    assert ids(client.get("/api/incidents", params={"sort": "date"}))[0] == UNPLACED
    assert ids(client.get("/api/incidents", params={"sort": "type"}))[0] == UNPLACED  # abduction


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "ied"}, {BULEDA}),
        ({"type": ["ied", "attack"]}, {BULEDA, SARAVAN}),
        ({"date_from": "2020-01-01", "date_to": "2020-12-31"}, {BULEDA, TAFTAN}),
        ({"date_from": "2021-01-01"}, {SARAVAN, MAND}),
        ({"side": "IR"}, {SARAVAN}),
        ({"corroboration": ["official", "independent"]}, {BULEDA, MAND}),
        ({"type": "attack", "side": "PK"}, set()),
        ({"date_from": "", "type": ""}, set(ALL_IDS)),  # empty form fields mean "no filter"
    ],
)
def test_filters(client: httpx.Client, params: dict[str, Any], expected: set[str]) -> None:
    assert set(ids(client.get("/api/incidents", params=params))) == expected


def test_sector_filter(client: httpx.Client, seeded: dict[str, Any]) -> None:
    sector = seeded["sectors"][BULEDA]
    assert ids(client.get("/api/incidents", params={"sector": sector})) == [BULEDA]


def test_incident_has_every_source_and_the_conflict(client: httpx.Client) -> None:
    body = client.get(f"/api/incidents/{BULEDA}").json()
    assert len(body["sources"]) == 3
    assert {s["source"] for s in body["sources"]} == {"Outlet A", "Outlet B", "Outlet C"}
    killed = body["killed"]
    assert (killed["chosen"], killed["low"], killed["high"]) == (6, 6, 8)
    assert sorted(v["value"] for v in killed["values"]) == [6, 6, 8]
    assert body["conflicts"] == {"killed": [6, 8]}
    assert [v["value"] for v in body["fields"]["place"]] == ["Buleda"] * 3  # every field, not just counts
    assert {v["span"]["text"] for v in killed["values"]} == {
        "Six soldiers",
        "six Frontier Corps men",
        "Eight troops",
    }


def test_report_shows_text_and_where_it_was_fused(client: httpx.Client) -> None:
    report_id = client.get(f"/api/incidents/{BULEDA}").json()["sources"][0]["hash"]
    body = client.get(f"/api/reports/{report_id}").json()
    assert "Buleda" in body["text"] and "raw" not in body
    assert [m["incident"] for m in body["mentions"]] == [BULEDA]


@pytest.mark.parametrize(
    "path",
    ["/api/incidents/inc-nope", "/api/reports/" + "0" * 64, "/api/nothing", "/api/incidents/inc%00x"],
)
def test_unknown_ids_are_404(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "message" in response.json()


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"date_from": "yesterday"}, "date_from: expected a date as YYYY-MM-DD, got 'yesterday'"),
        ({"date_from": "2021-01-01", "date_to": "2020-01-01"}, "after date_to"),
        ({"page": 0}, "page"),
        ({"per_page": 10_000}, "per_page"),
        ({"sort": "bogus"}, "sort"),
        ({"corroboration": "rumour"}, "corroboration"),
        ({"type": "DROP TABLE"}, "type"),
        ({"side": "XX"}, "side must be one of PK, IR"),
        ({"sector": 999}, "sector must be between 1 and"),
        ({"sector": "north"}, "sector"),
        ({"colour": "red"}, "colour: Extra inputs are not permitted"),
    ],
)
def test_bad_filters_are_422_with_a_clear_message(
    client: httpx.Client, params: dict[str, Any], names: str
) -> None:
    for path in ("/api/incidents", "/api/incidents.geojson"):
        response = client.get(path, params=params)
        assert response.status_code == 422, (path, response.text)
        assert names in response.json()["message"]


def test_geojson_has_located_incidents_only(client: httpx.Client) -> None:
    body = client.get("/api/incidents.geojson").json()
    assert body["type"] == "FeatureCollection"
    features = {f["id"]: f for f in body["features"]}
    assert set(features) == {BULEDA, SARAVAN, MAND, TAFTAN}
    buleda = features[BULEDA]
    assert buleda["geometry"]["coordinates"] == [63.1146, 26.5004]
    assert buleda["properties"]["killed_range"] == [6, 8] and buleda["properties"]["sources"] == 3
    narrowed = client.get("/api/incidents.geojson", params={"type": "ied"}).json()
    assert [f["id"] for f in narrowed["features"]] == [BULEDA]


def test_sectors_count_incidents_in_the_window(client: httpx.Client, seeded: dict[str, Any]) -> None:
    recent = client.get("/api/sectors").json()  # 365 days up to the newest incident (Saravan, 2024)
    assert recent["window"] == {"since": "2023-01-19", "until": "2024-01-18", "days": 365}
    counted = {s["id"]: s["incidents"] for s in recent["sectors"] if s["incidents"]}
    assert counted == {seeded["sectors"][SARAVAN]: 1}
    everything = client.get("/api/sectors", params={"days": 36_500}).json()["sectors"]
    assert sum(s["incidents"] for s in everything) == 4
    shapes = client.get("/api/sectors.geojson", params={"days": 36_500}).json()
    assert len(shapes["features"]) == len(everything) == 33
    assert client.get("/api/sectors", params={"days": 0}).status_code == 422
    ancient = client.get("/api/sectors", params={"until": "0001-01-01"})  # window clamps, no overflow
    assert ancient.status_code == 200 and ancient.json()["window"]["since"] == "0001-01-01"


def test_crossings_border_and_basemap(client: httpx.Client) -> None:
    names = {c["name"] for c in client.get("/api/crossings").json()}
    assert {"Taftan–Mirjaveh", "Gabd–Rimdan", "Mand–Pishin"} <= names
    border = client.get("/api/border.geojson").json()
    assert border["geometry"]["type"] == "LineString" and border["properties"]["length_km"] > 800
    land = client.get("/api/basemap.geojson").json()
    assert {"PK", "IR", "AF"} <= {f["properties"]["iso2"] for f in land["features"]}


def test_monthly_counts(client: httpx.Client) -> None:
    body = client.get("/api/stats/months").json()
    assert body["2020-05"] == {"ied": 1} and body["2024-01"] == {"attack": 1}
    assert list(body) == sorted(body)


def test_openapi_documents_every_route(client: httpx.Client) -> None:
    paths = set(client.get("/openapi.json").json()["paths"])
    expected = {
        "/api/incidents",
        "/api/incidents/{incident_id}",
        "/api/incidents.geojson",
        "/api/reports/{report_id}",
        "/api/sectors",
        "/api/crossings",
    }
    assert expected <= paths
    assert not any(p.startswith("/incidents") for p in paths)  # HTML pages stay out of the API document


def test_static_files_are_served_from_packages(client: httpx.Client) -> None:
    assert client.get("/static/leaflet/leaflet.js").status_code == 200
    assert client.get("/static/sarhad.css").status_code == 200
    assert client.get("/docs").status_code == 404  # Swagger UI would load a CDN
