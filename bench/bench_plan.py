"""Benchmark of the `plan` stage: fast SSE path vs the LP/MILP references, and the price of miscoordination.

    .venv/bin/python bench/bench_plan.py                 # timings at 10, 100, 1,000, 10,000 sectors
    .venv/bin/python bench/bench_plan.py --pom           # price of miscoordination on the default border
    .venv/bin/python bench/bench_plan.py --sizes 10,100 --multiple-lps-max 100

Prints Markdown tables (bench/RESULTS.md holds a recorded run).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import numpy as np

from sarhad.plan.model import InterceptionModel, build_game, either_model, joint_model
from sarhad.plan.planner import PlanSettings, plan_patrols
from sarhad.plan.reference import dobss_milp, minimax_lp, multiple_lps
from sarhad.plan.solver import solve

T = TypeVar("T")
MODELS = {"either": either_model(), "joint": joint_model()}


def timed(func: Callable[[], T], repeats: int) -> tuple[float, T]:
    """Median wall time (seconds) of ``repeats`` calls, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    assert result is not None
    return statistics.median(times), result


def synthetic(n: int, seed: int = 0) -> tuple[np.ndarray, tuple[int, int]]:
    """Heavy-tailed threat (a few hotspots, a long quiet tail) and the default 12:10 units per 33 sectors."""
    rng = np.random.default_rng(seed)
    threat = 0.1 + rng.pareto(1.5, n)
    return threat, (max(1, round(n * 12 / 33)), max(1, round(n * 10 / 33)))


def machine() -> str:
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.system()}"


def timing_row(n: int, name: str, model: InterceptionModel, milp_max: int, lps_max: int) -> str:
    threat, units = synthetic(n)
    game = build_game(threat)
    capacity = (float(units[0]), float(units[1]))
    repeats = 20 if n <= 1000 else 5
    fast_t, fast = timed(lambda: solve(game, model, capacity), repeats)
    plan_t, _ = timed(
        lambda: plan_patrols(
            list(range(n)),
            dict(enumerate(threat.tolist())),
            ("PK", "IR"),
            {"PK": units[0], "IR": units[1]},
            PlanSettings(model=model, seed=1),
        ),
        3 if n <= 1000 else 2,
    )
    lp_t, (level, lp_value) = timed(lambda: minimax_lp(game, model, capacity), 3 if n <= 1000 else 1)
    diffs = [abs(lp_value - fast.defender_value), abs(level - fast.attacker_value)]
    milp_cell = lps_cell = "—"
    if n <= milp_max:
        milp_t, milp = timed(lambda: dobss_milp(game, model, capacity), 1)
        diffs.append(abs(milp.defender_value - fast.defender_value))
        milp_cell = f"{milp_t * 1e3:,.1f}"
    if n <= lps_max:
        lps_t, lps = timed(lambda: multiple_lps(game, model, capacity), 1)
        diffs.append(abs(lps.defender_value - fast.defender_value))
        lps_cell = f"{lps_t * 1e3:,.1f}"
    return (
        f"| {n:,} | {name} | {units[0]}+{units[1]} | {fast_t * 1e3:.3f} | {plan_t * 1e3:,.1f} | "
        f"{lp_t * 1e3:,.1f} | {lp_t / fast_t:,.0f}× | {milp_cell} | {lps_cell} | {max(diffs):.1e} |"
    )


def timings(sizes: list[int], milp_max: int, lps_max: int) -> None:
    print(f"Machine: {machine()}; {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n")
    print(
        "| sectors | model | units | fast SSE (ms) | full plan (ms) | minimax LP (ms) | LP / fast | "
        "DOBSS MILP (ms) | multiple LPs (ms) | max abs diff |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n in sizes:
        for name, model in MODELS.items():
            print(timing_row(n, name, model, milp_max, lps_max), flush=True)


def default_sector_ids() -> list[int]:
    from sarhad.geo.border import load_border

    return [int(s.id) for s in load_border(countries=("PK", "IR"), sector_km=25.0).sectors]


def threat_scenarios(ids: list[int]) -> dict[str, dict[int, float]]:
    n = len(ids)
    rng = np.random.default_rng(7)
    hotspots = np.full(n, 1.0)
    hotspots[[n // 5, n // 2, (4 * n) // 5]] = 10.0  # three hot stretches, ten times the rest
    gradient = np.linspace(0.2, 1.0, n)  # threat rising along the line (e.g. towards the coast)
    return {
        "uniform": dict.fromkeys(ids, 1.0),
        "three hotspots (10x)": dict(zip(ids, hotspots.tolist(), strict=True)),
        "linear gradient 0.2-1": dict(zip(ids, gradient.tolist(), strict=True)),
        "heavy tail (Pareto 1.5)": dict(zip(ids, (0.1 + rng.pareto(1.5, n)).tolist(), strict=True)),
    }


def price_of_miscoordination() -> None:
    ids = default_sector_ids()
    print(f"Default PK–IR border: {len(ids)} sectors of ~25 km; units PK=12, IR=10.\n")
    names = ("coordinated", "uncoordinated", "uniform", "proportional", "top_m")
    print(f"| threat | model | {' | '.join(names)} | PoM | loss ratio | QR coord. | QR uncoord. | QR prop. |")
    print("|---|---|" + "---:|" * (len(names) + 5))
    for label, threat in threat_scenarios(ids).items():
        for name, model in MODELS.items():
            plan = plan_patrols(
                ids, threat, ("PK", "IR"), {"PK": 12, "IR": 10}, PlanSettings(model=model, seed=1)
            )
            u, q = plan.utility, plan.quantal
            ratio = u["uncoordinated"] / u["coordinated"] if u["coordinated"] < 0 else float("nan")
            cells = " | ".join(f"{u[k]:.4f}" for k in names)
            quantal = " | ".join(f"{q[k]:.4f}" for k in ("coordinated", "uncoordinated", "proportional"))
            pom = f"{plan.price_of_miscoordination:.4f} | {ratio:.2f}"
            print(f"| {label} | {name} | {cells} | {pom} | {quantal} |")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--milp-max", type=int, default=1000, help="largest size to run the DOBSS MILP on")
    parser.add_argument("--multiple-lps-max", type=int, default=1000, help="largest size for n LPs")
    parser.add_argument("--pom", action="store_true", help="price of miscoordination on the default border")
    args = parser.parse_args()
    if args.pom:
        price_of_miscoordination()
        return
    timings([int(s) for s in args.sizes.split(",")], args.milp_max, args.multiple_lps_max)


if __name__ == "__main__":
    main()
