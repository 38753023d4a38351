"""The summary never holds NaN or infinity: null, with the reason."""

import json
import math

from needlesim.results.finite import finite_summary
from needlesim.scenario import build_scenario
from needlesim.simulation import Simulation


def test_non_finite_numbers_become_null_with_a_reason():
    summary = {"a": {"b": float("nan"), "b_null_reason": "not reached", "c": float("inf"), "d": 1.5},
               "e": [1.0, float("-inf")]}
    out = finite_summary(summary)
    assert out["a"] == {"b": None, "c": None, "d": 1.5} and out["e"] == [1.0, None]
    assert out["null_reasons"]["a.b"] == "not reached"
    assert "infinite" in out["null_reasons"]["a.c"] and "e[1]" in out["null_reasons"]
    json.dumps(out, allow_nan=False)


def test_finite_summary_leaves_a_finite_summary_alone():
    summary = {"a": {"b": 2.0}, "flag": True, "name": "x"}
    assert finite_summary(summary) == summary


def _finite_everywhere(value):
    if isinstance(value, dict):
        return all(_finite_everywhere(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite_everywhere(v) for v in value)
    return not isinstance(value, float) or math.isfinite(value)


def test_numbing_cream_that_never_numbs_intact_skin_reports_null_and_why():
    scenario = build_scenario({
        "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 1.5,
                     "passes": 2, "area_cm2": 2, "serum": "lidocaine", "serum_wipe_min": 5},
    })  # wiped after 5 min: intact skin never takes up enough to numb
    summary = json.loads(Simulation(scenario).run().summary_json())
    lidocaine = summary["delivery"]["lidocaine"]
    assert lidocaine["numbing_onset_min"] is not None and lidocaine["numbing_onset_min"] >= 0
    assert lidocaine["intact_numbing_onset_min"] is None
    reason = summary["null_reasons"]["delivery.lidocaine.intact_numbing_onset_min"]
    assert "not reached" in reason
    assert _finite_everywhere(summary)
