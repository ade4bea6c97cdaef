"""What one party sends the other about an incident: the contract both nodes validate against.

Every string is bounded and every number ranged, because the receiver treats the payload as hostile
until it has passed these models.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
)

from sarhad.daterange import EARLIEST, LATEST
from sarhad.events import FAMILIES
from sarhad.fuse.model import SOURCED_FIELDS


def _one_of(allowed: tuple[str, ...] | dict[str, str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"unknown {what} {value!r}")
        return value

    return AfterValidator(check)


EventType = Annotated[str, StringConstraints(max_length=32), _one_of(FAMILIES, "event type")]
FieldName = Annotated[str, StringConstraints(max_length=32), _one_of(SOURCED_FIELDS, "field")]
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _storable(value: str) -> str:
    """No control characters (PostgreSQL refuses NUL) and no unpaired surrogates (no encoding holds them)."""
    found = UNSTORABLE.search(value)
    if found:
        raise ValueError(f"holds a control character or an unpaired surrogate (U+{ord(found.group()):04X})")
    return value


Storable = AfterValidator(_storable)
Short = Annotated[str, StringConstraints(min_length=1, max_length=200), Storable]
Admin = Annotated[
    str, StringConstraints(min_length=1, max_length=100), Storable
]  # as the mention table holds it
Text = Annotated[str, StringConstraints(max_length=2000), Storable]
Party = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
ReportRef = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
IncidentRef = Annotated[str, StringConstraints(pattern=r"^inc-[0-9a-z-]{1,60}$")]
Count = Annotated[StrictInt, Field(ge=0, le=100_000)]
Day = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]
Released = Literal["bilateral", "public"]
Precision = Literal["day", "week", "month", "year"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SharedSpan(Strict):
    """The words a value was read from, as they stand in the source."""

    text: Text
    start: Annotated[StrictInt, Field(ge=0, le=10_000_000)] | None = None
    end: Annotated[StrictInt, Field(ge=0, le=10_000_000)] | None = None


class SharedSource(Strict):
    ref: ReportRef  # the sending node's report id (SHA-256 of its content)
    kind: Literal["news", "field_report", "liaison"]
    source: Short | None = None
    title: Text | None = None
    url: Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://"), Storable] | None = None
    published: Day | None = None
    releasability: Released


class SharedValue(Strict):
    field: FieldName
    value: Text | Count
    source: ReportRef
    span: SharedSpan | None = None
    chosen: StrictBool = False
    background: StrictBool = False


# Fields added to the incident payload after nodes were first deployed (2026-12, roles): sent only when
# they hold a value, so a node of the previous version still accepts the incidents that do not use them.
LATER_OPTIONAL = ("perpetrator_basis", "parties")


class SharedIncident(Strict):
    """One incident as the sender may release it: values chosen from releasable sources only."""

    def wire(self) -> dict[str, Any]:
        """The payload as sent: JSON values, without the later optional fields when they are empty."""
        data = self.model_dump(mode="json")
        for name in LATER_OPTIONAL:
            if data.get(name) is None:
                data.pop(name, None)
        return data

    id: IncidentRef
    type: EventType
    date: Day | None = None
    date_precision: Precision | None = None
    place: Short | None = None
    lat: Annotated[StrictFloat, Field(ge=-90, le=90)] | None = None
    lon: Annotated[StrictFloat, Field(ge=-180, le=180)] | None = None
    geo_precision: Annotated[str, StringConstraints(max_length=16), Storable] | None = None
    admin1: Admin | None = None
    admin2: Admin | None = None
    country: Party | None = None
    side: Party | None = None
    killed: Count | None = None
    injured: Count | None = None
    abducted: Count | None = None
    released: Count | None = None
    perpetrator: Short | None = None  # the principal actor; its role follows the type (sarhad.events)
    perpetrator_basis: Literal["claimed", "blamed", "acting"] | None = None
    targets: Text | None = None
    parties: Short | None = None
    corroboration: Literal["single", "repeated", "independent", "official", "confirmed"]
    releasability: Released
    sources: Annotated[list[SharedSource], Field(min_length=1, max_length=200)]
    values: Annotated[list[SharedValue], Field(max_length=4000)]
