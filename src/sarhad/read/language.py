"""Language packs: the words of one language as data (``read/data/languages/<code>/``).

A pack's ``triggers.toml`` holds the trigger patterns (which words signal which event type, and how
strongly), the patterns that veto a trigger or mark a sentence as generic, and the parts they share.
Each trigger carries example sentences that must produce it and counter-examples that must not; one
parametrised test runs them all, so a rule and its test are one record. Country words are slots
(<STATE>, <DEMONYM>, <FORCE>, <NATIONALS>) that a border pack fills.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, ValidationError

from sarhad.read.pack import BorderPack, PackError

DEFAULT_LANGUAGE = "en"
_SLOT = re.compile(r"<([A-Z_]+)>")


class TriggerRule(BaseModel):
    """One trigger pattern of a language pack."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: str
    strength: int
    pattern: str
    note: str = ""
    examples: tuple[str, ...] = ()
    counter: tuple[str, ...] = ()


class TriggerWords(BaseModel):
    """``triggers.toml``: parts, trigger rules and named patterns of one language."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    parts: dict[str, str]
    trigger: tuple[TriggerRule, ...]
    patterns: dict[str, str]


class LanguageError(PackError):
    """A language pack is missing or malformed."""


@lru_cache(maxsize=4)
def trigger_words(language: str = DEFAULT_LANGUAGE) -> TriggerWords:
    path = resources.files("sarhad.read") / "data" / "languages" / language / "triggers.toml"
    if not path.is_file():
        raise LanguageError(f"no language pack {language!r}: read/data/languages/{language}/triggers.toml")
    try:
        words = TriggerWords.model_validate(tomllib.loads(path.read_text("utf-8")))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise LanguageError(f"languages/{language}/triggers.toml: {exc}") from exc
    return words.model_copy(update={"parts": {k: _joined(v) for k, v in words.parts.items()}})


def expand(pattern: str, words: TriggerWords, pack: BorderPack) -> str:
    """A pattern as written (one alternative per line) with its parts and country slots filled."""
    text = _joined(pattern)
    for _ in range(4):  # parts may use parts, a few levels deep
        text = _SLOT.sub(lambda m: words.parts.get(m.group(1), m.group(0)), text)
    unknown = {m.group(1) for m in _SLOT.finditer(pack.substitute(text))}
    if unknown:
        raise LanguageError(f"unknown part(s) {', '.join(sorted(unknown))} in {pattern[:60]!r}")
    return pack.substitute(text)


def _joined(pattern: str) -> str:
    return pattern.replace("\n", "")
