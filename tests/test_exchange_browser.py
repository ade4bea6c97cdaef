"""The mechanism as a person sees it, in Chromium against two real nodes: a liaison officer on PK opens an
incident, reads exactly what IR would receive, sends it, and an analyst on IR sees it arrive as PK's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.auth import ensure_user
from support.browser import launched, needs_chromium, shot, sign_in_page
from support.nodes import Node, make_pair
from support.planted import Planted, fuse, incident_of, plant

pytestmark = [pytest.mark.slow, needs_chromium]
EVENT = {"type": "ied", "date": dt.date(2020, 5, 8), "date_precision": "day", "place": "Buleda",
         "admin1": "Balochistan", "country": "PK", "lat": 26.5004, "lon": 63.1146}  # fmt: skip


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[tuple[Node, Node, str]]:
    pk, ir = make_pair(tmp_path, f"sqlite:///{tmp_path / 'pk.db'}", f"sqlite:///{tmp_path / 'ir.db'}")
    article, _ = plant(
        pk.db_url,
        [
            Planted("Six soldiers were killed near Buleda.", {**EVENT, "killed": 6},
                    {"killed": "Six soldiers"}, source="Daily Outlet"),
            Planted("Field report: seven killed at Buleda.", {**EVENT, "killed": 7},
                    {"killed": "seven killed"}, kind="field_report", releasability="national",
                    source="Sector Desk"),
        ],
    )  # fmt: skip
    fuse(pk.db_url)
    ensure_user(pk.db_url, "amina", "liaison")
    ensure_user(ir.db_url, "reza", "analyst")
    pk.start(interval=0.2)
    ir.start(interval=0.2)
    yield pk, ir, incident_of(pk.db_url, article)
    pk.stop()
    ir.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    with launched() as running:
        yield running


def signed_in(browser: Any, node: Node, name: str) -> Any:
    context = browser.new_context(
        base_url=node.base, ignore_https_errors=True, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    sign_in_page(page, name)
    return page


def test_share_from_pk_and_watch_it_arrive_on_ir(browser: Any, nodes: tuple[Node, Node, str]) -> None:
    pk, ir, incident = nodes
    page = signed_in(browser, pk, "amina")
    assert "PK node" in page.locator("header").inner_text() and "amina" in page.locator("header").inner_text()
    page.goto(f"/incidents/{incident}")
    assert page.locator(".releasability .rel").inner_text() == "national"
    page.get_by_role("link", name="Share with the other party…").click()
    assert "Nothing of this incident may be sent" in page.locator(".error").inner_text()
    page.get_by_label("Make it").select_option("bilateral")
    page.get_by_label("because").fill("agreed at the border commission")
    page.get_by_role("button", name="Record the decision").click()
    preview = page.locator(".preview")
    assert "1 source withheld" in preview.inner_text() and "Sector Desk" not in preview.inner_text()
    assert "6 killed" in preview.inner_text()
    shot(page, "share-preview")
    page.get_by_role("button", name="Send to the other party").click()
    page.wait_for_url("**/exchange?queued=1")
    for _ in range(100):  # the page does not poll: reload until the acknowledgement is in
        if page.locator("#outbox .status-delivered").count():
            break
        page.wait_for_timeout(200)
        page.reload()
    assert page.locator("#outbox .status-delivered").count() == 1
    shot(page, "exchange-pk")

    other = signed_in(browser, ir, "reza")
    for _ in range(100):
        if other.locator("#incident-table .origin").count():
            break
        other.wait_for_timeout(200)
        other.reload()
    row = other.locator("#incident-table tbody tr").first
    assert "from PK" in row.inner_text()
    row.get_by_role("link").first.click()
    assert "from PK" in other.locator("th.source-col").first.inner_text()
    assert "6 killed" in other.locator("#field-table").inner_text()
    shot(other, "incident-on-ir")
    other.goto("/exchange")
    assert "applied" in other.locator("#inbox").inner_text()
