"""Fusion accuracy against gold incident ids: B-cubed precision, recall and F1 over on-topic articles.

Each article's mentions are fused exactly as `sarhad ingest` would (arrival = publication order).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sarhad.events import family
from sarhad.fuse import FusedIncident, FusionMention, MentionKey, fuse
from sarhad.fuse.model import MENTION_FIELDS

if TYPE_CHECKING:
    from sarhad.read.model import Article, Event


@dataclass
class FusionScore:
    precision: float
    recall: float
    f1: float
    items: int
    clusters: dict[str, list[str]]  # predicted incident -> files
    far_merges: int = 0  # pairs of gold incidents more than FAR_MERGE apart that fusion put together

    def as_dict(self) -> dict[str, Any]:
        return {
            "bcubed_precision": round(self.precision, 4),
            "bcubed_recall": round(self.recall, 4),
            "bcubed_f1": round(self.f1, 4),
            "articles": self.items,
            "false_merges_over_60_days": self.far_merges,
            "clusters": self.clusters,
        }


FAR_MERGE = dt.timedelta(days=60)


def far_merges(clusters: Mapping[str, Sequence[str]], golds: Mapping[str, Mapping[str, Any]]) -> int:
    """Pairs of different gold incidents, dated more than 60 days apart, that share a predicted cluster:
    the false merges that erase one incident and corrupt another."""
    found = 0
    for files in clusters.values():
        dates: dict[str, dt.date] = {}
        for key in files:
            main = [
                e["date"] for e in golds[key].get("events", []) if e.get("date") and not e.get("background")
            ]
            if main:
                label = str(golds[key]["incident_id"])
                day = min(dt.date.fromisoformat(d) for d in main)
                dates[label] = min(day, dates.get(label, day))
        days = sorted(dates.values())
        found += sum(1 for i, a in enumerate(days) for b in days[i + 1 :] if b - a > FAR_MERGE)
    return found


def event_to_mention(event: Event, file: str, ordinal: int, article: Article, arrival: int) -> FusionMention:
    return FusionMention(
        key=MentionKey(file, ordinal),
        sector=event.sector,
        source=file,
        published=article.published,
        report_years=frozenset(article.years),
        arrival=arrival,
        **{name: getattr(event, name) for name in MENTION_FIELDS},
    )


def bcubed(predicted: Mapping[str, str], gold: Mapping[str, str]) -> tuple[float, float, float]:
    items = list(gold)
    if not items:
        return 0.0, 0.0, 0.0
    pred_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    both = Counter((predicted[i], gold[i]) for i in items)
    precision = sum(both[(predicted[i], gold[i])] / pred_size[predicted[i]] for i in items) / len(items)
    recall = sum(both[(predicted[i], gold[i])] / gold_size[gold[i]] for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def fuse_articles(articles: Sequence[tuple[str, Article]]) -> list[FusedIncident]:
    """Fuse the articles' mentions as `sarhad ingest` would; report ids are the given keys."""
    ordered = sorted(articles, key=lambda ka: (ka[1].published or dt.date.max, ka[0]))
    mentions = [
        event_to_mention(event, key, n, article, arrival)
        for arrival, (key, article) in enumerate(ordered)
        for n, event in enumerate(article.events)
    ]
    return fuse(mentions)


def fused_dates(incidents: Sequence[FusedIncident]) -> dict[tuple[str, int], tuple[dt.date, str]]:
    """Dates that fusion lends to undated mentions: the incident's date, widened to a week when it is a day
    (the mention's own report could not pin the day, as the corpus conventions say)."""
    lent: dict[tuple[str, int], tuple[dt.date, str]] = {}
    for incident in incidents:
        date, precision = incident.chosen.get("date"), incident.chosen.get("date_precision")
        if date is None:
            continue
        widened = "week" if precision in (None, "day") else str(precision)
        for m in incident.mentions:
            if m.key in incident.weekday_dates:
                lent[(m.key.report_id, m.key.ordinal)] = (incident.weekday_dates[m.key], "day")
            elif m.date is None:
                lent[(m.key.report_id, m.key.ordinal)] = (date, widened)
    return lent


def records_with_fused_dates(articles: Sequence[tuple[str, Article]]) -> dict[str, dict[str, Any]]:
    """Each article's JSON record (by key), with the dates fusion lends to the mentions that their own
    report could not date ("on Monday" in a report without a publication date), marked
    ``"date_from": "fusion"``. A mention's own date is never replaced."""
    lent = fused_dates(fuse_articles(articles))
    records: dict[str, dict[str, Any]] = {}
    for key, article in articles:
        record = article.to_json()
        for n, event in enumerate(record["events"]):
            event["date_from"] = "report" if event["date"] is not None else None
            if event["date"] is None and (key, n) in lent:
                date, precision = lent[(key, n)]
                event["date"], event["date_precision"] = date.isoformat(), precision
                event["date_from"] = "fusion"
        records[key] = record
    return records


def score_fusion(
    articles: Sequence[tuple[str, Article]],
    golds: Mapping[str, Mapping[str, Any]],
    incidents: Sequence[FusedIncident] | None = None,
) -> FusionScore:
    """B-cubed over on-topic gold articles (``articles`` and ``golds`` keyed alike: folder/file).

    Gold labels each article with the incident its news is about. Fusion puts two articles together
    when they share an incident through mentions that tell the article's gold main events (main mentions
    of the same event family); the predicted clusters are the connected groups of articles so linked.
    Events the reader mistook for main ones therefore cannot chain unrelated stories together.
    """
    incidents = incidents if incidents is not None else fuse_articles(articles)
    gold = {
        key: str(golds[key]["incident_id"])
        for key, _ in articles
        if golds.get(key, {}).get("on_topic") and golds[key].get("incident_id")
    }
    parent = {key: key for key in gold}
    families = {
        key: {family(str(e.get("type"))) for e in golds[key].get("events", []) if not e.get("background")}
        for key in gold
    }

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for incident in incidents:
        linked = sorted(
            {
                m.key.report_id
                for m in incident.mentions
                if not m.background
                and m.key.report_id in gold
                and family(m.type) in families[m.key.report_id]
            }
        )
        for other in linked[1:]:
            parent[root(other)] = root(linked[0])
    predicted = {key: root(key) for key in gold}
    precision, recall, f1 = bcubed(predicted, gold)
    clusters: dict[str, list[str]] = {}
    for key, label in sorted(predicted.items()):
        clusters.setdefault(label, []).append(key)
    return FusionScore(precision, recall, f1, len(gold), clusters, far_merges(clusters, golds))
