"""Plain data the fusion stage works on: mentions in, clusters and chosen field values out."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any

from sarhad.daterange import within

PRECISION_DAYS = {"day": 1, "week": 7}
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, None: 4}
# Fields a mention carries under the same name on the reader's Event, the mention table and FusionMention
# (the sector is `sector` on events and fusion mentions, `sector_id` in the table).
MENTION_FIELDS = (
    "type",
    "date",
    "date_precision",
    "place",
    "lat",
    "lon",
    "geo_precision",
    "admin1",
    "admin2",
    "country",
    "side",
    "distance_km",
    "killed",
    "injured",
    "abducted",
    "released",
    "perpetrator",
    "perpetrator_basis",
    "targets",
    "parties",
    "background",
    "weekday",
)
COUNT_FIELDS = ("killed", "injured", "abducted", "released")
# The fields an incident keeps every source's value of, in the order they are shown.
SOURCED_FIELDS = (
    "type",
    "date",
    "date_precision",
    "place",
    "admin2",
    "admin1",
    "country",
    "sector",
    *COUNT_FIELDS,
    "perpetrator",
    "targets",
    "parties",
)
MAX_COUNT = 100_000  # no border incident has more victims; larger numbers are misreadings (or hostile input)
PRECISIONS = ("day", "week", "month", "year")
# ACLED's geo_precision: 1 the place itself, 2 near it or only its district, 3 only a province or country.
ACLED_GEO_PRECISION = {"place": 1, "near_place": 2, "district": 2, "province": 3, "country": 3}
GEO_RANK = {"place": 0, "near_place": 1, "district": 2, "province": 3, "country": 4, None: 5}


@dataclass(frozen=True)
class MentionKey:
    """A mention's identity that survives re-reading: its report and its position in it."""

    report_id: str
    ordinal: int

    def __str__(self) -> str:
        return f"{self.report_id}:{self.ordinal}"

    @classmethod
    def parse(cls, text: str) -> MentionKey:
        report_id, _, ordinal = text.rpartition(":")
        return cls(report_id, int(ordinal))


@dataclass
class FusionMention:
    """One event as one report tells it, with what fusion needs to know about the report."""

    key: MentionKey
    type: str
    date: dt.date | None = None
    date_precision: str | None = None
    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    border: str | None = None  # the border pair the node watches ("IR-PK"); two-sided events match across it
    sector: int | None = None
    side: str | None = None
    distance_km: float | None = None  # from the border line (the side's sign is in ``side``)
    killed: int | None = None
    injured: int | None = None
    abducted: int | None = None
    released: int | None = None
    perpetrator: str | None = None
    perpetrator_basis: str | None = None
    targets: str | None = None
    parties: str | None = None  # meetings and agreements: the states taking part, "; "-separated
    background: bool = False
    weekday: int | None = None  # an undatable "on Monday" (0 = Monday), placed next to the incident's date
    spans: dict[str, Any] = field(default_factory=dict)
    # about the report
    source: str | None = None
    official: bool = False
    foreign: bool = False  # shared by the other party's node: its values fill gaps, never replace ours
    published: dt.date | None = None
    intake: dt.date | None = None  # the day the report reached Sarhad
    report_years: frozenset[int] = frozenset()  # the years the report's text names
    arrival: int = 0  # position of the report in arrival order; fixes the fusion order
    db_id: int | None = None

    def date_interval(self) -> tuple[dt.date, dt.date] | None:
        """The days this mention's date may mean, given its precision (±1 day for day precision)."""
        if self.date is None:
            return None
        precision = self.date_precision or "day"
        if precision in PRECISION_DAYS:
            slack = dt.timedelta(days=PRECISION_DAYS[precision])
            return self.date - slack, self.date + slack
        if precision == "month":
            start = self.date.replace(day=1)
            nxt = (start + dt.timedelta(days=32)).replace(day=1)
            return start, nxt - dt.timedelta(days=1)
        start = self.date.replace(month=1, day=1)
        return start, start.replace(month=12, day=31)


@dataclass
class SourcedValue:
    field: str
    value: Any
    key: MentionKey
    span: dict[str, Any] | None
    background: bool
    chosen: bool = False
    rule: str | None = None


@dataclass
class FusedIncident:
    """One real-world event: its mentions, chosen values, every sourced value and the rule used."""

    id: str
    mentions: list[FusionMention]
    chosen: dict[str, Any] = field(default_factory=dict)
    values: list[SourcedValue] = field(default_factory=list)
    corroboration: str = "single"
    independent_sources: int = 1
    case_key: str | None = None
    border: str | None = None
    weekday_dates: dict[MentionKey, dt.date] = field(default_factory=dict)  # undated weekdays, placed

    @property
    def recalled(self) -> bool:
        """Every report only recalls this event in passing: history, not news."""
        return all(m.background for m in self.mentions)

    @property
    def main_mentions(self) -> list[FusionMention]:
        main = [m for m in self.mentions if not m.background]
        return main or self.mentions


def admissible(mention: FusionMention) -> FusionMention:
    """The mention with every value fusion cannot reason about set to unknown: dates outside
    1900-2100, counts outside 0..MAX_COUNT, coordinates off the globe, an unknown precision or weekday.
    Stored rows are normally clean; this is what makes fusion safe on whatever a database holds."""
    changes: dict[str, Any] = {}
    for name in ("date", "published"):
        value = getattr(mention, name)
        if value is not None and within(value) is None:
            changes[name] = None
    if "date" in changes or (mention.date_precision is not None and mention.date_precision not in PRECISIONS):
        changes["date_precision"] = None
    for name in COUNT_FIELDS:
        value = getattr(mention, name)
        if value is not None and not 0 <= value <= MAX_COUNT:
            changes[name] = None
    if not _on_globe(mention.lat, mention.lon):
        changes.update(lat=None, lon=None)
    if mention.weekday is not None and not 0 <= mention.weekday <= 6:
        changes["weekday"] = None
    return replace(mention, **changes) if changes else mention


def _on_globe(lat: float | None, lon: float | None) -> bool:
    if lat is None and lon is None:
        return True
    if lat is None or lon is None:
        return False
    return math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180
