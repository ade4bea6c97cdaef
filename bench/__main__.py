"""Run every benchmark in turn: `python -m bench` (slow; see bench/RESULTS.md for each one's command)."""

from __future__ import annotations

import subprocess
import sys

BENCHMARKS = (
    "bench.bench_geo",
    "bench.bench_read",
    "bench.bench_ingest",
    "bench.bench_fuse",
    "bench.bench_plan",
    "bench.bench_exchange",
    "bench.bench_load",
    "bench.bench_map",
)


def main() -> int:
    failed = 0
    for module in BENCHMARKS:
        print(f"== {module}", flush=True)
        failed += subprocess.run([sys.executable, "-m", module], check=False).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
