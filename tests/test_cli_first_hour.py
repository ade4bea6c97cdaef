"""The first hour with the command line (issue #15): it starts at once, every command shows an example,
tables stay readable at 80 columns, values read as words, and every failure is one line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
import typer.testing

from sarhad.cli import app

DEMO = Path(__file__).resolve().parents[1] / "src" / "sarhad" / "demo" / "reports"
HEAVY = ("sqlalchemy", "alembic", "numpy", "scipy", "shapely", "httpx", "argon2", "cryptography", "uvicorn")


def sarhad(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sarhad", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "80", **(env or {})},
    )


def commands(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    children = getattr(command, "commands", None)
    if not children:
        yield path, command
        return
    for name, child in children.items():
        yield from commands(child, (*path, name))


@pytest.fixture(scope="module")
def picture(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('first-hour') / 'sarhad.db'}"
    assert sarhad("ingest", str(DEMO), "--db", url).returncode == 0
    return {"SARHAD_DATABASE_URL": url}


def test_starting_loads_no_stage() -> None:
    """`sarhad --help` must not wait for the database layer, the reader or the solver to load."""
    probe = f"import sarhad.cli, sys; print([m for m in {HEAVY!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"


def test_every_command_has_help_with_an_example() -> None:
    found = list(commands(typer.main.get_command(app)))
    assert len(found) > 35
    runner = typer.testing.CliRunner()
    for path, _ in found:
        shown = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
        assert shown.exit_code == 0, path
        example = next((line for line in shown.stdout.splitlines() if "Example: sarhad" in line), None)
        assert example is not None, f"`sarhad {' '.join(path)} --help` shows no example"
        assert f"sarhad {' '.join(path)}" in example or path == ("correct",), example


def test_the_incident_table_reads_at_80_columns(picture: dict[str, str]) -> None:
    shown = sarhad("incidents", env=picture)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert "…" not in shown.stdout
    listed = json.loads(sarhad("incidents", "--json", env=picture).stdout)
    for incident in listed:
        assert incident["id"] in shown.stdout  # ids whole, never folded
    text = " ".join(shown.stdout.split())
    assert "cross border" in text and "_" not in text  # types as words (wrapped inside their column)
    assert "2024-01-18" not in text and "18 January" in text  # dates as words
    assert "week of" in text  # and with their precision


def test_an_incident_prints_every_field_with_its_sources_words(picture: dict[str, str]) -> None:
    listed = json.loads(sarhad("incidents", "--json", env=picture).stdout)
    disputed = next(i for i in listed if i["conflicts"])
    shown = sarhad("incident", disputed["id"], env=picture)
    assert shown.returncode == 0, shown.stderr
    assert "chosen by:" in shown.stdout and "Sources disagree on:" in shown.stdout
    assert "“" in shown.stdout  # the words a value was read from
    for source in disputed["sources"]:
        assert (source["source"] or source["file"]) in shown.stdout


def test_an_empty_failure_list_says_so(picture: dict[str, str]) -> None:
    shown = sarhad("failures", env=picture)
    assert shown.returncode == 0 and shown.stdout.strip() == "No intake failures."


def test_read_words_its_events_and_fails_when_nothing_could_be_read(tmp_path: Path) -> None:
    shown = sarhad("read", str(sorted(DEMO.glob("*.txt"))[0]))
    assert shown.returncode == 0, shown.stderr
    assert "killed=None" not in shown.stdout and " ? " not in shown.stdout
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.txt").write_bytes(b"")
    nothing = sarhad("read", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))
    assert nothing.returncode == 1


def test_a_busy_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        shown = sarhad("serve", "--port", str(port), "--db", f"sqlite:///{tmp_path / 's.db'}", timeout=60)
    assert shown.returncode == 2
    assert shown.stderr.strip() == f"error: port {port} on 127.0.0.1 is in use; choose another with --port"
    assert "serving" not in shown.stdout  # nothing announced that is not true


@pytest.mark.parametrize(
    "url", ["nonsense://x", "postgresql://nobody@127.0.0.1:1/none", "sqlite:///no/such/dir/x.db"]
)
def test_a_bad_database_url_is_one_line(url: str) -> None:
    shown = sarhad("incidents", "--db", url, timeout=60)
    assert shown.returncode == 2
    lines = shown.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and "sqlalche.me" not in lines[0], shown.stderr
