"""`sarhad ingest --follow DIR`: a real process watching a real folder keeps the picture live."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from sarhad.store.db import close_engine, session_scope
from sarhad.store.models import Incident, Report

REPORT = (
    "{place}: militants attacked a border post near {place} on {day}, killing {n} border guards, "
    "officials said."
)


def wait_for(condition: object, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.3)
    return False


def count(url: str, model: type[Report] | type[Incident]) -> int:
    with session_scope(url) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_follow_takes_settled_files_once_and_updates_the_picture(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "first.json").write_text(
        json.dumps({"text": REPORT.format(place="Saravan", day="Monday", n=3), "published": "2023-07-11"})
    )
    url = f"sqlite:///{tmp_path / 'live.db'}"
    process = subprocess.Popen(
        [sys.executable, "-m", "sarhad", "ingest", "--follow", "--interval", "0.3", str(drop), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert wait_for(lambda: count(url, Incident) >= 1)
        # a file copied in, another written under a hidden name and renamed (the safe way), a duplicate
        (drop / "second.json").write_text(
            json.dumps(
                {"text": REPORT.format(place="Mirjaveh", day="Friday", n=2), "published": "2021-10-16"}
            )
        )
        hidden = drop / ".third.json.part"
        hidden.write_text(
            json.dumps({"text": REPORT.format(place="Taftan", day="Sunday", n=1), "published": "2022-01-10"})
        )
        hidden.rename(drop / "third.json")
        (drop / "copy-of-first.json").write_text((drop / "first.json").read_text())
        assert wait_for(lambda: count(url, Report) == 3 and count(url, Incident) >= 3)
        time.sleep(1.0)  # further polls take nothing again
        assert count(url, Report) == 3
    finally:
        process.send_signal(signal.SIGTERM)  # as a service manager stops it (Ctrl-C does the same)
        _, stderr = process.communicate(timeout=30)
        close_engine(url)
    assert process.returncode == 0, stderr
    assert "watching" in stderr and "stopped watching" in stderr
    assert "incremental" in stderr  # the later files were added without re-fusing the store


def test_follow_without_reading_only_stores(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    url = f"sqlite:///{tmp_path / 'stored.db'}"
    command = [
        sys.executable,
        "-m",
        "sarhad",
        "ingest",
        "--follow",
        "--no-read",
        "--interval",
        "0.3",
        str(drop),
    ]
    process = subprocess.Popen([*command, "--db", url], stderr=subprocess.PIPE, text=True)
    try:
        (drop / "a.json").write_text(json.dumps({"text": REPORT.format(place="Saravan", day="Monday", n=3)}))
        assert wait_for(lambda: count(url, Report) == 1)
        time.sleep(1.0)
        assert count(url, Incident) == 0
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
        close_engine(url)
    assert process.returncode == 0 and "mentions" not in stderr
