"""Elasticity (Cutometer R2), firmness (R0), pore area and skin age read off the dermis."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from needlesim.outcomes.mechanics import (
    age_baseline,
    elasticity_r2_change,
    firmness_change,
    mechanics_outcomes,
    pore_area_change,
    r2_relative,
)
from needlesim.outcomes.skin_age import matrix_age, matrix_level, skin_age_years_gained
from needlesim.parameters import default_parameters

PARAMS = default_parameters()
BASELINE = age_baseline(PARAMS)
REFERENCE = BASELINE.collagen_reference
AGES = [20.0, 30.0, 45.0, 60.0, 75.0]
WEIGHTS = (PARAMS.get("elasticity_collagen_weight"), PARAMS.get("elasticity_elastin_weight"))


def changes(collagen=0.0, elastin=0.0):
    values = {"collagen_dermis": collagen, "collagen_I_mature": collagen, "collagen_total": collagen,
              "elastin": elastin, "elastin_dermis": elastin}
    return {k: np.array([[v]]) for k, v in values.items()}


@pytest.mark.parametrize("age", AGES)
def test_no_change_reads_no_change(age):
    out = mechanics_outcomes(changes(), PARAMS, age)
    for key, value in out.items():
        assert value == pytest.approx(0.0, abs=1e-9), key


@pytest.mark.parametrize("age", [45.0, 60.0, 75.0])
def test_more_collagen_or_elastin_never_lowers_elasticity_and_firmness(age):
    steps = np.arange(-6, 21) * 0.05  # -0.3 to 1.0, with 0 exactly
    r2_c = elasticity_r2_change(steps, 0.0, age, PARAMS)
    r2_e = elasticity_r2_change(0.0, steps, age, PARAMS)
    firm = firmness_change(steps, age, PARAMS)
    pores = pore_area_change(steps, 0.0, PARAMS)
    assert np.all(np.diff(r2_c) >= -1e-12) and np.all(np.diff(r2_e) >= -1e-12)
    assert np.all(np.diff(firm) >= -1e-12)
    assert np.all(np.diff(pores) < 0)  # more support, a smaller opening
    # strictly rising below the young adult's matrix
    assert r2_c[6] < r2_c[7]
    assert r2_c[5] < 0 and firm[0] < 0 and pores[0] > 0


@pytest.mark.parametrize("age", [45.0, 60.0])
def test_gains_stop_at_the_young_adults_matrix(age):
    """Beyond the young adult's collagen, R2 is the young adult's and firmness the young
    adult's mature collagen; skin age is capped at the reference age."""
    big = 5.0
    r2 = elasticity_r2_change(big, big, age, PARAMS)
    young = r2_relative(REFERENCE, PARAMS) / r2_relative(age, PARAMS) - 1
    assert r2 == pytest.approx(young, rel=1e-6)
    assert firmness_change(big, age, PARAMS) == pytest.approx(1 / BASELINE.collagen(age)[0] - 1)
    assert skin_age_years_gained(big, age, BASELINE) == pytest.approx(age - REFERENCE)


def test_pore_area_falls_towards_its_sourced_ceiling():
    stretch = PARAMS.get("pore_opening_stretch")
    assert pore_area_change(1e6, 1e6, PARAMS) == pytest.approx(1 / (1 + stretch) ** 2 - 1, rel=1e-4)


@pytest.mark.parametrize("age", [40.0, 52.5, 70.0])
def test_skin_age_inverts_the_baseline_exactly(age):
    """A patient whose collagen is the baseline's of five years younger gains five years."""
    younger = BASELINE.collagen(age - 5)[0]
    change = younger / BASELINE.collagen(age)[0] - 1
    assert skin_age_years_gained(change, age, BASELINE) == pytest.approx(5.0, abs=1e-9)
    older = BASELINE.collagen(age + 5)[0] / BASELINE.collagen(age)[0] - 1
    assert skin_age_years_gained(older, age, BASELINE) == pytest.approx(-5.0, abs=1e-9)


def test_young_patients_gain_no_skin_age_and_lose_from_their_own_age():
    assert skin_age_years_gained(0.5, 25.0, BASELINE) == pytest.approx(0.0)
    loss = BASELINE.collagen(REFERENCE + 3)[0] - 1
    assert skin_age_years_gained(loss, 25.0, BASELINE) == pytest.approx(-3.0, abs=1e-9)


@pytest.mark.parametrize("age", [30.0, 44.0, 45.0, 61.3, 90.0])
def test_matrix_age_inverts_the_matrix_curve(age):
    level = matrix_level(age, BASELINE, *WEIGHTS)
    assert matrix_age(level, age, BASELINE, *WEIGHTS) == pytest.approx(age, abs=1e-6)


def test_r2_follows_its_age_line():
    rate = PARAMS.get("r2_decline_rate", "1/year")
    reference = PARAMS.get("r2_reference_age", "year")
    assert r2_relative(reference + 10, PARAMS) == pytest.approx(1 + 10 * rate)
    assert r2_relative(reference - 5, PARAMS) == pytest.approx(1.0)


def _r2_at(sessions, needle_mm, day=365.0, age=60.0):
    from needlesim.healing.injury import injuries_of
    from needlesim.outcomes.endpoints import evaluate
    from needlesim.prepare import prepare
    from needlesim.scenario import build_scenario

    scenario = build_scenario({
        "patient": {"age_years": age, "sex": "female", "fitzpatrick": 3, "site": "cheek",
                    "condition": "photoaging"},
        "protocol": {"sessions": sessions, "interval_days": 28, "device": "pen",
                     "needle_length_mm": needle_mm, "passes": 2, "area_cm2": 2},
    })
    prepared = prepare(scenario, PARAMS)
    series = evaluate(PARAMS, prepared.skin, injuries_of(prepared.runs, PARAMS), [day])
    return float(series.at(day, "elasticity_r2_change_pct")[0])


@pytest.mark.slow
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions=st.integers(1, 3), needle_mm=st.sampled_from([0.25, 0.5, 1.0]))
def test_more_sessions_or_a_longer_needle_never_lowers_the_r2_gain(sessions, needle_mm):
    """More dose, more mature collagen a year on, so a larger R2 gain until the young
    adult's matrix is reached (then equal)."""
    base = _r2_at(sessions, needle_mm)
    assert _r2_at(sessions + 1, needle_mm) >= base - 1e-6
    assert _r2_at(sessions, needle_mm + 0.5) >= base - 1e-6


@pytest.mark.slow
@pytest.mark.parametrize("condition", ["photoaging", "acne_scars"])
def test_keys_have_intervals_in_a_run(condition):
    from needlesim.scenario import build_scenario, default_scenario
    from needlesim.simulation import Simulation

    if condition == "photoaging":
        scenario = default_scenario()
    else:
        scenario = build_scenario({
            "patient": {"age_years": 27, "sex": "female", "fitzpatrick": 4, "site": "cheek",
                        "condition": "acne_scars"},
            "protocol": {"sessions": 3, "interval_days": 30, "device": "roller",
                         "needle_length_mm": 1.5, "passes": 8, "area_cm2": 4},
            "output": {"report_days": [90]},
        })
    summary = Simulation(scenario).run().summary()
    keys = {"elasticity_r2_change_pct", "firmness_r0_change_pct", "pore_area_change_pct",
            "skin_age_years_gained"}
    for day in summary["at_day"].values():
        assert keys <= set(day) and keys <= set(day["interval_90"])
        for key in keys:
            low, high = day["interval_90"][key]
            assert low <= day[key] + 1e-9 and day[key] <= high + 1e-9
        assert day["pore_area_change_pct"] < 0
        assert day["elasticity_change_pct"] == day["elasticity_r2_change_pct"]


def test_the_report_prints_elasticity_once_as_r2():
    from needlesim.report.summary_table import table_groups

    day = {"elasticity_change_pct": 12.0, "elasticity_r2_change_pct": 12.0,
           "interval_90": {"elasticity_r2_change_pct": [5.0, 20.0]}}
    keys = {row.key for _, rows in table_groups({"at_day": {"90": day}}) for row in rows}
    assert "at_day.90.elasticity_r2_change_pct" in keys
    assert "at_day.90.elasticity_change_pct" not in keys
    older = {"at_day": {"90": {"elasticity_change_pct": 12.0}}}  # a run without R2 keeps its row
    assert "at_day.90.elasticity_change_pct" in {r.key for _, rows in table_groups(older)
                                                 for r in rows}
