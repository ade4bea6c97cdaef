"""Cheap relevance triage: one Aho-Corasick pass decides whether an article deserves deep reading.

An article is a candidate when it names a place or group of the border region, or names both countries
(a side's public figure named in full stands for it). The words come from the border pack and the
lexicon's places in the border provinces and officials.
"""

from __future__ import annotations

import ahocorasick

from sarhad.read.lexicon import Lexicon
from sarhad.read.pack import BorderPack


class Triage:
    def __init__(self, lexicon: Lexicon, pack: BorderPack) -> None:
        auto = ahocorasick.Automaton()
        words: dict[str, str] = dict(pack.side_words())
        for name in pack.pair_words():
            words[name] = "pair"
        # every name the lexicon knows a border-province place by: "Suran" as well as GeoNames' "Sūrān"
        for name, place in lexicon.place_names.items():
            if place.admin1 in pack.provinces and place.kind != "province" and len(name) > 3:
                words.setdefault(name, "region")
        for name in pack.reading.region_words:
            words[name] = "region"
        # a side's public figure named in full stands for the side ("Gen Asim Munir met Mohammad Bagheri")
        for name, country in lexicon.officials.items():
            if country in pack.countries:
                words.setdefault(name, country)
        for word, flag in words.items():
            auto.add_word(word, (flag, len(word)))
        auto.make_automaton()
        self._auto = auto
        self._sides = set(pack.countries)

    def flags(self, text: str) -> set[str]:
        lower = text.lower().replace("’", "'")  # "Iran’s southeast" as "Iran's southeast"
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
        return "region" in found or "pair" in found or self._sides <= found
