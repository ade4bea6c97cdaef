"""Export speed and memory: `python -m bench.bench_export [N ...]` (default 100000 1000000).

Writes N synthetic incidents (each with one mention of one of a thousand reports, so the source column is
filled as in a real store) straight into a fresh SQLite database, then runs the shipped command
`sarhad export --format csv -o FILE` in its own process and prints its wall time, rows per second and
peak memory (the child's maximum resident set size). Flat memory means the peak does not grow with N.
"""

from __future__ import annotations

import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

from sarhad.events import FAMILIES
from sarhad.store.db import close_engine, get_engine, migrate
from sarhad.store.models import Incident, Mention, Report
from sarhad.wording import summary

TYPES = sorted(FAMILIES)
REPORTS = 1000
CHUNK = 20_000


def fill(url: str, count: int) -> None:
    engine = get_engine(url)
    migrate(engine)
    rng = random.Random(5)
    now = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(Report),
            [
                {
                    "id": f"{n:064x}",
                    "kind": "news",
                    "source": f"Outlet {n % 40}",
                    "text": "",
                    "raw": b"",
                    "media_type": "text/plain",
                    "original_name": f"r{n}.txt",
                    "meta": {},
                    "releasability": "public",
                    "intake_at": now,
                    "read_at": now,
                    "read_status": "ok",
                }
                for n in range(REPORTS)
            ],
        )
        for start in range(0, count, CHUNK):
            incidents, mentions = [], []
            for n in range(start, min(count, start + CHUNK)):
                kind = rng.choice(TYPES)
                day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
                incidents.append(
                    record := {
                        "id": f"inc-{n:012x}",
                        "type": kind,
                        "date": day,
                        "date_precision": "day",
                        "place": f"Place {n % 500}",
                        "lat": 25 + rng.random() * 5,
                        "lon": 61 + rng.random() * 3,
                        "admin1": "Balochistan",
                        "admin2": "Kech",
                        "country": "PK",
                        "sector_id": n % 40 + 1,
                        "side": "PK",
                        "distance_km": rng.random() * 50,
                        "killed": rng.choice([None, 0, 2, 6]),
                        "perpetrator": "BLA",
                        "roles": [{"role": "responsible", "name": "BLA", "basis": "claimed"}],
                        "conflicts": [],
                        "corroboration": "single",
                        "independent_sources": 1,
                        "recalled": False,
                        "geo_precision": 1,
                        "releasability": "public",
                        "first_reported": now,
                        "last_updated": now,
                    }
                )
                record["summary"] = summary(record)  # as fusion writes it
                mentions.append(
                    {
                        "report_id": f"{n % REPORTS:064x}",
                        "ordinal": n // REPORTS,
                        "type": kind,
                        "date": day,
                        "incident_id": f"inc-{n:012x}",
                        "cluster_id": f"inc-{n:012x}",
                        "spans": {},
                        "background": False,
                        "confidence": 0.8,
                    }
                )
            conn.execute(insert(Incident), incidents)
            conn.execute(insert(Mention), mentions)
    close_engine(url)


def run(count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        url = f"sqlite:///{root / 'bench.db'}"
        fill(url, count)
        target = root / "out.csv"
        command = [
            sys.executable,
            "-m",
            "sarhad",
            "export",
            "--format",
            "csv",
            "-o",
            str(target),
            "--db",
            url,
        ]
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        lines = sum(1 for _ in target.open(encoding="utf-8")) - 1
        size = target.stat().st_size / 1e6
        print(
            f"{count:>9,} incidents: sarhad export --format csv in {seconds:6.1f} s "
            f"({lines / seconds:8,.0f} rows/s), {size:,.0f} MB, "
            f"peak memory {max(peak, before) / 1024:,.0f} MB",
            flush=True,
        )
        assert lines == count, (lines, count)


def main(argv: list[str]) -> None:
    for count in [int(a.replace("_", "")) for a in argv] or [100_000, 1_000_000]:
        run(count)


if __name__ == "__main__":
    main(sys.argv[1:])
