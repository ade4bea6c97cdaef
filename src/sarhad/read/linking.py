"""Argument linking in one sentence: its event words grouped into mentions, and each date and count
given to the mention it belongs to (by the parse where it decides, else by nearness and clause)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from sarhad.events import MENTION_FAMILY
from sarhad.read.counts import NP, Count, find_counts, is_year, to_int
from sarhad.read.dates import DateHit, before_news, came_after
from sarhad.read.dating import assign_dates, motive_not_dating, splits
from sarhad.read.language import pack_pattern
from sarhad.read.mentions import (
    TAKES,
    Mention,
    SentenceInfo,
    frame,
    group_triggers,
    mention_of,
)
from sarhad.read.syntax import Roles
from sarhad.read.triggers import TriggerTable

_AGREED_ONLY = pack_pattern("linking.agreed_only")
_CLAUSE_BREAK = pack_pattern("mentions.clause_break")
# "launched strikes after Iran struck ...": an earlier event told after the news (_after_clause)
_AFTER = pack_pattern("linking.after")


def link(info: SentenceInfo, table: TriggerTable) -> None:
    """Argument linking in one sentence: triggers grouped into mentions, each with its date and counts."""
    text = info.sentence.text
    told = _earlier_clause(text, info.dates) or _after_clause(info)
    dates = info.dates
    if (
        told is not None
        and (told[1] is None or opens_sentence(told[1], text))
        and not _news_beside(info, told[0])
    ):
        # "Following an attack in Mand, two personnel died", "A day after the blast, two died": one event told
        # in two clauses, dated by neither
        dates = [h for h in dates if h is not told[1]]
        told = None
    mentions = _grouped(info, told[0] if told is not None else None)
    mentions = [part for mention in mentions for part in _split_by_clauses(mention, text)]
    # the phrase "a week after" dates the earlier clause only, never the news beside it
    phrase = told[1] if told is not None else None
    mentions = _attach_dates(mentions, [h for h in dates if h is not phrase], text, info.roles)
    if told is not None:
        _told_before_news(mentions, told[0], told[1], text, info.dates)
    motive_not_dating(mentions, text)
    _attach_counts(mentions, info.counts)
    mentions = _agreed_at_meeting(mentions)
    frame(mentions, text, table, info.roles)
    info.mentions = mentions


def _agreed_at_meeting(mentions: list[Mention]) -> list[Mention]:
    """'held an online meeting ... and reached an agreement to establish ...', 'met ... and signed an MoU':
    the agreement concluded at the meeting is an event of its own, at the meeting's time (the two share
    the date the sentence tells); 'met ... and agreed on steps' tells what the meeting agreed: its content."""
    meeting = next((m for m in mentions if m.type == "meeting"), None)
    agreed = next((m for m in mentions if m.type == "agreement"), None)
    if meeting is None or agreed is None or agreed.anchor < meeting.anchor or agreed.clause != meeting.clause:
        return mentions
    if all(_AGREED_ONLY.match(t.text) for t in agreed.triggers):
        return [m for m in mentions if m is not agreed]
    agreed.date = agreed.date or meeting.date
    meeting.date = meeting.date or agreed.date  # "The meeting, held on Saturday, has decided to ..."
    return mentions


def _split_by_clauses(mention: Mention, text: str) -> list[Mention]:
    """'An officer was killed in an ambush on a border post, and two soldiers died when an IED hit their
    vehicle': two violent events of different kinds, each in its own clause with its own toll, are two
    mentions (one family gives one mention otherwise)."""
    # "the attack ... also left two wounded" tells the same event again: only named kinds split
    strong = [t for t in mention.triggers if t.strength >= 2 and t.type != "attack"]
    if mention.family != "violence" or len({t.type for t in strong}) < 2:
        return [mention]
    first, second = strong[0], next(t for t in strong if t.type != strong[0].type)
    cuts = [m.start() for m in _CLAUSE_BREAK.finditer(text) if first.end <= m.start() < second.start]
    if not cuts:
        return [mention]
    parts = [(0, cuts[-1]), (cuts[-1], len(text))]
    counts = [_clause_counts(text, start, end) for start, end in parts]
    if not all(any(c.field in TAKES[mention.family] for c in found) for found in counts):
        return [mention]
    out = []
    for (start, end), found in zip(parts, counts, strict=True):
        part = mention_of(
            mention.index, mention.sentence, [t for t in mention.triggers if start <= t.start < end]
        )
        part.counts, part.clause = found, (start, end)
        out.append(part)
    return out


# "killed four militants after a deadly attack on a police station": the attack is an earlier event that
# frames the news; the sentence's date belongs to the other mention.
# "Following Iran's strike in Balochistan, Pakistan on Thursday launched air raids ...": the lead clause
# tells an earlier event
_FRAMED_LEAD = pack_pattern("linking.framed_lead")


def _earlier_clause(text: str, dates: list[DateHit]) -> tuple[tuple[int, int], DateHit | None] | None:
    """Where a sentence tells an earlier event beside its news: after "comes a week after" (dated by it),
    or in a lead clause "Following X, ..."."""
    phrase = next((h for h in dates if h.kind == "came_after"), None)
    if phrase is not None:
        # "... a day after Iran's strike; seven killed", "On Tuesday, a day after the attack, militants
        # killed ...": the news again
        stops = [i for i in (text.find(";", phrase.end), text.find(",", phrase.end)) if i > 0]
        return (phrase.end, min(stops) if stops else len(text)), phrase
    lead = _FRAMED_LEAD.match(text)
    return ((lead.start(1), lead.end(1)), None) if lead else None


def _after_clause(info: SentenceInfo) -> tuple[tuple[int, int], DateHit | None] | None:
    """'Pakistan launched strikes into Iran after Iran carried out strikes in Pakistan late on Tuesday':
    a strike told after "after" beside another state's strike is the earlier one, to the end of its
    clause. Other families told so are mostly one event ("trade resumed after Iran reopened the gate")."""
    text = info.sentence.text
    strikes = [t for t in info.triggers if t.strength >= 2 and MENTION_FAMILY[t.type] == "strike"]
    for after in _AFTER.finditer(text):
        stops = [i for i in (text.find(";", after.end()), text.find(",", after.end())) if i > 0]
        clause = (after.end(), min(stops) if stops else len(text))
        news = any(t.end <= after.start() for t in strikes)
        told = any(clause[0] <= t.start < clause[1] for t in strikes)
        before, inside = _first_state(info, 0, after.start()), _first_state(info, *clause)
        if news and told and before and inside and before != inside:
            return clause, None
    return None


def _first_state(info: SentenceInfo, start: int, end: int) -> str | None:
    """The country of the first state or state force named in start..end: who strikes in that part."""
    actors = [h.actor for h in info.hits if h.actor is not None and start <= h.start < end]
    return next((a.country for a in actors if a.kind in ("state", "force") and a.country), None)


def _news_beside(info: SentenceInfo, clause: tuple[int, int]) -> bool:
    """Whether the sentence tells an event of its own outside the framing clause."""
    start, end = clause
    return any(t.strength >= 2 and not start <= t.start < end for t in info.triggers)


def _grouped(info: SentenceInfo, clause: tuple[int, int] | None) -> list[Mention]:
    """The sentence's triggers grouped into mentions; a sentence that tells an earlier event in
    ``clause`` tells two stories, grouped apart, each mention held to its own words."""
    length = len(info.sentence.text)
    if clause is None:
        return group_triggers(info.index, info.sentence, info.triggers, info.counts)
    mentions = []
    for lo, hi in ((0, clause[0]), clause, (clause[1], length)):
        part = [t for t in info.triggers if lo <= t.start < hi]
        for mention in group_triggers(info.index, info.sentence, part, info.counts):
            mention.clause, mention.own_actors = (lo, hi), True
            mentions.append(mention)
    return mentions


def _told_before_news(
    mentions: list[Mention], clause: tuple[int, int], phrase: DateHit | None, text: str, dates: list[DateHit]
) -> None:
    """'The strike comes a day after Iran's missile attack': the events told in the earlier clause are
    earlier ones, dated by the phrase if there is one, counted from the news's date (its mention's, else
    one told outside the clause), else by a date of their own clause; the news keeps its own date."""
    start, end = clause
    told = [m.date for m in mentions if not start <= m.anchor < end and m.date and m.date is not phrase]
    told += [h for h in dates if h is not phrase and not start <= h.start < end]
    news_hit = next((hit for hit in told if hit.date is not None), None)
    news = news_hit.date if news_hit is not None else None
    counted = _counted_from(phrase, news_hit, text) if phrase is not None and news_hit is not None else phrase
    # "In less than 48 hours after X, <no event word>": nothing to count from; the story's time, found later
    if phrase is not None and news is None and opens_sentence(phrase, text) and _all_in(mentions, clause):
        counted = None
    for mention in mentions:
        own = mention.date if mention.date is not None and start <= mention.date.start < end else None
        if start <= mention.anchor < end:
            mention.earlier = True
            if own is None or own.date is None:  # a date told outside its clause is the news's
                mention.date = counted
        elif own is not None or mention.date is phrase:
            mention.date = None  # the earlier event's date is not the news's


# "Nearly two weeks after X, Y ...": only qualifiers stand before the phrase
_QUALIFIER_ONLY = pack_pattern("linking.qualifiers_only")


def opens_sentence(hit: DateHit, text: str) -> bool:
    """'Nearly two weeks after X, Y ...': the phrase opens its sentence (``text``)."""
    return bool(_QUALIFIER_ONLY.fullmatch(text[: hit.start]))


def _all_in(mentions: list[Mention], clause: tuple[int, int]) -> bool:
    return all(clause[0] <= m.anchor < clause[1] for m in mentions)


def _counted_from(hit: DateHit, news: DateHit, text: str) -> DateHit:
    """``hit`` ("comes a day after", in sentence ``text``) counted from the news event's own date rather
    than the report's (provisional when that date is)."""
    match = came_after().match(text, hit.start)
    if match is None or news.date is None:
        return hit
    date, precision = before_news(match, news.date)
    return dataclasses.replace(hit, date=date, precision=precision, provisional=news.provisional)


def _attach_dates(
    mentions: list[Mention], dates: list[DateHit], text: str, roles: Callable[[], Roles]
) -> list[Mention]:
    out: list[Mention] = []
    for mention, hits in zip(mentions, assign_dates(mentions, dates, text, roles), strict=True):
        distinct = {(h.date, h.precision) for h in hits if h.date is not None}
        # "in April 2015 and October 2013", "attacks in April and last December": one event per dated clause
        # (two weekdays, "on Monday and Tuesday", are more often one event told over two days)
        if len(distinct) > 1 and all(splits(h) for h in hits):
            out.extend(_split_by_dates(mention, hits, text))
            continue
        mention.date = hits[0] if hits else None
        out.append(mention)
    return out


def _split_by_dates(mention: Mention, hits: list[DateHit], text: str) -> list[Mention]:
    """'killed eight guards in April 2015 and 14 in October 2013': one mention per dated clause."""
    out: list[Mention] = []
    cuts = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    for i, hit in enumerate(hits):
        # The clause runs between the separators around its date, but never into a neighbouring date.
        start = max([c for c in cuts if c <= hit.start] + [hits[i - 1].end if i else 0])
        end = min([c for c in cuts if c >= hit.end] + [hits[i + 1].start if i + 1 < len(hits) else len(text)])
        clone = Mention(
            mention.type, mention.strength, mention.index, mention.sentence, mention.triggers, hit
        )
        clone.counts = _clause_counts(text, start, end)
        clone.clause = (start, end)
        out.append(clone)
    return out


def _clause_counts(text: str, start: int, end: int) -> list[Count]:
    clause = text[start:end]
    counts = [
        dataclasses.replace(c, start=c.start + start, end=c.end + start, weak=False)
        for c in find_counts(clause)
    ]
    if counts:
        return counts
    # The verb was in an earlier clause: "... and 14 border guards in 2013".
    phrase = next((p for p in NP.finditer(clause) if not is_year(p.group("n"))), None)
    value = to_int(phrase.group("n")) if phrase else None
    if phrase is None or value is None:
        return []
    return [Count("killed", value, phrase.start() + start, phrase.end() + start, False)]


def _attach_counts(mentions: list[Mention], counts: list[Count]) -> None:
    for mention in mentions:
        if mention.counts:
            continue
        fields = TAKES.get(mention.family, ())
        mention.counts = [c for c in counts if c.field in fields and _nearest_taker(c, mentions) is mention]


def _nearest_taker(count: Count, mentions: list[Mention]) -> Mention:
    """'responded to the killing of 14 guards by hanging 16 prisoners': each figure belongs to the
    nearest trigger that counts its kind of victim."""
    takers = [m for m in mentions if count.field in TAKES.get(m.family, ())]
    # "The shelling came hours after a junior officer was killed in an attack": the clause's own event
    inside = [m for m in takers if m.clause is not None and m.clause[0] <= count.start < m.clause[1]]
    takers = inside or takers
    return min(takers, key=lambda m: min(_gap(t.start, t.end, count.start, count.end) for t in m.triggers))


def _gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, b_start - a_end, a_start - b_end)
