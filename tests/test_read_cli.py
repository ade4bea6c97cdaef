"""`sarhad read --json` and `sarhad eval --json` through a local Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from sarhad.evaluate.cli import register as register_eval
from sarhad.read.cli import register

app = typer.Typer()
register(app)
register_eval(app)


@app.callback()
def _main() -> None:
    """Test app."""


ARTICLE = (
    "# source: Test Wire | url: https://example.org/a | published: 2020-05-09\n\n"
    "Six soldiers were killed when a roadside bomb hit their vehicle in Kech district of Balochistan near "
    "the Iranian border on Friday. The Baloch Liberation Army claimed responsibility.\n"
)


def test_read_json_contract(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "b.txt").write_text("", "utf-8")
    result = CliRunner().invoke(app, ["read", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["file"] for line in lines] == ["a.txt", "b.txt"]
    first = lines[0]
    assert first["published"] == "2020-05-09" and first["on_topic"]
    event = first["events"][0]
    for key in (
        "type",
        "date",
        "date_precision",
        "place",
        "admin1",
        "country",
        "killed",
        "injured",
        "abducted",
        "released",
        "perpetrator",
        "targets",
        "background",
        "spans",
        "confidence",
    ):
        assert key in event
    assert (event["type"], event["date"], event["killed"]) == ("ied", "2020-05-08", 6)
    assert lines[1]["status"] == "unreadable" and lines[1]["reason"]


def _gold_folder(tmp_path: Path) -> dict[str, object]:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(ARTICLE, "utf-8")
    event: dict[str, object] = {
        "type": "ied",
        "date": "2020-05-08",
        "date_precision": "day",
        "place": "Kech",
        "admin1": "Balochistan",
    }
    event |= {
        "country": "PK",
        "killed": 6,
        "injured": None,
        "abducted": None,
        "perpetrator": "BLA",
        "targets": None,
    }
    gold: dict[str, object] = {
        "file": "a.txt",
        "published": "2020-05-09",
        "on_topic": True,
        "events": [event],
    }
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n", "utf-8")
    return gold


def test_eval_json(tmp_path: Path) -> None:
    _gold_folder(tmp_path)
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)["metrics"]
    assert metrics["type"] == metrics["date"] == metrics["killed"] == metrics["perpetrator"] == 1.0


def test_eval_against_a_second_annotation_scores_the_annotators_agreement(tmp_path: Path) -> None:
    gold = _gold_folder(tmp_path)
    second = json.loads(json.dumps(gold))
    second["events"][0] |= {"date": "2020-05-01", "killed": 7}  # the second annotator read it otherwise
    (tmp_path / "second.jsonl").write_text(json.dumps(second) + "\n", "utf-8")
    result = CliRunner().invoke(
        app, ["eval", str(tmp_path), "--against", str(tmp_path / "second.jsonl"), "--json"]
    )
    assert result.exit_code == 0, result.output
    agreement = json.loads(result.output)["agreement"]
    # the reader gets date and killed right (test_eval_json); the second annotation does not
    assert (agreement["type"], agreement["date"], agreement["killed"]) == (1.0, 0.0, 0.0)


def test_eval_against_names_a_second_annotation_that_lacks_an_article(tmp_path: Path) -> None:
    _gold_folder(tmp_path)
    (tmp_path / "second.jsonl").write_text('{"file": "b.txt", "on_topic": false, "events": []}\n', "utf-8")
    result = CliRunner().invoke(app, ["eval", str(tmp_path), "--against", str(tmp_path / "second.jsonl")])
    assert result.exit_code != 0
    assert "second.jsonl" in result.output and "a.txt" in result.output


UNDATED_FOLLOW_UP = (
    "# source: Other Wire | url: https://example.org/story | published: unknown\n\n"
    "Six soldiers died on Friday when a roadside bomb struck their vehicle in Kech district of "
    "Balochistan near the Iranian border. The Baloch Liberation Army claimed the attack.\n"
)


def _read(tmp_path: Path, *options: str) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(app, ["read", str(tmp_path), "--json", *options])
    assert result.exit_code == 0, result.output
    return {line["file"]: line for line in map(json.loads, result.output.splitlines())}


def test_read_lends_dates_between_reports_of_one_incident(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    (tmp_path / "b.txt").write_text(UNDATED_FOLLOW_UP, "utf-8")
    together = _read(tmp_path)
    event = together["b.txt"]["events"][0]  # type: ignore[index]
    # "on Friday" in an undated report is placed by the dated report of the same bombing
    assert (event["date"], event["date_from"]) == ("2020-05-08", "fusion")
    assert together["a.txt"]["events"][0]["date_from"] == "report"  # type: ignore[index]
    alone = _read(tmp_path, "--alone")
    assert alone["b.txt"]["events"][0]["date"] is None  # type: ignore[index]


def test_read_takes_the_reference_date_from_the_address(tmp_path: Path) -> None:
    dated_address = UNDATED_FOLLOW_UP.replace("example.org/story", "example.org/2020/05/10/story")
    (tmp_path / "b.txt").write_text(dated_address, "utf-8")
    record = _read(tmp_path, "--alone")["b.txt"]
    assert (record["published"], record["published_from"]) == ("2020-05-10", "url")
    assert record["events"][0]["date"] == "2020-05-08"  # type: ignore[index]
