"""The contracts: `sarhad read --json` and the JSON API's answers match their pydantic models, and
/openapi.json carries the response schemas."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from sarhad.api.responses import IncidentDetail, IncidentRecord, ReportRecord
from sarhad.read.contract import ArticleOut
from sarhad.store.db import session_scope
from sarhad.store.models import Incident, Report

DEMO = Path(__file__).resolve().parents[1] / "src" / "sarhad" / "demo" / "reports"


def test_read_json_is_its_contract() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sarhad", "read", str(DEMO), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    lines = done.stdout.splitlines()
    assert len(lines) >= 10
    articles = [ArticleOut.model_validate_json(line) for line in lines]  # extra keys are refused
    assert any(a.events and a.events[0].spans for a in articles)


def test_the_models_name_every_field_the_store_gives(tmp_path: Path) -> None:
    """No field reaches a client without its model knowing of it (the models allow extras only so that
    an unknown one is never dropped)."""
    from sarhad.api import queries
    from sarhad.store.queries import get_incident, incident_corrections

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    subprocess.run(
        [sys.executable, "-m", "sarhad", "ingest", str(DEMO), "--db", url], check=True, timeout=300
    )
    with session_scope(url) as session:
        incident_ids = list(session.scalars(Incident.__table__.select().with_only_columns(Incident.id)))
        for incident_id in incident_ids:
            record = get_incident(session, incident_id)
            assert record is not None
            detail = IncidentDetail.model_validate(
                {**record, "corrections": incident_corrections(session, incident_id)}
            )
            assert detail.model_extra == {}, detail.model_extra
            assert IncidentRecord.model_validate(record).killed is not None
        report_id = session.scalars(Report.__table__.select().with_only_columns(Report.id)).first()
        report = queries.get_report(session, str(report_id))
        assert ReportRecord.model_validate(report).model_extra == {}


def test_openapi_has_the_response_schemas() -> None:
    spec = _spec()
    schemas = spec["components"]["schemas"]
    assert {"IncidentPage", "IncidentDetail", "ReportRecord", "FeatureCollection", "SourcedCount"} <= set(
        schemas
    )
    ok = spec["paths"]["/api/incidents"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/IncidentPage"}


def test_every_json_route_declares_its_answer() -> None:
    """Every route of the API answers with a schema that names its fields or types its values (no bare
    "any object"), or with files of named media types."""
    from fastapi import FastAPI

    from sarhad.api import corrections, exchange, exports, routes

    app = FastAPI()
    for module in (routes, exchange, exports, corrections):
        app.include_router(module.router)
    loose = []
    for path, operations in app.openapi()["paths"].items():
        for method, operation in operations.items():
            ok = next(v for k, v in operation["responses"].items() if k.startswith("2"))
            content = ok.get("content", {})
            if content and set(content) != {"application/json"}:
                continue  # files: CSV, GeoJSON, JSON
            schema = content.get("application/json", {}).get("schema", {})
            if not _declared(schema.get("items", schema)):
                loose.append(f"{method.upper()} {path}")
    assert loose == []


def _declared(schema: dict[str, Any]) -> bool:
    extra = schema.get("additionalProperties")
    return "$ref" in schema or (isinstance(extra, dict) and extra.get("additionalProperties") is not True)


def _spec() -> dict[str, Any]:
    from fastapi.openapi.utils import get_openapi

    from sarhad.api.routes import router

    return get_openapi(title="sarhad", version="test", routes=router.routes)


def test_the_node_and_audit_answers_match_their_models(tmp_path: Path) -> None:
    from sarhad.api.geo import crossings, sectors
    from sarhad.api.responses import AuditRecord, CrossingPoint, ExchangeOverview, NodeInfo, SectorList
    from sarhad.share.identity import describe_node, load_node
    from sarhad.share.status import overview
    from sarhad.store import audit

    url = f"sqlite:///{tmp_path / 'node.db'}"
    demo = [sys.executable, "-m", "sarhad", "demo", "node", "--party", "PK", "--db", url]
    subprocess.run(demo, check=True, timeout=300, capture_output=True, cwd=tmp_path)  # keys go beside it
    with session_scope(url) as session:
        entries = audit.recent(session, 50)
        assert entries
        assert all(AuditRecord.model_validate(entry).model_extra == {} for entry in entries)
        node = load_node(session)
        assert node is not None
        info = NodeInfo.model_validate({"node": describe_node(node), "peers": []})
        assert info.node is not None and info.node.party == "PK" and info.node.model_extra == {}
        seen = ExchangeOverview.model_validate(overview(session))
        assert seen.node is not None and seen.node.fingerprint == info.node.fingerprint
        assert seen.model_extra == {} and seen.counts.outbox == {} and seen.outbox == []
    listed = SectorList.model_validate(
        {"window": {"since": None, "until": None, "days": 365}, "sectors": sectors(("PK", "IR"), {})}
    )
    assert listed.sectors and all(s.model_extra == {} for s in listed.sectors)
    points = [CrossingPoint.model_validate(c) for c in crossings(("PK", "IR"))]
    assert points and all(p.model_extra == {} for p in points)
