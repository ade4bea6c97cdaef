"""Fusion through the database, on both backends: pipeline, incident records, corrections, re-fusion."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from sarhad.cli import app
from sarhad.fuse.store import CorrectionError, fuse_session, merge_incidents, pin_field, split_incident
from sarhad.intake.ingest import discover, ingest
from sarhad.pipeline import process
from sarhad.read.model import Article, Event, Span
from sarhad.store.db import session_scope
from sarhad.store.models import Incident
from sarhad.store.queries import list_incidents

runner = CliRunner()
D = dt.date.fromisoformat


class ScriptedReader:
    """Returns prepared events per file name: isolates fusion and storage from the reader's accuracy."""

    def __init__(self, events: dict[str, list[Event]]) -> None:
        self.events = events

    def read(
        self,
        text: str,
        published: dt.date | None,
        file: str = "",
        title: str | None = None,
        url: str | None = None,
    ) -> Article:
        events = self.events.get(file, [])
        return Article(
            file=file,
            published=published,
            on_topic=bool(events),
            status="ok" if events else "off_topic",
            reason=None if events else "no border events",
            events=events,
        )


def ied(killed: int, place: str = "Buleda", lat: float = 26.25, lon: float = 62.42) -> Event:
    return Event(
        type="ied",
        date=D("2020-05-08"),
        date_precision="day",
        place=place,
        lat=lat,
        lon=lon,
        geo_precision="place",
        admin1="Balochistan",
        admin2="Kech",
        country="PK",
        killed=killed,
        perpetrator="Baloch Liberation Army",
        perpetrator_basis="claimed",
        spans={"killed": Span(0, 3, f"{killed} killed")},
    )


EVENTS = {
    "a.txt": [
        ied(6),
        Event(
            type="attack",
            date=D("2018-12-01"),
            date_precision="month",
            admin1="Balochistan",
            admin2="Kech",
            country="PK",
            killed=6,
            background=True,
        ),
    ],
    "b.txt": [ied(8)],
    "c.txt": [ied(6)],
    "d.txt": [Event(type="meeting", date=D("2020-05-11"), date_precision="day")],
    "e.txt": [Event(type="meeting", date=D("2020-05-12"), date_precision="day")],
    "f.txt": [],
}


def ingest_scripted(db_url: str, folder: Path) -> None:
    folder.mkdir(exist_ok=True)
    for name in EVENTS:
        (folder / name).write_text(
            f"# source: Outlet {name[0].upper()} | url: https://e.org/{name} | "
            f"published: 2020-05-1{len(name) % 3}\n\nReport {name}."
        )
    ingest(list(discover([folder])), db_url)
    process(db_url, ScriptedReader(EVENTS))


def incident_of(db_url: str, file: str, background: bool = False) -> dict[str, Any]:
    for record in all_incidents(db_url):
        if any(
            s["file"].endswith(file) and (s["role"] == "background") == background for s in record["sources"]
        ):
            return record
    raise AssertionError(file)


def all_incidents(db_url: str) -> list[dict[str, Any]]:
    with session_scope(db_url) as session:
        return list_incidents(session)


def test_pipeline_fuses_and_the_record_shows_sources_and_conflicts(db_url: str, tmp_path: Path) -> None:
    ingest_scripted(db_url, tmp_path / "in")
    incidents = all_incidents(db_url)
    assert len(incidents) == 3  # the IED, the phone call, the recalled 2018 attack
    ied_record = incident_of(db_url, "b.txt")
    assert ied_record["killed"]["chosen"] == 6 and (
        ied_record["killed"]["low"],
        ied_record["killed"]["high"],
    ) == (6, 8)
    assert ied_record["conflicts"] == {"killed": [6, 8]}
    assert {s["file"].rsplit("/", 1)[-1] for s in ied_record["sources"]} == {"a.txt", "b.txt", "c.txt"}
    assert ied_record["corroboration"] == "independent"
    assert ied_record["perpetrator"] == "Baloch Liberation Army"
    killed_values = ied_record["killed"]["values"]
    assert all(v["span"] for v in killed_values) and sum(v["chosen"] for v in killed_values) == 2
    call = incident_of(db_url, "d.txt")
    assert call["conflicts"]["date"] == ["2020-05-11", "2020-05-12"]
    old = incident_of(db_url, "a.txt", background=True)
    assert old["date"] == "2018-12-01" and old["id"] != ied_record["id"]
    assert [s["role"] for s in old["sources"]] == ["background"]


def test_refusion_is_deterministic(db_url: str, tmp_path: Path) -> None:
    ingest_scripted(db_url, tmp_path / "in")
    before = all_incidents(db_url)
    with session_scope(db_url) as session:
        fuse_session(session)
    after = all_incidents(db_url)
    assert after == before


def test_corrections_survive_refusion(db_url: str, tmp_path: Path) -> None:
    ingest_scripted(db_url, tmp_path / "in")
    record = incident_of(db_url, "b.txt")
    ied_id, call_id = record["id"], incident_of(db_url, "d.txt")["id"]
    split_off = next(s["hash"] for s in record["sources"] if s["file"].endswith("b.txt"))
    with session_scope(db_url) as session:
        pin_field(session, ied_id, "killed", 7, who="analyst-pk", why="confirmed with the unit")
    assert incident_of(db_url, "b.txt")["killed"]["chosen"] == 7
    with session_scope(db_url) as session:
        split_incident(session, ied_id, [split_off], who="analyst-ir", why="different vehicle")
    assert len(all_incidents(db_url)) == 4
    with session_scope(db_url) as session:
        fuse_session(session)  # a plain re-run keeps every correction
    assert len(all_incidents(db_url)) == 4
    with session_scope(db_url) as session:
        merge_incidents(session, [ied_id, call_id], who="analyst-pk", why="test merge")
        assert session.get(Incident, call_id) is None
    assert len(all_incidents(db_url)) == 3


def test_bad_corrections_are_refused(db_url: str, tmp_path: Path) -> None:
    ingest_scripted(db_url, tmp_path / "in")
    ied_id = incident_of(db_url, "b.txt")["id"]
    with session_scope(db_url) as session:
        with pytest.raises(CorrectionError, match="cannot be pinned"):
            pin_field(session, ied_id, "lat", 1, who="a", why="b")
        with pytest.raises(CorrectionError, match="no incident"):
            merge_incidents(session, [ied_id, "inc-missing"], who="a", why="b")
        with pytest.raises(CorrectionError, match="who made it and why"):
            pin_field(session, ied_id, "killed", 1, who=" ", why="")
        for field, value, reason in [
            ("type", 5, "type must be one of"),
            ("country", "PAK", "alpha-2"),
            ("date", "0001-01-01", "outside 1900-2100"),
            ("killed", 10**12, "whole number of people"),
        ]:
            with pytest.raises(CorrectionError, match=reason):
                pin_field(session, ied_id, field, value, who="a", why="b")


def test_off_topic_reports_are_marked_and_make_no_incident(db_url: str, tmp_path: Path) -> None:
    ingest_scripted(db_url, tmp_path / "in")
    code = runner.invoke(app, ["reports", "--db", db_url, "--json"])
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in json.loads(code.stdout)}
    assert rows["f.txt"]["read_status"] == "off_topic" and rows["f.txt"]["mentions"] == 0
    assert rows["a.txt"]["read_status"] == "ok" and rows["a.txt"]["mentions"] == 2


def test_correct_commands(db_url: str, tmp_path: Path) -> None:
    ingest_scripted(db_url, tmp_path / "in")
    ied_id = incident_of(db_url, "b.txt")["id"]
    result = runner.invoke(
        app, ["correct", "pin", ied_id, "killed", "many", "--who", "a", "--why", "b", "--db", db_url]
    )
    assert result.exit_code == 1 and "whole number" in result.stderr
    result = runner.invoke(
        app, ["correct", "pin", ied_id, "killed", "9", "--who", "a", "--why", "b", "--db", db_url]
    )
    assert result.exit_code == 0
    assert incident_of(db_url, "b.txt")["killed"]["chosen"] == 9
    result = runner.invoke(app, ["correct", "merge", ied_id, "--who", "a", "--why", "b", "--db", db_url])
    assert result.exit_code == 1 and "two or more" in result.stderr


class ExplodingReader(ScriptedReader):
    def read(
        self,
        text: str,
        published: dt.date | None,
        file: str = "",
        title: str | None = None,
        url: str | None = None,
    ) -> Article:
        if file == "boom.txt":
            raise RuntimeError("reader bug")
        if file == "huge.txt":
            return Article(
                file=file,
                published=published,
                on_topic=True,
                status="ok",
                reason=None,
                events=[Event(type="attack", killed=99_999_999_999_999)],
            )
        return super().read(text, published, file, title)


def test_one_bad_report_never_blocks_the_others_or_fusion(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("boom.txt", "huge.txt", "b.txt"):
        (folder / name).write_text(f"Report {name}.")
    ingest(list(discover([folder])), db_url)
    summary = process(db_url, ExplodingReader(EVENTS))
    assert (summary.read, summary.unreadable) == (2, 1)
    rows = {
        r["file"].rsplit("/", 1)[-1]: r
        for r in json.loads(runner.invoke(app, ["reports", "--db", db_url, "--json"]).stdout)
    }
    assert rows["boom.txt"]["read_status"] == "unreadable"
    assert rows["huge.txt"]["mentions"] == 1 and rows["b.txt"]["mentions"] == 1
    assert len(all_incidents(db_url)) == 2  # fusion ran past both
    assert all(r["killed"]["chosen"] != 99_999_999_999_999 for r in all_incidents(db_url))


@pytest.mark.parametrize(
    ("chosen", "code"),
    [
        ({"lat": 26.2, "geo_precision": "place"}, 1),
        ({"lat": 26.2, "geo_precision": "near_place"}, 2),
        ({"lat": 26.2, "geo_precision": "district"}, 2),
        ({"lat": 28.5, "geo_precision": "province"}, 3),
        ({"lat": 30.0, "geo_precision": "country"}, 3),
        ({"lat": 30.0, "geo_precision": None}, 3),  # not known how exactly: never claimed as a point
        ({"lat": None, "geo_precision": "place"}, None),
    ],
)
def test_acled_geo_precision_of_the_chosen_place(chosen: dict[str, object], code: int | None) -> None:
    from sarhad.fuse.store import acled_precision

    assert acled_precision(chosen) == code
