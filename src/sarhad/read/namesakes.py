"""Names both sides bear: a place named on each side of the line ("Taftan", the Pakistani crossing, and
Taftan County in Iran; "Pishin" in Iran and Pishin district in Pakistan) is the one its report or its
sentence puts it on."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from sarhad.read.cues import cues
from sarhad.read.language import pack_pattern
from sarhad.read.lexicon import Hit, Place
from sarhad.read.mentions import SentenceInfo
from sarhad.read.pack import BorderPack

_CLAUSE_BREAK = pack_pattern("namesakes.clause_break")
_ORIGIN_BEFORE = pack_pattern("namesakes.origin_before")  # "pilgrims from Zahedan": where they came from
_SIDE_ACTORS = frozenset({"force", "agency"})  # a state may act at the line: not a side of the sentence


def namesakes_as_qualified(hits: list[Hit]) -> list[Hit]:
    """Once a report says "Taftan county" (Iran), its bare "Taftan" means the same county, not the
    Pakistani town of that name: a name qualified once keeps its qualification in the whole report."""
    qualified: dict[str, Place] = {}
    for hit in hits:
        # "the Mirjaveh border crossing" is named after the town: it does not move the town's bare name
        if hit.place is not None and " " in hit.text and hit.place.kind != "crossing":
            head = hit.text.split()[0].lower()
            qualified.setdefault(head, hit.place)
    out = []
    for hit in hits:
        other = qualified.get(hit.text.lower()) if hit.place is not None else None
        if other is not None and hit.place is not None and other.country != hit.place.country:
            hit = dataclasses.replace(hit, place=other)
        out.append(hit)
    return out


def namesakes_by_side(
    hits: list[Hit], text: str, namesakes: dict[str, dict[str, Place]], pack: BorderPack
) -> list[Hit]:
    """A name both sides bear means the other side's place when everything else the sentence places or
    names as acting is on that side ("the Revolutionary Guards ... in the Pishin district close to the
    Pakistani border": Iran's Pishin). A side's name on the border itself ("the Pakistani border") names
    the line, not where the sentence is (its forces, "Pakistani border police", still count); a place
    people came from ("pilgrims from Zahedan") is not where the sentence is either."""
    if not any(h.place is not None and h.text.lower().split()[0] in namesakes for h in hits):
        return hits  # most sentences name no namesake: nothing to read
    line = [m.span() for m in cues(pack).strong.finditer(text)]
    sides = {
        country
        for h in hits
        if (_is_force(h) or not any(a <= h.start < b for a, b in line))
        and not (h.place is not None and _ORIGIN_BEFORE.search(text[max(0, h.start - 40) : h.start]))
        and (country := _side_of(h, namesakes)) is not None
    }
    if len(sides) != 1:
        return hits
    side = next(iter(sides))
    out = []
    for hit in hits:
        other = namesakes.get(hit.text.lower().split()[0], {}).get(side) if hit.place is not None else None
        if other is not None and hit.place is not None and hit.place.country != side:
            hit = dataclasses.replace(hit, place=other)
        out.append(hit)
    return out


def _is_force(hit: Hit) -> bool:
    return hit.actor is not None and hit.actor.kind in _SIDE_ACTORS


def _side_of(hit: Hit, namesakes: dict[str, dict[str, Place]]) -> str | None:
    """The side a hit puts its sentence on: a place's country (not a namesake's, nor a country named as a
    whole), or the country of a force or agency."""
    if hit.place is not None:
        if hit.place.kind == "country" or hit.text.lower().split()[0] in namesakes:
            return None
        return hit.place.country
    return hit.actor.country if hit.actor is not None and _is_force(hit) else None


def province_over_namesake(
    hit: Hit, info: SentenceInfo, provinces: frozenset[str], usable: Callable[[Hit], bool]
) -> Hit:
    """'Goharkuh, in the Taftan County of the Sistan-Balochistan province': a name that the gazetteer
    knows on one side of the border (Taftan, Pakistan) but that the text places in the other side's
    province is that province's namesake, so the province is the safer place. A province that cannot be
    the scene (``usable``: "fired on a post in Panjgur from the border areas of Iran's Sistan-Baluchestan
    province", where the fire came from) places nothing."""
    assert hit.place is not None
    for other in info.hits:
        if (
            other.place is not None
            and other.place.kind == "province"
            and other.place.admin1 in provinces
            and hit.place.admin1 in provinces
            and other.place.country != hit.place.country
            and 0 <= other.start - hit.end <= 60
            and not _CLAUSE_BREAK.search(info.sentence.text[hit.end : other.start])
            and usable(other)
        ):
            return other
    return hit
