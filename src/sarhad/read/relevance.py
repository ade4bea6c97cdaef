"""Whether a report is about the border a reader watches: located events decide, otherwise the text's
cues for this border against those of its neighbouring borders (all from the border pack)."""

from __future__ import annotations

import re
from collections.abc import Callable

from sarhad.events import CONTEXT_WHEN_RECALLED, DIPLOMACY, FAMILIES, JOINS_THE_STATES
from sarhad.read.cues import cues
from sarhad.read.language import pack_pattern
from sarhad.read.model import Event
from sarhad.read.pack import BorderPack
from sarhad.read.text import Sentence, segmented

# Talks between the two states about security: "expand security cooperation", "fight terrorism".
_SECURITY_TALK = pack_pattern("relevance.security_talk")
_ACROSS_TRADE = pack_pattern("relevance.across_trade")  # "transit trade": trade that crosses the line


NEAR_BORDER_KM = 200.0


def in_region(event: Event, pack: BorderPack) -> bool:
    """Out-of-region events (Karachi, Iraq) are not part of the picture; diplomacy can happen anywhere,
    and the works that link the two states anywhere in them (a pipeline's ceremony in Tehran)."""
    if event.type in DIPLOMACY:
        return True
    if event.country is not None and event.country not in pack.countries:
        return False
    if event.read_as in JOINS_THE_STATES:
        return True
    if event.background and (event.distance_km or 0) > NEAR_BORDER_KM:
        return False  # a recalled Quetta bombing is Balochistan news, not border background
    if event.admin1 is None or event.admin1 in pack.provinces:
        return True
    # another province, placed only as a whole ("a shrine in Sindh province"): not near the line
    return event.distance_km is not None and event.distance_km <= NEAR_BORDER_KM


def recalled_context(event: Event) -> bool:
    """A non-violent event recalled only by its year ("an agreement signed in 2014", "in 2018 alone Iran
    seized 807 tons") is context for the news, not an event of its own (``context_when_recalled`` in
    sarhad/data/event_types.json); violence recalled by its year is kept."""
    return event.background and event.date_precision == "year" and event.type in CONTEXT_WHEN_RECALLED


def judged_by(work: str, events: list[Event], pack: BorderPack) -> list[Event]:
    """The events a report is judged by: its news; or, when it tells only of earlier events ("the MoU on
    border markets, signed in April", reported in June), those, if it names this border in strong words."""
    main = [e for e in events if not e.background]
    return main or (events if cues(pack).strong.search(work) else [])


def relevant(work: str, main: list[Event], flags: Callable[[str], set[str]], pack: BorderPack) -> bool:
    """Is the report about this border? Located events decide; otherwise the text's border cues do
    (``flags``: the triage's marks for a text: a side of the border, the pair, or the region)."""
    located = [e for e in main if e.distance_km is not None and e.type not in DIPLOMACY]
    if any(e.distance_km is not None and e.distance_km <= NEAR_BORDER_KM for e in located):
        return True
    ours = len(cues(pack).cues.findall(work))
    others = len(cues(pack).elsewhere.findall(work))
    if any(_between_the_pair(e, pack) for e in main) and _about_security(work, ours):
        return True  # the two states' talks on security: ours, whatever else they covered ("the Taliban")
    if _links_the_pair(work, main, flags, pack):
        return True  # "the pipeline to bring Iranian gas to Pakistan", wherever its ceremony was held
    if any(e.admin1 in pack.border_news_provinces for e in main):
        # such a province may face other borders too: a clash at its other border is not ours
        return others <= ours or any(e.distance_km is not None for e in main)
    if _ties_to_border(work, main, flags, pack, anywhere=False):
        return True  # "fencing of the Pak-Iran border is 71pc complete", whatever else the briefing covered
    named = flags(work)
    if not _names_across(main, named, pack) or others > ours:
        return False  # e.g. Balochistan news that never names Iran, or that is about the Afghan border
    if located:
        # a Quetta bombing of pilgrims "coming from Iran" names Iran, not the border
        return bool(cues(pack).strong.search(work)) or _goods_across(work, main, located, pack)
    if any(e.admin1 in pack.provinces for e in main):
        return True
    # An event with no place is ours only when the report ties it to this border: it names the border's
    # region, or a sentence names the border with both its sides ("Pakistani troops on the Iranian border").
    # Two countries named in passing ("Pakistan and Iran condemned the attack") or a side's other borders
    # ("Iranian border forces attacked a post at Islam Qala") are not enough.
    acts = [e for e in main if e.type not in DIPLOMACY]
    if acts and ("region" in named or _ties_to_border(work, acts, flags, pack)):
        return True
    # Talks between the two states are placeless by nature: about security or the border, they are ours.
    talks = len(acts) < len(main)
    about = _about_security(work, ours) or "border" in work.lower() or bool(_ACROSS_TRADE.search(work))
    return talks and set(pack.countries) <= named and about


def _about_security(work: str, ours: int) -> bool:
    """Talks about security or this border: its cues ("the Pak-Iran border") or security cooperation. The
    bare word "border" is not enough where the talks may be about another one."""
    return ours >= 1 or bool(_SECURITY_TALK.search(work))


def _goods_across(work: str, main: list[Event], located: list[Event], pack: BorderPack) -> bool:
    """Seizures in a border province told with a side's goods carried across ("seized smuggled Iranian
    diesel near Ormara"): border smuggling, wherever on the coast the launch was stopped."""
    seizures = [e for e in main if FAMILIES.get(e.type) == "seizure"]
    return all(e.admin1 in pack.provinces for e in located) and _own_sentence(
        work, seizures, cues(pack).goods
    )


def _own_sentence(work: str, events: list[Event], pattern: re.Pattern[str]) -> bool:
    """Whether an event's own sentence matches ``pattern``."""
    return any(pattern.search(s.text) and own for s, own in _sentences_of(work, events))


def _sentences_of(work: str, events: list[Event]) -> list[tuple[Sentence, bool]]:
    """The report's sentences, each with whether it tells one of ``events`` (holds its event word)."""
    starts = [span.start for e in events if (span := e.spans.get("type")) is not None]
    return [(s, any(s.start <= at < s.end for at in starts)) for s in segmented(work)]


def _between_the_pair(event: Event, pack: BorderPack) -> bool:
    parties = {part.strip() for part in (event.parties or "").split(";")}
    return event.type in DIPLOMACY and set(pack.state_of_country.values()) <= parties


def _links_the_pair(work: str, main: list[Event], flags: Callable[[str], set[str]], pack: BorderPack) -> bool:
    """A link of the two states (a pipeline, a train service) told in a sentence that names both and the
    pair together ("Iran and Pakistan", "the two countries"), not a pipeline elsewhere that one of them
    has an eye on ("TAPI, a project Pakistan sees as an alternative to gas from Iran")."""
    links = [e for e in main if e.read_as in JOINS_THE_STATES]
    both = cues(pack).both
    return any(
        own and bool(both.search(s.text)) and set(pack.countries) <= flags(s.text)
        for s, own in _sentences_of(work, links)
    )


def _names_across(main: list[Event], named: set[str], pack: BorderPack) -> bool:
    """The report names the side across the line from one of its events ("Iran", for a seizure in
    Balochistan) or the side whose border provinces are border news; with neither, both sides."""
    sides = {e.country for e in main if e.country in pack.countries}
    across = {code for code in pack.countries if sides - {code}}
    wanted = across | {s.code for s in pack.sides if s.provinces & pack.border_news_provinces}
    return bool(wanted & named) if wanted else set(pack.countries) <= named


def _ties_to_border(
    work: str,
    events: list[Event],
    flags: Callable[[str], set[str]],
    pack: BorderPack,
    anywhere: bool = True,
) -> bool:
    """A sentence names this border in strong words ("Pak-Iran border", "the Iranian border") and both
    its sides: an event's own sentence, or (when ``anywhere``) any sentence. "Returned from Iran and
    Pakistan" names two origins, not the border. The event's own sentence may name the border in the
    common word, with both sides ("Pakistan protested to Iran over troops ambushed while patrolling the
    border")."""
    words = cues(pack)
    # the common word only in a report that names no neighbour's border, of an event on one of the sides
    common_ok = not words.elsewhere.search(work) and any(e.country in pack.countries for e in events)
    for sentence, own in _sentences_of(work, events):
        strong = (anywhere or own) and words.strong.search(sentence.text)
        common = common_ok and own and words.line.search(sentence.text)
        if strong or common:
            marks = flags(sentence.text)
            if set(pack.countries) <= marks or (strong and "pair" in marks):
                return True
    return False
