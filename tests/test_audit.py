"""The audit log is a hash chain: any entry edited, removed or reordered in the database is found."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from sqlalchemy import text

from sarhad.store import audit
from sarhad.store.db import session_scope


def fill(db_url: str, count: int = 6) -> None:
    for n in range(count):
        with session_scope(db_url, write=True) as session:
            audit.append(session, f"user:u{n}", "test.step", "incident", f"inc-{n}", {"n": n, "why": "é ✓"})


def verdict(db_url: str) -> audit.Verdict:
    with session_scope(db_url) as session:
        return audit.verify(session)


def tamper(db_url: str, sql: str) -> None:
    """Change the log behind Sarhad's back, as someone with database access could."""
    with session_scope(db_url) as session:
        session.connection().exec_driver_sql(sql)


def test_an_untouched_log_verifies(db_url: str) -> None:
    fill(db_url)
    result = verdict(db_url)
    assert result.intact and result.entries == 6 and len(result.head) == 64
    with session_scope(db_url) as session:
        newest = audit.recent(session, 1)[0]
    assert newest["detail"] == {"n": 5, "why": "é ✓"} and newest["hash"] == result.head


@pytest.mark.parametrize(
    ("sql", "finding"),
    [
        (
            "UPDATE audit_entry SET detail = '{\"n\":99}' WHERE seq = 3",
            "entry 3: its content no longer matches",
        ),
        (
            "UPDATE audit_entry SET actor = 'user:someone-else' WHERE seq = 6",
            "entry 6: its content no longer",
        ),
        ("DELETE FROM audit_entry WHERE seq = 4", "entry 5: entries 4–4 are missing"),
        ("UPDATE audit_entry SET seq = seq + 100 WHERE seq IN (2, 3)", "entry 4: entries 2–3 are missing"),
    ],
)
def test_edits_removals_and_reorderings_are_found(db_url: str, sql: str, finding: str) -> None:
    fill(db_url)
    tamper(db_url, sql)
    result = verdict(db_url)
    assert not result.intact
    assert any(finding in str(f) for f in result.findings), result.findings


def test_an_edit_with_a_recomputed_hash_still_breaks_the_next_link(db_url: str) -> None:
    fill(db_url)
    with session_scope(db_url) as session:
        row = session.execute(text("SELECT * FROM audit_entry WHERE seq = 2")).mappings().one()
    forged = audit.entry_hash(
        2, row["at"], "user:forger", row["action"], row["record_kind"], row["record_id"], row["detail"],
        row["prev_hash"],
    )  # fmt: skip
    tamper(db_url, f"UPDATE audit_entry SET actor = 'user:forger', hash = '{forged}' WHERE seq = 2")
    findings = [str(f) for f in verdict(db_url).findings]
    assert findings == ["entry 3: does not follow the entry before it (removed, reordered or edited)"]


def test_swapping_two_entries_is_found(db_url: str) -> None:
    fill(db_url)
    for sql in (
        "UPDATE audit_entry SET seq = -1 WHERE seq = 3",
        "UPDATE audit_entry SET seq = 3 WHERE seq = 4",
        "UPDATE audit_entry SET seq = 4 WHERE seq = -1",
    ):
        tamper(db_url, sql)
    findings = [str(f) for f in verdict(db_url).findings]
    assert "entry 3: does not follow the entry before it (removed, reordered or edited)" in findings
    assert "entry 3: its content no longer matches its hash (edited)" in findings


def test_concurrent_appends_never_fork_the_chain(db_url: str) -> None:
    def work() -> None:
        for _ in range(15):
            with session_scope(db_url, write=True) as session:
                audit.append(session, "thread", "test.concurrent")

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = verdict(db_url)
    assert result.intact and result.entries == 45


def test_sarhad_audit_verify_fails_on_a_log_edited_in_the_database(db_url: str) -> None:
    fill(db_url)
    run = [sys.executable, "-m", "sarhad", "audit", "verify", "--db", db_url]
    good = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0 and "audit log intact: 6 entries" in good.stdout
    tamper(db_url, "UPDATE audit_entry SET action = 'test.innocent' WHERE seq = 2")
    bad = subprocess.run(run, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "audit: entry 2: its content no longer matches its hash (edited)" in bad.stderr


def test_corrections_are_audited(db_url: str) -> None:
    import datetime as dt

    from sarhad.fuse.store import merge_incidents, pin_field
    from support.planted import Planted, fuse, incident_of, plant

    event = {"type": "attack", "date_precision": "day", "place": "Mand", "country": "PK"}
    first, second = plant(
        db_url,
        [
            Planted("An attack at Mand.", {**event, "date": dt.date(2020, 1, 1)}, source="One"),
            Planted("An attack at Mand, later.", {**event, "date": dt.date(2021, 6, 1)}, source="Two"),
        ],
    )
    fuse(db_url)
    a, b = incident_of(db_url, first), incident_of(db_url, second)
    with session_scope(db_url, write=True) as session:
        merge_incidents(session, [a, b], "amina", "the same attack, misdated by one outlet")
    with session_scope(db_url, write=True) as session:
        pin_field(session, incident_of(db_url, first), "killed", 3, "amina", "the commission's figure")
    with session_scope(db_url) as session:
        entries = audit.recent(session, 2, "correction")
    assert [(e["actor"], e["action"]) for e in entries] == [
        ("cli:amina", "correction.pin"),
        ("cli:amina", "correction.merge"),
    ]
    assert entries[0]["detail"] == {"why": "the commission's figure", "field": "killed", "value": 3}
    assert verdict(db_url).intact
