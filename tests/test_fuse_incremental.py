"""Incremental fusion gives the picture that fusing everything at once gives, in any arrival order.

Reports (written for this test, with mentions chosen to collide: the same places and days, undated
mentions, reprints, recurring crossings, abductions and releases) arrive one at a time in an order
Hypothesis draws; after each, the picture is updated incrementally, and an analyst's correction may
come in between. At the end the incremental picture must equal a full re-fusion of the same store.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, null, select, update

from sarhad.fuse import index_store
from sarhad.fuse.incremental import fuse_new, update_picture
from sarhad.fuse.index_store import invalidate
from sarhad.fuse.store import fuse_session, merge_incidents, pin_field, split_incident
from sarhad.store.db import close_engine, get_engine, migrate, session_scope
from sarhad.store.models import CaseFile, Incident, IncidentField, Mention, Report
from support.places import BULEDA, KECH, MIRJAVEH, TAFTAN

BASE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PLACES = [BULEDA, KECH, MIRJAVEH, TAFTAN, {}]
DATES = [
    (None, None),
    (dt.date(2020, 5, 8), "day"),
    (dt.date(2020, 5, 11), "day"),
    (dt.date(2020, 5, 1), "month"),
    (dt.date(2017, 4, 26), "day"),
    (dt.date(2017, 1, 1), "year"),
]
TYPES = ["attack", "ied", "ambush", "abduction", "hostage_release", "border_closure", "meeting"]
WORDS = [
    "guards",
    "border",
    "attack",
    "killed",
    "militants",
    "convoy",
    "district",
    "officials",
    "said",
    "crossing",
    "closed",
    "talks",
]

mention_values = st.fixed_dictionaries(
    {
        "type": st.sampled_from(TYPES),
        "when": st.sampled_from(DATES),
        "where": st.sampled_from(PLACES),
        "killed": st.sampled_from([None, 5, 6, 11]),
        "abducted": st.sampled_from([None, 12]),
        "perpetrator": st.sampled_from([None, "Baloch Liberation Army", "Jaish al-Adl"]),
        "targets": st.sampled_from([None, "Bajwa; Bagheri", "Bajwa", "border guards"]),
        "background": st.booleans(),
        "weekday": st.sampled_from([None, 0, 4]),
    }
)
report_values = st.fixed_dictionaries(
    {
        "source": st.sampled_from(["Outlet A", "Outlet B", "Outlet C", "Outlet D"]),
        "words": st.lists(st.sampled_from(WORDS), min_size=8, max_size=30),
        "reprint_of": st.one_of(st.none(), st.integers(0, 20)),  # a near-copy of an earlier report's text
        "published": st.sampled_from([None, dt.date(2020, 5, 12), dt.date(2017, 4, 27)]),
        "years": st.sampled_from([[], [2020], [2017], [2017, 2018]]),
        "mentions": st.lists(mention_values, min_size=1, max_size=3),
    }
)
corrections = st.lists(
    st.tuples(st.integers(0, 8), st.sampled_from(["merge", "split", "pin"]), st.integers(0, 1000)), max_size=3
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty, migrated SQLite store, copied for each example (migrating each time would be slow)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    url = f"sqlite:///{path}"
    migrate(get_engine(url))
    close_engine(url)
    yield path


def store_report(url: str, n: int, values: dict[str, Any], texts: list[str]) -> str:
    text = " ".join(values["words"]) + f" report {n}"
    if values["reprint_of"] is not None and texts:
        text = texts[values["reprint_of"] % len(texts)] + " (reprinted)"
    texts.append(text)
    report_id = hashlib.sha256(f"{n}|{text}".encode()).hexdigest()
    with session_scope(url, write=True) as session:
        session.add(
            Report(
                id=report_id, kind="news", source=values["source"], published=values["published"], text=text,
                raw=text.encode(), media_type="text/plain", original_name=f"{n}.txt", meta={},
                releasability="public", intake_at=BASE + dt.timedelta(seconds=n),
                read_at=BASE + dt.timedelta(seconds=n), read_status="ok", named_years=values["years"],
            )
        )  # fmt: skip
        for ordinal, m in enumerate(values["mentions"]):
            date, precision = m["when"]
            session.add(
                Mention(
                    report_id=report_id, ordinal=ordinal, type=m["type"], date=date, date_precision=precision,
                    killed=m["killed"], abducted=m["abducted"], perpetrator=m["perpetrator"],
                    perpetrator_basis="claimed" if m["perpetrator"] else None, targets=m["targets"],
                    background=m["background"], weekday=m["weekday"] if date is None else None,
                    spans={}, confidence=0.8, **m["where"],
                )
            )  # fmt: skip
    return report_id


def correct(url: str, action: str, pick: int) -> None:
    with session_scope(url, write=True) as session:
        ids = sorted(session.scalars(select(Incident.id)))
        if not ids:
            return
        first = ids[pick % len(ids)]
        if action == "merge" and len(ids) > 1:
            merge_incidents(session, [first, ids[(pick + 1) % len(ids)]], "analyst", "one event")
        elif action == "split":
            reports = sorted(
                set(session.scalars(select(Mention.report_id).where(Mention.incident_id == first)))
            )
            if len(reports) > 1:
                split_incident(session, first, [reports[-1]], "analyst", "another event")
        elif action == "pin":
            pin_field(session, first, "killed", pick % 9, "analyst", "official toll")


def picture(url: str) -> dict[str, Any]:
    """Everything fusion writes, with case rows named by their abduction (their ids are serial)."""
    with session_scope(url) as session:
        case_key = {c.id: c.detail.get("key") for c in session.scalars(select(CaseFile))}
        incidents = []
        for row in session.scalars(select(Incident).order_by(Incident.id)):
            record = {c.name: getattr(row, c.name) for c in Incident.__table__.columns}
            record["case_id"] = case_key.get(row.case_id) if row.case_id else None
            incidents.append(record)
        fields = sorted(
            (f.incident_id, f.field, repr(f.value), f.report_id, f.chosen, f.rule or "")
            for f in session.scalars(select(IncidentField))
        )
        links = sorted(
            (m.report_id, m.ordinal, m.incident_id or "", m.cluster_id or "")
            for m in session.scalars(select(Mention))
        )
    return {"incidents": incidents, "fields": fields, "links": links}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(reports=st.lists(report_values, min_size=1, max_size=9), fixes=corrections)
def test_incremental_fusion_equals_fusing_everything(
    template: Path, tmp_path: Path, reports: list[dict[str, Any]], fixes: list[tuple[int, str, int]]
) -> None:
    path = tmp_path / f"store-{hashlib.sha1(repr((reports, fixes)).encode()).hexdigest()[:12]}.db"
    shutil.copy(template, path)
    url = f"sqlite:///{path}"
    texts: list[str] = []
    try:
        for n, values in enumerate(reports):
            store_report(url, n, values, texts)
            with session_scope(url, write=True) as session:
                if n == 0:
                    assert fuse_new(session, []) is None  # no stored index yet: only a full fusion can
                update_picture(session)
            for _ in (f for f in fixes if f[0] == n):
                correct(url, _[1], _[2])
        incremental = picture(url)
        with session_scope(url, write=True) as session:
            fuse_session(session)
        assert picture(url) == incremental
    finally:
        close_engine(url)
        path.unlink(missing_ok=True)


IED = {"type": "ied", "when": DATES[1], "where": PLACES[0], "killed": 6, "abducted": None,
       "perpetrator": None, "targets": None, "background": False, "weekday": None}  # fmt: skip


def fresh_store(template: Path, tmp_path: Path) -> str:
    path = tmp_path / "store.db"
    shutil.copy(template, path)
    return f"sqlite:///{path}"


def one_mention(n: int, mention: dict[str, Any], words: list[str]) -> dict[str, Any]:
    """A report of one mention, from a source of its own, in a text that names 2020."""
    return {"source": f"S{n}", "words": words, "reprint_of": None, "published": None, "years": [2020],
            "mentions": [mention]}  # fmt: skip


def test_a_new_report_touches_only_its_incident(template: Path, tmp_path: Path) -> None:
    url, texts = fresh_store(template, tmp_path), list[str]()
    other = {**IED, "type": "border_closure", "when": DATES[4], "where": PLACES[3], "killed": None}
    for n, mention in enumerate([IED, other]):
        store_report(url, n, one_mention(n, mention, WORDS), texts)
    with session_scope(url, write=True) as session:
        update_picture(session)
    store_report(url, 2, one_mention(2, {**IED, "killed": 5}, WORDS[::-1]), texts)
    with session_scope(url, write=True) as session:
        outcome = update_picture(session)
    assert outcome is not None and outcome.mentions == 1
    assert outcome.loaded_clusters == 1  # the IED's cluster, not the 2017 closure's
    assert len(outcome.incidents) == 1
    close_engine(url)


def test_ingesting_report_by_report_equals_one_fusion(db_url: str, shared_dir: Path) -> None:
    """The shipped command, one seed file per run (each run adds to the picture incrementally), on SQLite
    and PostgreSQL: the picture equals a full re-fusion of the same store."""
    from typer.testing import CliRunner

    from sarhad.cli import app

    runner = CliRunner()
    for path in sorted((shared_dir / "seeds").iterdir()):
        assert runner.invoke(app, ["ingest", str(path), "--db", db_url]).exit_code == 0
    incremental = picture(db_url)
    assert incremental["incidents"]
    with session_scope(db_url, write=True) as session:
        fuse_session(session)
    assert picture(db_url) == incremental


def two_reports(template: Path, tmp_path: Path) -> tuple[str, list[str]]:
    """Two reports of one IED fused, and a third stored but not yet fused: (url, the first two's ids)."""
    url, texts = fresh_store(template, tmp_path), list[str]()
    ids = [store_report(url, n, one_mention(n, IED, WORDS[n:]), texts) for n in range(2)]
    with session_scope(url, write=True) as session:
        update_picture(session)
    store_report(url, 2, one_mention(2, IED, WORDS[::-1]), texts)
    return url, ids


def test_mentions_that_left_the_picture_force_a_full_fusion(template: Path, tmp_path: Path) -> None:
    """A newer share of an incident deletes the older report's mention; whatever removes a clustered
    mention, the next update is a full fusion, never an increment over a picture that lost it."""
    url, ids = two_reports(template, tmp_path)
    with session_scope(url, write=True) as session:
        session.execute(delete(Mention).where(Mention.report_id == ids[0]))
        assert update_picture(session) is None  # the count of clustered mentions fell: full
    incremental = picture(url)
    with session_scope(url, write=True) as session:
        fuse_session(session)
    assert picture(url) == incremental
    with session_scope(url, write=True) as session:
        invalidate(session)  # what superseding a shared report does
        assert fuse_new(session, []) is None


def test_large_batches_of_new_reports_are_queried_in_chunks(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL takes at most 65,535 parameters a statement: every id list goes in chunks (here of 1)."""
    monkeypatch.setattr(index_store, "CHUNK", 1)
    url, _ = two_reports(template, tmp_path)
    with session_scope(url, write=True) as session:
        outcome = update_picture(session)
    assert outcome is not None and outcome.mentions == 1
    incremental = picture(url)
    with session_scope(url, write=True) as session:
        fuse_session(session)
    assert picture(url) == incremental
    close_engine(url)


def test_reports_read_before_years_were_kept_get_them_on_the_next_full_fusion(
    template: Path, tmp_path: Path
) -> None:
    url, ids = two_reports(template, tmp_path)
    with session_scope(url, write=True) as session:
        session.execute(update(Report).values(named_years=null()))  # as the migration leaves them
        fuse_session(session)
        report = session.get(Report, ids[0])
        assert report is not None and report.named_years == []  # backfilled from its text (it names none)
    close_engine(url)
