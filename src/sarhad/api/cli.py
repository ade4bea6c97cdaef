"""``sarhad serve``: the web app, the API and the node's exchange endpoint on one address (wired into the
main CLI by ``register``)."""

from __future__ import annotations

import errno
import ipaddress
import socket
from typing import Annotated

import typer

from sarhad.clikit import CountriesOption


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
    """The Host headers browsers may use: a request naming another host is a DNS-rebinding page or a
    misdirected client, and gets 400 (the peer's signed /exchange/ requests are not checked). Serving
    every address adds this machine's names and the addresses they resolve to."""
    names = [*given, "localhost", "127.0.0.1", "::1", *certified]
    if bound in WILDCARDS:
        names += [socket.gethostname(), socket.getfqdn(), *own_addresses()]
    else:
        names.append(bound)
    return list(dict.fromkeys(host_form(name) for name in names if name.strip()))


def host_form(name: str) -> str:
    """A name as the Host header carries it: lower case, an IPv6 address in brackets."""
    name = name.strip().lower().removeprefix("[").removesuffix("]")
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return name
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


def own_addresses() -> list[str]:
    try:
        found = socket.getaddrinfo(socket.gethostname(), None)
    except OSError:
        return []
    return [str(info[4][0]) for info in found]


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
    countries: CountriesOption = "PK,IR",
) -> None:
    """Serve the map, incident pages, JSON API and the exchange endpoint, for the border (--countries).

    Example: sarhad serve --port 8443 --db sqlite:///sarhad.db
    """
    import uvicorn

    from sarhad.api.app import create_app
    from sarhad.share.identity import NodeError, certificate_hosts, load_node, tls_files
    from sarhad.store.db import DatabaseError, resolve_url, session_scope

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
    hosts = (
        ["*"]
        if "*" in (allowed_host or [])
        else allowed_hosts(host, allowed_host or [], certificate_hosts(node.tls_cert) if node else [])
    )
    app = create_app(
        url,
        countries=border_codes(countries),
        exchange_interval=exchange_interval if exchange else None,
        secure_cookies=files is not None,
        allowed_hosts=hosts,
    )
    scheme = "https" if files else "http"
    shown = f"[{host}]" if ":" in host else host
    who = f" as the {node.party} node" if node else " (no node identity yet: sarhad node init)"
    listening = bind(host, port)
    typer.echo(f"Sarhad is serving{who} at {scheme}://{shown}:{port}  (Ctrl+C stops it)")
    ssl_options = {"ssl_certfile": str(files[0]), "ssl_keyfile": str(files[1])} if files else {}
    config = uvicorn.Config(app, log_level="warning", **ssl_options)  # type: ignore[arg-type]
    uvicorn.Server(config).run(sockets=[listening])


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the address is announced: a port in use is one line and exit
    status 2, not an announcement followed by a failure."""
    listening = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listening.bind((host, port))
        listening.listen(2048)
    except OSError as exc:
        listening.close()
        if exc.errno == errno.EADDRINUSE:
            message = f"port {port} on {host} is in use; choose another with --port"
        else:
            message = f"cannot listen on {host}:{port}: {exc.strerror or exc}"
        typer.echo(f"error: {message}", err=True)
        raise typer.Exit(2) from exc
    return listening


def border_codes(countries: str) -> tuple[str, str]:
    """The two codes of the border served, checked against its packs (a one-line error otherwise)."""
    from sarhad.clikit import checked_border

    first, second = checked_border(countries).split("-")
    return first, second
