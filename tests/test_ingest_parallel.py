"""Reading in worker processes stores exactly what reading in one process stores, and fuses the same
picture; a report the reader fails on costs only itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from sarhad import pipeline
from sarhad.intake.ingest import discover, ingest
from sarhad.pipeline import ProcessSummary, process
from sarhad.store.db import close_engine, session_scope
from sarhad.store.models import Incident, Mention, Report

DEMO = Path(__file__).resolve().parents[1] / "src" / "sarhad" / "demo" / "reports"


def stored(url: str) -> dict[str, Any]:
    with session_scope(url) as session:
        mentions = sorted(
            (m.report_id, m.ordinal, m.type, str(m.date), m.place, m.killed, m.incident_id)
            for m in session.scalars(select(Mention))
        )
        reports = sorted(
            (r.id, r.read_status, r.named_years == [] or r.named_years)
            for r in session.scalars(select(Report))
        )
        incidents = sorted((i.id, i.type, str(i.date), i.killed) for i in session.scalars(select(Incident)))
    return {"mentions": mentions, "reports": reports, "incidents": incidents}


def test_worker_processes_read_what_one_process_reads(
    tmp_path: Path, shared_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 1)
    monkeypatch.setattr(pipeline, "READ_BATCH", 4)  # several batches, put back in order
    inputs = [DEMO, shared_dir / "seeds", shared_dir / "corpus" / "dev" / "articles"]
    results: dict[int, tuple[dict[str, Any], ProcessSummary]] = {}
    for workers in (1, 2):
        url = f"sqlite:///{tmp_path / f'w{workers}.db'}"
        ingest(list(discover(inputs)), url)
        summary = process(url, workers=workers)
        results[workers] = (stored(url), summary)
        close_engine(url)
    assert results[1][0] == results[2][0]
    assert results[1][1].read == results[2][1].read > 30
    assert results[1][1].mentions == results[2][1].mentions
