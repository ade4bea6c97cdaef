"""The inbox applies a delivery in bulk, and falls back to one message at a time when the bulk write
fails, so a message that cannot be written costs only itself."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sarhad.share import inbox, kinds
from sarhad.share.envelope import seal
from sarhad.share.identity import init_node
from sarhad.store import audit
from sarhad.store.db import session_scope
from sarhad.store.models import InboxMessage, NodeIdentity, Peer


class Note(BaseModel):
    text: str


WRITTEN: list[str] = []


def prepare_note(received: kinds.Received, note: Note) -> kinds.Prepared:
    return kinds.Prepared(f"note:{note.text}", note.text)


def write_notes(session: Session, prepared: list[kinds.Prepared]) -> None:
    if any(item.data == "poison" for item in prepared):
        raise ValueError("the database refuses this one")
    WRITTEN.extend(str(item.data) for item in prepared)


NOTE = kinds.MessageKind("test.note", Note, prepare_note, write_notes, lambda payload: str(payload))


@pytest.fixture
def nodes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, NodeIdentity]]:
    receiver, sender = f"sqlite:///{tmp_path / 'pk.db'}", f"sqlite:///{tmp_path / 'ir.db'}"
    with session_scope(sender, write=True) as session:
        ir = init_node(session, "IR", "Zahedan", tmp_path / "ir-keys", [], "test")
        session.expunge(ir)
    with session_scope(receiver, write=True) as session:
        init_node(session, "PK", "Quetta", tmp_path / "pk-keys", [], "test")
        session.add(Peer(party="IR", name="Zahedan", url="https://ir", signing_key=ir.signing_key,
                         tls_cert=ir.tls_cert, retired_keys=[], out_seq=0, in_seq=0))  # fmt: skip
    with_note = {**kinds.registry(), NOTE.name: NOTE}
    monkeypatch.setattr(inbox, "registry", lambda: with_note)
    WRITTEN.clear()
    yield receiver, ir


def notes(ir: NodeIdentity, *texts: str, first: int = 1) -> list[Any]:
    return [json.loads(seal(ir, "PK", first + n, NOTE.name, {"text": t})[1]) for n, t in enumerate(texts)]


def test_a_delivery_is_written_in_bulk(nodes: tuple[str, NodeIdentity]) -> None:
    receiver, ir = nodes
    answers = inbox.receive(receiver, notes(ir, "one", "two", "three"))
    assert [a.status for a in answers] == ["applied"] * 3
    assert WRITTEN == ["one", "two", "three"]


def test_a_message_the_bulk_write_cannot_take_costs_only_itself(nodes: tuple[str, NodeIdentity]) -> None:
    receiver, ir = nodes
    answers = inbox.receive(receiver, notes(ir, "one", "poison", "three"))
    assert [a.status for a in answers] == ["applied", "rejected", "applied"]
    assert "could not be written: ValueError" in answers[1].ack
    assert WRITTEN == ["one", "three"]  # the failed bulk write left nothing behind
    with session_scope(receiver) as session:
        statuses = list(session.scalars(select(InboxMessage.status).order_by(InboxMessage.seq)))
        assert statuses == ["applied", "rejected", "applied"]
        assert session.get(Peer, "IR").in_seq == 3  # type: ignore[union-attr]
        assert session.scalar(select(func.count(InboxMessage.id))) == 3
        assert audit.verify(session).intact
