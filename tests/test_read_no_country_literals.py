"""The read stage names no country in code: every country word comes from a border pack's data files.

Strings in code (not docstrings, not comments) under ``sarhad/read`` are checked for every country
name, short form, demonym, national, capital and code in ``geo/data/countries.json`` and for every
province of every shipped border pack.
"""

from __future__ import annotations

import ast
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from sarhad.read.pack import load_pack

READ = Path(str(resources.files("sarhad.read")))
COUNTRIES = json.loads((resources.files("sarhad.geo") / "data" / "countries.json").read_text("utf-8"))


def _forbidden() -> tuple[set[str], set[str]]:
    words: set[str] = set()
    codes: set[str] = set()
    for code, names in COUNTRIES["countries"].items():
        codes.add(code)
        words.update([names["name"], *names["short"], *names["demonyms"], *names["nationals"]])
        words.update(names["capitals"])
    for path in (READ / "data" / "borders").glob("*.json"):
        words.update(load_pack(path.stem).provinces)
    return words, codes


def _docstrings(tree: ast.AST) -> set[int]:
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def _literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]


def _offences(path: Path) -> list[str]:
    words, codes = _forbidden()
    pattern = re.compile(r"(?i)(?<![A-Za-z])(?:" + "|".join(map(re.escape, sorted(words))) + r")(?![a-z])")
    found = []
    for line, value in _literals(path):
        if value in codes or pattern.search(value):
            found.append(f"{path.name}:{line}: {value[:60]!r}")
    return found


@pytest.mark.parametrize("path", sorted(READ.glob("*.py")), ids=lambda p: p.name)
def test_no_country_word_in_read_code(path: Path) -> None:
    assert _offences(path) == []


def test_the_check_finds_a_planted_literal(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        '"""Docstrings may say Pakistan."""\n'
        'WORDS = ("border", "Iranian guards")  # comments too: Iran\n'
        'CODE = "AF"\n'
    )
    assert len(_offences(planted)) == 2


def test_no_module_of_the_read_stage_is_over_400_lines() -> None:
    """#13: the read stage is a pipeline of small modules; a module past 400 lines is split by concept."""
    long = {p.name: n for p in READ.glob("*.py") if (n := len(p.read_text("utf-8").splitlines())) > 400}
    assert long == {}
