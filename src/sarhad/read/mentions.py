"""Per-sentence event mentions: triggers, with the dates and counts that belong to them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sarhad.events import MENTION_FAMILY, SPECIFICITY
from sarhad.read.counts import NP, Count, find_counts, is_year, to_int
from sarhad.read.dates import DateHit, find_dates
from sarhad.read.language import pack_pattern
from sarhad.read.lexicon import Hit
from sarhad.read.syntax import Roles, Syntax, lazy_roles, load_syntax
from sarhad.read.text import Sentence
from sarhad.read.triggers import (
    Trigger,
    TriggerTable,
    find_triggers,
)

_CLAUSE_BREAK = pack_pattern("mentions.clause_break")
_SEPARATE = pack_pattern("mentions.separate")
_PLURAL_GENERIC = pack_pattern("mentions.plural_generic")


@dataclass
class Mention:
    type: str
    strength: int
    index: int  # sentence number
    sentence: Sentence
    triggers: list[Trigger]
    date: DateHit | None = None
    counts: list[Count] = field(default_factory=list)
    generic: bool = False
    clause: tuple[int, int] | None = None  # set when one sentence holds several dated events
    separate: bool = False  # "Separately, ...", "In another incident, ...": never part of an earlier event
    context: list[int] = field(default_factory=list)  # neighbouring trigger-less sentences (for places)

    @property
    def family(self) -> str:
        return MENTION_FAMILY[self.type]

    @property
    def anchor(self) -> int:
        return self.triggers[0].start


@dataclass
class SentenceInfo:
    """What the components find in one sentence, filled step by step (read/data/pipeline.toml)."""

    index: int
    sentence: Sentence
    hits: list[Hit]  # names (places, actors), offsets relative to the sentence
    roles: Callable[[], Roles]  # who did what to whom, parsed on first use
    dates: list[DateHit] = field(default_factory=list)
    counts: list[Count] = field(default_factory=list)
    triggers: list[Trigger] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def sentence_info(
    index: int, sentence: Sentence, hits: list[Hit], syntax: Syntax | None = None
) -> SentenceInfo:
    return SentenceInfo(index, sentence, hits, lazy_roles(syntax or load_syntax(), sentence.text))


def find_sentence_dates(info: SentenceInfo, published: dt.date | None, anchor: dt.date | None) -> None:
    info.dates = find_dates(info.sentence.text, published, anchor)


def find_sentence_counts(info: SentenceInfo) -> None:
    info.counts = find_counts(info.sentence.text)


def find_sentence_triggers(info: SentenceInfo, table: TriggerTable) -> None:
    info.triggers = [_weaken(t) for t in find_triggers(info.sentence.text, table, info.roles)]


def link(info: SentenceInfo, table: TriggerTable) -> None:
    """Argument linking in one sentence: triggers grouped into mentions, each with its date and counts."""
    text = info.sentence.text
    mentions = _group(info.index, info.sentence, info.triggers, info.counts)
    mentions = [part for mention in mentions for part in _split_by_clauses(mention, text)]
    mentions = _attach_dates(mentions, info.dates, text, info.roles)
    _attach_counts(mentions, info.counts)
    separate = bool(_SEPARATE.match(text))
    for mention in mentions:
        mention.generic = (
            _generic(mention, text, table["generic"]) and mention.date is None and not mention.counts
        )
        mention.separate = separate
    info.mentions = mentions


# "..., a group formed in 2012 which waged an insurgency over the past decade": a relative clause about
# an actor says nothing about the event told in the main clause.
_RELATIVE = pack_pattern("mentions.relative")


def _generic(mention: Mention, text: str, generic: re.Pattern[str]) -> bool:
    """Habitual or hedged wording ("frequently", "should") in the clause that tells the event, not in a
    relative clause about an actor ("Jaish al-Adl, a group which frequently targets guards, claimed ...")."""
    asides = []
    for match in _RELATIVE.finditer(text):
        end = text.find(",", match.end())
        asides.append((match.start(), end if end > match.start() and end < mention.anchor else len(text)))
    return any(not any(a <= g.start() < b for a, b in asides) for g in generic.finditer(text))


def _weaken(trigger: Trigger) -> Trigger:
    """A plural 'attacks' usually refers to a series, not to this sentence's event."""
    if _PLURAL_GENERIC.match(trigger.text):
        return Trigger(trigger.type, 1, trigger.start, trigger.end, trigger.text)
    return trigger


def _group(index: int, sentence: Sentence, triggers: list[Trigger], counts: list[Count]) -> list[Mention]:
    """One mention per event family; weak triggers count only when nothing stronger is there, or when
    they carry their own toll in another family ("responded to the killing of 14 guards by hanging 16
    prisoners": the killing is an event beside the hanging)."""
    if not triggers:
        return []
    top = max(t.strength for t in triggers)
    strong_families = {MENTION_FAMILY[t.type] for t in triggers if t.strength >= 2}
    keep = (
        [
            t
            for t in triggers
            if t.strength >= 2 or (MENTION_FAMILY[t.type] not in strong_families and _toll_follows(t, counts))
        ]
        if top >= 2
        else triggers
    )
    by_family: dict[str, list[Trigger]] = {}
    for trig in keep:
        by_family.setdefault(MENTION_FAMILY[trig.type], []).append(trig)
    return sorted(
        (_mention_of(index, sentence, found) for found in by_family.values()), key=lambda m: m.anchor
    )


def _mention_of(index: int, sentence: Sentence, triggers: list[Trigger]) -> Mention:
    """One mention of its triggers, typed by the strongest and, among equals, the most specific."""
    top = max(triggers, key=lambda t: (t.strength, SPECIFICITY.get(t.type, 0)))
    return Mention(top.type, top.strength, index, sentence, triggers)


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
        part = _mention_of(
            mention.index, mention.sentence, [t for t in mention.triggers if start <= t.start < end]
        )
        part.counts, part.clause = found, (start, end)
        out.append(part)
    return out


# "killed four militants after a deadly attack on a police station": the attack is an earlier event that
# frames the news; the sentence's date belongs to the other mention.
_FRAMING_BEFORE = pack_pattern("mentions.framing_before")


def _framing(mention: Mention) -> bool:
    text = mention.sentence.text
    return all(_FRAMING_BEFORE.search(text[max(0, t.start - 50) : t.start]) for t in mention.triggers)


def _distance(mention: Mention, start: int, end: int) -> int:
    if _framing(mention):
        return 10**6  # only when no other mention can take the date
    best = 10**9
    for trig in mention.triggers:
        # A date usually follows its verb ("abducted in October"): a small bonus for dates after a trigger.
        if trig.start <= start and end <= trig.end:
            return 0  # "returned Friday to Tehran": the date is inside the trigger's own words
        gap = start - trig.end if start >= trig.end else trig.start - end + 60
        best = min(best, max(gap, 0))
    return best


def _attach_dates(
    mentions: list[Mention], dates: list[DateHit], text: str, roles: Callable[[], Roles]
) -> list[Mention]:
    if not mentions:
        return mentions
    owners = _owners(mentions, dates, roles) if len(dates) > 1 or (dates and len(mentions) > 1) else {}
    assigned: dict[int, list[DateHit]] = {}
    for n, hit in enumerate(dates):
        target = owners.get(n)
        if target is None:
            target = min(range(len(mentions)), key=lambda i: _distance(mentions[i], hit.start, hit.end))
        assigned.setdefault(target, []).append(hit)
    _drop_foreign(assigned, dates, owners)
    _share_leftovers(mentions, assigned)
    out: list[Mention] = []
    for i, mention in enumerate(mentions):
        hits = assigned.get(i, [])
        distinct = {(h.date, h.precision) for h in hits if h.date is not None}
        # "in April 2015 and October 2013", "attacks in April and last December": one event per dated clause
        # (two weekdays, "on Monday and Tuesday", are more often one event told over two days)
        if len(distinct) > 1 and all(_splits(h) for h in hits):
            out.extend(_split_by_dates(mention, hits, text))
            continue
        mention.date = hits[0] if hits else None
        out.append(mention)
    return out


def _owners(
    mentions: list[Mention], dates: list[DateHit], roles: Callable[[], Roles]
) -> dict[int, int | None]:
    """Which mention the parse hangs each date on ("In March, the governor urged ..., following a February 13
    attack": February 13 is the attack's): date index -> mention index, or None when the date tells the time
    of a word that is no event ("urged"). Dates the parse leaves loose are not listed."""
    owners: dict[int, int | None] = {}
    for n, hit in enumerate(dates):
        governors = roles().governors(hit.end - 1, hit.end)  # "In March": the phrase is "March"
        if not governors:
            continue
        owners[n] = next(
            (
                i
                for i, mention in enumerate(mentions)
                for t in mention.triggers
                for start, end in governors
                if t.start <= start and end <= t.end
            ),
            None,
        )
    return owners


def _drop_foreign(
    assigned: dict[int, list[DateHit]], dates: list[DateHit], owners: dict[int, int | None]
) -> None:
    """A mention that has a date of its own by the parse does not also take one the parse gives to a word
    that is no event."""
    foreign = {id(dates[n]) for n, owner in owners.items() if owner is None}
    for i, hits in assigned.items():
        if any(owners.get(n) == i for n in range(len(dates))) and len(hits) > 1:
            assigned[i] = [h for h in hits if id(h) not in foreign]


def _splits(hit: DateHit) -> bool:
    """A date that, with another one, splits a sentence into one event per dated clause."""
    return hit.explicit or hit.precision in ("month", "year")


def _share_leftovers(mentions: list[Mention], assigned: dict[int, list[DateHit]]) -> None:
    """A mention keeps its nearest date; a second date goes to the nearest mention that has none
    ('freed four guards kidnapped last October, the army said on Thursday')."""
    for i in list(assigned):
        hits = sorted(assigned[i], key=lambda h: _distance(mentions[i], h.start, h.end))
        if len(hits) < 2 or all(_splits(h) for h in hits):
            continue
        assigned[i] = hits[:1]
        # "on Friday, March 22" names one day twice: a repeat of the kept date is not another event's date.
        extras = [h for h in hits[1:] if h.date is None or h.date != hits[0].date]
        while extras:
            free = [j for j in range(len(mentions)) if j not in assigned]
            if not free:
                break
            extra, j = min(
                ((e, j) for e in extras for j in free),
                key=lambda ej: _distance(mentions[ej[1]], ej[0].start, ej[0].end),
            )
            assigned[j] = [extra]
            extras.remove(extra)


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
        Count(c.field, c.value, c.start + start, c.end + start, c.attacker) for c in find_counts(clause)
    ]
    if counts:
        return counts
    # The verb was in an earlier clause: "... and 14 border guards in 2013".
    phrase = next((p for p in NP.finditer(clause) if not is_year(p.group("n"))), None)
    value = to_int(phrase.group("n")) if phrase else None
    if phrase is None or value is None:
        return []
    return [Count("killed", value, phrase.start() + start, phrase.end() + start, False)]


# The counts each family of event takes.
TAKES: dict[str, tuple[str, ...]] = {
    "violence": ("killed", "injured"),
    "strike": ("killed", "injured"),
    "other": ("killed", "injured"),
    "abduction": ("abducted",),
    "release": ("released",),
}


def _attach_counts(mentions: list[Mention], counts: list[Count]) -> None:
    for mention in mentions:
        if mention.counts:
            continue
        fields = TAKES.get(mention.family, ())
        mention.counts = [c for c in counts if c.field in fields and _nearest_taker(c, mentions) is mention]


def _toll_follows(trigger: Trigger, counts: list[Count]) -> bool:
    return any(0 <= c.start - trigger.end <= 3 and not c.attacker for c in counts)


def _nearest_taker(count: Count, mentions: list[Mention]) -> Mention:
    """'responded to the killing of 14 guards by hanging 16 prisoners': each figure belongs to the
    nearest trigger that counts its kind of victim."""
    takers = [m for m in mentions if count.field in TAKES.get(m.family, ())]
    return min(takers, key=lambda m: min(_gap(t.start, t.end, count.start, count.end) for t in m.triggers))


def _gap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, b_start - a_end, a_start - b_end)
