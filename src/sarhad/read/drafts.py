"""A draft event: the mentions merged so far, with the date and type they give, and how two dates of
events relate (one definition for merging, consolidation and the strike rules)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sarhad.daterange import agrees, period_end
from sarhad.events import DIPLOMACY, SPECIFICITY
from sarhad.read.dates import DateHit
from sarhad.read.mentions import Mention

LEAD_SENTENCES = 5
BACKGROUND_DAYS = 30
_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass
class Draft:
    mentions: list[Mention] = field(default_factory=list)
    background: bool = False

    @property
    def family(self) -> str:
        return self.mentions[0].family

    @property
    def date(self) -> DateHit | None:
        dated = [m.date for m in self.mentions if m.date is not None and m.date.date is not None]
        return min(dated, key=lambda h: _RANK.get(h.precision or "", 9)) if dated else None

    @property
    def known_date(self) -> DateHit | None:
        """The date to report: the finest one the report itself gives, never a provisional one."""
        dated = [m.date for m in self.mentions if m.date is not None and m.date.date is not None]
        known = [h for h in dated if not h.provisional]
        return min(known, key=lambda h: _RANK.get(h.precision or "", 9)) if known else None

    @property
    def reaction_date(self) -> DateHit | None:
        """The day of a reaction to the event ("on Sunday condemned the attack"): its date, on or before
        that day, when nothing else dates it. Not used while merging, where it would split the event."""
        return next((m.reaction_date for m in self.mentions if m.reaction_date is not None), None)

    @property
    def type(self) -> str:
        first = self.mentions[0].type
        own = [m for m in self.mentions if m.family == self.family]  # absorbed mentions do not retype
        best = max(own, key=lambda m: (m.strength >= 2, SPECIFICITY.get(m.type, 0)))
        if first in DIPLOMACY:
            return first  # the report's own framing of a diplomatic event
        return best.type if best.strength >= 2 else first


def is_old(hit: DateHit | None, reference: dt.date | None) -> bool:
    if hit is None or hit.date is None or reference is None:
        return False
    if hit.precision in ("month", "year") and period_end(hit.date, hit.precision) < reference.replace(day=1):
        return True  # "in October" told in November: recalled, not reported
    return period_end(hit.date, hit.precision) < reference - dt.timedelta(days=BACKGROUND_DAYS)


def compatible(a: DateHit, b: DateHit) -> bool:
    assert a.date is not None and b.date is not None
    coarse = max((a.precision, b.precision), key=lambda p: _RANK.get(p or "", 9))
    return agrees(a.date, b.date, coarse)
