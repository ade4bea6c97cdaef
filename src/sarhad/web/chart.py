"""Incidents per month by type as a stacked bar chart, laid out here and drawn as inline SVG."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sarhad.events import TYPE_COLOURS
from sarhad.wording import describe

WIDTH, HEIGHT = 760, 240
LEFT, RIGHT, BOTTOM, TOP = 36, 28, 28, 10
MIN_LABEL_GAP = 34  # px between year labels on the month axis
MAX_BAR = 36.0  # px: a few months should not become slabs
MONTH_LABELS_UP_TO = 12  # label every month when there are this few, years otherwise


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    months: list[str]
    types: list[str]
    colours: dict[str, str]
    ticks: list[tuple[float, int]]  # (y, value) on the count axis
    labels: list[tuple[float, str]]  # (x, "YYYY") on the month axis
    table: list[tuple[str, dict[str, int], int]]  # month, counts by type, total
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    bottom: int = HEIGHT - BOTTOM


def month_range(first: str, last: str) -> list[str]:
    """Every "YYYY-MM" from first to last, so quiet months show as gaps rather than vanish."""
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def monthly_chart(counts: dict[str, Counter[str]]) -> Chart | None:
    if not counts:
        return None
    months = month_range(min(counts), max(counts))
    types = sorted({kind for c in counts.values() for kind in c})
    colours = {kind: TYPE_COLOURS.get(kind, "#666666") for kind in types}
    peak = max(sum(c.values()) for c in counts.values())
    plot_h = HEIGHT - BOTTOM - TOP
    step = (WIDTH - LEFT - RIGHT) / len(months)
    bars = []
    for i, month in enumerate(months):
        base = float(HEIGHT - BOTTOM)
        for kind in types:
            n = counts.get(month, Counter()).get(kind, 0)
            if not n:
                continue
            h = plot_h * n / peak
            base -= h
            label = f"{month}: {n} {describe('type', kind)}"
            bars.append(
                Bar(LEFT + i * step + step * 0.1, base, max(step * 0.8, 1.0), h, colours[kind], label)
            )
    ticks = [(HEIGHT - BOTTOM - plot_h * v / peak, v) for v in sorted({0, (peak + 1) // 2, peak})]
    labels = (
        [(LEFT + (i + 0.5) * step, m) for i, m in enumerate(months)]
        if len(months) <= MONTH_LABELS_UP_TO
        else year_labels(months, step)
    )
    table = [(m, dict(counts[m]), sum(counts[m].values())) for m in counts]
    return Chart(bars, months, types, colours, ticks, labels, table)


def year_labels(months: list[str], step: float) -> list[tuple[float, str]]:
    """A label at the first month and each January, skipping any too close to the last one kept."""
    kept: list[tuple[float, str]] = []
    for i, month in enumerate(months):
        x = LEFT + (i + 0.5) * step
        if (i == 0 or month.endswith("-01")) and (not kept or x - kept[-1][0] >= MIN_LABEL_GAP):
            kept.append((x, month[:4]))
    return kept
