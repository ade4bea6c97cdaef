"""What one sentence holds (names, dates, counts, event words) and its event mentions: the triggers of
one family grouped together. Which date and count belong to which mention is ``linking``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sarhad.events import MENTION_FAMILY, SPECIFICITY
from sarhad.read.counts import Count, find_counts
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

# "Three soldiers were martyred in a clash, and police arrested two militants": a clause of its own
_NEW_CLAUSE = pack_pattern("mentions.new_clause")
# the words of a fight ("armed clashes", "an exchange of fire"), which an operation may have been fought in
_FIGHT = pack_pattern("mentions.fight")
# what opens a phrase about a noun: ", a harsh land plagued by ...", "... which frequently ..."
_ASIDE_OPENS = pack_pattern("mentions.aside_opens")
# date expressions written without their year: a day ("on December 6") or a month ("in May")
_YEARLESS = frozenset({"md", "dm", "month"})


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
    not_news: bool = False  # a total over months ("40 tons were seized this year"), or another border's news
    clause: tuple[int, int] | None = None  # set when one sentence holds several dated events
    separate: bool = False  # "Separately, ...", "In another incident, ...": never part of an earlier event
    earlier: bool = False  # "The attack comes a week after X": X, an earlier event told as context
    # "on Sunday condemned the attack": the reaction's day, the attack's only when nothing else dates it
    reaction_date: DateHit | None = None
    own_actors: bool = False  # its clause names its own actors (the news, or the event it came after)
    context: list[int] = field(default_factory=list)  # neighbouring trigger-less sentences (for places)
    # a protest told beside a killing: no event, but the place and day told with it are its own
    silent: bool = False

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


def yearless_by(info: SentenceInfo, by: dt.date) -> None:
    """Days and months written without a year ("on December 6", "in May") in a report known only to be
    published by ``by`` (its address's month): the latest such day or month not after it."""
    if not any(h.kind in _YEARLESS and h.date is None for h in info.dates):
        return
    found = {(h.start, h.end): h for h in find_dates(info.sentence.text, by, None) if h.kind in _YEARLESS}
    info.dates = [
        found.get((h.start, h.end), h) if h.kind in _YEARLESS and h.date is None else h for h in info.dates
    ]


def provisionally(info: SentenceInfo, reference: dt.date) -> None:
    """Date expressions still unplaced in a report with no publication date, placed against a provisional
    ``reference`` and marked so: "on Tuesday" stays apart from "last month" and "on Aug. 18"."""
    if not any(h.date is None and h.kind in _COUNTED_FROM_NOW for h in info.dates):
        return
    found = {(h.start, h.end): h for h in find_dates(info.sentence.text, reference, None)}
    info.dates = [
        dataclasses.replace(found[(h.start, h.end)], provisional=True)
        if h.date is None
        and h.kind in _COUNTED_FROM_NOW
        and (h.start, h.end) in found
        and found[(h.start, h.end)].date is not None
        else h
        for h in info.dates
    ]


# Expressions counted from the report's own day ("on Tuesday", "last month", "two years ago", "April last
# year"); a day or month written without its year ("on Aug. 18", "in October") is not, and stays unplaced.
_COUNTED_FROM_NOW = frozenset(
    {"weekday", "rel", "ago", "md_rel_year", "month_rel_year", "nth_day", "came_after"}
)


def find_sentence_counts(info: SentenceInfo) -> None:
    info.counts = find_counts(info.sentence.text)


def find_sentence_triggers(info: SentenceInfo, table: TriggerTable) -> None:
    info.triggers = find_triggers(info.sentence.text, table, info.roles)


def group_triggers(
    index: int, sentence: Sentence, triggers: list[Trigger], counts: list[Count]
) -> list[Mention]:
    """One mention per event family; weak triggers join a stronger one of their family, and count on their
    own only when nothing stronger is there, or when they carry their own toll in another family
    ("responded to the killing of 14 guards by hanging 16 prisoners": the killing is an event beside the
    hanging)."""
    silent = [t for t in triggers if t.silent]
    quiet = [dataclasses.replace(mention_of(index, sentence, silent), silent=True)] if silent else []
    triggers = [t for t in triggers if not t.silent]
    if not triggers:  # a clause holding only the silenced protest (linking splits dated clauses)
        return quiet
    triggers = [t for t in triggers if not _fight_of_an_operation(t, triggers, sentence.text)] or triggers
    top = max(t.strength for t in triggers)
    strong_families = {MENTION_FAMILY[t.type] for t in triggers if t.strength >= 2}
    taken = strong_families | _TOLL_OF.get(frozenset(strong_families), set())
    keep = (
        [
            t
            for t in triggers
            if t.strength >= 2
            or MENTION_FAMILY[t.type] in strong_families  # "April 26 killing ... in a militant attack"
            or (MENTION_FAMILY[t.type] not in taken and _toll_follows(t, counts))
        ]
        if top >= 2
        else triggers
    )
    by_family: dict[str, list[Trigger]] = {}
    for trig in keep:
        by_family.setdefault(MENTION_FAMILY[trig.type], []).append(trig)
    mentions = [mention_of(index, sentence, found) for found in by_family.values()]
    return sorted([*mentions, *quiet], key=lambda m: m.anchor)


# "a missile strike which killed two children": the killing is the strike's toll, not an attack beside it
# (and "police fired on protesters, killing five": the crackdown's toll; "protesters stormed a police
# station, killing a policeman": the riot's)
_TOLL_OF: dict[frozenset[str], set[str]] = {
    frozenset({"strike"}): {"violence"},
    frozenset({"crackdown"}): {"violence"},
    frozenset({"riot"}): {"violence"},
}


def silence_heard(mentions: list[Mention]) -> bool:
    """A protest silenced beside another event is the sentence's news after all when that other event is
    only recalled or not news: "staged a sit-in on Tuesday, a week after two porters were killed"."""
    return not any(not m.silent and not (m.generic or m.not_news or m.earlier) for m in mentions)


def mention_of(index: int, sentence: Sentence, triggers: list[Trigger]) -> Mention:
    """One mention of its triggers, typed by the strongest and, among equals, the most specific."""
    top = max(triggers, key=lambda t: (t.strength, SPECIFICITY.get(t.type, 0)))
    return Mention(top.type, top.strength, index, sentence, triggers)


# The counts each family of event takes.
TAKES: dict[str, tuple[str, ...]] = {
    "violence": ("killed", "injured"),
    "strike": ("killed", "injured"),
    "other": ("killed", "injured"),
    "crackdown": ("killed", "injured"),
    "riot": ("killed", "injured"),
    "abduction": ("abducted",),
    "release": ("released",),
}


def _fight_of_an_operation(trigger: Trigger, triggers: list[Trigger], text: str) -> bool:
    """'his forces killed a terrorist in armed clashes': the fight is how the forces' operation told in its
    clause went, not an attack beside it ('..., and police arrested two militants' is another clause)."""
    if trigger.type != "attack" or not _FIGHT.match(trigger.text):
        return False
    return any(
        t.type == "other" and t.strength >= 2 and not _breaks_between(text, t, trigger) for t in triggers
    )


def _breaks_between(text: str, a: Trigger, b: Trigger) -> bool:
    start, end = min(a.end, b.end), max(a.start, b.start)
    return any(start <= m.start() < end for m in _NEW_CLAUSE.finditer(text))


def _toll_follows(trigger: Trigger, counts: list[Count]) -> bool:
    return any(0 <= c.start - trigger.end <= 3 and not c.attacker for c in counts)


# "..., a group formed in 2012 which waged an insurgency over the past decade": a relative clause about
# an actor says nothing about the event told in the main clause.
_RELATIVE = pack_pattern("mentions.relative")


def relative_asides(text: str, until: int | None = None) -> list[tuple[int, int]]:
    """Spans of the relative clauses about an actor (", which ...", ", a group that ..."), each to the next
    comma, or to the end of the text when no comma comes before ``until``."""
    limit = len(text) if until is None else until
    spans = []
    for match in _RELATIVE.finditer(text):
        comma = text.find(",", match.end())
        spans.append((match.start(), comma if 0 <= comma < limit else len(text)))
    return spans


# "Separately, ...", "In another incident, ...": the sentence tells another story
SEPARATE = pack_pattern("mentions.separate")
# "In a previous abduction, the group killed an officer": the whole sentence recalls an earlier event
_HISTORY_FRAME = pack_pattern("mentions.history_frame")
# Works and crossings that belong to one border: told of a neighbouring border, they are its news
_OF_A_BORDER = frozenset({"fencing", "closure", "opening"})
# "In the past five months some 40 tons of narcotics have been seized": a total over a period, not an event
_COUNTED_OVER_TIME = frozenset({"violence", "seizure", "abduction", "strike"})


def frame(mentions: list[Mention], text: str, table: TriggerTable, roles: Callable[[], Roles]) -> None:
    """How the sentence frames its mentions: generic, not news (totals, another border's works, an
    undated recollection), recalled or told as a separate story."""
    separate = bool(SEPARATE.match(text))
    history = bool(_HISTORY_FRAME.match(text))
    totals = table["aggregate"].search(text)
    # "the fencing at the Pakistan-Afghanistan border is 90 percent complete": another border's news
    elsewhere = bool(table["other_border"].search(text)) and not table["this_border"].search(text)
    for mention in mentions:
        mention.generic = (  # a dated or counted mention is news whatever its wording: no parse needed
            mention.date is None
            and not mention.counts
            and generic(mention, text, table["generic"], table["purpose"], roles)
        )
        counted_over_time = (
            totals is not None and totals.start() < mention.anchor and mention.family in _COUNTED_OVER_TIME
        )  # "... the largest haul in the past six months" is no total
        mention.not_news = counted_over_time or (elsewhere and mention.family in _OF_A_BORDER)
        if history:  # recalled: an event of its own only when the sentence dates it
            mention.earlier = True
            mention.not_news = mention.not_news or mention.date is None or mention.date.date is None
        mention.separate = separate


def generic(
    mention: Mention,
    text: str,
    habitual: re.Pattern[str],
    purpose: re.Pattern[str],
    roles: Callable[[], Roles],
) -> bool:
    """Habitual or hedged wording ("frequently", "should") in the clause that tells the event, not in a
    relative clause about an actor ("Jaish al-Adl, a group which frequently targets guards, claimed ...")
    nor in a phrase the parse says describes a noun ("in Sistan-Baluchistan, a harsh land plagued by
    smuggling"); or the event named as a purpose ("measures to prevent attacks"), not an act done for one
    ("agreed to take measures to combat smuggling")."""
    asides = relative_asides(text, until=mention.anchor)
    words = [*habitual.finditer(text), *(p for p in purpose.finditer(text) if p.start() < mention.anchor)]
    told = [g for g in words if not any(a <= g.start() < b for a, b in asides)]
    return any(not _describes_a_noun(mention, g, roles) for g in told)


def _describes_a_noun(mention: Mention, word: re.Match[str], roles: Callable[[], Roles]) -> bool:
    """The word lies in a phrase that describes a noun, and the event's own words do not (parsed only when
    a comma or a relative pronoun lies between the word and the event's)."""
    low, high = sorted((word.start(), mention.anchor))
    if not _ASIDE_OPENS.search(mention.sentence.text, low, high):
        return False
    found = roles()
    if not found.within("aside", word.start(), word.end()):
        return False
    return not any(found.within("aside", t.start, t.end) for t in mention.triggers)
