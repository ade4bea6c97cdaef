"""An event's fields beyond its place: date, counts, perpetrator and its basis, parties, confidence."""

from __future__ import annotations

import datetime as dt

from sarhad.events import ACLED_SUB_EVENT, ACTED_BY, COUNTED
from sarhad.read.agents import (
    Perpetrator,
    force_perpetrator,
    militant_perpetrator,
    state_of,
    state_perpetrator,
)
from sarhad.read.counts import Count
from sarhad.read.cues import cues
from sarhad.read.dates import DateHit, weekday_number
from sarhad.read.drafts import Draft
from sarhad.read.language import pack_pattern
from sarhad.read.lexicon import Actor
from sarhad.read.mentions import Mention, SentenceInfo
from sarhad.read.model import ACLED_SUICIDE, Event, Span
from sarhad.read.organisers import organisers
from sarhad.read.pack import BorderPack
from sarhad.read.strikers import origin_of_fire

# Who acts in each type (sarhad/data/event_types.json): a group, a state authority, or organisers.
VIOLENT = frozenset(t for t, by in ACTED_BY.items() if by == "group")
STATE_ACTED = frozenset(t for t, by in ACTED_BY.items() if by == "state")
ORGANISED = frozenset(t for t, by in ACTED_BY.items() if by == "organisers")


def acled(kind: str, draft: Draft, infos: dict[int, SentenceInfo]) -> str:
    texts = " ".join(infos[m.index].sentence.text.lower() for m in draft.mentions)
    if kind == "attack" and "suicide" in texts:
        return ACLED_SUICIDE
    return ACLED_SUB_EVENT[kind]


def set_date(event: Event, hit: DateHit | None, infos: dict[int, SentenceInfo]) -> None:
    if hit is None or hit.date is None or hit.provisional:
        return
    event.date, event.date_precision = hit.date, hit.precision
    for info in infos.values():
        if any((h.start, h.end, h.text) == (hit.start, hit.end, hit.text) for h in info.dates):
            start = info.sentence.start + hit.start
            event.spans["date"] = Span(start, start + len(hit.text), hit.text)
            break


def set_weekday_hint(event: Event, draft: Draft, infos: dict[int, SentenceInfo]) -> None:
    """Keep an unplaceable weekday ('on Monday' in an undated report): fusion can place it later, next to
    the date other reports give the same event."""
    for mention in draft.mentions:
        hit = mention.date
        if hit is None or (hit.date is not None and not hit.provisional) or hit.kind != "weekday":
            continue
        day = weekday_number(hit.text)
        if day is None:
            continue
        event.weekday = day
        start = infos[mention.index].sentence.start + hit.start
        event.spans["date"] = Span(start, start + len(hit.text), hit.text)
        return


def set_counts(event: Event, draft: Draft, kind: str, work: str) -> None:
    told = [(m, c) for m in draft.mentions for c in m.counts]
    # A headline figure ("27 killed", attackers included) only when the text gives no other (stable sort).
    for mention, count in sorted(told, key=lambda mc: mc[1].weak):
        if count.field not in COUNTED[kind]:
            continue  # "Iran shut the crossing after unrest killed 19": the closure has no victims
        if count.attacker and kind != "other":
            continue  # attackers killed in their own attack are not its victims
        sentence = count.origin or mention.sentence
        start = sentence.start + count.start
        if getattr(event, count.field) is None:
            setattr(event, count.field, count.value)
            text = sentence.text[count.start : count.end]
            event.spans[count.field] = Span(start, start + len(text), text)
            if event.targets is None and count.field in ("killed", "injured", "abducted", "released"):
                event.targets = _target_text(text)
        elif count.also:
            _add_also(event, count, start, told, work)


_ALSO_WITHIN = 400  # characters: the toll an "also" adds to is told in its sentence or the one before


def _add_also(event: Event, count: Count, start: int, told: list[tuple[Mention, Count]], work: str) -> None:
    """'Two militants had been killed. One security officer was also killed': another group of victims,
    added to the toll it follows; the span runs from that toll to this one."""
    total = getattr(event, count.field)
    before = [
        (m.sentence.start if c.origin is None else c.origin.start) + c.start
        for m, c in told
        if c.field == count.field and c.value == total and not c.also and not c.weak
    ]
    near = [b for b in before if 0 <= start - b <= _ALSO_WITHIN]
    if not near:
        return
    setattr(event, count.field, total + count.value)
    first, end = max(near), start + count.end - count.start
    event.spans[count.field] = Span(first, end, work[first:end])


_QUANTITY = pack_pattern("fields.quantity")


def _target_text(phrase: str) -> str | None:
    """'five of the 12 Iranian border guards' -> 'Iranian border guards'."""
    rest = _QUANTITY.sub("", phrase, count=1).strip()
    return rest or None


def set_perpetrator(
    event: Event,
    draft: Draft,
    infos: dict[int, SentenceInfo],
    last_militant: dict[int, Actor],
    pack: BorderPack,
    attack_verbs: frozenset[str],
) -> str | None:
    """Set the perpetrator; return the country of a state force named as the attacker, if one is
    (``attack_verbs``: the language's verbs whose active subject attacked)."""
    kind = draft.type
    perp: Perpetrator | None = None
    if kind in VIOLENT or kind == "hostage_release":
        perp = militant_perpetrator(draft, infos, last_militant)
        if perp is None and kind in VIOLENT:
            perp = force_perpetrator(draft, infos, attack_verbs)
    elif kind in STATE_ACTED:
        perp = origin_of_fire(draft, infos, pack) or state_perpetrator(draft, infos, pack)
    elif kind in ORGANISED:
        perp = organisers(draft, infos)
    if perp is None and kind == "agreement" and _between_the_two(draft, infos, pack):
        # a bilateral agreement told without its signatories is the two states'
        event.perpetrator, event.perpetrator_basis = pack.pair_name, "acting"
        return None
    if perp is None:
        return None
    name = _named(perp, event, pack, kind)
    event.perpetrator, event.perpetrator_basis = name, perp.basis  # type: ignore[assignment]
    event.spans["perpetrator"] = Span(perp.start, perp.end, perp.name)
    return perp.force_of


def _named(perp: Perpetrator, event: Event, pack: BorderPack, kind: str) -> str:
    """An unnamed authority named from where the event happened, by its actor's templates in actors.json:
    "police" seizing drugs in Saravan are the province's police, unnamed border guards there Iran's, "the
    government" reopening Taftan Pakistan's, the deputy commissioner closing it the Chagai district
    administration."""
    actor = perp.actor
    if actor is None or not actor.named_by_place or actor.country not in (None, event.country):
        return perp.name
    slots = {
        "state": pack.state_of_country.get(event.country or "") if event.admin1 is not None else None,
        "demonym": pack.demonym_of.get(event.country or "") if kind != "cross_border_strike" else None,
        "admin1": event.admin1 if event.admin1 in pack.provinces else None,
        "admin2": event.admin2,
    }
    for template in actor.named_by_place:
        wanted = [slot for slot in slots if "{" + slot + "}" in template]
        if all(slots[slot] for slot in wanted):
            return template.format(**{slot: slots[slot] for slot in wanted})
    return perp.name


def participants(draft: Draft, infos: dict[int, SentenceInfo]) -> str | None:
    """Who met or agreed: the people from the registry named where the event is told."""
    names: list[str] = []
    for mention in draft.mentions:
        for hit in infos[mention.index].hits:
            if hit.actor is not None and hit.actor.kind == "person" and hit.actor.name not in names:
                names.append(hit.actor.name)
    return "; ".join(names) or None


def _states_named(draft: Draft, infos: dict[int, SentenceInfo], pack: BorderPack) -> list[str]:
    """Every state named, or represented by a leader named, where the event is told."""
    hits = (h for m in draft.mentions for h in infos[m.index].hits)
    return [s for h in hits if h.actor and (s := state_of(h.actor, pack))]


def _between_the_two(draft: Draft, infos: dict[int, SentenceInfo], pack: BorderPack) -> bool:
    """The event is told as the two states': "both countries", "Pak-Iran", or both named ("Rouhani said a
    force was agreed during his meeting with Pakistani Prime Minister Imran Khan")."""
    if cues(pack).both.search(" ".join(m.sentence.text for m in draft.mentions)):
        return True
    named = {part for name in _states_named(draft, infos, pack) for part in name.split(" and ")}
    return set(pack.state_of_country.values()) <= named


def parties(event: Event, draft: Draft, infos: dict[int, SentenceInfo], pack: BorderPack) -> str | None:
    """The states taking part in a meeting or agreement: the one named as acting, and every state named,
    or represented by a leader named, where the event is told ("Bajwa spoke to Bagheri": both states)."""
    states: list[str] = []
    named = [*(event.perpetrator or "").split(" and "), *_states_named(draft, infos, pack)]
    for name in named:
        for state in name.split(" and "):
            if state and state in pack.state_of_country.values() and state not in states:
                states.append(state)
    return "; ".join(sorted(states)) or None  # a set: sorted, so sources naming both agree


def date_from_publication(events: list[Event], published: dt.date | None) -> None:
    """A main event the report does not date happened shortly before publication (precision: week)."""
    if published is None:
        return
    for event in events:
        if event.date is None and not event.background:
            event.date, event.date_precision = published, "week"


def release_from_abduction(events: list[Event], drafts: list[Draft], infos: dict[int, SentenceInfo]) -> None:
    """Hostages are released by the group that took them; they are freed where the freeing state acts."""
    taker = next((e for e in events if e.type == "abduction" and e.perpetrator), None)
    for event, draft in zip(events, drafts, strict=True):
        if event.type != "hostage_release":
            continue
        if event.perpetrator is None and taker is not None:
            event.perpetrator, event.perpetrator_basis = taker.perpetrator, taker.perpetrator_basis
        if event.country is None:  # not the captives' own force: "five Iranian border guards were freed"
            event.country = acting_country(draft, infos, event.spans.get("released"))


def acting_country(draft: Draft, infos: dict[int, SentenceInfo], captives: Span | None = None) -> str | None:
    for mention in draft.mentions:
        info = infos[mention.index]
        for hit in info.hits:
            if captives is not None and captives.start <= info.sentence.start + hit.start < captives.end:
                continue
            if (
                hit.actor is not None
                and hit.actor.kind in ("state", "force", "agency", "media")
                and hit.actor.country
            ):
                return hit.actor.country
    return None


def confidence(event: Event, draft: Draft) -> float:
    score = 0.35
    score += 0.15 if event.date is not None else 0.0
    score += 0.15 if event.admin1 is not None else 0.05 if event.country else 0.0
    score += (
        0.1
        if any(getattr(event, f) is not None for f in ("killed", "injured", "abducted", "released"))
        else 0
    )
    score += 0.1 if event.perpetrator else 0.0
    score += 0.1 if any(m.strength >= 2 for m in draft.mentions) else 0.0
    return min(score, 0.95)
