"""Delivery: push queued messages to the peer's inbox over HTTPS, record its signed acknowledgements, and
pull from the peer when it cannot reach us.

The peer's TLS certificate is pinned (it came in the identity document its key signed), so only the peer
can answer. A message is delivered only when an acknowledgement signed by the peer's key says it was
applied (or had been); anything else leaves it queued, to be tried again with exponential backoff.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import random
import ssl
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from sarhad.faults import crash_point
from sarhad.share.envelope import (
    ACK,
    PULL,
    BadMessage,
    Envelope,
    parse,
    printable,
    seal,
    signature_valid,
    stored_text,
    validate,
)
from sarhad.share.identity import NodeError, require_node
from sarhad.share.inbox import (
    CLOCK_SKEW,
    MAX_BATCH,
    MAX_BODY,
    Batch,
    Refused,
    authenticate,
    check_time,
    digest_of,
    receive,
    refuse,
)
from sarhad.share.outbox import the_peer
from sarhad.store import audit
from sarhad.store.db import session_scope
from sarhad.store.models import ExchangeNonce, NodeIdentity, OutboxMessage, Peer, utcnow

log = logging.getLogger(__name__)
BATCH = 200
TIMEOUT = httpx.Timeout(30.0, connect=5.0)
MAX_BACKOFF = 300.0


def pinned_context(peer: Peer) -> ssl.SSLContext:
    """Trust exactly the peer's own certificate; the host name is not what is checked, the key is."""
    context = ssl.create_default_context(cadata=peer.tls_cert)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def client_for(peer: Peer) -> httpx.Client:
    verify: ssl.SSLContext | bool = pinned_context(peer) if peer.url.startswith("https://") else False
    return httpx.Client(verify=verify, timeout=TIMEOUT, headers={"content-type": "application/json"})


def backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … seconds up to five minutes, with jitter so two nodes do not retry in step."""
    ceiling = min(MAX_BACKOFF, 2.0 ** max(attempts - 1, 0))
    return dt.timedelta(seconds=ceiling * random.uniform(0.5, 1.0))


@dataclass
class Result:
    sent: int = 0
    delivered: int = 0
    rejected: int = 0
    requeued: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, [])}


def due(session: Session, peer: Peer, now: dt.datetime, limit: int) -> list[OutboxMessage]:
    """The queued messages from the lowest pending one on, if that one is due (order is never broken)."""
    rows = list(
        session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.peer == peer.party, OutboxMessage.status == "pending")
            .order_by(OutboxMessage.seq)
            .limit(limit)
        )
    )
    first = rows[0] if rows else None
    if first is None or (first.next_attempt_at is not None and _aware(first.next_attempt_at) > now):
        return []
    return rows


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def push(url: str, limit: int = BATCH, force: bool = False) -> Result:
    """Send one batch of due messages and record the answers."""
    result = Result()
    with session_scope(url) as session:
        node, peer = require_node(session), the_peer(session)
        batch = due(session, peer, dt.datetime.max.replace(tzinfo=dt.UTC) if force else utcnow(), limit)
        texts = [(row.id, row.envelope) for row in batch]
    if not texts:
        return result
    body = '{"envelopes":[' + ",".join(text for _, text in texts) + "]}"
    result.sent = len(texts)
    try:
        with client_for(peer) as client:
            response = client.post(f"{peer.url.rstrip('/')}/exchange/inbox", content=body.encode())
    except httpx.HTTPError as exc:
        return failed(url, [i for i, _ in texts], f"{peer.party} cannot be reached: {describe(exc)}", result)
    crash_point("after-send")
    if response.status_code != 200:
        return failed(
            url,
            [i for i, _ in texts],
            f"{peer.party} answered {response.status_code}: {answer(response)}",
            result,
        )
    try:
        acks = _acks(response.content)
    except BadMessage as exc:
        return failed(url, [i for i, _ in texts], f"{peer.party}'s answer is unusable: {exc}", result)
    with session_scope(url, write=True) as session:
        record_acks(session, node, peer.party, acks, result)
    if not (result.delivered or result.rejected or result.requeued):
        reasons = "; ".join(result.notes) or "no acknowledgement for any message sent"
        return failed(
            url, [i for i, _ in texts], f"{peer.party}'s answer acknowledged nothing: {reasons}", result
        )
    return result


def describe(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def answer(response: httpx.Response) -> str:
    """What a refusing peer said, briefly (its body is not trusted to be sane JSON)."""
    try:
        body = parse(response.content, 64_000)
    except BadMessage:
        return printable(response.text, 200)
    said = (body.get("error") or body.get("detail") or body) if isinstance(body, dict) else body
    return printable(str(said), 300)


def _acks(raw: bytes) -> list[Any]:
    body = parse(raw, MAX_BODY)
    if not isinstance(body, dict) or not isinstance(body.get("acks"), list):
        raise BadMessage('expected {"acks": [...]}')
    return list(body["acks"])


def failed(url: str, ids: list[str], reason: str, result: Result) -> Result:
    """Nothing was acknowledged: try again later, later each time."""
    result.error = reason
    with session_scope(url, write=True) as session:
        for row in session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
            row.attempts += 1
            row.last_error = reason[:2000]
            row.next_attempt_at = utcnow() + backoff(row.attempts)
    log.warning("delivery failed: %s", reason)
    return result


def record_acks(
    session: Session, node: NodeIdentity, peer_party: str, acks: list[Any], result: Result
) -> None:
    peer = session.get(Peer, peer_party)
    if peer is None:
        raise NodeError(f"peer {peer_party} is no longer trusted")
    refs = [
        a["payload"].get("ref") for a in acks if isinstance(a, dict) and isinstance(a.get("payload"), dict)
    ]
    wanted = [r for r in refs if isinstance(r, str)][:MAX_BATCH]
    list(session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(wanted))))  # one read for all
    for value in acks:
        try:
            record_ack(session, node, peer, value, result)
        except BadMessage as exc:
            result.notes.append(f"acknowledgement ignored: {exc}")
    audit.write_deferred(session)


def record_ack(session: Session, node: NodeIdentity, peer: Peer, value: Any, result: Result) -> None:
    """Mark a message delivered, refused or due again, on the word of the peer's signed acknowledgement."""
    ack = validate(value)
    row = acknowledged(session, node, peer, ack)
    payload = ack.payload
    status, reason, expected = payload.get("status"), payload.get("reason"), payload.get("expected")
    code, text = payload.get("code"), stored_text(ack)
    if status in ("applied", "duplicate"):
        mark_delivered(session, peer, row, text, result)
    elif status == "rejected" and code in ("stale", "future") and row.status != "delivered":
        reseal(session, node, row, str(reason))
        result.requeued += 1
    elif status == "rejected" and isinstance(expected, int) and 1 <= expected <= row.seq:
        result.requeued += requeue(session, peer.party, expected, str(reason))
    elif status == "rejected":
        mark_rejected(session, peer, row, text, str(reason), result)
    else:
        raise BadMessage(f"unknown acknowledgement status {status!r}")


def acknowledged(session: Session, node: NodeIdentity, peer: Peer, ack: Envelope) -> OutboxMessage:
    """The message ``ack`` answers, once it is sure to be the peer's word about bytes this node sent to it;
    BadMessage otherwise, so nothing is changed on an acknowledgement that cannot be trusted."""
    if ack.kind != ACK or ack.sender != peer.party or ack.receiver != node.party:
        raise BadMessage(f"not an acknowledgement from {peer.party} to {node.party}")
    if not signature_valid(ack, peer.signing_key):  # (raises BadMessage for what no one can have signed)
        raise BadMessage(f"acknowledgement not signed by {peer.party}'s current key")
    payload = ack.payload
    row = session.get(OutboxMessage, str(payload.get("ref")))
    if row is None or row.peer != peer.party:
        raise BadMessage(f"acknowledges a message this node did not send: {payload.get('ref')!r}")
    if payload.get("digest") != hashlib.sha256(row.envelope.encode()).hexdigest():
        # Answers bytes that are not this message (someone else's bytes under its id): not about it.
        raise BadMessage(f"acknowledges other bytes than message {row.seq}")
    return row


def mark_delivered(session: Session, peer: Peer, row: OutboxMessage, text: str, result: Result) -> None:
    """Applied (or had been): delivered, once; a repeated acknowledgement changes nothing."""
    if row.status != "delivered":
        row.status, row.delivered_at, row.ack, row.last_error = "delivered", utcnow(), text, None
        result.delivered += 1
        actor, detail = f"node:{peer.party}", {"seq": row.seq}
        audit.append(session, actor, "exchange.delivered", "message", row.id, detail, defer=True)


def mark_rejected(
    session: Session, peer: Peer, row: OutboxMessage, text: str, reason: str, result: Result
) -> None:
    """Refused for good; a message already delivered stays delivered (a late refusal cannot undo it)."""
    if row.status != "delivered":
        row.status, row.ack, row.last_error = "rejected", text, reason[:2000]
        result.rejected += 1
        audit.append(
            session,
            f"node:{peer.party}",
            "exchange.rejected",
            "message",
            row.id,
            {"seq": row.seq, "reason": reason[:500]},
        )


def reseal(session: Session, node: NodeIdentity, row: OutboxMessage, reason: str) -> None:
    """Refused for its time (queued through a long outage, or clocks apart): sign it again now, same id,
    same sequence number, and try again later, later each time."""
    old = validate(parse(row.envelope.encode(), MAX_BODY))
    row.envelope = seal(node, old.receiver, old.seq, old.kind, old.payload, message_id=old.id)[1]
    row.status, row.attempts, row.last_error = "pending", row.attempts + 1, reason[:2000]
    row.next_attempt_at = utcnow() + backoff(row.attempts)
    audit.append(
        session,
        f"node:{row.peer}",
        "exchange.reseal",
        "message",
        row.id,
        {"seq": row.seq, "reason": reason[:300]},
    )


def requeue(session: Session, peer: str, from_seq: int, reason: str) -> int:
    """The peer is missing messages from ``from_seq`` on (lost, or its database was restored): send again,
    after a pause that grows if it keeps happening."""
    first = session.scalars(
        select(OutboxMessage).where(OutboxMessage.peer == peer, OutboxMessage.seq == from_seq)
    ).first()
    attempts = (first.attempts if first else 0) + 1
    changed = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.peer == peer, OutboxMessage.seq >= from_seq, OutboxMessage.status != "pending")
        .values(status="pending")
        .execution_options(synchronize_session=False)
    )
    if first is not None:
        first.status, first.attempts = "pending", attempts
        first.next_attempt_at = utcnow() + backoff(attempts)
    count = int(changed.rowcount or 0)  # type: ignore[attr-defined]
    audit.append(
        session,
        f"node:{peer}",
        "exchange.resend",
        "peer",
        peer,
        {"from": from_seq, "reason": reason[:300], "messages": count},
    )
    return count


# --- pulling ------------------------------------------------------------------------------------------


def pull(url: str) -> Result:
    """Fetch what the peer has queued for us, apply it, and send the acknowledgements back."""
    result = Result()
    with session_scope(url) as session:
        node, peer = require_node(session), the_peer(session)
        request = seal(node, peer.party, 0, PULL, {"after": peer.in_seq, "limit": MAX_BATCH})[1]
    base = peer.url.rstrip("/")
    try:
        with client_for(peer) as client:
            response = client.post(f"{base}/exchange/pull", content=request.encode())
            if response.status_code != 200:
                result.error = f"{peer.party} answered {response.status_code}: {answer(response)}"
                return result
            body = parse(response.content, MAX_BODY)
            envelopes = body.get("envelopes") if isinstance(body, dict) else None
            if not isinstance(envelopes, list):
                raise BadMessage('expected {"envelopes": [...]}')
            acks = [a.ack for a in receive(url, envelopes[:MAX_BATCH])] if envelopes else []
            result.sent = len(acks)
            if acks:
                sent = client.post(
                    f"{base}/exchange/acks", content=('{"acks":[' + ",".join(acks) + "]}").encode()
                )
                if sent.status_code != 200:
                    result.error = f"{peer.party} refused the acknowledgements: {answer(sent)}"
    except (httpx.HTTPError, BadMessage) as exc:
        result.error = f"pull from {peer.party} failed: {describe(exc)}"
    return result


def serve_pull(url: str, raw: bytes) -> tuple[int, dict[str, Any]]:
    """The peer asks for what we have queued for it: a signed, fresh, never-seen pull request."""
    try:
        value = parse(raw, 64_000)
    except BadMessage as exc:
        return 400, {"error": str(exc)}
    with session_scope(url, write=True) as session:
        node = require_node(session)
        batch = Batch(session, node)
        batch.lock_peers()
        try:
            request, peer = authenticate(batch, value, control=True)
            if request.kind != PULL or request.seq != 0:
                raise Refused("control", "not a pull request")
            check_time(request, utcnow(), max_age=CLOCK_SKEW)
            if session.scalars(
                select(ExchangeNonce.id).where(
                    ExchangeNonce.peer == peer.party, ExchangeNonce.message_id == request.id
                )
            ).first():
                raise Refused("replay", f"replayed pull request {request.id}")
        except Refused as refusal:
            refuse(session, node, value, len(raw), digest_of(value), refusal)
            return 403, {"error": refusal.reason}
        session.add(ExchangeNonce(peer=peer.party, message_id=request.id))
        after, limit = request.payload.get("after"), request.payload.get("limit")
        after = after if isinstance(after, int) and after >= 0 else 0
        limit = limit if isinstance(limit, int) and 1 <= limit <= MAX_BATCH else MAX_BATCH
        rows = session.scalars(
            select(OutboxMessage.envelope)
            .where(
                OutboxMessage.peer == peer.party, OutboxMessage.status == "pending", OutboxMessage.seq > after
            )
            .order_by(OutboxMessage.seq)
            .limit(limit)
        )
        envelopes = [parse(text.encode(), MAX_BODY) for text in rows]
        audit.append(
            session,
            f"node:{peer.party}",
            "exchange.pulled",
            "peer",
            peer.party,
            {"after": after, "messages": len(envelopes)},
        )
    return 200, {"envelopes": envelopes}


def receive_acks(url: str, raw: bytes) -> tuple[int, dict[str, Any]]:
    """Acknowledgements the peer sends after pulling; each must carry the peer's signature."""
    try:
        acks = _acks(raw)
    except BadMessage as exc:
        return 400, {"error": str(exc)}
    result = Result()
    with session_scope(url, write=True) as session:
        node = require_node(session)
        senders = {claimed_sender(value) for value in acks} - {None}
        sender = senders.pop() if len(senders) == 1 else None
        if sender is None or session.get(Peer, sender) is None:
            return 403, {"error": "acknowledgements must all come from the one trusted peer"}
        record_acks(session, node, sender, acks[:MAX_BATCH], result)
    return 200, {"delivered": result.delivered, "rejected": result.rejected, "ignored": len(result.notes)}


def claimed_sender(value: Any) -> str | None:
    sender = value.get("sender") if isinstance(value, dict) else None
    return sender if isinstance(sender, str) and len(sender) == 2 else None
