"""Date resolution: relative weekdays, relative months, unknown publication dates."""

from __future__ import annotations

import datetime as dt

from sarhad.daterange import agrees
from sarhad.read.dates import find_dates, resolve_relative, resolve_weekday
from sarhad.read.reader import read_article

SAT = dt.date(2020, 5, 9)  # a Saturday


def test_on_friday_in_a_saturday_paper_is_the_day_before() -> None:
    assert resolve_weekday(4, False, SAT, None) == (dt.date(2020, 5, 8), "day")


def test_same_weekday_is_the_publication_day_unless_last() -> None:
    assert resolve_weekday(5, False, SAT, None) == (SAT, "day")
    assert resolve_weekday(5, True, SAT, None) == (dt.date(2020, 5, 2), "day")


def test_monday_evening_resolves_against_publication() -> None:
    hits = find_dates("talks held on Monday evening by telephone", dt.date(2020, 5, 12), None)
    assert [(h.date, h.precision) for h in hits] == [(dt.date(2020, 5, 11), "day")]


def test_last_month_and_month_of_last_year() -> None:
    assert resolve_relative("last month", dt.date(2021, 1, 10)) == (dt.date(2020, 12, 1), "month")
    hits = find_dates("during a visit in April last year", dt.date(2020, 5, 12), None)
    assert [(h.date, h.precision) for h in hits] == [(dt.date(2019, 4, 1), "month")]


def test_bare_month_takes_the_latest_past_year() -> None:
    hits = find_dates("In July, two officers died", dt.date(2023, 12, 15), None)
    assert hits[0].date == dt.date(2023, 7, 1)
    hits = find_dates("In December, a post was raided", dt.date(2024, 1, 17), None)
    assert hits[0].date == dt.date(2023, 12, 1)


def test_unknown_publication_leaves_relative_dates_unknown() -> None:
    hits = find_dates("the convoy was hit on Friday and last month", None, None)
    assert hits and all(h.date is None for h in hits)


def test_unknown_publication_weekday_near_an_explicit_date_is_widened() -> None:
    hits = find_dates("On Tuesday the two chiefs spoke", None, dt.date(2020, 5, 8))
    assert [(h.date, h.precision) for h in hits] == [(dt.date(2020, 5, 12), "week")]


def test_explicit_dates_and_founding_years() -> None:
    hits = find_dates("killed on May 8, 2020 by a group formed in 2012", None, None)
    assert [(h.date, h.precision) for h in hits] == [(dt.date(2020, 5, 8), "day")]


def test_tolerance_by_precision() -> None:
    assert agrees(dt.date(2020, 5, 9), dt.date(2020, 5, 8), "day")
    assert not agrees(dt.date(2020, 5, 11), dt.date(2020, 5, 8), "day")
    assert agrees(dt.date(2020, 5, 14), dt.date(2020, 5, 8), "week")
    assert agrees(dt.date(2020, 5, 30), dt.date(2020, 5, 1), "month")


def test_reader_never_invents_a_day_without_publication_date() -> None:
    text = (
        "Gunmen attacked an Iranian border post near Saravan in Sistan and Baluchestan on Friday, "
        "killing three Iranian border guards, officials said."
    )
    article = read_article(text, None)
    assert article.on_topic
    assert article.events[0].date is None
    dated = read_article(text, dt.date(2022, 3, 7))  # a Monday
    assert dated.events[0].date == dt.date(2022, 3, 4)
    assert dated.events[0].date_precision == "day"


def test_date_in_url() -> None:
    import datetime as dt

    from sarhad.read.text import date_in_url

    today = dt.date(2026, 11, 24)
    assert date_in_url("https://www.japantimes.co.jp/news/2017/04/27/world/x/", today) == dt.date(2017, 4, 27)
    assert date_in_url("https://example.org/story-2021-03-22.html", today) == dt.date(2021, 3, 22)
    assert date_in_url("https://example.org/2021/03/story", today) is None  # a month is not a day
    assert date_in_url("https://example.org/2021/02/30/x", today) is None  # no such day
    assert date_in_url("https://example.org/2031/01/01/x", today) is None  # not yet
    assert date_in_url("https://www.dawn.com/news/1447011", today) is None
    assert date_in_url(None, today) is None
