"""Exports: the CSV loads in pandas with the documented columns and types, the GeoJSON validates, the API
streams them as attachments with the list's filters, and a bilateral export holds no national-only value."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import geojson
import pandas as pd
import pytest
from typer.testing import CliRunner

from sarhad import exports
from sarhad.cli import app
from sarhad.exports import COLUMNS
from sarhad.share.releasability import set_incident_releasability
from sarhad.store.db import session_scope
from support.auth import api_client
from support.places import BULEDA, MIRJAVEH
from support.planted import Planted, fuse, plant
from support.server import running_app

DOCS = Path(__file__).resolve().parents[1] / "docs" / "exports.md"
runner = CliRunner()
IED = {"type": "ied", "date": dt.date(2020, 5, 8), "date_precision": "day", **BULEDA}
SECRET = "Nowhere-Special-7731"


@pytest.fixture
def store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'sarhad.db'}"
    plant(
        url,
        [
            Planted(
                "Six soldiers died in an IED blast near Buleda.",
                {**IED, "killed": 6, "perpetrator": "BLA", "perpetrator_basis": "claimed"},
                source="Outlet A",
            ),
            Planted("An IED near Buleda killed six men.", {**IED, "killed": 6}, source="Outlet B"),
            # a national-only field report on the same IED, with values nobody else gives
            Planted(
                f"Field report: nine killed at {SECRET}.",
                {**IED, "killed": 9, "place": SECRET},
                source="FC Wing 3",
                kind="field_report",
                releasability="national",
            ),
            Planted(
                "Guards were attacked near Mirjaveh.",
                {"type": "attack", "date": dt.date(2021, 3, 2), "date_precision": "day", **MIRJAVEH},
                source="Outlet C",
            ),
            Planted(
                "Taftan closed on Sunday.",
                {
                    "type": "border_closure",
                    "date": dt.date(2022, 1, 9),
                    "date_precision": "week",
                    "perpetrator": "Pakistan",
                    "perpetrator_basis": "acting",
                },
                source="Outlet D",
            ),
        ],
    )
    fuse(url)
    return url


def export(url: str, *args: str) -> str:
    result = runner.invoke(app, ["export", *args, "--db", url])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_column_is_documented() -> None:
    documented = set(re.findall(r"^\| `([^|]+)` \|", DOCS.read_text(), flags=re.M))
    named = {name.strip("` ") for cell in documented for name in cell.split(",")}
    assert set(COLUMNS) <= named, set(COLUMNS) - named


def test_csv_loads_in_pandas_with_acled_columns_and_types(store: str) -> None:
    frame = pd.read_csv(io.StringIO(export(store, "--format", "csv")), parse_dates=["event_date"])
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == 3
    assert frame["latitude"].dtype == "float64" and frame["fatalities"].dtype == "float64"  # NaN: unknown
    assert pd.api.types.is_datetime64_any_dtype(frame["event_date"])
    assert frame["year"].dtype == "int64" and set(frame["time_precision"]) <= {1, 2, 3}
    ied = frame[frame["sarhad_type"] == "ied"].iloc[0]
    assert ied["event_type"] == "Explosions/Remote violence" and ied["actor1"] == "BLA"
    assert ied["responsible_basis"] == "claimed" and ied["geo_precision"] in (1, 2)
    assert ied["country"] == "Pakistan" and ied["admin2"] == "Kech"
    assert "IED at Buleda" in ied["notes"]
    closure = frame[frame["sarhad_type"] == "border_closure"].iloc[0]
    assert closure["event_type"] == "Strategic developments" and closure["actor1"] == "Pakistan"
    assert closure["time_precision"] == 2
    only_2021 = pd.read_csv(
        io.StringIO(export(store, "--date-from", "2021-01-01", "--date-to", "2021-12-31"))
    )
    assert list(only_2021["sarhad_type"]) == ["attack"]


def test_geojson_validates_and_carries_every_field(store: str, tmp_path: Path) -> None:
    target = tmp_path / "out.geojson"
    export(store, "--format", "geojson", "-o", str(target))
    collection = geojson.loads(target.read_text())
    assert collection.is_valid, collection.errors()
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 3
    located = [f for f in collection["features"] if f["geometry"] is not None]
    assert located and all(set(COLUMNS) <= set(f["properties"]) for f in collection["features"])
    assert all(f["properties"]["roles"] is not None for f in collection["features"])
    assert not list(tmp_path.glob(".out.geojson.*"))  # no temporary file left behind


def test_a_bilateral_export_holds_no_national_only_value(store: str) -> None:
    national = records(export(store, "--format", "json"))
    ied = next(r for r in national if r["sarhad_type"] == "ied")
    assert "FC Wing 3" in ied["source"] and ied["conflicts"] == "killed; place"  # the field report counts
    assert "ied" not in {
        r["sarhad_type"] for r in records(export(store, "--audience", "bilateral", "--format", "json"))
    }
    # a liaison officer widens it; its national source stays national
    with session_scope(store, write=True) as session:
        set_incident_releasability(session, ied["event_id_cnty"], "bilateral", "user:liaison", "for the JBC")
    for fmt in ("csv", "json", "geojson"):
        shared = export(store, "--format", fmt, "--audience", "bilateral")
        assert SECRET not in shared and "FC Wing 3" not in shared, fmt
    released = records(export(store, "--format", "json", "--audience", "bilateral"))
    ied = next(r for r in released if r["sarhad_type"] == "ied")
    assert ied["fatalities"] == 6 and ied["location"] == "Buleda" and ied["source"] == "Outlet A; Outlet B"


def test_api_streams_exports_as_attachments_with_the_filters(store: str) -> None:
    with running_app(store) as base, api_client(base, store) as http:
        csv_response = http.get("/api/export.csv", params={"type": "ied"})
        assert csv_response.status_code == 200
        assert csv_response.headers["content-type"].startswith("text/csv")
        assert "attachment" in csv_response.headers["content-disposition"]
        assert list(pd.read_csv(io.StringIO(csv_response.text))["sarhad_type"]) == ["ied"]
        shared = http.get("/api/export.csv", params={"audience": "bilateral"})
        assert set(pd.read_csv(io.StringIO(shared.text))["sarhad_type"]) == {"attack", "border_closure"}
        geo = http.get("/api/export.geojson")
        assert geo.headers["content-type"] == "application/geo+json"
        assert geojson.loads(geo.text).is_valid
        assert http.get("/api/export.xml").status_code == 422
        assert http.get("/api/export.csv", params={"audience": "public"}).status_code == 422
        page = http.get("/incidents").text
        assert 'href="/api/export.csv?' in page and "audience=bilateral" in page
    with running_app(store) as base, api_client(base, store) as http:
        anonymous = http.get(f"{base}/api/export.csv", headers={"Authorization": ""})
        assert anonymous.status_code == 401


def records(text: str) -> list[dict[str, Any]]:
    return list(json.loads(text)["incidents"])


def test_parallel_writers_give_the_same_file_as_one(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "BATCH", 1)  # one incident a batch: three batches, put back in order
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    export(store, "--workers", "1", "-o", str(one))
    export(store, "--workers", "2", "-o", str(two))
    assert one.read_bytes() == two.read_bytes() and one.read_text().count("\n") == 4


def test_fusion_writes_the_summary_exports_read(store: str) -> None:
    """The stored summary is the one composed from the incident's own values (what exports used to do)."""
    from sqlalchemy import select

    from sarhad.store.models import Incident
    from sarhad.wording import summary

    with session_scope(store) as session:
        incidents = list(session.scalars(select(Incident)))
    assert incidents and all(i.summary for i in incidents)
    for incident in incidents:
        values = {c.name: getattr(incident, c.name) for c in Incident.__table__.columns}
        assert incident.summary == summary(values)
