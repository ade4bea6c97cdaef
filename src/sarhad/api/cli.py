"""``sarhad serve``: the web app and API on one address (wired into the main CLI by ``register``)."""

from __future__ import annotations

from typing import Annotated

import typer

from sarhad.store.db import DatabaseError, resolve_url


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="SARHAD_DATABASE_URL", help="Database URL (default: sqlite:///sarhad.db)."
        ),
    ] = None,
) -> None:
    """Serve the map, incident pages and JSON API (OpenAPI at /openapi.json)."""
    import uvicorn

    from sarhad.api.app import create_app

    try:
        app = create_app(resolve_url(db))
    except DatabaseError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Sarhad is serving the border picture at http://{shown}:{port}  (Ctrl+C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
