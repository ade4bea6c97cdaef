"""``sarhad serve``: the web app, the API and the node's exchange endpoint on one address (wired into the
main CLI by ``register``)."""

from __future__ import annotations

import ipaddress
import socket
from typing import Annotated

import typer

from sarhad.store.db import DatabaseError, resolve_url


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


WILDCARDS = ("0.0.0.0", "::", "")


def allowed_hosts(bound: str, given: list[str], certified: list[str]) -> list[str]:
    """The Host headers to answer: a request naming another host is a DNS-rebinding page or a
    misdirected client, and gets 400. Serving every address adds this machine's own names."""
    names = [*given, "localhost", "127.0.0.1", "::1", *certified]
    if bound in WILDCARDS:
        names += [socket.gethostname(), socket.getfqdn()]
    else:
        names.append(bound)
    return list(dict.fromkeys(name.strip().lower() for name in names if name.strip()))


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="SARHAD_DATABASE_URL", help="Database URL (default: sqlite:///sarhad.db)."
        ),
    ] = None,
    tls: Annotated[
        bool | None,
        typer.Option(
            "--tls/--no-tls", help="HTTPS with the node's certificate (default: on once the node has one)."
        ),
    ] = None,
    exchange_interval: Annotated[
        float, typer.Option(min=0.05, max=3600, help="Seconds between the exchange worker's rounds.")
    ] = 2.0,
    exchange: Annotated[
        bool,
        typer.Option("--exchange/--no-exchange", help="Deliver to and fuse from the peer in the background."),
    ] = True,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            envvar="SARHAD_ALLOWED_HOSTS",
            help="A Host name clients use to reach this server (repeatable; '*' for any). By default: the "
            "address served, loopback names, and the names in the node's certificate.",
        ),
    ] = None,
) -> None:
    """Serve the map, incident pages, JSON API and the exchange endpoint. Example: sarhad serve --port 8443"""
    import uvicorn

    from sarhad.api.app import create_app
    from sarhad.share.identity import NodeError, certificate_hosts, load_node, tls_files
    from sarhad.store.db import session_scope

    try:
        url = resolve_url(db)
        with session_scope(url) as session:
            node = load_node(session)
            files = tls_files(node) if node is not None and tls is not False else None
    except (DatabaseError, NodeError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    if tls and files is None:
        typer.echo("error: --tls needs a node certificate; run `sarhad node init` first", err=True)
        raise typer.Exit(2)
    if files is None and node is not None and not loopback(host):
        typer.echo(f"warning: serving {host} without TLS; sign-in and the exchange travel in clear", err=True)
    hosts = allowed_hosts(host, allowed_host or [], certificate_hosts(node.tls_cert) if node else [])
    app = create_app(
        url,
        exchange_interval=exchange_interval if exchange else None,
        secure_cookies=files is not None,
        allowed_hosts=hosts,
    )
    scheme = "https" if files else "http"
    shown = f"[{host}]" if ":" in host else host
    who = f" as the {node.party} node" if node else " (no node identity yet: sarhad node init)"
    typer.echo(f"Sarhad is serving{who} at {scheme}://{shown}:{port}  (Ctrl+C stops it)")
    ssl_options = {"ssl_certfile": str(files[0]), "ssl_keyfile": str(files[1])} if files else {}
    uvicorn.run(app, host=host, port=port, log_level="warning", **ssl_options)  # type: ignore[arg-type]
