"""Threat per sector until the assessment stage exists: a time-decayed, weighted incident count."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

DEFAULT_FLOOR = 0.1
"""Threat of a sector with no incidents, in units of "one weight-1 incident today". Positive so that
no stretch is ever treated as worthless to an attacker (quiet sectors are where they go next)."""


@dataclass(frozen=True)
class SectorEvent:
    """One incident located in a sector. ``weight`` is e.g. 1 + casualties."""

    sector_id: int
    date: date
    weight: float = 1.0


def sector_threat(
    sector_ids: Iterable[int],
    events: Sequence[SectorEvent],
    as_of: date,
    half_life_days: float = 180.0,
    floor: float = DEFAULT_FLOOR,
) -> dict[int, float]:
    """``floor + sum(weight * 2 ** (-age_days / half_life_days))`` per sector.

    Events after ``as_of`` are ignored (not yet known on that date), as are events in sectors that
    are not listed. Raises ``ValueError`` on a non-positive half-life or floor, or a negative or
    non-finite weight.
    """
    if not half_life_days > 0:
        raise ValueError(f"half_life_days must be > 0, got {half_life_days}")
    if not floor > 0:
        raise ValueError(f"floor must be > 0, got {floor}")
    threat = {int(sector): float(floor) for sector in sector_ids}
    for event in events:
        if not (math.isfinite(event.weight) and event.weight >= 0):
            raise ValueError(f"event weight must be a finite number >= 0, got {event.weight}")
        age = (as_of - event.date).days
        if age < 0 or event.sector_id not in threat:
            continue
        threat[event.sector_id] += event.weight * 2.0 ** (-age / half_life_days)
    return threat
