"""The contract of ``sarhad read --json`` (one line per article) as pydantic models: what scripts and the
API may rely on. ``Article.to_json`` produces it; tests validate real output against it, and the API's
OpenAPI schema uses its parts."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Precision = Literal["day", "week", "month", "year"]


class SpanOut(BaseModel):
    """Where a value came from: character offsets into the report's text, and the text itself."""

    model_config = ConfigDict(extra="forbid")
    start: int
    end: int
    text: str


class EventOut(BaseModel):
    """One event as one report tells it."""

    model_config = ConfigDict(extra="forbid")
    type: str
    acled_sub_event_type: str
    date: str | None
    date_precision: Precision | None
    # with --alone absent, where the date came from: the report itself or, for an undatable mention,
    # another report of the same incident
    date_from: Literal["report", "fusion"] | None = None
    place: str | None
    admin1: str | None
    admin2: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geo_precision: str | None
    sector: int | None
    side: str | None
    distance_km: float | None
    killed: int | None
    injured: int | None
    abducted: int | None
    released: int | None
    perpetrator: str | None
    perpetrator_basis: Literal["claimed", "blamed", "acting"] | None
    targets: str | None
    parties: str | None
    background: bool
    weekday: int | None
    confidence: float
    spans: dict[str, SpanOut]


class ArticleOut(BaseModel):
    """What ``read`` made of one report."""

    model_config = ConfigDict(extra="forbid")
    file: str
    published: str | None
    published_from: Literal["header", "text", "url"] | None = None
    years: list[int] = []
    border: str | None = None
    on_topic: bool
    status: Literal["ok", "off_topic", "unreadable"]
    reason: str | None
    events: list[EventOut]
