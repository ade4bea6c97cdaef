"""Benchmark the read stage: triage + reading of a synthetic day, and deep reading per core.

    .venv/bin/python -m bench.bench_read [--articles 200000] [--workers 2] [--deep-only] [--real DIR ...]

1. End to end: each worker generates its share of the day (not timed) in chunks and runs
   ``is_candidate`` on every article and ``read`` on the candidates (timed). Throughput is all articles
   divided by the slowest worker's processing time (targets: >= 700 articles/s on 2 cores).
2. Deep reading: one process reads only on-topic articles -- the synthetic ones and, when present, the real
   articles of ../shared and of each ``--real`` folder (DIR/articles/*.txt), with the parser wherever
   the reader needs it (target, #13: >= 20 real articles/s per core).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from collections.abc import Callable
from multiprocessing import Pool
from pathlib import Path

from bench.synth_articles import synthetic_day
from sarhad.intake.parse import RawReport, parse_file
from sarhad.read.reader import Reader
from sarhad.read.syntax import Roles

CHUNK = 5_000
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _worker(args: tuple[int, int, int]) -> tuple[int, int, int, float, int, int]:
    """One shard: (articles, candidates, on_topic, seconds spent reading, true on-topic, correct on-topic)."""
    shard, shards, total = args
    reader = Reader()
    mine = total // shards + (1 if shard < total % shards else 0)
    stream = synthetic_day(mine, seed=1000 + shard)
    done = candidates = on_topic = truth = hits = 0
    spent = 0.0
    while done < mine:
        chunk = [next(stream) for _ in range(min(CHUNK, mine - done))]
        started = time.perf_counter()
        verdicts = []
        for text, published, _ in chunk:
            verdict = False
            if reader.is_candidate(text):
                candidates += 1
                verdict = reader.read(text, published).on_topic
            verdicts.append(verdict)
        spent += time.perf_counter() - started
        on_topic += sum(verdicts)
        truth += sum(label for _, _, label in chunk)
        hits += sum(v and label for v, (_, _, label) in zip(verdicts, chunk, strict=True))
        done += len(chunk)
    return done, candidates, on_topic, spent, truth, hits


def end_to_end(total: int, workers: int) -> None:
    with Pool(workers) as pool:
        results = pool.map(_worker, [(i, workers, total) for i in range(workers)])
    articles = sum(r[0] for r in results)
    slowest = max(r[3] for r in results)
    print(
        f"end to end: {articles} articles, {sum(r[1] for r in results)} candidates, "
        f"{sum(r[2] for r in results)} on topic, {workers} workers, slowest {slowest:.2f} s "
        f"-> {articles / slowest:,.0f} articles/s"
    )
    truth, hits, said = sum(r[4] for r in results), sum(r[5] for r in results), sum(r[2] for r in results)
    print(
        f"synthetic on-topic: {truth} true, recall {hits / max(1, truth):.3f}, "
        f"precision {hits / max(1, said):.3f}"
    )


def deep(seconds: float = 5.0, folders: tuple[Path, ...] = ()) -> None:
    reader = Reader()
    texts: list[tuple[str, dt.date | None]] = [(t, p) for t, p, on in synthetic_day(20_000, seed=7) if on]
    real = sorted((SHARED / "corpus" / "dev" / "articles").glob("*.txt")) + sorted(
        (SHARED / "seeds").glob("*.txt")
    )
    batches: list[tuple[str, list[tuple[str, dt.date | None]]]] = [
        ("synthetic on-topic", texts),
        ("real dev+seeds", _texts(real)),
    ]
    batches += [(f"real {folder.name}", _texts(sorted(folder.glob("articles/*.txt")))) for folder in folders]
    parses = _counting_parses(reader)
    for name, batch in batches:
        if not batch:
            continue
        before = parses()
        for text, published in batch:  # one untimed pass: the parses it makes, and warm caches
            reader.read(text, published)
        per_100 = 100 * (parses() - before) / len(batch)
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            for text, published in batch:
                reader.read(text, published)
            count += len(batch)
        elapsed = time.perf_counter() - started
        print(
            f"deep reading ({name}, {len(batch)} distinct): {count / elapsed:,.0f} articles/s on one core, "
            f"{per_100:.0f} sentence parses per 100 articles"
        )


def _counting_parses(reader: Reader) -> Callable[[], int]:
    """Count the dependency parses the reader asks for (the costly part of deep reading)."""
    syntax, count = reader.syntax, [0]
    parse = syntax.roles

    def counted(text: str) -> Roles:
        count[0] += 1
        return parse(text)

    syntax.roles = counted  # type: ignore[method-assign]
    return lambda: count[0]


def _texts(paths: list[Path]) -> list[tuple[str, dt.date | None]]:
    return [(r.text, r.published) for p in paths for r in parse_file(p) if isinstance(r, RawReport)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--deep-only", action="store_true", help="Only the deep-reading figures.")
    parser.add_argument("--real", type=Path, nargs="*", default=[], help="More folders of real articles.")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    if not args.deep_only:
        end_to_end(args.articles, args.workers)
    deep(folders=tuple(args.real))


if __name__ == "__main__":
    main()
