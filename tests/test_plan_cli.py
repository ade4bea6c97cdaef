"""`sarhad plan patrols` through Typer's test runner, on the real border and on a stand-in one."""

from __future__ import annotations

import json
import sys
import types
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from sarhad.plan.cli import plan_app
from sarhad.plan.threat import SectorEvent

app = typer.Typer()
app.add_typer(plan_app, name="plan")
runner = CliRunner()


@dataclass(frozen=True)
class FakeSector:
    id: int
    start_km: float
    end_km: float


@dataclass(frozen=True)
class FakeBorder:
    countries: tuple[str, str]
    sectors: list[FakeSector]


def fake_load_border(countries: tuple[str, str] = ("PK", "IR"), sector_km: float = 25.0) -> FakeBorder:
    if "XX" in countries:
        raise ValueError("unknown ISO 3166-1 alpha-2 country code 'XX'")
    count = max(1, round(200 / sector_km))
    return FakeBorder(
        countries, [FakeSector(i + 1, i * sector_km, (i + 1) * sector_km) for i in range(count)]
    )


@pytest.fixture
def fake_border(monkeypatch: pytest.MonkeyPatch) -> None:
    """An 8-sector border, so these tests do not depend on the geography package."""
    module = types.ModuleType("sarhad.geo.border")
    module.load_border = fake_load_border  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sarhad.geo.border", module)


@pytest.fixture
def no_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sarhad.store.queries", types.ModuleType("sarhad.store.queries"))


@pytest.fixture
def store_with_events(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    calls: list[Any] = []

    def sector_events(db_url: str | None, countries: tuple[str, str]) -> list[SectorEvent]:
        calls.append((db_url, countries))
        return [SectorEvent(3, date(2024, 1, 1), 10.0), SectorEvent(99, date(2024, 1, 1), 1.0)]

    module = types.ModuleType("sarhad.store.queries")
    module.sector_events = sector_events  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sarhad.store.queries", module)
    return calls


def run(*args: str) -> Any:
    return runner.invoke(app, ["plan", "patrols", *args])


@pytest.mark.usefixtures("fake_border", "no_store")
def test_json_plan_on_a_stand_in_border() -> None:
    result = run("--units", "PK=3,IR=2", "--shifts", "5", "--seed", "4", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [s["id"] for s in doc["sectors"]] == list(range(1, 9))
    assert doc["sectors"][0]["start_km"] == 0.0 and doc["sectors"][0]["end_km"] == 25.0
    assert set(doc["utility"]) == {"coordinated", "uncoordinated", "uniform", "proportional", "top_m"}
    assert len(doc["roster"]) == 5
    assert "floor threat" in result.stderr


@pytest.mark.usefixtures("fake_border")
def test_threat_comes_from_the_store_when_it_has_events(store_with_events: list[Any]) -> None:
    result = run("--units", "PK=2,IR=2", "--as-of", "2024-01-02", "--db", "sqlite:///x.db", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    threat = {s["id"]: s["threat"] for s in doc["sectors"]}
    assert max(threat, key=lambda k: threat[k]) == 3 and threat[1] == pytest.approx(0.1)
    assert store_with_events == [("sqlite:///x.db", ("PK", "IR"))]
    assert "1 incident(s) lie in no sector" in result.stderr


@pytest.mark.usefixtures("fake_border")
def test_sector_length_reaches_a_store_query_that_accepts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []

    def sector_events(
        db_url: str | None, countries: tuple[str, str], sector_km: float = 25.0
    ) -> list[SectorEvent]:
        seen.append(sector_km)
        return [SectorEvent(2, date(2024, 1, 1), 1.0)]

    module = types.ModuleType("sarhad.store.queries")
    module.sector_events = sector_events  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sarhad.store.queries", module)
    result = run("--units", "PK=1,IR=1", "--sector-km", "50", "--as-of", "2024-01-01", "--json")
    assert result.exit_code == 0, result.output
    assert seen == [50.0]
    assert len(json.loads(result.stdout)["sectors"]) == 4


@pytest.mark.usefixtures("fake_border", "no_store")
def test_threat_file_and_joint_model(tmp_path: Path) -> None:
    path = tmp_path / "threat.json"
    path.write_text(json.dumps({"1": 5.0, "2": 1.0}))
    result = run(
        "--units", "PK=4,IR=2", "--model", "joint", "--threat-file", str(path), "--seed", "1", "--json"
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["model"] == {"name": "joint", "single": 0.3, "both": 0.9}
    assert doc["sectors"][0]["threat"] == 5.0 and doc["sectors"][2]["threat"] == pytest.approx(0.1)
    assert any(shift["joint"] for shift in doc["roster"])
    assert "6 sector(s)" in result.stderr


@pytest.mark.usefixtures("fake_border", "no_store")
def test_human_readable_output() -> None:
    result = run("--units", "PK=2,IR=2", "--seed", "2")
    assert result.exit_code == 0, result.output
    assert "price of miscoordination" in result.stdout and "shift 1:" in result.stdout


@pytest.mark.usefixtures("fake_border", "no_store")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--units", "PK=0,IR=2"], "at least one"),
        (["--units", "PK=-1,IR=2"], "at least one"),
        (["--units", "PK=2,AF=2"], "unknown party code 'AF'"),
        (["--units", "PK=9,IR=2"], "only 8 sectors"),
        (["--units", "PK2,IR=2"], "malformed"),
        (["--units", "PK=2"], "no units given for IR"),
        (["--units", "PK=2,IR=2", "--countries", "PK"], "two different country codes"),
        (["--units", "PK=2,IR=2", "--countries", "PK,XX"], "unknown ISO"),
        (["--units", "PK=2,IR=2", "--as-of", "yesterday"], "not a date"),
        (["--units", "PK=2,IR=2", "--model", "joint", "--single-stop", "0.6"], "unsupported interception"),
        (["--units", "PK=2,IR=2", "--joint-stop", "0.9"], "--model joint only"),
        (["--units", "PK=2,IR=2", "--shifts", "0"], "shifts"),
        (["--units", "PK=2,IR=2", "--threat-file", "/nonexistent.json"], "cannot read threat file"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.usefixtures("fake_border", "no_store")
@pytest.mark.parametrize("content", ['{"1": -2}', '{"42": 1}', "[1, 2]", '{"x": 1}', "not json"])
def test_bad_threat_files_exit_2(tmp_path: Path, content: str) -> None:
    path = tmp_path / "threat.json"
    path.write_text(content)
    result = run("--units", "PK=2,IR=2", "--threat-file", str(path))
    assert result.exit_code == 2, result.output
    assert "threat file" in result.output


@pytest.mark.usefixtures("no_store")
def test_default_border_end_to_end() -> None:
    pytest.importorskip("sarhad.geo.border")
    result = run("--units", "PK=12,IR=10", "--shifts", "21", "--seed", "7", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert len(doc["sectors"]) >= 22 and doc["parties"] == ["PK", "IR"]
    assert doc["utility"]["coordinated"] >= max(doc["utility"].values()) - 1e-9
    for shift in doc["roster"]:
        assert (
            len(shift["PK"]) + shift["reserve"]["PK"] == 12
            and len(shift["IR"]) + shift["reserve"]["IR"] == 10
        )
        assert not set(shift["PK"]) & set(shift["IR"])
