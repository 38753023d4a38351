"""Enhancement over intact skin is reported only where intact delivery is detectable."""

import json
import math

import pytest

from needlesim.parameters import ParameterSet
from needlesim.scenario import build_scenario
from needlesim.simulation import Simulation
from needlesim.transport.outputs import enhancement_ratio, intact_detection_limit_ug_per_cm2


def test_ratio_is_nan_below_the_detection_limit_and_exact_above():
    params = ParameterSet()
    limit = intact_detection_limit_ug_per_cm2(100.0, params)
    assert limit == pytest.approx(max(0.01, 1e-4 * 100.0))
    assert math.isnan(enhancement_ratio(100.0, 0.5 * limit, limit))
    assert enhancement_ratio(100.0, 2.0, limit) == pytest.approx(50.0)
    # the dynamic range bounds every reported ratio
    for needled in (1e-3, 1.0, 1e3, 1e6):
        limit = intact_detection_limit_ug_per_cm2(needled, params)
        ratio = enhancement_ratio(needled, limit, limit)
        assert ratio <= 1e4 * (1 + 1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("serum", ["egf", "vitamin_c"])
def test_summary_reports_null_with_a_reason_or_a_finite_ratio(serum):
    scenario = build_scenario({
        "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
                     "passes": 2, "area_cm2": 2, "serum": serum},
    })
    summary = json.loads(Simulation(scenario).run().summary_json())
    values = summary["delivery"][serum]
    assert values["intact_detection_limit_ug_per_cm2"] > 0
    if values["intact_below_detection"]:
        assert values["enhancement_ratio"] is None
        assert "detection limit" in summary["null_reasons"][f"delivery.{serum}.enhancement_ratio"]
        assert values["dermis_ug_per_cm2"] > 0  # the absolute amounts stay
    else:
        assert 1 <= values["enhancement_ratio"] <= 1e4
