"""Patterns that are tried at every position of a sentence (triggers, border cues, dates) made cheaper to
scan: a lookahead for the characters a match can begin with lets Python's engine skip, at once, the
positions where no alternative could start. The characters are read from the pattern's parse by the
standard library's own parser (``re._parser``); where they cannot be told (a pattern that may begin with
any word character or match nothing), the pattern is compiled as written. Matches are the same either
way: the lookahead asks only what every match already satisfies."""

from __future__ import annotations

import importlib
import re
from typing import Any

_p: Any
_c: Any
try:  # the standard library's regular-expression parser: private, so its absence only costs speed
    _p = importlib.import_module("re._parser")
    _c = importlib.import_module("re._constants")
except ImportError:  # pragma: no cover - another Python
    _p = _c = None

# A class of this many characters or more saves nothing: the engine would stop at most positions anyway.
_MAX_FIRST = 60


class _Open(Exception):
    """The pattern may begin with a character that cannot be listed (\\w, any character, a negation)."""


def scanning(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled with a lookahead for the characters its matches begin with, where they can be
    told; otherwise compiled as written."""
    plain = re.compile(pattern, flags)
    starts = first_characters(pattern, flags)
    if not starts or len(starts) > _MAX_FIRST:
        return plain
    cased = sorted({c for ch in starts for c in (ch, ch.lower(), ch.upper()) if len(c) == 1})
    # case-insensitive whatever the pattern's flags: a scoped (?i:...) inside it also matches "İ", "ı",
    # "ſ" and the Kelvin sign, which the lookahead must let through
    lead = "(?=(?i:[" + "".join(re.escape(c) for c in cased) + "]))"
    inline = re.match(r"\(\?[aiLmsux]+\)", pattern)  # global flags must stay first
    head = inline.group(0) if inline else ""
    return re.compile(f"{head}{lead}(?:{pattern[len(head) :]})", flags)


def first_characters(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a match of ``pattern`` can begin with, or None when they cannot be listed."""
    if _p is None:
        return None
    try:
        chars, nullable = _first(list(_p.parse(pattern, flags)))
    except (_Open, re.error, TypeError, ValueError, AttributeError):
        return None
    return None if nullable else frozenset(chars)


def _first(items: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """The first characters of a parsed sequence, and whether it can match the empty string."""
    chars: set[str] = set()
    for op, av in items:
        more, nullable = _first_of(op, av)
        chars |= more
        if not nullable:
            return chars, False
    return chars, True


def _first_of(op: Any, av: Any) -> tuple[set[str], bool]:
    if op is _c.LITERAL:
        return {chr(av)}, False
    if op is _c.IN:
        return _members(av), False
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return set(), True  # zero-width: \b, lookarounds
    if op is _c.BRANCH:
        firsts = [_first(list(alternative)) for alternative in av[1]]
        return set().union(*(f for f, _ in firsts)), any(n for _, n in firsts)
    if op is _c.SUBPATTERN:
        return _first(list(av[-1]))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        low, _, sub = av
        chars, nullable = _first(list(sub))
        return chars, nullable or low == 0
    raise _Open(op)


def _members(av: Any) -> set[str]:
    chars: set[str] = set()
    for op, value in av:
        if op is _c.LITERAL:
            chars.add(chr(value))
        elif op is _c.RANGE and value[1] - value[0] <= _MAX_FIRST:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        else:
            raise _Open(op)  # a negated class, \w, a wide range
    return chars
