"""Which side of the line an event is on, once its place is read: a fence on the fencing state's side, a
strike across the line from the striker, an event told with this border in that side's border province."""

from __future__ import annotations

from collections.abc import Callable

from sarhad.events import ACLED_SUB_EVENT
from sarhad.read.cues import cues
from sarhad.read.drafts import Draft
from sarhad.read.language import pack_pattern
from sarhad.read.mentions import SentenceInfo
from sarhad.read.model import Event
from sarhad.read.pack import BorderPack, Side
from sarhad.read.places import LOCATION_FIELDS, OWN_WORDS_ONLY
from sarhad.read.text import Sentence


def fenced_on_own_side(
    events: list[Event], pack: BorderPack, country_of: Callable[[str], str | None]
) -> None:
    """A state fences the line on its own side: a fence told without a place, or placed only at the other
    country ("Iran building fence at Pakistan border"), is in the acting state's (or force's) country, and
    in its border province when it has only one on this border."""
    for event in events:
        if event.type != "fencing":
            continue
        code = _acting_country(event, country_of)
        side = next((s for s in pack.sides if s.code == code), None)
        if event.country is not None and (event.admin1 is not None or event.country == code):
            continue
        if side is not None:
            if event.country is not None:  # the other state named as a country: not where the fence is
                event.place, event.lat, event.lon, event.admin2 = None, None, None, None
                event.sector, event.distance_km = None, None
                event.spans.pop("place", None)
            event.country = side.code
            event.side = side.code
            _in_border_province(event, side)


def at_the_line(
    events: list[Event], drafts: list[Draft], infos: dict[int, SentenceInfo], pack: BorderPack
) -> None:
    """An event placed only at a country, told with this border ("on the Pakistani border"), is in that
    side's border province when the side has only one on this border (not what is placed only by its own
    words: talks, releases). The news of a report that names this border anywhere is told with it; a
    recalled event only where its own sentence names it."""
    # a report that names a neighbour's border tells its news with this one only where a sentence does
    elsewhere = any(cues(pack).elsewhere.search(info.sentence.text) for info in infos.values())
    for event, draft in zip(events, drafts, strict=True):
        side = next((s for s in pack.sides if s.code == event.country), None)
        if side is None or len(side.provinces) != 1 or event.admin1 is not None:
            continue
        if event.type in OWN_WORDS_ONLY:
            continue
        told = [infos[m.index] for m in draft.mentions] if event.background or elsewhere else infos.values()
        if any(_names_the_line(info.sentence.text, pack) for info in told):
            event.side = side.code
            _in_border_province(event, side)


def struck_across(
    events: list[Event], drafts: list[Draft], pack: BorderPack, country_of: Callable[[str], str | None]
) -> None:
    """A state's strike lands across the line. One on the striker's own side is either an operation at
    home, where its own words place it ("air strikes on hideouts in Khyber"), or took its place from the
    story ("the FC retaliated and fired mortar shells"): then it is on the other side, unplaced."""
    for event, draft in zip(events, drafts, strict=True):
        striker = _acting_country(event, country_of)
        if event.type != "cross_border_strike" or striker is None or event.country != striker:
            continue
        if event.admin1 not in pack.provinces:
            continue  # placed nowhere on the line, or far inland ("Islamabad said"): left to the region test
        where = event.spans.get("place")
        told = [m.sentence for m in draft.mentions if m.family == "strike"]  # not an attack it absorbed
        across = any(cues(pack).across.search(sentence.text) for sentence in told)  # "inside Iran"
        if where is not None and not across and any(_holds(sentence, where.start) for sentence in told):
            event.type, event.acled_sub_event_type = "other", ACLED_SUB_EVENT["other"]
            continue
        other = next((s.code for s in pack.sides if s.code != striker), None)
        for name in LOCATION_FIELDS:
            setattr(event, name, None)
        event.country = event.side = other
        event.geo_precision = "country"


def _names_the_line(text: str, pack: BorderPack) -> bool:
    """Whether a sentence names this border itself ("on the Pakistani border"), not only a force named
    after a border ("Iranian border guards" guard every border of Iran)."""
    return any(not _BORDER_FORCE.match(text, cue.end()) for cue in cues(pack).cues.finditer(text))


_BORDER_FORCE = pack_pattern("sides.border_force")


def _in_border_province(event: Event, side: Side) -> None:
    """The side's border province, when it has only one on this border (a province, not a point)."""
    if len(side.provinces) == 1:
        event.admin1 = next(iter(side.provinces))
        event.geo_precision = "province"


def _acting_country(event: Event, country_of: Callable[[str], str | None]) -> str | None:
    """The country of the acting party as the text names it (not as it is named after the event's place:
    unnamed "border guards" in Saravan become "Iranian border guards")."""
    named = event.spans.get("perpetrator")
    return country_of(named.text) if named is not None else None


def _holds(sentence: Sentence, offset: int) -> bool:
    return sentence.start <= offset < sentence.end
