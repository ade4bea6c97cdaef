"""Patrol planning: coordinated, randomized two-party patrols as a Stackelberg security game.

Typical use::

    from sarhad.plan import PlanSettings, plan_patrols, joint_model
    plan = plan_patrols([1, 2, 3], {1: 1.0, 2: 3.0, 3: 0.5}, ("PK", "IR"), {"PK": 1, "IR": 1},
                        PlanSettings(model=joint_model(), seed=7))
    plan.utility["coordinated"], plan.price_of_miscoordination, plan.to_dict()["roster"]

See docs/planning.md for the models, the algorithms and how to read the utilities.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the real imports, for type checkers; at run time each is loaded on first use
    from sarhad.plan.evaluate import best_response_utility, quantal_response_utility
    from sarhad.plan.model import (
        Commitment,
        Game,
        InterceptionModel,
        PayoffConfig,
        PlanInputError,
        build_game,
        either_model,
        joint_model,
    )
    from sarhad.plan.planner import PatrolPlan, PlanSettings, check_units, parse_units, plan_patrols
    from sarhad.plan.roster import RosterSample, sample_rosters
    from sarhad.plan.solver import Equilibrium, solve
    from sarhad.plan.threat import SectorEvent, sector_threat

# Which module defines each public name: `import sarhad.plan.cli` (every `sarhad --help`) must not load
# the solver and its numerical libraries.
_WHERE = {
    "best_response_utility": "evaluate",
    "quantal_response_utility": "evaluate",
    "Commitment": "model",
    "Game": "model",
    "InterceptionModel": "model",
    "PayoffConfig": "model",
    "PlanInputError": "model",
    "build_game": "model",
    "either_model": "model",
    "joint_model": "model",
    "PatrolPlan": "planner",
    "PlanSettings": "planner",
    "check_units": "planner",
    "parse_units": "planner",
    "plan_patrols": "planner",
    "RosterSample": "roster",
    "sample_rosters": "roster",
    "Equilibrium": "solver",
    "solve": "solver",
    "SectorEvent": "threat",
    "sector_threat": "threat",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f"sarhad.plan.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'sarhad.plan' has no attribute {name!r}")


__all__ = [
    "Commitment",
    "Equilibrium",
    "Game",
    "InterceptionModel",
    "PatrolPlan",
    "PayoffConfig",
    "PlanInputError",
    "PlanSettings",
    "RosterSample",
    "SectorEvent",
    "best_response_utility",
    "build_game",
    "check_units",
    "either_model",
    "joint_model",
    "parse_units",
    "plan_patrols",
    "quantal_response_utility",
    "sample_rosters",
    "sector_threat",
    "solve",
]
