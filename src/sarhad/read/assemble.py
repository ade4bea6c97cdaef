"""From mentions to events: merging within the article, main vs background, and the event's fields."""

from __future__ import annotations

import datetime as dt
import re

from sarhad.read.agents import ATTACKED_AFTER
from sarhad.read.drafts import LEAD_SENTENCES, Draft, compatible, is_old
from sarhad.read.language import pack_pattern
from sarhad.read.mentions import SEPARATE, Mention, SentenceInfo, silence_heard
from sarhad.read.strikers import answers_strike, other_striker


def merge(
    infos: list[SentenceInfo],
    reference: dt.date | None,
    provinces: frozenset[str],
    names_the_border: re.Pattern[str] | None = None,
) -> list[Draft]:
    """Group mentions into events: same family and compatible dates; undated mentions join the main one.
    ``names_the_border``: words that name this border ("the Pak-Afghan border"), where a crossing's
    closure or opening told in passing is an event of its own."""
    drafts: list[Draft] = []
    held: list[Mention] = []
    by_index = {info.index: info for info in infos}
    last: tuple[int, Draft] | None = None
    elsewhere = False  # after "In a separate incident, ..." the report tells another story
    for info in infos:
        heard = silence_heard(info.mentions)
        for mention in info.mentions:
            # "In another incident, ... in Nokundi": an event of its own when told with a border-region place
            announced = mention.separate and mention.strength >= 2 and _border_place(info, provinces)
            elsewhere = elsewhere or mention.separate
            mention.separate = elsewhere
            if mention.generic or mention.not_news or (mention.silent and not heard):
                continue
            target, dated = _target_of(mention, drafts, by_index, reference, last)
            if target is not None:
                target.mentions.append(mention)
            elif dated or _opens_event(mention, info, announced):
                target = Draft([mention])
                drafts.append(target)
            else:
                held.append(mention)
            last = (info.index, target) if target is not None else last
    _place_held(held, drafts, by_index, reference, (provinces, names_the_border))
    drafts = _absorb_into_strikes(_consolidate(drafts, by_index), by_index, reference)
    for n, draft in enumerate(drafts):
        draft.background = (
            is_old(draft.date, reference)
            or _another_time(draft, drafts[:n])
            or _only_before(draft)  # only ever told as what the news came after
        )
    _mark_asides(drafts, reference)
    return drafts


def _target_of(
    mention: Mention,
    drafts: list[Draft],
    by_index: dict[int, SentenceInfo],
    reference: dt.date | None,
    last: tuple[int, Draft] | None,
) -> tuple[Draft | None, bool]:
    """The event a mention joins, if any, and whether the mention counts as dated."""
    dated = mention.date is not None and (mention.date.date is not None or mention.date.elsewhen)
    target = _find_target(drafts, mention, reference)
    if target is not None and other_striker(target, mention, by_index):
        # "The Iranian strikes, which killed two children": the earlier strike the news answered, told again
        told = [d for d in drafts if _only_before(d) and d.family == "strike"]
        again = next((d for d in told if not other_striker(d, mention, by_index)), None)
        if again is not None and mention.date is None:
            return again, False
        # "Pakistan then carried out retaliatory strikes": the other state's strike, on the same days
        if mention.strength >= 2 and (mention.date is None or mention.date.date is None):
            mention.date = target.date
        target = None
        dated = True
    if last is not None and answers_strike(mention, last[1], by_index):
        mention.date = mention.date if dated else last[1].date  # on the days of the strike it answers
        return None, True
    if (pointed := _pointed_at(mention, last)) is not None:
        return pointed, dated
    if _follow_up(mention, dated, last) or _continues_history(mention, dated, last, reference):
        assert last is not None
        target = last[1]  # "Two soldiers were injured." continues the previous sentence's event
    return target, dated


def _opens_event(mention: Mention, info: SentenceInfo, announced: bool) -> bool:
    """An undated mention is an event of its own in the lead, with victims, or announced as separate."""
    if _told_as_past(mention, info):
        return False
    if mention.earlier:
        return _victims(mention)  # "Following talks with Iran, ...": named only to frame the news
    return (info.index < LEAD_SENTENCES and not mention.separate) or _victims(mention) or announced


def _place_held(
    held: list[Mention],
    drafts: list[Draft],
    by_index: dict[int, SentenceInfo],
    reference: dt.date | None,
    border: tuple[frozenset[str], re.Pattern[str] | None],
) -> None:
    """Undated asides join an event of their family, or are dropped."""
    for mention in held:
        target = _find_target(drafts, mention, reference)
        if target is not None:
            target.mentions.append(mention)
        elif _outcome_of_meeting(mention, drafts, reference) or _told_in_full(mention, by_index, border):
            # "Both sides agreed to ..." after the talks of the day; "The other incident took place in
            # Hoshab. ... an intelligence-based operation was launched": a second story of the report
            drafts.append(Draft([mention]))


def _another_time(draft: Draft, earlier: list[Draft]) -> bool:
    """'In January, four soldiers were killed ...' in a report we cannot date: a time other than the
    news, told after the news, is recalled, not reported."""
    if draft.date is not None or not any(m.date is not None and m.date.elsewhen for m in draft.mentions):
        return False
    return bool(earlier)


_AT_A_CROSSING = frozenset({"closure", "opening"})
_TOLD_FAMILIES = _AT_A_CROSSING | {"other", "seizure", "abduction", "release", "strike", "diplomacy"}


def _told_in_full(
    mention: Mention, by_index: dict[int, SentenceInfo], border: tuple[frozenset[str], re.Pattern[str] | None]
) -> bool:
    """A strong mention of a family no event has yet, told with a border-region place in its sentence or
    the one before it, is an event of its own even without a date; so is a closure or opening of a
    crossing told in a sentence that names this border ("the Pak-Afghan border was also closed following
    the attack")."""
    provinces, names_the_border = border
    if (
        mention.family not in _TOLD_FAMILIES
        or mention.strength < 2
        or mention.separate
        or _told_as_past(mention, by_index[mention.index])
    ):
        return False  # "In a separate incident, ..." is judged where it is read (see ``announced``)
    told_at_the_line = names_the_border is not None and names_the_border.search(mention.sentence.text)
    if mention.family in _AT_A_CROSSING and told_at_the_line:
        return True
    near = [by_index.get(mention.index), by_index.get(mention.index - 1)]
    return any(info is not None and _border_place(info, provinces) for info in near)


# "the guards who had been kidnapped at a border post": the captivity is the story's past, not its news
def _told_as_past(mention: Mention, info: SentenceInfo) -> bool:
    """'militants who had attacked the post', 'while Pakistan had started fencing the border': told in a
    clause about what had happened before the news (by the parse)."""
    text = mention.sentence.text
    if not all(_PERFECT.search(text, max(0, t.start - 60), t.start) for t in mention.triggers):
        return False  # no subordinate clause in the perfect just before the event word: nothing to parse
    return all(info.roles().within("past", t.start, t.end) for t in mention.triggers)


def _outcome_of_meeting(mention: Mention, drafts: list[Draft], reference: dt.date | None) -> bool:
    return mention.family == "agreement" and any(
        d.family == "diplomacy" and not is_old(d.date, reference) for d in drafts
    )


ASIDE_DAYS = 5


def _consolidate(drafts: list[Draft], by_index: dict[int, SentenceInfo]) -> list[Draft]:
    """Merge events of one family that turned out to have compatible dates ('earlier this month' and
    'on Nov 15'), and an undated lead event with an unplaceable lead date ('on April 26', no year); never
    two states' strikes."""
    kept: list[Draft] = []
    for draft in drafts:
        target = next(
            (
                k
                for k in kept
                if k.family == draft.family
                and not _other_clause(k, draft.mentions)
                # "Separately, armed men attacked a checkpost ...": told apart, never merged back
                and not SEPARATE.match(draft.mentions[0].sentence.text)
                and _same_event(k, draft)
                and not any(other_striker(k, m, by_index) for m in draft.mentions)
            ),
            None,
        )
        if target is None:
            kept.append(draft)
        else:
            target.mentions.extend(draft.mentions)
    return kept


_PERFECT = pack_pattern("assemble.perfect")


def _other_clause(draft: Draft, mentions: list[Mention]) -> bool:
    """A sentence split into clauses telling two events never joins them again."""
    return any(
        m.clause is not None and o.clause is not None and m.index == o.index and m.clause != o.clause
        for m in mentions
        for o in draft.mentions
    )


def _tolls(mentions: list[Mention], field: str) -> set[int]:
    return {
        c.value
        for m in mentions
        for c in m.counts
        if c.field == field and not (c.attacker or c.weak) and c.value
    }


def _tolls_differ(draft: Draft, mention: Mention) -> bool:
    """Both give a death toll (or a toll of wounded), and the tolls have nothing in common: not the same
    attack."""
    for toll in ("killed", "injured"):
        ours, theirs = _tolls(draft.mentions, toll), _tolls([mention], toll)
        if ours and theirs and not ours & theirs:
            return True
    return False


def _same_event(a: Draft, b: Draft) -> bool:
    if _only_before(a) or _only_before(b):
        return _told_again(a, b) or _told_again(b, a)  # what the news came after is not the news
    if any(_tolls_differ(a, m) for m in b.mentions):
        return False
    da, db = a.date, b.date
    if da is not None and db is not None:
        return compatible(da, db)
    lead = a.mentions[0].index < LEAD_SENTENCES and b.mentions[0].index < LEAD_SENTENCES
    return lead and (da is None and db is None) and _elsewhen(a) == _elsewhen(b)


def _told_again(before: Draft, other: Draft) -> bool:
    """'A few days after six soldiers were killed in an explosion, ...' and the IED told in full later:
    an earlier event with the same toll, undated or of a time that agrees, is that event."""
    toll = _tolls(before.mentions, "killed")
    when = before.date is None or other.date is None or compatible(before.date, other.date)
    return when and _only_before(before) and bool(toll & _tolls(other.mentions, "killed"))


def _only_before(draft: Draft) -> bool:
    return all(m.earlier for m in draft.mentions)


def _elsewhen(draft: Draft) -> bool:
    """Told at a month or a year we cannot place ('In January', 'last year'); a day without its year
    ('on April 26') in the lead is the news itself."""
    return any(
        m.date is not None and m.date.elsewhen and m.date.kind not in ("md", "dm", "weekday")
        for m in draft.mentions
    )


def _mark_asides(drafts: list[Draft], reference: dt.date | None) -> None:
    """An event told outside the lead and dated days before the main event is mentioned in passing (an
    undated lead event is the report's news, of its day)."""
    main = next((d for d in drafts if not d.background and d.date is not None and d.date.date), None)
    day = main.date.date if main is not None and main.date is not None else None
    lead = drafts[0] if drafts and not drafts[0].background else None
    if lead is not None and lead.date is None and lead.mentions[0].index < LEAD_SENTENCES and reference:
        main, day = lead, reference
    if main is None or day is None:
        return
    for draft in drafts:
        when = draft.date
        if draft is main or when is None or when.date is None or draft.mentions[0].index < LEAD_SENTENCES:
            continue
        if (day - when.date).days >= ASIDE_DAYS:
            draft.background = True


def _absorb_into_strikes(
    drafts: list[Draft], by_index: dict[int, SentenceInfo], reference: dt.date | None
) -> list[Draft]:
    """Explosions, 'attacks' and 'operations' reported with a cross-border strike are that strike; an
    undated one told before a strike recalled from a month back is the report's own news."""
    strikes = [d for d in drafts if d.family == "strike" and not _only_before(d)]  # not one told as past
    if not strikes:
        return drafts
    strike = strikes[0]
    kept: list[Draft] = []
    for draft in drafts:
        if draft.date is None:  # the lead's undated news is not a strike recalled after it
            same_days = not (is_old(strike.date, reference) and _told_before(draft, strike))
        elif strike.date is None:  # the undated lead strike is the news, not a time recalled ("in 2018")
            same_days = not is_old(draft.date, reference)
        else:
            same_days = compatible(draft.date, strike.date)
        # "comes a week after guards were killed": an earlier event, not this strike
        own = not _only_before(draft) and not _claimed(draft, by_index)
        own = own and not any(answers_strike(m, strike, by_index) for m in draft.mentions)
        if draft.family in ("violence", "other") and same_days and own:
            strike.mentions.extend(draft.mentions)
            continue
        kept.append(draft)
    return kept


def _told_before(draft: Draft, other: Draft) -> bool:
    return draft.mentions[0].index < other.mentions[0].index


def _claimed(draft: Draft, by_index: dict[int, SentenceInfo] | None = None) -> bool:
    """A claimed attack, one told as 'another' attack, or one a group is said to have carried out
    ('Jaish al-Adl attacked a police station') is the group's, not part of a state's strike."""
    if any(_CLAIMED_ATTACK.search(m.sentence.text) for m in draft.mentions):
        return True
    for mention in draft.mentions:
        info = (by_index or {}).get(mention.index)
        for hit in info.hits if info is not None else []:
            acting = ATTACKED_AFTER.match(mention.sentence.text[hit.end : hit.end + 40])
            if hit.actor is not None and hit.actor.kind == "militant" and acting:
                return True
    return False


_CLAIMED_ATTACK = pack_pattern("assemble.claimed_attack")


def _victims(mention: Mention) -> bool:
    return any(not c.attacker for c in mention.counts)


def _follow_up(mention: Mention, dated: bool, last: tuple[int, Draft] | None) -> bool:
    """A bare casualty sentence right after an event sentence (only weak triggers, no date of its own)."""
    near = last is not None and mention.index - last[0] == 1 and not _only_before(last[1])
    return near and not dated and mention.strength < 2


def _pointed_at(mention: Mention, last: tuple[int, Draft] | None) -> Draft | None:
    """The event just told, when the next sentence points back at it ("Jundollah claimed that attack,
    which avenged a hanging six months earlier": a date that disagrees is its clause's, and is dropped);
    "Iran closed the crossing after that attack" is another event."""
    if last is None or mention.index - last[0] != 1 or _only_before(draft := last[1]):
        return None
    if mention.family != draft.family or not _THAT_EVENT.search(mention.sentence.text):
        return None
    if mention.date is not None and mention.date.date is not None and draft.date is not None:
        mention.date = mention.date if compatible(draft.date, mention.date) else None
    return draft


_THAT_EVENT = pack_pattern("assemble.that_event")


def _border_place(info: SentenceInfo, provinces: frozenset[str]) -> bool:
    return any(h.place is not None and h.place.admin1 in provinces for h in info.hits)


def _continues_history(
    mention: Mention, dated: bool, last: tuple[int, Draft] | None, reference: dt.date | None
) -> bool:
    """An undated sentence right after a recalled (old) event of its family, outside the lead, goes on
    telling that event ("Last April ten guards were killed. ... were martyred in an ambush")."""
    if last is None or dated or mention.index < LEAD_SENTENCES or mention.index - last[0] > 2:
        return False
    draft = last[1]
    return draft.family == mention.family and is_old(draft.date, reference)


def _find_target(drafts: list[Draft], mention: Mention, reference: dt.date | None) -> Draft | None:
    if mention.earlier:
        return None  # "comes a week after X": X is never the news it is told beside
    if mention.separate:
        # "In a separate incident, ..." is another event; an undated sentence after it goes on telling it
        later = [d for d in drafts if d.family == mention.family and d.mentions[0].separate]
        undated = mention.date is None or (mention.date.date is None and not mention.date.elsewhen)
        return later[-1] if later and undated else None
    family = [
        d
        for d in drafts
        if d.family == mention.family and not _other_clause(d, [mention]) and not _only_before(d)
    ]
    if not family or (mention.date is not None and mention.date.elsewhen):
        return None  # "In October, ..." without a year is another time, not the undated main event
    hit = mention.date if mention.date is not None and mention.date.date is not None else None
    if hit is None:
        main = [d for d in family if not is_old(d.date, reference)]
        return (main or family)[0]
    for draft in family:
        own = draft.date
        if _tolls_differ(draft, mention):
            continue  # "ten killed on October 26" and "six killed in early October" are two attacks
        # Month- and year-dated mentions are history ("in April 2015"), not the undated lead event.
        if own is None and hit.precision in ("day", "week") and not is_old(hit, reference):
            return draft
        if own is not None and compatible(own, hit):
            return draft
    return None
