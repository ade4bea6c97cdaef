"""Date expressions and their resolution against the publication date.

Each expression becomes a :class:`DateHit` with a resolved date and a precision (day, week, month, year).
Relative expressions need an anchor: the publication date, or else no date at all -- except that a
weekday can be placed within a week of an explicit full date written in the same article. Nothing is
ever guessed from the reading day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from dateparser.date import DateDataParser

from sarhad.read.language import DEFAULT_LANGUAGE, number_value, number_words, pack_pattern

# "two days ago", "a week later": the English pack's number words, up to twelve
_NUMBER_WORDS = number_words().alternation(12)

MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name} | {
    name: i for i, name in enumerate(calendar.month_abbr) if name
}
MONTHS["Sept"] = 9
WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name)}

_M = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_W = r"(?P<wd>" + "|".join(calendar.day_name) + r")"
_Y = r"(?P<year>(?:19|20)\d\d)"
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

# "The attack comes a week after guards were killed in Mand": the event told after it is earlier
CAME_AFTER = re.compile(
    r"(?i)(?:\b(?:comes?|came|follows?|followed)\s+|,\s+|(?<=[a-z])\s+"
    r"|^\W*(?=\w+ (?:hour|day|week|month)s? after))"  # "Three days after X, Y": the number opens it
    r"(?:just |only |barely |exactly |a little over |more than |less than |some |about )?"
    rf"(?:(?P<n>a|an|{_NUMBER_WORDS}|\d{{1,2}}) )?"
    r"(?P<unit>hour|day|week|month)s? after\b(?! (?:day|week|month)\b)"
)

# Order matters: longer, more specific forms first; matches may not overlap.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("mdy", re.compile(rf"\b{_M} {_D},? {_Y}\b")),
    ("dmy", re.compile(rf"\b{_D} {_M},? {_Y}\b")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    # "On Feb 6 this year", "on 6 February last year": a day whose year is told relative to the report
    ("md_rel_year", re.compile(rf"\b{_M} {_D},? (?P<rel>this|last) year\b")),
    ("md", re.compile(rf"\b{_M} {_D}\b(?!,? ?\d)")),
    ("dm", re.compile(rf"\b{_D} {_M}\b")),
    ("month_rel_year", re.compile(rf"\b{_M} (?P<rel>last|this|next) year\b")),
    ("my", re.compile(rf"\b{_M},? {_Y}\b")),
    (
        "month",
        re.compile(
            rf"(?i:\b(?:in|since|during|early|late|mid-?|until|by|from|of|last|this|on|a|an|the)\s)(?-i:{_M})\b"
            r"(?! \d)"
        ),
    ),
    ("year", re.compile(rf"(?i:\b(?:in|since|during|of|from|until|by|year)\s(?:the\s+year\s+)?){_Y}\b")),
    (
        "ago",
        re.compile(
            rf"(?i)\b(?P<n>a|an|{_NUMBER_WORDS}|\d{{1,2}}) "
            r"(?P<unit>day|week|month|year)s? ago\b"
        ),
    ),
    ("came_after", CAME_AFTER),
    (
        "nth_day",
        re.compile(
            r"(?i)\bfor (?:the |a )?(?P<nth>second|third|fourth|fifth|sixth|seventh|2nd|3rd|4th|5th|6th|7th) "
            r"(?:consecutive|straight|successive|running) day\b"
        ),
    ),
    (
        "later",
        re.compile(
            rf"(?i)\b(?:(?P<n>a|an|{_NUMBER_WORDS}|\d{{1,2}}) "
            r"(?P<unit>day|week|month)s? (?P<dir>later|earlier|before)|the (?:(?P<next>next|following)|"
            r"(?P<prev>previous|preceding)) (?P<nunit>day|week|month|year))\b(?! (?:of|in|to)\b)"
        ),
    ),
    ("weekday", re.compile(rf"(?i:\b(?P<last>last|this|past)\s+)?{_W}(?:'s|’s)?")),
    (
        "rel",
        re.compile(
            r"(?i)\b(?P<rel>today|yesterday|last week|a week ago|earlier this week|this week|"
            r"earlier this month|"
            r"this month|last month|earlier this year|this year|last year|a few days ago|days ago|"
            r"a day earlier|over the weekend|last weekend|this weekend|at the weekend)\b"
        ),
    ),
]
_LATER_UNITS = {"day": 1, "week": 7, "month": 30}  # "a week later", "comes a month after"

# Dates of founding, designation or a career say nothing about the event in the sentence.
_NOT_EVENT_DATE = pack_pattern("dates.not_event_date")

# "agreed to open two markets by March", "closed until June": a deadline or an end, not when it happened
# (only for dates without a year; "by March 2015" is history).
_DEADLINE = pack_pattern("dates.deadline")
_DEADLINE_KINDS = frozenset({"month", "md", "dm", "rel"})

# "the Agreement for Administration of the border of 1960": a treaty's year names it, it dates nothing
_TREATY_YEAR = pack_pattern("dates.treaty_year")

_NOT_EVENT_AFTER = pack_pattern("dates.not_event_after")


_ORDINAL_DAYS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7,
}  # fmt: skip


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
    for kind, pattern in _PATTERNS:
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
    return bool(re.match(r"(?i)since\s", match.group(0))) and not re.search(
        r"(?i)\b(?:closed|shut|suspended|sealed|held|captivity|missing)\W+(?:\w+\W+){0,3}$",
        text[max(0, match.start() - 40) : match.start()],
    )


# A report tells what happened up to its day; a date well after it is a plan or a deadline (an opening
# announced for tomorrow is still told as the news).
PLANNED_AFTER_DAYS = 7


def _planned(date: dt.date, reference: dt.date | None) -> bool:
    return reference is not None and date > reference + dt.timedelta(days=PLANNED_AFTER_DAYS)


def _is_deadline(text: str, match: re.Match[str]) -> bool:
    lead = re.match(r"(?i)(?:by|until|till)\s", match.group(0))
    return bool(lead) or bool(_DEADLINE.search(text[max(0, match.start() - 30) : match.start()]))


def _core(match: re.Match[str]) -> tuple[int, int]:
    return match.start(), match.end()


def _month(match: re.Match[str]) -> int:
    if "mnum" in match.groupdict() and match.group("mnum"):
        return int(match.group("mnum"))
    name = match.group("mon")
    return MONTHS.get(name) or MONTHS.get(name.capitalize(), 0)


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
    if kind == "month" and not MONTHS.get(text.rstrip(".").capitalize()):
        return None  # "a May" is no month
    found = _parser(base).get_date_data(text)
    if found.date_obj is None or found.period not in ("day", "week", "month", "year"):
        return None  # "February 30": not a date
    period = str(found.period)
    date = found.date_obj.date()
    return _FIRST_OF.get(period, lambda d: d)(date), period


@lru_cache(maxsize=64)
def _parser(base: dt.date) -> DateDataParser:
    settings = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time()), "PREFER_DATES_FROM": "past"}
    return DateDataParser(languages=[DEFAULT_LANGUAGE], settings=settings)


def _day_rel_year(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    """'on March 3 last year'."""
    if published is None:
        return None, None
    year = published.year - (1 if match.group("rel").lower() == "last" else 0)
    return dt.date(year, _month(match), int(match.group("day"))), "day"


def _month_of_year(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    month = _month(match)
    if published is None or not month:
        return None, None
    year = published.year + {"last": -1, "this": 0, "next": 1}[match.group("rel").lower()]
    return dt.date(year, month, 1), "month"


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
    unit = match.group("unit").lower()
    count = number_value(match.group("n") or "a") or 1
    days = count // 24 if unit == "hour" else _LATER_UNITS[unit] * count
    # "hours after": within a day of the news (day precision is scored one day either side)
    precision = {"hour": "day", "month": "month"}.get(unit, "week")
    return news - dt.timedelta(days=days), precision


def _nth_day(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    """'closed for the third consecutive day': since the day before yesterday."""
    if published is None:
        return None, None
    return published - dt.timedelta(days=_ORDINAL_DAYS[match.group("nth").lower()] - 1), "day"


def _weekday(match: re.Match[str], published: dt.date | None, anchor: dt.date | None) -> Resolved:
    return resolve_weekday(WEEKDAYS[match.group("wd")], bool(match.group("last")), published, anchor)


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
    if published is None:
        return None, None
    p = published
    table: dict[str, tuple[dt.date, str]] = {
        "today": (p, "day"),
        "yesterday": (p - dt.timedelta(days=1), "day"),
        "a day earlier": (p - dt.timedelta(days=1), "day"),
        "last week": (p - dt.timedelta(days=7), "week"),
        "a week ago": (p - dt.timedelta(days=7), "week"),
        "earlier this week": (p - dt.timedelta(days=3), "week"),
        "this week": (p, "week"),
        "a few days ago": (p - dt.timedelta(days=3), "week"),
        "days ago": (p - dt.timedelta(days=3), "week"),
        "earlier this month": (p.replace(day=1), "month"),
        "this month": (p.replace(day=1), "month"),
        "last month": ((p.replace(day=1) - dt.timedelta(days=1)).replace(day=1), "month"),
        "earlier this year": (dt.date(p.year, 1, 1), "year"),
        "this year": (dt.date(p.year, 1, 1), "year"),
        "last year": (dt.date(p.year - 1, 1, 1), "year"),
    }
    if rel.endswith("weekend"):
        # the latest Saturday before the report (the weekend just past), to within a week
        return p - dt.timedelta(days=(p.weekday() - 5) % 7 or 7), "week"
    date, precision = table[rel]
    return date, precision


def shift_later(hit: DateHit, base: DateHit) -> DateHit:
    """'A week later' placed from the last date the text gave before it."""
    assert base.date is not None
    match = next(p for k, p in _PATTERNS if k == "later").match(hit.text)
    assert match is not None
    if match.group("nunit"):
        n, unit = (1 if match.group("next") else -1), match.group("nunit").lower()
    else:
        count, unit = number_value(match.group("n")), match.group("unit").lower()
        if count is None:
            return hit
        n = -count if match.group("dir").lower() in ("earlier", "before") else count
    if unit == "year":
        year = dt.date(base.date.year + n, 1, 1)
        return DateHit(hit.start, hit.end, hit.text, year, "year", False, "later")
    if unit == "month" and base.precision == "month":
        months = base.date.year * 12 + base.date.month - 1 + n
        date = dt.date(months // 12, months % 12 + 1, 1)
        return DateHit(hit.start, hit.end, hit.text, date, "month", False, "later")
    date = base.date + dt.timedelta(days=n * _LATER_UNITS[unit])
    precision = base.precision if unit == "day" else ("week" if unit == "week" else "month")
    if base.precision in ("month", "year"):
        precision = base.precision
    return DateHit(hit.start, hit.end, hit.text, date, precision, False, "later")
