"""Who took part in an incident and how: roles named for the kind of event, never "perpetrator" for all.

A violent event has a responsible party (with its basis: claimed, blamed by an authority, or named as
acting) and targets; a hostage release the group that held the hostages and the people freed; a closure,
opening, seizure or fencing the acting authority; a meeting or agreement its parties (states) and
participants (people). The incident's chosen values decide; the roles only name them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sarhad.events import FAMILY_ROLES, family


@dataclass(frozen=True)
class Role:
    role: str
    name: str
    basis: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "name": self.name, "basis": self.basis}


def roles_of(chosen: Mapping[str, Any]) -> list[Role]:
    """The incident's roles from its chosen type, principal actor (and basis), targets and parties."""
    principal, other = FAMILY_ROLES[family(str(chosen.get("type")))]
    roles: list[Role] = []
    if principal == "party":
        roles += [Role("party", name) for name in _names(chosen.get("parties"))]
        if not roles:
            roles += [Role("party", name) for name in _names(chosen.get("perpetrator"), " and ")]
    elif chosen.get("perpetrator"):
        basis = chosen.get("perpetrator_basis") if principal == "responsible" else None
        roles.append(Role(principal, str(chosen["perpetrator"]), basis or None))
    roles += [Role(other, name) for name in _names(chosen.get("targets"))]
    return roles


def _names(text: Any, separator: str = ";") -> list[str]:
    if not text:
        return []
    return [part.strip() for part in str(text).split(separator) if part.strip()]
