"""Cheap relevance triage: one Aho-Corasick pass decides whether an article deserves deep reading.

An article is a candidate when it names a place or group of the border region, or names both countries.
The configured pair is Pakistan-Iran; the word lists come from the curated lexicon.
"""

from __future__ import annotations

import ahocorasick

from sarhad.read.lexicon import Lexicon

BORDER_PROVINCES = frozenset({"Balochistan", "Sistan and Baluchestan"})
_SIDE_WORDS = {
    "PK": ("pakistan", "pakistani", "pakistan's", "islamabad", "rawalpindi", "ispr", "frontier corps"),
    "IR": ("iran", "iranian", "iran's", "tehran", "irgc", "irna", "tasnim"),
}
_PAIR_WORDS = ("pak-iran", "pakistan-iran", "iran-pakistan", "iran-pak", "pak-iranian")


class Triage:
    def __init__(self, lexicon: Lexicon) -> None:
        auto = ahocorasick.Automaton()
        words: dict[str, str] = {}
        for side, names in _SIDE_WORDS.items():
            for name in names:
                words[name] = side
        for name in _PAIR_WORDS:
            words[name] = "pair"
        for place in lexicon.places.values():
            if place.admin1 in BORDER_PROVINCES and place.kind != "province" and len(place.name) > 3:
                words.setdefault(place.name.split(" (")[0].lower(), "region")
        for name in (
            "balochistan",
            "baluchistan",
            "sistan",
            "baluchestan",
            "jaish al-adl",
            "jaish ul-adl",
            "jaish al adl",
            "jaish-ul-adl",
            "baloch liberation",
            "balochistan liberation",
            "makran",
        ):
            words[name] = "region"
        for word, flag in words.items():
            auto.add_word(word, (flag, len(word)))
        auto.make_automaton()
        self._auto = auto

    def flags(self, text: str) -> set[str]:
        lower = text.lower()
        found: set[str] = set()
        for end, (flag, length) in self._auto.iter(lower):
            start = end - length + 1
            nxt = lower[end + 1] if end + 1 < len(lower) else " "
            if nxt.isalpha() or (start > 0 and lower[start - 1].isalpha()):
                continue  # "mand" inside "command" is not Mand
            found.add(flag)
            if len(found) == 4:
                break
        return found

    def is_candidate(self, text: str) -> bool:
        found = self.flags(text)
        return "region" in found or "pair" in found or {"PK", "IR"} <= found
