"""The receiving side: every envelope that reaches this node is checked, then applied exactly once or
refused with a reason, and answered with a signed acknowledgement.

Checks, in order: JSON and envelope shape; addressed to this node; sent by the trusted peer; signed by its
current key; a message already applied (answered again with its original acknowledgement, no second
effect); time window; sequence (a gap asks for a resend from the first missing number). A message that
passes takes its sequence number and is applied inside the transaction that records it; if its kind is
unknown or its payload invalid it still takes the number, refused with the reason, so the sender can go
on. Every refusal is recorded (table exchange_rejection or inbox_message) and audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from sarhad.canonical import canonical
from sarhad.faults import crash_point
from sarhad.share.envelope import (
    ACK,
    CONTROL_KINDS,
    MAX_ENVELOPE_BYTES,
    BadMessage,
    Envelope,
    claimed,
    parse,
    seal,
    signature_valid,
    validate,
)
from sarhad.share.identity import PARTY, fingerprint, require_node
from sarhad.share.kinds import ApplyError, Received, registry
from sarhad.store import audit
from sarhad.store.db import session_scope
from sarhad.store.models import ExchangeRejection, InboxMessage, NodeIdentity, Peer, utcnow

log = logging.getLogger(__name__)
MAX_BATCH = 500
MAX_BODY = 16_000_000
CLOCK_SKEW = dt.timedelta(minutes=5)
MAX_AGE = dt.timedelta(days=30)  # a message queued through a month-long outage is still accepted
UNKNOWN_PARTY = "ZZ"  # ISO 3166 user-assigned: the receiver of an acknowledgement to an unnamed sender


class Refused(Exception):
    """A message refused before it takes a sequence number."""

    def __init__(self, reason: str, expected: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.expected = expected


@dataclass(frozen=True)
class Answer:
    status: str  # applied | duplicate | rejected
    ack: str  # the signed acknowledgement, as sent


def acknowledge(
    node: NodeIdentity, value: Any, status: str, reason: str | None = None, expected: int | None = None
) -> str:
    said = claimed(value)
    receiver = said["peer"] if said["peer"] and PARTY.fullmatch(said["peer"]) else None
    payload = {
        "ref": said["message_id"],
        "seq": said["seq"],
        "status": status,
        "reason": reason,
        "expected": expected,
    }
    return seal(node, receiver or UNKNOWN_PARTY, 0, ACK, payload)[1]


def authenticate(session: Session, node: NodeIdentity, value: Any) -> tuple[Envelope, Peer]:
    """The envelope and its sender, if the bytes are a well-formed envelope the trusted peer signed."""
    try:
        envelope = validate(value)
    except BadMessage as exc:
        raise Refused(str(exc)) from exc
    if envelope.receiver != node.party:
        raise Refused(f"addressed to {envelope.receiver}, and this is the {node.party} node")
    if envelope.sender == node.party:
        raise Refused(f"claims to come from {node.party}, which is this node")
    peer = session.get(Peer, envelope.sender)
    if peer is None:
        raise Refused(f"unknown sender {envelope.sender}: no such peer is trusted here")
    if envelope.key != fingerprint(peer.signing_key):
        retired = any(envelope.key == fingerprint(old) for old in peer.retired_keys or [])
        raise Refused(
            "signed with a retired key" if retired else f"signed with a key {peer.party} does not hold"
        )
    if not signature_valid(envelope, peer.signing_key):
        raise Refused(f"bad signature: the envelope is not exactly what {peer.party}'s key signed")
    return envelope, peer


def check_time(envelope: Envelope, now: dt.datetime, max_age: dt.timedelta = MAX_AGE) -> None:
    created = envelope.created_at()
    if created > now + CLOCK_SKEW:
        raise Refused(f"created {envelope.created}, in the future by this node's clock")
    if created < now - max_age:
        raise Refused(f"stale: created {envelope.created}, more than {max_age.days} days ago")


def receive(url: str, value: Any, size: int) -> Answer:
    """Check and apply one envelope in its own transaction; always returns a signed acknowledgement."""
    answer = _receive(url, value, size)
    if answer.status == "applied":
        crash_point("after-apply")  # committed, not yet answered: the sender must resend and get a duplicate
    return answer


def _receive(url: str, value: Any, size: int) -> Answer:
    with session_scope(url, write=True) as session:
        node = require_node(session)
        try:
            envelope, peer = authenticate(session, node, value)
            if envelope.kind in CONTROL_KINDS:
                raise Refused(f"{envelope.kind} is a control message and does not go to the inbox")
            earlier = session.scalars(
                select(InboxMessage).where(
                    InboxMessage.peer == peer.party, InboxMessage.message_id == envelope.id
                )
            ).first()
            if earlier is not None:
                return duplicate(session, earlier, envelope)
            check_time(envelope, utcnow())
            return take(session, node, peer, envelope)
        except Refused as refusal:
            return refuse(session, node, value, size, refusal)


def duplicate(session: Session, earlier: InboxMessage, envelope: Envelope) -> Answer:
    if validate_stored(earlier).sig != envelope.sig:
        raise Refused(f"message id {envelope.id} was already used for other content")
    detail = {"seq": envelope.seq, "first": earlier.received_at.isoformat(), "status": earlier.status}
    audit.append(session, f"node:{earlier.peer}", "exchange.duplicate", "message", envelope.id, detail)
    return Answer("duplicate" if earlier.status == "applied" else "rejected", earlier.ack)


def validate_stored(row: InboxMessage) -> Envelope:
    return validate(parse(row.envelope.encode(), MAX_ENVELOPE_BYTES))


def take(session: Session, node: NodeIdentity, peer: Peer, envelope: Envelope) -> Answer:
    """Sequence check, then apply; the message takes its number whether it applies or is refused."""
    if session.get_bind().dialect.name == "postgresql":
        session.refresh(peer, with_for_update=True)
    expected = peer.in_seq + 1
    if envelope.seq < expected:
        raise Refused(f"old sequence number {envelope.seq}: {peer.in_seq} messages are already processed")
    if envelope.seq > expected:
        raise Refused(f"gap: expected sequence number {expected}, got {envelope.seq}; resend", expected)
    text = canonical(envelope.model_dump()).decode()
    status, reason, subject = apply(session, Received(envelope, text, node, peer))
    peer.in_seq = envelope.seq
    ack = acknowledge(node, envelope.model_dump(), status, reason, expected + 1)
    session.add(
        InboxMessage(
            peer=peer.party,
            message_id=envelope.id,
            seq=envelope.seq,
            kind=envelope.kind,
            subject=subject,
            envelope=text,
            status=status,
            reason=reason,
            ack=ack,
        )
    )
    detail = {"seq": envelope.seq, "kind": envelope.kind, "subject": subject, "reason": reason}
    action = "exchange.apply" if status == "applied" else "exchange.refuse"
    audit.append(session, f"node:{peer.party}", action, "message", envelope.id, detail)
    return Answer(status, ack)


def apply(session: Session, received: Received) -> tuple[str, str | None, str | None]:
    """(status, reason, subject): the kind's apply function in a savepoint, or why it was refused."""
    kind = registry().get(received.envelope.kind)
    if kind is None:
        return "rejected", f"unknown kind {received.envelope.kind!r}", None
    try:
        payload = kind.payload.model_validate(received.envelope.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        return "rejected", f"invalid {kind.name} payload: {where}: {first['msg']}", None
    try:
        with session.begin_nested():
            subject = kind.apply(session, received, payload)
    except ApplyError as exc:
        return "rejected", f"could not be applied: {exc}", None
    except OperationalError:  # the database, not the message: no answer, so the sender tries again
        raise
    except Exception as exc:  # a bug in one kind must cost one message, never the inbox
        log.exception("applying %s %s failed", kind.name, received.envelope.id)
        return "rejected", f"could not be applied: {type(exc).__name__}", None
    return "applied", None, subject


def refuse(session: Session, node: NodeIdentity, value: Any, size: int, refusal: Refused) -> Answer:
    said = claimed(value)
    try:
        digest = hashlib.sha256(canonical(value)).hexdigest()
    except ValueError:
        digest = "-" * 64
    session.add(ExchangeRejection(**said, reason=refusal.reason[:2000], size=size, digest=digest))
    # Unauthenticated: the claimed sender goes in the detail, never in the actor column.
    detail = {**{f"claimed_{k}": v for k, v in said.items() if v is not None}, "reason": refusal.reason[:500]}
    audit.append(session, "exchange:unverified", "exchange.reject", "message", said["message_id"], detail)
    return Answer("rejected", acknowledge(node, value, "rejected", refusal.reason, refusal.expected))


def refuse_body(url: str, raw: bytes, reason: str) -> None:
    """Record a request refused as a whole (not JSON, oversized, not a batch)."""
    with session_scope(url, write=True) as session:
        session.add(
            ExchangeRejection(reason=reason[:2000], size=len(raw), digest=hashlib.sha256(raw).hexdigest())
        )
        audit.append(
            session, "exchange:unverified", "exchange.reject", "message", None, {"reason": reason[:500]}
        )


def receive_batch(url: str, raw: bytes) -> tuple[int, dict[str, Any]]:
    """The inbox endpoint: ``{"envelopes": [...]}`` in, ``{"acks": [...]}`` out, one ack per envelope."""
    try:
        body = parse(raw, MAX_BODY)
        if (
            not isinstance(body, dict)
            or set(body) != {"envelopes"}
            or not isinstance(body["envelopes"], list)
        ):
            raise BadMessage('a delivery is a JSON object {"envelopes": [...]}')
        items = body["envelopes"]
        if not 1 <= len(items) <= MAX_BATCH:
            raise BadMessage(f"a delivery carries 1 to {MAX_BATCH} envelopes, not {len(items)}")
    except BadMessage as exc:
        refuse_body(url, raw, str(exc))
        return (413 if str(exc).startswith("oversized") else 400), {"error": str(exc)}
    acks = []
    for item in items:
        size = len(canonical_or_none(item))
        item_answer = oversized(url, item, size) if size > MAX_ENVELOPE_BYTES else receive(url, item, size)
        acks.append(json.loads(item_answer.ack))
    return 200, {"acks": acks}


def canonical_or_none(value: Any) -> bytes:
    try:
        return canonical(value)
    except ValueError:
        return b""


def oversized(url: str, value: Any, size: int) -> Answer:
    with session_scope(url, write=True) as session:
        node = require_node(session)
        refusal = Refused(f"oversized: the envelope is {size:,} bytes, the limit is {MAX_ENVELOPE_BYTES:,}")
        return refuse(session, node, value, size, refusal)
