"""``sarhad demo``: a demo node for ``make run`` and a PK–IR pair for ``make run-pair``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sarhad.clikit import DbOption, fail, open_db, out

demo_app = typer.Typer(
    help="Demonstrations on this machine: a demo node, or two nodes side by side.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(demo_app, name="demo")


@demo_app.command("node")
def demo_node_command(
    party: Annotated[str, typer.Option("--party", help="The party this demo node serves.")] = "PK",
    key_dir: Annotated[Path, typer.Option("--key-dir", help="Folder for its keys and demo logins.")] = Path(
        "sarhad-keys"
    ),
    url: Annotated[
        str, typer.Option("--url", help="Where it will be served, for the printed logins.")
    ] = "http://127.0.0.1:8000",
    db: DbOption = None,
) -> None:
    """Give this database a node identity and one demo user per role, and print their logins.

    Example: sarhad demo node --party PK --db sqlite:///sarhad.db
    """
    from sarhad.demo.nodes import demo_node, print_logins
    from sarhad.share.identity import NodeError

    try:
        node, logins = demo_node(open_db(db), party, key_dir)
    except NodeError as exc:
        raise fail(str(exc), code=1) from exc
    out.print(f"Demo logins (kept in {Path(node.key_dir) / 'demo-logins.txt'}):")
    print_logins(url, node.party, logins)


@demo_app.command("pair")
def demo_pair_command(
    folder: Annotated[
        Path, typer.Option("--dir", help="Where the two nodes keep their databases and keys.")
    ] = Path("demo-pair"),
    base_port: Annotated[
        int, typer.Option("--base-port", min=1, max=65534, help="PK serves here, IR on the next port.")
    ] = 8001,
    interval: Annotated[
        float, typer.Option("--exchange-interval", help="Seconds between exchange rounds.")
    ] = 1.0,
) -> None:
    """Start a PK node and an IR node on two local ports, trusting each other, with demo users.

    Example: sarhad demo pair --base-port 8001
    """
    from sarhad.demo.nodes import run_pair

    raise typer.Exit(run_pair(folder, base_port, interval))
