"""How Sarhad words its values for people, in the web pages and in the terminal alike: type names, field
names, counts and dates with their precision. Light on purpose: the CLI imports it at start-up."""

from __future__ import annotations

import datetime as dt
from typing import Any

ACRONYMS = {"ied": "IED"}
# Field names as a person reads them; a field not listed is shown with its underscores as spaces.
FIELD_LABELS = {
    "date_precision": "date precision",
    "admin1": "province",
    "admin2": "district",
    "sector": "border sector",
    "perpetrator": "responsible party",
    "perpetrator_basis": "basis",
    "targets": "targets",
    "corroboration": "corroboration",
    "releasability": "releasability",
}
PEOPLE_COUNTS = ("killed", "injured", "abducted", "released")


def type_name(code: str | None) -> str:
    """ "ied" -> "IED", "border_closure" -> "border closure"."""
    if not code:
        return "not stated"
    return ACRONYMS.get(code, code.replace("_", " "))


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " "))


def describe(name: str, value: Any) -> str:
    """A field's value in words: "6 killed", "border closure", "not stated"."""
    if value is None:
        return "not stated"
    if name in PEOPLE_COUNTS:
        return f"{value} {name}"
    if name == "type":
        return type_name(str(value))
    return str(value)


def date_text(value: str | dt.date | None, precision: str | None = "day") -> str:
    """A date as precise as it is known: "8 May 2020", "week of 4 May 2020", "May 2020", "2017"."""
    if value is None:
        return "date unknown"
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{day:%B} {day.year}"
    text = f"{day.day} {day:%B} {day.year}"
    return f"week of {text}" if precision == "week" else text


def count_range(low: int | None, high: int | None) -> str:
    """Sources' counts as a range: "", "6", "5–6"."""
    if low is None:
        return ""
    return str(low) if low == high else f"{low}–{high}"
