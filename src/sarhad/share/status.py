"""The exchange as people see it: this node, its peer, and the messages each way with their outcome."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sarhad.share.identity import cert_fingerprint, describe_node, fingerprint, load_node
from sarhad.share.kinds import summary
from sarhad.share.outbox import list_outbox
from sarhad.store.models import ExchangeRejection, InboxMessage, OutboxMessage, Peer


def peer_row(peer: Peer) -> dict[str, Any]:
    return {
        "party": peer.party,
        "name": peer.name,
        "url": peer.url,
        "key": peer.signing_key,
        "fingerprint": fingerprint(peer.signing_key),
        "tls_fingerprint": cert_fingerprint(peer.tls_cert),
        "retired_keys": len(peer.retired_keys or []),
        "sent": peer.out_seq,
        "received": peer.in_seq,
        "trusted_at": peer.trusted_at.isoformat(),
    }


def list_inbox(session: Session, limit: int = 200) -> list[dict[str, Any]]:
    rows = session.scalars(select(InboxMessage).order_by(InboxMessage.id.desc()).limit(limit))
    return [
        {
            "id": row.message_id,
            "peer": row.peer,
            "seq": row.seq,
            "kind": row.kind,
            "summary": summary(row.kind, json.loads(row.envelope).get("payload", {})),
            "subject": row.subject,
            "received_at": row.received_at.isoformat(),
            "status": row.status,
            "reason": row.reason,
        }
        for row in rows
    ]


def list_rejections(session: Session, limit: int = 200) -> list[dict[str, Any]]:
    rows = session.scalars(select(ExchangeRejection).order_by(ExchangeRejection.id.desc()).limit(limit))
    return [
        {
            "at": row.at.isoformat(),
            "peer": row.peer,
            "id": row.message_id,
            "seq": row.seq,
            "kind": row.kind,
            "reason": row.reason,
            "size": row.size,
            "digest": row.digest,
        }
        for row in rows
    ]


def counts(session: Session) -> dict[str, dict[str, int]]:
    out = dict(
        session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all()
    )
    inn = dict(session.execute(select(InboxMessage.status, func.count()).group_by(InboxMessage.status)).all())
    refused = session.scalar(select(func.count(ExchangeRejection.id))) or 0
    return {"outbox": dict(out), "inbox": {**inn, "refused_unsequenced": refused}}


def overview(session: Session, limit: int = 200) -> dict[str, Any]:
    node = load_node(session)
    return {
        "node": describe_node(node) if node else None,
        "peers": [peer_row(p) for p in session.scalars(select(Peer).order_by(Peer.party))],
        "counts": counts(session),
        "outbox": list_outbox(session, limit),
        "inbox": list_inbox(session, limit),
        "rejections": list_rejections(session, limit),
    }
