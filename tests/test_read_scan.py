"""The scanning lookahead (read/scan.py): it lists the characters a match can begin with, gives up where
they cannot be listed, and never changes what a pattern finds."""

from __future__ import annotations

import re

import pytest

from sarhad.read.language import date_words, expand, number_words, trigger_words, with_slots
from sarhad.read.pack import load_pack
from sarhad.read.scan import first_characters, scanning


def test_the_first_characters_of_alternatives_repeats_and_lookarounds() -> None:
    assert first_characters(r"\b(?:closed|shut(?: down)?)") == frozenset("cs")
    assert first_characters(r"(?<!not )(?:a )?border") == frozenset("ab")
    assert first_characters(r"[0-9]+ killed") == frozenset("0123456789")


@pytest.mark.parametrize("pattern", [r"\w+ border", r".?x", r"(?:a)?", r"[^x]y", r"\d+ killed"])
def test_a_pattern_that_may_begin_with_anything_is_compiled_as_written(pattern: str) -> None:
    assert first_characters(pattern) is None
    assert scanning(pattern).pattern == pattern


def test_global_flags_stay_first() -> None:
    compiled = scanning(r"(?i)border (?:closed|shut)")
    assert compiled.pattern.startswith("(?i)(?=(?i:[")
    assert compiled.search("The BORDER Closed on Monday") is not None


def test_every_trigger_finds_what_it_finds_without_the_lookahead() -> None:
    words, pack = trigger_words("en"), load_pack()
    sentences = [s for rule in words.trigger for s in (*rule.examples, *rule.counter)]
    sentences += [s.upper() for s in sentences[:40]]
    for rule in words.trigger:
        written = re.compile(rf"\b(?:{expand(rule.pattern, words, pack)})", re.IGNORECASE)
        scanned = scanning(written.pattern, re.IGNORECASE)
        assert scanned.pattern != written.pattern, rule.note  # every trigger rule gains the lookahead
        for sentence in sentences:
            assert [m.span() for m in scanned.finditer(sentence)] == [
                m.span() for m in written.finditer(sentence)
            ], (rule.type, sentence)


def test_every_date_expression_finds_what_it_finds_without_the_lookahead() -> None:
    """Date patterns are case-sensitive with scoped (?i:...) parts: the lookahead must still let "İn 2019",
    "ſince 2019" or "ın March" through wherever the pattern itself matches them."""
    words = date_words("en")
    slots = words.slots() | {"NUMBER": number_words("en").alternation(12)}
    sentences = [
        "İn 2019 the group attacked a post, and in March 2020 it struck again.",
        "The guards were killed ſince 2019 on 12 May and were killed ın March.",
        "On Monday, October 27, 2013 militants attacked; last week, two days ago, early this year.",
        "SINCE 2016 THE BORDER HAS BEEN CLOSED ON FRIDAYS; on the 3rd of June, 2021-06-03.",
    ]
    for expression in words.expression:
        source = with_slots(expression.pattern, slots, "dates.toml")
        written, scanned = re.compile(source), scanning(source)
        for sentence in sentences:
            assert [m.span() for m in scanned.finditer(sentence)] == [
                m.span() for m in written.finditer(sentence)
            ], (expression.kind, sentence)
