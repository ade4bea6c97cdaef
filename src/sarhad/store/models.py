"""The tables behind Sarhad's vocabulary (see docs/DESIGN vocabulary).

Every stage writes through these models; the schema itself is owned by the Alembic migrations in
``sarhad/store/migrations`` and a test checks that the two never drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import (
    false as sa_false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names keep migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

RELEASABILITY = ("national", "bilateral", "public")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012 - SQLAlchemy API


class Report(Base):
    """One raw input, immutable once stored. Its id is the hash of its content."""

    __tablename__ = "report"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the canonical content
    kind: Mapped[str] = mapped_column(String(32))  # news | field_report | liaison
    source: Mapped[str | None] = mapped_column(String(200))  # outlet or reporting unit
    url: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)  # the bytes exactly as they arrived
    media_type: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(Text)  # file name (and line for JSONL) it came from
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)  # any further metadata fields given
    releasability: Mapped[str] = mapped_column(String(16), default="national")
    # Reports that arrived through the exchange: the party whose node sent them, and the record they share
    # ("IR:inc-…"), so a newer version of the same shared record supersedes the older one.
    origin: Mapped[str | None] = mapped_column(String(8))
    shared_ref: Mapped[str | None] = mapped_column(String(120), index=True)
    intake_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    read_status: Mapped[str | None] = mapped_column(String(32))  # ok | off_topic | unreadable
    read_note: Mapped[str | None] = mapped_column(Text)
    # The years its text names: an undated event it tells may join only incidents of those years.
    named_years: Mapped[list[int] | None] = mapped_column(JSON)

    mentions: Mapped[list[Mention]] = relationship(back_populates="report", cascade="all, delete-orphan")


class IntakeFailure(Base):
    """An input that could not be stored, kept so failures can be listed again later."""

    __tablename__ = "intake_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    input: Mapped[str] = mapped_column(Text, index=True)  # path as given
    line: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Mention(Base):
    """One event as one report tells it, with the text spans each value came from."""

    __tablename__ = "mention"
    __table_args__ = (UniqueConstraint("report_id", "ordinal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)  # position of the event within its report
    type: Mapped[str] = mapped_column(String(32), index=True)
    acled_sub_event_type: Mapped[str | None] = mapped_column(String(64))
    date: Mapped[dt.date | None] = mapped_column(Date)
    date_precision: Mapped[str | None] = mapped_column(String(8))  # day | week | month | year
    place: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[str | None] = mapped_column(String(16))
    admin1: Mapped[str | None] = mapped_column(String(100))
    admin2: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    sector_id: Mapped[int | None] = mapped_column(Integer)
    side: Mapped[str | None] = mapped_column(String(2))
    distance_km: Mapped[float | None] = mapped_column(Float)
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    abducted: Mapped[int | None] = mapped_column(Integer)
    released: Mapped[int | None] = mapped_column(Integer)
    perpetrator: Mapped[str | None] = mapped_column(String(200))
    perpetrator_basis: Mapped[str | None] = mapped_column(String(16))  # claimed | blamed | unknown
    targets: Mapped[str | None] = mapped_column(Text)
    parties: Mapped[str | None] = mapped_column(String(200))  # meetings, agreements: the states taking part
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    weekday: Mapped[int | None] = mapped_column(Integer)  # an undatable "on Monday" (0 = Monday)
    confidence: Mapped[float] = mapped_column(Float, default=0.5)
    spans: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field -> {"start", "end", "text"}
    incident_id: Mapped[str | None] = mapped_column(
        ForeignKey("incident.id", ondelete="SET NULL"), index=True
    )
    # The border whose reader found it ("PK-IR"): a node may watch several borders.
    border: Mapped[str | None] = mapped_column(String(5), index=True)
    # The incident fusion built before analysts' corrections (fuse.cluster): what a new report is scored
    # against, so that adding it re-fuses only what it touches.
    cluster_id: Mapped[str | None] = mapped_column(String(40), index=True)

    report: Mapped[Report] = relationship(back_populates="mentions")
    incident: Mapped[Incident | None] = relationship(back_populates="mentions")


class Incident(Base):
    """One real-world event fused from mentions; ``fields`` keep every sourced value."""

    __tablename__ = "incident"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)  # stable, derived from its first mention
    type: Mapped[str] = mapped_column(String(32), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String(8))
    place: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    admin1: Mapped[str | None] = mapped_column(String(100))
    admin2: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(2))
    sector_id: Mapped[int | None] = mapped_column(Integer, index=True)
    distance_km: Mapped[float | None] = mapped_column(Float)  # from the line, on its side
    side: Mapped[str | None] = mapped_column(String(2))
    killed: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    abducted: Mapped[int | None] = mapped_column(Integer)
    released: Mapped[int | None] = mapped_column(Integer)
    perpetrator: Mapped[str | None] = mapped_column(String(200))  # deprecated: read `roles` (fuse.roles)
    # Who took part and how: [{"role", "name", "basis"}] (fuse.roles), e.g. a responsible party and its basis
    roles: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, default=list)
    # The fields whose sources really disagree (fuse.agree), kept so lists and exports need not recompute.
    conflicts: Mapped[list[str] | None] = mapped_column(JSON, default=list)
    # The one-line summary (wording.summary) of the chosen values, written with them: exports of a million
    # incidents read it rather than compose it again. Null in stores not re-fused since it was added.
    summary: Mapped[str | None] = mapped_column(Text)
    corroboration: Mapped[str] = mapped_column(String(16), default="single")
    # Sources that do not copy one another: one per outlet, and one per story reprinted near word for word.
    independent_sources: Mapped[int | None] = mapped_column(Integer)
    # Every report only recalls it (background mentions): history, not the news of the period.
    recalled: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())
    # ACLED's code (fuse.model.ACLED_GEO_PRECISION): 3 is an area, never to be drawn as an exact point.
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id", ondelete="SET NULL"))
    releasability: Mapped[str] = mapped_column(String(16), default="national")
    first_reported: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_updated: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    mentions: Mapped[list[Mention]] = relationship(back_populates="incident")
    fields: Mapped[list[IncidentField]] = relationship(
        back_populates="incident", cascade="all, delete-orphan", order_by="IncidentField.id"
    )


class IncidentField(Base):
    """One sourced value of one incident field; ``chosen`` marks the value shown and ``rule`` why."""

    __tablename__ = "incident_field"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[Any] = mapped_column(JSON)
    mention_id: Mapped[int | None] = mapped_column(ForeignKey("mention.id", ondelete="CASCADE"))
    report_id: Mapped[str | None] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    span: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)
    rule: Mapped[str | None] = mapped_column(String(64))

    incident: Mapped[Incident] = relationship(back_populates="fields")


class FusionKey(Base):
    """Where the fusion index files a cluster (fuse.cluster.ClusterIndex): family, week and place key.
    Week -1 files a cluster that was undated when a member joined. Rows are only ever added."""

    __tablename__ = "fusion_key"
    __table_args__ = (Index("ix_fusion_key_lookup", "family", "key", "week"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    cluster_id: Mapped[str] = mapped_column(String(40), index=True)
    family: Mapped[str] = mapped_column(String(16))
    week: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(120))


class ReportSignature(Base):
    """A report's MinHash signature (fuse.neardup), kept so a new report is compared without re-reading."""

    __tablename__ = "report_signature"

    report_id: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class ReportBand(Base):
    """One LSH band key of a report's signature: reports sharing a key are near-duplicate candidates."""

    __tablename__ = "report_band"
    __table_args__ = (Index("ix_report_band_lookup", "band", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report_id: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    band: Mapped[int] = mapped_column(Integer)
    key: Mapped[int] = mapped_column(BigInteger)


class NearDuplicate(Base):
    """Two reports whose texts are near-copies (stored once, ``a`` < ``b``): one source, not two."""

    __tablename__ = "near_duplicate"

    a: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    b: Mapped[str] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True, index=True)


class FusionState(Base):
    """The last report the stored picture has fused (by arrival): newer ones can be added incrementally."""

    __tablename__ = "fusion_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    through_intake: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    through_report: Mapped[str | None] = mapped_column(String(64))
    mentions: Mapped[int] = mapped_column(
        Integer, default=0, server_default="0"
    )  # clustered then; fewer now: removed


class Correction(Base):
    """An analyst's decision (merge, split, pin) that fusion must respect on every re-run."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(16))  # merge | split | pin
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    who: Mapped[str] = mapped_column(String(100))
    why: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Actor(Base):
    """A force, group or official known by several names."""

    __tablename__ = "actor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # state_force | armed_group | official | agency
    country: Mapped[str | None] = mapped_column(String(2))

    aliases: Mapped[list[ActorAlias]] = relationship(back_populates="actor", cascade="all, delete-orphan")


class ActorAlias(Base):
    __tablename__ = "actor_alias"
    __table_args__ = (UniqueConstraint("actor_id", "alias"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(200))

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class Place(Base):
    """A gazetteer entry that an incident was placed at (the full gazetteer ships as package data)."""

    __tablename__ = "place"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    alternate_names: Mapped[list[Any]] = mapped_column(default=list)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    country: Mapped[str] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String(100))
    admin2: Mapped[str | None] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(Text)


class Sector(Base):
    """A stretch of the border line, numbered from one end."""

    __tablename__ = "sector"
    __table_args__ = (UniqueConstraint("border", "ordinal"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    border: Mapped[str] = mapped_column(String(8))  # "PK-IR"
    ordinal: Mapped[int] = mapped_column(Integer)
    start_km: Mapped[float] = mapped_column(Float)
    end_km: Mapped[float] = mapped_column(Float)
    geometry: Mapped[dict[str, Any]] = mapped_column(JSON)  # GeoJSON LineString
    admin: Mapped[dict[str, Any]] = mapped_column(JSON)


class CrossingPoint(Base):
    """An official terminal; tracked by status and totals only, never by traveller."""

    __tablename__ = "crossing_point"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    countries: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(Text)

    statuses: Mapped[list[CrossingStatus]] = relationship(
        back_populates="crossing", cascade="all, delete-orphan", order_by="CrossingStatus.since"
    )


class CrossingStatus(Base):
    __tablename__ = "crossing_status"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    crossing_id: Mapped[int] = mapped_column(ForeignKey("crossing_point.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))  # open | closed | restricted
    since: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("incident.id", ondelete="SET NULL"))

    crossing: Mapped[CrossingPoint] = relationship(back_populates="statuses")


class CaseFile(Base):
    """Something that lasts across incidents: a hostage case or a commitment."""

    __tablename__ = "case_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # hostage | commitment
    title: Mapped[str] = mapped_column(Text)
    opened: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ReleasabilityDecision(Base):
    """A liaison officer's explicit change of who may see a report or an incident (never automatic).

    Report decisions change ``report.releasability``; incident decisions are replayed on every re-fusion
    onto the incident that holds the ``anchor`` mention, as corrections are.
    """

    __tablename__ = "releasability_decision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_kind: Mapped[str] = mapped_column(String(16))  # report | incident
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    anchor: Mapped[str | None] = mapped_column(String(120))  # for incidents: a mention key "report:ordinal"
    releasability: Mapped[str] = mapped_column(String(16))
    previous: Mapped[str] = mapped_column(String(16))
    who: Mapped[str] = mapped_column(String(100))
    why: Mapped[str] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NodeIdentity(Base):
    """This node: the party it serves, its name and the public half of its keys (the private halves stay in
    files under ``key_dir``, readable by the node's account only)."""

    __tablename__ = "node"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1: one node per database
    party: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(200))
    key_dir: Mapped[str] = mapped_column(Text)
    signing_key: Mapped[str] = mapped_column(String(100))  # "ed25519:<base64>"
    tls_cert: Mapped[str] = mapped_column(Text)  # PEM
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Peer(Base):
    """The other party's node, trusted by its signing key; ``out_seq``/``in_seq`` number the messages each
    way, so a gap, a replay or a reordering is seen at once."""

    __tablename__ = "peer"

    party: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    signing_key: Mapped[str] = mapped_column(String(100))
    tls_cert: Mapped[str] = mapped_column(Text)
    retired_keys: Mapped[list[Any]] = mapped_column(JSON, default=list)
    out_seq: Mapped[int] = mapped_column(Integer, default=0)  # last sequence number given to a message to it
    in_seq: Mapped[int] = mapped_column(Integer, default=0)  # last sequence number processed from it
    trusted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AppUser(Base):
    """A person signed in to this node. Passwords are kept only as argon2 hashes."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    password_changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class UserSession(Base):
    """A server-side login session; the cookie holds a random token whose SHA-256 is the id."""

    __tablename__ = "user_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    """A bearer token for scripts, acting as its user; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    """A failed sign-in, counted by name and by address for throttling."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class OutboxMessage(Base):
    """A signed envelope for the other party; ``envelope`` holds the exact bytes sent (and resent)."""

    __tablename__ = "outbox_message"
    __table_args__ = (UniqueConstraint("peer", "seq"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    peer: Mapped[str] = mapped_column(ForeignKey("peer.party"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(200))  # what it is about, e.g. "incident:inc-…"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    envelope: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        String(16), default="pending", index=True
    )  # pending|delivered|rejected
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    ack: Mapped[str | None] = mapped_column(Text)  # the receiver's signed acknowledgement


class InboxMessage(Base):
    """An authenticated message from the other party, processed in sequence: applied, or rejected with
    the reason (its sequence number is used either way)."""

    __tablename__ = "inbox_message"
    __table_args__ = (
        UniqueConstraint("peer", "message_id", name="uq_inbox_message_peer_message_id"),
        UniqueConstraint("peer", "seq", name="uq_inbox_message_peer_seq"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    peer: Mapped[str] = mapped_column(ForeignKey("peer.party"), index=True)
    message_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str | None] = mapped_column(String(200))  # what applying it made, e.g. "report:…"
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    envelope: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))  # applied | rejected
    reason: Mapped[str | None] = mapped_column(Text)
    ack: Mapped[str] = mapped_column(Text)


class ExchangeRejection(Base):
    """Something that reached the inbox and was refused before it could take a sequence number: bad bytes,
    an unknown sender, a bad signature, a replay, a gap. Claimed fields are as sent, unverified."""

    __tablename__ = "exchange_rejection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    peer: Mapped[str | None] = mapped_column(String(16))
    message_id: Mapped[str | None] = mapped_column(String(64))
    seq: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))  # SHA-256 of the refused bytes


class ExchangeNonce(Base):
    """Ids of unsequenced control messages (pull requests) already seen, so none can be replayed."""

    __tablename__ = "exchange_nonce"
    __table_args__ = (UniqueConstraint("peer", "message_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    peer: Mapped[str] = mapped_column(String(8))
    message_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """One line of the append-only, hash-chained audit log (see sarhad.store.audit).

    ``at`` and ``detail`` are stored as the exact text that was hashed, so the chain can be recomputed
    byte for byte on any backend.
    """

    __tablename__ = "audit_entry"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64), index=True)
    record_kind: Mapped[str | None] = mapped_column(String(32))
    record_id: Mapped[str | None] = mapped_column(String(200))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
