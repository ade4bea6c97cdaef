"""The server under many clients: `python -m bench.bench_load [--reports 5000] [--clients 20,200]
[--seconds 30] [--db URL]`.

Builds a picture from N synthetic reports (bench_ingest's feed) in a fresh SQLite file, or in the
PostgreSQL database given by --db, starts a real `sarhad serve` on a loopback port, and runs each client
count for the given seconds. Every client loops over the three things people open most: a page of
/api/incidents, the map's data for a view, and an incident page, with a bearer token. It prints requests
per second, the status codes seen and the latency percentiles; any 5xx is a failure (exit 1).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import h11
import httpx
from sqlalchemy import select

from bench.bench_ingest import write_feed
from sarhad.auth.accounts import add_user
from sarhad.auth.sessions import create_token
from sarhad.intake.ingest import discover, ingest
from sarhad.pipeline import process
from sarhad.store.db import session_scope
from sarhad.store.models import Incident

# Views a map user opens: the whole border, then zoomed into two stretches of it (west, south, east, north).
VIEWS = ("55,23,72,33", "60.5,26,63.5,29.5", "61,28.5,63,30")


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)


def build_picture(url: str, reports: int, folder: Path) -> list[str]:
    feed = folder / "feed.jsonl"
    write_feed(feed, reports)
    started = time.perf_counter()
    ingest(list(discover([feed])), url)
    summary = process(url)
    took = time.perf_counter() - started
    print(f"picture: {reports:,} reports, {summary.incidents:,} incidents ({took:.0f} s)", flush=True)
    with session_scope(url) as session:
        return list(session.scalars(select(Incident.id)))


def bench_token(url: str) -> str:
    with session_scope(url, write=True) as session:
        add_user(session, "bench", "viewer", "many clients at once, one picture", "bench")
    with session_scope(url, write=True) as session:
        secret, _ = create_token(session, "bench", "load benchmark", "bench")
    return secret


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(url: str) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "sarhad", "serve", "--no-tls", "--no-exchange", "--port", str(port)]
    server = subprocess.Popen([*command, "--db", url], env={**os.environ, "PYTHONUNBUFFERED": "1"})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


def paths(incidents: list[str], rng: random.Random) -> str:
    choice = rng.randrange(3)
    if choice == 0:
        return f"/api/incidents?page={rng.randint(1, 20)}&per_page=25"
    if choice == 1:
        return f"/api/map/incidents.geojson?bbox={rng.choice(VIEWS)}&zoom={rng.choice((6, 8, 10))}"
    return f"/incidents/{rng.choice(incidents)}"


class Connection:
    """One keep-alive HTTP/1.1 connection spoken with h11 directly: the load generator shares this
    machine's two cores with the server, and httpx's layers cost it three times the CPU per request."""

    def __init__(self, host: str, port: int, token: str) -> None:
        self.host, self.port = host, port
        self.headers = [("Host", f"{host}:{port}"), ("Authorization", f"Bearer {token}")]
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.conn = h11.Connection(h11.CLIENT)

    async def get(self, path: str) -> int:
        if self.writer is None or self.conn.our_state is not h11.IDLE:
            await self.reconnect()
        assert self.reader is not None and self.writer is not None
        self.writer.write(self.conn.send(h11.Request(method="GET", target=path, headers=self.headers)))
        self.writer.write(self.conn.send(h11.EndOfMessage()))
        status = 0
        while True:
            event = self.conn.next_event()
            if event is h11.NEED_DATA:
                data = await self.reader.read(65536)
                if not data:
                    raise ConnectionError("the server closed the connection")
                self.conn.receive_data(data)
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.EndOfMessage):
                break
        if self.conn.our_state is h11.DONE and self.conn.their_state is h11.DONE:
            self.conn.start_next_cycle()
        else:
            await self.close()
        return status

    async def reconnect(self) -> None:
        await self.close()
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.conn = h11.Connection(h11.CLIENT)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


async def client(base: str, token: str, incidents: list[str], until: float, seed: int, tally: Tally) -> None:
    """One user: a request, its answer read in full, the next request; for as long as the run lasts."""
    rng = random.Random(seed)
    host, port = base.removeprefix("http://").rsplit(":", 1)
    connection = Connection(host, int(port), token)
    try:
        while time.monotonic() < until:
            path = paths(incidents, rng)
            started = time.monotonic()
            try:
                status = await asyncio.wait_for(connection.get(path), 120)
            except (OSError, ConnectionError, TimeoutError, h11.ProtocolError) as exc:
                tally.failures[type(exc).__name__] += 1
                await connection.close()
                continue
            tally.latencies.append(time.monotonic() - started)
            tally.statuses[status] += 1
    finally:
        await connection.close()


async def load(base: str, token: str, incidents: list[str], clients: int, seconds: float) -> Tally:
    """``clients`` users at once, each on its own connection."""
    tally = Tally()
    until = time.monotonic() + seconds
    await asyncio.gather(*(client(base, token, incidents, until, n, tally) for n in range(clients)))
    return tally


async def cold_start(base: str, token: str, clients: int = 20) -> list[float]:
    """Seconds each of ``clients`` first requests for the map page took, sent together right after the
    server came up (the issue measured about 14 s each before start-up data was cached)."""
    headers = {"Authorization": f"Bearer {token}"}
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=120, limits=limits) as http:

        async def one() -> float:
            started = time.monotonic()
            response = await http.get("/")
            response.raise_for_status()
            return time.monotonic() - started

        return list(await asyncio.gather(*(one() for _ in range(clients))))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def report(clients: int, seconds: float, tally: Tally) -> bool:
    done = len(tally.latencies)
    errors = sum(n for status, n in tally.statuses.items() if status >= 500)
    statuses = ", ".join(f"{status}: {n}" for status, n in sorted(tally.statuses.items()))
    print(
        f"{clients:>4} clients: {done / seconds:6.1f} requests/s, {done:,} answered ({statuses}); "
        f"p50 {percentile(tally.latencies, 0.5):.2f} s, p95 {percentile(tally.latencies, 0.95):.2f} s, "
        f"p99 {percentile(tally.latencies, 0.99):.2f} s; server errors {errors}; "
        f"client-side failures {dict(tally.failures) or 0}",
        flush=True,
    )
    return errors == 0 and not tally.failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--clients", default="20,200", help="comma-separated client counts")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--db", help="PostgreSQL URL of an empty database (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.db or f"sqlite:///{Path(folder) / 'load.db'}"
        incidents = build_picture(url, args.reports, Path(folder))
        token = bench_token(url)
        ok = True
        with served(url) as base:
            first = asyncio.run(cold_start(base, token))
            print(f"  20 first map pages at once after start-up: slowest {max(first):.2f} s", flush=True)
            for clients in (int(c) for c in args.clients.split(",")):
                tally = asyncio.run(load(base, token, incidents, clients, args.seconds))
                ok = report(clients, args.seconds, tally) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
