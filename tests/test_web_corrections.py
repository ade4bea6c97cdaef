"""Corrections from the web: analysts merge, split and pin (with who and why), over the API and from the
incident page's forms; every incident page lists the corrections that shaped it; others may not."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from support.auth import api_client, csrf_of, ensure_user, sign_in
from support.places import BULEDA, MIRJAVEH
from support.planted import Planted, fuse, incident_of, plant
from support.server import running_app

BASE = {"type": "ied", "date": dt.date(2020, 5, 8), "date_precision": "day", **BULEDA}
SOURCES = [
    Planted("Six soldiers died in an IED blast near Buleda.", {**BASE, "killed": 6}, source="Outlet A"),
    Planted("An IED near Buleda killed six Frontier Corps men.", {**BASE, "killed": 6}, source="Outlet B"),
    Planted("A roadside bomb in Buleda killed seven troops.", {**BASE, "killed": 7}, source="Outlet C"),
    Planted(
        "Guards were attacked near Mirjaveh.",
        {"type": "attack", "date": dt.date(2020, 5, 9), "date_precision": "day", **MIRJAVEH},
        source="Outlet D",
    ),
]


@pytest.fixture
def served(tmp_path: Any) -> Iterator[dict[str, Any]]:
    url = f"sqlite:///{tmp_path / 'sarhad.db'}"
    reports = plant(url, SOURCES)
    fuse(url)
    with running_app(url) as base:
        yield {"url": url, "base": base, "reports": reports}


def test_api_pin_split_and_merge_are_recorded_with_who_and_why(served: dict[str, Any]) -> None:
    url, base, reports = served["url"], served["base"], served["reports"]
    ied = incident_of(url, reports[0])
    with api_client(base, url, "viewer") as viewer:
        refused = viewer.post(
            f"/api/incidents/{ied}/pin", json={"field": "killed", "value": 6, "why": "ISPR"}
        )
        assert refused.status_code == 403
    with api_client(base, url, "analyst") as analyst:
        pinned = analyst.post(
            f"/api/incidents/{ied}/pin", json={"field": "killed", "value": 7, "why": "ISPR"}
        )
        assert pinned.status_code == 200, pinned.text
        record = analyst.get(f"/api/incidents/{ied}").json()
        assert record["killed"]["chosen"] == 7
        assert (
            record["corrections"][0]["who"] == "user:test-analyst"
            and record["corrections"][0]["why"] == "ISPR"
        )
        bad = analyst.post(
            f"/api/incidents/{ied}/pin", json={"field": "killed", "value": "many", "why": "x y"}
        )
        assert bad.status_code == 422 and "whole number" in bad.json()["detail"]
        split = analyst.post(
            f"/api/incidents/{ied}/split", json={"reports": [reports[2][:12]], "why": "a different blast"}
        )
        assert split.status_code == 200, split.text
        assert incident_of(url, reports[2]) != incident_of(url, reports[0])
        attack = incident_of(url, reports[3])
        merged = analyst.post(
            f"/api/incidents/{attack}/merge", json={"incidents": [incident_of(url, reports[2])], "why": "one"}
        )
        assert merged.status_code == 200
        assert incident_of(url, reports[3]) == incident_of(url, reports[2]) == merged.json()["incident"]
        missing = analyst.post(
            "/api/incidents/inc-000000000000/merge", json={"incidents": [ied], "why": "one"}
        )
        assert missing.status_code == 404


@contextmanager
def browser(base: str, url: str, name: str, role: str) -> Iterator[httpx.Client]:
    ensure_user(url, name, role)
    with httpx.Client(base_url=base, timeout=30) as client:
        assert sign_in(client, name).status_code in (200, 303)
        yield client


def test_incident_page_forms_correct_and_list_the_corrections(served: dict[str, Any]) -> None:
    url, base, reports = served["url"], served["base"], served["reports"]
    ied = incident_of(url, reports[0])
    with browser(base, url, "ana", "analyst") as client:
        page = client.get(f"/incidents/{ied}").text
        assert "Correct this incident" in page and "None: this incident is as fusion built it." in page
        response = client.post(
            f"/incidents/{ied}/pin",
            data={
                "field": "killed",
                "value": "6",
                "why": "the army's statement",
                "csrf_token": csrf_of(page),
            },
        )
        assert response.status_code == 303
        shown = client.get(response.headers["location"]).text
        listed = re.sub(r"\s+", " ", shown.split('id="corrections"')[1].split("</ol>")[0])
        assert "<strong>pin</strong> killed = 6 by user:ana: <q>the army&#39;s statement</q>" in listed, (
            listed
        )
        forged = client.post(
            f"/incidents/{ied}/pin", data={"field": "killed", "value": "9", "why": "no token"}
        )
        assert forged.status_code == 403  # no CSRF token: refused
    with browser(base, url, "vic", "viewer") as client:
        page = client.get(f"/incidents/{ied}").text
        assert "Correct this incident" not in page and "by user:ana" in page  # sees what shaped it
        refused = client.post(
            f"/incidents/{ied}/pin",
            data={"field": "killed", "value": "9", "why": "x y z", "csrf_token": csrf_of(page)},
        )
        assert refused.status_code == 403


def test_pins_the_field_cannot_hold_are_refused_with_the_reason(served: dict[str, Any]) -> None:
    url, base, reports = served["url"], served["base"], served["reports"]
    ied = incident_of(url, reports[0])
    with api_client(base, url, "analyst") as analyst:
        for field, value, reason in (
            ("killed", "²", "whole number"),  # a digit character that is no number
            ("admin1", "x" * 150, "at most 100 characters"),
            ("place", "y" * 3000, "at most"),
        ):
            answer = analyst.post(
                f"/api/incidents/{ied}/pin", json={"field": field, "value": value, "why": "test"}
            )
            assert answer.status_code == 422 and reason in answer.text, (field, answer.text[:200])
