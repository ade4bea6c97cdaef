"""Two real nodes for the exchange tests: each its own database and key folder, set up in-process (fast)
and served by a real ``sarhad serve`` process over TLS on loopback, killed with SIGKILL when a test says so.
"""

from __future__ import annotations

import json
import os
import signal
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from sarhad.share.identity import identity_document, init_node, require_node
from sarhad.store.db import session_scope
from support.auth import token_for
from support.postgres import free_port

SARHAD = [sys.executable, "-m", "sarhad"]


@dataclass
class Node:
    party: str
    db_url: str
    folder: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / f"serve-{self.starts}.log"

    def init(self) -> None:
        with session_scope(self.db_url, write=True) as session:
            init_node(session, self.party, f"{self.party} test centre", self.folder / "keys", [], "test")

    def identity(self) -> dict[str, Any]:
        with session_scope(self.db_url) as session:
            return identity_document(require_node(session), self.base)

    def cert(self) -> str:
        with session_scope(self.db_url) as session:
            return require_node(session).tls_cert

    def cli(
        self, *args: str, env: dict[str, str] | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*SARHAD, *args, "--db", self.db_url],
            capture_output=True,
            text=True,
            env={**os.environ, **(env or {})},
            timeout=120,
        )
        if check and result.returncode != 0:
            raise AssertionError(f"sarhad {' '.join(args)} failed ({result.returncode}): {result.stderr}")
        return result

    def start(self, fault: str | None = None, interval: float = 0.1) -> None:
        self.starts += 1
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        env.pop("SARHAD_FAULT", None)
        if fault:
            env["SARHAD_FAULT"] = fault
        argv = [
            *SARHAD,
            "serve",
            "--port",
            str(self.port),
            "--db",
            self.db_url,
            "--exchange-interval",
            str(interval),
        ]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if fault:  # it may reach its crash point before it answered a health check
                    return
                raise AssertionError(f"{self.party} node exited: {self.log.read_text()}")
            try:
                if httpx.get(f"{self.base}/healthz", verify=False, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise AssertionError(f"{self.party} node did not start: {self.log.read_text()}")

    def kill(self) -> None:
        """SIGKILL, as kill -9 does: no shutdown handler runs."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def wait_exit(self, timeout: float = 60) -> int:
        assert self.process is not None
        return self.process.wait(timeout=timeout)

    def pinned(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cadata=self.cert())
        context.check_hostname = False
        return context

    @contextmanager
    def client(self, role: str = "viewer", name: str | None = None) -> Iterator[httpx.Client]:
        """A client with a bearer token of ``role``, trusting exactly this node's certificate."""
        token = token_for(self.db_url, role, name)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=self.base, verify=self.pinned(), timeout=60, headers=headers) as client:
            yield client


def trust_each_other(a: Node, b: Node) -> None:
    """Each node trusts the other by its identity document, as `sarhad node trust --identity` does."""
    for this, other in ((a, b), (b, a)):
        document = other.folder / "identity.json"
        document.write_text(json.dumps(other.identity()))
        key = other.identity()["identity"]["key"]
        this.cli(
            "node",
            "trust",
            "--party",
            other.party,
            "--url",
            other.base,
            "--key",
            key,
            "--identity",
            str(document),
        )


def make_pair(tmp: Path, pk_url: str, ir_url: str) -> tuple[Node, Node]:
    pk = Node("PK", pk_url, tmp / "pk")
    ir = Node("IR", ir_url, tmp / "ir")
    for node in (pk, ir):
        node.folder.mkdir(parents=True)
        node.init()
    trust_each_other(pk, ir)
    return pk, ir


def wait_for(condition: Any, timeout: float = 60, every: float = 0.1, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
