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


def family(event_type: str | None) -> str:
    return FAMILIES.get(event_type or "", "other")


def principal_role(event_type: str | None) -> str:
    """The role of the actor a report names as acting: responsible party, holder, authority, party."""
    return FAMILY_ROLES[family(event_type)][0]
