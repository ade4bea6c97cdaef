"""Benchmark: place 1,000,000 points against the Pakistan–Iran border (target: at most 10 s).

    .venv/bin/python bench/bench_geo.py [--points 1000000] [--repeat 3]

Points are drawn uniformly over a box around the border (58–66 E, 24–32 N), so about half are
within a few hundred kilometres of the line and every code path (both sides, neither) is hit.
Prints the load time of the border and the best-of-N placement time.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import numpy as np

from sarhad.geo.border import load_border


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    border = load_border(("PK", "IR"))
    loaded = time.perf_counter() - started

    rng = np.random.default_rng(20200508)
    lons = rng.uniform(58.0, 66.0, args.points)
    lats = rng.uniform(24.0, 32.0, args.points)
    timings = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        result = border.locate_many(lons, lats)
        timings.append(time.perf_counter() - started)

    sides, counts = np.unique(result.side, return_counts=True)
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs")
    pair = "-".join(border.countries)
    print(f"border: {pair}, {len(border.sectors)} sectors, loaded in {loaded:.2f} s")
    print(
        f"points: {args.points:,}; best of {args.repeat}: {min(timings):.2f} s "
        f"({args.points / min(timings):,.0f} points/s); all runs: {', '.join(f'{t:.2f}' for t in timings)} s"
    )
    print("sides: " + ", ".join(f"{s or 'neither'}={c:,}" for s, c in zip(sides, counts, strict=True)))
    print(f"median distance to the line: {np.nanmedian(result.distance_km):.1f} km")


if __name__ == "__main__":
    main()
