"""The plan stage end to end (without the CLI): rivals, JSON shape, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sarhad.plan.model import InterceptionModel, PlanInputError, either_model, joint_model
from sarhad.plan.planner import PlanSettings, check_units, parse_units, plan_patrols

PARTIES = ("PK", "IR")
MODELS = [either_model(), joint_model(), InterceptionModel("joint-0.45", 0.45, 0.9)]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_coordinated_beats_every_baseline_on_every_game(model: InterceptionModel) -> None:
    rng = np.random.default_rng(21)
    for trial in range(40):
        n = int(rng.integers(1, 40))
        ids = [int(i) for i in rng.choice(1000, n, replace=False)]
        shape = trial % 3
        values = (
            [1.0] * n if shape == 0 else (rng.pareto(1.2, n) + 0.05 if shape == 1 else rng.uniform(0.1, 1, n))
        )
        threat = dict(zip(ids, map(float, values), strict=True))
        units = {"PK": int(rng.integers(1, n + 1)), "IR": int(rng.integers(1, n + 1))}
        plan = plan_patrols(ids, threat, PARTIES, units, PlanSettings(model=model, shifts=2, seed=trial))
        best = plan.utility["coordinated"]
        for name, value in plan.utility.items():
            assert best >= value - 1e-9, (trial, name, best, value)
        for name, score in plan.baselines.items():
            assert best >= score.correlated - 1e-9, (trial, name)
            assert score.correlated >= score.independent - 1e-9, "correlating rosters never hurts"
        assert plan.price_of_miscoordination >= -1e-9


def test_json_document_has_the_promised_shape() -> None:
    ids = [7, 8, 9, 10]
    plan = plan_patrols(
        ids, {7: 1.0, 8: 4.0, 9: 2.0, 10: 0.5}, PARTIES, {"PK": 2, "IR": 1}, PlanSettings(seed=3)
    )
    doc = json.loads(json.dumps(plan.to_dict({7: {"start_km": 0.0, "end_km": 25.0}})))
    assert set(doc["utility"]) == {"coordinated", "uncoordinated", "uniform", "proportional", "top_m"}
    assert [s["id"] for s in doc["sectors"]] == ids
    first = doc["sectors"][0]
    assert {"id", "threat", "coverage", "protection", "start_km", "end_km"} <= set(first)
    assert set(first["coverage"]) == {"PK", "IR"}
    assert sum(s["coverage"]["PK"] for s in doc["sectors"]) == pytest.approx(2, abs=1e-5)
    assert len(doc["roster"]) == 21 and doc["seed"] == 3
    for shift in doc["roster"]:
        assert len(shift["PK"]) + shift["reserve"]["PK"] == 2
        assert len(shift["IR"]) + shift["reserve"]["IR"] == 1
        assert set(shift["PK"]) <= set(ids) and not set(shift["PK"]) & set(shift["IR"])


def test_same_seed_same_plan_and_roster() -> None:
    args = ([1, 2, 3], {1: 1.0, 2: 2.0, 3: 3.0}, PARTIES, {"PK": 1, "IR": 1})
    first = plan_patrols(*args, PlanSettings(seed=9)).to_dict()
    assert first == plan_patrols(*args, PlanSettings(seed=9)).to_dict()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("PK=12", "no units given for IR"),
        ("PK=12,IR=0", "at least one"),
        ("PK=-3,IR=2", "at least one"),
        ("PK=12,AF=2", "unknown party code 'AF'"),
        ("PK=12;IR=2", "malformed"),
        ("PK=twelve,IR=2", "malformed"),
        ("PK=1,PK=2,IR=1", "given twice"),
        ("", "malformed"),
    ],
)
def test_bad_units_text_is_explained(text: str, message: str) -> None:
    with pytest.raises(PlanInputError, match=message):
        parse_units(text, PARTIES)


def test_units_parse_case_insensitively() -> None:
    assert parse_units(" pk = 12 , IR=10", PARTIES) == {"PK": 12, "IR": 10}


def test_more_units_than_sectors_is_refused() -> None:
    with pytest.raises(PlanInputError, match="only 3 sectors"):
        check_units({"PK": 4, "IR": 1}, PARTIES, 3)
    with pytest.raises(PlanInputError, match="unknown party"):
        check_units({"PK": 1, "IR": 1, "AF": 1}, PARTIES, 3)
    with pytest.raises(PlanInputError):
        plan_patrols([1, 2], {1: 1.0, 2: 1.0}, PARTIES, {"PK": 1, "IR": 0})
    with pytest.raises(PlanInputError, match="no threat"):
        plan_patrols([1, 2], {1: 1.0}, PARTIES, {"PK": 1, "IR": 1})
