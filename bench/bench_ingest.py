"""Ingest throughput and the cost of one more report: `python -m bench.bench_ingest [N] [--pg]`.

Stores N synthetic articles (half of them about the border) in a fresh SQLite database (or a throw-away
PostgreSQL server with --pg), reading and fusing them, then times ingesting single further reports: the
whole command's work, and the fusion work alone (incremental: only the incidents the report can touch).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bench.synth_articles import synthetic_day
from sarhad.intake.ingest import discover, ingest
from sarhad.pipeline import ProcessSummary, process


def write_feed(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as feed:
        for i, (text, published, _) in enumerate(synthetic_day(count, share=0.5, seed=3)):
            day = published - dt.timedelta(days=i % 700)  # spread over two years, as a real archive is
            feed.write(
                json.dumps({"text": f"{text} (ref {i})", "published": str(day), "source": f"Outlet {i % 7}"})
            )
            feed.write("\n")


WORKERS = os.cpu_count() or 1  # as `sarhad ingest` reads by default


def timed_ingest(path: Path, url: str) -> tuple[float, ProcessSummary]:
    start = time.perf_counter()
    ingest(list(discover([path])), url)
    summary = process(url, workers=WORKERS)
    return time.perf_counter() - start, summary


MORE = [
    ("A roadside bomb killed two soldiers near Mand in Kech district on Friday.", "2024-03-02"),
    ("Militants attacked a border post near Saravan on Monday, killing three border guards.", "2023-07-11"),
    ("The Taftan crossing was closed on Sunday after a security alert, officials said.", "2022-01-10"),
    ("Two Iranian border guards were abducted near Mirjaveh on Tuesday.", "2021-10-13"),
    ("Levies seized 4,000 litres of Iranian diesel near Panjgur on Wednesday.", "2020-02-06"),
]


def run(count: int, url: str, root: Path) -> None:
    write_feed(root / "feed.jsonl", count)
    seconds, summary = timed_ingest(root / "feed.jsonl", url)
    rate = count / seconds
    print(f"{count:,} reports stored, read and fused in {seconds:.1f} s ({rate:,.0f} reports/s); "
          f"{summary.incidents:,} incidents")  # fmt: skip
    for n, (text, published) in enumerate(MORE):
        one = root / f"one-{n}.json"
        one.write_text(json.dumps({"text": text, "published": published, "source": "Bench wire"}))
        seconds, summary = timed_ingest(one, url)
        how = "incremental" if summary.incremental else "full"
        print(
            f"one more report into {count + n:,}: command {seconds:.2f} s, "
            f"fusion {summary.fusion_seconds * 1000:.0f} ms ({how}; {summary.incidents:,} incidents)"
        )


def main(argv: list[str]) -> None:
    count = int(next((a for a in argv if not a.startswith("--")), "5000").replace("_", ""))
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        if "--pg" in argv:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
            from support.postgres import create_database, temporary_server

            with temporary_server() as admin:
                run(count, create_database(admin, "bench_ingest"), root)
        else:
            run(count, f"sqlite:///{root / 'bench.db'}", root)


if __name__ == "__main__":
    main(sys.argv[1:])
