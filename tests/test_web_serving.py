"""The serving path under pressure (issue #16): a map that fetches only its view, bounded pages, HEAD,
trusted hosts, a queue that answers 503 instead of 500, and a health check that sees a damaged store."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from sarhad.api import create_app
from sarhad.api.admission import Admission
from sarhad.api.queries import MAX_POINTS
from sarhad.store.db import session_scope
from support.auth import api_client, ensure_user, token_for
from support.browser import launched, needs_chromium, sign_in_page
from support.crowd import seed_crowd
from support.server import running_app

CROWD = 10_000
WHOLE_BORDER = "55,23,72,33"
ONE_STRETCH = "62.0,27.5,62.6,28.0"


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('crowd') / 'sarhad.db'}"
    seed_crowd(url, CROWD)
    return url


@pytest.fixture(scope="module")
def client(crowded: str) -> Iterator[httpx.Client]:
    with running_app(crowded) as base, api_client(base, crowded) as http:
        yield http


def test_a_crowded_view_comes_as_clusters_that_add_up(client: httpx.Client) -> None:
    body = client.get("/api/map/incidents.geojson", params={"bbox": WHOLE_BORDER, "zoom": 5}).json()
    assert body["clustered"] is True and body["total"] == CROWD
    assert sum(f["properties"]["count"] for f in body["features"]) == CROWD
    assert len(body["features"]) < 200  # bounded by the view's grid, not by the store


def test_a_zoomed_view_comes_as_incidents(client: httpx.Client) -> None:
    body = client.get("/api/map/incidents.geojson", params={"bbox": ONE_STRETCH, "zoom": 11}).json()
    assert not body["clustered"] and 0 < body["total"] <= MAX_POINTS
    assert len(body["features"]) == body["total"]
    for feature in body["features"]:
        west, south, east, north = map(float, ONE_STRETCH.split(","))
        lon, lat = feature["geometry"]["coordinates"]
        assert west <= lon <= east and south <= lat <= north
        assert feature["properties"]["url"] == f"/incidents/{feature['id']}"


def test_a_huge_view_at_any_zoom_stays_bounded(client: httpx.Client) -> None:
    world = "-180,-90,180,90"
    body = client.get("/api/map/incidents.geojson", params={"bbox": world, "zoom": 12}).json()
    assert body["clustered"] and len(body["features"]) <= 32 * 32
    assert sum(f["properties"]["count"] for f in body["features"]) == CROWD
    for feature in body["features"]:
        west, south, east, north = feature["properties"]["bounds"]
        lon, lat = feature["geometry"]["coordinates"]
        assert west <= lon <= east and south <= lat <= north
    deep = client.get("/api/map/incidents.geojson", params={"bbox": world, "zoom": 19}).json()
    assert not deep["clustered"] and deep["truncated"] and len(deep["features"]) == 2000


@pytest.mark.parametrize("bbox", ["1,2,3", "70,20,60,30", "0,-95,10,10", "a,b,c,d"])
def test_a_bad_view_is_a_422(client: httpx.Client, bbox: str) -> None:
    response = client.get("/api/map/incidents.geojson", params={"bbox": bbox})
    assert response.status_code == 422 and "bbox" in response.json()["message"]


def test_the_geojson_list_is_paged(client: httpx.Client) -> None:
    first = client.get("/api/incidents.geojson").json()
    assert first["total"] == CROWD and len(first["features"]) == 1000 and first["pages"] == 10
    assert client.get("/api/incidents.geojson", params={"per_page": 1001}).status_code == 422


def test_the_map_page_stays_small_with_ten_thousand_incidents(client: httpx.Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert len(response.content) < 100_000, len(response.content)
    assert f"of {CROWD:,}".replace(",", "") in response.text.replace(",", "")


def test_head_is_answered_as_get_without_a_body(client: httpx.Client) -> None:
    for path in ("/healthz", "/api/incidents", "/incidents", "/static/sarhad.css"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]


def test_a_host_not_on_the_list_is_refused(crowded: str) -> None:
    app = create_app(crowded, allowed_hosts=["sarhad.example", "127.0.0.1"])
    with TestClient(app, base_url="http://evil.example") as evil:
        assert evil.get("/healthz").status_code == 400
    with TestClient(app, base_url="http://sarhad.example") as good:
        assert good.get("/healthz").status_code == 200


def test_the_queue_answers_503_with_retry_after_once_a_request_has_waited_too_long() -> None:
    async def slow(scope: Any, receive: Any, send: Any) -> None:
        await asyncio.sleep(0.5)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"done"})

    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=Admission(slow, slots=1, patience=0.2))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
            return list(await asyncio.gather(*(http.get("/api/incidents") for _ in range(3))))

    answers = asyncio.run(run())
    assert sorted(a.status_code for a in answers) == [200, 503, 503]
    refused = next(a for a in answers if a.status_code == 503)
    assert refused.headers["retry-after"] and "busy" in refused.json()["message"]


def test_health_check_is_503_when_the_database_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "sarhad.db"
    url = f"sqlite:///{path}"
    seed_crowd(url, 3000)
    with session_scope(url) as session:
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    app = create_app(url)
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset : offset + 512] = b"\xde\xad" * 256
    path.write_bytes(bytes(data))
    from sarhad.store.db import get_engine

    get_engine(url).dispose()  # connections opened before the damage keep pages in their cache
    with TestClient(app) as http:
        answer = http.get("/healthz")
    assert answer.status_code == 503 and answer.headers["retry-after"]
    assert answer.json()["status"] == "unavailable"


@needs_chromium
def test_the_map_with_ten_thousand_incidents_shows_clusters_then_incidents(crowded: str) -> None:
    ensure_user(crowded, "mapper", "viewer")
    token_for(crowded)  # the same database as the API tests: users exist once
    with running_app(crowded) as base, launched() as browser:
        page = browser.new_page(base_url=base)
        sign_in_page(page, "mapper")
        started = time.monotonic()
        page.goto("/")
        page.wait_for_selector("#map[data-ready='true']", state="attached", timeout=30_000)
        ready = time.monotonic() - started
        assert page.get_attribute("#map", "data-clustered") == "true"
        assert page.locator(".cluster-marker").count() > 3
        assert page.locator(".incident-marker").count() == 0
        with session_scope(crowded) as session:
            lat, lon = session.execute(text("SELECT lat, lon FROM incident ORDER BY id LIMIT 1")).one()
        near = [[lat - 0.05, lon - 0.05], [lat + 0.05, lon + 0.05]]
        page.evaluate("(near) => window.sarhadMap.fitBounds(near)", near)
        page.wait_for_selector("#map[data-clustered='false']", state="attached")
        page.wait_for_selector(".incident-marker")
        assert page.locator(".incident-marker").count() <= MAX_POINTS
        print(f"map ready in {ready:.2f} s with {CROWD:,} incidents")


def test_serve_answers_the_names_it_is_reached_by() -> None:
    import socket

    from sarhad.api.cli import allowed_hosts

    named = allowed_hosts("10.0.0.5", ["Sarhad.Example"], ["pk-node.example", "127.0.0.1", "fd00::0:5"])
    assert named[0] == "sarhad.example" and "10.0.0.5" in named and "pk-node.example" in named
    assert "[::1]" in named and "[fd00::5]" in named  # as the Host header carries IPv6
    assert "localhost" in named and socket.gethostname().lower() not in named
    everywhere = allowed_hosts("0.0.0.0", [], [])
    assert socket.gethostname().lower() in everywhere and "0.0.0.0" not in everywhere


def test_the_host_check_spares_the_peer_and_knows_ipv6(crowded: str) -> None:
    from sarhad.api.cli import allowed_hosts

    app = create_app(crowded, allowed_hosts=allowed_hosts("::1", [], []))
    with TestClient(app, base_url="http://[::1]:8000") as ipv6:
        assert ipv6.get("/healthz").status_code == 200
    with TestClient(app, base_url="http://203.0.113.9:8443") as peer:
        assert peer.get("/healthz").status_code == 400
        answer = peer.post("/exchange/inbox", content=b"{}")  # reaches the signature checks
        assert answer.status_code != 400 or "host" not in answer.text.lower()


def test_news_and_recalled_history_can_be_told_apart(db_url: str) -> None:
    from sqlalchemy import update

    from sarhad.store.models import Incident
    from support.auth import token_for
    from support.picture import BULEDA, seed_picture

    seed_picture(db_url)
    with session_scope(db_url) as session:
        session.execute(update(Incident).where(Incident.id == BULEDA).values(recalled=True))
    headers = {"Authorization": f"Bearer {token_for(db_url)}"}
    with TestClient(create_app(db_url), headers=headers) as http:
        news = [i["id"] for i in http.get("/api/incidents", params={"recalled": "false"}).json()["items"]]
        history = [i["id"] for i in http.get("/api/incidents", params={"recalled": "true"}).json()["items"]]
        page = http.get("/incidents").text
        view = http.get("/api/map/incidents.geojson", params={"recalled": "true", "zoom": 10}).json()
    assert history == [BULEDA] and BULEDA not in news and news
    assert 'class="badge recalled"' in page
    assert [f["id"] for f in view["features"]] == [BULEDA] and view["features"][0]["properties"]["recalled"]


@needs_chromium
def test_an_incident_known_only_to_its_province_is_drawn_as_an_area(tmp_path: Path) -> None:
    from sqlalchemy import update

    from sarhad.store.models import Incident
    from support.picture import SARAVAN, seed_picture

    url = f"sqlite:///{tmp_path / 'areas.db'}"
    seed_picture(url)
    with session_scope(url) as session:
        located = session.scalar(text("SELECT count(*) FROM incident WHERE lat IS NOT NULL"))
        session.execute(update(Incident).where(Incident.id == SARAVAN).values(geo_precision=3))
    ensure_user(url, "mapper", "viewer")
    with running_app(url) as base, launched() as browser:
        page = browser.new_page(base_url=base)
        sign_in_page(page, "mapper")
        page.goto("/")
        page.wait_for_selector("#map[data-ready='true']", state="attached", timeout=30_000)
        assert page.locator(".incident-marker").count() == located - 1
        assert page.locator("path.incident-area").count() == 1
        assert page.locator(f".incident-marker[data-incident='{SARAVAN}']").count() == 0
        assert "drawn as an area" in page.content()
