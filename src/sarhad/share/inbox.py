"""The receiving side: every envelope that reaches this node is checked, then applied exactly once or
refused with a reason, and answered with a signed acknowledgement.

Checks, in order: JSON and envelope shape; addressed to this node, from the trusted peer; already
processed (the very same bytes are answered again with the original acknowledgement, no second effect);
signed by the peer's current key; time window; sequence (a gap asks for a resend from the first missing
number). A message that passes takes its sequence number; if its kind is unknown or its payload invalid
it still takes the number, refused with the reason, so the sender can go on. Every acknowledgement names
the exact bytes it answers (their digest) and a machine-readable code beside the reason. One delivery is
one transaction; every refusal is recorded (exchange_rejection or inbox_message) and audited.
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

from sarhad.faults import crash_point
from sarhad.share.envelope import (
    ACK,
    CONTROL_KINDS,
    MAX_ENVELOPE_BYTES,
    BadMessage,
    Envelope,
    claimed,
    parse,
    printable,
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
    """A message refused before it takes a sequence number: a code for machines, a reason for people."""

    def __init__(self, code: str, reason: str, expected: int | None = None) -> None:
        super().__init__(reason)
        self.code, self.reason, self.expected = code, printable(reason, 2000), expected


@dataclass(frozen=True)
class Answer:
    status: str  # applied | duplicate | rejected
    ack: str  # the signed acknowledgement, as sent


def digest_of(value: Any) -> str:
    """SHA-256 of an envelope as sorted, compact JSON: the sender's stored text hashes the same."""
    try:
        text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)[:10_000]
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def acknowledge(
    node: NodeIdentity,
    value: Any,
    status: str,
    code: str,
    digest: str,
    reason: str | None = None,
    expected: int | None = None,
) -> str:
    said = claimed(value)
    receiver = said["peer"] if said["peer"] and PARTY.fullmatch(said["peer"]) else None
    payload = {"ref": said["message_id"], "seq": said["seq"], "digest": digest, "status": status,
               "code": code, "reason": reason, "expected": expected}  # fmt: skip
    return seal(node, receiver or UNKNOWN_PARTY, 0, ACK, payload)[1]


def identify(batch: Batch, value: Any, control: bool = False) -> tuple[Envelope, Peer]:
    """The envelope and the peer it claims to come from, if well formed and addressed to this node (and a
    control message exactly when ``control`` is asked for)."""
    node = batch.node
    try:
        envelope = validate(value)
    except BadMessage as exc:
        raise Refused("malformed", str(exc)) from exc
    if envelope.receiver != node.party:
        raise Refused(
            "wrong-receiver", f"addressed to {envelope.receiver}, and this is the {node.party} node"
        )
    if envelope.sender == node.party:
        raise Refused("self", f"claims to come from {node.party}, which is this node")
    if (envelope.kind in CONTROL_KINDS) != control:
        wrong = "is a control message and does not go to the inbox" if not control else "is not expected here"
        raise Refused("control", f"{envelope.kind} {wrong}")
    peer = batch.peer(envelope.sender)
    if peer is None:
        raise Refused("unknown-sender", f"unknown sender {envelope.sender}: no such peer is trusted here")
    return envelope, peer


def verify(envelope: Envelope, peer: Peer) -> None:
    """Signed by the peer's current key over exactly these contents, or refused."""
    if envelope.key != fingerprint(peer.signing_key):
        if any(envelope.key == fingerprint(old) for old in peer.retired_keys or []):
            raise Refused("retired-key", "signed with a retired key")
        raise Refused("unknown-key", f"signed with a key {peer.party} does not hold")
    try:
        signed = signature_valid(envelope, peer.signing_key)
    except BadMessage as exc:
        raise Refused("malformed", str(exc)) from exc
    if not signed:
        raise Refused(
            "bad-signature", f"bad signature: the envelope is not exactly what {peer.party}'s key signed"
        )


def authenticate(batch: Batch, value: Any, control: bool = False) -> tuple[Envelope, Peer]:
    envelope, peer = identify(batch, value, control)
    verify(envelope, peer)
    return envelope, peer


def check_time(envelope: Envelope, now: dt.datetime, max_age: dt.timedelta = MAX_AGE) -> None:
    created = envelope.created_at()
    if created > now + CLOCK_SKEW:
        raise Refused("future", f"created {envelope.created}, in the future by this node's clock")
    if created < now - max_age:
        raise Refused("stale", f"stale: created {envelope.created}, more than {max_age.days} days ago")


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
        batch.lock_peers()
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

    def lock_peers(self) -> None:
        """Read (and on PostgreSQL lock) the peers first: two deliveries of the same messages then queue
        here, so the second sees the first's work as duplicates; and every writer takes peer rows before
        the audit log's lock, so they cannot deadlock."""
        query = select(Peer)
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        self.peers = {peer.party: peer for peer in self.session.scalars(query)}

    def peer(self, party: str) -> Peer | None:
        return self.peers.get(party)

    COLUMNS = (InboxMessage.envelope, InboxMessage.status, InboxMessage.ack, InboxMessage.received_at)

    def look_up(self, claims: list[tuple[str | None, str | None]]) -> None:
        """Read, in one query per sender, which of the batch's messages were processed before."""
        self.known = {}
        for party in sorted({p for p, i in claims if p and i} & set(self.peers)):
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
        return (self.known or {}).get(key)

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
    size, digest = encoded_size(value), digest_of(value)
    try:
        if size > MAX_ENVELOPE_BYTES:
            limit = f"oversized: the envelope is {size:,} bytes, the limit is {MAX_ENVELOPE_BYTES:,}"
            raise Refused("oversized", limit)
        envelope, peer = identify(batch, value)
        earlier = batch.earlier(peer.party, envelope.id)
        if earlier is not None:  # before the key check: a resend after a rotation is still a duplicate
            return duplicate(batch.session, peer, earlier, envelope, digest)
        verify(envelope, peer)
        check_time(envelope, utcnow())
        return take(batch, peer, envelope, digest)
    except Refused as refusal:
        return refuse(batch.session, batch.node, value, size, digest, refusal)


def duplicate(
    session: Session, peer: Peer, earlier: dict[str, Any], envelope: Envelope, digest: str
) -> Answer:
    """The very same bytes again: the original acknowledgement, no second effect."""
    if hashlib.sha256(earlier["envelope"].encode("utf-8", "surrogatepass")).hexdigest() != digest:
        raise Refused("id-reused", f"message id {envelope.id} was already used for other content")
    first = earlier["received_at"]
    detail = {"seq": envelope.seq, "first": first.isoformat(), "status": earlier["status"]}
    actor = f"node:{peer.party}"
    audit.append(session, actor, "exchange.duplicate", "message", envelope.id, detail, defer=True)
    return Answer("duplicate" if earlier["status"] == "applied" else "rejected", earlier["ack"])


def take(batch: Batch, peer: Peer, envelope: Envelope, digest: str) -> Answer:
    """Sequence check, then apply; the message takes its number whether it applies or is refused."""
    session, node = batch.session, batch.node
    expected = peer.in_seq + 1
    if envelope.seq < expected:
        raise Refused(
            "old", f"old sequence number {envelope.seq}: {peer.in_seq} messages are already processed"
        )
    if envelope.seq > expected:
        raise Refused(
            "gap", f"gap: expected sequence number {expected}, got {envelope.seq}; resend", expected
        )
    text = stored_text(envelope)
    code, reason, subject = apply(batch, Received(envelope, text, node, peer))
    status = "applied" if code == "applied" else "rejected"
    peer.in_seq = envelope.seq
    ack = acknowledge(node, envelope.as_json(), status, code, digest, reason, expected + 1)
    row = {"peer": peer.party, "message_id": envelope.id, "seq": envelope.seq, "kind": envelope.kind,
           "subject": subject, "envelope": text, "status": status, "reason": reason, "ack": ack,
           "received_at": utcnow()}  # fmt: skip
    batch.record(row)
    detail = {"seq": envelope.seq, "kind": envelope.kind, "subject": subject, "reason": reason}
    action = "exchange.apply" if status == "applied" else "exchange.refuse"
    audit.append(session, f"node:{peer.party}", action, "message", envelope.id, detail, defer=True)
    return Answer(status, ack)


def apply(batch: Batch, received: Received) -> tuple[str, str | None, str | None]:
    """(code, reason, subject): the message prepared by its kind and handed to the batch to write, or
    why it was refused. Kinds write records, not audit entries: the inbox audits every message."""
    kind = registry().get(received.envelope.kind)
    if kind is None:
        return "unknown-kind", printable(f"unknown kind {received.envelope.kind!r}", 2000), None
    try:
        payload = kind.payload.model_validate(received.envelope.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "payload"
        return (
            "invalid-payload",
            printable(f"invalid {kind.name} payload: {where}: {first['msg']}", 2000),
            None,
        )
    try:
        prepared = kind.prepare(received, payload)
    except ApplyError as exc:
        return "not-applied", printable(f"could not be applied: {exc}", 2000), None
    except Exception as exc:  # a bug in one kind must cost one message, never the inbox
        log.exception("preparing %s %s failed", kind.name, received.envelope.id)
        return "not-applied", f"could not be applied: {type(exc).__name__}", None
    failure = batch.apply(kind, prepared)
    return ("not-written", failure, None) if failure else ("applied", None, prepared.subject)


def refuse(
    session: Session, node: NodeIdentity, value: Any, size: int, digest: str, refusal: Refused
) -> Answer:
    said = claimed(value)
    session.add(ExchangeRejection(**said, reason=refusal.reason, size=size, digest=digest))
    # Unauthenticated: the claimed sender goes in the detail, never in the actor column.
    detail = {**{f"claimed_{k}": v for k, v in said.items() if v is not None}, "reason": refusal.reason[:500]}
    audit.append(
        session, "exchange:unverified", "exchange.reject", "message", said["message_id"], detail, defer=True
    )
    ack = acknowledge(node, value, "rejected", refusal.code, digest, refusal.reason, refusal.expected)
    return Answer("rejected", ack)


def refuse_body(url: str, raw: bytes, reason: str) -> None:
    """Record a request refused as a whole (not JSON, oversized, not a batch)."""
    reason = printable(reason, 2000)
    with session_scope(url, write=True) as session:
        session.add(ExchangeRejection(reason=reason, size=len(raw), digest=hashlib.sha256(raw).hexdigest()))
        detail = {"reason": reason[:500]}
        audit.append(session, "exchange:unverified", "exchange.reject", "message", None, detail)


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
