"""One reader per border for the read-stage tests: building one loads the gazetteer and the packs."""

from __future__ import annotations

import datetime as dt
from functools import cache

from sarhad.read.model import Article
from sarhad.read.reader import Reader

DAY = dt.date(2024, 12, 29)


@cache
def reader(countries: str) -> Reader:
    return Reader(countries)


def read(text: str, countries: str = "PK,IR", day: dt.date | None = DAY) -> Article:
    return reader(countries).read(text, day)
