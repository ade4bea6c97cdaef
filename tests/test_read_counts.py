"""Counts: digits and words, 'at least', conjoined groups, victims rather than attackers."""

from __future__ import annotations

import datetime as dt

from sarhad.read.counts import find_counts
from sarhad.read.reader import read_article


def _values(sentence: str) -> dict[str, int]:
    return {c.field: c.value for c in find_counts(sentence) if not c.attacker}


def test_words_and_digits() -> None:
    assert _values("Seven soldiers were killed and 3 civilians were wounded.") == {"killed": 7, "injured": 3}


def test_at_least_is_the_number() -> None:
    assert _values("At least 14 police officers were killed in the raid.") == {"killed": 14}


def test_conjoined_groups_add_up() -> None:
    assert _values("One officer and five soldiers were martyred near the post.") == {"killed": 6}


def test_subset_after_including_is_not_the_count() -> None:
    assert _values("Four troops, including a captain, were killed when the bomb went off.") == {"killed": 4}


def test_part_of_whole() -> None:
    assert _values("Security forces recovered three of the seven abducted guards.") == {"released": 3}
    assert _values("Two of 9 guards abducted in May were found.") == {"abducted": 9}


def test_vague_figures_are_not_counts() -> None:
    assert _values("Dozens of people were injured.") == {}


def test_attackers_are_not_victims() -> None:
    text = (
        "Militants stormed a Frontier Corps post in Panjgur, Balochistan, near the Iranian border on "
        "Tuesday. Four soldiers were killed and two were injured in the attack. "
        "Five attackers were killed in the exchange of fire, the ISPR said."
    )
    article = read_article(text, dt.date(2021, 2, 3))
    main = article.events[0]
    assert (main.killed, main.type, main.country) == (4, "attack", "PK")


def test_a_day_of_the_month_is_not_a_number_of_people() -> None:
    counts = find_counts("On Nov 15 Pakistani troops freed four of the captured guards.")
    assert [(c.field, c.value) for c in counts if c.field == "released"] == [("released", 4)]


# ---- third round (sentences written for these tests) ----------------------------------------------


def _counted(sentence: str) -> dict[str, int]:
    from sarhad.read.counts import find_counts

    return {c.field: c.value for c in find_counts(sentence) if not c.attacker}


def test_a_stated_zero_is_a_count() -> None:
    assert _counted("No loss of life was reported after the mortar fire.") == {"killed": 0}
    assert _counted("No one was hurt when the shells landed.") == {"killed": 0, "injured": 0}
    assert _counted("There were no casualties, officials said.") == {"killed": 0, "injured": 0}


def test_a_zero_never_overrides_a_figure() -> None:
    assert _counted("Two guards were killed but no one else was hurt.")["killed"] == 2


def test_nationalities_are_people() -> None:
    assert _counted("At least seven Pakistanis were killed and two others injured in the attack.") == {
        "killed": 7,
        "injured": 2,
    }


def test_a_name_in_apposition_does_not_end_the_clause() -> None:
    assert _counted("One constable, identified as a local man, was martyred in the firing.") == {"killed": 1}


def test_another_at_the_start_of_a_sentence_is_one_more() -> None:
    assert _counted("Another was wounded and taken to hospital.") == {"injured": 1}


def test_deaths_and_a_second_phrase_stay_apart() -> None:
    assert _counted("The governor confirmed five deaths and said two others were wounded.") == {
        "killed": 5,
        "injured": 2,
    }


def test_the_killing_of_n_of_its_guards() -> None:
    assert _counted("Tehran protested the killing of 12 of its border guards last week.") == {"killed": 12}


def test_two_groups_left_dead_count_together() -> None:
    """'leaving X and Y martyred': the attack left them so; they are not the object of another act."""
    sentence = "Terrorists attacked an FC vehicle, leaving an army officer and five soldiers martyred."
    assert _values(sentence) == {"killed": 6}


def test_the_loss_of_n_lives_is_a_toll_and_lives_saved_are_not() -> None:
    assert _values("The attack resulted in the tragic loss of 11 lives.") == {"killed": 11}
    assert "killed" not in _values("Quick action by the guards saved 11 lives.")
