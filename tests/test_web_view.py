"""The page-shaping helpers on their own: field rows, conflicts, timeline, span marking, chart layout."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

from sarhad.web.chart import month_range, monthly_chart, year_labels
from sarhad.web.view import field_rows, highlighted, source_columns, timeline


def source(report: str, outlet: str | None, published: str | None) -> dict[str, Any]:
    return {
        "hash": report,
        "source": outlet,
        "published": published,
        "role": "main",
        "file": f"in/{report}.txt",
    }


def value(report: str, v: Any, chosen: bool, span: str | None = None) -> dict[str, Any]:
    return {
        "value": v,
        "report": report,
        "mention": 1,
        "span": {"text": span} if span else None,
        "chosen": chosen,
    }


RECORD: dict[str, Any] = {
    "date": "2020-05-08",
    "killed": {"chosen": 6},
    "sources": [
        source("c", "Wire", "2020-05-11"),
        source("a", "Wire", "2020-05-08"),
        source("b", None, None),
    ],
}


def test_columns_follow_publication_and_tell_repeated_outlets_apart() -> None:
    labels = [c.label for c in source_columns(RECORD["sources"])]
    assert labels == ["Wire (2020-05-08)", "Wire (2020-05-11)", "b.txt"]


def test_conflict_summary_groups_sources_by_value() -> None:
    sourced = {"killed": [value("a", 6, True, "six"), value("c", 6, True), value("b", 8, False, "eight")]}
    (row,) = [r for r in field_rows(RECORD, sourced) if r.name == "killed"]
    assert row.conflict and row.chosen == 6
    assert row.summary() == "6 killed — Wire (2020-05-08), Wire (2020-05-11); 8 killed — b.txt"
    assert [c.span for c in row.cells["b"]] == ["eight"]


def test_agreeing_sources_are_no_conflict_and_unknown_fields_take_fusions_pick() -> None:
    sourced = {"targets": [value("a", "guards", True), value("c", "guards", False)]}
    (row,) = [r for r in field_rows(RECORD, sourced) if r.name == "targets"]
    assert not row.conflict and row.chosen == "guards"


def test_timeline_counts_days_from_the_event_and_puts_undated_last() -> None:
    entries = timeline(RECORD)
    assert [(e.column.report, e.offset_days) for e in entries] == [("a", 0), ("c", 3), ("b", None)]


def test_highlighted_marks_spans_and_skips_overlaps() -> None:
    text = "Six soldiers were killed near Buleda."
    mentions = [{"spans": {"killed": {"start": 0, "end": 12}, "targets": {"start": 4, "end": 12},
                           "place": {"start": 30, "end": 36}}}]  # fmt: skip
    assert highlighted(text, mentions) == [
        ("Six soldiers", "killed"),
        (" were killed near ", None),
        ("Buleda", "place"),
        (".", None),
    ]


def test_month_range_crosses_years_and_keeps_quiet_months() -> None:
    assert month_range("2019-11", "2020-02") == ["2019-11", "2019-12", "2020-01", "2020-02"]


def test_chart_stacks_types_and_labels_do_not_collide() -> None:
    chart = monthly_chart({"2020-01": Counter({"ied": 2, "attack": 1}), "2020-03": Counter({"ied": 1})})
    assert chart is not None
    assert chart.months == ["2020-01", "2020-02", "2020-03"]
    assert len(chart.bars) == 3 and chart.ticks[-1][1] == 3
    tallest = sum(b.height for b in chart.bars if b.label.startswith("2020-01"))
    assert abs(tallest - 3 * chart.bars[-1].height) < 1e-6  # one incident is a third of the peak
    assert monthly_chart({}) is None
    labels = year_labels(month_range("2018-12", "2024-01"), step=2.0)  # years 24 px apart
    assert [year for _, year in labels] == ["2018", "2021", "2023"]  # 2019 and 2020 crowd 2018
    assert all(b[0] - a[0] >= 34 for a, b in itertools.pairwise(labels))
