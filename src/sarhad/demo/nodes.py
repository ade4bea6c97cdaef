"""Demo nodes: ``sarhad demo node`` gives the database of ``make run`` a node identity and one demo user
per role; ``sarhad demo pair`` starts a PK node and an IR node on two local ports, trusting each other,
so a person can share from one and watch it arrive in the other.

Demo passwords are random, kept in ``demo-logins.txt`` beside the node's keys (0600) and printed at each
start; they are for a demonstration on loopback, never for a deployment.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from sarhad.auth.accounts import add_user, reset_password
from sarhad.auth.passwords import generate_password
from sarhad.auth.roles import ROLE_NAMES
from sarhad.share.identity import identity_document, init_node, load_node, verify_identity_document
from sarhad.store.db import session_scope
from sarhad.store.models import AppUser, NodeIdentity, Peer

LOGINS = "demo-logins.txt"
NAMES = {"PK": "Quetta coordination centre (demo)", "IR": "Zahedan coordination centre (demo)"}
ACTOR = "demo"


def demo_node(url: str, party: str, key_dir: Path) -> tuple[NodeIdentity, dict[str, str]]:
    """The node of ``url`` (created in ``key_dir`` if it has none) and its demo logins, name -> password."""
    with session_scope(url, write=True) as session:
        node = load_node(session) or init_node(
            session, party, NAMES.get(party, f"{party} (demo)"), key_dir, [], ACTOR
        )
        logins = demo_users(session, Path(node.key_dir))
        session.expunge(node)
    return node, logins


def demo_users(session: Session, key_dir: Path) -> dict[str, str]:
    """One user per role, named demo-<role>; passwords kept in key_dir/demo-logins.txt (0600)."""
    path = key_dir / LOGINS
    saved = json.loads(path.read_text()) if path.exists() else {}
    existing = set(session.scalars(select(AppUser.name)))
    logins = {}
    for role in ROLE_NAMES:
        name = f"demo-{role}"
        password = saved.get(name)
        if name not in existing:
            password = password or generate_password()
            add_user(session, name, role, password, ACTOR)
        elif password is None:  # the file was lost: demo accounts only, so give them new passwords
            password = generate_password()
            reset_password(session, name, password, ACTOR)
        logins[name] = password
    if logins != saved:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(logins, handle, indent=1)
    return logins


def trust(url: str, peer_url: str, document: dict[str, object]) -> None:
    """Trust the peer described by its signed identity document (as `sarhad node trust --identity`)."""
    body = document["identity"]
    assert isinstance(body, dict)
    key, party = str(body["key"]), str(body["party"])
    checked = verify_identity_document(document, key, party)
    with session_scope(url, write=True) as session:
        peer = session.get(Peer, party) or Peer(party=party, out_seq=0, in_seq=0, retired_keys=[])
        peer.name, peer.url, peer.signing_key, peer.tls_cert = (
            str(checked["name"]),
            peer_url,
            key,
            str(checked["tls_cert"]),
        )
        session.add(peer)


def print_logins(base: str, party: str, logins: dict[str, str]) -> None:
    print(f"  {party} node: {base}")
    for name, password in logins.items():
        print(f"      {name:16} {password}")


def ingest_demo(url: str, only_news: bool) -> None:
    """The demo reports into ``url``: all, or only published news (which the other side reads too)."""
    from sarhad.intake.ingest import ingest
    from sarhad.pipeline import process

    folder = Path(__file__).parent / "reports"
    # The node's own messages are the files named field_* and liaison_* in the demo folder.
    inputs = sorted(
        p for p in folder.iterdir() if not (only_news and p.name.startswith(("field", "liaison")))
    )
    ingest(inputs, url)
    process(url)


def run_pair(folder: Path, base_port: int, interval: float) -> int:
    """Set up (once) and serve a PK and an IR node until Ctrl+C."""
    folder.mkdir(parents=True, exist_ok=True)
    sides = {"PK": base_port, "IR": base_port + 1}
    urls = {party: f"sqlite:///{folder / party.lower()}.db" for party in sides}
    bases = {party: f"https://127.0.0.1:{port}" for party, port in sides.items()}
    logins = set_up_pair(folder, urls, bases)
    processes = []
    for party, port in sides.items():
        argv = [sys.executable, "-m", "sarhad", "serve", "--db", urls[party], "--port", str(port),
                "--exchange-interval", str(interval)]  # fmt: skip
        processes.append(subprocess.Popen(argv))
    time.sleep(3)
    print("\nTwo nodes are running (self-signed certificates: accept the browser's warning once per node).")
    for party in sides:
        print_logins(bases[party], party, logins[party])
    print("\nSign in to PK as demo-liaison, open an incident, 'Share with the other party…', send it;")
    print("then sign in to IR and watch it arrive (marked 'from PK') on the Exchange and Incidents pages.")
    print("Ctrl+C stops both.")
    serve_until_interrupted(processes)
    return 0


def set_up_pair(folder: Path, urls: dict[str, str], bases: dict[str, str]) -> dict[str, dict[str, str]]:
    """Each side's node and its demo logins (party -> name -> password); a side's reports are ingested
    when its database is new, and each side trusts the other at the address it is about to serve on."""
    logins: dict[str, dict[str, str]] = {}
    for party in urls:
        fresh = not (folder / f"{party.lower()}.db").exists()
        _, logins[party] = demo_node(urls[party], party, folder / f"{party.lower()}-keys")
        if fresh:
            ingest_demo(urls[party], only_news=party == "IR")
    for party, other in (("PK", "IR"), ("IR", "PK")):
        with session_scope(urls[other]) as session:
            document = identity_document(load_node(session), bases[other])  # type: ignore[arg-type]
        trust(urls[party], bases[other], document)
    return logins


def serve_until_interrupted(processes: list[subprocess.Popen[bytes]]) -> None:
    """Wait until Ctrl+C or until a node stops, then stop the others as Ctrl+C would (SIGINT)."""
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
    for process in processes:
        process.wait(timeout=30)
