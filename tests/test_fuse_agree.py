"""What counts as a disagreement between sources (issue #12): values written for each rule, never article
text. A bound agrees with the values it allows, a coarser date or place with the finer one inside it."""

from __future__ import annotations

from typing import Any

import pytest

from sarhad.fuse.agree import conflicts


def said(value: Any, words: str | None = None, mention: int = 0) -> dict[str, Any]:
    return {"value": value, "mention": mention, "span": {"text": words} if words else None, "chosen": False}


def counts(*stated: tuple[int, str]) -> dict[str, list[dict[str, Any]]]:
    return {"killed": [said(n, words, i) for i, (n, words) in enumerate(stated)]}


@pytest.mark.parametrize(
    ("stated", "disputed"),
    [
        ([(5, "At least five soldiers"), (6, "Six soldiers")], False),
        ([(5, "more than five guards"), (5, "five guards")], False),  # a strict bound, read as >= by design
        ([(5, "at least five soldiers"), (4, "four soldiers")], True),
        ([(6, "six soldiers"), (8, "eight soldiers")], True),
        ([(20, "about 20 people"), (22, "22 people")], False),
        ([(20, "about 20 people"), (30, "30 people")], True),
        ([(10, "up to ten militants"), (7, "seven militants")], False),
        ([(10, "nearly ten militants"), (11, "eleven militants")], True),
        ([(5, "at least five"), (9, "at least nine"), (12, "twelve")], False),
        ([(5, "at least five"), (3, "up to three")], True),
    ],
)
def test_counts_disagree_only_when_no_number_fits_every_source(
    stated: list[tuple[int, str]], disputed: bool
) -> None:
    assert ("killed" in conflicts(counts(*stated))) is disputed


def dates(*stated: tuple[str, str]) -> dict[str, list[dict[str, Any]]]:
    return {
        "date": [said(day, None, i) for i, (day, _) in enumerate(stated)],
        "date_precision": [said(precision, None, i) for i, (_, precision) in enumerate(stated)],
    }


@pytest.mark.parametrize(
    ("stated", "disputed"),
    [
        ([("2018-10-01", "month"), ("2018-10-16", "day")], False),  # October 2018 holds the 16th
        ([("2018-10-01", "month"), ("2018-11-02", "day")], True),
        ([("2017-01-01", "year"), ("2017-04-26", "day")], False),
        ([("2020-05-11", "day"), ("2020-05-12", "day")], True),  # a real disagreement about the day
        ([("2020-05-10", "week"), ("2020-05-08", "day")], False),
        ([("2020-05-11", "day"), ("2020-05-11", "day")], False),
    ],
)
def test_a_coarser_date_agrees_with_a_finer_one_inside_it(
    stated: list[tuple[str, str]], disputed: bool
) -> None:
    assert ("date" in conflicts(dates(*stated))) is disputed


def places(*stated: tuple[str, str | None, str | None]) -> dict[str, list[dict[str, Any]]]:
    return {
        "place": [said(place, None, i) for i, (place, _, _) in enumerate(stated)],
        "admin2": [said(district, None, i) for i, (_, district, _) in enumerate(stated) if district],
        "admin1": [said(province, None, i) for i, (_, _, province) in enumerate(stated) if province],
    }


@pytest.mark.parametrize(
    ("stated", "disputed"),
    [
        ([("Buleda", "Kech", "Balochistan"), ("Kech district", None, "Balochistan")], False),
        ([("Buleda", "Kech", "Balochistan"), ("Balochistan", None, None)], False),
        ([("Buleda", "Kech", "Balochistan"), ("Mand", "Kech", "Balochistan")], True),  # two towns
        ([("Saravan", "Saravan", "Sistan and Baluchestan"), ("Panjgur", "Panjgur", "Balochistan")], True),
        ([("Mirjaveh", None, None), ("mirjaveh", None, None)], False),
    ],
)
def test_a_place_agrees_with_the_unit_that_contains_it(
    stated: list[tuple[str, str | None, str | None]], disputed: bool
) -> None:
    assert ("place" in conflicts(places(*stated))) is disputed


def test_other_fields_disagree_when_their_values_differ_and_wording_fields_never() -> None:
    found = conflicts(
        {
            "type": [said("ied"), said("attack", mention=1)],
            "targets": [said("guards"), said("soldiers", mention=1)],
            "admin2": [said("Kech"), said("Panjgur", mention=1)],
        }
    )
    assert found == {"type": ["ied", "attack"]}
