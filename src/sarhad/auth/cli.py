"""``sarhad user`` and ``sarhad token``: accounts and API tokens, managed by whoever runs the node's CLI
(the operator with access to its database). Every change is audited as ``cli:<operator>``."""

from __future__ import annotations

import getpass
import sys
from typing import Annotated

import typer
from rich.table import Table

from sarhad.auth.roles import ROLE_NAMES
from sarhad.clikit import DbOption, JsonOption, err, fail, listing, open_db, out, print_json

user_app = typer.Typer(
    help="Accounts of this node: add, list, disable, enable, reset, change role.", no_args_is_help=True
)
token_app = typer.Typer(help="API tokens for scripts: create, list, revoke.", no_args_is_help=True)
RoleOption = Annotated[str, typer.Option("--role", help=f"One of: {', '.join(ROLE_NAMES)}.")]
PasswordStdin = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from standard input instead of generating one."),
]


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")


def operator() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def new_password(from_stdin: bool) -> tuple[str, bool]:
    """(password, generated)."""
    from sarhad.auth.passwords import generate_password

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n"), False
    return generate_password(), True


def account_change(db: str | None, change: object) -> None:
    from sarhad.auth.accounts import AccountError
    from sarhad.auth.passwords import WeakPassword
    from sarhad.store.db import session_scope

    with session_scope(open_db(db), write=True) as session:
        try:
            change(session)  # type: ignore[operator]
        except (AccountError, WeakPassword) as exc:
            raise fail(str(exc), code=1) from exc


@user_app.command("add")
def user_add(name: str, role: RoleOption, password_stdin: PasswordStdin = False, db: DbOption = None) -> None:
    """Add a user.

    Example: sarhad user add amina --role liaison
    """
    from sarhad.auth.accounts import add_user

    password, generated = new_password(password_stdin)
    account_change(db, lambda s: add_user(s, name, role, password, operator()))
    out.print(f"added {name} ({role})")
    if generated:
        out.print(f"password: {password}  (shown once; give it to {name} over a safe channel)")


@user_app.command("list")
def user_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Every account with its role.

    Example: sarhad user list --json
    """
    from sarhad.auth.accounts import list_users

    rows = listing(db, list_users, as_json, "No users yet: sarhad user add NAME --role ROLE")
    if not rows:
        return
    table = Table("name", "role", "status", "tokens")
    for r in rows:
        table.add_row(r["name"], r["role"], "disabled" if r["disabled"] else "active", str(r["tokens"]))
    out.print(table)


@user_app.command("disable")
def user_disable(name: str, db: DbOption = None) -> None:
    """Disable a user: their sessions end and their tokens stop working.

    Example: sarhad user disable amina
    """
    from sarhad.auth.accounts import set_disabled

    account_change(db, lambda s: set_disabled(s, name, True, operator()))
    out.print(f"disabled {name}")


@user_app.command("enable")
def user_enable(name: str, db: DbOption = None) -> None:
    """Enable a disabled user again.

    Example: sarhad user enable amina
    """
    from sarhad.auth.accounts import set_disabled

    account_change(db, lambda s: set_disabled(s, name, False, operator()))
    out.print(f"enabled {name}")


@user_app.command("reset")
def user_reset(name: str, password_stdin: PasswordStdin = False, db: DbOption = None) -> None:
    """Give a user a new password and end their sessions.

    Example: sarhad user reset amina
    """
    from sarhad.auth.accounts import reset_password

    password, generated = new_password(password_stdin)
    account_change(db, lambda s: reset_password(s, name, password, operator()))
    out.print(f"reset {name}'s password" + (f": {password}  (shown once)" if generated else ""))


@user_app.command("role")
def user_role(name: str, role: str, db: DbOption = None) -> None:
    """Change a user's role.

    Example: sarhad user role amina analyst
    """
    from sarhad.auth.accounts import set_role

    account_change(db, lambda s: set_role(s, name, role, operator()))
    out.print(f"{name} is now {role}")


@token_app.command("create")
def token_create(
    user: Annotated[str, typer.Option("--user", help="The user the token acts as.")],
    label: Annotated[str, typer.Option("--label", help="What the token is for.")] = "script",
    days: Annotated[int | None, typer.Option("--days", help="Expire after this many days.")] = None,
    db: DbOption = None,
) -> None:
    """A bearer token for scripts, printed once.

    Example: sarhad token create --user amina --days 90
    """
    from sarhad.auth.sessions import create_token

    holder: list[str] = []

    def create(session: object) -> None:
        secret, _ = create_token(session, user, label, operator(), days)  # type: ignore[arg-type]
        holder.append(secret)

    account_change(db, create)
    out.print(holder[0])
    err.print("send it as 'Authorization: Bearer <token>'; it is shown once and stored only as a hash")


@token_app.command("list")
def token_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Tokens with their user, label and expiry (never the secret).

    Example: sarhad token list
    """
    from sarhad.auth.sessions import list_tokens
    from sarhad.store.db import session_scope

    with session_scope(open_db(db)) as session:
        rows = list_tokens(session)
    if as_json:
        print_json(rows)
        return
    table = Table("id", "user", "label", "starts", "expires", "status")
    for r in rows:
        status = "revoked" if r["revoked"] else "active"
        table.add_row(
            str(r["id"]),
            str(r["user"]),
            str(r["label"]),
            f"{r['prefix']}…",
            str(r["expires_at"] or "never"),
            status,
        )
    out.print(table if rows else "No tokens.")


@token_app.command("revoke")
def token_revoke(token_id: int, db: DbOption = None) -> None:
    """Revoke a token at once.

    Example: sarhad token revoke 3
    """
    from sarhad.auth.sessions import revoke_token

    account_change(db, lambda s: revoke_token(s, token_id, operator()))
    out.print(f"revoked token {token_id}")
