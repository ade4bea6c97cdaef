"""How Sarhad words its values for people, in the web pages and in the terminal alike: type names, field
names, counts and dates with their precision. Light on purpose: the CLI imports it at start-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sarhad.events import FAMILY_ROLES, family

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
    "parties": "parties",
    "corroboration": "corroboration",
    "releasability": "releasability",
}
PEOPLE_COUNTS = ("killed", "injured", "abducted", "released")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
# Roles (sarhad.fuse.roles) as a person reads them.
ROLE_LABELS = {
    "responsible": "responsible party",
    "target": "targeted",
    "holder": "held by",
    "freed": "freed",
    "authority": "acting authority",
    "affected": "affected",
    "party": "party",
    "participant": "participant",
    "actor": "acting",
}
BASIS_LABELS = {"claimed": "claimed", "blamed": "blamed", "acting": "named as acting"}
PRINCIPAL_ROLES = ("responsible", "holder", "authority", "actor")


def type_name(code: str | None) -> str:
    """ "ied" -> "IED", "border_closure" -> "border closure"."""
    if not code:
        return "not stated"
    return ACRONYMS.get(code, code.replace("_", " "))


# The actor fields named for the role they hold in this kind of event (sarhad.events.FAMILY_ROLES).
ROLE_FIELD_LABELS = {
    "responsible": "responsible party",
    "holder": "held by",
    "authority": "acting authority",
    "party": "acting party",
    "actor": "acting",
    "target": "targets",
    "freed": "freed",
    "affected": "affected",
    "participant": "participants",
}


def field_label(name: str, event_type: str | None = None) -> str:
    """A field's name for people; the actor fields by the role they hold in an event of this type."""
    if event_type is not None and name in ("perpetrator", "targets"):
        principal, other = FAMILY_ROLES[family(event_type)]
        return ROLE_FIELD_LABELS[principal if name == "perpetrator" else other]
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
    month = MONTHS[day.month - 1]  # English whatever the locale (strftime's %B follows it)
    if precision == "month":
        return f"{month} {day.year}"
    text = f"{day.day} {month} {day.year}"
    return f"week of {text}" if precision == "week" else text


def counted(n: int, noun: str) -> str:
    """ "1 incident", "3 incidents"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def count_range(low: int | None, high: int | None) -> str:
    """Sources' counts as a range: "", "6", "5–6"."""
    if low is None:
        return ""
    return str(low) if low == high else f"{low}–{high}"


def role_text(role: Mapping[str, Any]) -> str:
    """'responsible party: BLA (claimed)'."""
    label = ROLE_LABELS.get(str(role.get("role")), str(role.get("role")))
    basis = BASIS_LABELS.get(str(role.get("basis"))) if role.get("basis") else None
    return f"{label}: {role.get('name')}" + (f" ({basis})" if basis else "")


def roles_text(roles: Sequence[Mapping[str, Any]] | None) -> str:
    """Every role on one line, grouped: "party: Pakistan, Iran; participant: Bajwa, Bagheri"."""
    grouped: dict[str, list[str]] = {}
    for role in roles or ():
        grouped.setdefault(str(role.get("role")), []).append(role_text(role).split(": ", 1)[1])
    return "; ".join(f"{ROLE_LABELS.get(name, name)}: {', '.join(names)}" for name, names in grouped.items())


def lead_actor(roles: Sequence[Mapping[str, Any]] | None) -> str:
    """The principal actor in a few words for a table: "BLA (claimed)", "Pakistan, Iran"."""
    roles = list(roles or ())
    lead = next((r for r in roles if r.get("role") in PRINCIPAL_ROLES), None)
    if lead is not None:
        return role_text(lead).split(": ", 1)[1]
    return ", ".join(str(r.get("name")) for r in roles if r.get("role") == "party")


def summary(incident: Mapping[str, Any]) -> str:
    """One line from an incident's fields: type, place, date, toll, and who acted on what basis.

    "IED at Buleda (Kech), 8 May 2020: 6 killed. Responsible party: Baloch Liberation Army (claimed)."
    ``incident`` holds plain values: type, place, admin2, admin1, country, date, date_precision, the counts
    (numbers) and roles."""
    kind = type_name(incident.get("type"))
    words = [kind[:1].upper() + kind[1:]]
    where = incident.get("place") or incident.get("admin1")
    district = incident.get("admin2")
    if where:
        words.append(f"at {where}" + (f" ({district})" if district and district not in str(where) else ""))
    line = " ".join(words)
    if incident.get("date") is not None:
        line += f", {date_text(incident['date'], incident.get('date_precision'))}"
    toll = [f"{incident[n]} {n}" for n in PEOPLE_COUNTS if isinstance(incident.get(n), int)]
    if toll:
        line += ": " + ", ".join(toll)
    line += "."
    roles = list(incident.get("roles") or ())
    lead = next((r for r in roles if r.get("role") in PRINCIPAL_ROLES), None)
    if lead is not None:
        said = role_text(lead)
        line += f" {said[:1].upper()}{said[1:]}."
    for role, label in (("party", "Parties"), ("participant", "Participants")):
        names = [str(r.get("name")) for r in roles if r.get("role") == role]
        if names:
            line += f" {label}: {', '.join(names)}."
    return line
