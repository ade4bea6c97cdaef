"""The ``sarhad`` command. Each command is a thin shell over a stage function; see DESIGN.md's contract.

This module and every stage's ``cli`` module import only typer, rich and light helpers at start-up; each
command imports its stage when it runs. A test keeps it so (tests/test_cli_first_hour.py).
"""

from __future__ import annotations

import os
from typing import Annotated

import typer

from sarhad.clikit import err

app = typer.Typer(
    name="sarhad",
    help="Sarhad: the shared border-security picture for two neighbouring states.\n\n"
    "Example: sarhad ingest src/sarhad/demo/reports && sarhad incidents",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
VERBOSE = "SARHAD_TRACEBACK"  # set by --verbose; read by main() when a command fails


@app.callback()
def root(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="On an error, print the full trace as well.")
    ] = False,
) -> None:
    """Sarhad: the shared border-security picture for two neighbouring states."""
    if verbose:
        os.environ[VERBOSE] = "1"


def register_stages() -> None:
    """Each stage owns its commands; the top-level app only gathers them."""
    from sarhad.api.cli import register as register_api
    from sarhad.auth.cli import register as register_auth
    from sarhad.commands import register as register_picture
    from sarhad.demo.cli import register as register_demo
    from sarhad.evaluate.cli import register as register_eval
    from sarhad.geo.cli import register as register_geo
    from sarhad.plan.cli import plan_app
    from sarhad.read.cli import register as register_read
    from sarhad.share.cli import register as register_share
    from sarhad.sitrep.cli import register as register_sitrep

    register_picture(app)
    register_geo(app)
    register_read(app)
    register_eval(app)
    app.add_typer(plan_app, name="plan")
    register_api(app)
    register_auth(app)
    register_share(app)
    register_sitrep(app)
    register_demo(app)


register_stages()

INTERNAL_ERROR = 3  # a bug, not the input's fault nor the database's (1: an input failed; 2: usage, database)


def main() -> None:
    """The ``sarhad`` entry point. Whatever fails under a command is one line: a database that fails
    (corrupted, gone, locked) exits 2, anything unforeseen 3; ``--verbose`` shows the trace."""
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get(VERBOSE):
            raise
        code, message = describe_failure(exc)
        err.print(f"error: {message} (--verbose shows the trace)", highlight=False, soft_wrap=True)
        raise SystemExit(code) from None


def describe_failure(exc: Exception) -> tuple[int, str]:
    from sqlalchemy.exc import DBAPIError

    from sarhad.store.db import DatabaseError, reason

    if isinstance(exc, DatabaseError):
        return 2, f"database: {exc}"
    if isinstance(exc, DBAPIError):
        return 2, f"database: {reason(exc)}"
    first = str(exc).strip().splitlines()
    return INTERNAL_ERROR, f"internal error: {type(exc).__name__}: {first[0] if first else 'no detail'}"
