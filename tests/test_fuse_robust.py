"""Fusion never crashes on any stored value: arbitrary mentions, including poison dates and counts."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sarhad.daterange import EARLIEST, LATEST
from sarhad.events import FAMILIES
from sarhad.fuse import FusionMention, MentionKey, fuse

texts = st.one_of(st.none(), st.text(max_size=12))
counts = st.one_of(st.none(), st.integers(min_value=-(2**40), max_value=2**40))
coords = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))
PRECISIONS = ["day", "week", "month", "year", "x"]
dates = st.one_of(st.none(), st.dates(), st.sampled_from([dt.date.min, dt.date.max, dt.date(9999, 12, 31)]))


@st.composite
def mentions(draw: st.DrawFn) -> list[FusionMention]:
    found = []
    for n in range(draw(st.integers(1, 8))):
        found.append(
            FusionMention(
                key=MentionKey(draw(st.sampled_from(["r1", "r2", "r3", "r4"])), n),
                type=draw(st.one_of(st.sampled_from(sorted(FAMILIES)), st.text(max_size=8))),
                date=draw(dates),
                date_precision=draw(st.one_of(st.none(), st.sampled_from(PRECISIONS))),
                place=draw(texts),
                lat=draw(coords),
                lon=draw(coords),
                geo_precision=draw(st.one_of(st.none(), st.sampled_from(["place", "province", "odd"]))),
                admin1=draw(texts),
                country=draw(st.one_of(st.none(), st.sampled_from(["PK", "IR", "AF", "??"]))),
                sector=draw(st.one_of(st.none(), st.integers(-5, 10**6))),
                side=draw(st.one_of(st.none(), st.sampled_from(["PK", "IR"]))),
                killed=draw(counts),
                injured=draw(counts),
                abducted=draw(counts),
                released=draw(counts),
                perpetrator=draw(texts),
                targets=draw(texts),
                background=draw(st.booleans()),
                weekday=draw(st.one_of(st.none(), st.integers(-3, 10))),
                source=draw(texts),
                official=draw(st.booleans()),
                foreign=draw(st.booleans()),
                published=draw(dates),
                arrival=n,
            )
        )
    return found


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mentions())
def test_fusion_survives_any_stored_values(found: list[FusionMention]) -> None:
    incidents = fuse(found)
    assert sum(len(i.mentions) for i in incidents) == len(found)
    for incident in incidents:
        date = incident.chosen.get("date")
        assert date is None or EARLIEST <= dt.date.fromisoformat(str(date)) <= LATEST
