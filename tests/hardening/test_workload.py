"""The work a scenario asks for, estimated before the run and refused when it cannot fit."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needlesim.devices import build_device, simulate_passes
from needlesim.devices.landings import expected_landings
from needlesim.errors import InputError
from needlesim.parameters import default_parameters
from needlesim.scenario import build_scenario, session_plan
from needlesim.workload import available_memory_bytes, check_workload, estimate

PARAMS = default_parameters()


def _scenario(device="pen", passes=4, area_cm2=4.0, sessions=1, length_mm=1.0):
    return build_scenario({
        "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3},
        "protocol": {"sessions": sessions, "interval_days": 28, "device": device,
                     "needle_length_mm": length_mm, "passes": passes, "area_cm2": area_cm2},
    })


@settings(max_examples=12, deadline=None)
@given(device=st.sampled_from(["pen", "roller", "stamp"]), passes=st.integers(1, 6),
       area_cm2=st.floats(2.0, 12.0))
def test_expected_landings_match_the_simulated_hand(device, passes, area_cm2):
    session = session_plan(_scenario(device, passes, area_cm2).protocol)[0]
    built = build_device(session.device, session.needle_length_m, PARAMS)
    field = simulate_passes(built, session, area_cm2 * 1e-4, PARAMS, np.random.default_rng(7))
    expected = expected_landings(built, session, area_cm2 * 1e-4, PARAMS)
    assert field.count == pytest.approx(expected, rel=0.12)


def test_work_grows_with_area_passes_and_sessions():
    base = estimate(_scenario(), PARAMS)
    assert estimate(_scenario(area_cm2=8.0), PARAMS).landings == pytest.approx(2 * base.landings)
    assert estimate(_scenario(passes=8), PARAMS).landings == pytest.approx(2 * base.landings)
    assert estimate(_scenario(sessions=3), PARAMS).landings == pytest.approx(3 * base.landings)


def test_the_full_face_at_fifty_passes_is_refused_with_the_fields_named():
    big = _scenario(passes=50, area_cm2=2000)
    assert estimate(big, PARAMS).landings > 80e6
    with pytest.raises(InputError) as caught:
        check_workload(big, PARAMS, available=8 * 2**30)
    problem = caught.value.problems[0]
    assert "protocol.area_cm2" in problem["field"] and "protocol.passes" in problem["field"]
    assert "GiB available" in problem["allowed"]


def test_a_clinical_scenario_fits_and_parallel_runs_count():
    face = _scenario(passes=4, area_cm2=300, sessions=4)
    check_workload(face, PARAMS, available=8 * 2**30)
    with pytest.raises(InputError, match="parallel runs"):
        check_workload(face, PARAMS, concurrent=16, available=8 * 2**30)


def test_available_memory_is_read_on_this_machine():
    available = available_memory_bytes()
    assert available is None or available > 0
