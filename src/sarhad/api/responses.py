"""What the JSON API answers, as pydantic models: the response schemas of ``/openapi.json``.

Models name every field a client may rely on; ``extra="allow"`` keeps a field added by the store from
being dropped silently before its model learns of it (tests compare the two)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from sarhad.read.contract import SpanOut


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class SourcedValue(_Open):
    """One report's value for a field of an incident, and whether fusion chose it."""

    value: Any
    report: str
    mention: int
    span: SpanOut | None = None
    chosen: bool
    rule: str | None = None


class SourcedCount(_Open):
    """A toll: the chosen figure, the range the sources give, and every source's figure."""

    chosen: int | None
    low: int | None
    high: int | None
    values: list[SourcedValue]


class ActorRole(_Open):
    """A role in the event (responsible party, acting authority, participant...) with its basis."""

    role: str
    name: str
    basis: str | None = None


class SourceRef(_Open):
    """A report that told the incident."""

    hash: str
    file: str | None = None
    source: str | None = None
    published: str | None = None
    releasability: str | None = None
    origin: str | None = None
    role: str | None = None


class IncidentRecord(_Open):
    """One incident as the list gives it: the chosen values, their sources and their conflicts. Every
    value may be null: an incident knows only what its reports told."""

    id: str
    type: str
    date: str | None = None
    date_precision: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    sector: int | None = None
    side: str | None = None
    killed: SourcedCount | None = None
    injured: SourcedCount | None = None
    abducted: SourcedCount | None = None
    released: SourcedCount | None = None
    roles: list[ActorRole] = []
    perpetrator: str | None = None
    summary: str | None = None
    corroboration: Literal["single", "repeated", "independent", "official", "confirmed"] | None = None
    independent_sources: int | None = None
    recalled: bool | None = None
    geo_precision: int | str | None = None
    releasability: str | None = None
    conflicts: dict[str, Any] = {}
    sources: list[SourceRef] = []
    origins: list[Any] = []
    first_reported: str | None = None
    last_updated: str | None = None


class IncidentDetail(IncidentRecord):
    """One incident with every field's sourced values and the analysts' corrections."""

    fields: dict[str, list[SourcedValue]] = {}
    corrections: list[dict[str, Any]] = []


class IncidentPage(_Open):
    total: int
    page: int
    per_page: int
    pages: int
    items: list[IncidentRecord]


class ReportMention(_Open):
    """An event read from a report, and the incident it joined."""

    id: int
    ordinal: int
    type: str
    date: str | None
    place: str | None
    killed: int | None
    injured: int | None
    abducted: int | None
    released: int | None
    perpetrator: str | None
    background: bool
    incident: str | None
    spans: dict[str, SpanOut]


class ReportRecord(_Open):
    """A stored report, its text and the events read from it."""

    id: str
    kind: str | None
    source: str | None
    title: str | None
    url: str | None
    published: str | None
    language: str | None
    file: str | None
    releasability: str
    origin: str | None
    read_status: str | None
    text: str
    mentions: list[ReportMention]


class Feature(_Open):
    type: Literal["Feature"]
    geometry: dict[str, Any] | None
    properties: dict[str, Any]


class FeatureCollection(_Open):
    """GeoJSON (RFC 7946); a paged collection also says its total, page and pages."""

    type: Literal["FeatureCollection"]
    features: list[Feature]


class NodeRef(_Open):
    party: str
    name: str


class Me(_Open):
    """The signed-in user, their role and what it permits, and this node."""

    name: str
    role: str
    via: str
    permissions: list[str]
    node: NodeRef | None = None


class AuditRecord(_Open):
    """One entry of the hash-chained audit log."""

    seq: int
    at: dt.datetime | str | None = None
    actor: str | None = None
    action: str
    record_kind: str | None = None
    record_id: str | None = None
    detail: dict[str, Any] | list[Any] | None = None
    hash: str


class Sector(_Open):
    """A stretch of the border: where it starts and ends along the line, its districts on each side, and
    the incidents in the window."""

    id: int
    start_km: float
    end_km: float
    length_km: float | None = None
    admin: dict[str, dict[str, list[str]]] = {}
    incidents: int = 0


class Window(_Open):
    since: str | None = None
    until: str | None = None
    days: int


class SectorList(_Open):
    window: Window
    sectors: list[Sector]


class CrossingPoint(_Open):
    """An official crossing point and its status."""

    name: str
    lat: float | None = None
    lon: float | None = None
    status: str | None = None
    opened: str | int | None = None
    sector: int | None = None
    along_km: float | None = None
    sides: dict[str, str | None] = {}
    source: Any = None


class ReleasePreview(_Open):
    """Exactly what the other party would receive, and what the filter withholds."""

    payload: dict[str, Any]
    withheld: Any = None


class NodeIdentity(_Open):
    """A node's public identity: its party, name and keys."""

    party: str
    name: str
    key: str
    fingerprint: str
    tls_fingerprint: str | None = None
    created_at: str | None = None


class PeerRow(_Open):
    """A trusted peer and the sequence numbers each way."""

    party: str
    name: str
    url: str | None = None
    key: str
    fingerprint: str
    tls_fingerprint: str | None = None
    retired_keys: int
    sent: int
    received: int
    trusted_at: str


class NodeInfo(_Open):
    """This node's identity and the peers it trusts."""

    node: NodeIdentity | None = None
    peers: list[PeerRow] = []


class OutboxRow(_Open):
    """A message queued for, or delivered to, the peer."""

    id: str
    peer: str
    seq: int
    kind: str
    summary: str
    subject: str | None = None
    created_at: str | None = None
    status: str
    attempts: int
    next_attempt_at: str | None = None
    delivered_at: str | None = None
    last_error: str | None = None


class InboxRow(_Open):
    """A message received from the peer and what became of it."""

    id: str
    peer: str
    seq: int
    kind: str
    summary: str
    subject: str | None = None
    received_at: str
    status: str
    reason: str | None = None


class RejectionRow(_Open):
    """A message refused before it had a place in the sequence (bad signature, too large, ...)."""

    at: str
    peer: str | None = None
    id: str | None = None
    seq: int | None = None
    kind: str | None = None
    reason: str
    size: int | None = None
    digest: str | None = None


class ExchangeCounts(_Open):
    outbox: dict[str, int]
    inbox: dict[str, int]


class ExchangeOverview(_Open):
    """This node, its peer, and the messages each way."""

    node: NodeIdentity | None = None
    peers: list[PeerRow]
    counts: ExchangeCounts
    outbox: list[OutboxRow]
    inbox: list[InboxRow]
    rejections: list[RejectionRow]


class ReleasabilityChanged(_Open):
    id: str
    releasability: str


class Corrected(_Open):
    """The incident a correction leaves (the merged one, the one split off, the pinned one)."""

    incident: str
