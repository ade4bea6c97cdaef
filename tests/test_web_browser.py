"""The pages in a real browser: Playwright driving Debian's chromium against the app under uvicorn.

Screenshots go to test-artifacts/ (gitignored) so a reviewer can see what the tests saw.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from support.auth import ensure_user, token_for
from support.browser import launched, needs_chromium, shot, sign_in_page
from support.picture import BULEDA, seed_picture
from support.server import running_app

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def app_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'sarhad.db'}"
    seed_picture(url)
    ensure_user(url, "viewer", "viewer")
    return url


@pytest.fixture(scope="module")
def base_url(app_db: str) -> Iterator[str]:
    with running_app(app_db) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as running:
        yield running


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    # Nothing may come from the network but our own server: no CDN, no tile server.
    opened.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(base_url) else route.abort()
    )
    sign_in_page(opened, "viewer")
    yield opened
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def open_map(page: Any, query: str = "") -> None:
    page.goto("/" + query)
    page.wait_for_selector("#map[data-ready='true']", timeout=15_000)


def test_map_shows_border_sectors_crossings_and_markers(page: Any) -> None:
    open_map(page, "?days=36500")
    assert page.locator("path.border-line").count() == 1
    assert page.locator(".incident-marker").count() == 4  # the unplaced incident has no marker
    assert page.locator(".crossing-marker").count() == 3
    assert page.locator("path.leaflet-interactive").count() > 30  # land and sector shapes drawn
    sizes = {
        m.get_attribute("data-incident"): m.bounding_box()["width"]
        for m in page.locator(".incident-marker").all()
    }
    assert sizes[BULEDA] > sizes["inc-test-taftan"]  # sized by casualties
    shot(page, "map", full_page=False)


def test_clicking_a_marker_leads_to_the_incident_and_its_sources(page: Any) -> None:
    open_map(page)
    page.locator(f".incident-marker[data-incident='{BULEDA}']").click()
    popup = page.locator(".leaflet-popup-content")
    popup.get_by_role("link", name="Open the incident").click()
    page.wait_for_url(f"**/incidents/{BULEDA}")
    assert page.locator("th.source-col").count() >= 2
    killed = page.locator("tr.conflict", has_text="killed")
    assert killed.count() == 1
    assert "6 killed — Outlet A, Outlet B; 8 killed — Outlet C" in page.locator(".conflicts").inner_text()
    shot(page, "incident")


def test_a_filter_narrows_the_list(page: Any) -> None:
    page.goto("/incidents")
    rows = page.locator("#incident-table tbody tr")
    assert rows.count() == 5
    page.get_by_label("IED").check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/incidents?type=ied*")
    assert rows.count() == 1
    assert "Buleda" in rows.first.inner_text()
    assert page.locator("svg.chart rect").count() == 1
    shot(page, "list-filtered")


def test_keyboard_reaches_an_incident_from_the_map(page: Any) -> None:
    open_map(page)
    for _ in range(40):  # Tab through the page until a marker has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('incident-marker')"):
            break
    else:
        pytest.fail("no incident marker is reachable with Tab")
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and focused.startswith("/incidents/")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{focused}")


def test_the_real_server_speaks_http(base_url: str, app_db: str) -> None:
    assert httpx.get(f"{base_url}/openapi.json").status_code == 401
    headers = {"Authorization": f"Bearer {token_for(app_db, 'viewer')}"}
    assert httpx.get(f"{base_url}/openapi.json", headers=headers).json()["info"]["title"] == "Sarhad"
    assert httpx.get(f"{base_url}/api/incidents?page=-1", headers=headers).status_code == 422
