"""The server-rendered pages over HTTP: content, conflicts spelled out, text alternatives, error pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.auth import api_client
from support.picture import BULEDA, SARAVAN, seed_picture
from support.server import running_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    url = f"sqlite:///{tmp_path_factory.mktemp('pages') / 'sarhad.db'}"
    seed_picture(url)
    with running_app(url) as base, api_client(base, url) as http:
        yield http


def text_of(html: str) -> str:
    """Visible-ish text: tags dropped and whitespace collapsed, so assertions read like the page."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_incident_page_puts_sources_side_by_side(client: httpx.Client) -> None:
    response = client.get(f"/incidents/{BULEDA}")
    assert response.status_code == 200
    page = text_of(response.text)
    assert "6 killed — Outlet A, Outlet B; 8 killed — Outlet C" in page
    assert response.text.count('class="source-col"') == 3
    assert '<tr class="conflict">' in response.text
    for span in ("Six soldiers", "six Frontier Corps men", "Eight troops"):
        assert f"“{span}”" in page or f'<q class="span">{span}</q>' in response.text
    timeline = response.text.split('class="timeline"')[1]
    assert timeline.index("Outlet A") < timeline.index("Outlet B") < timeline.index("Outlet C")


def test_list_page_filters_and_chart(client: httpx.Client) -> None:
    everything = client.get("/incidents").text
    assert everything.count('href="/incidents/inc-test-') == 5
    assert '<svg class="chart"' in everything and "2020-05: 1 IED" in everything
    assert everything.count('aria-sort="descending"') == 1  # newest first by default
    narrowed = client.get("/incidents", params={"type": "attack", "sort": "type"}).text
    assert narrowed.count('href="/incidents/inc-test-') == 1 and SARAVAN in narrowed
    assert 'href="/?type=attack">Show these incidents on the map' in narrowed
    paged = client.get("/incidents", params={"per_page": 2, "page": 2}).text
    assert "page 2 of 3" in paged
    assert 'rel="next" href="/incidents?per_page=2&amp;page=3"' in paged


def test_map_page_has_a_text_alternative(client: httpx.Client) -> None:
    page = client.get("/").text
    assert 'id="map" role="region" aria-label=' in page
    assert page.count('href="/incidents/inc-test-') == 4  # every located incident, as a table row
    assert "Taftan–Mirjaveh" in page
    assert "https://" not in page.split("<footer>")[0]  # nothing loads from elsewhere


def test_report_page_marks_the_spans(client: httpx.Client) -> None:
    report_id = client.get(f"/api/incidents/{BULEDA}").json()["sources"][0]["hash"]
    page = client.get(f"/reports/{report_id}").text
    assert re.search(r'<mark title="killed">[^<]+<span class="sr-only"> \(killed\)</span></mark>', page)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/incidents/inc-nope", 404, "no incident with id"),
        ("/reports/nope", 404, "no report with id"),
        ("/incidents?date_from=soon", 422, "date_from"),
        ("/incidents?side=AF", 422, "side must be one of PK, IR"),
        ("/?days=-3", 422, "days"),
    ],
)
def test_error_pages_are_html_and_clear(client: httpx.Client, path: str, status: int, message: str) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert message in response.text and 'role="alert"' in response.text


def test_static_assets_exist() -> None:
    static = Path(__file__).resolve().parents[1] / "src" / "sarhad" / "web" / "static"
    assert (static / "map.js").is_file() and (static / "sarhad.css").is_file()


def test_every_response_carries_the_security_headers(client: httpx.Client) -> None:
    for path in ("/", "/incidents", "/api/incidents", "/login", "/static/sarhad.css"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert (headers.get("cache-control") == "no-store") == (not path.startswith("/static"))
