"""Shift-by-shift rosters drawn from a commitment, with exact marginals and exact unit counts.

Everything rests on comb (systematic) sampling: lay the sectors' probabilities end to end on a
line, draw one phase ``u`` in [0, 1) per shift and put a unit at every point ``u + j``. A sector
whose stretch has length ``p <= 1`` receives a unit with probability exactly ``p`` and never two;
a line of integer length ``U`` uses exactly ``U`` units. Units left over are *reserve*, a stretch
of the line that is not a sector (standby / rapid-reaction duty).

* Either regime: one line for the pooled coverage; its teeth are dealt out to the parties at
  random (``U0`` of them to party 0), which realises the proportional split and never sends both
  sides to one sector.
* Joint regime: the smaller party only patrols jointly, so its line holds the joint patrols; the
  larger party joins every one of them and patrols alone on a second line of length ``U0 - U1``.
  Mixed sectors (both joint and solo patrols) must never get both in one shift; the two lines are
  arranged so that, sharing one phase, each mixed sector's solo stretch is the complement of its
  joint stretch (see docs/planning.md, "Rosters"). The solver produces at most one unsaturated
  mixed sector, which is what makes that arrangement possible.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sarhad.plan.model import Commitment, FloatArray, IntArray, InterceptionModel, PlanInputError

_EPS = 1e-12
_TOL = 1e-9


@dataclass(frozen=True)
class RosterSample:
    """``present[s, i, k]``: party ``i`` patrols sector ``k`` in shift ``s``.

    ``reserve[s, i]``: units of party ``i`` on standby in shift ``s``.
    """

    present: NDArray[np.bool_]
    reserve: IntArray

    @property
    def joint(self) -> NDArray[np.bool_]:
        """``joint[s, k]``: both parties patrol sector ``k`` in shift ``s``."""
        return self.present[:, 0, :] & self.present[:, 1, :]


def comb(lengths: FloatArray, phases: FloatArray, teeth: int) -> IntArray:
    """For each phase (one per shift) and tooth ``j``, the index of the stretch holding ``phase + j``."""
    ends = np.cumsum(lengths)
    positions = phases[:, None] + np.arange(teeth)[None, :]
    found = np.searchsorted(ends, positions, side="right")
    return np.minimum(found, lengths.size - 1).astype(np.int64)  # rounding past the end: last stretch


def _reserve_length(capacity: int, used: float, what: str) -> float:
    if used > capacity + _TOL:
        raise PlanInputError(f"{what} uses {used:.6f} units but only {capacity} are available")
    return max(0.0, capacity - used)


def _either(
    commitment: Commitment, units: tuple[int, int], shifts: int, rng: np.random.Generator
) -> RosterSample:
    n = commitment.pair.size
    total = units[0] + units[1]
    coverage = commitment.alone[0] + commitment.alone[1]
    if np.any(commitment.pair > _EPS) or not np.allclose(commitment.alone[0] * total, coverage * units[0]):
        raise PlanInputError("either-regime rosters need a proportional split and no joint patrols")
    lengths = np.append(coverage, _reserve_length(total, float(coverage.sum()), "the plan"))
    stretch = comb(lengths, rng.random(shifts), total)
    # Deal each shift's teeth to the parties at random: P(party 0 | sector covered) = U0 / (U0 + U1).
    labels = rng.permuted(np.broadcast_to(np.repeat([0, 1], units), (shifts, total)), axis=1)
    present = np.zeros((shifts, 2, n), dtype=bool)
    shift_idx, tooth_idx = np.nonzero(stretch < n)
    present[shift_idx, labels[shift_idx, tooth_idx], stretch[shift_idx, tooth_idx]] = True
    idle = stretch == n
    reserve = np.stack([(idle & (labels == party)).sum(axis=1) for party in (0, 1)], axis=1)
    return RosterSample(present, reserve.astype(np.int64))


@dataclass(frozen=True)
class _JointLayout:
    pair_order: IntArray
    pair_lengths: FloatArray
    solo_order: IntArray
    solo_lengths: FloatArray
    offset: float


def _joint_layout(solo: FloatArray, pair: FloatArray, units: tuple[int, int]) -> _JointLayout:
    """Order the two lines so that a mixed sector never gets a solo and a joint patrol together.

    Pair line: [unsaturated mixed][saturated mixed m1..mK][pure joint][reserve].
    Solo line: [saturated mixed mK..m1][unsaturated mixed][pure solo][reserve], read at phase
    ``u - offset`` where ``offset`` is the length of the mixed block on the pair line. Sector m_i's
    solo stretch then starts, in phase, exactly where its joint stretch ends.
    """
    mixed = (solo > _EPS) & (pair > _EPS)
    saturated = mixed & (solo + pair >= 1.0 - _TOL)
    partial = np.flatnonzero(mixed & ~saturated)
    if partial.size > 1:
        raise PlanInputError(
            "joint rosters allow at most one unsaturated sector with both solo and joint patrols"
        )
    full = np.flatnonzero(saturated)
    pair_order = np.concatenate([partial, full, np.flatnonzero((pair > _EPS) & ~mixed)])
    solo_order = np.concatenate([full[::-1], partial, np.flatnonzero((solo > _EPS) & ~mixed)])
    solo_lengths = solo[solo_order].copy()
    solo_lengths[: full.size] = 1.0 - pair[full[::-1]]  # exact complements keep the phases aligned
    pair_lengths = pair[pair_order]
    return _JointLayout(
        pair_order=pair_order,
        pair_lengths=np.append(
            pair_lengths, _reserve_length(units[1], float(pair_lengths.sum()), "joint patrols")
        ),
        solo_order=solo_order,
        solo_lengths=np.append(
            solo_lengths, _reserve_length(units[0] - units[1], float(solo_lengths.sum()), "solo patrols")
        ),
        offset=float(pair[np.concatenate([partial, full])].sum()),
    )


def _joint(
    commitment: Commitment, units: tuple[int, int], shifts: int, rng: np.random.Generator
) -> RosterSample:
    n = commitment.pair.size
    larger = 0 if units[0] >= units[1] else 1
    smaller = 1 - larger
    if np.any(commitment.alone[smaller] > _EPS):
        raise PlanInputError("joint-regime rosters need the smaller party to patrol only jointly")
    ordered = (units[larger], units[smaller])
    layout = _joint_layout(commitment.alone[larger], commitment.pair, ordered)
    phases = rng.random(shifts)
    pair_hits = comb(layout.pair_lengths, phases, ordered[1])
    solo_hits = comb(layout.solo_lengths, (phases - layout.offset) % 1.0, ordered[0] - ordered[1])
    present = np.zeros((shifts, 2, n), dtype=bool)
    for hits, order, parties in (
        (pair_hits, layout.pair_order, (larger, smaller)),
        (solo_hits, layout.solo_order, (larger,)),
    ):
        shift_idx, tooth_idx = np.nonzero(hits < order.size)
        sectors = order[hits[shift_idx, tooth_idx]]
        for party in parties:
            present[shift_idx, party, sectors] = True
    reserve = np.zeros((shifts, 2), dtype=np.int64)
    joint_idle = (pair_hits == layout.pair_order.size).sum(axis=1)
    reserve[:, smaller] = joint_idle
    reserve[:, larger] = joint_idle + (solo_hits == layout.solo_order.size).sum(axis=1)
    return RosterSample(present, reserve)


def sample_rosters(
    commitment: Commitment,
    model: InterceptionModel,
    units: tuple[int, int],
    shifts: int,
    rng: np.random.Generator,
) -> RosterSample:
    """Draw ``shifts`` independent shifts whose marginals are exactly the commitment's.

    Each party uses exactly its units every shift (patrolling or in reserve); no sector ever gets
    two units of one party, and in the either regime never one of each.
    """
    if shifts < 0 or min(units) < 0:
        raise PlanInputError("shifts and units must be >= 0")
    sampler = _joint if model.joint_pays else _either
    return sampler(commitment, units, shifts, rng)
