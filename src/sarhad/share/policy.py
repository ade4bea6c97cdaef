"""Releasability levels and the defaults new reports get by kind (light: intake imports it).

Field reports and liaison notes are the node's own: national. Published news is public. A node may
configure other defaults (``sarhad node defaults``), stored in its settings.
"""

from __future__ import annotations

from typing import Any

from sarhad.store.models import RELEASABILITY

RANK = {name: rank for rank, name in enumerate(RELEASABILITY)}  # national < bilateral < public
DEFAULTS = {"news": "public", "field_report": "national", "liaison": "national"}


def default_for(kind: str, settings: dict[str, Any] | None = None) -> str:
    configured = (settings or {}).get("releasability_defaults") or {}
    value = configured.get(kind) or DEFAULTS.get(kind, "national")
    return value if value in RANK else "national"
