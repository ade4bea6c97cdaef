"""Interception models, payoff derivation and the naive baselines."""

from __future__ import annotations

import numpy as np
import pytest

from sarhad.plan.evaluate import (
    proportional_coverage,
    quantal_response_utility,
    top_m_coverage,
    uniform_coverage,
)
from sarhad.plan.model import (
    InterceptionModel,
    PayoffConfig,
    PlanInputError,
    build_game,
    either_model,
    joint_model,
)

GRID = np.linspace(0.0, 1.0, 11)
X = np.repeat(GRID, GRID.size)
Y = np.tile(GRID, GRID.size)


def test_either_model_matches_the_issue_formulas() -> None:
    model = either_model()
    np.testing.assert_allclose(model.independent(X, Y), 1 - (1 - X) * (1 - Y))
    np.testing.assert_allclose(model.correlated(X, Y), np.minimum(1.0, X + Y))


def test_joint_model_rewards_simultaneous_coverage() -> None:
    model = joint_model(0.3, 0.9)
    both = model.protection(np.ones(1), np.ones(1), np.ones(1))
    split = model.protection(np.array([1.0, 0.0]), np.array([0.0, 1.0]), np.zeros(2))
    assert float(both[0]) == pytest.approx(0.9)
    assert float(split.sum()) == pytest.approx(0.6), "two solo patrols are worth less than one joint one"
    np.testing.assert_allclose(model.correlated(X, Y), 0.3 * (X + Y) + 0.3 * np.minimum(X, Y))


@pytest.mark.parametrize("model", [either_model(), joint_model(), InterceptionModel("e", 0.4, 0.4)])
def test_correlation_never_hurts(model: InterceptionModel) -> None:
    assert (model.correlated(X, Y) >= model.independent(X, Y) - 1e-12).all()
    assert (model.correlated(X, Y) <= 1.0 + 1e-12).all()


@pytest.mark.parametrize(("single", "both"), [(0.0, 0.5), (0.5, 0.4), (0.4, 0.6), (0.5, 1.2)])
def test_unsupported_or_invalid_models_are_refused(single: float, both: float) -> None:
    with pytest.raises(PlanInputError):
        InterceptionModel("x", single, both)


def test_payoffs_follow_threat() -> None:
    game = build_game([1.0, 2.0, 4.0], PayoffConfig(attacker_penalty=0.5, defender_reward=0.1))
    np.testing.assert_allclose(game.attacker_uncovered, [0.25, 0.5, 1.0])
    np.testing.assert_allclose(game.attacker_covered, [-0.5, -0.5, -0.5])
    np.testing.assert_allclose(game.defender_uncovered, [-0.25, -0.5, -1.0])
    np.testing.assert_allclose(game.defender_covered, [0.025, 0.05, 0.1])
    with pytest.raises(PlanInputError):
        build_game([1.0, 0.0])
    with pytest.raises(PlanInputError):
        PayoffConfig(attacker_reward=0.0)


def test_baseline_coverages_use_exactly_the_units() -> None:
    threat = np.array([10.0, 5.0, 1.0, 1.0, 0.5])
    for rule in (uniform_coverage, proportional_coverage, top_m_coverage):
        for units in range(0, 6):
            cov = rule(threat, units)
            assert cov.sum() == pytest.approx(units) and cov.max() <= 1.0 + 1e-12 and cov.min() >= 0
    np.testing.assert_allclose(proportional_coverage(threat, 2), [1.0, 5 / 7.5, 1 / 7.5, 1 / 7.5, 0.5 / 7.5])
    np.testing.assert_allclose(top_m_coverage(threat, 2), [1, 1, 0, 0, 0])


def test_quantal_response_interpolates_between_random_and_best_response() -> None:
    game = build_game([1.0, 2.0, 3.0])
    protection = np.array([0.0, 0.2, 0.4])
    uniform = float(game.defender_utility(protection).mean())
    assert quantal_response_utility(game, protection, 0.0) == pytest.approx(uniform)
    best = int(np.argmax(game.attacker_utility(protection)))
    assert quantal_response_utility(game, protection, 1e4) == pytest.approx(
        game.defender_utility(protection)[best]
    )
