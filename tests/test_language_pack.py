"""Every trigger rule of a language pack carries its own examples: each example must produce the rule's
event type and each counter-example must not. The rule and its test are one record in the pack."""

from __future__ import annotations

import datetime as dt

import pytest

from sarhad.read.language import LanguageError, TriggerRule, trigger_words
from sarhad.read.pack import load_pack
from sarhad.read.reader import Reader
from sarhad.read.syntax import RolePattern, load_syntax, syntax_pack
from sarhad.read.triggers import find_triggers, trigger_table

RULES = list(enumerate(trigger_words("en").trigger))
TABLE = trigger_table(load_pack())


def _types(sentence: str) -> list[str]:
    return [t.type for t in find_triggers(sentence, TABLE) if not t.silent]


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [(rule, example) for _, rule in RULES for example in rule.examples],
    ids=lambda value: value[:50] if isinstance(value, str) else value.type,
)
def test_an_example_produces_its_rule(rule: TriggerRule, sentence: str) -> None:
    assert rule.type in _types(sentence)


@pytest.mark.parametrize(
    ("rule", "sentence"),
    [(rule, counter) for _, rule in RULES for counter in rule.counter],
    ids=lambda value: value[:50] if isinstance(value, str) else value.type,
)
def test_a_counter_example_does_not(rule: TriggerRule, sentence: str) -> None:
    assert rule.type not in _types(sentence)


def test_every_rule_has_an_example() -> None:
    assert [n for n, rule in RULES if not rule.examples] == []


def test_an_unknown_language_is_named() -> None:
    with pytest.raises(LanguageError, match="'xx'"):
        trigger_words("xx")


ROLES = list(syntax_pack("en").role)


@pytest.mark.parametrize(
    ("role", "example"),
    [(role, example) for role in ROLES for example in role.examples],
    ids=lambda value: value[0][:50] if isinstance(value, tuple) else value.name,
)
def test_a_role_pattern_finds_its_example(role: RolePattern, example: tuple[str, str, str]) -> None:
    sentence, verb, noun = example
    found = load_syntax("en").roles(sentence).roles
    assert any(r.name == role.name and r.verb == verb and noun in r.text for r in found), found


def test_syntax_tells_the_victims_from_the_attackers() -> None:
    """The sentence that used to come out as two events, one of them an operation taking the toll."""
    reader = Reader()
    sentence = "Two Iranian border guards were killed when militants attacked a post near Saravan on Monday."
    events = reader.read(sentence, dt.date(2024, 3, 5)).events
    assert [(e.type, e.place, e.killed, e.date) for e in events] == [
        ("attack", "Saravan", 2, dt.date(2024, 3, 4))
    ]


def test_a_negated_event_is_not_an_event() -> None:
    assert "border_closure" not in _types("Iran did not close the Taftan crossing on Monday.")
    assert "border_closure" in _types("Iran closed the Taftan crossing on Monday.")


def test_a_force_is_the_attacker_only_as_the_agent_of_an_attack() -> None:
    reader, day = Reader(), dt.date(2024, 3, 5)
    struck = reader.read("Iranian border guards opened fire on a vehicle near Mand on Monday.", day)
    assert [e.perpetrator for e in struck.events] == ["Iranian Border Guard"]  # the registry's name
    victims = reader.read("Militants attacked Iranian border guards near Saravan on Monday.", day)
    assert victims.events and all(e.perpetrator is None for e in victims.events)


def test_the_acting_state_is_the_agent_of_the_events_own_verb() -> None:
    roles = load_syntax("en").roles
    text = "Tensions between Pakistan and Iran soared after Tehran conducted an airstrike in Panjgur."
    strike = text.index("airstrike")
    event = [(strike, strike + len("airstrike"))]
    said = roles(text)
    assert said.acts_in(text.index("Tehran"), text.index("Tehran") + 6, event)  # its object holds the strike
    assert not said.acts_in(text.index("Pakistan"), text.index("Pakistan") + 8, event)  # agent of "soared"
    reaction = "Pakistan condemned the attack on the post."
    attack = reaction.index("attack")
    assert not roles(reaction).acts_in(0, 8, [(attack, attack + 6)])  # a reaction names no attacker


def test_a_name_nested_in_a_phrase_plays_no_role_of_its_own() -> None:
    text = "The seizure highlights the critical role of the PCG in the region."
    pcg = text.index("PCG")
    roles = load_syntax("en").roles(text)
    assert roles.of(pcg, pcg + 3)  # inside the object's phrase ...
    assert not roles.played(pcg, pcg + 3)  # ... but not what the phrase is about


def test_the_agent_of_a_seizure_acts_and_what_it_highlights_is_not_its_victim() -> None:
    reader, day = Reader(), dt.date(2024, 10, 14)
    text = (
        "The Pakistan Coast Guards intercepted a boat carrying narcotics near Jiwani on Sunday. The seizure "
        "highlights the critical role of the Coast Guards along the coastal border."
    )
    assert [e.perpetrator for e in reader.read(text, day).events] == ["Pakistan Coast Guards"]
