"""``sarhad read`` and ``sarhad eval``: the read stage from the command line.

``register(app)`` adds both commands to the main Typer app (wired in ``sarhad.cli``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from sarhad.intake.ingest import discover
from sarhad.intake.parse import IntakeProblem, parse_file

_out = Console(markup=False)
_err = Console(stderr=True, markup=False)


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str) + "\n")


def read_command(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (.txt, .html, .json, .jsonl).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON line per article.")] = False,
) -> None:
    """Read articles without storing them: events with dates, places, actors and counts."""
    from sarhad.read.reader import Reader

    reader = Reader()
    table = Table("file", "status", "events", "main event")
    failed = False
    for path in discover(paths):
        if isinstance(path, IntakeProblem):
            _err.print(str(path), highlight=False)
            failed = True
            continue
        for item in parse_file(path):
            if isinstance(item, IntakeProblem):
                record: dict[str, Any] = {
                    "file": path.name,
                    "published": None,
                    "on_topic": False,
                    "status": "unreadable",
                    "reason": item.reason,
                    "events": [],
                }
            else:
                record = reader.read(item.text, item.published, path.name, item.title).to_json()
            if as_json:
                _print_json(record)
            else:
                table.add_row(record["file"], record["status"], str(len(record["events"])), _summary(record))
    if not as_json:
        _out.print(table)
    if failed:
        raise typer.Exit(1)


def _summary(record: dict[str, Any]) -> str:
    main = [e for e in record["events"] if not e["background"]]
    if not main:
        return record.get("reason") or ""
    e = main[0]
    return f"{e['type']} {e['date'] or '?'} {e['place'] or e['country'] or '?'} killed={e['killed']}"


def eval_command(
    dirs: Annotated[
        list[Path], typer.Argument(help="Corpus folders: DIR/articles (or DIR) and DIR/gold.jsonl.")
    ],
    gold: Annotated[
        list[Path] | None,
        typer.Option(
            "--gold",
            help="Gold file for the matching DIR (repeat in order); default DIR/gold.jsonl, "
            "or the packaged seed gold when DIR has none.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print metrics and misses as JSON.")] = False,
    misses: Annotated[bool, typer.Option("--misses/--no-misses", help="List the misses.")] = True,
) -> None:
    """Score `read` against gold annotations: on-topic F1, event type, date, place, counts, perpetrator."""
    from sarhad.read.evaluate import ArticleRun, Score, packaged_seed_gold, read_corpus, score_runs
    from sarhad.read.reader import Reader

    reader = Reader()
    runs: list[ArticleRun] = []
    per_dir: dict[str, Any] = {}
    for index, directory in enumerate(dirs):
        gold_path = gold[index] if gold and index < len(gold) else directory / "gold.jsonl"
        if not gold_path.exists():
            gold_path = packaged_seed_gold()
        if not directory.is_dir():
            _err.print(f"error: {directory}: no such folder")
            raise typer.Exit(2)
        dir_runs = read_corpus(directory, gold_path, reader)
        per_dir[str(directory)] = score_runs(dir_runs, reader).metrics()
        runs.extend(dir_runs)
    total: Score = score_runs(runs, reader)
    after, fusion = _after_fusion(runs, reader)
    result = {
        "metrics": total.metrics(),
        "after_fusion": after.metrics(),
        "fusion": fusion,
        "per_dir": per_dir,
        "misses": total.misses if misses else [],
    }
    if as_json:
        _print_json(result)
        return
    table = Table("metric", *[Path(d).name for d in per_dir], "all", "all, after fusion")
    for key, value in total.metrics().items():
        table.add_row(key, *[str(m[key]) for m in per_dir.values()], str(value), str(after.metrics()[key]))
    _out.print(table)
    _out.print(
        f"fusion B-cubed over {fusion['articles']} articles: precision {fusion['bcubed_precision']}, "
        f"recall {fusion['bcubed_recall']}, F1 {fusion['bcubed_f1']}"
    )
    for miss in result["misses"]:
        _out.print(miss, highlight=False)


def _after_fusion(runs: list[Any], reader: Any) -> tuple[Any, dict[str, Any]]:
    """Fuse every article read, score fusion, and re-score reading with the dates fusion lends to
    mentions whose own report could not date them (relative dates in undated reports)."""
    from sarhad.fuse.evaluate import fuse_articles, fused_dates, score_fusion
    from sarhad.read.evaluate import score_runs

    keyed = [(run.key, run.article) for run in runs]
    incidents = fuse_articles(keyed)
    lent = fused_dates(incidents)
    predictions: dict[str, dict[str, Any]] = {}
    for run in runs:
        record = run.article.to_json()
        for n, event in enumerate(record["events"]):
            if event["date"] is None and (run.key, n) in lent:
                date, precision = lent[(run.key, n)]
                event["date"], event["date_precision"], event["date_from"] = (
                    date.isoformat(),
                    precision,
                    "fusion",
                )
        predictions[run.key] = record
    fusion = score_fusion(keyed, {run.key: run.gold for run in runs}, incidents).as_dict()
    return score_runs(runs, reader, predictions), fusion


def register(app: typer.Typer) -> None:
    app.command("read")(read_command)
    app.command("eval")(eval_command)
