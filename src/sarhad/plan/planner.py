"""The `plan` stage: from sectors, threat and units to a coordinated plan, its rivals and rosters."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sarhad.plan.evaluate import (
    BASELINES,
    PlanScore,
    best_response_utility,
    quantal_response_utility,
    score_baseline,
)
from sarhad.plan.model import (
    FloatArray,
    InterceptionModel,
    PayoffConfig,
    PlanInputError,
    build_game,
    either_model,
)
from sarhad.plan.roster import RosterSample, sample_rosters
from sarhad.plan.solver import Equilibrium, solve

_UNITS_ITEM = re.compile(r"^\s*([A-Za-z]{2,3})\s*=\s*([+-]?\d+)\s*$")


def parse_units(text: str, parties: Sequence[str]) -> dict[str, int]:
    """Parse ``"PK=12,IR=10"``: every party exactly once, positive whole numbers.

    Raises :class:`PlanInputError` naming the offending item.
    """
    known = [p.upper() for p in parties]
    units: dict[str, int] = {}
    for item in text.split(","):
        match = _UNITS_ITEM.match(item)
        if match is None:
            raise PlanInputError(f"malformed units {item.strip()!r}: expected CODE=N, e.g. PK=12,IR=10")
        code, count = match.group(1).upper(), int(match.group(2))
        if code not in known:
            raise PlanInputError(f"unknown party code {code!r}: this border's parties are {', '.join(known)}")
        if code in units:
            raise PlanInputError(f"party {code} is given twice")
        if count <= 0:
            raise PlanInputError(f"{code} needs at least one patrol unit per shift, got {count}")
        units[code] = count
    missing = [p for p in known if p not in units]
    if missing:
        raise PlanInputError(f"no units given for {', '.join(missing)}")
    return units


def check_units(units: Mapping[str, int], parties: Sequence[str], sectors: int) -> tuple[int, int]:
    """Units per shift in party order; each party needs 1..(number of sectors) units."""
    if len(parties) != 2 or len(set(parties)) != 2:
        raise PlanInputError(f"planning needs exactly two distinct parties, got {list(parties)}")
    unknown = sorted(set(units) - set(parties))
    if unknown:
        raise PlanInputError(f"unknown party code(s) {', '.join(unknown)}: parties are {', '.join(parties)}")
    counts = []
    for party in parties:
        if party not in units:
            raise PlanInputError(f"no units given for {party}")
        count = units[party]
        if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
            raise PlanInputError(f"{party} needs a positive whole number of units, got {count!r}")
        if count > sectors:
            raise PlanInputError(
                f"{party} has {count} units but the border has only {sectors} sectors: "
                "a unit patrols one sector per shift, so use at most one unit per sector"
            )
        counts.append(count)
    return counts[0], counts[1]


@dataclass(frozen=True)
class PlanSettings:
    model: InterceptionModel = field(default_factory=either_model)
    payoffs: PayoffConfig = field(default_factory=PayoffConfig)
    shifts: int = 21
    seed: int | None = None
    rationality: float = 10.0
    """Quantal-response attacker's rationality (lambda) for the robustness check."""


@dataclass(frozen=True)
class PatrolPlan:
    parties: tuple[str, str]
    units: tuple[int, int]
    sector_ids: list[int]
    threat: FloatArray
    settings: PlanSettings
    seed: int
    coordinated: Equilibrium
    uncoordinated: tuple[FloatArray, FloatArray]
    """Each party's coverage when it plans alone, as if the other did not exist."""
    utility: dict[str, float]
    quantal: dict[str, float]
    baselines: dict[str, PlanScore]
    roster: RosterSample

    @property
    def price_of_miscoordination(self) -> float:
        """Defender utility lost by planning separately: coordinated minus uncoordinated (>= 0)."""
        return self.utility["coordinated"] - self.utility["uncoordinated"]

    def to_dict(self, sector_info: Mapping[int, Mapping[str, Any]] | None = None) -> dict[str, Any]:
        """The JSON document of ``sarhad plan patrols --json``."""
        return {
            "parties": list(self.parties),
            "units": dict(zip(self.parties, self.units, strict=True)),
            "model": self.settings.model.as_dict(),
            "shifts": self.settings.shifts,
            "seed": self.seed,
            "sectors": self._sectors(sector_info or {}),
            "utility": _rounded(self.utility),
            "price_of_miscoordination": round(self.price_of_miscoordination, 6),
            "attacker": self._attacker(),
            "quantal_response": {"rationality": self.settings.rationality, **_rounded(self.quantal)},
            "baselines": {
                name: {"independent": round(s.independent, 6), "correlated": round(s.correlated, 6)}
                for name, s in self.baselines.items()
            },
            "roster": self._roster(),
        }

    def _sectors(self, info: Mapping[int, Mapping[str, Any]]) -> list[dict[str, Any]]:
        plan = self.coordinated.commitment
        rows = []
        for k, sector_id in enumerate(self.sector_ids):
            row: dict[str, Any] = {"id": sector_id, **info.get(sector_id, {})}
            row["threat"] = round(float(self.threat[k]), 6)
            row["coverage"] = {p: round(float(plan.coverage(i)[k]), 6) for i, p in enumerate(self.parties)}
            row["joint"] = round(float(plan.pair[k]), 6)
            row["protection"] = round(float(self.coordinated.protection[k]), 6)
            row["uncoordinated"] = {
                p: round(float(self.uncoordinated[i][k]), 6) for i, p in enumerate(self.parties)
            }
            rows.append(row)
        return rows

    def _attacker(self) -> dict[str, Any]:
        eq = self.coordinated
        return {
            "value": round(eq.attacker_value, 6),
            "target": self.sector_ids[eq.target],
            "attack_set": [self.sector_ids[k] for k in eq.attack_set],
        }

    def _roster(self) -> list[dict[str, Any]]:
        ids = np.asarray(self.sector_ids)
        shifts = []
        for s in range(self.roster.present.shape[0]):
            entry: dict[str, Any] = {"shift": s + 1}
            for i, party in enumerate(self.parties):
                entry[party] = ids[self.roster.present[s, i]].tolist()
            entry["joint"] = ids[self.roster.joint[s]].tolist()
            entry["reserve"] = {p: int(self.roster.reserve[s, i]) for i, p in enumerate(self.parties)}
            shifts.append(entry)
        return shifts


def _rounded(values: Mapping[str, float]) -> dict[str, float]:
    return {k: round(v, 6) for k, v in values.items()}


def _threat_vector(sector_ids: Sequence[int], threat: Mapping[int, float]) -> FloatArray:
    if len(set(sector_ids)) != len(sector_ids) or not sector_ids:
        raise PlanInputError("sector ids must be unique and non-empty")
    missing = [s for s in sector_ids if s not in threat]
    if missing:
        raise PlanInputError(f"no threat for sector(s) {missing[:10]}")
    extra = sorted(set(threat) - set(sector_ids))
    if extra:
        raise PlanInputError(f"threat given for unknown sector(s) {extra[:10]}")
    values = np.array([float(threat[s]) for s in sector_ids])
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise PlanInputError("threats must be positive finite numbers")
    return values


def plan_patrols(
    sector_ids: Sequence[int],
    threat: Mapping[int, float],
    parties: tuple[str, str],
    units: Mapping[str, int],
    settings: PlanSettings | None = None,
) -> PatrolPlan:
    """Coordinated SSE plan, the uncoordinated and naive rivals, and rosters for the coordinated one."""
    cfg = settings or PlanSettings()
    if cfg.shifts < 1:
        raise PlanInputError(f"shifts must be >= 1, got {cfg.shifts}")
    values = _threat_vector(list(sector_ids), threat)
    counts = check_units(units, parties, values.size)
    game = build_game(values, cfg.payoffs)
    model = cfg.model
    coordinated = solve(game, model, (counts[0], counts[1]))
    alone = (
        solve(game, model, (counts[0], 0)).commitment.coverage(0),
        solve(game, model, (0, counts[1])).commitment.coverage(1),
    )
    baselines = {name: score_baseline(name, game, model, values, counts) for name in BASELINES}
    protections = {
        "coordinated": coordinated.protection,
        "uncoordinated": model.independent(*alone),
        **{name: model.independent(*score.coverage) for name, score in baselines.items()},
    }
    utility = {name: best_response_utility(game, p) for name, p in protections.items()}
    quantal = {name: quantal_response_utility(game, p, cfg.rationality) for name, p in protections.items()}
    seed = cfg.seed if cfg.seed is not None else secrets.randbits(32)
    roster = sample_rosters(coordinated.commitment, model, counts, cfg.shifts, np.random.default_rng(seed))
    return PatrolPlan(
        parties=parties,
        units=counts,
        sector_ids=list(sector_ids),
        threat=values,
        settings=cfg,
        seed=seed,
        coordinated=coordinated,
        uncoordinated=alone,
        utility=utility,
        quantal=quantal,
        baselines=baselines,
        roster=roster,
    )
