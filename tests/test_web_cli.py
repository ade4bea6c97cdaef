"""`sarhad serve` as registered on a Typer app: its options, and a clear error for a bad database URL."""

from __future__ import annotations

import typer
from typer.testing import CliRunner

from sarhad.api.cli import register


def cli() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("version")
    def version() -> None:  # a second command keeps Typer from collapsing the app into `serve`
        typer.echo("0")

    return app


def test_serve_offers_host_port_and_db() -> None:
    result = CliRunner().invoke(cli(), ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--db", "127.0.0.1", "8000"):
        assert option in result.output


def test_serve_refuses_a_bad_database_url_clearly() -> None:
    result = CliRunner().invoke(cli(), ["serve", "--db", "mysql://nobody@nowhere/x"])
    assert result.exit_code == 2
    assert "only sqlite and postgresql are supported" in result.output
