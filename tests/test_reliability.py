"""Sarhad holds (issue #16): poison dates, two writers at once, readers during a re-read, a kill -9 in
the middle of one, and databases that cannot be used. Real processes on both backends."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from sarhad.cli import app
from sarhad.pipeline import process
from sarhad.store.db import session_scope
from sarhad.store.models import Incident, IntakeFailure, Mention, Report

DEMO = Path(__file__).resolve().parents[1] / "src" / "sarhad" / "demo" / "reports"
runner = CliRunner()


def sarhad(*args: str, fault: str | None = None) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "SARHAD_FAULT"}
    if fault:
        env["SARHAD_FAULT"] = fault
    return subprocess.Popen(
        [sys.executable, "-m", "sarhad", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def picture(db_url: str) -> dict[str, object]:
    """What a reader sees in one transaction: incidents, and those without any source behind them."""
    with session_scope(db_url) as session:
        incidents = session.scalar(select(func.count()).select_from(Incident)) or 0
        sourced = session.scalar(select(func.count(func.distinct(Mention.incident_id)))) or 0
        fields = session.scalar(text("SELECT count(*) FROM incident_field")) or 0
        ids = sorted(session.scalars(select(Incident.id)))
    return {"incidents": incidents, "unsourced": incidents - sourced, "fields": fields, "ids": ids}


def test_poison_dates_fail_at_intake_and_the_picture_carries_on(db_url: str, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "poison.json").write_text(json.dumps({"text": "Anything.", "published": "9999-12-31"}))
    (inputs / "ancient.jsonl").write_text(json.dumps({"text": "Anything.", "published": "0001-01-01"}) + "\n")
    first = sorted(DEMO.glob("*.txt"))[0].read_bytes()
    for name in ("a.txt", "b.txt"):
        (inputs / name).write_bytes(first + f"\nCopy {name}.".encode())
    result = runner.invoke(app, ["ingest", str(inputs), "--db", db_url])
    assert result.exit_code == 1, result.output
    assert "is in the future" in result.stderr and "is before 1900" in result.stderr
    with session_scope(db_url) as session:
        reasons = list(session.scalars(select(IntakeFailure.reason)))
    assert len(reasons) == 2
    assert picture(db_url)["incidents"] == 1  # the two good copies fused into one incident


def test_fusion_survives_a_poison_value_already_in_the_store(db_url: str) -> None:
    """A database written before the checks (or by hand) may hold any date: fusion ignores it."""
    assert runner.invoke(app, ["ingest", str(DEMO), "--db", db_url]).exit_code == 0
    with session_scope(db_url) as session:
        first = session.scalars(select(Mention).order_by(Mention.id)).first()
        assert first is not None
        first.date = dt.date(9999, 12, 31)
        report = session.get(Report, first.report_id)
        assert report is not None
        report.published = dt.date(1, 1, 1)
    summary = process(db_url)
    assert summary.incidents > 0
    with session_scope(db_url) as session:
        earliest = session.scalar(select(func.min(Incident.first_reported)))
    assert earliest is not None and earliest.year >= 1900  # the poison date is not an incident's either
    later = runner.invoke(app, ["ingest", str(DEMO), "--db", db_url])
    assert later.exit_code == 0, later.output


def test_two_ingests_of_overlapping_folders_both_finish_and_store_each_report_once(
    db_url: str, tmp_path: Path
) -> None:
    files = sorted(DEMO.iterdir())
    halves = (files[: len(files) * 2 // 3], files[len(files) // 3 :])
    folders = []
    for n, half in enumerate(halves):
        folder = tmp_path / f"part{n}"
        folder.mkdir()
        for source in half:
            (folder / source.name).write_bytes(source.read_bytes())
        folders.append(folder)
    runs = [sarhad("ingest", str(folder), "--db", db_url) for folder in folders]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr
        assert "Traceback" not in stderr
    alone = f"sqlite:///{tmp_path / 'alone.db'}"
    assert runner.invoke(app, ["ingest", str(DEMO), "--db", alone]).exit_code == 0
    with session_scope(alone) as session:
        expected = session.scalar(select(func.count()).select_from(Report))
    with session_scope(db_url) as session:
        assert session.scalar(select(func.count()).select_from(Report)) == expected
        assert session.scalar(select(func.count()).where(Report.read_at.is_(None))) == 0
        unfused = session.scalar(
            select(func.count()).select_from(Mention).where(Mention.incident_id.is_(None))
        )
    assert unfused == 0
    assert picture(db_url)["ids"] == picture(alone)["ids"]  # the same picture as one ingest


def _grow(db_url: str, tmp_path: Path, copies: int) -> None:
    """The demo reports, each as told by several outlets, so a re-read takes long enough to watch."""
    folder = tmp_path / "grown"
    folder.mkdir()
    for n in range(copies):
        for path in sorted(DEMO.glob("*.txt")):
            header, _, body = path.read_text(encoding="utf-8").partition("\n")
            header = header.replace("# source: ", f"# source: Outlet {n} of ", 1)
            (folder / f"{n}-{path.name}").write_text(f"{header}\n{body}", encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(folder), "--db", db_url]).exit_code == 0


def test_a_reader_during_a_reread_always_sees_a_whole_picture(db_url: str, tmp_path: Path) -> None:
    _grow(db_url, tmp_path, copies=6)
    before = picture(db_url)
    assert before["incidents"] and not before["unsourced"]
    seen: list[dict[str, object]] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(picture(db_url))

    watcher = threading.Thread(target=watch)
    watcher.start()
    run = sarhad("process", "--reread", "--db", db_url)
    _, stderr = run.communicate(timeout=600)
    done.set()
    watcher.join()
    assert run.returncode == 0, stderr
    assert len(seen) > 5, "the re-read finished before the reader could look"
    assert all(s["incidents"] and s["unsourced"] == 0 and s["fields"] for s in seen)
    assert picture(db_url)["ids"] == before["ids"]  # the same reader reads the same picture


@pytest.mark.parametrize("point", ["reread-staged:20", "reread-swapping:30", "reread-fused"])
def test_kill_9_during_a_reread_leaves_the_old_picture(db_url: str, tmp_path: Path, point: str) -> None:
    _grow(db_url, tmp_path, copies=3)
    before = picture(db_url)
    run = sarhad("process", "--reread", "--db", db_url, fault=point)
    run.communicate(timeout=600)
    assert run.returncode == -9
    time.sleep(0.5)  # a killed client's last statements may still be landing at the server
    assert picture(db_url) == before
    again = sarhad("process", "--reread", "--db", db_url)
    _, stderr = again.communicate(timeout=600)
    assert again.returncode == 0, stderr
    assert picture(db_url)["ids"] == before["ids"]


@pytest.mark.parametrize(
    "url", ["", "sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?cache=shared"]
)
def test_an_empty_or_in_memory_database_is_refused_in_one_line(url: str) -> None:
    result = runner.invoke(app, ["ingest", str(DEMO), "--db", url])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr


def test_a_corrupted_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    url = f"sqlite:///{path}"
    assert runner.invoke(app, ["ingest", str(DEMO), "--db", url]).exit_code == 0
    with session_scope(url) as session:
        session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data) - 4096, 4096):  # every page but the header's
        data[offset : offset + 256] = b"\xde\xad" * 128
    path.write_bytes(bytes(data))
    for command in (["incidents"], ["reports"], ["process"], ["ingest", str(DEMO)]):
        run = sarhad(*command, "--db", url)
        _, stderr = run.communicate(timeout=120)
        assert run.returncode == 2, (command, stderr)
        assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr, (command, stderr)
        assert "malformed" in stderr or "not a database" in stderr


def test_a_reread_of_an_empty_store_does_nothing(db_url: str) -> None:
    assert process(db_url, reread=True).incidents == 0


def test_the_picture_lock_sits_beside_the_database_file_however_it_is_named(tmp_path: Path) -> None:
    from sarhad.store.locks import lock_file

    real = tmp_path / "data" / "sarhad.db"
    real.parent.mkdir()
    (tmp_path / "link.db").symlink_to(real)
    expected = real.with_name("sarhad.db.picture-lock")
    for url in (
        f"sqlite:///{real}",
        f"sqlite:///file:{real}?mode=rwc&uri=true",
        f"sqlite:///{tmp_path}/link.db",
    ):
        assert lock_file(url) == expected, url


def test_a_control_character_in_the_sign_in_form_is_a_400(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from sarhad.api import create_app
    from support.auth import sign_in

    with TestClient(create_app(db_url)) as browser:
        answer = sign_in(browser, "ad\x00min")
    assert answer.status_code == 400 and "characters" in answer.text
