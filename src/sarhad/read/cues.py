"""How news tells of one border, in one language: the language pack's ``border.toml`` ("X border",
"border with X", "both countries", "across the border") filled with the border pack's names of the two
sides and of the neighbouring borders' states. Relevance, triggers, places and parties read them here."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from sarhad.read.language import pack_file, reading_language, with_slots
from sarhad.read.pack import BorderPack, alternation, pairs
from sarhad.read.scan import scanning


class BorderTemplates(BaseModel):
    """``border.toml`` of a language pack."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    nationality: str
    strong: str
    across: str
    cues: str
    elsewhere: str
    both: str
    goods: str
    line: str


@dataclass(frozen=True)
class Cues:
    """One border's cue patterns in one language."""

    nationality: re.Pattern[str]  # "Iranian border guards": group 1, the demonym, places it on a side
    strong: re.Pattern[str]  # words that name this border itself
    across: re.Pattern[str]  # words of crossing over ("across the border", "inside Iran")
    cues: re.Pattern[str]  # both of those, counted against ...
    elsewhere: re.Pattern[str]  # ... the words that name a neighbouring border
    both: re.Pattern[str]  # the two states named together
    goods: re.Pattern[str]  # a side's goods carried across ("smuggled Iranian diesel")
    line: re.Pattern[str]  # the common words for a border ("border", "frontier")


def cues(pack: BorderPack, language: str | None = None) -> Cues:
    """The cue patterns of ``pack`` in ``language`` (by default the language being read)."""
    return _cues(pack, language or reading_language())


@lru_cache(maxsize=16)
def _cues(pack: BorderPack, language: str) -> Cues:
    words = pack_file(language, "border.toml", BorderTemplates)
    slots = _slots(pack)
    slots["STRONG"] = with_slots(words.strong, slots, f"languages/{language}/border.toml")
    slots["ACROSS"] = with_slots(words.across, slots, f"languages/{language}/border.toml")
    return Cues(
        nationality=_compiled(words.nationality, slots, language),
        strong=_compiled(words.strong, slots, language),
        across=_compiled(words.across, slots, language),
        cues=_compiled(words.cues, slots, language),
        elsewhere=_compiled(words.elsewhere, slots, language),
        both=_compiled(words.both, slots, language),
        goods=_compiled(words.goods, slots, language),
        line=_compiled(words.line, slots, language),
    )


def _slots(pack: BorderPack) -> dict[str, str]:
    sides = [side.names for side in pack.sides]
    others = pack.neighbours
    return {
        "PAIR": "|".join(_word(w) for w in pack.pair_words()),
        "SIDE": _lower(n.name for n in sides),
        "SIDE_NAMES": _lower(w for n in sides for w in n.names),
        "SIDE_DEMONYM": alternation(d for n in sides for d in n.demonyms),
        "NEIGHBOUR": _lower(n.name for n in others),
        "NEIGHBOUR_NAMES": _lower(w for n in others for w in n.names),
        "NEIGHBOUR_DEMONYM": _lower(d for n in others for d in n.demonyms),
        "NEIGHBOUR_PAIR": _lower(
            f"{x}-{y}" for s in sides for o in others for x, y in pairs(s.names, o.names)
        ),
        "BORDER_WORDS": _lower(pack.reading.border_words),
        "ELSEWHERE_WORDS": _lower(pack.reading.elsewhere.words),
    }


def _compiled(template: str, slots: dict[str, str], language: str) -> re.Pattern[str]:
    return scanning(f"(?i){with_slots(template, slots, f'languages/{language}/border.toml')}")


def _lower(words: Iterable[str]) -> str:
    return alternation(w.lower() for w in words)


def _word(word: str) -> str:
    return re.escape(word.lower())
