"""Name folding for place matching: one spelling-insensitive key per transliteration family.

Border place names reach us in many romanisations (Mirjaveh / Mirjawa / Mīrjāveh, Rask / Rāsak,
Gabd / Gabad, Baluchestan / Balochistan). Three keys of decreasing strictness are used:

* ``fold``: ASCII, lower case, words separated by single spaces ("mirjaveh").
* ``compact``: ``fold`` without spaces ("sistanbaluchestan"), so hyphenation never matters.
* ``skeleton``: ``compact`` with the vowel/semivowel noise of Persian and Urdu romanisation removed
  ("mrjv"): it finds candidates, which are then ranked by a real similarity score.
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Romanisation pairs that denote the same sound; applied in order, before vowels are dropped.
_SOUND_RULES: tuple[tuple[str, str], ...] = (
    ("kh", "x"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("ph", "f"),
    ("w", "v"),
    ("q", "k"),
)
_TRAILING_H = re.compile(r"(?<=[aeiou])h$")  # Mirjaveh -> Mirjave: a written-but-silent final h
_VOWELS = re.compile(r"(?<!^)[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")

# Words that say what kind of place or unit a name is, not which one ("Kech district").
ADMIN_WORDS: dict[str, str] = {
    "district": "district",
    "districts": "district",
    "county": "district",
    "shahrestan": "district",
    "shahrestane": "district",
    "tehsil": "district",
    "zila": "district",
    "province": "province",
    "ostan": "province",
    "ostane": "province",
    "state": "province",
    "division": "region",
    "region": "region",
    "town": "place",
    "city": "place",
    "village": "place",
}
_FILLER_WORDS = frozenset({"and", "va", "e", "of", "the", "o"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """ASCII, lower-case, single-spaced; '' for text with no letters or digits."""
    return _NON_ALNUM.sub(" ", unidecode(text).lower()).strip()


def compact(text: str) -> str:
    return fold(text).replace(" ", "")


@lru_cache(maxsize=65536)
def skeleton(text: str) -> str:
    """A coarse key that merges common romanisation variants (see module docstring)."""
    key = compact(text)
    if not key:
        return ""
    key = _TRAILING_H.sub("", key)
    for old, new in _SOUND_RULES:
        key = key.replace(old, new)
    key = _VOWELS.sub("", key)
    return _REPEATS.sub(r"\1", key)


def core_words(text: str) -> tuple[str, str | None]:
    """Split admin-kind words off a name: ("Kech District") -> ("kech", "district").

    Filler words ("and", "va") are dropped too, so "Sistan and Baluchestan" and "Sistan va
    Baluchestan" fold alike. Returns the remaining words and the kind they named, if any.
    """
    kind: str | None = None
    kept: list[str] = []
    for word in fold(text).split():
        if word in ADMIN_WORDS:
            kind = kind or ADMIN_WORDS[word]
        elif word not in _FILLER_WORDS:
            kept.append(word)
    return " ".join(kept), kind


def is_noise_alias(alias: str) -> bool:
    """True for alternate names that would only produce false matches: codes and fragments."""
    stripped = alias.strip()
    if len(stripped) < 3:
        return True
    # IATA/ICAO-style codes ("ZAH", "OPGD") are upper-case ASCII tokens of up to four letters.
    return stripped.isascii() and stripped.isupper() and len(stripped) <= 4
