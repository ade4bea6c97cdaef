"""Who acted, read from the dependency parse: a relative pronoun's noun, a verb's subject shared with the
verb before it, a state's demonym heading a force, and "be" naming who someone is (stop 26)."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import Reader
from sarhad.read.syntax import load_syntax

READER = Reader()


def _events(text: str) -> list[tuple[str, str | None, int | None]]:
    events = READER.read(text, dt.date(2012, 1, 29)).events
    return [(e.type, e.perpetrator, e.killed) for e in events]


def _agents(sentence: str, verb: str) -> list[str]:
    roles = load_syntax("en").roles(sentence).roles
    return [r.text for r in roles if r.name == "agent" and r.verb == verb]


def test_a_relative_pronoun_stands_for_its_noun() -> None:
    agents = _agents("The men were intercepted by Iranian police who fired on them near Mand.", "fire")
    assert "Iranian police" in agents
    # the noun's own words, not the clause after it ("them" is no agent)
    assert all("them" not in a for a in agents)


def test_a_second_verb_shares_the_first_ones_subject_only_without_its_own() -> None:
    assert "Iranian security personnel" in _agents(
        "Iranian security personnel crossed into Baluchistan and killed a shepherd.", "kill"
    )
    assert _agents("Militants attacked the post and guards returned fire.", "return") == ["guards"]


def test_a_force_named_by_its_state_killing_is_the_one_that_acted() -> None:
    text = (
        "Iranian security personnel crossed into Baluchistan near Mand on Thursday and shot dead a "
        "Pakistani man."
    )
    assert _events(text) == [("attack", "Iranian security personnel", 1)]  # their attack (stop 31)


def test_forces_that_killed_the_attackers_answered_the_attack_and_did_not_make_it() -> None:
    text = (
        "Militants attacked a border post near Saravan on Monday, killing two guards. Iranian border "
        "guards shot dead three of the attackers."
    )
    assert _events(text) == [("attack", None, 2)]


def test_a_killing_told_of_a_force_through_a_relative_pronoun() -> None:
    text = (
        "Six villagers returning from Chabahar were intercepted near the border on Thursday by Iranian "
        "police who fired on them, killing all six."
    )
    assert [p for kind, p, _ in _events(text) if kind == "attack"] == ["Iranian police"]


def test_the_predicate_of_be_names_the_group_rather_than_a_victim() -> None:
    said = (
        "Bandits abducted 21 travellers on the Chabahar-Iranshahr road in Sistan and Baluchestan on Sunday. "
        "A military official said the abductors are members of Rigi's group."
    )
    assert [p for _, p, _ in _events(said)] == ["Jundallah"]
    killed = "Security forces killed five members of Jundallah in Saravan on Sunday, officials said."
    assert all(p != "Jundallah" for _, p, _ in _events(killed))


def test_a_state_that_struck_is_found_however_many_words_lie_between() -> None:
    """The trigger's agent condition (language pack `agent`): the parse, not a window of two words."""
    text = "Pakistan on Thursday morning struck terrorist hideouts in Iran's Sistan-Baluchestan province."
    events = READER.read(text, dt.date(2024, 1, 18)).events
    assert [(e.type, e.perpetrator, e.country) for e in events] == [("cross_border_strike", "Pakistan", "IR")]
    said = "Two days earlier, Tehran said it struck the bases of a militant group in Panjgur."
    events = READER.read(said, dt.date(2024, 1, 18)).events
    assert [(e.type, e.perpetrator) for e in events] == [("cross_border_strike", "Iran")]
    hit = "A roadside bomb hit a vehicle of the Pakistan army near Turbat on Thursday."
    assert all(e.type != "cross_border_strike" for e in READER.read(hit, dt.date(2024, 1, 18)).events)


def test_where_captives_were_taken_is_where_they_were_freed_not_where_they_were_seized() -> None:
    seized = (
        "Three guards were killed near Saravan on Sunday. In February, Jaish al-Adl claimed responsibility "
        "for kidnapping five Iranian border guards and taking them to Pakistan."
    )
    events = READER.read(seized, dt.date(2014, 12, 29)).events
    assert [(e.type, e.country) for e in events if e.type == "abduction"] == [("abduction", "IR")]
    freed = (
        "Five Iranian soldiers who were abducted near Mirjaveh in February and taken across the border into "
        "Pakistan "
        "have been released, the army said on Saturday."
    )
    events = READER.read(freed, dt.date(2014, 3, 1)).events
    assert [e.country for e in events if e.type == "hostage_release"] == ["PK"]
