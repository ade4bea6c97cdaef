"""Fast exact Strong Stackelberg Equilibrium for the two-party patrol game (ORIGAMI-style).

ORIGAMI (Kiekintveld et al., AAMAS 2009) lowers the attacker's best payoff ``c`` as far as the
resources allow; every sector whose uncovered payoff exceeds ``c`` must be protected just enough to
bring the attacker down to ``c`` (``r_k(c) = (A_k - c) / span_k``). The defender then picks, among
the sectors left tied at ``c`` (the attack set), the one best for her; the attacker breaks the tie
her way (strong Stackelberg). That is optimal because any other plan that induces an attack on
sector ``k`` leaves the attacker at least ``c`` there, hence protects ``k`` no better.

Instead of growing the attack set one sector at a time we write "the resources suffice for level
``c``" as a few conditions ``sum_k w_k * max(0, t_k - c) <= B`` (convex, piecewise linear in ``c``)
and solve each with one sort: O(n log n) and exact (no bisection). docs/planning.md derives them:

* either regime (``both == single = a``): one pooled resource, ``sum r_k / a <= U0 + U1``;
* joint regime (``both = b >= 2a``): pairs use one unit of each party, solos only the larger
  party's spare ``D = |U0 - U1|`` units, and a sector can hold at most one state per shift:
  ``sum r_k <= a*D + b*min(U0, U1)`` and ``sum max(0, r_k - a) / (b - a) <= min(U0, U1)``;
* and in both, no sector can be protected beyond ``both``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sarhad.plan.model import Commitment, FloatArray, Game, IntArray, InterceptionModel, PlanInputError

TIE_TOL = 1e-9
"""Relative tolerance under which two attacker payoffs count as a tie (strong Stackelberg ties)."""


@dataclass(frozen=True)
class Equilibrium:
    """A defender commitment and the attacker's (defender-favourable) best response to it."""

    commitment: Commitment
    protection: FloatArray
    attacker_value: float
    defender_value: float
    target: int
    attack_set: IntArray


def payoff_scale(game: Game) -> float:
    """Magnitude of the payoffs, so that tie tolerances are relative."""
    return float(max(1.0, np.abs(game.attacker_uncovered).max(), np.abs(game.attacker_covered).max()))


def min_level(tops: FloatArray, weights: FloatArray, budget: float) -> float:
    """Smallest ``c`` with ``sum(weights * max(0, tops - c)) <= budget`` (weights > 0, budget >= 0).

    The left side is convex and decreasing in ``c``; with the tops sorted in descending order its
    value at each top is a prefix sum, so one ``searchsorted`` finds the linear piece holding ``c``.
    """
    order = np.argsort(-tops, kind="stable")
    top = tops[order]
    cum_w = np.cumsum(weights[order])
    cum_wt = np.cumsum(weights[order] * top)
    # excess[i] = requirement at c = top[i]; monotone in exact arithmetic, forced so under rounding.
    excess = np.maximum.accumulate(cum_wt - top * cum_w)
    active = int(np.searchsorted(excess, budget, side="right"))  # >= 1 since excess[0] == 0
    return float((cum_wt[active - 1] - budget) / cum_w[active - 1])


def _check_capacity(capacity: tuple[float, float]) -> tuple[float, float]:
    first, second = (float(c) for c in capacity)
    if not (first >= 0 and second >= 0 and np.isfinite(first) and np.isfinite(second)):
        raise PlanInputError(f"capacities must be finite and >= 0, got {capacity}")
    return first, second


def attacker_level(game: Game, model: InterceptionModel, capacity: tuple[float, float]) -> float:
    """The lowest best-response payoff the defenders can hold the attacker to (minimax level)."""
    first, second = _check_capacity(capacity)
    tops, span = game.attacker_uncovered, game.attacker_span
    single, both = model.single, model.both
    cap_level = float(np.max(tops - both * span))  # no sector can be protected beyond `both`
    if not model.joint_pays:
        pooled = min_level(tops, 1.0 / (single * span), first + second)
        return max(cap_level, pooled)
    paired, spare = min(first, second), abs(first - second)
    protection = min_level(tops, 1.0 / span, single * spare + both * paired)
    # Protection above `single` needs joint patrols: at most one state per sector per shift.
    above_single = min_level(tops - single * span, 1.0 / (span * (both - single)), paired)
    return max(cap_level, protection, above_single)


def _either_commitment(
    required: FloatArray, model: InterceptionModel, capacity: tuple[float, float]
) -> Commitment:
    """Pooled coverage ``z = r / single`` split in proportion to the parties' units.

    The split is always feasible: ``z_k <= 1`` and ``sum z <= U0 + U1`` give ``x = z*U0/(U0+U1) <= z``
    with ``sum x <= U0`` (and likewise for party 1), and the correlated roster never puts both
    sides on one sector, so protection is ``single * (x + y)`` = ``single * z``.
    """
    pooled = capacity[0] + capacity[1]
    coverage = required / model.single
    if pooled <= 0:
        zero = np.zeros_like(coverage)
        return Commitment((zero, zero.copy()), zero.copy())
    return Commitment(
        (coverage * (capacity[0] / pooled), coverage * (capacity[1] / pooled)), np.zeros_like(coverage)
    )


def _joint_commitment(
    required: FloatArray, model: InterceptionModel, capacity: tuple[float, float]
) -> Commitment:
    """Joint patrols everywhere, except where the larger party's spare units can patrol alone.

    A solo patrol replaces ``single / both`` of a joint one anywhere, so only the total of solos
    matters; we spend up to the spare units on the least-threatened covered sectors first. That
    leaves pure-solo sectors, pure-joint sectors, sectors saturated with a mix (solo + joint = 1)
    and at most one unsaturated mixed sector, the structure :mod:`sarhad.plan.roster` samples.
    """
    single, both = model.single, model.both
    larger = 0 if capacity[0] >= capacity[1] else 1
    spare = abs(capacity[0] - capacity[1])
    most_solo = np.where(required <= single, required / single, (both - required) / (both - single))
    most_solo = np.clip(most_solo, 0.0, 1.0)
    order = np.argsort(required, kind="stable")
    budget = min(spare, float(most_solo.sum()))
    before = np.cumsum(most_solo[order]) - most_solo[order]
    solo = np.empty_like(required)
    solo[order] = np.clip(budget - before, 0.0, most_solo[order])
    pair = np.clip((required - single * solo) / both, 0.0, 1.0)
    pair[pair < 1e-12] = 0.0  # rounding residue from fully solo sectors
    alone = (solo, np.zeros_like(solo)) if larger == 0 else (np.zeros_like(solo), solo)
    return Commitment(alone, pair)


def _spread(amount: float, slots: int) -> FloatArray:
    """``amount`` poured into ``slots`` buckets of size 1, in order."""
    before = np.arange(slots, dtype=np.float64)
    return np.clip(amount - before, 0.0, 1.0)


def _fill_idle(
    plan: Commitment, idle: IntArray, model: InterceptionModel, capacity: tuple[float, float]
) -> Commitment:
    """Send units the equilibrium does not need to sectors outside the attack set, most attractive first.

    Those sectors already leave the attacker below his equilibrium payoff, so more protection there
    changes neither his choice nor the equilibrium value, and it is better than leaving units idle
    (e.g. against an attacker who does not best-respond perfectly). Each filled sector gets one kind
    of patrol only (joint, or one party's solo), which keeps the roster structure intact.
    """
    left = [max(0.0, capacity[i] - plan.units_used(i)) for i in (0, 1)]
    alone = (plan.alone[0].copy(), plan.alone[1].copy())
    pair = plan.pair.copy()
    if not model.joint_pays:
        pooled = left[0] + left[1]
        extra = _spread(pooled, idle.size)
        if pooled > 0:
            for i in (0, 1):  # same proportional split as the rest of the plan
                alone[i][idle] += extra * (capacity[i] / (capacity[0] + capacity[1]))
        return Commitment(alone, pair)
    joint = _spread(min(left), idle.size)
    pair[idle] += joint
    rest = idle[joint == 0.0]
    larger = 0 if capacity[0] >= capacity[1] else 1  # the party that patrols alone (see roster)
    alone[larger][rest] += _spread(left[larger] - float(joint.sum()), rest.size)
    return Commitment(alone, pair)


def respond(game: Game, protection: FloatArray, level: float | None = None) -> tuple[IntArray, int, float]:
    """Attack set (payoffs within tolerance of the best), the defender-best target in it, its value."""
    attacker = game.attacker_utility(protection)
    best = float(attacker.max()) if level is None else level
    ties = np.flatnonzero(attacker >= best - TIE_TOL * payoff_scale(game))
    defender = game.defender_utility(protection)[ties]
    pick = int(np.argmax(defender))
    return ties.astype(np.int64), int(ties[pick]), float(defender[pick])


def solve(game: Game, model: InterceptionModel, capacity: tuple[float, float]) -> Equilibrium:
    """Strong Stackelberg Equilibrium of the coordinated game (correlated rosters, per-party units).

    ``capacity`` is the patrol units per shift of party 0 and party 1; pass 0 for one of them to
    get the plan that the other party would make alone.
    """
    capacity = _check_capacity(capacity)
    level = attacker_level(game, model, capacity)
    required = np.clip((game.attacker_uncovered - level) / game.attacker_span, 0.0, model.both)
    build = _joint_commitment if model.joint_pays else _either_commitment
    commitment = build(required, model, capacity)
    attack_set, _, _ = respond(game, commitment.protection(model))
    outside = np.setdiff1d(np.arange(game.size), attack_set)
    idle = outside[np.argsort(-game.attacker_uncovered[outside], kind="stable")]
    commitment = _fill_idle(commitment, idle, model, capacity)
    protection = commitment.protection(model)
    attack_set, target, value = respond(game, protection)
    return Equilibrium(commitment, protection, level, value, target, attack_set)
