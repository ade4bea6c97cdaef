"""The exchange end to end: `python -m bench.bench_exchange [N] [--ir-db URL]`.

Two real `sarhad serve` processes on loopback over TLS, PK on SQLite and IR on SQLite (or the PostgreSQL
URL given). N distinct public incidents are planted on PK and fused; the benchmark times queuing a share
of each (the releasability filter, signing, the audit entry), delivering them all (HTTPS, signature
checks, apply, audit, signed acknowledgements, recorded), and IR fusing what arrived. It prints messages
per second for each stage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

from sarhad.fuse.store import fuse_session
from sarhad.share.identity import identity_document, init_node, require_node
from sarhad.share.incidents import share_incident
from sarhad.store.db import session_scope
from sarhad.store.models import InboxMessage, Incident, Mention, OutboxMessage, Peer, Report


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def report_row(n: int, day: dt.date, now: dt.datetime) -> dict[str, object]:
    text = f"Attack number {n}: two killed near Mand, a border post was fired on."
    return {
        "id": hashlib.sha256(text.encode()).hexdigest(), "kind": "news", "source": f"Outlet {n % 9}",
        "text": text, "raw": text.encode(), "media_type": "text/plain", "original_name": f"{n}.txt",
        "meta": {}, "releasability": "public", "published": day, "intake_at": now, "read_at": now,
        "read_status": "ok",
    }  # fmt: skip


def mention_row(report_id: object, n: int, day: dt.date) -> dict[str, object]:
    return {
        "report_id": report_id, "ordinal": 0, "type": "attack", "date": day, "date_precision": "day",
        "place": "Mand", "admin1": "Balochistan", "country": "PK", "lat": 25.9 + (n % 40) / 100,
        "lon": 61.9 + (n % 50) / 100, "geo_precision": "place", "killed": 2, "background": False,
        "confidence": 0.9, "spans": {"killed": {"start": 16, "end": 26, "text": "two killed"}},
    }  # fmt: skip


def plant(url: str, count: int) -> None:
    """N public reports, one event each, three days apart."""
    now = dt.datetime.now(dt.UTC)
    days = [dt.date(1990, 1, 1) + dt.timedelta(days=3 * n) for n in range(count)]
    reports = [report_row(n, day, now) for n, day in enumerate(days)]
    mentions = [mention_row(r["id"], n, day) for n, (r, day) in enumerate(zip(reports, days, strict=True))]
    with session_scope(url, write=True) as session:
        session.execute(insert(Report), reports)
        session.execute(insert(Mention), mentions)
        fuse_session(session)


def node(folder: Path, party: str, url: str) -> None:
    with session_scope(url, write=True) as session:
        init_node(session, party, f"{party} bench", folder / f"{party}-keys", [], "bench")


def trust(url: str, peer_url: str, base: str) -> None:
    with session_scope(peer_url) as session:
        body = identity_document(require_node(session), base)["identity"]
    with session_scope(url, write=True) as session:
        session.add(Peer(party=body["party"], name=body["name"], url=base, signing_key=body["key"],
                         tls_cert=body["tls_cert"], retired_keys=[], out_seq=0, in_seq=0))  # fmt: skip


def serve(url: str, port: int, log: Path, interval: float) -> subprocess.Popen[bytes]:
    argv = [sys.executable, "-m", "sarhad", "serve", "--db", url, "--port", str(port),
            "--exchange-interval", str(interval)]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            if httpx.get(f"https://127.0.0.1:{port}/healthz", verify=False, timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not start: {log.read_text()}")


def scalar(url: str, query: object) -> int:
    with session_scope(url) as session:
        return int(session.scalar(query) or 0)  # type: ignore[call-overload]


def wait(url: str, query: object, target: int, timeout: float = 3600) -> float:
    start = time.perf_counter()
    while scalar(url, query) < target:
        if time.perf_counter() - start > timeout:
            raise RuntimeError("timed out")
        time.sleep(0.05)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("count", type=int, nargs="?", default=10_000)
    parser.add_argument("--ir-db", help="IR's database URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        pk_url = f"sqlite:///{root / 'pk.db'}"
        ir_url = args.ir_db or f"sqlite:///{root / 'ir.db'}"
        pk_port, ir_port = free_port(), free_port()
        node(root, "PK", pk_url)
        node(root, "IR", ir_url)
        trust(pk_url, ir_url, f"https://127.0.0.1:{ir_port}")
        trust(ir_url, pk_url, f"https://127.0.0.1:{pk_port}")
        start = time.perf_counter()
        plant(pk_url, args.count)
        with session_scope(pk_url) as session:
            ids = list(session.scalars(select(Incident.id).order_by(Incident.id)))
        print(f"{len(ids):,} incidents planted and fused on PK in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        with session_scope(pk_url, write=True) as session:
            for incident in ids:
                share_incident(session, incident, "bench:liaison")
        queued = time.perf_counter() - start
        print(f"queued {len(ids):,} shares in {queued:.1f} s: {len(ids) / queued:,.0f} messages/s "
              "(releasability filter, signature, audit entry)")  # fmt: skip
        ir = serve(ir_url, ir_port, root / "ir.log", 0.5)
        pk = serve(pk_url, pk_port, root / "pk.log", 0.05)
        try:
            delivered = select(func.count(OutboxMessage.id)).where(OutboxMessage.status == "delivered")
            took = wait(pk_url, delivered, len(ids))
            rate = len(ids) / took
            print(f"delivered {len(ids):,} messages PK -> IR in {took:.1f} s: {rate:,.0f} messages/s "
                  "(HTTPS, checks, apply, audit, signed acknowledgement recorded)")  # fmt: skip
            applied = select(func.count(InboxMessage.id)).where(InboxMessage.status == "applied")
            assert scalar(ir_url, applied) == len(ids)
            fused = wait(ir_url, select(func.count(Incident.id)), len(ids))
            print(
                f"IR's picture held all {len(ids):,} incidents {fused:.1f} s after the last acknowledgement"
            )
        finally:
            for process in (pk, ir):
                os.kill(process.pid, signal.SIGTERM)
                process.wait(timeout=60)


if __name__ == "__main__":
    main()
