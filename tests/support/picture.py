"""A small fused picture built straight through the ORM, so web tests do not depend on reading or fusion.

One incident (Buleda IED) has three reports that disagree on ``killed`` (6, 6 and 8); four others differ
in type, month, sector, side and corroboration, and one of them has no coordinates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from sarhad.geo.border import load_border
from sarhad.store.db import session_scope
from sarhad.store.models import Incident, IncidentField, Mention, Report

BULEDA = "inc-test-buleda"
SARAVAN = "inc-test-saravan"
MAND = "inc-test-mand"
TAFTAN = "inc-test-taftan"
UNPLACED = "inc-test-unplaced"
ALL_IDS = (BULEDA, SARAVAN, MAND, TAFTAN, UNPLACED)


@dataclass(frozen=True)
class Source:
    outlet: str
    published: dt.date
    text: str
    values: dict[str, Any]  # field -> value this report gives
    spans: dict[str, str]  # field -> the words it was read from (must occur in text)
    kind: str = "news"


@dataclass(frozen=True)
class Spec:
    id: str
    type: str
    date: dt.date
    place: str | None
    lat: float | None
    lon: float | None
    country: str | None
    killed: int | None
    corroboration: str
    sources: tuple[Source, ...]


def _source(outlet: str, day: int, killed: int, text: str, words: str) -> Source:
    values = {"type": "ied", "date": "2020-05-08", "place": "Buleda", "killed": killed}
    return Source(outlet, dt.date(2020, 5, day), text, values, {"place": "Buleda", "killed": words})


SPECS = (
    Spec(
        BULEDA, "ied", dt.date(2020, 5, 8), "Buleda", 26.5004, 63.1146, "PK", 6, "independent",
        (
            _source("Outlet A", 8, 6, "Six soldiers were killed by a roadside bomb near Buleda.",
                    "Six soldiers"),
            _source("Outlet B", 9, 6, "A bomb near Buleda killed six Frontier Corps men.",
                    "six Frontier Corps men"),
            _source("Outlet C", 10, 8, "Eight troops died in the Buleda blast, officials said.",
                    "Eight troops"),
        ),
    ),
    Spec(
        SARAVAN, "attack", dt.date(2024, 1, 18), "Saravan", 27.37089, 62.33096, "IR", 9, "single",
        (Source("Outlet D", dt.date(2024, 1, 18), "Nine people were killed in Saravan.",
                {"type": "attack", "place": "Saravan", "killed": 9}, {"killed": "Nine people"}),),
    ),
    Spec(
        MAND, "smuggling_seizure", dt.date(2021, 3, 4), "Mand", 26.0697, 61.8152, "PK", None, "official",
        (Source("Sector Desk", dt.date(2021, 3, 5), "Fuel seized at Mand.",
                {"type": "smuggling_seizure", "place": "Mand"}, {"place": "Mand"}, "field_report"),),
    ),
    Spec(
        TAFTAN, "border_closure", dt.date(2020, 2, 23), "Taftan", 28.94687, 61.58661, "PK", None, "single",
        (Source("Outlet A", dt.date(2020, 2, 24), "The Taftan crossing was closed.",
                {"type": "border_closure", "place": "Taftan"}, {"place": "Taftan"}),),
    ),
    Spec(
        UNPLACED, "abduction", dt.date(2018, 10, 1), None, None, None, None, None, "single",
        (Source("Outlet B", dt.date(2018, 10, 17), "Guards were abducted in October.",
                {"type": "abduction"}, {"type": "abducted"}),),
    ),
)  # fmt: skip


def _span(text: str, words: str) -> dict[str, Any]:
    start = text.index(words)
    return {"start": start, "end": start + len(words), "text": words}


def _report(src: Source, incident_id: str, n: int) -> Report:
    body = f"{src.text} [{incident_id}:{n}]"
    return Report(
        id=hashlib.sha256(body.encode()).hexdigest(),
        kind=src.kind,
        source=src.outlet,
        title=f"{src.outlet}: {src.text[:40]}",
        published=src.published,
        language="en",
        text=body,
        raw=body.encode(),
        media_type="text/plain",
        original_name=f"seed/{incident_id}-{n}.txt",
        read_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        read_status="ok",
    )


def _incident(spec: Spec, sector: int | None, side: str | None) -> Incident:
    return Incident(
        id=spec.id, type=spec.type, date=spec.date, date_precision="day", place=spec.place,
        lat=spec.lat, lon=spec.lon, country=spec.country, sector_id=sector, side=side,
        killed=spec.killed, corroboration=spec.corroboration,
        first_reported=dt.datetime.combine(min(s.published for s in spec.sources), dt.time(), dt.UTC),
    )  # fmt: skip


def _placement(spec: Spec) -> tuple[int | None, str | None]:
    if spec.lat is None or spec.lon is None:
        return None, None
    where = load_border(("PK", "IR")).locate(spec.lon, spec.lat)
    return where.sector_id, where.side


def seed_picture(db_url: str) -> dict[str, int | None]:
    """Write the picture into an empty database; returns each incident's sector."""
    sectors: dict[str, int | None] = {}
    with session_scope(db_url) as session:
        for spec in SPECS:
            sector, side = _placement(spec)
            sectors[spec.id] = sector
            session.add(_incident(spec, sector, side))
            session.flush()
            for n, src in enumerate(spec.sources):
                report = _report(src, spec.id, n)
                values = {**src.values, **({"sector": sector} if sector else {})}
                spans = {f: _span(report.text, w) for f, w in src.spans.items()}
                mention = Mention(
                    report=report, ordinal=0, type=str(values["type"]), date=spec.date, place=spec.place,
                    lat=spec.lat, lon=spec.lon, killed=values.get("killed"), sector_id=sector,
                    incident_id=spec.id, spans=spans,
                )  # fmt: skip
                session.add_all([report, mention])
                session.flush()
                for name, value in values.items():
                    # Sector and date are stored in other types on the incident; every source agrees on them.
                    chosen = name in ("date", "sector") or value == getattr(spec, name, None)
                    session.add(
                        IncidentField(
                            incident_id=spec.id, field=name, value=value, mention_id=mention.id,
                            report_id=report.id, span=spans.get(name), chosen=chosen,
                            rule="most_sources_then_latest" if chosen else None,
                        )
                    )  # fmt: skip
    return sectors
