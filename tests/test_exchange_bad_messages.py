"""The receiving node against bad messages: every one refused with a reason and an audit entry, none applied.

PK is the receiver, served by the real app (POST /exchange/inbox over plain HTTP on loopback); IR is the
trusted sender, whose key seals the valid messages. A third key claiming to be IR, IR's retired key and a
stranger party (AF) sign the rest. One valid message is applied at set-up, so a refusal means something.

Each bad case is a row of :data:`CASES`: how to build the bytes of a delivery, and a word its reason must
contain. A case is one of three outcomes:

* ``BODY``: the whole delivery is refused (HTTP 400 or 413, ``{"error": …}``), recorded in
  exchange_rejection and audited as ``exchange.reject``;
* ``REFUSED``: the envelope is refused before it takes a sequence number (HTTP 200, a signed ack with status
  ``rejected``), recorded in exchange_rejection and audited as ``exchange.reject``;
* ``TAKES_SEQ``: an authentic, in-sequence message whose kind or payload is unusable: it takes its sequence
  number, is recorded in inbox_message as rejected and audited as ``exchange.refuse``.

In every case nothing is applied: no report from IR appears, and PK's ``in_seq`` for IR moves only for
``TAKES_SEQ``. The receiver and its server live for the module (one of each backend), so cases read the
sequence number they need from the database rather than assuming an order.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sarhad.share.envelope import Envelope, seal, signature_valid, signing_bytes, timestamp
from sarhad.share.identity import fingerprint, init_node, new_signing_key, public_key_text, sign
from sarhad.share.inbox import MAX_BATCH, MAX_BODY, receive, receive_batch
from sarhad.store import audit
from sarhad.store.db import session_scope
from sarhad.store.models import AuditEntry, ExchangeRejection, InboxMessage, NodeIdentity, Peer, Report
from support.postgres import create_database
from support.server import running_app

KIND = "incident.share"
PAYLOAD: dict[str, Any] = {
    "id": "inc-abc",
    "type": "attack",
    "corroboration": "single",
    "releasability": "bilateral",
    "sources": [{"ref": "ab" * 32, "kind": "news", "releasability": "public"}],
    "values": [],
}
BODY, REFUSED, TAKES_SEQ = "body", "refused", "takes-seq"


# --- the two nodes ------------------------------------------------------------------------------------


@dataclass
class World:
    url: str  # PK's database
    backend: str
    client: httpx.Client  # PK's server
    receiver: NodeIdentity  # PK
    sender: NodeIdentity  # IR, trusted by PK
    impostor: NodeIdentity  # claims to be IR, with a key PK never trusted
    retired: NodeIdentity  # IR's previous key, listed as retired on PK
    stranger: NodeIdentity  # AF, a party PK does not know
    first: str  # the valid message applied at set-up, as sent
    first_response: httpx.Response

    def next_seq(self) -> int:
        with session_scope(self.url) as session:
            return peer_ir(session).in_seq + 1

    def post(self, body: bytes) -> httpx.Response:
        return self.client.post("/exchange/inbox", content=body, headers={"content-type": "application/json"})


def peer_ir(session: Session) -> Peer:
    peer = session.get(Peer, "IR")
    assert peer is not None
    return peer


def detached_signer(folder: Path, party: str) -> NodeIdentity:
    """A key of ``party`` in ``folder`` that no database records: enough for :func:`sign`."""
    folder.mkdir(mode=0o700, parents=True)
    key = new_signing_key(folder)
    public = public_key_text(key.public_key())
    return NodeIdentity(
        id=1, party=party, name=f"{party} signer", key_dir=str(folder), signing_key=public, tls_cert=""
    )


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    backend: str = request.param
    root = tmp_path_factory.mktemp(f"bad-messages-{backend}")
    if backend == "sqlite":
        url = f"sqlite:///{root / 'pk.db'}"
    else:
        url = create_database(request.getfixturevalue("pg_admin_url"), f"bad_{secrets.token_hex(4)}")
    with session_scope(url, write=True) as session:
        receiver = init_node(session, "PK", "PK test centre", root / "pk-keys", [], "test")
    with session_scope(f"sqlite:///{root / 'ir.db'}", write=True) as session:
        sender = init_node(session, "IR", "IR test centre", root / "ir-keys", [], "test")
    retired = detached_signer(root / "ir-old-keys", "IR")
    with session_scope(url, write=True) as session:
        session.add(
            Peer(
                party="IR",
                name="IR test centre",
                url="https://127.0.0.1:9",
                signing_key=sender.signing_key,
                tls_cert=sender.tls_cert,
                retired_keys=[retired.signing_key],
                out_seq=0,
                in_seq=0,
            )
        )
    first = seal(sender, "PK", 1, KIND, PAYLOAD)[1]
    with running_app(url) as base, httpx.Client(base_url=base, timeout=60) as client:
        response = client.post("/exchange/inbox", content=raw_batch(first))
        yield World(
            url=url,
            backend=backend,
            client=client,
            receiver=receiver,
            sender=sender,
            impostor=detached_signer(root / "impostor-keys", "IR"),
            retired=retired,
            stranger=detached_signer(root / "af-keys", "AF"),
            first=first,
            first_response=response,
        )


# --- building bytes -----------------------------------------------------------------------------------


def raw_batch(*texts: str) -> bytes:
    """A delivery of envelopes given as JSON text, exactly as written."""
    return ('{"envelopes":[' + ",".join(texts) + "]}").encode()


def batch(*items: Any) -> bytes:
    return json.dumps({"envelopes": list(items)}).encode()


def sealed(w: World, seq: int | None = None, kind: str = KIND, payload: dict[str, Any] | None = None) -> str:
    """A genuine message from IR, by default the next one PK expects."""
    return seal(w.sender, "PK", w.next_seq() if seq is None else seq, kind, payload or PAYLOAD)[1]


def forged(w: World, signer: NodeIdentity | None = None, **changes: Any) -> dict[str, Any]:
    """An envelope signed by ``signer`` (IR by default) over whatever fields it is given."""
    signer = signer or w.sender
    body: dict[str, Any] = {
        "v": 1,
        "id": str(uuid.uuid4()),
        "sender": signer.party,
        "receiver": "PK",
        "seq": w.next_seq(),
        "created": timestamp(),
        "kind": KIND,
        "key": fingerprint(signer.signing_key),
        "payload": PAYLOAD,
        **changes,
    }
    return {**body, "sig": sign(signer, signing_bytes(body))}


def tampered(text: str, old: str, new: str) -> str:
    """The signed text with one occurrence of ``old`` replaced after signing."""
    assert text.count(old) == 1, f"{old!r} is not once in the message"
    return text.replace(old, new)


def without(envelope: dict[str, Any], name: str) -> dict[str, Any]:
    return {k: v for k, v in envelope.items() if k != name}


def altered_signature(w: World) -> bytes:
    envelope = json.loads(sealed(w))
    sig = envelope["sig"]
    return batch({**envelope, "sig": ("B" if sig[0] == "A" else "A") + sig[1:]})


def borrowed_signature(w: World) -> bytes:
    other = json.loads(sealed(w, kind="incident.other"))
    return batch({**json.loads(sealed(w)), "sig": other["sig"]})


def tampered_seq(w: World) -> bytes:
    seq = w.next_seq()
    return raw_batch(tampered(sealed(w, seq=seq), f'"seq":{seq},', f'"seq":{seq + 1},'))


def days(n: float) -> str:
    return timestamp(dt.datetime.now(dt.UTC) + dt.timedelta(days=n))


def nested(depth: int) -> bytes:
    return b'{"envelopes":[{"v":1,"payload":{"x":' + b"[" * depth + b"]" * depth + b"}}]}"


def with_payload(**changes: Any) -> dict[str, Any]:
    return {**PAYLOAD, **changes}


# --- the cases ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[World], bytes]
    reason: str  # a word the reason must contain
    outcome: str = REFUSED
    http: int = 200
    asks_resend: bool = False  # the ack names the sequence number to resend from


CASES = [
    # Who signed it.
    Case("signed-by-an-unknown-key", lambda w: batch(forged(w, w.impostor)), "does not hold"),
    Case("signed-by-a-retired-key", lambda w: batch(forged(w, w.retired)), "retired key"),
    Case("seq-changed-after-signing", tampered_seq, "bad signature"),
    Case(
        "kind-changed-after-signing",
        lambda w: raw_batch(tampered(sealed(w), '"incident.share"', '"incident.shard"')),
        "bad signature",
    ),
    Case(
        "payload-byte-changed-after-signing",
        lambda w: raw_batch(tampered(sealed(w), '"inc-abc"', '"inc-abd"')),
        "bad signature",
    ),
    Case("signature-bytes-altered", altered_signature, "bad signature"),
    Case("signature-of-another-message", borrowed_signature, "bad signature"),
    Case("signature-missing", lambda w: batch(without(json.loads(sealed(w)), "sig")), "envelope: sig"),
    Case(
        "signature-not-base64",
        lambda w: batch({**json.loads(sealed(w)), "sig": "!" * 86 + "=="}),
        "envelope: sig",
    ),
    # Who it is from and to.
    Case("unknown-sender-party", lambda w: batch(forged(w, w.stranger)), "unknown sender AF"),
    Case("addressed-to-another-receiver", lambda w: batch(forged(w, receiver="IN")), "addressed to IN"),
    Case("sender-claims-to-be-pk", lambda w: batch(forged(w, sender="PK")), "claims to come from PK"),
    Case(
        "sender-not-a-party-code",
        lambda w: batch(forged(w, sender="A1")),
        "envelope: sender",
    ),
    # Sequence and replay.
    Case("new-message-reusing-an-old-seq", lambda w: raw_batch(sealed(w, seq=1)), "old sequence number"),
    Case(
        "new-content-reusing-an-applied-id",
        lambda w: batch(forged(w, id=json.loads(w.first)["id"])),
        "already used",
    ),
    Case("gap-seq-ahead", lambda w: raw_batch(sealed(w, seq=w.next_seq() + 1)), "gap", asks_resend=True),
    # Time.
    Case("created-in-the-future", lambda w: batch(forged(w, created=days(10 / 1440))), "future"),
    Case("stale-older-than-30-days", lambda w: batch(forged(w, created=days(-31))), "stale"),
    Case(
        "created-an-impossible-date",
        lambda w: batch(forged(w, created="2026-02-30T00:00:00.000000Z")),
        "created",
    ),
    # Envelope shape.
    Case("wrong-envelope-version", lambda w: batch(forged(w, v=2)), "version 2"),
    Case("version-as-a-string", lambda w: batch(forged(w, v="1")), "version '1'"),
    Case("version-missing", lambda w: batch(without(json.loads(sealed(w)), "v")), "version None"),
    Case("malformed-message-id", lambda w: batch(forged(w, id="not-a-uuid")), "envelope: id"),
    Case("seq-negative", lambda w: batch(forged(w, seq=-1)), "envelope: seq"),
    Case("seq-beyond-2-53", lambda w: batch({**json.loads(sealed(w)), "seq": 2**53 + 1}), "envelope: seq"),
    Case("seq-a-boolean", lambda w: batch(forged(w, seq=True)), "envelope: seq"),
    Case("kind-malformed", lambda w: batch(forged(w, kind="Incident Share")), "envelope: kind"),
    Case("unknown-envelope-field", lambda w: batch(forged(w, extra=1)), "envelope: extra"),
    Case("payload-not-an-object", lambda w: batch(forged(w, payload=[1])), "envelope: payload"),
    Case(
        "payload-number-overflows-to-infinity",
        lambda w: raw_batch(tampered(sealed(w), '"payload":{', '"payload":{"x":1e400,')),
        "malformed payload",
    ),
    Case("envelope-is-an-array", lambda w: batch([json.loads(sealed(w))]), "not list"),
    Case("envelope-is-a-string", lambda w: batch(sealed(w)), "not str"),
    Case(
        "lone-surrogate-in-the-message-id",
        lambda w: batch({**json.loads(sealed(w)), "id": "\ud800"}),
        "envelope: id",
    ),
    Case(
        "nul-in-the-claimed-sender",
        lambda w: batch({**json.loads(sealed(w)), "sender": "\x00\x00"}),
        "envelope: sender",
    ),
    Case(
        "control-kind-sent-to-the-inbox", lambda w: batch(forged(w, kind="exchange.ack")), "control message"
    ),
    Case(
        "oversized-envelope",
        lambda w: raw_batch(sealed(w, payload=with_payload(targets="x" * 1_000_001))),
        "oversized",
    ),
    # Authentic and in sequence, but unusable: it takes its number.
    Case("unknown-kind", lambda w: raw_batch(sealed(w, kind="incident.delete")), "unknown kind", TAKES_SEQ),
    Case(
        "payload-count-not-a-number",
        lambda w: raw_batch(sealed(w, payload=with_payload(killed="many"))),
        "killed",
        TAKES_SEQ,
    ),
    Case(
        "payload-unknown-event-type",
        lambda w: raw_batch(sealed(w, payload=with_payload(type="picnic"))),
        "event type",
        TAKES_SEQ,
    ),
    Case(
        "payload-unknown-field",
        lambda w: raw_batch(sealed(w, payload=with_payload(secret="x"))),
        "secret",
        TAKES_SEQ,
    ),
    Case(
        "payload-without-sources",
        lambda w: raw_batch(sealed(w, payload=with_payload(sources=[]))),
        "sources",
        TAKES_SEQ,
    ),
    # The delivery as a whole.
    Case("empty-body", lambda w: b"", "empty", BODY, 400),
    Case("not-utf-8", lambda w: b'{"envelopes":["\xff\xfe"]}', "UTF-8", BODY, 400),
    Case("malformed-json", lambda w: raw_batch(sealed(w))[:-3], "malformed JSON", BODY, 400),
    Case("body-is-an-array", lambda w: ("[" + sealed(w) + "]").encode(), "delivery", BODY, 400),
    Case("body-with-another-key", lambda w: b'{"envelopes":[],"more":1}', "delivery", BODY, 400),
    Case("envelopes-not-a-list", lambda w: b'{"envelopes":{}}', "delivery", BODY, 400),
    Case(
        "duplicate-json-keys",
        lambda w: raw_batch(tampered(sealed(w), '"v":1', '"v":1,"v":1')),
        "duplicate key 'v'",
        BODY,
        400,
    ),
    Case("nan", lambda w: raw_batch(tampered(sealed(w), '"seq":', '"x":NaN,"seq":')), "NaN", BODY, 400),
    Case(
        "infinity",
        lambda w: raw_batch(tampered(sealed(w), '"seq":', '"x":-Infinity,"seq":')),
        "Infinity",
        BODY,
        400,
    ),
    Case(
        "huge-integer",
        lambda w: raw_batch(tampered(sealed(w), '"seq":', '"seq":1' + "0" * 30 + ',"y":')),
        "digits",
        BODY,
        400,
    ),
    Case("nested-deeper-than-32", lambda w: nested(40), "nested deeper", BODY, 400),
    Case("nested-100000-deep", lambda w: nested(100_000), "nested deeper", BODY, 400),
    Case("batch-of-0", lambda w: batch(), "not 0", BODY, 400),
    Case("batch-of-501", lambda w: batch(*[{}] * (MAX_BATCH + 1)), "not 501", BODY, 400),
    Case(
        "body-over-16-mb",
        lambda w: b'{"envelopes":["' + b"x" * MAX_BODY + b'"]}',
        "oversized",
        BODY,
        413,
    ),
]


# --- what the receiver holds --------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    audit_seq: int
    rejections: int
    inbox: int
    applied: int
    reports: int  # reports from IR
    in_seq: int


def count(session: Session, column: Any, *where: Any) -> int:
    return int(session.scalar(select(func.count(column)).where(*where)) or 0)


def snapshot(url: str) -> Snapshot:
    with session_scope(url) as session:
        return Snapshot(
            audit_seq=int(session.scalar(select(func.max(AuditEntry.seq))) or 0),
            rejections=count(session, ExchangeRejection.id),
            inbox=count(session, InboxMessage.id),
            applied=count(session, InboxMessage.id, InboxMessage.status == "applied"),
            reports=count(session, Report.id, Report.origin == "IR"),
            in_seq=peer_ir(session).in_seq,
        )


def new_audit(url: str, after: int) -> list[AuditEntry]:
    with session_scope(url) as session:
        return list(
            session.scalars(select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq))
        )


def chain_intact(url: str) -> bool:
    with session_scope(url) as session:
        return audit.verify(session).intact


def the_ack(w: World, response: httpx.Response) -> dict[str, Any]:
    """The single acknowledgement in an inbox answer, checked to be PK's signature."""
    assert response.status_code == 200, response.text[:500]
    acks = response.json()["acks"]
    assert len(acks) == 1
    ack = Envelope.model_validate(acks[0])
    assert (ack.kind, ack.sender, ack.seq) == ("exchange.ack", "PK", 0)
    assert signature_valid(ack, w.receiver.signing_key)
    return ack.payload


def assert_invariants(w: World) -> None:
    """Whatever happened: every report from IR comes from an applied message, every number IR used is
    recorded, and the audit chain verifies."""
    now = snapshot(w.url)
    assert now.reports == now.applied
    assert now.in_seq == now.inbox
    assert chain_intact(w.url)


def expected_next(case: Case, before: Snapshot) -> int | None:
    """The sequence number an ack asks for next: after a gap, the first missing one; after a message that
    took its number, the one after it; otherwise none."""
    if case.asks_resend:
        return before.in_seq + 1
    return before.in_seq + 2 if case.outcome == TAKES_SEQ else None


# --- the tests ----------------------------------------------------------------------------------------


def test_a_valid_message_is_applied(world: World) -> None:
    payload = the_ack(world, world.first_response)
    assert (payload["status"], payload["reason"], payload["seq"]) == ("applied", None, 1)
    assert payload["ref"] == json.loads(world.first)["id"]
    with session_scope(world.url) as session:
        report = session.scalars(select(Report).where(Report.shared_ref == "IR:inc-abc")).first()
        assert report is not None and report.origin == "IR" and report.raw == world.first.encode()
        inbox = session.scalars(select(InboxMessage).where(InboxMessage.seq == 1)).one()
        assert (inbox.peer, inbox.status, inbox.subject) == ("IR", "applied", f"report:{report.id}")
        applied = select(AuditEntry.record_id).where(AuditEntry.action == "exchange.apply")
        assert session.scalars(applied.order_by(AuditEntry.seq)).first() == inbox.message_id
    assert_invariants(world)


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in CASES])
def test_a_bad_message_is_rejected_with_a_reason_and_an_audit_entry(world: World, case: Case) -> None:
    body = case.build(world)
    before = snapshot(world.url)
    response = world.post(body)

    # (1) The answer says rejected, with a reason naming the problem.
    if case.outcome == BODY:
        assert response.status_code == case.http, response.text[:500]
        reason = response.json()["error"]
    else:
        ack = the_ack(world, response)
        assert ack["status"] == "rejected"
        reason = ack["reason"]
        assert ack["expected"] == expected_next(case, before)
    assert isinstance(reason, str) and case.reason in reason

    # (2) One audit entry, and the refusal recorded where it belongs.
    entries = new_audit(world.url, before.audit_seq)
    action = "exchange.refuse" if case.outcome == TAKES_SEQ else "exchange.reject"
    assert [entry.action for entry in entries] == [action]
    assert json.loads(entries[0].detail)["reason"][:200] == reason[:200]
    after = snapshot(world.url)
    with session_scope(world.url) as session:
        if case.outcome == TAKES_SEQ:
            row = session.scalars(select(InboxMessage).where(InboxMessage.seq == after.in_seq)).one()
            assert (row.status, row.reason, row.message_id) == ("rejected", reason, entries[0].record_id)
            assert after.rejections == before.rejections
        else:
            assert after.rejections == before.rejections + 1
            row_reason = session.scalars(
                select(ExchangeRejection.reason).order_by(ExchangeRejection.id.desc())
            ).first()
            assert row_reason == reason

    # (3) Nothing applied; the sequence moves only for an authentic message in sequence.
    assert (after.reports, after.applied) == (before.reports, before.applied)
    assert after.in_seq == before.in_seq + (1 if case.outcome == TAKES_SEQ else 0)
    assert after.inbox == before.inbox + (1 if case.outcome == TAKES_SEQ else 0)
    # (4) The chain still verifies.
    assert_invariants(world)


def test_a_replay_is_answered_again_with_no_second_effect(world: World) -> None:
    before = snapshot(world.url)
    first_ack = world.first_response.json()["acks"][0]
    response = world.post(raw_batch(world.first))
    # As inbox.py documents, a replay is answered with the original signed receipt (status "applied"),
    # not a new ack of status "duplicate"; receive() itself reports it as a duplicate.
    assert the_ack(world, response) == first_ack["payload"]
    assert response.json()["acks"] == [first_ack]
    (answer,) = receive(world.url, [json.loads(world.first)])
    assert answer.status == "duplicate" and json.loads(answer.ack) == first_ack
    entries = new_audit(world.url, before.audit_seq)
    assert [entry.action for entry in entries] == ["exchange.duplicate"] * 2
    assert {json.loads(entry.detail)["status"] for entry in entries} == {"applied"}
    assert {entry.record_id for entry in entries} == {first_ack["payload"]["ref"]}
    assert snapshot(world.url) == replace(before, audit_seq=before.audit_seq + 2)  # nothing else moved
    assert_invariants(world)


def test_a_replay_of_a_refused_message_gets_the_same_refusal(world: World) -> None:
    unknown = sealed(world, kind="incident.delete")
    refused = the_ack(world, world.post(raw_batch(unknown)))
    assert refused["status"] == "rejected" and "unknown kind" in refused["reason"]
    before = snapshot(world.url)
    again = the_ack(world, world.post(raw_batch(unknown)))
    assert again == refused
    assert [entry.action for entry in new_audit(world.url, before.audit_seq)] == ["exchange.duplicate"]
    after = snapshot(world.url)
    assert (after.rejections, after.inbox, after.in_seq) == (before.rejections, before.inbox, before.in_seq)
    assert_invariants(world)


def test_receive_batch_itself_refuses_an_oversized_body(world: World) -> None:
    before = snapshot(world.url)
    status, answer = receive_batch(world.url, b" " * (MAX_BODY + 1))
    assert status == 413 and "oversized" in answer["error"]
    assert [entry.action for entry in new_audit(world.url, before.audit_seq)] == ["exchange.reject"]
    assert snapshot(world.url).rejections == before.rejections + 1


def test_after_the_bad_messages_the_next_valid_one_is_applied(world: World) -> None:
    before = snapshot(world.url)
    ack = the_ack(world, world.post(raw_batch(sealed(world, payload=with_payload(id="inc-after")))))
    assert (ack["status"], ack["seq"], ack["expected"]) == ("applied", before.in_seq + 1, before.in_seq + 2)
    after = snapshot(world.url)
    assert (after.reports, after.in_seq) == (before.reports + 1, before.in_seq + 1)
    assert_invariants(world)
