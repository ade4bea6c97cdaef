"""Time-decayed incident counts as a stand-in threat score."""

from __future__ import annotations

from datetime import date

import pytest

from sarhad.plan.threat import SectorEvent, sector_threat

TODAY = date(2024, 6, 1)


def test_no_events_gives_the_floor_everywhere() -> None:
    assert sector_threat([1, 2, 3], [], TODAY, floor=0.2) == {1: 0.2, 2: 0.2, 3: 0.2}


def test_weights_halve_every_half_life() -> None:
    events = [
        SectorEvent(1, TODAY, 2.0),
        SectorEvent(2, date(2023, 12, 4), 1.0),  # 180 days earlier
        SectorEvent(2, date(2023, 12, 4), 3.0),
    ]
    threat = sector_threat([1, 2, 3], events, TODAY, half_life_days=180.0, floor=0.1)
    assert threat[1] == pytest.approx(2.1)
    assert threat[2] == pytest.approx(0.1 + 4.0 / 2)
    assert threat[3] == pytest.approx(0.1)


def test_future_and_unknown_sector_events_are_ignored() -> None:
    events = [SectorEvent(1, date(2024, 7, 1), 5.0), SectorEvent(99, TODAY, 5.0)]
    assert sector_threat([1], events, TODAY) == {1: pytest.approx(0.1)}


@pytest.mark.parametrize(
    "kwargs",
    [{"half_life_days": 0.0}, {"floor": 0.0}, {"floor": -1.0}],
)
def test_bad_parameters_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        sector_threat([1], [], TODAY, **kwargs)


def test_negative_weights_are_refused() -> None:
    with pytest.raises(ValueError):
        sector_threat([1], [SectorEvent(1, TODAY, -1.0)], TODAY)
