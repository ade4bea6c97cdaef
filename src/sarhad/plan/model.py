"""The patrol game: payoffs per sector, the interception model, and the joint commitment.

Vocabulary (see docs/planning.md for the derivations):

* A *sector* is a target. Party 0 and party 1 (e.g. PK and IR) each guard it from their own side.
* In one shift a sector is in one of four *states*: nobody there, only party 0, only party 1,
  or both at once (a *pair*). A joint commitment gives the probability of each state per sector.
* The *interception model* says how likely a crossing is stopped in each state:
  ``single`` when exactly one side is there, ``both`` when both are.
* *Protection* ``p_k`` is the resulting stop probability; the attacker's and the defender's expected
  payoffs are linear in it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


class PlanInputError(ValueError):
    """Input that cannot be planned with; the message says which value and why."""


def as_float_array(values: Sequence[float] | NDArray[Any], name: str) -> FloatArray:
    """A 1-D float64 copy of ``values``, rejecting NaN and infinities."""
    array = np.array(values, dtype=np.float64)
    if array.ndim != 1:
        raise PlanInputError(f"{name} must be one-dimensional, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise PlanInputError(f"{name} must be finite numbers")
    return array


@dataclass(frozen=True)
class InterceptionModel:
    """Stop probability of a crossing given who patrols the sector in that shift.

    ``single``: exactly one side is there; ``both``: both sides are there at the same time.
    With marginals ``x`` (party 0), ``y`` (party 1) and a share ``b`` of shifts with both present,
    protection is ``single * (x + y - 2b) + both * b``.

    Two regimes are supported, because for them the optimum is computed exactly by the fast path
    and turned into rosters by an exact sampler:

    * ``both == single`` ("either"): a second patrol on the same stretch adds nothing, so the plan
      should never double-cover; with ``single = 1`` this is the issue's model (a).
    * ``both >= 2 * single`` ("joint"): a joint operation is worth at least two separate patrols
      (attackers who flee across the line are caught only if the other side is there), model (b).

    In between (``single < both < 2 * single``) the optimal plan mixes joint and solo patrols on
    saturated sectors; that regime is refused rather than approximated.
    """

    name: str
    single: float
    both: float

    def __post_init__(self) -> None:
        if not (0.0 < self.single <= 1.0 and 0.0 < self.both <= 1.0):
            raise PlanInputError("stop probabilities must lie in (0, 1]")
        if self.both < self.single:
            raise PlanInputError("a joint patrol cannot stop less than a single one (both < single)")
        if self.single < self.both < 2.0 * self.single:
            raise PlanInputError(
                f"unsupported interception model: both={self.both} lies strictly between single="
                f"{self.single} and 2*single; use both == single (either) or both >= 2*single (joint)"
            )

    @property
    def joint_pays(self) -> bool:
        """True when sending both sides to the same sector is worth it (joint regime)."""
        return self.both > self.single

    def protection(self, x: FloatArray, y: FloatArray, both_share: FloatArray) -> FloatArray:
        """Stop probability from the two marginals and the share of shifts with both present."""
        return self.single * (x + y - 2.0 * both_share) + self.both * both_share

    def independent(self, x: FloatArray, y: FloatArray) -> FloatArray:
        """Protection when each side draws its roster on its own: both present with prob ``x*y``."""
        return self.protection(x, y, x * y)

    def correlated(self, x: FloatArray, y: FloatArray) -> FloatArray:
        """Best protection that correlated rosters can reach with the same marginals.

        Either regime: avoid overlap, ``b = max(0, x + y - 1)``, giving ``single * min(1, x + y)``.
        Joint regime: overlap as much as possible, ``b = min(x, y)``.
        """
        share = np.minimum(x, y) if self.joint_pays else np.maximum(0.0, x + y - 1.0)
        return self.protection(x, y, share)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "single": self.single, "both": self.both}


def either_model() -> InterceptionModel:
    """Model (a): either side's patrol stops the crossing; ``1-(1-x)(1-y)`` vs ``min(1, x+y)``."""
    return InterceptionModel("either", 1.0, 1.0)


def joint_model(single: float = 0.3, both: float = 0.9) -> InterceptionModel:
    """Model (b): one side alone stops ``single`` (the rest flee across), both together ``both``."""
    return InterceptionModel("joint", single, both)


@dataclass(frozen=True)
class Game:
    """Payoffs of a one-shot Stackelberg security game with one attacker type.

    ``*_uncovered``: payoff when the crossing/attack in that sector gets through;
    ``*_covered``: payoff when it is stopped. Expected payoffs are linear in the protection ``p``.
    """

    attacker_uncovered: FloatArray
    attacker_covered: FloatArray
    defender_uncovered: FloatArray
    defender_covered: FloatArray

    def __post_init__(self) -> None:
        arrays = (
            self.attacker_uncovered,
            self.attacker_covered,
            self.defender_uncovered,
            self.defender_covered,
        )
        if len({a.shape for a in arrays}) != 1 or arrays[0].ndim != 1 or arrays[0].size == 0:
            raise PlanInputError("payoff arrays must be non-empty, one-dimensional and of equal length")
        if not all(np.all(np.isfinite(a)) for a in arrays):
            raise PlanInputError("payoffs must be finite")
        # Strict orderings make "more protection" always bad for the attacker and good for the defender.
        if np.any(self.attacker_uncovered <= self.attacker_covered):
            raise PlanInputError("attacker must prefer getting through to being stopped in every sector")
        if np.any(self.defender_covered <= self.defender_uncovered):
            raise PlanInputError(
                "defender must prefer stopping an attack to letting it through in every sector"
            )

    @property
    def size(self) -> int:
        return int(self.attacker_uncovered.size)

    @property
    def attacker_span(self) -> FloatArray:
        """How much a stop costs the attacker, per sector (> 0)."""
        return self.attacker_uncovered - self.attacker_covered

    @property
    def defender_span(self) -> FloatArray:
        """How much a stop gains the defender, per sector (> 0)."""
        return self.defender_covered - self.defender_uncovered

    def attacker_utility(self, protection: FloatArray) -> FloatArray:
        return self.attacker_uncovered - protection * self.attacker_span

    def defender_utility(self, protection: FloatArray) -> FloatArray:
        return self.defender_uncovered + protection * self.defender_span


@dataclass(frozen=True)
class PayoffConfig:
    """How a sector's threat becomes payoffs. ``tau`` is the threat divided by the largest threat.

    * attacker gets ``attacker_reward * tau`` when the attack gets through (threat = how attractive
      the sector has proven to be), and ``-attacker_penalty`` when stopped (capture costs the same
      anywhere);
    * defender gets ``-defender_loss * tau`` when it gets through and ``defender_reward * tau``
      when stopped.
    """

    attacker_reward: float = 1.0
    attacker_penalty: float = 0.5
    defender_loss: float = 1.0
    defender_reward: float = 0.0

    def __post_init__(self) -> None:
        if self.attacker_reward <= 0 or self.attacker_penalty < 0:
            raise PlanInputError("attacker_reward must be > 0 and attacker_penalty >= 0")
        if self.defender_loss + self.defender_reward <= 0:
            raise PlanInputError("defender_loss + defender_reward must be > 0")


def build_game(threat: Sequence[float] | FloatArray, config: PayoffConfig | None = None) -> Game:
    """Payoffs from per-sector threat (all > 0), following :class:`PayoffConfig`."""
    cfg = config or PayoffConfig()
    values = as_float_array(threat, "threat")
    if values.size == 0 or np.any(values <= 0):
        raise PlanInputError("every sector needs a positive threat")
    tau = values / values.max()
    return Game(
        attacker_uncovered=cfg.attacker_reward * tau,
        attacker_covered=np.full_like(tau, -cfg.attacker_penalty),
        defender_uncovered=-cfg.defender_loss * tau,
        defender_covered=cfg.defender_reward * tau,
    )


@dataclass(frozen=True)
class Commitment:
    """A correlated joint plan: per sector, the probability of each patrol state in a shift.

    ``alone[i][k]``: only party ``i`` patrols sector ``k``; ``pair[k]``: both do, at the same time.
    Per sector the three probabilities sum to at most 1.
    """

    alone: tuple[FloatArray, FloatArray]
    pair: FloatArray

    def coverage(self, party: int) -> FloatArray:
        """Marginal probability that ``party`` patrols each sector."""
        return self.alone[party] + self.pair

    def units_used(self, party: int) -> float:
        return float(self.coverage(party).sum())

    def protection(self, model: InterceptionModel) -> FloatArray:
        return model.single * (self.alone[0] + self.alone[1]) + model.both * self.pair
