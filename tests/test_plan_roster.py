"""Rosters: exact unit counts, never a double cover, and empirical marginals equal to the plan."""

from __future__ import annotations

import numpy as np
import pytest

from sarhad.plan.model import (
    Commitment,
    InterceptionModel,
    PlanInputError,
    build_game,
    either_model,
    joint_model,
)
from sarhad.plan.roster import RosterSample, comb, sample_rosters
from sarhad.plan.solver import solve

SHIFTS = 20_000
Z_LIMIT = 5.5  # two-sided normal tail ~4e-8 per comparison; a few hundred comparisons per test


def assert_marginals(empirical: np.ndarray, expected: np.ndarray, shifts: int) -> None:
    """Each shift is an independent draw, so a sector's count is binomial(shifts, p)."""
    sd = np.sqrt(expected * (1.0 - expected) / shifts)
    z = np.abs(empirical - expected) / np.maximum(sd, 0.5 / shifts)
    assert float(z.max()) < Z_LIMIT, (empirical, expected)


def check_roster(
    plan: Commitment, model: InterceptionModel, units: tuple[int, int], seed: int
) -> RosterSample:
    roster = sample_rosters(plan, model, units, SHIFTS, np.random.default_rng(seed))
    counts = roster.present.sum(axis=2) + roster.reserve
    assert (counts == np.array(units)).all(), "every shift uses exactly each party's units"
    assert (roster.reserve >= 0).all()
    for party in (0, 1):
        assert_marginals(roster.present[:, party, :].mean(axis=0), plan.coverage(party), SHIFTS)
    assert_marginals(roster.joint.mean(axis=0), plan.pair, SHIFTS)
    return roster


@pytest.mark.parametrize(
    "model", [either_model(), InterceptionModel("either-0.7", 0.7, 0.7)], ids=lambda m: m.name
)
def test_either_rosters_never_double_cover(model: InterceptionModel) -> None:
    rng = np.random.default_rng(1)
    for trial in range(6):
        n = int(rng.integers(3, 30))
        units = (int(rng.integers(1, n + 1)), int(rng.integers(1, n + 1)))
        plan = solve(build_game(rng.pareto(1.5, n) + 0.1), model, units).commitment
        roster = check_roster(plan, model, units, trial)
        assert not roster.joint.any()


def test_joint_rosters_with_saturated_and_partial_mixed_sectors() -> None:
    """Few joint units, many solo ones: high-threat sectors mix joint and solo patrols."""
    model = joint_model(0.3, 0.9)
    cases = [((9, 3), 12), ((10, 2), 14), ((2, 8), 12), ((7, 2), 12)]
    for seed, (units, n) in enumerate(cases):
        plan = solve(build_game(np.linspace(0.2, 1.0, n) ** 2), model, units).commitment
        solo = plan.alone[0] + plan.alone[1]
        mixed = (solo > 1e-12) & (plan.pair > 1e-12)
        assert int((mixed & (solo + plan.pair >= 1 - 1e-9)).sum()) >= 3, "the case must exercise saturation"
        check_roster(plan, model, units, seed)


def test_joint_rosters_on_random_games() -> None:
    rng = np.random.default_rng(2)
    for trial in range(8):
        n = int(rng.integers(2, 25))
        units = (int(rng.integers(1, n + 1)), int(rng.integers(1, n + 1)))
        model = joint_model(float(rng.uniform(0.05, 0.45)), 0.9)
        plan = solve(build_game(rng.pareto(1.0, n) + 0.05), model, units).commitment
        check_roster(plan, model, units, 100 + trial)


def test_rosters_are_reproducible_with_a_seed() -> None:
    plan = solve(build_game(np.arange(1.0, 11.0)), joint_model(), (4, 3)).commitment
    first = sample_rosters(plan, joint_model(), (4, 3), 21, np.random.default_rng(42))
    again = sample_rosters(plan, joint_model(), (4, 3), 21, np.random.default_rng(42))
    other = sample_rosters(plan, joint_model(), (4, 3), 21, np.random.default_rng(43))
    assert np.array_equal(first.present, again.present) and np.array_equal(first.reserve, again.reserve)
    assert not np.array_equal(first.present, other.present)


def test_comb_gives_each_stretch_at_most_one_tooth_and_exact_total() -> None:
    lengths = np.array([0.3, 1.0, 0.0, 0.7, 0.5, 0.5])
    hits = comb(lengths, np.random.default_rng(0).random(1000), 3)
    assert hits.shape == (1000, 3)
    for row in hits:
        assert len(set(row.tolist())) == 3
        assert 2 not in row  # a stretch of length 0 is never hit
    assert (hits == 1).all(axis=1).sum() == 0 and (hits == 1).any(axis=1).all()


def test_plans_that_overuse_units_are_refused() -> None:
    n = 4
    plan = Commitment((np.full(n, 0.5), np.full(n, 0.5)), np.zeros(n))
    with pytest.raises(PlanInputError):
        sample_rosters(plan, either_model(), (1, 1), 5, np.random.default_rng(0))
