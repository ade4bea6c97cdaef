"""Dates and counts are the language pack's: each date expression of ``dates.toml`` carries its examples,
and one parametrised test runs them, so an expression and its test are one record. The code that resolves
dates names no month, weekday or relative word; neither it nor the counts step holds a pattern of its own;
and a pack of another language teaches the reader its dates without a change to the code."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest

import sarhad.read.dates as dates
import sarhad.read.language as language
from sarhad.read.dates import DateHit, date_patterns, find_dates, shift_later
from sarhad.read.language import DateWords, Expression, LanguageError, date_words, number_words, reading_in

EXAMPLES = [(e.kind, example) for e in date_words("en").expression for example in e.examples]


@pytest.mark.parametrize(("kind", "example"), EXAMPLES, ids=lambda v: v if isinstance(v, str) else v.text)
def test_an_expression_resolves_its_example(kind: str, example: object) -> None:
    hits = [h for h in find_dates(example.text, example.report, None) if h.kind == kind]  # type: ignore[attr-defined]
    assert hits, f"no {kind} expression in {example.text!r}"  # type: ignore[attr-defined]
    hit = hits[0]
    if example.after is not None:  # type: ignore[attr-defined]
        hit = shift_later(hit, DateHit(0, 0, "", example.after, "day", True, "md"))  # type: ignore[attr-defined]
    assert (hit.date, hit.precision) == (example.date, example.precision)  # type: ignore[attr-defined]


def test_every_kind_of_expression_has_an_example() -> None:
    assert {kind for kind, _ in EXAMPLES} == {e.kind for e in date_words("en").expression}


def _strings_of_code(path: Path) -> str:
    """The string literals of a module, without its docstrings (which may give English examples)."""
    tree = ast.parse(path.read_text("utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return "\n".join(
        n.value
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs
    )


def test_the_code_names_no_word_of_the_english_calendar() -> None:
    code = _strings_of_code(Path(dates.__file__))
    words = date_words("en")
    named = [*words.months, *words.calendar.weekdays, *words.relative, *words.calendar.nth_days]
    assert [w for w in named if re.search(rf"\b{re.escape(w)}\b", code, re.IGNORECASE)] == []


def _example(text: str, date: str) -> dict[str, str]:
    return {"text": text, "report": "2020-05-12", "date": date, "precision": "day"}


FRENCH_EXAMPLE = [_example("le 3 mars 2020", "2020-03-03")]

FRENCH = {
    "months": {"janvier": 1, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7},
    "parts": {"DAY": r"(?P<day>[0-3]?\d)(?:er)?", "YEAR": r"(?P<year>(?:19|20)\d\d)"},
    "calendar": {
        "weekdays": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        "units": {"jour": "day", "semaine": "week"},
        "year_offsets": {"dernière": -1},
        "backward": ["plus tôt"],
        "nth_days": {"troisième": 3},
    },
    "relative": {"hier": {"from": "report", "days": -1, "precision": "day"}},
    "expression": [
        {"kind": "dmy", "pattern": r"\b<DAY> <MONTH> <YEAR>\b",
         "examples": [_example("le 3 mars 2020", "2020-03-03")]},
        {"kind": "weekday", "pattern": r"(?i)\b<WEEKDAY>\b",
         "examples": [_example("vendredi", "2020-05-08")]},
        {"kind": "rel", "pattern": r"(?i)\b(?P<rel><RELATIVE>)\b",
         "examples": [_example("hier", "2020-05-11")]},
    ],
}  # fmt: skip


def test_another_languages_pack_teaches_the_reader_its_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    french = DateWords.model_validate(FRENCH)
    monkeypatch.setattr(
        dates, "date_words", lambda language: french if language == "fr" else date_words(language)
    )
    # only the date words are French here: the number words and the other steps' patterns stay English
    english, english_patterns = number_words("en"), language._patterns("en")
    monkeypatch.setattr(dates, "number_words", lambda code: english)
    monkeypatch.setattr(language, "_patterns", lambda code: english_patterns)
    date_patterns.cache_clear()
    language.compiled.cache_clear()
    try:
        with reading_in("fr"):
            found = find_dates(
                "Les gardes ont été tués vendredi, et le 3 mars 2020 hier", dt.date(2020, 5, 12), None
            )
        assert [(h.kind, h.date) for h in found] == [
            ("weekday", dt.date(2020, 5, 8)),
            ("dmy", dt.date(2020, 3, 3)),
            ("rel", dt.date(2020, 5, 11)),
        ]
    finally:
        date_patterns.cache_clear()
        language.compiled.cache_clear()


def test_a_pack_without_an_example_for_an_expression_is_refused() -> None:
    with pytest.raises(ValueError, match="examples"):
        Expression.model_validate({"kind": "md", "pattern": r"\b<MONTH> <DAY>\b"})


# The modules that assemble the pack's patterns into alternations (language, syntax, triggers) or speed
# their scanning (scan), and the lexicon, whose name matching leans on Latin capitals and is to become
# script-aware with the Urdu and Persian packs.
MACHINERY = {"language", "syntax", "triggers", "lexicon", "scan"}
MODULES = sorted(
    p for p in Path(dates.__file__).parent.glob("*.py") if p.stem not in MACHINERY and p.stem != "__init__"
)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_the_code_holds_no_pattern_of_its_own(path: Path) -> None:
    """Every regular expression of the read stage's steps is the language pack's (patterns.toml,
    dates.toml, border.toml); the code holds at most a flag or a pattern that never matches."""
    code = _strings_of_code(path).replace("(?i)", "").replace("(?!)", "")
    assert not re.search(r"\\[bsdw]|\(\?[:=!<iPs]", code)


def test_a_packs_names_are_read_in_any_case() -> None:
    """Review of stop 32: 'Vendredi' and 'Mars' at the head of a sentence were not read."""
    french = DateWords.model_validate(FRENCH)
    assert (french.weekday("Vendredi"), french.month("Mars"), french.month("MARS")) == (4, 3, 3)


def test_a_slot_the_pack_does_not_know_names_its_file(monkeypatch: pytest.MonkeyPatch) -> None:
    expression = {"kind": "dmy", "pattern": r"\b<DAY> <MONTHS> <YEAR>\b", "examples": FRENCH_EXAMPLE}
    broken = DateWords.model_validate({**FRENCH, "expression": [expression]})
    english = number_words("en")
    monkeypatch.setattr(dates, "date_words", lambda code: broken)
    monkeypatch.setattr(dates, "number_words", lambda code: english)
    date_patterns.cache_clear()
    try:
        with pytest.raises(LanguageError, match=r"dates\.toml: unknown slot\(s\) MONTHS"):
            date_patterns("xx")
    finally:
        date_patterns.cache_clear()
