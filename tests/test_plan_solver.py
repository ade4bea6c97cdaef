"""The fast SSE solver against the LP/MILP references, and the equilibrium's defining properties."""

from __future__ import annotations

import itertools
import zlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sarhad.plan.model import Game, InterceptionModel, either_model, joint_model
from sarhad.plan.reference import dobss_milp, minimax_lp, multiple_lps
from sarhad.plan.solver import TIE_TOL, min_level, solve

MODELS = [
    either_model(),
    joint_model(),
    InterceptionModel("either-0.6", 0.6, 0.6),
    InterceptionModel("joint-0.5", 0.5, 1.0),
    InterceptionModel("joint-0.2", 0.2, 0.7),
]
AGREE = 1e-6


def random_game(rng: np.random.Generator, n: int, integer: bool = False) -> Game:
    """Random payoffs; integer ones make ties (the hard case for tie-breaking) common."""
    if integer:
        au = rng.integers(0, 4, n).astype(float)
        du = -rng.integers(0, 4, n).astype(float)
        return Game(au, au - rng.integers(1, 4, n), du, du + rng.integers(1, 4, n))
    au = rng.uniform(-2, 10, n)
    du = rng.uniform(-10, 0, n)
    return Game(au, au - rng.uniform(0.1, 10, n), du, du + rng.uniform(0.1, 10, n))


def random_capacity(rng: np.random.Generator, n: int) -> tuple[float, float]:
    if rng.random() < 0.3:
        return float(rng.uniform(0, n)), float(rng.uniform(0, n))
    return float(rng.integers(0, n + 1)), float(rng.integers(0, n + 1))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_fast_path_equals_multiple_lps_on_random_games(model: InterceptionModel) -> None:
    rng = np.random.default_rng(zlib.crc32(model.name.encode()))
    for trial in range(60):
        n = int(rng.integers(1, 8))
        game = random_game(rng, n, integer=trial % 3 == 0)
        capacity = random_capacity(rng, n)
        fast = solve(game, model, capacity)
        reference = multiple_lps(game, model, capacity)
        assert fast.defender_value == pytest.approx(reference.defender_value, abs=AGREE), (trial, capacity)


@pytest.mark.parametrize("model", MODELS[:2], ids=lambda m: m.name)
def test_fast_path_equals_dobss_milp_and_minimax_lp(model: InterceptionModel) -> None:
    rng = np.random.default_rng(11)
    for _ in range(15):
        n = int(rng.integers(2, 12))
        game = random_game(rng, n)
        capacity = random_capacity(rng, n)
        fast = solve(game, model, capacity)
        assert fast.defender_value == pytest.approx(
            dobss_milp(game, model, capacity).defender_value, abs=AGREE
        )
        level, value = minimax_lp(game, model, capacity)
        assert fast.attacker_value == pytest.approx(level, abs=AGREE)
        assert fast.defender_value == pytest.approx(value, abs=AGREE)


@st.composite
def games(draw: st.DrawFn) -> tuple[Game, InterceptionModel, tuple[float, float]]:
    n = draw(st.integers(1, 6))
    payoff = st.floats(-10, 10, allow_nan=False, allow_infinity=False)
    gap = st.floats(0.05, 10, allow_nan=False, allow_infinity=False)
    au = np.array(draw(st.lists(payoff, min_size=n, max_size=n)))
    du = np.array(draw(st.lists(payoff, min_size=n, max_size=n)))
    ga = np.array(draw(st.lists(gap, min_size=n, max_size=n)))
    gd = np.array(draw(st.lists(gap, min_size=n, max_size=n)))
    capacity = (draw(st.integers(0, n)), draw(st.integers(0, n)))
    return (
        Game(au, au - ga, du, du + gd),
        draw(st.sampled_from(MODELS)),
        (float(capacity[0]), float(capacity[1])),
    )


@settings(max_examples=60, deadline=None)
@given(games())
def test_fast_path_equals_lp_hypothesis(case: tuple[Game, InterceptionModel, tuple[float, float]]) -> None:
    game, model, capacity = case
    fast = solve(game, model, capacity)
    assert fast.defender_value == pytest.approx(multiple_lps(game, model, capacity).defender_value, abs=AGREE)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_equilibrium_is_feasible_and_target_is_a_best_response(model: InterceptionModel) -> None:
    rng = np.random.default_rng(3)
    for _ in range(40):
        n = int(rng.integers(1, 40))
        game = random_game(rng, n)
        capacity = random_capacity(rng, n)
        eq = solve(game, model, capacity)
        plan = eq.commitment
        states = (plan.alone[0], plan.alone[1], plan.pair)
        assert min(float(s.min()) for s in states) >= 0.0
        assert float((plan.alone[0] + plan.alone[1] + plan.pair).max()) <= 1.0 + 1e-9
        for party in (0, 1):
            assert float(plan.coverage(party).max()) <= 1.0 + 1e-9
            assert plan.units_used(party) <= capacity[party] + 1e-9
        np.testing.assert_allclose(eq.protection, plan.protection(model))
        attacker = game.attacker_utility(eq.protection)
        assert attacker[eq.target] >= attacker.max() - TIE_TOL * 10
        assert eq.attacker_value == pytest.approx(attacker.max(), abs=1e-9)
        assert eq.defender_value == pytest.approx(game.defender_utility(eq.protection)[eq.target])


def test_either_model_reduces_to_one_pooled_defender() -> None:
    """min(1, x+y) with correlated rosters: only U0 + U1 matters, however it is split."""
    rng = np.random.default_rng(5)
    game = random_game(rng, 20)
    values = {
        solve(game, either_model(), cap).defender_value for cap in [(9.0, 1.0), (5.0, 5.0), (0.0, 10.0)]
    }
    assert max(values) - min(values) < 1e-12


def test_per_party_split_is_always_feasible() -> None:
    """Any pooled coverage z <= 1 with sum z = U0 + U1 splits into x, y <= 1 summing to U0, U1."""
    rng = np.random.default_rng(8)
    for _ in range(200):
        n = int(rng.integers(2, 30))
        units = (int(rng.integers(1, n)), 0)
        units = (units[0], int(rng.integers(1, n - units[0] + 1)))
        game = random_game(rng, n)
        plan = solve(game, either_model(), (float(units[0]), float(units[1]))).commitment
        x, y = plan.coverage(0), plan.coverage(1)
        assert float((x + y).max()) <= 1.0 + 1e-9
        assert x.sum() <= units[0] + 1e-9 and y.sum() <= units[1] + 1e-9
        assert not plan.pair.any()


def test_joint_model_pairs_up_when_joint_operations_pay() -> None:
    """Equal units, both >= 2*single: every patrol should be a joint one."""
    threat = np.linspace(1.0, 2.0, 12)
    game = Game(threat, np.full(12, -0.5), -threat, np.zeros(12))
    plan = solve(game, joint_model(0.3, 0.9), (4.0, 4.0)).commitment
    assert plan.alone[0].sum() == pytest.approx(0.0) and plan.alone[1].sum() == pytest.approx(0.0)
    assert plan.pair.sum() == pytest.approx(4.0)


def test_more_units_never_hurt() -> None:
    rng = np.random.default_rng(10)
    game = random_game(rng, 15)
    for model in MODELS:
        values = [solve(game, model, (float(u), 3.0)).defender_value for u in range(0, 16)]
        assert all(b >= a - 1e-12 for a, b in itertools.pairwise(values))


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_units_are_not_left_idle_while_a_sector_outside_the_attack_set_is_bare(
    model: InterceptionModel,
) -> None:
    rng = np.random.default_rng(14)
    for _ in range(40):
        n = int(rng.integers(2, 25))
        game = random_game(rng, n)
        capacity = (float(rng.integers(1, n + 1)), float(rng.integers(1, n + 1)))
        eq = solve(game, model, capacity)
        used = (eq.commitment.units_used(0), eq.commitment.units_used(1))
        bare = np.setdiff1d(np.flatnonzero(eq.protection == 0), eq.attack_set)
        assert bare.size == 0 or used == pytest.approx(capacity, abs=1e-9)


def test_min_level_matches_brute_force() -> None:
    rng = np.random.default_rng(12)
    for _ in range(100):
        n = int(rng.integers(1, 20))
        tops, weights, budget = rng.uniform(-5, 5, n), rng.uniform(0.1, 3, n), float(rng.uniform(0, 20))
        level = min_level(tops, weights, budget)
        used = float(np.sum(weights * np.maximum(0.0, tops - level)))
        assert used == pytest.approx(budget, abs=1e-9) or (budget == 0 and level == pytest.approx(tops.max()))
        assert float(np.sum(weights * np.maximum(0.0, tops - (level - 1e-6)))) > budget


def test_zero_capacity_leaves_everything_uncovered() -> None:
    game = random_game(np.random.default_rng(13), 6)
    eq = solve(game, joint_model(), (0.0, 0.0))
    assert not eq.protection.any()
    assert eq.attacker_value == pytest.approx(game.attacker_uncovered.max())
