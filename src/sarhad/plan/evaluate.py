"""Measuring plans: best-responding and quantal-response attackers, and the naive baselines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sarhad.plan.model import FloatArray, Game, InterceptionModel
from sarhad.plan.solver import respond


def best_response_utility(game: Game, protection: FloatArray) -> float:
    """Defender's expected payoff when the attacker best-responds (ties broken in her favour)."""
    return respond(game, protection)[2]


def quantal_response_utility(game: Game, protection: FloatArray, rationality: float) -> float:
    """Defender's expected payoff against a logit quantal-response attacker.

    The attacker picks sector ``k`` with probability proportional to ``exp(rationality * U_a(k))``
    (McKelvey & Palfrey 1995; Yang et al. 2011 for security games): 0 is uniformly random, large
    values approach the best response. A robustness check for plans tuned to a perfect optimiser.
    """
    if rationality < 0:
        raise ValueError("rationality must be >= 0")
    logits = rationality * game.attacker_utility(protection)
    weights = np.exp(logits - logits.max())
    return float(np.dot(weights / weights.sum(), game.defender_utility(protection)))


def uniform_coverage(threat: FloatArray, units: int) -> FloatArray:
    """Spread the units evenly over all sectors."""
    return np.full(threat.size, units / threat.size)


def proportional_coverage(threat: FloatArray, units: int) -> FloatArray:
    """Coverage proportional to threat, capped at 1 with the excess poured on the rest (water-filling)."""
    order = np.argsort(-threat, kind="stable")
    ranked = threat[order]
    tail = np.cumsum(ranked[::-1])[::-1]  # sum of threats from rank j on
    capped = np.arange(threat.size)  # candidate number of sectors held at coverage 1
    scale = (units - capped) / tail
    # The first j whose scale keeps the j-th sector at or below 1 is the water level.
    fits = np.flatnonzero(scale * ranked <= 1.0 + 1e-12)
    first = int(fits[0]) if fits.size else threat.size
    coverage_ranked = np.ones(threat.size)
    if first < threat.size:
        coverage_ranked[first:] = np.minimum(1.0, scale[first] * ranked[first:])
    coverage = np.empty(threat.size)
    coverage[order] = coverage_ranked
    return coverage


def top_m_coverage(threat: FloatArray, units: int) -> FloatArray:
    """Patrol the ``units`` most threatened sectors every shift (ties: lower index first)."""
    coverage = np.zeros(threat.size)
    coverage[np.argsort(-threat, kind="stable")[:units]] = 1.0
    return coverage


BASELINES: dict[str, Callable[[FloatArray, int], FloatArray]] = {
    "uniform": uniform_coverage,
    "proportional": proportional_coverage,
    "top_m": top_m_coverage,
}
"""Naive plans each party can make alone from the threat and its own units."""


@dataclass(frozen=True)
class PlanScore:
    """One plan's per-party coverage and how it fares under both kinds of rosters."""

    coverage: tuple[FloatArray, FloatArray]
    independent: float
    """Defender utility when each side draws its roster on its own (the status quo)."""
    correlated: float
    """Defender utility when the same marginals are rostered jointly, overlapping optimally."""


def score_marginals(
    game: Game, model: InterceptionModel, coverage: tuple[FloatArray, FloatArray]
) -> tuple[float, float]:
    """(independent, correlated) best-response utilities of per-party marginals."""
    first, second = coverage
    return (
        best_response_utility(game, model.independent(first, second)),
        best_response_utility(game, model.correlated(first, second)),
    )


def score_baseline(
    name: str, game: Game, model: InterceptionModel, threat: FloatArray, units: tuple[int, int]
) -> PlanScore:
    rule = BASELINES[name]
    coverage = (rule(threat, units[0]), rule(threat, units[1]))
    independent, correlated = score_marginals(game, model, coverage)
    return PlanScore(coverage, independent, correlated)
