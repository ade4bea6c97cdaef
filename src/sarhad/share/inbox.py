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
from sqlalchemy import insert, select
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
    stored_text,
    validate,
)
from sarhad.share.identity import PARTY, fingerprint, require_node
from sarhad.share.kinds import ApplyError, MessageKind, Prepared, Received, registry
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


def authenticate(batch: Batch, value: Any) -> tuple[Envelope, Peer]:
    """The envelope and its sender, if the bytes are a well-formed envelope the trusted peer signed."""
    node = batch.node
    try:
        envelope = validate(value)
    except BadMessage as exc:
        raise Refused(str(exc)) from exc
    if envelope.receiver != node.party:
        raise Refused(f"addressed to {envelope.receiver}, and this is the {node.party} node")
    if envelope.sender == node.party:
        raise Refused(f"claims to come from {node.party}, which is this node")
    peer = batch.peer(envelope.sender)
    if peer is None:
        raise Refused(f"unknown sender {envelope.sender}: no such peer is trusted here")
    if envelope.key != fingerprint(peer.signing_key):
        retired = any(envelope.key == fingerprint(old) for old in peer.retired_keys or [])
        raise Refused(
            "signed with a retired key" if retired else f"signed with a key {peer.party} does not hold"
        )
    try:
        signed = signature_valid(envelope, peer.signing_key)
    except BadMessage as exc:
        raise Refused(str(exc)) from exc
    if not signed:
        raise Refused(f"bad signature: the envelope is not exactly what {peer.party}'s key signed")
    return envelope, peer


def check_time(envelope: Envelope, now: dt.datetime, max_age: dt.timedelta = MAX_AGE) -> None:
    created = envelope.created_at()
    if created > now + CLOCK_SKEW:
        raise Refused(f"created {envelope.created}, in the future by this node's clock")
    if created < now - max_age:
        raise Refused(f"stale: created {envelope.created}, more than {max_age.days} days ago")


def receive(url: str, values: list[Any]) -> list[Answer]:
    """Check and apply envelopes in order, in one transaction, and answer each with a signed
    acknowledgement. Their effects land together or not at all; either way every answer is true.

    The messages' records are written in bulk; if that fails (a hostile value the database refuses, a
    bug), the delivery is processed again one message at a time, so a bad message costs only itself."""
    try:
        answers = _receive(url, values, bulk=True)
    except OperationalError:  # the database, not the messages: no answer, so the sender tries again
        raise
    except Exception:
        log.warning("bulk apply failed; applying this delivery message by message", exc_info=True)
        answers = _receive(url, values, bulk=False)
    if any(a.status == "applied" for a in answers):
        crash_point("after-apply")  # committed, not yet answered: the sender must resend and get a duplicate
    return answers


def _receive(url: str, values: list[Any], bulk: bool) -> list[Answer]:
    with session_scope(url, write=True) as session:
        batch = Batch(session, require_node(session), bulk)
        batch.look_up([(said["peer"], said["message_id"]) for said in map(claimed, values)])
        answers = [answer(batch, value) for value in values]
        batch.write()
    return answers


class Batch:
    """One delivery being processed in one transaction: the node, its peers as read once, the messages'
    prepared records, and the inbox records and audit entries, written together at the end."""

    def __init__(self, session: Session, node: NodeIdentity, bulk: bool = True) -> None:
        self.session, self.node, self.bulk = session, node, bulk
        self.peers: dict[str, Peer | None] = {}
        self.taken: dict[tuple[str, str], dict[str, Any]] = {}  # (peer, message id) -> its inbox row
        self.rows: list[dict[str, Any]] = []
        self.known: dict[tuple[str, str], dict[str, Any]] | None = None  # processed before this batch
        self.prepared: dict[str, tuple[MessageKind, list[Prepared]]] = {}

    def peer(self, party: str) -> Peer | None:
        if party not in self.peers:
            self.peers[party] = self.session.get(Peer, party)
        return self.peers[party]

    COLUMNS = (InboxMessage.envelope, InboxMessage.status, InboxMessage.ack, InboxMessage.received_at)

    def look_up(self, claims: list[tuple[str | None, str | None]]) -> None:
        """Read, in one query per claimed sender, which of the batch's messages were processed before."""
        self.known = {}
        for party in sorted({p for p, i in claims if p and i}):
            ids = sorted({i for p, i in claims if p == party and i})[:MAX_BATCH]
            query = select(InboxMessage.message_id, *self.COLUMNS).where(
                InboxMessage.peer == party, InboxMessage.message_id.in_(ids)
            )
            for row in self.session.execute(query):
                self.known[(party, row.message_id)] = dict(row._mapping)

    def earlier(self, party: str, message_id: str) -> dict[str, Any] | None:
        """The inbox record of this message id from this peer, if it was processed before."""
        key = (party, message_id)
        if key in self.taken:
            return self.taken[key]
        if self.known is not None:
            return self.known.get(key)
        found = self.session.execute(
            select(*self.COLUMNS).where(InboxMessage.peer == party, InboxMessage.message_id == message_id)
        ).first()
        return dict(found._mapping) if found else None

    def record(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        self.taken[(row["peer"], row["message_id"])] = row

    def apply(self, kind: MessageKind, prepared: Prepared) -> str | None:
        """Queue the records for the bulk write; or, message by message, write them now in a savepoint
        and return why they could not be written, if so."""
        if self.bulk:
            self.prepared.setdefault(kind.name, (kind, []))[1].append(prepared)
            return None
        try:
            with self.session.begin_nested():
                kind.write(self.session, [prepared])
        except OperationalError:
            raise
        except Exception as exc:  # what the database refuses, or a bug: this message only
            log.exception("writing %s failed", kind.name)
            return f"could not be written: {type(exc).__name__}"
        return None

    def write(self) -> None:
        """The messages' records, kind by kind, then the inbox records and audit entries, in bulk."""
        for kind, items in self.prepared.values():
            kind.write(self.session, items)
        self.prepared = {}
        audit.write_deferred(self.session)
        if self.rows:
            self.session.execute(insert(InboxMessage), self.rows)
            self.rows = []


def answer(batch: Batch, value: Any) -> Answer:
    size = encoded_size(value)
    try:
        if size > MAX_ENVELOPE_BYTES:
            raise Refused(f"oversized: the envelope is {size:,} bytes, the limit is {MAX_ENVELOPE_BYTES:,}")
        envelope, peer = authenticate(batch, value)
        if envelope.kind in CONTROL_KINDS:
            raise Refused(f"{envelope.kind} is a control message and does not go to the inbox")
        earlier = batch.earlier(peer.party, envelope.id)
        if earlier is not None:
            return duplicate(batch.session, peer, earlier, envelope)
        check_time(envelope, utcnow())
        return take(batch, peer, envelope)
    except Refused as refusal:
        return refuse(batch.session, batch.node, value, size, refusal)


def duplicate(session: Session, peer: Peer, earlier: dict[str, Any], envelope: Envelope) -> Answer:
    if validate(parse(earlier["envelope"].encode(), MAX_ENVELOPE_BYTES)).sig != envelope.sig:
        raise Refused(f"message id {envelope.id} was already used for other content")
    first = earlier["received_at"]
    detail = {"seq": envelope.seq, "first": first.isoformat(), "status": earlier["status"]}
    audit.append(
        session, f"node:{peer.party}", "exchange.duplicate", "message", envelope.id, detail, defer=True
    )
    return Answer("duplicate" if earlier["status"] == "applied" else "rejected", earlier["ack"])


def take(batch: Batch, peer: Peer, envelope: Envelope) -> Answer:
    """Sequence check, then apply; the message takes its number whether it applies or is refused."""
    session, node = batch.session, batch.node
    if session.get_bind().dialect.name == "postgresql" and not batch.taken:
        session.refresh(peer, with_for_update=True)  # held to the end of the batch's transaction
    expected = peer.in_seq + 1
    if envelope.seq < expected:
        raise Refused(f"old sequence number {envelope.seq}: {peer.in_seq} messages are already processed")
    if envelope.seq > expected:
        raise Refused(f"gap: expected sequence number {expected}, got {envelope.seq}; resend", expected)
    text = stored_text(envelope)
    status, reason, subject = apply(batch, Received(envelope, text, node, peer))
    peer.in_seq = envelope.seq
    ack = acknowledge(node, envelope.as_json(), status, reason, expected + 1)
    row = {"peer": peer.party, "message_id": envelope.id, "seq": envelope.seq, "kind": envelope.kind,
           "subject": subject, "envelope": text, "status": status, "reason": reason, "ack": ack,
           "received_at": utcnow()}  # fmt: skip
    batch.record(row)
    detail = {"seq": envelope.seq, "kind": envelope.kind, "subject": subject, "reason": reason}
    action = "exchange.apply" if status == "applied" else "exchange.refuse"
    audit.append(session, f"node:{peer.party}", action, "message", envelope.id, detail, defer=True)
    return Answer(status, ack)


def apply(batch: Batch, received: Received) -> tuple[str, str | None, str | None]:
    """(status, reason, subject): the message prepared by its kind and handed to the batch to write, or
    why it was refused. Kinds write records, not audit entries: the inbox audits every message."""
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
        prepared = kind.prepare(received, payload)
    except ApplyError as exc:
        return "rejected", f"could not be applied: {exc}", None
    except Exception as exc:  # a bug in one kind must cost one message, never the inbox
        log.exception("preparing %s %s failed", kind.name, received.envelope.id)
        return "rejected", f"could not be applied: {type(exc).__name__}", None
    failure = batch.apply(kind, prepared)
    return ("rejected", failure, None) if failure else ("applied", None, prepared.subject)


def refuse(session: Session, node: NodeIdentity, value: Any, size: int, refusal: Refused) -> Answer:
    said = claimed(value)
    try:
        digest = hashlib.sha256(canonical(value)).hexdigest()
    except ValueError:
        digest = "-" * 64
    session.add(ExchangeRejection(**said, reason=refusal.reason[:2000], size=size, digest=digest))
    # Unauthenticated: the claimed sender goes in the detail, never in the actor column.
    detail = {**{f"claimed_{k}": v for k, v in said.items() if v is not None}, "reason": refusal.reason[:500]}
    audit.append(
        session, "exchange:unverified", "exchange.reject", "message", said["message_id"], detail, defer=True
    )
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
    return 200, {"acks": [json.loads(a.ack) for a in receive(url, items)]}


def encoded_size(value: Any) -> int:
    """Bytes of the value as compact JSON (what the limit is about; exact canonical form not needed)."""
    try:
        return len(json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "replace"))
    except (TypeError, ValueError):
        return 0
