"""Event triggers: which words signal which event type, and how strongly, from a language pack.

A trigger has a family (so that an 'ambush' and an 'attack' in one report can be one event) and a
strength: weak triggers ("killed", "claimed responsibility") only type a sentence that has no strong one.
The patterns are data (``read/data/languages/<code>/triggers.toml``); the vetoes below say when a
matched word is not (yet) an event, each with the named patterns of the language that it uses."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from sarhad.events import ALONE, NEEDS_BORDER, NEWS_WHEN_DONE, WAITS_IN_A_CROSSING_TOWN
from sarhad.read.cues import cues
from sarhad.read.language import DEFAULT_LANGUAGE, TriggerRule, expand, pack_pattern, trigger_words
from sarhad.read.pack import BorderPack, load_pack
from sarhad.read.scan import scanning
from sarhad.read.syntax import Roles, lazy_roles, load_syntax


@dataclass(frozen=True)
class Trigger:
    type: str
    strength: int
    start: int
    end: int
    text: str
    silent: bool = False  # an 'alone' type told beside another event: it claims its words' place, no event


@dataclass(frozen=True)
class Rule:
    """A trigger rule compiled: the words, and the patterns that the phrases playing their roles (agent,
    patient, partner) must begin with, if any (grammar, not a window of words)."""

    type: str
    strength: int
    pattern: re.Pattern[str]
    roles: tuple[tuple[str, re.Pattern[str]], ...] = ()


@dataclass(frozen=True)
class TriggerTable:
    """A language's trigger patterns and named patterns, with a border pack's country words filled in."""

    triggers: tuple[Rule, ...]
    named: dict[str, re.Pattern[str]]

    def __getitem__(self, name: str) -> re.Pattern[str]:
        return self.named[name]


@lru_cache(maxsize=8)
def trigger_table(pack: BorderPack, language: str = DEFAULT_LANGUAGE) -> TriggerTable:
    words = trigger_words(language)

    def roles(rule: TriggerRule) -> tuple[tuple[str, re.Pattern[str]], ...]:
        asked = {"agent": rule.agent, "patient": rule.patient, "partner": rule.partner}
        return tuple((name, re.compile(f"(?:{expand(p, words, pack)})")) for name, p in asked.items() if p)

    triggers = tuple(
        Rule(
            rule.type,
            rule.strength,
            scanning(rf"\b(?:{expand(rule.pattern, words, pack)})", re.IGNORECASE),
            roles(rule),
        )
        for rule in words.trigger
    )
    named = {name: re.compile(expand(pattern, words, pack)) for name, pattern in words.patterns.items()}
    # the pack's cues for this border and for its neighbouring borders ("fencing of the Pak-Afghan border")
    told = cues(pack, language)
    named |= {"this_border": told.cues, "other_border": told.elsewhere}
    # a crossing point named alone ("entered the country via Taftan") is a border word too: its full name
    # as written, or one of its towns after the pack's crossing_lead ("via", "through")
    names = "|".join(map(re.escape, pack.crossings))
    towns = "|".join(map(re.escape, (*pack.crossing_towns, *pack.crossings)))
    if names:
        lead = named["crossing_lead"].pattern
        crossing = rf"(?-i:\b(?:{names})\b)|{lead}(?-i:(?:{towns})\b)"
        named["border_words"] = re.compile(f"{named['border_words'].pattern}|{crossing}")
    at_town = rf"{named['waiting_lead'].pattern}(?-i:(?:{towns})\b)" if names else "(?!)"
    named["at_a_crossing"] = re.compile(at_town)
    return TriggerTable(triggers, named)


# A pattern may stop inside a word; the whole word decides. The start of a noun for people ("attack" in
# "attackers") is no trigger, and a plural ("kidnapping" in "kidnappings") tells of a series: weak.
_AGENT_NOUN_END = pack_pattern("triggers.agent_noun_end")
_WORD_REST = re.compile(r"\w*")
_PLURAL_GENERIC = pack_pattern("triggers.plural_generic")


def find_triggers(
    sentence: str, table: TriggerTable | None = None, roles: Callable[[], Roles] | None = None
) -> list[Trigger]:
    """Trigger words in one sentence; ``table`` defaults to the default border's, in English. ``roles``
    parses the sentence when a veto needs its syntax (only then: most sentences never need it)."""
    table = table or trigger_table(load_pack())
    if roles is None:
        roles = lazy_roles(load_syntax(), sentence)
    hits: list[Trigger] = []
    border = bool(table["border_words"].search(sentence))
    for rule in table.triggers:
        kind = rule.type
        waits = kind in WAITS_IN_A_CROSSING_TOWN and table["at_a_crossing"].search(sentence)
        if kind in NEEDS_BORDER and not border and not waits:
            continue
        for match in rule.pattern.finditer(sentence):
            start, end = match.span()
            rest = _WORD_REST.match(sentence, end)
            word_rest = rest.group(0) if rest else ""
            if any(h.start < end and start < h.end for h in hits) or _AGENT_NOUN_END.match(word_rest):
                continue
            if not _roles_are(rule, sentence, start, end, roles):
                continue
            if any(veto(sentence, match, table) for veto in _VETOES.get(kind, ())):
                continue
            syntax_vetoes = (*_SYNTAX_VETOES.get(kind, [_negated]), _habitual)  # habit is never news
            if any(veto(sentence, match, table, roles) for veto in syntax_vetoes):
                continue
            plural = _PLURAL_GENERIC.match(match.group(0) + word_rest)
            hits.append(Trigger(kind, 1 if plural else rule.strength, start, end, match.group(0)))
    # a sit-in told beside a killing is not this sentence's news; "protesting the killing of" names it
    if any(h.type not in ALONE and not _protested(sentence, h, table) for h in hits):
        hits = [dataclasses.replace(h, silent=True) if h.type in ALONE else h for h in hits]
    return sorted(hits, key=lambda h: h.start)


def _roles_are(rule: Rule, sentence: str, start: int, end: int, roles: Callable[[], Roles]) -> bool:
    """Whether the verb at start..end has each role the rule asks for, played by a phrase that begins
    with the role's pattern (the sentence is parsed only when their words are where the role can be)."""
    if not all(_could_play(name, pattern, sentence, start, end) for name, pattern in rule.roles):
        return False
    return all(
        any(r.name == name and start <= r.verb_start < end and pattern.match(r.text) for r in roles().roles)
        for name, pattern in rule.roles
    )


def _could_play(name: str, pattern: re.Pattern[str], sentence: str, start: int, end: int) -> bool:
    """Whether the role's words are where the role can be: an agent before its verb, or after "by"."""
    if name != "agent":
        return bool(pattern.search(sentence))
    return bool(pattern.search(sentence, 0, start)) or (
        " by " in sentence[end:] and bool(pattern.search(sentence, end))
    )


Veto = Callable[[str, re.Match[str], TriggerTable], bool]
SyntaxVeto = Callable[[str, re.Match[str], TriggerTable, Callable[[], Roles]], bool]


def _negated(sentence: str, match: re.Match[str], table: TriggerTable, roles: Callable[[], Roles]) -> bool:
    """'Iran did not close the crossing': a verb said not to have happened. A rule that names the negation
    itself ("would not be allowed to travel": a ban) is not negated by it."""
    if table["negation"].search(match.group(0)):
        return False
    return bool(table["negation"].search(sentence)) and roles().negated(match.start(), match.end())


def _habitual(sentence: str, match: re.Match[str], table: TriggerTable, roles: Callable[[], Roles]) -> bool:
    """'militants who conduct attacks across the border': what someone does by habit, not an event."""
    if not _PLURAL_GENERIC.match(match.group(0)):
        return False  # only a plural act can be a habit: most triggers never need the parse here
    relative = table["relative_before"].search(sentence, 0, match.start())
    return bool(relative) and roles().verb_has("habitual", match.start(), match.end())


def _forces_acted_upon(
    sentence: str, match: re.Match[str], table: TriggerTable, roles: Callable[[], Roles]
) -> bool:
    """'Two Iranian border guards were killed when militants attacked a post': the forces that start an
    operation pattern ('forces ... killed ... militants') are what was done to, not who did it."""
    if not table["force_noun"].match(match.group(0)):
        return False
    return any(role.name == "patient" for role in roles().of(match.start(), match.start() + 1))


def _before(sentence: str, match: re.Match[str], chars: int) -> str:
    return sentence[max(0, match.start() - chars) : match.start()]


def _not_yet(sentence: str, match: re.Match[str], table: TriggerTable, roles: Callable[[], Roles]) -> bool:
    """'to discuss the reopening', 'urged Iran to open', 'the opening was delayed': not (yet) an event.
    'Iran to build a wall', 'will inaugurate', 'decided to close' are acts announced as news."""
    if table["deferred_after"].match(sentence, match.end()):
        return True
    before = _before(sentence, match, 30)
    if table["not_yet"].search(before):
        # "the minister said Pakistan would fence its border": a decision announced, unless conditional
        announced = table["reported_future"].search(sentence[: match.start()])
        return not announced or bool(table["conditional_after"].match(sentence, match.end()))
    to_do = table["to_before"].search(before)
    return bool(to_do) and roles().verb_has("proposed", match.start(), match.end())


def _agreement_not_made(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'decided to finalize the Free Trade Agreement', 'agreed to enhance cooperation', or a treaty
    named ('within the framework of the Agreement of 1960') rather than signed."""
    start, end = match.span()
    named_treaty = (
        bool(table["treaty_name"].match(sentence, start))
        and start > 0
        and not table["signing"].search(_before(sentence, match, 40))
    )
    before = _before(sentence, match, 60)
    # "under the 1958 agreement" cites one; "under an agreement signed on Tuesday" tells of it
    cited = table["agreement_cited"].search(before)
    after = sentence[end : end + 60]
    if cited and table["signing"].search(after):  # "under the 1958 agreement signed ..." is old
        cited = table["a_year"].search(cited.group(0)) or table["a_year"].search(after)
    ahead = table["agreement_ahead"].search(before) or cited
    # "agreed to enhance cooperation by keeping the border open": goodwill with a concrete means is made
    goodwill = table["goodwill"].match(sentence[end : end + 40]) and not table["by_means_of"].match(
        sentence, end
    )
    return bool(ahead or goodwill or named_treaty)


def _held_open(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'agreed to keep their shared border open round the clock': held open, not opened."""
    return match.group(0).lower() == "open" and bool(table["held"].search(_before(sentence, match, 50)))


def _commemorated(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'the 40th day of mourning following the martyrdom of Imam Hussain', 'the anniversary of the
    attack': a commemoration of history, not news of violence."""
    return bool(table["commemorated"].search(_before(sentence, match, 80)))


def _only_intended(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'would send forces into Pakistan to free the guards': a purpose announced, not a release."""
    return match.group(0).lower().startswith("to ") and bool(
        table["intended"].search(_before(sentence, match, 80))
    )


def _ordered(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'directed the Inspector General to personally lead the operation against terrorists': ordered."""
    return bool(table["ordered_to"].search(_before(sentence, match, 120)))


def _threatened(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'threatened Islamabad with military strikes', 'Tehran will hit at bases': a threat, not a strike."""
    return bool(table["threatened"].search(_before(sentence, match, 60)))


def _not_a_meeting(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'after talks with', 'cut short his visit', 'invited him to Tehran': framed, called off or ahead."""
    before = _before(sentence, match, 80)
    framed = not table["meeting_clause"].match(match.group(0)) and table["framed_meeting"].search(before)
    return bool(framed or table["not_a_meeting"].search(before))


def _topic_of_talks(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'briefed on fencing of the border': a topic of talks."""
    return bool(table["topic_of_talks"].search(sentence[: match.start()]))


def _not_the_states_execution(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """A group 'executed one of the hostages' is not a state's execution."""
    by_the_state = table["by_the_state"].search(_before(sentence, match, 150))
    return bool(table["execution"].match(match.group(0))) and not by_the_state


def _clash_of_a_seizure(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'seized during clashes between the police and smugglers': part of the seizure."""
    return bool(table["clash"].match(match.group(0))) and bool(table["smuggled"].search(sentence))


def _record_of(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'terrorists who were involved in attacks': their record; 'the attack was the deadliest in years':
    an event told before, ranked."""
    told = table["the_before"].search(sentence, 0, match.start())
    ranked = told and table["ranked_after"].match(sentence, match.end())
    return bool(ranked or table["record_of"].search(_before(sentence, match, 120)))


def _goods_recovered(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'weapons and ammunition were also recovered': goods, not captives."""
    goods = table["goods_recovered"].search(_before(sentence, match, 80))
    return "recover" in match.group(0).lower() and bool(goods)


def _bodies_handed(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'His body was handed over to Pakistani officials': the dead handed over, no captive freed (the
    handover rule tells it)."""
    handed = "hand" in match.group(0).lower()
    return handed and bool(table["bodies_before"].search(_before(sentence, match, 60)))


def _rescue(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'a surgical strike in Pakistan to rescue its two soldiers' is a rescue."""
    return bool(table["rescue_purpose"].search(sentence))


def _as_topic(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """An opening or closure named as a noun after a verb of talking is what was talked about."""
    if match.group(0).lower() not in ("opening", "reopening", "closure", "closing"):
        return False
    before = sentence[: match.start()]  # "rejected claims of the closure": denied, not done
    # "a sit-in against the closure of the border": what was protested, not news of a closure
    topic = table["topic_of_talks"].search(before) or table["protested_against"].search(before)
    return bool(topic or table["denied_report"].search(before))


def _ended_closure(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """A closure named only as what an opening ended ('reopened after a three-month closure')."""
    before = _before(sentence, match, 60)
    if match.group(0).lower() in ("closure", "closing"):
        return bool(table["ended_closure"].search(before[-40:]))
    return bool(table["closed_before_opening"].search(before)) and bool(table["opened"].search(sentence))


def _yet_to_come(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'otherwise they will be killed': a threat or a fear, not a killing."""
    return bool(table["yet_to_come"].search(_before(sentence, match, 40)))


def _abroad(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'Israeli airstrikes', 'attacks carried out by Tehran inside Iraq and Syria': a third state's act,
    or an act abroad, is not this border's news."""
    if table["by_a_third_state"].search(_before(sentence, match, 50)):
        return True
    place = table["abroad"].match(sentence, match.end())  # "in Pakistan, Iraq and Syria" is ours too
    return place is not None and not table["our_side"].search(place.group("where"))


def _in_prospect(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'the border market to open next month', 'to open new crossings soon': not done yet."""
    return bool(table["in_prospect"].match(sentence, match.end()))


def _claimed_of(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'fencing common borders prevents smuggling': what fencing does, said of it, not fencing done."""
    return bool(table["claimed_of"].match(sentence, match.end()))


def _by_armed_men(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'armed bandits blocked the road': a hold-up, not a protest (only a road blocked is at stake)."""
    blocked = table["road_blocked"].match(match.group(0))
    return bool(blocked) and bool(table["armed_men"].search(_before(sentence, match, 80)))


def _protested(sentence: str, hit: Trigger, table: TriggerTable) -> bool:
    """'held a demonstration, protesting the killing of porters': what a protest is against."""
    return bool(table["protested_object"].search(sentence[max(0, hit.start - 40) : hit.start]))


def _protested_against(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'a protest rally against the fencing of the port city': what was protested, not news of works."""
    return bool(table["protested_against"].search(sentence[: match.start()]))


def _protest_ahead(sentence: str, match: re.Match[str], table: TriggerTable) -> bool:
    """'threatened to launch protests', 'will hold a sit-in', 'the rupee staged a rally': no protest."""
    before = _before(sentence, match, 60)
    return bool(table["protest_ahead"].search(before) or table["market_rally"].search(before))


_VIOLENCE: list[Veto] = [_record_of, _yet_to_come, _abroad, _commemorated]
_VETOES: dict[str, list[Veto]] = {
    "attack": [*_VIOLENCE, _clash_of_a_seizure],
    "ambush": _VIOLENCE,
    "ied": _VIOLENCE,
    "hostage_release": [_goods_recovered, _only_intended, _bodies_handed],
    "border_closure": [_as_topic, _ended_closure, _in_prospect],
    "border_opening": [_as_topic, _in_prospect, _held_open],
    "fencing": [_topic_of_talks, _in_prospect, _protested_against, _claimed_of],
    "agreement": [_agreement_not_made, _in_prospect],
    "meeting": [_not_a_meeting],
    "other": [_not_the_states_execution, _ordered],
    "cross_border_strike": [_rescue, _threatened, _abroad],
    "protest": [_by_armed_men, _protest_ahead],
}


# Vetoes that read the parse; every type is vetoed when its verb is negated.
def _a_visit(sentence: str, match: re.Match[str], table: TriggerTable, roles: Callable[[], Roles]) -> bool:
    """'Karimi arrived in Quetta for talks': a named person arriving is a visit, not captives home."""
    return roles().verb_has("visitor", match.start(), match.end())


def _meeting_ahead(
    sentence: str, match: re.Match[str], table: TriggerTable, roles: Callable[[], Roles]
) -> bool:
    """'a meeting between the two sides will be convened on Tuesday': a meeting to come is no news yet."""
    return roles().within("future", match.start(), match.end())


_SYNTAX_VETOES: dict[str, list[SyntaxVeto]] = {
    **{kind: [_negated, _not_yet] for kind in NEWS_WHEN_DONE},  # news once done, not while intended
    "other": [_negated, _forces_acted_upon],
    "repatriation": [_negated, _a_visit],
    "meeting": [_negated, _meeting_ahead],
}
