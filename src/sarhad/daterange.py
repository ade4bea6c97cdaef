"""The dates Sarhad accepts: one definition for intake, the exchange, corrections and fusion.

Border incidents and the reports about them fall between 1900 and the end of 2100. A date outside that
range is a typo or hostile input (9999-12-31 once made fusion overflow), so intake refuses it, the
exchange's contract refuses it, and fusion, which must never crash on anything stored, ignores it.
"""

from __future__ import annotations

import datetime as dt
import re

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
# A report stamped a day or two ahead of this machine's clock is a time zone, not an error.
FUTURE_SLACK = dt.timedelta(days=2)


def within(day: dt.date | None) -> dt.date | None:
    """``day`` if it lies in [EARLIEST, LATEST], else None (for values already stored)."""
    return day if day is not None and EARLIEST <= day <= LATEST else None


def refusal(day: dt.date, what: str, today: dt.date | None = None) -> str | None:
    """Why ``day`` cannot be a report's date (None when it can): before 1900, or after tomorrow."""
    if day < EARLIEST:
        return f"{what} {day.isoformat()} is before {EARLIEST.year}"
    newest = (today or dt.date.today()) + FUTURE_SLACK
    if day > min(newest, LATEST):
        return f"{what} {day.isoformat()} is in the future"
    return None


# "(?=[12])" lets the engine skip at once the positions where no year can start (a third of its time)
_YEAR = re.compile(r"(?=[12])(?<![\w.,])((?:19|20)\d{2})(?!\d|,\d{3})")


def named_years(text: str) -> list[int]:
    """The years 1900-2099 a text names ("in 2017", "October 2018", "2019-20"), each once, sorted."""
    return sorted({int(m.group(1)) for m in _YEAR.finditer(text)})


def agrees(pred: dt.date, gold: dt.date, precision: str | None) -> bool:
    """Does ``pred`` agree with ``gold`` told at ``precision``: day (a day either way, for overnight
    events), week (seven days), month, year; exactly when no precision is given."""
    if precision == "day":
        return abs((pred - gold).days) <= 1
    if precision == "week":
        return abs((pred - gold).days) <= 7
    if precision == "month":
        return (pred.year, pred.month) == (gold.year, gold.month)
    if precision == "year":
        return pred.year == gold.year
    return pred == gold


def period_end(date: dt.date, precision: str | None) -> dt.date:
    """The last day of the period a date at ``precision`` stands for."""
    if precision == "year":
        return dt.date(date.year, 12, 31)
    if precision == "month":
        nxt = dt.date(date.year + date.month // 12, date.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    if precision == "week":
        return date + dt.timedelta(days=7)
    return date
