"""The scenario's transport resolution: the reduced model (default) or the 3D patch."""

import numpy as np
import pytest

from needlesim.constants import HOUR_S
from needlesim.errors import InputError
from needlesim.prepare import run_session
from needlesim.scenario import build_scenario, session_plan
from needlesim.simulation import Simulation
from needlesim.skin import build_skin
from needlesim.transport import deliver
from needlesim.transport.outputs import at_time, dermis_ug_per_cm2


def scenario_data(resolution, serum="fitc_dextran_70kda"):
    return {
        "seed": 2, "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
                     "passes": 4, "area_cm2": 4, "serum": serum},
        "transport": {"resolution": resolution},
    }


@pytest.mark.slow
def test_patch_resolution_agrees_with_the_reduced_model_in_its_range(params):
    """A dense pen field is inside the reduced model's verified range: the 3D patch cut from
    the session's field (finite dose, closing channels, intact skin alongside) agrees."""
    scenario = build_scenario(scenario_data("patch"), params)
    skin = build_skin(scenario.patient, params)
    session = session_plan(scenario.protocol)[0]
    run = run_session(session, skin, scenario.seed, params)
    patch = deliver(skin, run.channels, run.closure, session, session.serum, params, resolution="patch")
    reduced = deliver(skin, run.channels, run.closure, session, session.serum, params)
    assert patch.needled.area_m2 < 1e-5 < reduced.needled.area_m2  # a patch, per m2 of skin
    for hours in (1, 6, 24):
        a = at_time(patch.needled, dermis_ug_per_cm2(patch.needled, skin), hours * HOUR_S)
        b = at_time(reduced.needled, dermis_ug_per_cm2(reduced.needled, skin), hours * HOUR_S)
        assert a == pytest.approx(b, rel=0.05), hours
    np.testing.assert_allclose(patch.intact.entered_below(skin.dej_depth_m),
                               reduced.intact.entered_below(skin.dej_depth_m), rtol=1e-6, atol=1e-30)
    assert np.abs(patch.needled.balance_error_kg()).max() < 1e-6 * patch.needled.dose_kg


@pytest.mark.slow
def test_the_pipeline_runs_the_chosen_resolution():
    results = Simulation(build_scenario(scenario_data("patch", serum="vitamin_c"))).run()
    assert results.datasets["delivery"].attrs["model"].startswith("3D periodic patch")
    summary = results.summary()["delivery"]["vitamin_c"]
    assert summary["dermis_ug_per_cm2"] > 0 and summary["enhancement_ratio"] > 1


def test_an_unknown_resolution_names_the_field_and_the_choices():
    with pytest.raises(InputError) as info:
        build_scenario(scenario_data("fine"))
    text = str(info.value)
    assert "transport.resolution" in text and "'fine'" in text and "patch" in text
