"""An analyst in Chromium: reads an incident's summary and roles, pins a value through the page's form,
sees the correction listed, and downloads the list as CSV."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from support.auth import ensure_user
from support.browser import launched, needs_chromium, shot, sign_in_page
from support.places import BULEDA
from support.planted import Planted, fuse, incident_of, plant
from support.server import running_app

pytestmark = needs_chromium
IED = {"type": "ied", "date": dt.date(2020, 5, 8), "date_precision": "day", **BULEDA}


@pytest.fixture
def served(tmp_path: Path) -> Iterator[dict[str, Any]]:
    url = f"sqlite:///{tmp_path / 'sarhad.db'}"
    reports = plant(
        url,
        [
            Planted(
                "Six soldiers died in an IED blast near Buleda; the BLA claimed it.",
                {**IED, "killed": 6, "perpetrator": "Baloch Liberation Army", "perpetrator_basis": "claimed"},
                source="Outlet A",
            ),
            Planted(
                "A roadside bomb near Buleda killed seven troops.", {**IED, "killed": 7}, source="Outlet B"
            ),
        ],
    )
    fuse(url)
    ensure_user(url, "ana", "analyst")
    with running_app(url) as base:
        yield {"url": url, "base": base, "incident": incident_of(url, reports[0])}


def test_an_analyst_pins_a_value_from_the_incident_page(served: dict[str, Any], tmp_path: Path) -> None:
    with launched() as browser:
        context = browser.new_context(base_url=served["base"], accept_downloads=True)
        page = context.new_page()
        sign_in_page(page, "ana")
        page.goto(f"/incidents/{served['incident']}")
        assert "Responsible party: Baloch Liberation Army (claimed)" in page.locator("p.summary").inner_text()
        assert "responsible party: Baloch Liberation Army (claimed)" in page.locator("ul.roles").inner_text()
        page.get_by_text("Correct this incident…").click()
        pin = page.locator("form[action$='/pin']")
        pin.get_by_label("Field").select_option("killed")
        pin.get_by_label("Value").fill("7")
        pin.get_by_label("Why").fill("the army's statement")
        pin.get_by_role("button", name="Pin").click()
        page.wait_for_url("**#corrections")
        listed = page.locator("ol.corrections").inner_text()
        assert "killed = 7" in listed and "user:ana" in listed and "the army's statement" in listed
        assert "7 killed" in page.locator("td.chosen").all_inner_texts()
        shot(page, "incident-corrected")
        page.goto("/incidents")
        with page.expect_download() as download:
            page.get_by_role("link", name="CSV (ACLED columns)").click()
        saved = tmp_path / "download.csv"
        download.value.save_as(saved)
        assert saved.read_text().startswith("event_id_cnty,event_date,year,")
        context.close()
