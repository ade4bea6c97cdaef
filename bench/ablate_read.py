"""What each rule of the reader does: take it out, read the gold sets again, print the difference.

    python -m bench.ablate_read DIR [DIR ...] [--kind predicates|patterns|roles] [--only TEXT] [--jobs 2]

A rule is one of three things: a predicate of ``read/`` (a module-level function returning ``bool``,
forced to ``False`` and then to ``True``), one alternative line of a pattern in the English language
pack (``triggers.toml``, ``patterns.toml``; a one-line pattern is made to match nothing), or one role
pattern of ``syntax.toml``. Each ablation runs in its own process on a copy of the package, reads every
gold folder given (``DIR`` or ``DIR/articles`` with ``gold.jsonl``; a folder without gold uses the
packaged seed gold) and prints, per folder, the change in a score: events matched, plus the fields
right (type, date, place, killed, perpetrator), minus events the gold does not have. ``changed`` counts
the articles whose output differs at all: 0 means the rule does nothing on these articles.

Rules written from a set's misses fit that set: use the score to find what does nothing or harm, then
check any change on sets that took no part in choosing it (docs/reading.md, stop 27).
"""

from __future__ import annotations

import argparse
import ast
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
            if key == "pattern":  # a trigger's: named by its type and line in the file
                kind = _TYPE.findall(text, 0, match.start())[-1]
                key = f"{kind}@{text.count(chr(10), 0, match.start())}"
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


def _child(spec: dict[str, Any], dirs: list[str]) -> dict[str, Any]:
    """In the ablating process: patch the predicate (every binding and veto table holding it), read, score."""
    if "module" in spec:
        module = importlib.import_module(f"sarhad.read.{spec['module']}")
        original, value = getattr(module, spec["name"]), spec["value"]

        def forced(*_: Any, **__: Any) -> bool:
            return bool(value)

        for loaded in [m for name, m in sys.modules.items() if name.startswith("sarhad.read")]:
            for attr, obj in list(vars(loaded).items()):
                if obj is original:
                    setattr(loaded, attr, forced)
                elif isinstance(obj, dict):
                    for held in obj.values():
                        if isinstance(held, list):
                            held[:] = [forced if f is original else f for f in held]
    from sarhad.read.evaluate import packaged_seed_gold, read_corpus, score_runs
    from sarhad.read.reader import Reader

    reader, out = Reader(), {}
    for directory in map(Path, dirs):
        gold = directory / "gold.jsonl"
        runs = read_corpus(directory, gold if gold.exists() else packaged_seed_gold(), reader)
        score = score_runs(runs, reader)
        matched = score.matched
        points = matched + sum(score.correct[f] for f in FIELDS) - (score.pred_events - matched)
        out[str(directory)] = {"score": points, "outputs": {r.key: r.article.to_json() for r in runs}}
    return out


def child_main() -> None:
    job = json.load(sys.stdin)
    print(json.dumps(_child(job["spec"], job["dirs"]), default=str))


def _run(spec: dict[str, Any], dirs: list[str]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("__pycache__"))
        if "file" in spec:
            path = src / "sarhad" / "read" / "data" / "languages" / "en" / spec["file"]
            text = path.read_text()
            path.write_text(text[: spec["start"]] + spec["new"] + text[spec["end"] :])
        env = {**os.environ, "PYTHONPATH": f"{src}:{SRC.parent}"}
        job = json.dumps({"spec": spec, "dirs": dirs})
        code = "from bench.ablate_read import child_main; child_main()"
        done = subprocess.run(
            [sys.executable, "-c", code], input=job, capture_output=True, text=True, env=env
        )
        if done.returncode != 0:
            return {"error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
        result: dict[str, Any] = json.loads(done.stdout)
        return result


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
    base = _run({"label": "base"}, args.dirs)
    names = [Path(d).name for d in args.dirs]
    over = ", ".join(names)
    print(f"{len(specs)} ablations of {args.kind} over {over}: score change per folder, articles changed")
    with ThreadPoolExecutor(args.jobs) as pool:
        for spec, result in zip(specs, pool.map(lambda s: _run(s, args.dirs), specs), strict=True):
            if "error" in result:
                print(f"{spec['label']}: error {result['error']}")
                continue
            deltas = [result[d]["score"] - base[d]["score"] for d in args.dirs]
            changed = sum(
                result[d]["outputs"][k] != v for d in args.dirs for k, v in base[d]["outputs"].items()
            )
            cells = " ".join(f"{n}{x:+d}" for n, x in zip(names, deltas, strict=True))
            print(f"{sum(deltas):+4d} changed {changed:3d} | {cells} | {spec['label']}", flush=True)


if __name__ == "__main__":
    main()
