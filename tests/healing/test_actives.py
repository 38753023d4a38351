"""Serum actives in the healing cascade: effect models fed by exposure numbers."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needlesim.healing.actives import (
    SerumExposure,
    occupancy,
    serum_arrays,
    serum_effect,
    with_serums,
)
from needlesim.healing.cascade import doses_from_injuries, simulate
from needlesim.healing.injury import SessionInjury
from needlesim.healing.species import C1, PAP, G
from needlesim.parameters import default_parameters
from needlesim.parameters.active_effects import active_effects
from needlesim.parameters.actives import active_rows

PARAMS = default_parameters()
TIMES = np.array([0.0, 0.5, 30.0, 90.0])


def _injuries(days=(0.0, 28.0)):
    return [SessionInjury(day=d, injured_fraction=np.array([0.1, 0.05, 0.0]),
                          damage=np.array([0.3, 0.15, 0.02]), thickness_m=np.array([7e-5, 2e-4, 1.5e-3]),
                          bleeding_share=0.1, density_per_cm2=60.0, anti_inflammatory=False)
            for d in days]


def _run(injuries, params=PARAMS):
    return simulate(params, 30.0, "female", doses_from_injuries(injuries, params), TIMES)


def _collagen_I_day90(injuries):
    return float(_run(injuries).states[-1, C1, 0, PAP])


def _exposed(active, concentration_ug_per_ml):
    c = (concentration_ug_per_ml,) * 3
    return with_serums(_injuries(), [SerumExposure(active, c)] * 2)


def test_every_active_of_the_library_has_an_effect_entry_with_a_reason():
    effects = active_effects()
    assert set(active_rows()) <= set(effects)
    for entry in effects.values():
        assert entry.reason
        if entry.effect == "none":
            assert entry.reason.startswith("no healing effect modelled")
        else:
            PARAMS.get(entry.potency, "ug/mL")  # its potency is a sourced parameter


@given(st.floats(0, 1e4), st.floats(0, 1e4), st.floats(1e-6, 1e3))
def test_occupancy_is_zero_at_zero_and_never_decreases(a, b, ec50):
    low, high = sorted((a, b))
    assert occupancy(0.0, ec50) == 0.0
    assert occupancy(low, ec50) <= occupancy(high, ec50) <= 1.0


def test_no_serum_and_a_serum_without_effect_leave_the_cascade_unchanged():
    plain = _run(_injuries()).states
    assert doses_from_injuries(_injuries(), PARAMS).serum_growth_factor is None
    for active in ("hyaluronic_acid", "tranexamic_acid", "niacinamide"):
        np.testing.assert_array_equal(_run(_exposed(active, 500.0)).states, plain)


@pytest.mark.parametrize("active", ["prp", "egf", "ascorbic_acid"])
def test_zero_exposure_changes_nothing(active):
    np.testing.assert_allclose(_run(_exposed(active, 0.0)).states, _run(_injuries()).states,
                               rtol=0, atol=0)


@settings(max_examples=8, deadline=None)
@given(st.sampled_from(["prp", "ascorbic_acid"]), st.floats(0.0, 0.05), st.floats(1.0, 20.0))
def test_more_exposure_gives_no_less_collagen(active, low_ug_per_ml, ratio):
    high = low_ug_per_ml * ratio
    scale = 1.0 if active == "prp" else 1e3  # PRP acts at ng/mL, ascorbate at ug/mL
    less = _collagen_I_day90(_exposed(active, low_ug_per_ml * scale))
    more = _collagen_I_day90(_exposed(active, high * scale))
    assert more >= less - 1e-12


def test_a_growth_factor_serum_holds_dermal_growth_factor_for_about_a_day():
    plain = _run(_injuries()).states
    prp = _run(_exposed("prp", 0.05)).states
    assert prp[1, G, 0, PAP] > plain[1, G, 0, PAP]  # half a day after the session
    assert prp[-1, C1, 0, PAP] > plain[-1, C1, 0, PAP]
    assert (prp >= 0).all()


def test_vitamin_c_boost_is_modest_and_bounded_by_its_maximum():
    effect = serum_effect(SerumExposure("ascorbic_acid", (300.0, 300.0, 200.0)), PARAMS)
    maximum = PARAMS.get("vitamin_c_collagen_max_boost")
    assert 1.0 < effect.synthesis_factor <= 1.0 + maximum <= 1.5
    assert effect.synthesis_boost[0] == 0.0  # no fibroblast collagen in the epidermis


def test_serum_effects_follow_the_patients_parameters():
    injuries = _exposed("prp", 0.01)
    stronger = type(PARAMS)({"growth_factor_serum_max_activity": 0.1})
    weak, strong = serum_arrays(injuries, PARAMS)[0], serum_arrays(injuries, stronger)[0]
    assert strong[0, PAP] > weak[0, PAP] > 0


def test_an_injury_keeps_its_fields_without_a_serum():
    injury = _injuries()[0]
    assert injury.serum is None
    assert dataclasses.replace(injury).serum is None


def test_with_serums_the_integrator_agrees_with_scipy_solve_ivp(scipy_disagreement):
    """The serum's fading production terms, integrated both ways."""
    injuries = with_serums(_injuries(), [SerumExposure("prp", (0.02,) * 3),
                                         SerumExposure("ascorbic_acid", (300.0,) * 3)])
    stronger = type(PARAMS)({"growth_factor_serum_max_activity": 0.3})
    error, species = scipy_disagreement(stronger, doses_from_injuries(injuries, stronger))
    assert error < 5e-2, species
