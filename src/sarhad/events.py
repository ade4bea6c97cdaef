"""The event types of the picture, from one data file (``sarhad/data/event_types.json``): each type's
family, the roles its actors take, what it counts, its weight as threat, ACLED's codes and its colour.
Read, fusion, the store, exports, the web pages and the planner all take them from here.

Light on purpose (the standard library only): the CLI's wording and the web pages use it as well as fusion.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class EventType:
    type: str
    family: str
    read_family: str
    acted_by: str  # group | holder | state | organisers | none
    counts: tuple[str, ...]
    acled_sub_event_type: str
    colour: str
    specificity: int = 0
    specific: bool = False
    merge_apart: bool = False
    threat_weight: float | None = None
    acled_event_type: str | None = None
    reported_as: str | None = None  # a type the reader finds but reports as another
    alone: bool = False  # kept by the reader only where no other event is told in its sentence
    names_affected: bool = False  # its words name those acted upon ("Pakistani fishing vessels seized")
    context_when_recalled: bool = False  # recalled only by its year ("an agreement signed in 2014"): context
    joins_the_states: bool = False  # a link of the two states (a pipeline, a train service): placeless news
    news_when_done: bool = False  # news once done, not while discussed, asked for or intended
    needs_border: bool = False  # an event only where its sentence is about a border point ("closed")
    waits_in_a_crossing_town: bool = False  # ... or names the crossing's town ("stuck in Taftan")


def _load() -> tuple[EventType, ...]:
    raw = json.loads((resources.files("sarhad") / "data" / "event_types.json").read_text("utf-8"))
    return tuple(EventType(**{**item, "counts": tuple(item["counts"])}) for item in raw["types"])


ALL_TYPES = _load()
# The types a report can be stored with (the reader's own sub-types are reported as others).
EVENT_TYPES = tuple(t.type for t in ALL_TYPES if t.reported_as is None)

FAMILIES: dict[str, str] = {t.type: t.family for t in ALL_TYPES if t.reported_as is None}
# family -> (role of the principal actor, role of whom or what the event was done to or with). A state is
# never the "perpetrator" of a closure or an agreement: it is the acting authority, or a party.
FAMILY_ROLES: dict[str, tuple[str, str]] = {
    "armed": ("responsible", "target"),
    "abduction": ("responsible", "target"),
    "release": ("holder", "freed"),
    "crossing": ("authority", "affected"),
    "seizure": ("authority", "affected"),
    "fencing": ("authority", "affected"),
    "diplomacy": ("party", "participant"),
    "other": ("actor", "affected"),
}
# The reader's families: mentions of one family in a report may be one event, and scoring pairs by them.
READ_FAMILY: dict[str, str] = {t.type: t.read_family for t in ALL_TYPES}
MENTION_FAMILY: dict[str, str] = {t.type: t.type if t.merge_apart else t.read_family for t in ALL_TYPES}
SPECIFICITY: dict[str, int] = {t.type: t.specificity for t in ALL_TYPES if t.specificity}
SPECIFIC_TYPES = frozenset(t.type for t in ALL_TYPES if t.specific)
DIPLOMACY = frozenset(t for t, f in FAMILIES.items() if f == "diplomacy")  # talks and agreements
COUNTED: dict[str, tuple[str, ...]] = {t.type: t.counts for t in ALL_TYPES}
ACTED_BY: dict[str, str] = {t.type: t.acted_by for t in ALL_TYPES}
REPORTED_AS: dict[str, str] = {t.type: t.reported_as for t in ALL_TYPES if t.reported_as}
ALONE = frozenset(t.type for t in ALL_TYPES if t.alone)
NAMES_AFFECTED = frozenset(t.type for t in ALL_TYPES if t.names_affected)
CONTEXT_WHEN_RECALLED = frozenset(t.type for t in ALL_TYPES if t.context_when_recalled)
JOINS_THE_STATES = frozenset(t.type for t in ALL_TYPES if t.joins_the_states)
NEWS_WHEN_DONE = frozenset(t.type for t in ALL_TYPES if t.news_when_done)
NEEDS_BORDER = frozenset(t.type for t in ALL_TYPES if t.needs_border)
WAITS_IN_A_CROSSING_TOWN = frozenset(t.type for t in ALL_TYPES if t.waits_in_a_crossing_town)
THREAT_WEIGHTS: dict[str, float] = {t.type: t.threat_weight for t in ALL_TYPES if t.threat_weight}
TYPE_COLOURS: dict[str, str] = {t.type: t.colour for t in ALL_TYPES if t.reported_as is None}

# ACLED's event types and sub-event types (ACLED codebook 2023) for each type, so exports speak the
# field's language; types ACLED would not code are "Strategic developments" / "Other".
ACLED_SUB_EVENT: dict[str, str] = {t.type: t.acled_sub_event_type for t in ALL_TYPES if t.reported_as is None}
ACLED_EVENT_TYPE: dict[str, str] = {t.type: t.acled_event_type for t in ALL_TYPES if t.acled_event_type}
ACLED_OTHER_EVENT_TYPE = "Strategic developments"
# ACLED's time_precision: 1 the day is known, 2 the week (or a few days), 3 only the month or year.
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def family(event_type: str | None) -> str:
    return FAMILIES.get(event_type or "", "other")
