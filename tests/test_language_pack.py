"""Every trigger rule of a language pack carries its own examples: each example must produce the rule's
event type and each counter-example must not. The rule and its test are one record in the pack."""

from __future__ import annotations

import pytest

from sarhad.read.language import LanguageError, TriggerRule, trigger_words
from sarhad.read.pack import load_pack
from sarhad.read.triggers import find_triggers, trigger_table

RULES = list(enumerate(trigger_words("en").trigger))
TABLE = trigger_table(load_pack())


def _types(sentence: str) -> list[str]:
    return [t.type for t in find_triggers(sentence, TABLE)]


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
