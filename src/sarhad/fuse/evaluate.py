"""Fusion accuracy against gold incident ids: B-cubed precision, recall and F1.

The unit scored is the on-topic article: the gold says which incident its main event belongs to
(``incident_id``); the prediction is the incident that fusion put the article's matching main mention in.
Each article's mentions are fused exactly as `sarhad ingest` would (arrival = publication order).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sarhad.fuse import FusionMention, MentionKey, fuse
from sarhad.fuse.cluster import family

if TYPE_CHECKING:
    from sarhad.read.model import Article, Event


@dataclass
class FusionScore:
    precision: float
    recall: float
    f1: float
    items: int
    clusters: dict[str, list[str]]  # predicted incident -> files

    def as_dict(self) -> dict[str, Any]:
        return {
            "bcubed_precision": round(self.precision, 4),
            "bcubed_recall": round(self.recall, 4),
            "bcubed_f1": round(self.f1, 4),
            "articles": self.items,
            "clusters": self.clusters,
        }


def event_to_mention(
    event: Event, file: str, ordinal: int, published: dt.date | None, arrival: int
) -> FusionMention:
    return FusionMention(
        key=MentionKey(file, ordinal),
        type=event.type,
        date=event.date,
        date_precision=event.date_precision,
        place=event.place,
        lat=event.lat,
        lon=event.lon,
        geo_precision=event.geo_precision,
        admin1=event.admin1,
        admin2=event.admin2,
        country=event.country,
        sector=event.sector,
        side=event.side,
        killed=event.killed,
        injured=event.injured,
        abducted=event.abducted,
        released=event.released,
        perpetrator=event.perpetrator,
        perpetrator_basis=event.perpetrator_basis,
        targets=event.targets,
        background=event.background,
        source=file,
        published=published,
        arrival=arrival,
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


def main_mention_for(article: Article, gold_event: Mapping[str, Any] | None) -> int | None:
    """The article's main mention that tells the gold main event (same family, nearest date)."""
    candidates = [(n, e) for n, e in enumerate(article.events) if not e.background]
    if gold_event is not None:
        same = [(n, e) for n, e in candidates if family(e.type) == family(str(gold_event.get("type")))]
        candidates = same or candidates
        gold_date = gold_event.get("date")
        if gold_date and candidates:
            target = dt.date.fromisoformat(gold_date)
            candidates.sort(key=lambda ne: abs((ne[1].date - target).days) if ne[1].date else 10**6)
    return candidates[0][0] if candidates else None


def score_fusion(articles: Sequence[Article], golds: Mapping[str, Mapping[str, Any]]) -> FusionScore:
    """B-cubed over on-topic gold articles; ``golds`` maps file name -> gold record."""
    ordered = sorted(articles, key=lambda a: (a.published or dt.date.max, a.file))
    mentions = [
        event_to_mention(event, article.file, n, article.published, arrival)
        for arrival, article in enumerate(ordered)
        for n, event in enumerate(article.events)
    ]
    where = {
        (m.key.report_id, m.key.ordinal): incident.id
        for incident in fuse(mentions)
        for m in incident.mentions
    }
    predicted: dict[str, str] = {}
    gold: dict[str, str] = {}
    for article in articles:
        record = golds.get(article.file)
        if not record or not record.get("on_topic") or not record.get("incident_id"):
            continue
        main = [e for e in record.get("events", []) if not e.get("background")]
        index = main_mention_for(article, main[0] if main else None)
        gold[article.file] = str(record["incident_id"])
        predicted[article.file] = (
            where.get((article.file, index), f"unmatched:{article.file}")
            if index is not None
            else f"unmatched:{article.file}"
        )
    precision, recall, f1 = bcubed(predicted, gold)
    clusters: dict[str, list[str]] = {}
    for file, label in sorted(predicted.items()):
        clusters.setdefault(label, []).append(file)
    return FusionScore(precision, recall, f1, len(gold), clusters)
