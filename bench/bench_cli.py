"""How fast the command line answers: `python -m bench.bench_cli`.

Times `sarhad --help`, every command's `--help`, and the first output of a few everyday commands on a
small picture (the demo reports in a fresh SQLite file), each as a new process, best of three. Targets
(issue #15): `sarhad --help` in 0.3 s, any command's first output in 1 s.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEMO = Path(__file__).resolve().parents[1] / "src" / "sarhad" / "demo" / "reports"
COMMANDS = (
    "ingest", "process", "failures", "reports", "incidents", "incident", "correct", "read", "eval",
    "border", "geocode", "plan", "serve", "user", "token", "node", "exchange", "releasability", "audit",
    "demo",
)  # fmt: skip


def first_output(argv: list[str], env: dict[str, str]) -> float:
    """Seconds until the process writes its first byte (or exits), best of three."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env) as run:
            assert run.stdout is not None
            run.stdout.read(1)
            best = min(best, time.perf_counter() - started)
            run.kill()
    return best


def main() -> None:
    sarhad = [sys.executable, "-m", "sarhad"]
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SARHAD_DATABASE_URL": f"sqlite:///{Path(folder) / 'cli.db'}", "COLUMNS": "80"}
        subprocess.run([*sarhad, "ingest", str(DEMO)], env=env, capture_output=True, check=True)
        help_times = {name: first_output([*sarhad, name, "--help"], env) for name in COMMANDS}
        print(f"sarhad --help: {first_output([*sarhad, '--help'], env):.2f} s")
        slowest = max(help_times, key=help_times.__getitem__)
        print(
            f"command --help: slowest {slowest} {help_times[slowest]:.2f} s, "
            f"median {sorted(help_times.values())[len(help_times) // 2]:.2f} s"
        )
        for argv in (
            ["incidents"],
            ["reports"],
            ["failures"],
            ["border"],
            ["audit", "list"],
            ["user", "list"],
        ):
            print(f"sarhad {' '.join(argv)}: first output in {first_output([*sarhad, *argv], env):.2f} s")


if __name__ == "__main__":
    main()
