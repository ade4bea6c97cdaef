"""Across sentences: dates told relative to an earlier one, dates, tolls and places carried to the next
sentence, and the group a later "the group claimed" refers to."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

from sarhad.read.dates import DateHit, shift_later
from sarhad.read.language import pack_pattern
from sarhad.read.lexicon import Actor
from sarhad.read.mentions import (
    TAKES,
    Mention,
    SentenceInfo,
    find_sentence_dates,
    provisionally,
    yearless_by,
)


def date_undated(infos: list[SentenceInfo], by_month: dt.date | None) -> dt.date:
    """Dates in a report with no publication day: days and months without a year by the month its address
    spells out; weekdays from the latest full date it writes out; what is still unplaced against a
    provisional day, only to keep the report's own times apart ("on Tuesday" is the news, "last month"
    is not), never reported (``DateHit.provisional``). Returns that provisional day."""
    if by_month is not None:
        for info in infos:
            yearless_by(info, by_month)
    explicit = [
        h.date
        for info in infos
        for h in info.dates
        if h.explicit and h.precision == "day" and h.date is not None
    ]
    if explicit:
        for info in infos:
            if any(h.kind == "weekday" and h.date is None for h in info.dates):
                find_sentence_dates(info, None, max(explicit))
    reference = provisional_reference(infos, by_month)
    for info in infos:
        provisionally(info, reference)
    return reference


# Any day would do for a report that names no year: only the differences between its dates count.
PROVISIONAL_DAY = dt.date(2001, 6, 30)


def provisional_reference(infos: list[SentenceInfo], by: dt.date | None = None) -> dt.date:
    """The day a report with no publication date is read from: the month its address spells out, else
    its latest day written out with a year, else the end of the latest year it names, else a fixed day."""
    if by is not None:
        return by
    explicit = [h for info in infos for h in info.dates if h.explicit and h.date is not None]
    days = [h.date for h in explicit if h.date is not None and h.precision == "day"]
    if days:
        return max(days)
    years = [h.date.year for h in explicit if h.date is not None]
    return dt.date(max(years), 12, 31) if years else PROVISIONAL_DAY


def latest_day(infos: list[SentenceInfo]) -> dt.date | None:
    days = [h.date for i in infos for h in i.dates if h.date is not None and h.precision in ("day", "week")]
    return max(days) if days else None


def place_later_dates(infos: list[SentenceInfo]) -> None:
    """'The group struck on January 10. A week later, Iran retaliated': count from the date told last."""
    last: DateHit | None = None
    for info in infos:
        for n, hit in enumerate(info.dates):
            if hit.kind == "later" and last is not None:
                placed = shift_later(hit, last)
                info.dates[n] = placed
                for mention in info.mentions:
                    if mention.date is hit:
                        mention.date = placed
                hit = placed
            if hit.date is not None:
                last = hit


_SEQUEL = pack_pattern("mentions.sequel")


def carry_dates(infos: list[SentenceInfo]) -> None:
    """'Speaking in Quetta a week ago, X proposed ... . During a meeting with Y ...': date and place carry
    over from a neighbouring sentence that has no event of its own; 'Pakistan then carried out strikes'
    happened in the days after the event told just before it."""
    for prev, cur in itertools.pairwise(infos):
        told = [m.date for m in prev.mentions if m.date is not None and m.date.date is not None]
        for mention in cur.mentions:
            if mention.date is None and told and _SEQUEL.search(cur.sentence.text):
                base = told[-1]
                precision = "week" if base.precision == "day" else base.precision
                # the span stays on the date it counts from ("January 10" in the sentence before)
                mention.date = DateHit(
                    base.start, base.end, base.text, base.date, precision, False, "sequel", base.provisional
                )
        if cur.mentions and not prev.mentions:
            cur.mentions[0].context.append(prev.index)
            told_when = prev.dates[0] if prev.dates else None
            # "two weeks after a meeting" dates an earlier event, not the next sentence's
            if (
                told_when
                and told_when.date is not None
                and told_when.kind != "came_after"
                and cur.mentions[0].date is None
                # "blamed for several attacks": a weak, general word stays general
                and not (cur.mentions[0].generic and cur.mentions[0].strength < 2)
            ):
                cur.mentions[0].date = told_when
                cur.mentions[0].generic = False  # a dated event is not a generality
        if prev.mentions and not cur.mentions:
            # It elaborates the latest current event, not a dated aside ("kidnapped last October").
            current = [m for m in prev.mentions if m.date is None or m.date.precision in ("day", "week")]
            if current:
                current[-1].context.append(cur.index)
                _carry_counts(current[-1], cur)
                _told_when(current[-1], cur)


# "The incident happened near Mashkel on Wednesday": when the event just told took place
_TOOK_PLACE = pack_pattern("discourse.took_place")


def _told_when(mention: Mention, info: SentenceInfo) -> None:
    """A sentence that says when the event just told happened dates it, rather than the day it was
    reported ("officials said Thursday")."""
    day = next((h for h in info.dates if h.date is not None and h.precision == "day"), None)
    if day is not None and _TOOK_PLACE.search(info.sentence.text):
        mention.date = day


def _carry_counts(mention: Mention, info: SentenceInfo) -> None:
    """'Five mortar shells were fired from the Iranian side. Luckily, no casualties occurred.': a toll told
    in the next sentence, which tells no event of its own, is the toll of the event just told."""
    told = {c.field for c in mention.counts}
    mention.counts += [
        replace(c, origin=info.sentence)
        for c in info.counts
        if c.field in TAKES.get(mention.family, ()) and c.field not in told and not c.attacker
    ]


def last_militants(infos: list[SentenceInfo]) -> dict[int, Actor]:
    """For 'the group claimed ...': the militant group most recently named before each sentence."""
    out: dict[int, Actor] = {}
    last: Actor | None = None
    for info in infos:
        if last is not None:
            out[info.index] = last
        for hit in info.hits:
            if hit.actor is not None and hit.actor.kind == "militant":
                last = hit.actor
    return out
