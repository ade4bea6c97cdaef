"""The ``border`` and ``geocode`` commands: JSON contracts, tables, and clean failures."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from sarhad.geo.cli import register


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    application = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    register(application)
    return application


runner = CliRunner()


def test_border_json_contract(app: typer.Typer) -> None:
    result = runner.invoke(app, ["border", "--countries", "PK,IR", "--sector-km", "25", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"countries", "source", "length_km", "sectors", "crossings"} <= set(data)
    assert data["countries"] == ["PK", "IR"] and 816 < data["length_km"] < 817.5
    assert len(data["sectors"]) == 33
    assert set(data["sectors"][0]) >= {"id", "start_km", "end_km", "admin"}
    assert set(data["sectors"][0]["admin"]) == {"PK", "IR"}
    assert {c["name"] for c in data["crossings"]} >= {"Taftan–Mirjaveh", "Gabd–Rimdan", "Mand–Pishin"}
    assert all({"name", "lat", "lon", "status"} <= set(c) for c in data["crossings"])


def test_border_table(app: typer.Typer) -> None:
    result = runner.invoke(app, ["border"])
    assert result.exit_code == 0, result.output
    assert "816.6 km" in result.stdout and "Sectors" in result.stdout and "Taftan" in result.stdout


def test_geocode_json_contract(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geocode", "Pishin", "--near", "Mand", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    keys = {"name", "lat", "lon", "country", "admin1", "admin2", "precision", "sector", "side", "distance_km"}
    assert keys | {"candidates"} <= set(data)
    assert data["country"] == "IR" and data["precision"] == "place" and data["side"] == "IR"
    assert len(data["candidates"]) >= 2


def test_geocode_table_and_country_filter(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geocode", "Pishin", "--country", "PK"])
    assert result.exit_code == 0, result.output
    assert "Balochistan" in result.stdout and "Candidates" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["border", "--countries", "PK,XX"], "unknown ISO"),
        (["border", "--countries", "PK,FR"], "share no land boundary"),
        (["border", "--countries", "PK"], "two comma-separated"),
        (["border", "--sector-km", "0"], "positive"),
        (["geocode", ""], "not a place name"),
        (["geocode", "!!!"], "not a place name"),
        (["geocode", "Pishin", "--country", "AF"], "not covered"),
        (["geocode", "Pishin", "--countries", "PK,XX"], "unknown ISO"),
    ],
)
def test_bad_input_exits_2_with_a_message(app: typer.Typer, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_unknown_place_exits_1(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geocode", "Qwertzuiopland", "--json"])
    assert result.exit_code == 1
    assert result.stdout.strip() == "null"
    assert "no place matches" in result.stderr


def test_unknown_context_place_is_reported_not_silently_ignored(app: typer.Typer) -> None:
    result = runner.invoke(app, ["geocode", "Pishin", "--near", "Nowhereabad", "--json"])
    assert result.exit_code == 0
    assert "'Nowhereabad' is not in the gazetteer" in result.stderr
