"""Ingest throughput and the cost of one more report: `python -m bench.bench_ingest [N]`.

Stores N synthetic articles (half of them about the border) in a fresh SQLite database, reading and fusing
them, then times ingesting a single further report, which re-reads nothing but re-fuses the whole picture.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

from bench.synth_articles import synthetic_day
from sarhad.intake.ingest import discover, ingest
from sarhad.pipeline import process


def write_feed(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8") as feed:
        for i, (text, published, _) in enumerate(synthetic_day(count, share=0.5, seed=3)):
            day = published - dt.timedelta(days=i % 700)  # spread over two years, as a real archive is
            feed.write(
                json.dumps({"text": f"{text} (ref {i})", "published": str(day), "source": f"Outlet {i % 7}"})
            )
            feed.write("\n")


def timed_ingest(path: Path, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    ingest(list(discover([path])), url)
    incidents = process(url).incidents
    return time.perf_counter() - start, incidents


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        url = f"sqlite:///{root / 'bench.db'}"
        write_feed(root / "feed.jsonl", count)
        seconds, incidents = timed_ingest(root / "feed.jsonl", url)
        rate = count / seconds
        summary = f"{count:,} reports stored, read and fused in {seconds:.1f} s ({rate:,.0f} reports/s)"
        print(f"{summary}; {incidents:,} incidents")
        one = root / "one.json"
        one.write_text(
            json.dumps(
                {
                    "text": "A roadside bomb killed two soldiers near Mand in Kech district on Friday.",
                    "published": "2024-03-02",
                }
            )
        )
        seconds, incidents = timed_ingest(one, url)
        print(
            f"one more report into {count:,}: {seconds:.2f} s (store, read, re-fuse {incidents:,} incidents)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5_000)
