"""Date expressions and their resolution against the publication date.

Each expression becomes a :class:`DateHit` with a resolved date and a precision (day, week, month, year).
Relative expressions need an anchor: the publication date, or else no date at all -- except that a
weekday can be placed within a week of an explicit full date written in the same article. Nothing is
ever guessed from the reading day.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser

from sarhad.read.language import (
    DateWords,
    Kind,
    date_words,
    number_value,
    number_words,
    pack_pattern,
    reading_language,
    with_slots,
)
from sarhad.read.scan import scanning


@dataclass(frozen=True)
class Patterns:
    """One language's date expressions, compiled: the words of its pack and its patterns by kind."""

    words: DateWords
    expressions: tuple[tuple[Kind, re.Pattern[str]], ...]

    def of(self, kind: Kind) -> re.Pattern[str]:
        return next(pattern for k, pattern in self.expressions if k == kind)


@lru_cache(maxsize=4)
def date_patterns(language: str) -> Patterns:
    """The date expressions of ``language``'s pack (``dates.toml``), slots filled and compiled."""
    words = date_words(language)
    slots = words.slots() | {"NUMBER": number_words(language).alternation(12)}

    where = f"languages/{language}/dates.toml"
    return Patterns(
        words, tuple((e.kind, scanning(with_slots(e.pattern, slots, where))) for e in words.expression)
    )


def _here() -> Patterns:
    return date_patterns(reading_language())


def came_after() -> re.Pattern[str]:
    """'comes a week after X' in the language being read."""
    return _here().of("came_after")


def month_number(name: str) -> int:
    """'March', 'Sept.' -> 3 in the language being read; 0 when it is no month."""
    return _here().words.month(name)


def weekday_number(text: str) -> int | None:
    """The weekday a date expression names (Monday is 0), if any: "last Friday's" -> 4."""
    named = _here().of("weekday").search(text)
    return _here().words.weekday(named.group("wd")) if named else None


# Dates of founding, designation or a career say nothing about the event in the sentence.
_NOT_EVENT_DATE = pack_pattern("dates.not_event_date")

# "agreed to open two markets by March", "closed until June": a deadline or an end, not when it happened
# (only for dates without a year; "by March 2015" is history).
_DEADLINE = pack_pattern("dates.deadline")
_DEADLINE_KINDS = frozenset({"month", "md", "dm", "rel"})

# "the Agreement for Administration of the border of 1960": a treaty's year names it, it dates nothing
_TREATY_YEAR = pack_pattern("dates.treaty_year")

_NOT_EVENT_AFTER = pack_pattern("dates.not_event_after")

# "has decreased since 2016" is a starting point; "closed since March" is the closure's date.
_SINCE = pack_pattern("dates.since")
_SINCE_ONGOING = pack_pattern("dates.since_ongoing")
_DEADLINE_LEAD = pack_pattern("dates.deadline_lead")
_LATER_DAYS = {"day": 1, "week": 7, "month": 30}  # "a week later", "comes a month after"


_NEAR_NOW = pack_pattern("dates.near_now")


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    text: str
    date: dt.date | None
    precision: str | None
    explicit: bool  # written out with a year: needs no anchor
    kind: str = ""
    # placed against a provisional day in a report that gives none: it orders the report's times, and
    # is never reported as a date
    provisional: bool = False

    @property
    def elsewhen(self) -> bool:
        """An expression naming another time ('In October', 'last year') that we could not place."""
        if self.date is not None or _NEAR_NOW.search(self.text):
            return False  # "yesterday's attack" in an undated report is the news itself, not another time
        return self.kind in ("md", "dm", "md_rel_year", "month", "month_rel_year", "rel", "ago", "nth_day")


def find_dates(text: str, published: dt.date | None, anchor: dt.date | None) -> list[DateHit]:
    """All date expressions in ``text`` (one sentence), resolved."""
    taken: list[tuple[int, int]] = []
    hits: list[DateHit] = []
    for kind, pattern in _here().expressions:
        for match in pattern.finditer(text):
            start, end = _core(match)
            if any(s < end and start < e for s, e in taken):
                continue
            if (
                _NOT_EVENT_DATE.search(text[max(0, start - 40) : start])
                or _TREATY_YEAR.search(text[max(0, start - 90) : end - 4 if kind == "year" else start])
                or _NOT_EVENT_AFTER.match(text[end : end + 60])
                or (kind in _DEADLINE_KINDS and _is_deadline(text, match))
                or _is_since(text, match)
            ):
                taken.append((start, end))
                continue
            resolved = _resolve(kind, match, published, anchor)
            if resolved is None:
                continue
            taken.append((start, end))
            date, precision = resolved
            if date is not None and _planned(date, published or anchor):
                continue  # "to be completed by December 2021", told in 2020: a plan, not when it happened
            explicit = kind in ("mdy", "dmy", "iso", "my", "year")
            hits.append(DateHit(start, end, text[start:end], date, precision, explicit, kind))
    return sorted(hits, key=lambda h: h.start)


def _is_since(text: str, match: re.Match[str]) -> bool:
    """'has decreased since 2016': a starting point, not when something happened ('closed since March'
    is the closure's date)."""
    return bool(_SINCE.match(match.group(0))) and not _SINCE_ONGOING.search(
        text[max(0, match.start() - 40) : match.start()]
    )


# A report tells what happened up to its day; a date well after it is a plan or a deadline (an opening
# announced for tomorrow is still told as the news).
PLANNED_AFTER_DAYS = 7


def _planned(date: dt.date, reference: dt.date | None) -> bool:
    return reference is not None and date > reference + dt.timedelta(days=PLANNED_AFTER_DAYS)


def _is_deadline(text: str, match: re.Match[str]) -> bool:
    lead = _DEADLINE_LEAD.match(match.group(0))
    return bool(lead) or bool(_DEADLINE.search(text[max(0, match.start() - 30) : match.start()]))


def _core(match: re.Match[str]) -> tuple[int, int]:
    return match.start(), match.end()


def _month(match: re.Match[str]) -> int:
    if "mnum" in match.groupdict() and match.group("mnum"):
        return int(match.group("mnum"))
    return _here().words.month(match.group("mon"))


Resolved = tuple[dt.date | None, str | None]


def _resolve(
    kind: str, match: re.Match[str], published: dt.date | None, anchor: dt.date | None
) -> Resolved | None:
    """(date, precision); (None, None) when the expression is a date we cannot place; None if not a date."""
    if kind in _PARSED:
        return _parsed(kind, match, published)
    try:
        return _RESOLVERS.get(kind, _relative)(match, published, anchor)
    except ValueError:
        return None  # "February 30": not a date


# The project's precision policy over dateparser (https://dateparser.readthedocs.io): the language pack's
# patterns find an expression; dateparser reads it in the pack's language against the reference date and
# says its period, which is the precision; a month or a year is dated to its first day; a day or a month
# without a year is the latest such one not after the report (a day may be the report's next: time zones).
_PARSED = {
    "mdy": ("expression", True),
    "dmy": ("expression", True),
    "iso": ("expression", True),
    "my": ("expression", True),
    "year": ("year", True),
    "md": ("expression", False),
    "dm": ("expression", False),
    "month": ("mon", False),
    "ago": ("expression", False),
}
_FIRST_OF = {"month": lambda d: d.replace(day=1), "year": lambda d: d.replace(month=1, day=1)}
_SLACK = {"md": dt.timedelta(days=1), "dm": dt.timedelta(days=1)}


def _parsed(kind: str, match: re.Match[str], published: dt.date | None) -> Resolved | None:
    group, explicit = _PARSED[kind]
    if published is None and not explicit:
        return None, None
    base = (published or dt.date(2000, 1, 1)) + _SLACK.get(kind, dt.timedelta())
    text = match.group(0) if group == "expression" else match.group(group)
    if kind == "month" and not _here().words.month(text):
        return None  # "a May" is no month
    found = _parser(base, reading_language()).get_date_data(text)
    if found.date_obj is None or found.period not in ("day", "week", "month", "year"):
        return None  # "February 30": not a date
    period = str(found.period)
    date = found.date_obj.date()
    return _FIRST_OF.get(period, lambda d: d)(date), period


@lru_cache(maxsize=64)
def _parser(base: dt.date, language: str) -> DateDataParser:
    settings = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time()), "PREFER_DATES_FROM": "past"}
    return DateDataParser(languages=[language], settings=settings)


def _day_rel_year(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    """'on March 3 last year'."""
    if published is None:
        return None, None
    year = published.year + _years_from_report(match)
    return dt.date(year, _month(match), int(match.group("day"))), "day"


def _month_of_year(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    month = _month(match)
    if published is None or not month:
        return None, None
    year = published.year + _years_from_report(match)
    return dt.date(year, month, 1), "month"


def _years_from_report(match: re.Match[str]) -> int:
    return _here().words.calendar.year_offsets[match.group("rel").lower()]


def _unit(match: re.Match[str], group: str = "unit") -> str:
    return _here().words.calendar.units[match.group(group).lower()]


def _later(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    return None, None  # "a week later": placed from the date told before it (see shift_later)


def _came_after(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    """'comes a week after X': X about a week before the news (the news itself is dated near the report;
    see ``before_news`` for a news event with a date of its own)."""
    if published is None:
        return None, None
    return before_news(match, published)


def before_news(match: re.Match[str], news: dt.date) -> tuple[dt.date, str]:
    """The date of X in 'comes a week after X', for news dated ``news``."""
    unit = _unit(match)
    told = match.group("n")  # "comes a week after": no number is one
    count = (number_value(told, reading_language()) if told else None) or 1
    days = count // 24 if unit == "hour" else _LATER_DAYS[unit] * count
    # "hours after": within a day of the news (day precision is scored one day either side)
    precision = {"hour": "day", "month": "month"}.get(unit, "week")
    return news - dt.timedelta(days=days), precision


def _nth_day(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    """'closed for the third consecutive day': since the day before yesterday."""
    if published is None:
        return None, None
    nth = _here().words.calendar.nth_days[match.group("nth").lower()]
    return published - dt.timedelta(days=nth - 1), "day"


def _weekday(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved | None:
    day = _here().words.weekday(match.group("wd"))
    if day is None:
        return None
    return resolve_weekday(day, bool(match.groupdict().get("last")), published, anchor)


def _relative(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    return resolve_relative(match.group("rel").lower(), published)


_RESOLVERS: dict[str, Callable[[re.Match[str], dt.date | None, dt.date | None], Resolved | None]] = {
    "md_rel_year": _day_rel_year,
    "month_rel_year": _month_of_year,
    "later": _later,
    "came_after": _came_after,
    "nth_day": _nth_day,
    "weekday": _weekday,
}


def resolve_weekday(
    weekday: int, last: bool, published: dt.date | None, anchor: dt.date | None
) -> tuple[dt.date | None, str | None]:
    """'on Friday' is the latest such day on or before publication; without one, near an explicit date."""
    if published is not None:
        back = (published.weekday() - weekday) % 7
        if back == 0 and last:
            back = 7
        return published - dt.timedelta(days=back), "day"
    if anchor is not None:
        # Reports follow the events they date explicitly: take the first such weekday on/after the anchor,
        # widened to a week because the report's own day is unknown.
        forward = (weekday - anchor.weekday()) % 7
        return anchor + dt.timedelta(days=forward), "week"
    return None, None


def resolve_relative(rel: str, published: dt.date | None) -> tuple[dt.date | None, str | None]:
    """'last month', 'yesterday': the language pack's relative expression ``rel`` against the report's day."""
    if published is None:
        return None, None
    told = _here().words.relative[rel]
    return _START[told.start](published) + dt.timedelta(days=told.days), told.precision


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


_START: dict[str, Callable[[dt.date], dt.date]] = {
    "report": lambda p: p,
    "month": _first_of_month,
    "last_month": lambda p: _first_of_month(_first_of_month(p) - dt.timedelta(days=1)),
    "year": lambda p: dt.date(p.year, 1, 1),
    "last_year": lambda p: dt.date(p.year - 1, 1, 1),
    # the latest Saturday before the report (the weekend just past), to within a week
    "weekend": lambda p: p - dt.timedelta(days=(p.weekday() - 5) % 7 or 7),
}


def shift_later(hit: DateHit, base: DateHit) -> DateHit:
    """'A week later' placed from the last date the text gave before it."""
    assert base.date is not None
    match = _here().of("later").match(hit.text)
    assert match is not None
    if match.group("nunit"):
        n, unit = (1 if match.group("next") else -1), _unit(match, "nunit")
    else:
        count, unit = number_value(match.group("n"), reading_language()), _unit(match)
        if count is None:
            return hit
        n = -count if match.group("dir").lower() in _here().words.calendar.backward else count
    if unit == "year":
        year = dt.date(base.date.year + n, 1, 1)
        return DateHit(hit.start, hit.end, hit.text, year, "year", False, "later", base.provisional)
    if unit == "month" and base.precision == "month":
        months = base.date.year * 12 + base.date.month - 1 + n
        date = dt.date(months // 12, months % 12 + 1, 1)
        return DateHit(hit.start, hit.end, hit.text, date, "month", False, "later", base.provisional)
    date = base.date + dt.timedelta(days=n * _LATER_DAYS[unit])
    precision = base.precision if unit == "day" else ("week" if unit == "week" else "month")
    if base.precision in ("month", "year"):
        precision = base.precision
    return DateHit(hit.start, hit.end, hit.text, date, precision, False, "later", base.provisional)
