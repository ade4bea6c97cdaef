"""Stop 32: where captives are freed. Captives held in a country are freed there, and the force the
captives belong to does not say where ("Iranian border guards" freed in Pakistan). The test fails on stop
31's reader (f2c853c)."""

from __future__ import annotations

import datetime as dt

from sarhad.read.reader import read_article

DAY = dt.date(2024, 5, 1)


def test_captives_held_in_a_country_are_freed_there() -> None:
    text = (
        "Two Iranian border guards who had been held hostage inside Pakistan were freed on Wednesday, "
        "the IRGC said."
    )
    events = read_article(text, DAY).events
    assert [(e.type, e.country) for e in events] == [("hostage_release", "PK")]


def test_the_captives_own_force_does_not_say_who_freed_them() -> None:
    text = (
        "Jaish al-Adl abducted five Iranian border guards in Mirjaveh last month. "
        "The five Iranian border guards were freed on Wednesday."
    )
    releases = [e for e in read_article(text, DAY).events if e.type == "hostage_release"]
    assert [e.country for e in releases] == [None]
