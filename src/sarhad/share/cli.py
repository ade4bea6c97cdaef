"""``sarhad node``, ``sarhad exchange``, ``sarhad releasability`` and ``sarhad audit``: this node's identity
and its peer, what goes to and comes from the other party, and the audit log that records it all."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from sarhad.share import delivery
    from sarhad.store.models import Peer
import typer
from rich.table import Table

from sarhad.clikit import DbOption, JsonOption, err, fail, open_db, out, print_json

node_app = typer.Typer(
    help="This node's identity and the other party's node it trusts.", no_args_is_help=True
)
exchange_app = typer.Typer(help="Messages to and from the other party's node.", no_args_is_help=True)
releasability_app = typer.Typer(
    help="Who may see a record: national, bilateral or public.", no_args_is_help=True
)
audit_app = typer.Typer(help="The hash-chained audit log.", no_args_is_help=True)
WhoOption = Annotated[str, typer.Option("--who", help="Who decides (kept in the audit log).")]
T = TypeVar("T")


def register(app: typer.Typer) -> None:
    app.add_typer(node_app, name="node")
    app.add_typer(exchange_app, name="exchange")
    app.add_typer(releasability_app, name="releasability")
    app.add_typer(audit_app, name="audit")


def in_writer(db: str | None, action: Callable[[Session], T], *errors: type[Exception]) -> T:
    """Run ``action`` in one writer transaction; the named errors become one line and exit status 1."""
    from sarhad.share.identity import NodeError
    from sarhad.store.db import session_scope

    caught: tuple[type[Exception], ...] = (NodeError, *errors)
    with session_scope(open_db(db), write=True) as session:
        try:
            return action(session)
        except caught as exc:
            raise fail(str(exc), code=1) from exc


# --- node -------------------------------------------------------------------------------------------


@node_app.command("init")
def node_init(
    party: Annotated[str, typer.Option("--party", help="This node's party, e.g. PK.")],
    name: Annotated[str, typer.Option("--name", help="A name people recognise, e.g. 'Quetta centre'.")],
    key_dir: Annotated[
        Path, typer.Option("--key-dir", envvar="SARHAD_KEY_DIR", help="Folder for the private keys (0700).")
    ] = Path("sarhad-keys"),
    host: Annotated[
        list[str] | None, typer.Option("--host", help="Host name or address the peer will use (repeatable).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create this node's signing key and TLS certificate.

    Example: sarhad node init --party PK --name "Quetta centre"
    """
    from sarhad.auth.cli import operator
    from sarhad.share.identity import describe_node, init_node

    node = in_writer(db, lambda s: init_node(s, party, name, key_dir, host or [], operator()))
    show_node(describe_node(node), as_json)


def show_node(info: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print_json(info)
        return
    for key in ("party", "name", "key", "fingerprint", "tls_fingerprint"):
        out.print(f"{key:16} {info[key]}")


@node_app.command("show")
def node_show(
    db: DbOption = None,
    as_json: JsonOption = False,
    identity: Annotated[
        bool, typer.Option("--identity", help="Print the signed identity document to give the other party.")
    ] = False,
    url: Annotated[
        str | None, typer.Option("--url", help="The address the peer should use (with --identity).")
    ] = None,
) -> None:
    """This node's party, name and key fingerprint.

    Example: sarhad node show --identity --url https://pk.example:8443
    """
    from sarhad.share.identity import NodeError, describe_node, identity_document, require_node
    from sarhad.store.db import session_scope
    from sarhad.store.models import Peer

    with session_scope(open_db(db)) as session:
        try:
            node = require_node(session)
        except NodeError as exc:
            raise fail(str(exc), code=1) from exc
        if identity:
            print_json(identity_document(node, url))
            return
        info = describe_node(node)
        info["key_dir"] = node.key_dir
        peers = [(p.party, p.name, p.url) for p in session.query(Peer).order_by(Peer.party)]
    show_node(info, as_json)
    if not as_json:
        for party, peer_name, peer_url in peers:
            out.print(f"{'peer':16} {party} — {peer_name} at {peer_url}")


def fetch_identity(url: str) -> Any:
    """The peer's identity document; its TLS certificate is not trusted yet, its signature is what counts."""
    import httpx

    try:
        response = httpx.get(f"{url.rstrip('/')}/exchange/identity", verify=False, timeout=15)
        response.raise_for_status()
        return response.json()
    except (httpx.HTTPError, ValueError) as exc:
        raise fail(f"cannot fetch the identity of {url}: {exc}", code=1) from exc


def trust_peer(session: Session, party: str, url: str, document: Any, key: str | None) -> Peer:
    from sarhad.auth.cli import operator
    from sarhad.share.identity import NodeError, check_party, require_node, verify_identity_document
    from sarhad.store import audit
    from sarhad.store.models import Peer

    node = require_node(session)
    check_party(party)
    if party == node.party:
        raise NodeError(f"{party} is this node's own party")
    key_text = (
        key or str((document.get("identity") or {}).get("key", "")) if isinstance(document, dict) else ""
    )
    body = verify_identity_document(document, key_text, party)
    peer = session.get(Peer, party)
    if peer is None:
        peer = Peer(party=party, out_seq=0, in_seq=0, retired_keys=[])
        session.add(peer)
    elif peer.signing_key != key_text:
        peer.retired_keys = [*(peer.retired_keys or []), peer.signing_key]
    peer.name, peer.url, peer.signing_key, peer.tls_cert = (
        str(body["name"]),
        url,
        key_text,
        str(body["tls_cert"]),
    )
    session.flush()
    audit.append(
        session, operator(), "node.trust", "peer", party, {"url": url, "key": key_text, "name": peer.name}
    )
    return peer


@node_app.command("trust")
def node_trust(
    party: Annotated[str, typer.Option("--party", help="The other party, e.g. IR.")],
    url: Annotated[
        str, typer.Option("--url", help="The other node's address, e.g. https://ir.example:8443.")
    ],
    key: Annotated[
        str, typer.Option("--key", help="Its signing key (ed25519:…), as its administrators gave it you.")
    ],
    identity: Annotated[
        Path | None,
        typer.Option(
            "--identity", help="Its identity document (sarhad node show --identity) instead of fetching it."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Trust the other party's node by its key.

    Example: sarhad node trust --party IR --url https://ir:8443 --key ed25519:…
    """
    if key is None and identity is None:
        raise fail(
            "give the peer's key (--key), checked against the identity it serves, or its --identity file"
        )
    if identity is not None:
        try:
            document = json.loads(identity.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise fail(f"{identity}: not a readable identity document: {exc}", code=1) from exc
    else:
        document = fetch_identity(url)
    peer = in_writer(db, lambda s: trust_peer(s, party, url, document, key))
    out.print(f"trusting {peer.party} ({peer.name}) at {peer.url}")


@node_app.command("rotate-key")
def node_rotate(db: DbOption = None) -> None:
    """Replace this node's signing key; the peer learns it from a message signed by the old key.

    Example: sarhad node rotate-key
    """
    from sarhad.auth.cli import operator
    from sarhad.share.rotation import rotate_key

    old, new = in_writer(db, lambda s: rotate_key(s, operator()))
    out.print(f"new key {new}\nold key {old} retired; the peer learns of it with the next delivery")


@node_app.command("defaults")
def node_defaults(
    kind: Annotated[str | None, typer.Option("--kind", help="news, field_report or liaison")] = None,
    releasability: Annotated[
        str | None, typer.Option("--releasability", help="national, bilateral or public")
    ] = None,
    db: DbOption = None,
) -> None:
    """Show or set the releasability new reports of a kind get.

    Example: sarhad node defaults --kind news --releasability bilateral
    """

    from sarhad.auth.cli import operator
    from sarhad.share.identity import NodeError, require_node
    from sarhad.share.policy import DEFAULTS, default_for
    from sarhad.share.releasability import ReleasabilityError, check_level
    from sarhad.store import audit

    def change(session: Session) -> dict[str, str]:
        node = require_node(session)
        settings = dict(node.settings or {})
        if kind is not None or releasability is not None:
            if kind not in DEFAULTS or releasability is None:
                raise NodeError(f"give --kind ({', '.join(DEFAULTS)}) and --releasability together")
            check_level(releasability)
            settings["releasability_defaults"] = {
                **settings.get("releasability_defaults", {}),
                kind: releasability,
            }
            node.settings = settings
            audit.append(
                session, operator(), "node.defaults", "node", node.party, {"kind": kind, "to": releasability}
            )
        return {k: default_for(k, settings) for k in DEFAULTS}

    for name, level in in_writer(db, change, ReleasabilityError).items():
        out.print(f"{name:14} {level}")


# --- exchange ---------------------------------------------------------------------------------------


@exchange_app.command("status")
def exchange_status(db: DbOption = None, as_json: JsonOption = False) -> None:
    """This node, its peer and message counts each way.

    Example: sarhad exchange status
    """
    from sarhad.share.status import overview
    from sarhad.store.db import session_scope

    with session_scope(open_db(db)) as session:
        info = overview(session, 0)
    if as_json:
        print_json({k: info[k] for k in ("node", "peers", "counts")})
        return
    if info["node"] is None:
        raise fail("this database has no node yet; run `sarhad node init`", code=1)
    out.print(f"node {info['node']['party']} ({info['node']['name']}), key {info['node']['fingerprint']}")
    for peer in info["peers"]:
        out.print(
            f"peer {peer['party']} ({peer['name']}) at {peer['url']}: "
            f"{peer['sent']} sent, {peer['received']} received"
        )
    out.print(f"outbox: {info['counts']['outbox'] or 'empty'}; inbox: {info['counts']['inbox']}")


def message_table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> Table:
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    return table


@exchange_app.command("outbox")
def exchange_outbox(db: DbOption = None, as_json: JsonOption = False, limit: int = 50) -> None:
    """Messages to the other party and whether it acknowledged them.

    Example: sarhad exchange outbox --json
    """
    from sarhad.share.outbox import list_outbox
    from sarhad.store.db import session_scope

    with session_scope(open_db(db)) as session:
        rows = list_outbox(session, limit)
    if as_json:
        print_json(rows)
        return
    out.print(
        message_table(rows, ("seq", "peer", "kind", "summary", "status", "attempts", "last_error"))
        if rows
        else "Outbox empty."
    )


@exchange_app.command("inbox")
def exchange_inbox(db: DbOption = None, as_json: JsonOption = False, limit: int = 50) -> None:
    """Messages from the other party, applied or refused, and deliveries refused before they counted.

    Example: sarhad exchange inbox --json
    """
    from sarhad.share.status import list_inbox, list_rejections
    from sarhad.store.db import session_scope

    with session_scope(open_db(db)) as session:
        rows, refused = list_inbox(session, limit), list_rejections(session, limit)
    if as_json:
        print_json({"inbox": rows, "rejections": refused})
        return
    out.print(
        message_table(rows, ("seq", "peer", "kind", "summary", "status", "reason"))
        if rows
        else "Inbox empty."
    )
    if refused:
        out.print(message_table(refused, ("at", "peer", "seq", "reason")))


@exchange_app.command("share")
def exchange_share(
    incident_id: str,
    who: WhoOption,
    preview: Annotated[
        bool, typer.Option("--preview", help="Show what would be sent; send nothing.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Queue an incident for the other party, as releasability allows.

    Example: sarhad exchange share inc-1a2b --who amina --preview
    """
    from sarhad.share import incidents
    from sarhad.share.releasability import NotReleasable

    if preview:
        release = in_writer(db, lambda s: incidents.preview(s, incident_id), NotReleasable)
        print_json({"payload": release.incident.wire(), "withheld": release.withheld})
        return
    message = in_writer(db, lambda s: incidents.share_incident(s, incident_id, f"cli:{who}"), NotReleasable)
    out.print(f"queued message {message.seq} to {message.peer} ({message.id})")


@exchange_app.command("push")
def exchange_push(
    db: DbOption = None,
    force: Annotated[bool, typer.Option("--force", help="Do not wait for the retry delay.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Deliver what is queued now (sarhad serve does this in the background).

    Example: sarhad exchange push
    """
    from sarhad.share import delivery
    from sarhad.share.identity import NodeError

    url = open_db(db)
    total = delivery.Result()
    try:
        while True:
            result = delivery.push(url, force=force)
            for name in ("sent", "delivered", "rejected", "requeued"):
                setattr(total, name, getattr(total, name) + getattr(result, name))
            total.error = result.error
            if not result.sent or result.error or not (result.delivered or result.requeued):
                break
    except NodeError as exc:
        raise fail(str(exc), code=1) from exc
    report(total, as_json)


def report(result: delivery.Result, as_json: bool) -> None:
    if as_json:
        print_json(result.as_dict())
    else:
        out.print(
            f"sent {result.sent}, delivered {result.delivered}, "
            f"rejected {result.rejected}, requeued {result.requeued}"
        )
        for note in result.notes:
            err.print(note)
    if result.error:
        raise fail(result.error, code=1)


@exchange_app.command("pull")
def exchange_pull(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Fetch and apply what the other node has queued for this one, when it cannot push.

    Example: sarhad exchange pull
    """
    from sarhad.share import delivery
    from sarhad.share.identity import NodeError

    try:
        result = delivery.pull(open_db(db))
    except NodeError as exc:
        raise fail(str(exc), code=1) from exc
    report(result, as_json)


@exchange_app.command("resend")
def exchange_resend(
    from_seq: Annotated[int, typer.Option("--from", min=1, help="First sequence number to send again.")] = 1,
    db: DbOption = None,
) -> None:
    """Queue messages again from a sequence number on (the peer ignores what it has).

    Example: sarhad exchange resend --from 12
    """
    from sarhad.auth.cli import operator
    from sarhad.share.outbox import resend

    count = in_writer(db, lambda s: resend(s, operator(), from_seq=from_seq))
    out.print(f"{count} message(s) queued again")


# --- releasability ----------------------------------------------------------------------------------


@releasability_app.command("set")
def releasability_set(
    record: Annotated[str, typer.Argument(help="incident or report")],
    record_id: str,
    level: Annotated[str, typer.Argument(help="national, bilateral or public")],
    who: WhoOption,
    why: Annotated[str, typer.Option("--why", help="Why (kept in the audit log).")],
    db: DbOption = None,
) -> None:
    """Widen or narrow a record explicitly.

    Example: sarhad releasability set incident inc-1a2b bilateral --who amina --why "agreed with IR"
    """
    from sarhad.share.releasability import (
        ReleasabilityError,
        set_incident_releasability,
        set_report_releasability,
    )

    setters = {"incident": set_incident_releasability, "report": set_report_releasability}
    if record not in setters:
        raise fail("the record is 'incident' or 'report'")
    in_writer(db, lambda s: setters[record](s, record_id, level, f"cli:{who}", why), ReleasabilityError)
    out.print(f"{record} {record_id} is now {level}")


# --- audit ------------------------------------------------------------------------------------------


@audit_app.command("verify")
def audit_verify(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Check the whole chain; exit status 1 if any entry was edited, removed or reordered.

    Example: sarhad audit verify
    """
    from sarhad.store import audit
    from sarhad.store.db import session_scope

    with session_scope(open_db(db)) as session:
        verdict = audit.verify(session)
    if as_json:
        print_json(
            {
                "entries": verdict.entries,
                "head": verdict.head,
                "intact": verdict.intact,
                "findings": [str(f) for f in verdict.findings],
            }
        )
    elif verdict.intact:
        out.print(f"audit log intact: {verdict.entries} entries, head {verdict.head[:16]}…")
    else:
        for finding in verdict.findings:
            err.print(f"audit: {finding}")
    if not verdict.intact:
        raise typer.Exit(1)


@audit_app.command("list")
def audit_list(
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: int = 50,
    action: Annotated[
        str | None, typer.Option("--action", help="Only actions starting with this, e.g. login.")
    ] = None,
) -> None:
    """The newest audit entries.

    Example: sarhad audit list --action exchange --limit 20
    """
    from sarhad.store import audit
    from sarhad.store.db import session_scope

    with session_scope(open_db(db)) as session:
        rows = audit.recent(session, limit, action)
    if as_json:
        print_json(rows)
        return
    table = Table("#", "when", "who", "action", "record", "detail")
    for r in rows:
        table.add_row(
            str(r["seq"]),
            r["at"][:19],
            r["actor"],
            r["action"],
            f"{r['record_kind'] or ''} {r['record_id'] or ''}",
            json.dumps(r["detail"], ensure_ascii=False)[:80],
        )
    out.print(table if rows else "The audit log is empty.")
