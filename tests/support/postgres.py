"""A throw-away PostgreSQL server for the tests: initdb in a temp dir, private socket, stopped at exit.

Uses Debian's server binaries (``postgresql`` package). As root, the server runs as the ``postgres``
system user, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg


class PostgresUnavailable(RuntimeError):
    pass


def find_bindir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name))
    if os.environ.get("SARHAD_PG_BINDIR"):
        candidates.append(os.environ["SARHAD_PG_BINDIR"])
    for directory in reversed(candidates):
        if (Path(directory) / "initdb").exists():
            return Path(directory)
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise PostgresUnavailable("PostgreSQL server binaries not found; run `make test` (it installs them)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(argv: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return argv
    return ["runuser", "-u", "postgres", "--", *argv]


@contextmanager
def temporary_server() -> Iterator[str]:
    """Yield the admin URL (SQLAlchemy form) of a fresh server that lives for the block."""
    bindir = find_bindir()
    root = Path(tempfile.mkdtemp(prefix="sarhad-pg-"))
    data, sock = root / "data", root / "sock"
    data.mkdir()
    sock.mkdir()
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        for path in (root, data, sock):
            os.chown(path, user.pw_uid, user.pw_gid)
    port = free_port()
    db_user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name

    def run(argv: list[str]) -> None:
        subprocess.run(_as_server_user(argv), check=True, capture_output=True)

    try:
        run(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                db_user,
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C",
            ]
        )
        options = (
            f"-c listen_addresses='' -k {sock} -p {port} -c fsync=off -c full_page_writes=off"
            " -c max_connections=300"  # servers started by tests keep their own pools
        )
        run([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"])
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(root, ignore_errors=True)
        raise PostgresUnavailable(
            f"could not start PostgreSQL: {exc.stderr.decode(errors='replace')}"
        ) from exc
    try:
        yield f"postgresql+psycopg://{db_user}@/postgres?host={sock}&port={port}"
    finally:
        subprocess.run(
            _as_server_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


def create_database(admin_url: str, name: str) -> str:
    """Create database ``name`` on the server and return its URL."""
    conninfo = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url.replace("/postgres?", f"/{name}?")


def dump(url: str) -> bytes:
    """Every byte a database holds, as text: pg_dump for PostgreSQL, the files themselves for SQLite."""
    from urllib.parse import parse_qs, urlsplit

    if url.startswith("sqlite"):
        path = Path(url.split("///", 1)[1])
        return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())
    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://"))
    query = parse_qs(parts.query)
    argv = [
        str(find_bindir() / "pg_dump"),
        "-h", query["host"][0], "-p", query["port"][0], "-U", parts.username or "postgres",
        parts.path.lstrip("/"),
    ]  # fmt: skip
    return subprocess.run(argv, check=True, capture_output=True).stdout
