"""What an adversarial review of the exchange found, each case kept as a test: hostile bytes that once cost
a node minutes of CPU or a 500, acknowledgements that named other bytes, a stream wedged by time, a key
lost to a race, an audit entry lost to a savepoint, a worker that died."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sarhad.share import delivery, envelope, inbox, kinds, worker
from sarhad.share.identity import identity_document, init_node, require_node, signing_key
from sarhad.share.incidents import share_incident
from sarhad.share.releasability import release_incident
from sarhad.share.rotation import rotate_key
from sarhad.store import audit
from sarhad.store.db import session_scope
from sarhad.store.models import OutboxMessage, Peer
from support.planted import Planted, fuse, incident_of, plant

EVENT = {"type": "attack", "date": dt.date(2021, 3, 3), "date_precision": "day", "place": "Mand",
         "admin1": "Balochistan", "country": "PK", "lat": 25.9, "lon": 61.9}  # fmt: skip


@pytest.fixture
def pair(tmp_path: Path, db_url: str) -> Iterator[tuple[str, str]]:
    """PK (the ``db_url`` backend) and IR (SQLite), trusting each other, in-process."""
    pk, ir = db_url, f"sqlite:///{tmp_path / 'ir.db'}"
    for url, party in ((pk, "PK"), (ir, "IR")):
        with session_scope(url, write=True) as session:
            init_node(session, party, f"{party} centre", tmp_path / f"{party}-keys", [], "test")
    for url, other in ((pk, ir), (ir, pk)):
        with session_scope(other) as session:
            body = identity_document(require_node(session), "https://unused")["identity"]
        with session_scope(url, write=True) as session:
            session.add(Peer(party=body["party"], name=body["name"], url="https://unused",
                             signing_key=body["key"], tls_cert=body["tls_cert"], retired_keys=[], out_seq=0,
                             in_seq=0))  # fmt: skip
    yield pk, ir


def queue_one(pk: str, text: str = "An attack at Mand.") -> OutboxMessage:
    (report,) = plant(pk, [Planted(text, EVENT, source="Outlet")])
    fuse(pk)
    with session_scope(pk, write=True) as session:
        return share_incident(session, incident_of(pk, report), "user:amina")


def deliver(pk: str, ir: str) -> delivery.Result:
    """What a push does, without HTTP: PK's due messages to IR's inbox, and IR's answers back."""
    with session_scope(pk) as session:
        peer = session.get(Peer, "IR")
        assert peer is not None
        texts = [
            row.envelope for row in delivery.due(session, peer, dt.datetime.max.replace(tzinfo=dt.UTC), 200)
        ]
    status, body = inbox.receive_batch(ir, ('{"envelopes":[' + ",".join(texts) + "]}").encode())
    assert status == 200, body
    result = delivery.Result()
    with session_scope(pk, write=True) as session:
        delivery.record_acks(session, require_node(session), "IR", body["acks"], result)
    return result


def test_duplicate_keys_are_found_in_linear_time() -> None:
    keys = ",".join(f'"k{n}":0' for n in range(200_000))
    with pytest.raises(envelope.BadMessage, match="duplicate key 'k7'"):
        envelope.parse(f'{{{keys},"k7":1}}'.encode(), 16_000_000)  # quadratic, this took hours


def test_an_acknowledgement_of_other_bytes_under_a_message_id_changes_nothing(pair: tuple[str, str]) -> None:
    pk, ir = pair
    message = queue_one(pk)
    forged = {**json.loads(message.envelope), "payload": {"forged": True}}  # its id, other content
    status, body = inbox.receive_batch(ir, json.dumps({"envelopes": [forged]}).encode())
    assert status == 200 and body["acks"][0]["payload"]["status"] == "rejected"
    result = delivery.Result()
    with session_scope(pk, write=True) as session:
        delivery.record_acks(session, require_node(session), "IR", body["acks"], result)
        assert session.get(OutboxMessage, message.id).status == "pending"  # type: ignore[union-attr]
    assert result.rejected == 0 and "acknowledges other bytes" in result.notes[0]
    assert deliver(pk, ir).delivered == 1


def test_a_message_refused_as_stale_is_signed_again_and_gets_through(
    pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pk, ir = pair
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=45)
    monkeypatch.setattr(envelope, "timestamp", lambda moment=None: long_ago.strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    message = queue_one(pk)  # queued before a month and a half without a link
    monkeypatch.undo()
    first = deliver(pk, ir)
    assert (first.requeued, first.delivered, first.rejected) == (1, 0, 0)
    with session_scope(pk) as session:
        row = session.get(OutboxMessage, message.id)
        assert (
            row is not None
            and row.status == "pending"
            and row.attempts == 1
            and "stale" in str(row.last_error)
        )
        assert row.next_attempt_at is not None  # and it waits before trying again
    assert deliver(pk, ir).delivered == 1


def test_a_resend_after_a_key_rotation_is_still_a_duplicate(pair: tuple[str, str]) -> None:
    pk, ir = pair
    message = queue_one(pk)
    with session_scope(pk) as session:
        text = session.get(OutboxMessage, message.id).envelope  # type: ignore[union-attr]
    assert deliver(pk, ir).delivered == 1
    with session_scope(pk, write=True) as session:
        rotate_key(session, "cli:test")
    assert deliver(pk, ir).delivered == 1  # the rotation, in sequence
    (answer,) = inbox.receive(ir, [json.loads(text)])  # the first message again, under the old key
    assert answer.status == "duplicate"


def test_a_rotation_survives_many_signers_at_once(pair: tuple[str, str]) -> None:
    pk, _ = pair
    with session_scope(pk, write=True) as session:
        _, new = rotate_key(session, "cli:test")
    errors: list[Exception] = []

    def sign() -> None:
        try:
            with session_scope(pk) as session:
                signing_key(require_node(session))
        except Exception as exc:  # noqa: BLE001 - whatever a signer thread raises must reach the assert
            errors.append(exc)

    threads = [threading.Thread(target=sign) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with session_scope(pk) as session:
        node = require_node(session)
        assert node.signing_key == new
        folder = Path(node.key_dir)
    assert (folder / "signing-key.pem").exists() and not (folder / "signing-key.next.pem").exists()
    assert len(list((folder / "retired").iterdir())) == 1  # the old key, retired once


def test_a_savepoint_that_fails_keeps_the_audit_entries_before_it(
    pair: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pk, ir = pair
    queue_one(pk, "An attack at Mand.")
    queue_one(pk, "Another attack at Mand, a year on.")
    calls = {"n": 0}
    original = kinds.registry()["incident.share"]

    def flaky_write(session: Any, prepared: list[Any]) -> None:
        calls["n"] += 1
        if len(prepared) > 1 or calls["n"] == 3:  # the bulk write, then the second message alone
            raise ValueError("refused")
        original.write(session, prepared)

    kind = original.__class__(
        original.name, original.payload, original.prepare, flaky_write, original.summary
    )
    monkeypatch.setattr(inbox, "registry", lambda: {kind.name: kind})
    result = deliver(pk, ir)
    assert (result.delivered, result.rejected) == (1, 1)
    with session_scope(ir) as session:
        actions = [e["action"] for e in audit.recent(session, 10, "exchange")]
        assert actions.count("exchange.apply") == 1 and actions.count("exchange.refuse") == 1
        assert audit.verify(session).intact


def test_hostile_claims_are_refused_not_crashed_on(pair: tuple[str, str]) -> None:
    _, ir = pair
    for claims in (
        {"sender": "\ud800" * 16},
        {"id": "\x00" * 40, "sender": "PK\x00"},
        {"kind": "\ud800" * 64},
    ):
        status, body = inbox.receive_batch(ir, json.dumps({"envelopes": [claims]}).encode())
        assert status == 200 and body["acks"][0]["payload"]["status"] == "rejected"


def test_a_payload_with_a_control_character_is_refused_with_a_reason(pair: tuple[str, str]) -> None:
    pk, ir = pair
    message = queue_one(pk)
    with session_scope(pk, write=True) as session:
        row = session.get(OutboxMessage, message.id)
        assert row is not None
        old = json.loads(row.envelope)
        hostile = {**old["payload"], "place": "Ma\x00nd"}
        row.envelope = envelope.seal(
            require_node(session), "IR", old["seq"], old["kind"], hostile, old["id"]
        )[1]
    result = deliver(pk, ir)
    assert result.rejected == 1
    with session_scope(pk) as session:
        assert "control character" in str(session.get(OutboxMessage, message.id).last_error)  # type: ignore[union-attr]


def test_a_source_too_long_for_the_exchange_is_sent_without_it(pair: tuple[str, str]) -> None:
    pk, _ = pair
    (report,) = plant(pk, [Planted("An attack at Mand.", {**EVENT, "place": "M" * 300}, source="Outlet",
                                   url="https://outlet.example/" + "x" * 5000)])  # fmt: skip
    fuse(pk)
    with session_scope(pk, write=True) as session:
        incident = incident_of(pk, report)
        release = release_incident(session, incident, "bilateral", "IR")
        assert release.incident.sources[0].url is None and release.incident.place == "M" * 200


def test_the_worker_survives_a_round_that_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'w.db'}"
    with session_scope(url, write=True) as session:
        session.add(Peer(party="IR", name="x", url="https://x", signing_key="k", tls_cert="c",
                         retired_keys=[], out_seq=0, in_seq=0))  # fmt: skip
    rounds: list[int] = []

    def bad_push(_: str) -> delivery.Result:
        rounds.append(1)
        raise RecursionError("a peer's answer nested too deep")

    monkeypatch.setattr(worker, "push", bad_push)
    running = worker.ExchangeWorker(url, interval=0.01)
    running.start()
    deadline = dt.datetime.now() + dt.timedelta(seconds=20)
    while len(rounds) < 3 and dt.datetime.now() < deadline:
        threading.Event().wait(0.01)
    running.stop()
    running.join(timeout=10)
    assert len(rounds) >= 3


def test_concurrent_deliveries_of_the_same_messages_see_duplicates(pair: tuple[str, str]) -> None:
    pk, ir = pair
    queue_one(pk)
    with session_scope(pk) as session:
        values = [json.loads(row.envelope) for row in session.scalars(select(OutboxMessage))]
    answers: list[str] = []
    threads = [
        threading.Thread(target=lambda: answers.extend(a.status for a in inbox.receive(ir, values)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == ["applied", "duplicate", "duplicate"]


def test_trusting_a_peer_needs_its_key_from_out_of_band(tmp_path: Path) -> None:
    document = tmp_path / "ir.json"
    document.write_text("{}")
    run = [sys.executable, "-m", "sarhad", "node", "trust", "--party", "IR", "--url", "https://ir",
           "--identity", str(document), "--db", f"sqlite:///{tmp_path / 'x.db'}"]  # fmt: skip
    result = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert (
        result.returncode == 2 and "--key" in result.stderr
    )  # the key is the anchor, the file brings the rest
