"""Which date of a sentence belongs to which of its event mentions: by the parse where it decides (the
word a date hangs on), else by nearness; dates that tell of something else (a reaction that comes later,
a phrase about a noun, a motive) are nobody's."""

from __future__ import annotations

from collections.abc import Callable

from sarhad.read.dates import DateHit
from sarhad.read.language import pack_pattern
from sarhad.read.mentions import Mention
from sarhad.read.syntax import Roles

# "carried out the attack in retaliation for the execution in June": June is the execution's
_MOTIVE = pack_pattern("dating.motive")
# the words of a reaction that comes after the event (the pack's later_verbs), before parsing for them
_LATER = pack_pattern("dating.later")
# a relative clause ("whose leader was hanged in June 2010"): a participle phrase's date ("labourers working
# on a road project ... on Tuesday") is often the sentence's, which the small model hangs on the participle
_RELATIVE = pack_pattern("dating.relative")
_RELATIVE_WORD = pack_pattern("dating.relative_word")
# precisions of a reaction's own day; "In January, the minister condemned ..." is the killing's month too
_DAYS = ("day", "week")


def assign_dates(
    mentions: list[Mention], dates: list[DateHit], text: str, roles: Callable[[], Roles]
) -> list[list[DateHit]]:
    """The dates of each mention, in the order of ``mentions``."""
    if not mentions:
        return []
    if dates and _LATER.search(text):  # "on Sunday condemned an attack": Sunday is the condemnation's
        later = [h for h in dates if h.precision in _DAYS and _later_reaction(h, mentions, roles())]
        for mention in mentions:
            mention.reaction_date = later[0] if later else None
        dates = [h for h in dates if h not in later]
    relative = _RELATIVE_WORD.search(text)  # parse only when a date follows a relative word
    if relative is not None and any(h.start > relative.start() for h in dates):
        # "Jundallah, whose leader was hanged in June 2010, has ...": the hanging's date
        dates = [h for h in dates if not _in_an_aside(h, mentions, roles())]
    owners = _owners(mentions, dates, roles) if len(dates) > 1 or (dates and len(mentions) > 1) else {}
    assigned: dict[int, list[DateHit]] = {}
    for n, hit in enumerate(dates):
        target = owners.get(n)
        if target is None:
            target = min(range(len(mentions)), key=lambda i: _distance(mentions[i], hit.start, hit.end))
        assigned.setdefault(target, []).append(hit)
    _drop_foreign(assigned, dates, owners)
    _share_leftovers(mentions, assigned)
    return [assigned.get(i, []) for i in range(len(mentions))]


def _later_reaction(hit: DateHit, mentions: list[Mention], parse: Roles) -> bool:
    """The date is a later reaction's and every event word is what it reacts to ("on Sunday condemned an
    attack that killed 11", "lodged a protest on Sunday over firing of mortar shells"); "on Sunday rejected
    the request and closed the crossing" dates the closing."""
    for verb in (r for r in parse.governors(hit.end - 1, hit.end) if r.verb in parse.later):
        objects = [
            r
            for r in parse.roles
            if r.verb_start == verb.verb_start
            and (r.name == "patient" or (r.name == "modifier" and not r.start <= hit.start < r.end))
        ]
        if all(any(o.start <= m.anchor < o.end for o in objects) for m in mentions):
            return True
    return False


def _in_an_aside(hit: DateHit, mentions: list[Mention], parse: Roles) -> bool:
    """A date in a relative clause about a noun other than an event word, with no event word in it, tells
    of that noun ("Jundallah, whose leader was hanged in June 2010, has ..."), not of the sentence's event
    ("an ambush which the group claimed in April 2017" is the ambush's)."""
    words = [(t.start, t.end) for m in mentions for t in m.triggers]
    asides = [
        r
        for r in parse.roles
        if r.name == "aside" and r.start <= hit.start and hit.end <= r.end and _RELATIVE.match(r.text)
    ]
    return any(
        not any(a.start <= start < a.end or start <= a.verb_start < end for start, end in words)
        for a in asides
    )


def motive_not_dating(mentions: list[Mention], text: str) -> None:
    """A date told in the motive after an event word is the motive's ("in retaliation for the
    execution in June"), not the event's."""
    motive = _MOTIVE.search(text)
    at = motive.start() if motive is not None else len(text)
    for mention in mentions:
        if mention.anchor < at and mention.date is not None and mention.date.start > at:
            mention.date = None


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


def _owners(
    mentions: list[Mention], dates: list[DateHit], roles: Callable[[], Roles]
) -> dict[int, int | None]:
    """Which mention the parse hangs each date on ("In March, the governor urged ..., following a February 13
    attack": February 13 is the attack's): date index -> mention index, or None when the date tells the time
    of a reaction ("urged", "said"). Dates the parse leaves loose, or hangs on another word ("In December, a
    similar incident occurred in which four guards were killed"), are not listed."""
    owners: dict[int, int | None] = {}
    parse = roles()
    for n, hit in enumerate(dates):
        governors = parse.governors(hit.end - 1, hit.end)  # "In March": the phrase is "March"
        owner = next(
            (
                i
                for i, mention in enumerate(mentions)
                for t in mention.triggers
                for role in governors
                if t.start <= role.verb_start and role.verb_end <= t.end
            ),
            None,
        )
        if owner is not None or any(parse.reaction(role) for role in governors):
            owners[n] = owner
    return owners


def _drop_foreign(
    assigned: dict[int, list[DateHit]], dates: list[DateHit], owners: dict[int, int | None]
) -> None:
    """A mention that has a date of its own by the parse does not also take one the parse gives to a
    reaction ("said", "urged"; see ``_owners``)."""
    foreign = {id(dates[n]) for n, owner in owners.items() if owner is None}
    for i, hits in assigned.items():
        if any(owners.get(n) == i for n in range(len(dates))) and len(hits) > 1:
            assigned[i] = [h for h in hits if id(h) not in foreign]


def splits(hit: DateHit) -> bool:
    """A date that, with another one, splits a sentence into one event per dated clause; not one placed
    only provisionally (months without their year, in a report whose day is unknown)."""
    return hit.explicit or (hit.precision in ("month", "year") and not hit.provisional)


def _share_leftovers(mentions: list[Mention], assigned: dict[int, list[DateHit]]) -> None:
    """A mention keeps its nearest date; a second date goes to the nearest mention that has none
    ('freed four guards kidnapped last October, the army said on Thursday')."""
    for i in list(assigned):
        hits = sorted(assigned[i], key=lambda h: _distance(mentions[i], h.start, h.end))
        if len(hits) < 2 or all(splits(h) for h in hits):
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
