"""LP/MILP reference solvers (scipy + HiGHS) that the fast path must agree with.

They optimise directly over the per-sector state probabilities (only party 0, only party 1, both)
with the per-party capacities, so they share none of the fast path's reductions:

* :func:`multiple_lps` -- Conitzer & Sandholm (EC 2006): one LP per sector ``t`` maximising the
  defender's payoff subject to ``t`` being an attacker best response; the best feasible LP is the
  strong Stackelberg equilibrium. Definitional, O(n) LPs: the ground truth for small games.
* :func:`dobss_milp` -- DOBSS (Paruchuri et al., AAMAS 2008) with one attacker type: one MILP with
  a binary choice of attacked sector.
* :func:`minimax_lp` -- one LP for the lowest attacker level (ERASER-style); with the attack-set
  rule of the fast path it gives the equilibrium. The fairest speed comparison for the fast path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from sarhad.plan.model import FloatArray, Game, InterceptionModel
from sarhad.plan.solver import respond


@dataclass(frozen=True)
class ReferenceResult:
    defender_value: float
    target: int
    protection: FloatArray
    states: FloatArray
    """Solution vector: only-party-0 (n), only-party-1 (n), both (n)."""


def _protection_matrix(n: int, model: InterceptionModel) -> sparse.csr_matrix:
    eye = sparse.identity(n, format="csr")
    return sparse.hstack([model.single * eye, model.single * eye, model.both * eye], format="csr")


def _resource_rows(n: int, capacity: tuple[float, float]) -> tuple[sparse.csr_matrix, FloatArray]:
    """At most one state per sector per shift; each party's units per shift."""
    eye = sparse.identity(n, format="csr")
    ones, zeros = sparse.csr_matrix(np.ones((1, n))), sparse.csr_matrix((1, n))
    rows = sparse.vstack(
        [
            sparse.hstack([eye, eye, eye]),
            sparse.hstack([ones, zeros, ones]),
            sparse.hstack([zeros, ones, ones]),
        ],
        format="csr",
    )
    bounds = np.concatenate([np.ones(n), [capacity[0], capacity[1]]])
    return rows, bounds


def multiple_lps(game: Game, model: InterceptionModel, capacity: tuple[float, float]) -> ReferenceResult:
    """Strong Stackelberg equilibrium by one LP per candidate attacked sector."""
    n = game.size
    prot = _protection_matrix(n, model)
    scaled = sparse.diags(game.attacker_span) @ prot
    resources, resource_bounds = _resource_rows(n, capacity)
    best: ReferenceResult | None = None
    for target in range(n):
        # Attacker prefers `target`: A_t - span_t p_t >= A_k - span_k p_k for every k.
        row_t = sparse.csr_matrix(np.ones((n, 1))) @ scaled[target]
        a_ub = sparse.vstack([row_t - scaled, resources], format="csr")
        b_ub = np.concatenate([game.attacker_uncovered[target] - game.attacker_uncovered, resource_bounds])
        cost = -game.defender_span[target] * prot[target].toarray().ravel()
        result = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=(0.0, 1.0), method="highs")
        if result.status != 0:
            continue
        protection = prot @ result.x
        value = float(game.defender_utility(protection)[target])
        if best is None or value > best.defender_value:
            best = ReferenceResult(value, target, protection, result.x)
    if best is None:  # pragma: no cover - some sector is always a best response
        raise RuntimeError("no sector can be a best response; the LPs are inconsistent")
    return best


def dobss_milp(
    game: Game, model: InterceptionModel, capacity: tuple[float, float], time_limit: float | None = None
) -> ReferenceResult:
    """Strong Stackelberg equilibrium as one MILP (DOBSS with a single attacker type)."""
    n = game.size
    prot = _protection_matrix(n, model)
    span_a, span_d = sparse.diags(game.attacker_span), sparse.diags(game.defender_span)
    big_a = float(game.attacker_uncovered.max() - game.attacker_covered.min()) + 1.0
    big_d = float(game.defender_covered.max() - game.defender_uncovered.min()) + 1.0
    eye, col = sparse.identity(n, format="csr"), sparse.csr_matrix(np.ones((n, 1)))
    zero_n, zero_col = sparse.csr_matrix((n, n)), sparse.csr_matrix((n, 1))
    resources, resource_bounds = _resource_rows(n, capacity)
    # Variables: states (3n), attack choice alpha (n, binary), attacker value v, defender value d.
    blocks = [
        [-(span_a @ prot), zero_n, -col, zero_col],  # v is at least every sector's payoff
        [span_a @ prot, big_a * eye, col, zero_col],  # ... and equals the attacked one's
        [-(span_d @ prot), big_d * eye, zero_col, col],  # d is the attacked sector's defender payoff
        [sparse.csr_matrix((1, 3 * n)), sparse.csr_matrix(np.ones((1, n))), sparse.csr_matrix((1, 2))],
        [resources, sparse.csr_matrix((resources.shape[0], n + 2))],
    ]
    matrix = sparse.vstack([sparse.hstack(row) for row in blocks], format="csr")
    upper = np.concatenate(
        [
            -game.attacker_uncovered,
            big_a + game.attacker_uncovered,
            big_d + game.defender_uncovered,
            [1.0],
            resource_bounds,
        ]
    )
    lower = np.concatenate([np.full(3 * n, -np.inf), [1.0], np.full(resource_bounds.size, -np.inf)])
    cost = np.zeros(4 * n + 2)
    cost[-1] = -1.0
    integrality = np.concatenate([np.zeros(3 * n), np.ones(n), np.zeros(2)])
    bounds = Bounds(
        np.concatenate([np.zeros(4 * n), [-np.inf, -np.inf]]),
        np.concatenate([np.ones(4 * n), [np.inf, np.inf]]),
    )
    options = {"time_limit": time_limit} if time_limit is not None else {}
    result = milp(
        cost,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=integrality,
        bounds=bounds,
        options=options,
    )
    if result.x is None:
        raise RuntimeError(f"MILP failed: {result.message}")
    states = result.x[: 3 * n]
    protection = prot @ states
    target = int(np.argmax(result.x[3 * n : 4 * n]))
    return ReferenceResult(float(game.defender_utility(protection)[target]), target, protection, states)


def minimax_lp(game: Game, model: InterceptionModel, capacity: tuple[float, float]) -> tuple[float, float]:
    """Lowest attacker level by one LP, and the defender value via the attack-set rule.

    Returns ``(attacker_level, defender_value)``.
    """
    n = game.size
    prot = _protection_matrix(n, model)
    resources, resource_bounds = _resource_rows(n, capacity)
    a_ub = sparse.vstack(
        [
            sparse.hstack([-(sparse.diags(game.attacker_span) @ prot), sparse.csr_matrix(-np.ones((n, 1)))]),
            sparse.hstack([resources, sparse.csr_matrix((resources.shape[0], 1))]),
        ],
        format="csr",
    )
    b_ub = np.concatenate([-game.attacker_uncovered, resource_bounds])
    cost = np.zeros(3 * n + 1)
    cost[-1] = 1.0
    bounds = [(0.0, 1.0)] * (3 * n) + [(None, None)]
    result = linprog(cost, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if result.status != 0:  # pragma: no cover - always feasible (all-zero plan)
        raise RuntimeError(f"minimax LP failed: {result.message}")
    level = float(result.x[-1])
    required = np.clip((game.attacker_uncovered - level) / game.attacker_span, 0.0, model.both)
    _, _, value = respond(game, required, level)
    return level, value
