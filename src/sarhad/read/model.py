"""Output types of the ``read`` stage: one :class:`Article` per report, holding its :class:`Event` mentions.

Field names are a contract: the ``mention`` table and ``sarhad read --json`` both use them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["ok", "off_topic", "unreadable"]
Basis = Literal["claimed", "blamed", "acting"]


# Suicide attacks are their own ACLED sub-event type; the reader sets this when it sees the cue.
ACLED_SUICIDE = "Suicide bomb"
ACLED_ATTACK_ON_CIVILIANS = "Attack"


@dataclass(frozen=True)
class Span:
    """Character offsets into the text given to :meth:`Reader.read` (after header removal)."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Event:
    """One event as one report tells it (a *mention* in DESIGN.md's vocabulary)."""

    type: str
    acled_sub_event_type: str | None = None
    date: dt.date | None = None
    date_precision: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    sector: int | None = None
    side: str | None = None
    distance_km: float | None = None
    killed: int | None = None
    injured: int | None = None
    abducted: int | None = None
    released: int | None = None
    perpetrator: str | None = None
    perpetrator_basis: Basis | None = None
    targets: str | None = None
    parties: str | None = None  # meetings and agreements: the states taking part ("Pakistan; Iran")
    background: bool = False
    confidence: float = 0.5
    spans: dict[str, Span] = field(default_factory=dict)
    weekday: int | None = (
        None  # 0 = Monday: a weekday the report names but could not date (no publication date)
    )
    read_as: str = ""  # the reader's own type, where it reports it as another ("project" as "other")

    def to_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "acled_sub_event_type": self.acled_sub_event_type,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "place": self.place,
            "admin1": self.admin1,
            "admin2": self.admin2,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geo_precision": self.geo_precision,
            "sector": self.sector,
            "side": self.side,
            "distance_km": self.distance_km,
            "killed": self.killed,
            "injured": self.injured,
            "abducted": self.abducted,
            "released": self.released,
            "perpetrator": self.perpetrator,
            "perpetrator_basis": self.perpetrator_basis,
            "targets": self.targets,
            "parties": self.parties,
            "background": self.background,
            "weekday": self.weekday,
            "confidence": round(self.confidence, 3),
            "spans": {name: span.to_json() for name, span in self.spans.items()},
        }


@dataclass
class Article:
    """What ``read`` made of one report."""

    file: str
    published: dt.date | None
    on_topic: bool
    status: Status = "ok"
    reason: str | None = None
    events: list[Event] = field(default_factory=list)
    # where the reference date came from: "header", "text" (a stamp near the top) or "url"
    published_from: str | None = None
    # every year the text names: fusion lets an undated mention join only incidents of these years
    years: list[int] = field(default_factory=list)
    border: str | None = None  # the border pack it was read for ("PK-IR")

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "published": self.published.isoformat() if self.published else None,
            "published_from": self.published_from,
            "years": self.years,
            "border": self.border,
            "on_topic": self.on_topic,
            "status": self.status,
            "reason": self.reason,
            "events": [event.to_json() for event in self.events],
        }
