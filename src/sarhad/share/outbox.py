"""The sending side's queue: each message gets the next sequence number for its peer and is signed once,
when it is queued; delivery (sarhad.share.delivery) sends the stored bytes until the peer acknowledges."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sarhad.share.envelope import seal
from sarhad.share.identity import NodeError, require_node
from sarhad.store import audit
from sarhad.store.models import OutboxMessage, Peer, utcnow


def the_peer(session: Session, party: str | None = None, lock: bool = False) -> Peer:
    """The other party's node (the only peer, unless ``party`` names one)."""
    query = select(Peer).order_by(Peer.party)
    if party:
        query = query.where(Peer.party == party)
    if lock and session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    peers = list(session.scalars(query))
    if not peers:
        who = f"peer {party} is not" if party else "no peer is"
        raise NodeError(f"{who} trusted yet; run `sarhad node trust --party XX --url URL --key KEY`")
    if len(peers) > 1:
        raise NodeError(f"this node trusts {len(peers)} peers; say which with --peer")
    return peers[0]


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any],
    actor: str,
    subject: str | None = None,
    peer: str | None = None,
) -> OutboxMessage:
    """Sign and queue one message; call in a writer session (sequence numbers must not repeat)."""
    node = require_node(session)
    target = the_peer(session, peer, lock=True)
    target.out_seq += 1
    envelope, text = seal(node, target.party, target.out_seq, kind, payload)
    row = OutboxMessage(
        id=envelope.id,
        peer=target.party,
        seq=envelope.seq,
        kind=kind,
        subject=subject,
        envelope=text,
        status="pending",
        attempts=0,
        next_attempt_at=utcnow(),
    )
    session.add(row)
    session.flush()
    detail = {"to": target.party, "seq": row.seq, "kind": kind, "subject": subject, "bytes": len(text)}
    audit.append(session, actor, "exchange.queue", "message", row.id, detail)
    return row


def resend(session: Session, actor: str, peer: str | None = None, from_seq: int = 1) -> int:
    """Queue again every message to the peer from ``from_seq`` on (the peer ignores what it has)."""
    target = the_peer(session, peer)
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.peer == target.party, OutboxMessage.seq >= from_seq)
        .values(status="pending", next_attempt_at=utcnow(), attempts=0)
        .execution_options(synchronize_session=False)
    )
    count = int(result.rowcount or 0)  # type: ignore[attr-defined]
    audit.append(
        session, actor, "exchange.resend", "peer", target.party, {"from": from_seq, "messages": count}
    )
    return count


def message_row(row: OutboxMessage) -> dict[str, Any]:
    from sarhad.share.kinds import summary

    return {
        "id": row.id,
        "peer": row.peer,
        "seq": row.seq,
        "kind": row.kind,
        "summary": summary(row.kind, json.loads(row.envelope).get("payload", {})),
        "subject": row.subject,
        "created_at": _iso(row.created_at),
        "status": row.status,
        "attempts": row.attempts,
        "next_attempt_at": _iso(row.next_attempt_at),
        "delivered_at": _iso(row.delivered_at),
        "last_error": row.last_error,
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def list_outbox(session: Session, limit: int = 200, status: str | None = None) -> list[dict[str, Any]]:
    query = select(OutboxMessage).order_by(OutboxMessage.peer, OutboxMessage.seq.desc()).limit(limit)
    if status:
        query = query.where(OutboxMessage.status == status)
    return [message_row(row) for row in session.scalars(query)]
