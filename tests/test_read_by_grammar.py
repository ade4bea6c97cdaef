"""Stop 29: trigger rules read by the parse rather than by a window of characters. Forces that killed
militants ran an operation in either voice and with any words between them and the verb; the militants
that forces killed while answering an attack are part of that attack. The passive, the clause and the
'gunned down' toll fail on stop 28's reader, whose window rule saw neither a passive nor a clause between
the forces and their verb; the other two guard what that rule got right."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 6)
WHERE = " It happened in Panjgur district near the Iranian border."


def _events(text: str) -> list[tuple[str, int | None]]:
    return [(e.type, e.killed) for e in read_article(text + WHERE, DAY).events]


def test_militants_killed_by_forces_in_the_passive_were_an_operation() -> None:
    assert _events("Four terrorists were killed by security forces in Panjgur on Monday.") == [("other", 4)]


def test_a_clause_between_the_forces_and_their_verb_changes_nothing() -> None:
    text = "The FC, acting on a tip-off about a hideout, killed four terrorists in Panjgur on Monday."
    events = read_article(text + WHERE, DAY).events
    assert [(e.type, e.killed, e.perpetrator) for e in events] == [("other", 4, "Frontier Corps")]


def test_forces_said_to_have_killed_a_commander_acted_through_the_verb_they_complete() -> None:
    """'claimed to have killed': the subject of 'claimed' is the agent of 'killed' (a control verb)."""
    text = (
        "Iran's military forces have claimed to have killed Ismail Shah Bakhsh, the commander of Jaish "
        "al-Adl, in Pakistani territory on Saturday."
    )
    assert [kind for kind, _ in _events(text)] == ["other"]


def test_militants_killed_by_the_forces_they_attacked_are_part_of_the_attack() -> None:
    text = (
        "Three border guards were killed when militants attacked a post in Panjgur on Monday. During the "
        "clash, the Frontier Corps killed three of the militants."
    )
    assert _events(text) == [("attack", 3)]


def test_a_toll_told_as_gunned_down_is_counted() -> None:
    assert _events("Two policemen were gunned down in Panjgur on Monday.") == [("attack", 2)]
