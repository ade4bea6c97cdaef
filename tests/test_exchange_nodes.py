"""Two real nodes: ``sarhad serve`` processes on loopback over TLS, PK on SQLite and IR on PostgreSQL.

A liaison officer on PK shares an incident; it arrives on IR as PK's, IR acknowledges it with a signed
receipt, and both audit logs record it. Then the hard cases: kill -9 of the receiver during a sync and of
the sender between sending and the acknowledgement (every message applied exactly once), the pull
fallback, and a key rotation mid-stream.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from sarhad.store.db import session_scope
from sarhad.store.models import InboxMessage, OutboxMessage, Peer, Report
from support.nodes import Node, make_pair, wait_for
from support.planted import Planted, fuse, incident_of, plant
from support.postgres import create_database, dump

pytestmark = pytest.mark.slow
BULEDA = {"type": "ied", "date": dt.date(2020, 5, 8), "date_precision": "day", "place": "Buleda",
          "admin1": "Balochistan", "country": "PK", "lat": 26.5004, "lon": 63.1146}  # fmt: skip


@pytest.fixture
def pair(tmp_path: Path, pg_admin_url: str) -> Iterator[tuple[Node, Node]]:
    ir_url = create_database(pg_admin_url, f"ir_{secrets.token_hex(4)}")
    pk, ir = make_pair(tmp_path, f"sqlite:///{tmp_path / 'pk.db'}", ir_url)
    yield pk, ir
    pk.stop()
    ir.stop()


def sqlite_pair(tmp_path: Path) -> tuple[Node, Node]:
    return make_pair(tmp_path, f"sqlite:///{tmp_path / 'pk.db'}", f"sqlite:///{tmp_path / 'ir.db'}")


def count(db_url: str, column: Any, *where: Any) -> int:
    with session_scope(db_url) as session:
        return int(session.scalar(select(func.count(column)).where(*where)) or 0)


def delivered(node: Node) -> int:
    return count(node.db_url, OutboxMessage.id, OutboxMessage.status == "delivered")


def applied(node: Node) -> int:
    return count(node.db_url, InboxMessage.id, InboxMessage.status == "applied")


def audit_actions(client: Any) -> list[str]:
    return [entry["action"] for entry in client.get("/api/audit", params={"limit": 200}).json()]


def test_a_shared_incident_arrives_marked_from_pk_and_both_audits_record_it(pair: tuple[Node, Node]) -> None:
    pk, ir = pair
    marker = f"NATMARK{secrets.token_hex(6)}"
    article, field_report = plant(
        pk.db_url,
        [
            Planted("A roadside bomb killed six soldiers near Buleda on Friday.", {**BULEDA, "killed": 6},
                    {"killed": "six soldiers", "place": "Buleda"}, source="Daily Outlet",
                    published=dt.date(2020, 5, 9)),
            Planted(f"Field report {marker}: seven of ours killed at Buleda, device found by {marker}.",
                    {**BULEDA, "killed": 7, "perpetrator": f"cell {marker}"},
                    {"killed": "seven of ours killed", "perpetrator": marker}, kind="field_report",
                    releasability="national", source=f"Unit {marker}"),
        ],
    )  # fmt: skip
    fuse(pk.db_url)
    incident = incident_of(pk.db_url, article)
    assert incident == incident_of(pk.db_url, field_report)
    pk.start()
    ir.start()
    with pk.client("liaison", "amina") as liaison:
        refused = liaison.post(f"/api/incidents/{incident}/share")
        assert refused.status_code == 409 and "national" in refused.json()["detail"]  # never widens by itself
        widened = liaison.post(
            f"/api/incidents/{incident}/releasability",
            json={"releasability": "bilateral", "why": "agreed at the border commission"},
        )
        assert widened.status_code == 200, widened.text
        preview = liaison.get(f"/api/incidents/{incident}/release").json()
        assert preview["withheld"] == [field_report]
        assert preview["payload"]["killed"] == 6 and marker not in str(preview)
        sent = liaison.post(f"/api/incidents/{incident}/share")
        assert sent.status_code == 202, sent.text
        wait_for(lambda: delivered(pk) == 1, what="PK's message to be acknowledged")
        assert liaison.get("/api/audit").status_code == 403  # the audit log is for commanders and admins
    with pk.client("admin") as admin:
        pk_audit = audit_actions(admin)
    assert {"releasability.widen", "incident.share", "exchange.queue", "exchange.delivered"} <= set(pk_audit)

    with ir.client("viewer") as viewer:
        items = wait_for(lambda: viewer.get("/api/incidents").json()["items"], what="the incident on IR")
        assert len(items) == 1 and items[0]["origins"] == ["PK"]
        shared = viewer.get(f"/api/incidents/{items[0]['id']}").json()
        assert shared["killed"]["chosen"] == 6 and shared["perpetrator"] is None
        assert [s["origin"] for s in shared["sources"]] == ["PK"]
        page = viewer.get(f"/incidents/{items[0]['id']}").text
        assert "from PK" in page
    with ir.client("admin") as admin:
        ir_audit = audit_actions(admin)
        assert "exchange.apply" in ir_audit
        inbox = admin.get("/api/exchange").json()["inbox"]
        assert [(m["peer"], m["seq"], m["status"]) for m in inbox] == [("PK", 1, "applied")]
    # The receipt PK holds is IR's signature over "applied".
    with session_scope(pk.db_url) as session:
        ack = session.scalars(select(OutboxMessage.ack)).one()
    assert ack is not None and '"status":"applied"' in ack and '"sender":"IR"' in ack
    for node in (pk, ir):
        assert "audit log intact" in node.cli("audit", "verify").stdout
    assert marker.encode() not in dump(ir.db_url)


def queue_public_incidents(node: Node, how_many: int) -> list[str]:
    """Plant ``how_many`` distinct public incidents on ``node`` and queue each for the peer."""
    sources = [
        Planted(f"Attack number {n} at Saravan.",
                {**BULEDA, "type": "attack", "date": dt.date(2021, 1, 1) + dt.timedelta(days=3 * n)},
                {"type": "Attack"}, source=f"Outlet {n}")
        for n in range(how_many)
    ]  # fmt: skip
    reports = plant(node.db_url, sources)
    fuse(node.db_url)
    ids = sorted({incident_of(node.db_url, r) for r in reports})
    assert len(ids) == how_many
    from sarhad.share.incidents import share_incident

    with session_scope(node.db_url, write=True) as session:
        for incident in ids:
            share_incident(session, incident, "test:liaison")
    return ids


def assert_exactly_once(pk: Node, ir: Node, how_many: int) -> None:
    assert delivered(pk) == how_many
    assert applied(ir) == how_many
    assert count(ir.db_url, Report.id, Report.origin == "PK", Report.read_status == "ok") == how_many
    assert count(ir.db_url, func.distinct(Report.shared_ref), Report.origin == "PK") == how_many
    with session_scope(ir.db_url) as session:
        assert session.get(Peer, "PK").in_seq == how_many  # type: ignore[union-attr]


def test_kill_9_of_the_receiver_during_a_sync_loses_and_doubles_nothing(tmp_path: Path) -> None:
    pk, ir = sqlite_pair(tmp_path)
    total = 500  # three deliveries of up to 200
    try:
        queue_public_incidents(pk, total)
        # IR kills itself after committing a delivery and before answering it: the worst moment.
        ir.start(fault="after-apply")
        pk.start()
        assert ir.wait_exit() != 0
        assert applied(ir) > 0 and delivered(pk) == 0
        ir.start()
        wait_for(lambda: delivered(pk) > 0, every=0.02, what="PK to deliver again")
        ir.kill()  # and a plain kill -9 in the middle of the sync
        assert delivered(pk) < total
        ir.start()
        wait_for(lambda: delivered(pk) == total, what="every message to be acknowledged")
        assert_exactly_once(pk, ir, total)
    finally:
        pk.stop()
        ir.stop()


def test_kill_9_of_the_sender_between_sending_and_the_acknowledgement(tmp_path: Path) -> None:
    pk, ir = sqlite_pair(tmp_path)
    try:
        queue_public_incidents(pk, 3)
        ir.start()
        pk.start(fault="after-send")  # PK dies as IR's acknowledgement arrives, before recording it
        assert pk.wait_exit() != 0
        assert applied(ir) == 3 and delivered(pk) == 0
        pk.start()
        wait_for(lambda: delivered(pk) == 3, what="PK to resend and be acknowledged")
        assert_exactly_once(pk, ir, 3)
        with ir.client("admin") as admin:
            assert audit_actions(admin).count("exchange.duplicate") == 3  # answered again, applied once
    finally:
        pk.stop()
        ir.stop()


def test_pull_when_the_peer_cannot_push(tmp_path: Path) -> None:
    pk, ir = sqlite_pair(tmp_path)
    try:
        with session_scope(pk.db_url, write=True) as session:
            session.get(Peer, "IR").url = "https://127.0.0.1:9"  # type: ignore[union-attr]  # IR is unreachable from PK
        queue_public_incidents(pk, 5)
        pk.start()
        wait_for(
            lambda: count(pk.db_url, OutboxMessage.id, OutboxMessage.attempts > 0) == 5, what="a failed push"
        )
        result = ir.cli("exchange", "pull", "--json")
        assert '"sent": 5' in result.stdout
        wait_for(lambda: delivered(pk) == 5, what="PK to record IR's acknowledgements")
        assert_exactly_once(pk, ir, 5)
        assert ir.cli("exchange", "pull", "--json").returncode == 0  # nothing left, nothing applied twice
        assert applied(ir) == 5
    finally:
        pk.stop()


def test_a_key_rotation_travels_in_sequence(tmp_path: Path) -> None:
    pk, ir = sqlite_pair(tmp_path)
    try:
        queue_public_incidents(pk, 2)
        old_key = pk.identity()["identity"]["key"]
        rotated = pk.cli("node", "rotate-key")
        assert "new key" in rotated.stdout
        new_key = pk.identity()["identity"]["key"]
        assert new_key != old_key
        queue_more = plant(
            pk.db_url,
            [
                Planted(
                    "A clash at Mand.",
                    {**BULEDA, "type": "attack", "place": "Mand", "date": dt.date(2022, 2, 2)},
                    source="Later",
                )
            ],
        )
        fuse(pk.db_url)
        from sarhad.share.incidents import share_incident

        with session_scope(pk.db_url, write=True) as session:
            share_incident(session, incident_of(pk.db_url, queue_more[0]), "test:liaison")
        ir.start()
        pk.start()
        wait_for(lambda: delivered(pk) == 4, what="all four messages")
        with session_scope(ir.db_url) as session:
            peer = session.get(Peer, "PK")
            assert peer is not None and peer.signing_key == new_key and peer.retired_keys == [old_key]
        assert applied(ir) == 4
    finally:
        pk.stop()
        ir.stop()
