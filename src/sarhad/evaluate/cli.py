"""``sarhad eval``: the reader and fusion scored against gold annotations (``evaluate.reading``).

``register(app)`` adds the command to the main Typer app (wired in ``sarhad.cli``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from sarhad.clikit import CountriesOption, fail, out, print_json, reader_for
from sarhad.wording import field_label


def _miss(miss: dict[str, Any]) -> str:
    """One miss of `sarhad eval` in words: "file.txt: date: gold 2020-05-08, read 2020-05-12"."""
    gold, read = miss.get("gold"), miss.get("pred")
    rest = {k: v for k, v in miss.items() if k not in ("file", "field", "gold", "pred")}
    extra = "".join(f"; {k} {v}" for k, v in rest.items())
    what = field_label(str(miss.get("field")))
    return f"{miss.get('file')}: {what}: gold {_word(gold)}, read {_word(read)}{extra}"


def _word(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


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
    against: Annotated[
        list[Path] | None,
        typer.Option(
            "--against",
            help="A second, independent annotation of the matching DIR (repeat in order), scored in place "
            "of the reader's output: how far two annotators agree under the same metric.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print metrics and misses as JSON.")] = False,
    misses: Annotated[bool, typer.Option("--misses/--no-misses", help="List the misses.")] = True,
    countries: CountriesOption = "PK,IR",
) -> None:
    """Score `read` against gold annotations: on-topic F1, event type, date, place, counts, perpetrator.

    Example: sarhad eval ../shared/corpus/dev
    """
    from sarhad.evaluate.reading import (
        ArticleRun,
        Score,
        load_gold,
        packaged_seed_gold,
        read_corpus,
        score_against,
        score_runs,
    )

    reader = reader_for(countries)
    runs: list[ArticleRun] = []
    per_dir: dict[str, Any] = {}
    agreement = Score()
    for index, directory in enumerate(dirs):
        gold_path = gold[index] if gold and index < len(gold) else directory / "gold.jsonl"
        if not gold_path.exists():
            gold_path = packaged_seed_gold()
        if not directory.is_dir():
            raise fail(f"{directory}: no such folder")
        if against:  # two annotations compared: nothing to read
            golds = load_gold(gold_path)
            agreed = score_against(golds, _second_annotation(golds, against[index : index + 1]), reader)
            per_dir[str(directory)] = agreed.metrics()
            agreement.add(agreed)
            continue
        dir_runs = read_corpus(directory, gold_path, reader)
        per_dir[str(directory)] = score_runs(dir_runs, reader).metrics()
        runs.extend(dir_runs)
    if against:
        _print_agreement(agreement, per_dir, as_json, misses)
        return
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
        print_json(result)
        return
    # "each alone": every report read on its own; "read together": as `sarhad read` prints them, with the
    # dates fusion lends between reports of one incident
    table = Table("metric", *[Path(d).name for d in per_dir], "all, each alone", "all, read together")
    for key, value in total.metrics().items():
        table.add_row(key, *[str(m[key]) for m in per_dir.values()], str(value), str(after.metrics()[key]))
    out.print(table)
    out.print(
        f"fusion B-cubed over {fusion['articles']} articles: precision {fusion['bcubed_precision']}, "
        f"recall {fusion['bcubed_recall']}, F1 {fusion['bcubed_f1']}; "
        f"false merges across more than 60 days: {fusion['false_merges_over_60_days']}"
    )
    for miss in result["misses"]:
        out.print(_miss(miss), highlight=False)


def _second_annotation(golds: list[dict[str, Any]], given: list[Path]) -> dict[str, dict[str, Any]]:
    """The second annotation of a folder, by file; every gold article must be in it."""
    from sarhad.evaluate.reading import load_gold

    path = given[0] if given else None
    if path is None or not path.is_file():
        raise fail(f"--against {path}: give one annotation file for each folder")
    try:
        records = {str(r["file"]): r for r in load_gold(path)}
    except (ValueError, KeyError, TypeError) as exc:
        raise fail(f"--against {path}: not a gold file ({exc})") from exc
    missing = [g["file"] for g in golds if g["file"] not in records]
    if missing:
        raise fail(f"--against {path}: no annotation of {', '.join(missing[:5])}")
    return records


def _print_agreement(total: Any, per_dir: dict[str, Any], as_json: bool, misses: bool) -> None:
    if as_json:
        print_json(
            {"agreement": total.metrics(), "per_dir": per_dir, "misses": total.misses if misses else []}
        )
        return
    table = Table("metric", *[Path(d).name for d in per_dir], "all: second annotation against gold")
    for key, value in total.metrics().items():
        table.add_row(key, *[str(m[key]) for m in per_dir.values()], str(value))
    out.print(table)
    for miss in total.misses if misses else []:
        out.print(_miss(miss), highlight=False)


def _after_fusion(runs: list[Any], reader: Any) -> tuple[Any, dict[str, Any]]:
    """Fuse every article read, score fusion, and re-score reading with the dates fusion lends to
    mentions whose own report could not date them (relative dates in undated reports)."""
    from sarhad.evaluate.reading import score_runs
    from sarhad.fuse.evaluate import fuse_articles, records_with_fused_dates, score_fusion

    keyed = [(run.key, run.article) for run in runs]
    predictions = records_with_fused_dates(keyed)
    fusion = score_fusion(keyed, {run.key: run.gold for run in runs}, fuse_articles(keyed)).as_dict()
    return score_runs(runs, reader, predictions), fusion


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
