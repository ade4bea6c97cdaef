"""`sarhad ingest` end to end on both backends: idempotency, bad input, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from sarhad.cli import app
from sarhad.store.db import session_scope
from sarhad.store.models import IntakeFailure, Report

runner = CliRunner()
DEMO = Path(__file__).resolve().parents[1] / "src" / "sarhad" / "demo" / "reports"


def run_cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def report_count(db_url: str) -> int:
    with session_scope(db_url) as session:
        return int(session.scalar(select(func.count()).select_from(Report)) or 0)


def settled_count(db_url: str) -> int:
    """The count once a killed client's last COMMIT, possibly still in flight at the server, has landed."""
    previous, current = -1, report_count(db_url)
    while current != previous:
        time.sleep(0.3)
        previous, current = current, report_count(db_url)
    return current


def test_seeds_twice_are_five_new_then_five_duplicates(db_url: str, shared_dir: Path) -> None:
    seeds = str(shared_dir / "seeds")
    code, out, _ = run_cli("ingest", seeds, "--db", db_url, "--json")
    assert code == 0
    assert json.loads(out) == {"new": 5, "duplicate": 0, "failed": 0, "failures": []}
    code, out, _ = run_cli("ingest", seeds, "--db", db_url, "--json")
    assert code == 0
    assert json.loads(out) == {"new": 0, "duplicate": 5, "failed": 0, "failures": []}
    assert report_count(db_url) == 5


def test_stored_report_keeps_raw_bytes_and_provenance(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_bytes(b"# source: Desk | url: https://e.org/1 | published: 2023-12-15\n\nRaw  text\r\n")
    assert run_cli("ingest", str(path), "--db", db_url, "--no-read")[0] == 0
    with session_scope(db_url) as session:
        report = session.scalars(select(Report)).one()
        assert report.raw == path.read_bytes()
        assert report.original_name == str(path)
        assert report.source == "Desk" and str(report.published) == "2023-12-15"
        assert report.intake_at is not None and report.read_at is None  # stored before anything reads it
    assert run_cli("process", "--db", db_url)[0] == 0
    with session_scope(db_url) as session:
        report = session.scalars(select(Report)).one()
        assert report.read_at is not None and report.read_status in ("off_topic", "unreadable")
        assert report.read_note  # with the reason


def make_mixed_folder(root: Path) -> tuple[set[str], dict[str, str]]:
    """Good inputs of every format plus one of each kind of bad input; returns (good names, bad reasons)."""
    (root / "good.txt").write_text(
        "# source: Desk | url: https://e.org/g | published: 2020-05-09\n\nGood text."
    )
    (root / "good.json").write_text(json.dumps({"text": "Good JSON report.", "source": "Liaison cell"}))
    (root / "good.html").write_text(
        "<html><head><title>T</title></head><body><article><p>"
        + "A patrol found the track clear of obstacles this morning near the fence. " * 5
        + "</p></article></body></html>"
    )
    (root / "feed.jsonl").write_text(
        json.dumps({"text": "Line one report."})
        + "\n{broken\n"
        + json.dumps({"text": "Line three report."})
        + "\n"
    )
    (root / "sub").mkdir()
    (root / "sub" / "nested.txt").write_text("Nested good report.")
    (root / "empty.txt").write_bytes(b"")
    (root / "image.txt").write_bytes(bytes(range(256)) * 4)
    (root / "latin1.txt").write_bytes("Pishin café".encode("latin-1"))
    (root / "huge.txt").write_text("x" * 3000)
    (root / "broken.json").write_text('{"text": "unterminated')
    (root / "slides.pptx").write_bytes(b"PK\x03\x04")
    good = {"good.txt", "good.json", "good.html", "feed.jsonl:1", "feed.jsonl:3", "nested.txt"}
    bad = {
        "empty.txt": "empty file",
        "image.txt": "binary content",
        "latin1.txt": "not valid UTF-8",
        "huge.txt": "over the size limit",
        "broken.json": "malformed JSON",
        "slides.pptx": "unsupported file type",
        "feed.jsonl": "malformed JSON",
    }
    return good, bad


def test_mixed_folder_stores_every_good_input_and_names_every_bad_one(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good, bad = make_mixed_folder(folder)
    code, out, err = run_cli(
        "ingest", str(folder), str(tmp_path / "missing"), "--db", db_url, "--json", "--max-bytes", "2000"
    )
    assert code == 1
    summary = json.loads(out)
    assert summary["new"] == len(good) and summary["failed"] == len(bad) + 1
    reasons = {Path(f["input"]).name: f["reason"] for f in summary["failures"]}
    for name, reason in bad.items():
        assert reason in reasons[name], (name, reasons.get(name))
    assert reasons["missing"] == "no such file or folder"
    assert [f["line"] for f in summary["failures"] if Path(f["input"]).name == "feed.jsonl"] == [2]
    for name in bad:
        assert name in err  # one line on stderr per failure, naming the input
    with session_scope(db_url) as session:
        stored = {Path(n).name for n in session.scalars(select(Report.original_name))}
        assert stored == good
        assert session.scalar(select(func.count()).select_from(IntakeFailure)) == len(bad) + 1
    # failures can be listed again later
    code, out, _ = run_cli("failures", "--db", db_url, "--json")
    assert code == 0 and {Path(f["input"]).name for f in json.loads(out)} == {*bad, "missing"}


def test_a_failed_rerun_loses_nothing_already_stored(db_url: str, tmp_path: Path) -> None:
    first = tmp_path / "first.txt"
    first.write_text("Stored first.")
    assert run_cli("ingest", str(first), "--db", db_url)[0] == 0
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    assert run_cli("ingest", str(bad), "--db", db_url)[0] == 1
    assert report_count(db_url) == 1


def test_sigkill_mid_ingest_then_rerun_stores_each_report_once(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    # storing comes before reading in one `sarhad ingest`, and a batch of 500 tiny reports is stored in a few
    # milliseconds: the input must be large enough, and the kill prompt enough, to land mid-storage
    total = 10000
    for i in range(total):
        (folder / f"r{i:05d}.txt").write_text(
            f"Field report {i}: patrol {i % 37} reports sector {i % 40} quiet."
        )
    env = {**os.environ, "SARHAD_DATABASE_URL": db_url}
    cmd = [sys.executable, "-m", "sarhad", "ingest", str(folder), "--json"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    stored = 0
    while stored == 0 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
        stored = report_count(db_url)
    assert proc.poll() is None, "ingest finished before it could be killed; make the test input larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = settled_count(db_url)
    assert 0 < before < total
    rerun = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["new"] + summary["duplicate"] == total
    assert summary["duplicate"] == before
    with session_scope(db_url) as session:
        names = list(session.scalars(select(Report.original_name)))
    assert len(names) == total and len(set(names)) == total


def test_incidents_commands_on_an_empty_picture(db_url: str) -> None:
    code, out, _ = run_cli("incidents", "--db", db_url, "--json")
    assert code == 0 and json.loads(out) == []
    code, _, err = run_cli("incident", "no-such-id", "--db", db_url, "--json")
    assert code == 1 and "no incident with id 'no-such-id'" in err


def test_bad_database_url_is_one_clear_line() -> None:
    code, _, err = run_cli("incidents", "--db", "mysql://x@y/z")
    assert code == 2 and "only sqlite and postgresql are supported" in err
    assert "Traceback" not in err


def test_demo_reports_ingest_cleanly(db_url: str) -> None:
    code, out, _ = run_cli("ingest", str(DEMO), "--db", db_url, "--json")
    summary = json.loads(out)
    assert code == 0 and summary["failed"] == 0
    assert summary["new"] == sum(
        len(p.read_text().splitlines())
        if p.suffix == ".jsonl"
        else len(json.loads(p.read_text()))
        if p.suffix == ".json"
        else 1
        for p in DEMO.iterdir()
    )


def test_hostile_inputs_cost_one_report_each_never_the_ingest(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"text": "First good report."}))
    (folder / "b.json").write_bytes(b'{"text": "ok", "title": "bad \\ud800 half"}')
    (folder / "c.json").write_bytes(b'{"text": "ok", "score": NaN}')
    (folder / "d.json").write_bytes(b"[" * 200_000)
    (folder / "e.json").write_text(json.dumps({"text": "ok", "source": "S" * 300}))
    (folder / "f.jsonl").write_bytes(
        b'{"text": "ok", "meta": {"k": "\\udc80"}}\n' + json.dumps({"text": "Last good."}).encode()
    )
    (folder / os.fsdecode(b"g\xff.txt")).write_text("Good report with an undecodable file name.")
    (folder / "h.txt").write_text(
        "# source: Desk | title: Patrol report | releasability: public\n\nHeader fields."
    )
    code, out, _ = run_cli("ingest", str(folder), "--db", db_url, "--json", "--no-read")
    summary = json.loads(out)
    assert code == 1 and summary["new"] == 4 and summary["failed"] == 5
    reasons = {Path(f["input"]).name: f["reason"] for f in summary["failures"]}
    assert "unpaired surrogate" in reasons["b.json"] and "NaN is not a JSON number" in reasons["c.json"]
    assert (
        "nested more than 32 levels" in reasons["d.json"]
        and "longer than 200 characters" in reasons["e.json"]
    )
    assert "unpaired surrogate" in reasons["f.jsonl"]
    with session_scope(db_url) as session:
        names = {Path(n).name for n in session.scalars(select(Report.original_name))}
        header = session.scalars(select(Report).where(Report.original_name.like("%h.txt"))).one()
        assert (header.title, header.releasability) == ("Patrol report", "public")
    assert "g\\xff.txt" in names and "f.jsonl:2" in names
