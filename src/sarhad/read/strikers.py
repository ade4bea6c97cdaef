"""Who struck: a strike is one state's, the one told as acting ("by Iran") or as where the fire came from
("mortars fired from Iranian territory"); two strikes by different states are two events."""

from __future__ import annotations

from sarhad.read.agents import PASSIVE_BY, SAID_IT_ACTED, Perpetrator, on_event_word, partner
from sarhad.read.drafts import Draft
from sarhad.read.language import pack_pattern
from sarhad.read.lexicon import Hit
from sarhad.read.mentions import Mention, SentenceInfo
from sarhad.read.pack import BorderPack

# "mortars fired from Iranian territory", "from the Iranian side" (before and after the state's word)
_FIRED_FROM = pack_pattern("strikers.fired_from")
_ORIGIN_AFTER = pack_pattern("strikers.origin_after")
# "Pakistan strongly condemns the strike ...": the state reacting, not striking
_REACTS_AFTER = pack_pattern("strikers.reacts_after")
_ANSWER = pack_pattern("strikers.answer")  # "Responding to the attack, Pakistani forces fired ..."


def origin_of_fire(draft: Draft, infos: dict[int, SentenceInfo], pack: BorderPack) -> Perpetrator | None:
    """A strike told as fire from a side ("mortars fired from Iranian territory"; "six shells landed near
    Mashkail. An official said the rounds came from Iran") was that side's."""
    for mention in draft.mentions:
        if mention.family != "strike":
            continue
        for index in (mention.index, *(i for i in mention.context if i > mention.index)):
            info = infos[index]
            start = info.sentence.start
            for hit in info.hits:
                state = pack.state_of_country.get(fired_from(info.sentence.text, hit) or "")
                if state is not None:
                    return Perpetrator(state, "acting", start + hit.start, start + hit.end)
    return None


def fired_from(text: str, hit: Hit) -> str | None:
    """'mortars fired from Iranian territory', 'from the Iranian side', 'the rounds came from Iran': the
    country the fire came from."""
    if not _FIRED_FROM.search(text[max(0, hit.start - 100) : hit.start]):
        return None
    if hit.place is not None and hit.place.kind == "country":
        return hit.place.country  # "Iranian territory" is read as a place, the country itself
    if hit.actor is None or hit.actor.kind != "state":
        return None
    # a state's own name ("the rounds came from Iran"); its demonym only with the ground it names
    if hit.text == hit.actor.name or _ORIGIN_AFTER.match(text[hit.end :]):
        return hit.actor.country
    return None


def striker(mention: Mention, info: SentenceInfo | None, told: bool = False) -> str | None:
    """The state that strikes in a strike mention: the last state (or one of its forces: 'the FC
    retaliated and fired mortar shells') named before its trigger, unless named as the one struck
    ('strikes on Pakistan', 'bases in Iran'); the one named as acting ('by Iran') or as where the fire
    came from ('fired from Iranian territory') first. ``told``: only a state the sentence tells as
    striking (by, from, on the event word, or the parse's agent of a verb whose object it is), not one
    that is merely named before it ("the Afghan minister summoned the Pakistani envoy to Kabul to protest
    over the airstrikes" names no striker)."""
    if info is None:
        return None
    text = info.sentence.text
    origin = [country for h in info.hits if (country := fired_from(text, h))]
    if origin:
        return origin[0]
    states = [
        h
        for h in info.hits
        if _names_a_side(h)
        and not partner(text, h.start)
        and not (_REACTS_AFTER.match(text[h.end : h.end + 40]) and not SAID_IT_ACTED.match(text[h.end :]))
    ]
    # "mortars fired by the Afghan Taliban": a side's armed group, told as firing, strikes for its side
    groups = [h for h in info.hits if h.actor is not None and h.actor.kind == "militant" and h.actor.country]
    by = [h for h in [*states, *groups] if PASSIVE_BY.search(text[max(0, h.start - 8) : h.start])]
    # "the Iranian strikes": the demonym on the trigger's own words
    before = [h for h in states if h.end <= mention.anchor or on_event_word(mention, h.start, h.end)]
    if told:
        words = [(t.start, t.end) for t in mention.triggers]
        before = [
            h
            for h in before
            if on_event_word(mention, h.start, h.end) or info.roles().acts_in(h.start, h.end, words)
        ]
    chosen = by[0] if by else before[-1] if before else None
    return chosen.actor.country if chosen is not None and chosen.actor is not None else None


def _names_a_side(hit: Hit) -> bool:
    """Whether the name stands for a state, or for a force of one of the sides."""
    actor = hit.actor
    return actor is not None and (actor.kind == "state" or (actor.kind == "force" and bool(actor.country)))


def answers_strike(mention: Mention, strike: Draft, by_index: dict[int, SentenceInfo]) -> bool:
    """Whether the mention, told as the answer to the strike ("Responding to the attack, Pakistani forces
    fired two rockets"), is another state's act: an event of its own, not the strike it answers. Who
    answers is the state or force named between the answer's words and the event word after them."""
    info = by_index.get(mention.index)
    cue = _ANSWER.search(mention.sentence.text)
    if strike.family != "strike" or info is None or cue is None:
        return False
    after = [t.start for t in mention.triggers if t.start >= cue.end()]
    if not after:
        return False
    answering = [
        h.actor.country
        for h in info.hits
        if cue.end() <= h.start and h.end <= after[-1] and _names_a_side(h) and h.actor and h.actor.country
    ]
    ours = {striker(m, by_index.get(m.index)) for m in strike.mentions} - {None}
    return bool(answering) and bool(ours) and answering[-1] not in ours


def other_striker(draft: Draft, mention: Mention, by_index: dict[int, SentenceInfo]) -> bool:
    """Whether a strike mention names another striker than the strike event it would join."""
    if mention.family != "strike" or draft.family != "strike":
        return False
    theirs = striker(mention, by_index.get(mention.index), told=True)
    ours = {striker(m, by_index.get(m.index)) for m in draft.mentions} - {None}
    return theirs is not None and bool(ours) and theirs not in ours
