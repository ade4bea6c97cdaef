"""When sources really disagree: the one definition of a conflict, for the API, the pages and the CLI.

Values that differ in wording but not in fact agree. A bound ("at least five") agrees with any value it
allows ("six"); an approximate figure ("about 20") with values near it. A coarser date agrees with a finer
one inside it (October 2018 with 16 October 2018; a week with a day in it). A place agrees with the
district or province that contains it (Buleda with Kech district), as the source naming the town says.
Sources disagree only when no single value could satisfy all of them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

from sarhad.fuse.model import COUNT_FIELDS
from sarhad.geo.names import fold

# Free text and a date's precision differ in wording, not in fact: shown, never conflicts. A source that
# names one party of a meeting does not deny the other.
NOT_CONFLICTS = frozenset({"targets", "parties", "date_precision", "admin2"})

_AT_LEAST = re.compile(r"\b(?:at least|more than|over|upwards of|no fewer than|not less than|\d+\s*\+)", re.I)
_AT_MOST = re.compile(r"\b(?:up to|at most|fewer than|less than|no more than|under)\b", re.I)
_NEARLY = re.compile(r"\b(?:nearly|almost|close to)\b", re.I)
_ABOUT = re.compile(r"\b(?:about|around|some|approximately|roughly|an estimated|estimated)\b", re.I)
ABOUT_SHARE = 0.2  # "about 20" allows 16 to 24
_UNIT_WORDS = re.compile(r"\b(?:district|province|division|tehsil|county|region|area|city|town)\b")
PRECISION_HALF_WIDTH = {"day": 0, "week": 6}

Sourced = dict[str, list[dict[str, Any]]]  # field -> every source's {value, mention, span, ...}


def conflicts(by_field: Sourced) -> dict[str, list[Any]]:
    """Fields whose sources really disagree, each with its distinct values in first-seen order."""
    found: dict[str, list[Any]] = {}
    for name, values in by_field.items():
        if name in NOT_CONFLICTS:
            continue
        distinct = list(dict.fromkeys(v["value"] for v in values if v["value"] is not None))
        if len(distinct) > 1 and disagree(name, [v for v in values if v["value"] is not None], by_field):
            found[name] = distinct
    return found


def disagree(name: str, values: list[dict[str, Any]], by_field: Sourced) -> bool:
    if name in COUNT_FIELDS:
        return not overlap(count_range(v["value"], span_text(v)) for v in values)
    if name == "date":
        precision = by_mention(by_field.get("date_precision", []))
        return not overlap(date_range(v["value"], precision.get(v.get("mention"))) for v in values)
    if name == "place":
        districts, provinces = by_mention(by_field.get("admin2", [])), by_mention(by_field.get("admin1", []))
        return places_disagree(values, districts, provinces)
    return True


def overlap(ranges: Iterable[tuple[float, float]]) -> bool:
    """Whether one value lies in every range (on a line, pairwise overlap is the same thing)."""
    bounds = list(ranges)
    return max(low for low, _ in bounds) <= min(high for _, high in bounds)


def count_range(value: int, text: str) -> tuple[float, float]:
    """The people a stated count allows: "at least 5" is 5 or more, "up to 5" at most 5, "nearly 20"
    16-20, "about 20" 16-24, and a plain figure itself."""
    if _AT_LEAST.search(text):
        return float(value), math.inf
    if _AT_MOST.search(text):
        return 0.0, float(value)
    if _NEARLY.search(text):
        return value * (1 - ABOUT_SHARE), float(value)
    if _ABOUT.search(text):
        return value * (1 - ABOUT_SHARE), value * (1 + ABOUT_SHARE)
    return float(value), float(value)


def date_range(value: str, precision: str | None) -> tuple[float, float]:
    """The days a date of this precision covers, as ordinals: a month is all its days."""
    day = dt.date.fromisoformat(str(value)[:10])
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1).toordinal(), day.replace(day=last).toordinal()
    if precision == "year":
        return dt.date(day.year, 1, 1).toordinal(), dt.date(day.year, 12, 31).toordinal()
    half = PRECISION_HALF_WIDTH.get(precision or "day", 0)
    return day.toordinal() - half, day.toordinal() + half


def places_disagree(values: list[dict[str, Any]], admin2: dict[Any, Any], admin1: dict[Any, Any]) -> bool:
    """Two places agree when they are the same, or one is the district or province the other's source
    puts it in; the sources disagree when some two places do not."""
    named = [
        (unit(v["value"]), {unit(admin2.get(v.get("mention"))), unit(admin1.get(v.get("mention")))})
        for v in values
    ]
    for i, (place, within) in enumerate(named):
        for other, other_within in named[i + 1 :]:
            if place != other and place not in other_within and other not in within:
                return True
    return False


def unit(name: Any) -> str:
    """A place or unit name compared without case, accents or words such as "district"."""
    return " ".join(_UNIT_WORDS.sub(" ", fold(str(name))).split()) if name else ""


def by_mention(values: list[dict[str, Any]]) -> dict[Any, Any]:
    return {v.get("mention"): v["value"] for v in values}


def span_text(value: dict[str, Any]) -> str:
    span = value.get("span") or {}
    return str(span.get("text") or "")
