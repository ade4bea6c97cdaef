"""Score ``read`` against a gold corpus (the format of ../shared/corpus/dev/gold.jsonl).

Metric definitions are in docs/reading.md. In short: gold and predicted events of one article are paired
greedily by a similarity score; every field metric is the share of *all* gold events (of on-topic gold
articles) whose paired prediction has the right value, so a missed event counts against every field.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from sarhad.daterange import agrees
from sarhad.events import DIPLOMACY, READ_FAMILY
from sarhad.intake.parse import IntakeProblem, parse_file
from sarhad.read.model import Article
from sarhad.read.reader import Reader

FIELDS = ("type", "date", "place", "killed", "injured", "perpetrator")
# General equivalences named by the corpus conventions: an ambush is an attack; a crossing lies on both sides.
TYPE_EQUIVALENT = {frozenset({"attack", "ambush"})}
CROSSING_TYPES = frozenset({"border_opening", "border_closure"})


@dataclass
class Score:
    articles: int = 0
    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0
    gold_events: int = 0
    pred_events: int = 0
    matched: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    # gold events of reports that print a publication date, and those dated right: a report without one
    # dates its weekdays only by what the annotator knew from elsewhere
    dated_events: int = 0
    dated_right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in (
            "articles",
            "topic_tp",
            "topic_fp",
            "topic_fn",
            "gold_events",
            "pred_events",
            "matched",
            "dated_events",
            "dated_right",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key in FIELDS:
            self.correct[key] += other.correct[key]
        self.misses.extend(other.misses)

    def metrics(self) -> dict[str, float | int]:
        precision = self.topic_tp / max(1, self.topic_tp + self.topic_fp)
        recall = self.topic_tp / max(1, self.topic_tp + self.topic_fn)
        out: dict[str, float | int] = {
            "articles": self.articles,
            "on_topic_f1": round(2 * precision * recall / max(1e-9, precision + recall), 3),
            "gold_events": self.gold_events,
            "pred_events": self.pred_events,
            "event_recall": round(self.matched / max(1, self.gold_events), 3),
            "event_precision": round(self.matched / max(1, self.pred_events), 3),
        }
        for key in FIELDS:
            out[key] = round(self.correct[key] / max(1, self.gold_events), 3)
        out["date_in_dated_reports"] = round(self.dated_right / max(1, self.dated_events), 3)
        return out


def load_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def packaged_seed_gold() -> Path:
    return Path(str(resources.files("sarhad.read") / "data" / "seeds_gold.jsonl"))


@dataclass
class ArticleRun:
    """One gold article, read: ``key`` is unique across corpora (folder/file)."""

    key: str
    gold: dict[str, Any]
    article: Article


def read_corpus(
    directory: Path, gold_path: Path | None = None, reader: Reader | None = None
) -> list[ArticleRun]:
    """Read every gold article found under ``directory`` (or ``directory/articles``)."""
    reader = reader or Reader()
    gold_path = gold_path or (directory / "gold.jsonl")
    articles = directory / "articles" if (directory / "articles").is_dir() else directory
    runs = []
    for record in load_gold(gold_path):
        path = articles / record["file"]
        if path.exists():
            runs.append(ArticleRun(f"{directory.name}/{record['file']}", record, _read(reader, path)))
    return runs


def score_runs(
    runs: list[ArticleRun], reader: Reader, predictions: dict[str, dict[str, Any]] | None = None
) -> Score:
    """Score the runs; ``predictions`` (by run key) replaces the reader's own output where given."""
    total = Score()
    for run in runs:
        predicted = (predictions or {}).get(run.key) or run.article.to_json()
        total.add(score_article(run.gold, predicted, reader))
    return total


def score_against(golds: list[dict[str, Any]], second: dict[str, dict[str, Any]], reader: Reader) -> Score:
    """Score a second annotation (records by file) in the reader's place: how far two annotators agree."""
    total = Score()
    for gold in golds:
        total.add(score_article(gold, second[gold["file"]], reader))
    return total


def evaluate(directory: Path, gold_path: Path | None = None, reader: Reader | None = None) -> Score:
    """Read every gold article found under ``directory`` (or ``directory/articles``) and score it."""
    reader = reader or Reader()
    return score_runs(read_corpus(directory, gold_path, reader), reader)


def _read(reader: Reader, path: Path) -> Article:
    for item in parse_file(path):
        if isinstance(item, IntakeProblem):
            return Article(path.name, None, False, "unreadable", item.reason, [])
        return reader.read(item.text, item.published, path.name, item.title, item.url)
    return Article(path.name, None, False, "unreadable", "no report in file", [])


def score_article(gold: dict[str, Any], pred: dict[str, Any], reader: Reader) -> Score:
    score = Score(articles=1)
    gold_on, pred_on = bool(gold["on_topic"]), bool(pred["on_topic"])
    score.topic_tp, score.topic_fp, score.topic_fn = (
        int(gold_on and pred_on),
        int(pred_on and not gold_on),
        int(gold_on and not pred_on),
    )
    if not pred_on and gold_on:
        score.misses.append({"file": gold["file"], "field": "on_topic", "gold": True, "pred": False})
    if pred_on and not gold_on:
        score.misses.append({"file": gold["file"], "field": "on_topic", "gold": False, "pred": True})
    if not gold_on:
        return score
    golds, preds = gold["events"], pred["events"] if pred_on else []
    score.gold_events, score.pred_events = len(golds), len(preds)
    pairs = _pair(golds, preds)
    score.matched = sum(1 for p in pairs.values() if p is not None)
    for index, g in enumerate(golds):
        p = pairs.get(index)
        for key in FIELDS:
            ok = p is not None and _field_ok(key, g, p, reader)
            score.correct[key] += ok
            if key == "date" and gold.get("published"):
                score.dated_events += 1
                score.dated_right += ok
            if not ok:
                score.misses.append(
                    {
                        "file": gold["file"],
                        "event": index,
                        "gold_type": g["type"],
                        "field": key,
                        "gold": _value(key, g),
                        "pred": _value(key, p) if p is not None else "(no matching event)",
                    }
                )
    paired = {id(p) for p in pairs.values() if p is not None}
    for p in preds:
        if id(p) not in paired:  # an event the annotator did not record: what lowers precision
            score.misses.append(
                {
                    "file": gold["file"],
                    "field": "extra_event",
                    "gold": None,
                    "pred": [p.get("type"), p.get("date"), p.get("place"), bool(p.get("background"))],
                }
            )
    return score


def _pair(golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[int, dict[str, Any] | None]:
    """Greedy one-to-one pairing by similarity (family, type, background, date, country)."""
    candidates = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            sim = _similarity(g, p)
            if sim >= 3:
                candidates.append((sim, -gi, -pi, gi, pi))
    candidates.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: dict[int, dict[str, Any] | None] = {}
    for _, _, _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs[gi] = preds[pi]
    return pairs


def _family(kind: str) -> str:
    return READ_FAMILY.get(kind, kind)


def _similarity(g: dict[str, Any], p: dict[str, Any]) -> int:
    sim = 3 if _family(g["type"]) == _family(p["type"]) else 0
    sim += 1 if _type_ok(g["type"], p["type"]) else 0
    sim += 1 if bool(g.get("background")) == bool(p.get("background")) else 0
    sim += 2 if _date_ok(g, p) and g.get("date") else 0
    sim += 1 if g.get("country") and g.get("country") == p.get("country") else 0
    # Two recalled attacks in one report differ by where and by their toll: pair on what they share.
    sim += 1 if _same_place_name(g.get("place"), p.get("place")) else 0
    sim += 1 if g.get("killed") is not None and g.get("killed") == p.get("killed") else 0
    return sim


def _same_place_name(gold: Any, pred: Any) -> bool:
    if not gold or not pred:
        return False
    gold, pred = str(gold).lower(), str(pred).lower()
    return pred in gold or gold in pred


def _type_ok(gold: str, pred: str) -> bool:
    return gold == pred or frozenset({gold, pred}) in TYPE_EQUIVALENT


def _date_ok(g: dict[str, Any], p: dict[str, Any]) -> bool:
    if g.get("date") is None:
        return p.get("date") is None
    if p.get("date") is None:
        return False
    return agrees(dt.date.fromisoformat(p["date"]), dt.date.fromisoformat(g["date"]), g.get("date_precision"))


def _place_ok(g: dict[str, Any], p: dict[str, Any], reader: Reader) -> bool:
    """A crossing is at the line: either side's border province is right for it."""
    sides = {(side.code, province) for side in reader.pack.sides for province in side.provinces}
    pair = (p.get("country"), p.get("admin1"))
    if g["type"] in CROSSING_TYPES and (g.get("country"), g.get("admin1")) in sides and pair in sides:
        return True
    if g.get("country") != p.get("country"):
        return False
    return g.get("admin1") is None or _province(g.get("admin1"), reader) == _province(p.get("admin1"), reader)


def _province(name: Any, reader: Reader) -> Any:
    """A province as the reader's lexicon names it: "Paktia" and "Paktiya" are one province."""
    place = reader.lexicon.place_names.get(str(name).lower()) if name else None
    return place.admin1 if place is not None and place.kind == "province" else name


def perpetrator_ok(gold: str | None, pred: str | None, reader: Reader) -> bool:
    if gold is None or pred is None:
        return gold is None and pred is None
    gold_ids = {a.id for a in reader.lexicon.resolve_actor(gold)}
    pred_ids = {a.id for a in reader.lexicon.resolve_actor(pred)}
    if gold_ids & pred_ids:
        return True
    return fuzz.token_set_ratio(gold.lower(), pred.lower()) >= 90


def _field_ok(key: str, g: dict[str, Any], p: dict[str, Any], reader: Reader) -> bool:
    if key == "type":
        return _type_ok(g["type"], p["type"])
    if key == "date":
        return _date_ok(g, p)
    if key == "place":
        return _place_ok(g, p, reader)
    if key == "perpetrator":
        return perpetrator_ok(g.get("perpetrator"), p.get("perpetrator"), reader) or _held_by(g, p, reader)
    return bool(g.get(key) == p.get(key))


def _held_by(g: dict[str, Any], p: dict[str, Any], reader: Reader) -> bool:
    """Talks have no acting party: the reader names who held them as their parties. An annotator who
    names the participants in the perpetrator field is answered by those, where the reading names no
    acting party of its own."""
    if g["type"] not in DIPLOMACY or not g.get("perpetrator") or p.get("perpetrator") or not p.get("parties"):
        return False
    return perpetrator_ok(g["perpetrator"], p["parties"], reader)


def _value(key: str, event: dict[str, Any]) -> Any:
    if key == "date":
        return [event.get("date"), event.get("date_precision")]
    if key == "place":
        return [event.get("country"), event.get("admin1"), event.get("place")]
    return event.get(key)
