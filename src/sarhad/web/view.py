"""Shape an incident for its page: every field's chosen value beside each source's value and span."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from sarhad.fuse.agree import conflicts
from sarhad.fuse.model import SOURCED_FIELDS
from sarhad.wording import describe

# The order fields are shown in; fusion may record others, which follow.
FIELD_ORDER = SOURCED_FIELDS


@dataclass
class SourceColumn:
    report: str
    label: str
    source: str | None
    published: str | None
    role: str
    file: str
    origin: str | None = None  # the party whose node shared it, for reports from the exchange
    releasability: str = "national"


@dataclass
class Cell:
    value: Any
    span: str | None
    chosen: bool


@dataclass
class ValueGroup:
    value: Any
    sources: list[SourceColumn]
    chosen: bool


@dataclass
class FieldRow:
    name: str
    chosen: Any
    groups: list[ValueGroup] = field(default_factory=list)
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    conflict: bool = False  # the sources really disagree (sarhad.fuse.agree), not merely in wording

    def summary(self) -> str:
        """E.g. "6 killed — Outlet A, Outlet B; 5 killed — Outlet C"."""
        return "; ".join(
            f"{describe(self.name, g.value)} — {', '.join(s.label for s in g.sources)}" for g in self.groups
        )


def source_columns(sources: list[dict[str, Any]]) -> list[SourceColumn]:
    """One column per report, by publication; an outlet named twice gets its dates to tell them apart."""
    sources = sorted(sources, key=lambda s: (s["published"] or "9999", s["source"] or "", s["hash"]))
    names = [s["source"] or PurePath(s["file"]).name for s in sources]
    repeated = {n for n, k in Counter(names).items() if k > 1}
    columns = []
    for src, name in zip(sources, names, strict=True):
        label = f"{name} ({src['published'] or 'undated'})" if name in repeated else name
        columns.append(
            SourceColumn(
                src["hash"],
                label,
                src["source"],
                src["published"],
                src["role"],
                src["file"],
                src.get("origin"),
                src.get("releasability", "national"),
            )
        )
    return columns


def field_rows(record: dict[str, Any], sourced: dict[str, list[dict[str, Any]]]) -> list[FieldRow]:
    columns = {c.report: c for c in source_columns(record["sources"])}
    disputed = conflicts(sourced)
    names = [n for n in FIELD_ORDER if n in sourced or n in record] + sorted(set(sourced) - set(FIELD_ORDER))
    rows = []
    for name in names:
        chosen = record.get(name)
        if isinstance(chosen, dict):  # counts carry {"chosen", "low", "high", "values"}
            chosen = chosen.get("chosen")
        if name not in record:  # fields the incident row has no column for (targets): fusion's pick
            chosen = next((v["value"] for v in sourced.get(name, []) if v["chosen"]), None)
        row = _row(name, chosen, sourced.get(name, []), columns)
        row.conflict = name in disputed
        rows.append(row)
    return rows


def _row(name: str, chosen: Any, values: list[dict[str, Any]], columns: dict[str, SourceColumn]) -> FieldRow:
    row = FieldRow(name, chosen)
    for item in values:
        column = columns.get(item["report"] or "")
        span = (item.get("span") or {}).get("text")
        row.cells.setdefault(item["report"] or "", []).append(Cell(item["value"], span, bool(item["chosen"])))
        if item["value"] is None or column is None:
            continue
        group = next((g for g in row.groups if g.value == item["value"]), None)
        if group is None:
            group = ValueGroup(item["value"], [], False)
            row.groups.append(group)
        if column not in group.sources:
            group.sources.append(column)
        group.chosen = group.chosen or bool(item["chosen"]) or item["value"] == chosen
    return row


@dataclass
class TimelineEntry:
    column: SourceColumn
    date: dt.date | None
    offset_days: int | None


def timeline(record: dict[str, Any]) -> list[TimelineEntry]:
    """The incident's reports in order of publication, with days since the incident's date."""
    event = dt.date.fromisoformat(record["date"]) if record.get("date") else None
    entries = []
    for column in source_columns(record["sources"]):
        when = dt.date.fromisoformat(column.published) if column.published else None
        offset = (when - event).days if when and event else None
        entries.append(TimelineEntry(column, when, offset))
    return sorted(entries, key=lambda e: (e.date or dt.date.max, e.column.label))


def highlighted(text: str, mentions: list[dict[str, Any]]) -> list[tuple[str, str | None]]:
    """The report text cut into (piece, field-or-None) so spans read from it can be marked.

    Overlapping spans are possible (a count inside a target phrase); the earlier-starting one wins
    and the other is skipped rather than nesting marks.
    """
    spans = sorted(
        (int(s["start"]), int(s["end"]), name)
        for m in mentions
        for name, s in (m.get("spans") or {}).items()
        if isinstance(s, dict) and "start" in s and "end" in s
    )
    pieces: list[tuple[str, str | None]] = []
    cursor = 0
    for start, end, name in spans:
        if start < cursor or end > len(text) or start >= end:
            continue
        pieces.append((text[cursor:start], None))
        pieces.append((text[start:end], name))
        cursor = end
    pieces.append((text[cursor:], None))
    return [p for p in pieces if p[0]]
