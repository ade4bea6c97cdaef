"""Event types as the picture groups them: each type's family, and the roles its actors take.

Light on purpose (no imports): the CLI's wording and the web pages use it as well as fusion.
"""

from __future__ import annotations

FAMILIES: dict[str, str] = {
    "attack": "armed",
    "ied": "armed",
    "ambush": "armed",
    "cross_border_strike": "armed",
    "abduction": "abduction",
    "hostage_release": "release",
    "smuggling_seizure": "seizure",
    "border_closure": "crossing",
    "border_opening": "crossing",
    "fencing": "fencing",
    "meeting": "diplomacy",
    "agreement": "diplomacy",
    "other": "other",
}
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

# ACLED's event types and sub-event types (ACLED codebook 2023) for each type, so exports speak the
# field's language; types ACLED would not code are "Strategic developments" / "Other".
ACLED_SUB_EVENT: dict[str, str] = {
    "attack": "Armed clash",
    "ied": "Remote explosive/landmine/IED",
    "ambush": "Armed clash",
    "abduction": "Abduction/forced disappearance",
    "hostage_release": "Other",
    "smuggling_seizure": "Other",
    "border_closure": "Other",
    "border_opening": "Other",
    "fencing": "Other",
    "meeting": "Other",
    "agreement": "Agreement",
    "cross_border_strike": "Air/drone strike",
    "other": "Other",
}
ACLED_EVENT_TYPE: dict[str, str] = {
    "attack": "Battles",
    "ambush": "Battles",
    "ied": "Explosions/Remote violence",
    "cross_border_strike": "Explosions/Remote violence",
    "abduction": "Violence against civilians",
}
ACLED_OTHER_EVENT_TYPE = "Strategic developments"
# ACLED's time_precision: 1 the day is known, 2 the week (or a few days), 3 only the month or year.
ACLED_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


def family(event_type: str | None) -> str:
    return FAMILIES.get(event_type or "", "other")
