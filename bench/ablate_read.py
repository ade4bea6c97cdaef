"""What each rule of the reader does: take it out, read the gold sets again, print the difference.

    python -m bench.ablate_read DIR [DIR ...] [--kind predicates|patterns|roles] [--only TEXT] [--jobs 2]

A rule is one of three things: a predicate of ``read/`` (a module-level function returning ``bool``,
forced to ``False`` and then to ``True``), one alternative line of a pattern in the English language
pack (``triggers.toml``, ``patterns.toml``; a one-line pattern is made to match nothing), or one role
pattern of ``syntax.toml``. Each ablation runs in its own process on a copy of the package, reads every
gold folder given (``DIR`` or ``DIR/articles`` with ``gold.jsonl``; a folder without gold uses the
packaged seed gold) and prints, per folder, the change in a score: events matched, plus the fields
right (type, date, place, killed, perpetrator), minus events the gold does not have. ``changed`` counts
the articles whose output differs at all: 0 means the rule does nothing on these articles. The
ablated process only reads; this one, unpatched, scores, so a rule taken out never moves the ruler.

Rules written from a set's misses fit that set: use the score to find what does nothing or harm, then
check any change on sets that took no part in choosing it (docs/reading.md, stop 27).
"""

from __future__ import annotations

import argparse
import ast
import gc
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

SRC = Path(__file__).resolve().parent.parent / "src"
READ = SRC / "sarhad" / "read"
PACK = READ / "data" / "languages" / "en"
FIELDS = ("type", "date", "place", "killed", "perpetrator")
SKIP_MODULES = ("cli", "evaluate", "contract")  # reading, not scoring or printing


def predicates() -> Iterator[dict[str, Any]]:
    for path in sorted(READ.glob("*.py")):
        if path.stem in SKIP_MODULES:
            continue
        for node in ast.parse(path.read_text()).body:
            if (
                isinstance(node, ast.FunctionDef)
                and node.returns is not None
                and ast.unparse(node.returns) == "bool"
            ):
                for value in (False, True):
                    yield {
                        "label": f"{path.stem}.{node.name}={value}",
                        "module": path.stem,
                        "name": node.name,
                        "value": value,
                    }


_BLOCK = re.compile(r"(?m)^(\"?[\w.]+\"?) = '''\n(.*?)'''", re.S)
_TYPE = re.compile(r'type = "(\w+)"')


def patterns() -> Iterator[dict[str, Any]]:
    for file in ("triggers.toml", "patterns.toml"):
        text = (PACK / file).read_text()
        for match in _BLOCK.finditer(text):
            key, lines = match.group(1).strip('"'), match.group(2).split("\n")
            if key in ("pattern", "agent"):  # a trigger's: named by its type and line in the file
                kind = _TYPE.findall(text, 0, match.start())[-1]
                key = (
                    f"{kind}{'/agent' if key == 'agent' else ''}@{text.count(chr(10), 0, match.start()) + 1}"
                )
            for n, line in enumerate(lines):
                rest = lines[:n] + lines[n + 1 :]
                if not rest:
                    new = "(?!x)x"
                else:
                    if n == 0:  # the first alternative carries the flags
                        flags = re.match(r"\(\?[a-z]+\)", line)
                        rest[0] = (flags.group(0) if flags else "") + rest[0].lstrip("|")
                    new = "\n".join(rest)
                label = f"{file}:{key}#{n} {line[:60]}"
                yield {"label": label, "file": file, "start": match.start(2), "end": match.end(2), "new": new}


def roles() -> Iterator[dict[str, Any]]:
    text = (PACK / "syntax.toml").read_text()
    for match in re.finditer(r"\[\[role\]\]\n.*?(?=\n\[\[role\]\]|\Z)", text, re.S):
        name = re.search(r'name = "(\w+)"', match.group(0))
        note = re.search(r'note = "(.*?)"', match.group(0))
        label = f"role {name.group(1) if name else '?'}: {(note.group(1) if note else '')[:60]}"
        yield {"label": label, "file": "syntax.toml", "start": match.start(), "end": match.end(), "new": ""}


def _patch(spec: dict[str, Any]) -> None:
    """Force a predicate everywhere it is held: module bindings and the veto tables' lists. Any other
    holder (a tuple, a dict value) would leave the rule in place unseen, so it stops the run."""
    module = importlib.import_module(f"sarhad.read.{spec['module']}")
    original, value = getattr(module, spec["name"]), spec["value"]

    def forced(*_: Any, **__: Any) -> bool:
        return bool(value)

    for loaded in [m for name, m in sys.modules.items() if name.startswith("sarhad.read")]:
        for attr, obj in list(vars(loaded).items()):
            if obj is original:
                setattr(loaded, attr, forced)
    for holder in gc.get_referrers(original):
        if isinstance(holder, list):
            for n, held in enumerate(holder):  # a loop, not a comprehension: no cell holds ``original``
                if held is original:
                    holder[n] = forced
        elif not (isinstance(holder, dict) and "__name__" in holder) and not hasattr(holder, "f_code"):
            raise SystemExit(
                f"{spec['label']}: held by a {type(holder).__name__} the ablation cannot rewrite"
            )


def _child(spec: dict[str, Any], dirs: list[str], copy: str) -> dict[str, Any]:
    """In the ablating process: patch, read every folder, return the outputs (scored by the parent)."""
    import sarhad

    if not str(Path(sarhad.__file__).resolve()).startswith(copy):
        raise SystemExit(f"sarhad imported from {sarhad.__file__}, not from the ablated copy")
    if "module" in spec:
        _patch(spec)
    from sarhad.evaluate.reading import read_corpus
    from sarhad.read.reader import Reader

    reader = Reader()
    return {
        d: {r.key: r.article.to_json() for r in read_corpus(Path(d), _gold(Path(d)), reader)} for d in dirs
    }


def _gold(directory: Path) -> Path:
    from sarhad.evaluate.reading import packaged_seed_gold

    gold = directory / "gold.jsonl"
    return gold if gold.exists() else packaged_seed_gold()


def child_main() -> None:
    job = json.load(sys.stdin)
    result = _child(job["spec"], job["dirs"], job["copy"])
    Path(job["out"]).write_text(json.dumps(result, default=str))


def _run(spec: dict[str, Any], dirs: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("__pycache__"))
        if "file" in spec:
            path = src / "sarhad" / "read" / "data" / "languages" / "en" / spec["file"]
            text = path.read_text()
            path.write_text(text[: spec["start"]] + spec["new"] + text[spec["end"] :])
        env = {**os.environ, "PYTHONPATH": f"{src}:{SRC.parent}"}
        out = Path(tmp) / "out.json"
        job = json.dumps({"spec": spec, "dirs": dirs, "copy": str(src.resolve()), "out": str(out)})
        code = "from bench.ablate_read import child_main; child_main()"
        # -P: the working folder never shadows the copy
        done = subprocess.run(
            [sys.executable, "-P", "-c", code], input=job, capture_output=True, text=True, env=env
        )
        if done.returncode != 0 or not out.exists():
            return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
        result: dict[str, Any] = json.loads(out.read_text())
        return result


def _score(outputs: dict[str, Any], golds: list[dict[str, Any]], directory: Path, reader: Any) -> int:
    """Events matched plus fields right, minus events the gold does not have (those of off-topic
    articles included), scored by this unpatched process."""
    from sarhad.evaluate.reading import score_article

    points = 0
    for gold in golds:
        pred = outputs.get(f"{directory.name}/{gold['file']}")
        if pred is None:
            continue
        score = score_article(gold, pred, reader)
        points += score.matched + sum(score.correct[f] for f in FIELDS) - (score.pred_events - score.matched)
        if not gold["on_topic"] and pred["on_topic"]:
            points -= len(pred["events"])
    return points


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+")
    parser.add_argument("--kind", choices=("predicates", "patterns", "roles"), default="predicates")
    parser.add_argument("--only", default="", help="ablate only the rules whose label holds this text")
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    specs = [
        s
        for s in {"predicates": predicates, "patterns": patterns, "roles": roles}[args.kind]()
        if args.only in s["label"]
    ]
    dirs = [Path(d) for d in args.dirs]
    for directory in dirs:
        articles = directory / "articles" if (directory / "articles").is_dir() else directory
        if not directory.is_dir() or not any(articles.glob("*.txt")):
            raise SystemExit(f"error: {directory}: no folder of articles")
    from sarhad.evaluate.reading import load_gold
    from sarhad.read.reader import Reader

    reader, golds = Reader(), {d: load_gold(_gold(d)) for d in dirs}
    base = _run({"label": "base"}, args.dirs)
    if "error" in base:
        raise SystemExit(f"error: the reader without ablation failed: {base['error']}")
    names = [d.name for d in dirs]
    base_scores = [_score(base[str(d)], golds[d], d, reader) for d in dirs]
    over = ", ".join(names)
    print(f"{len(specs)} ablations of {args.kind} over {over}: score change per folder, articles changed")
    with ThreadPoolExecutor(args.jobs) as pool:
        for spec, result in zip(specs, pool.map(lambda s: _run(s, args.dirs), specs), strict=True):
            if "error" in result:
                print(f"{spec['label']}: error {result['error']}")
                continue
            scores = [_score(result[str(d)], golds[d], d, reader) for d in dirs]
            deltas = [x - b for x, b in zip(scores, base_scores, strict=True)]
            changed = sum(result[str(d)].get(k) != v for d in dirs for k, v in base[str(d)].items())
            cells = " ".join(f"{n}{x:+d}" for n, x in zip(names, deltas, strict=True))
            print(f"{sum(deltas):+4d} changed {changed:3d} | {cells} | {spec['label']}", flush=True)


if __name__ == "__main__":
    main()
