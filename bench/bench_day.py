"""The shipped command on a mixed news day: `python -m bench.bench_day [N] [--pg] [--keep DIR]`, or the
reader alone on N of its articles: `python -m bench.bench_day --reader N`.

Writes N real-length articles (bench.mixed_day: about 1 % about this border, the rest security news from
elsewhere in the same words) as one JSON-lines feed, runs `sarhad ingest feed.jsonl` on it as an operator
would (a fresh SQLite store, or a throw-away PostgreSQL server with --pg), and prints the wall time,
articles per second, the peak memory of the command with its reader processes, the largest incident, and
the articles read as on topic against the generator's truth.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from bench.mixed_day import write_day
from sarhad.store.db import session_scope
from sarhad.store.models import Mention, Report

SARHAD = Path(sys.executable).with_name("sarhad")


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo += children.get(current, [])
        try:
            status = (Path("/proc") / str(current) / "status").read_text()
        except OSError:
            continue
        total += next(
            (int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmRSS")), 0
        )
    return total


@contextmanager
def peak_memory(pid: int) -> Iterator[list[int]]:
    peak = [0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.25):
            peak[0] = max(peak[0], tree_rss(pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield peak
    finally:
        done.set()
        watcher.join()


def ingest(feed: Path, url: str) -> tuple[float, int, str]:
    start = time.perf_counter()
    command = subprocess.Popen(
        [str(SARHAD), "ingest", str(feed), "--db", url],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    with peak_memory(command.pid) as peak:
        output, _ = command.communicate()
    if command.returncode not in (0, 1):
        raise SystemExit(f"sarhad ingest failed ({command.returncode}):\n{output[-2000:]}")
    return time.perf_counter() - start, peak[0], output


@dataclass(frozen=True)
class Score:
    right: int  # articles read as on topic that are
    wrong: int  # read as on topic, but are not
    missed: int  # on topic, but not read so
    largest: int  # reports in the largest incident
    mixed: int  # incidents holding reports of more than one true event
    events: int  # true events told by the articles read as on topic
    incidents: int  # incidents those articles were fused into


def scored(url: str, truth: dict[str, str | None]) -> Score:
    with session_scope(url) as session:
        rows = session.execute(
            select(Report.url, Mention.incident_id)
            .join(Mention, Mention.report_id == Report.id)
            .where(Mention.background.is_(False))
        ).all()
    read = {str(u) for u, _ in rows}
    members: dict[str, set[str]] = {}
    for u, incident in rows:
        if incident is not None:
            members.setdefault(str(incident), set()).add(str(u))
    truly = {u for u, event in truth.items() if event}
    told = {truth[u] for u in read & truly}
    return Score(
        right=len(read & truly),
        wrong=len(read - truly),
        missed=len(truly - read),
        largest=max((len(m) for m in members.values()), default=0),
        mixed=sum(len({truth.get(u) for u in m}) > 1 for m in members.values()),
        events=len(told),
        incidents=len(members),
    )


def run(count: int, url: str, root: Path, backend: str) -> None:
    feed = root / "day.jsonl"
    truth = write_day(feed, count)
    size = feed.stat().st_size
    seconds, peak, output = ingest(feed, url)
    score = scored(url, truth)
    precision = score.right / (score.right + score.wrong) if score.right + score.wrong else 1.0
    recall = score.right / (score.right + score.missed) if score.right + score.missed else 1.0
    on_topic = sum(1 for event in truth.values() if event)
    print(
        f"`sarhad ingest` of {count:,} articles ({size / 1e6:,.0f} MB, {on_topic:,} on topic) into "
        f"{backend}: {seconds:.1f} s, {count / seconds:,.0f} articles/s, peak {peak / 1e6:,.0f} MB "
        f"(command and readers), {os.cpu_count()} cores"
    )
    print(
        f"  on topic: precision {precision:.3f}, recall {recall:.3f} ({score.right} right, {score.wrong} "
        f"wrong, {score.missed} missed); {score.events} true events in {score.incidents} incidents, "
        f"{score.mixed} mixing events; largest incident {score.largest} reports"
    )
    print("  the command said: " + " ".join(output.split("read ", 1)[-1].split()))


def reader_only(count: int) -> None:
    """The reader alone, in this process, on the same day: time per article and on-topic precision and
    recall (what triage and the relevance rule decide, without storing or fusing)."""
    from bench.mixed_day import mixed_day
    from sarhad.read.reader import Reader

    reader = Reader()
    articles = list(mixed_day(count))
    start = time.perf_counter()
    said = [reader.read(a.text, a.published).on_topic for a in articles]
    seconds = time.perf_counter() - start
    right = sum(s and a.on_topic for s, a in zip(said, articles, strict=True))
    wrong, truly = sum(said) - right, sum(a.on_topic for a in articles)
    print(
        f"reader alone, {count:,} articles in one process: {seconds / count * 1000:.2f} ms an article; "
        f"on topic: precision {right / max(right + wrong, 1):.3f}, recall {right / max(truly, 1):.3f} "
        f"({right} right, {wrong} wrong, {truly - right} missed)"
    )


def main(argv: list[str]) -> None:
    if "--reader" in argv:
        reader_only(int(argv[argv.index("--reader") + 1]))
        return
    count = int(next((a for a in argv if not a.startswith("--") and a.replace("_", "").isdigit()), "20000"))
    keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None  # a folder for the feed and store
    with tempfile.TemporaryDirectory() as folder:
        root = Path(keep or folder)
        root.mkdir(parents=True, exist_ok=True)
        if "--pg" in argv:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
            from support.postgres import create_database, temporary_server

            with temporary_server() as admin:
                run(count, create_database(admin, "bench_day"), root, "PostgreSQL")
        else:
            run(count, f"sqlite:///{root / 'day.db'}", root, "a fresh SQLite store")


if __name__ == "__main__":
    main(sys.argv[1:])
