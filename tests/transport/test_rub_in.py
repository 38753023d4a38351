"""A serum rubbed into the channels: the open lumens fill with the film as it goes on, the
mass stays accounted for, and only open channels take any."""

from dataclasses import replace

import numpy as np
import pytest

from needlesim.constants import HOUR_S, MINUTE_S
from needlesim.transport import default_formulation, load_active
from needlesim.transport.batched_loop import batchable, integrate_batch
from needlesim.transport.geometry.unitcell import unit_cell_mesh
from needlesim.transport.outputs import dermis_ug_per_cm2
from needlesim.transport.resolutions import make_setup
from needlesim.transport.timeloop import rubbed_in

CELL_M, MOUTH_M, DEPTH_M = 150e-6, 50e-6, 500e-6


def _problem(default_run, params, rub_in: bool, **change):
    skin, _ = default_run
    molecule = load_active("vitamin_c", params)
    formulation = default_formulation(molecule, params).with_(rub_in=rub_in, **change)
    setup = make_setup(skin, molecule, formulation, params, deepest_channel_m=600e-6)
    mesh = unit_cell_mesh(setup.z_faces, setup.layer, CELL_M, MOUTH_M, DEPTH_M, setup.taper)
    return setup, setup.problem(mesh, np.array([2 * HOUR_S]))


def _dermis(solution, default_run):
    return dermis_ug_per_cm2(solution, default_run[0])


def test_the_open_lumens_fill_with_the_dissolved_serum(default_run, params):
    setup, problem = _problem(default_run, params, True)
    c = min(problem.donor.concentration_kg_m3, problem.donor.film.solubility_kg_m3)
    taken, volume = rubbed_in(problem, c)
    lumen = problem.lumen_volume_m3()
    assert volume == pytest.approx(lumen.sum()) and volume > 0  # a 5 uL/cm2 film fills them
    assert taken.sum() == pytest.approx(c * volume)
    assert np.all(taken[problem.mesh.channel_of_column < 0] == 0)  # tissue between: nothing
    plain = replace(problem, donor=replace(problem.donor, rub_in=False))
    assert rubbed_in(plain, c)[0].sum() == 0.0


def test_a_film_smaller_than_the_lumens_goes_in_whole(default_run, params):
    setup, problem = _problem(default_run, params, True)
    lumen_m3_per_m2 = problem.lumen_volume_m3().sum() / problem.mesh.area_m2
    thin = replace(problem, donor=replace(problem.donor, volume_m3_per_m2=0.5 * lumen_m3_per_m2))
    c = thin.donor.concentration_kg_m3  # 15 % vitamin C: below its solubility
    taken, volume = rubbed_in(thin, c)
    assert volume == pytest.approx(0.5 * lumen_m3_per_m2 * problem.mesh.area_m2)
    solution = setup.run(thin)
    assert solution.donor_kg[1] <= 1e-9 * solution.dose_kg  # nothing left on top
    assert np.abs(solution.balance_error_kg()).max() <= 1e-10 * solution.dose_kg


def test_rubbing_in_conserves_mass_and_speeds_the_first_minutes(default_run, params):
    setup, rubbed = _problem(default_run, params, True)
    _, plain = _problem(default_run, params, False)
    assert not batchable([rubbed, rubbed])  # each problem's lumens take their own share
    fast, slow = setup.run(rubbed), setup.run(plain)
    # dose = surface (donor) + skin + cleared + degraded + sink + wiped, to round-off
    assert np.abs(fast.balance_error_kg()).max() <= 1e-10 * fast.dose_kg
    assert np.all(fast.donor_kg >= -1e-12 * fast.dose_kg)
    assert fast.surface_in_kg[1] >= rubbed_in(rubbed, min(rubbed.donor.concentration_kg_m3,
                                                          rubbed.donor.film.solubility_kg_m3))[0].sum()
    one_minute = np.searchsorted(fast.times_s, MINUTE_S)
    early = (_dermis(fast, default_run)[one_minute], _dermis(slow, default_run)[one_minute])
    assert early[0] > 1.05 * early[1]
    day = (_dermis(fast, default_run)[-1], _dermis(slow, default_run)[-1])
    assert day[0] == pytest.approx(day[1], rel=0.05)  # the dose, not the rubbing, sets the day


def test_closed_channels_take_nothing(default_run, params):
    # applied two days after needling with a 2 h half-life: 2**-24 of each lumen is open
    setup, late = _problem(default_run, params, True, application_s=48 * HOUR_S)
    _, plain = _problem(default_run, params, False, application_s=48 * HOUR_S)
    c = late.donor.concentration_kg_m3
    assert rubbed_in(late, c)[0].sum() <= 1e-6 * c * late.mesh.volume.sum()
    a, b = setup.run(late), setup.run(plain)
    assert a.skin_kg[-1] == pytest.approx(b.skin_kg[-1], rel=1e-4)


def test_the_batched_loop_hands_rubbed_problems_to_the_exact_loop(default_run, params):
    setup, rubbed = _problem(default_run, params, True)
    batched = integrate_batch([rubbed, rubbed], setup.t_end_s, setup.dt_first_s, setup.dt_max_s,
                              setup.stops_s)
    exact = setup.run(rubbed)
    assert np.allclose(batched[0].skin_kg, exact.skin_kg, rtol=1e-9, atol=0)


def test_a_scenario_rubs_its_serum_in_when_asked(params):
    from needlesim.scenario import build_scenario, session_plan
    from needlesim.transport.delivery import session_formulation

    def formulation(**protocol):
        scenario = build_scenario({
            "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
            "protocol": {"sessions": 1, "interval_days": 28, "needle_length_mm": 1.0,
                         "serum": "vitamin_c", **protocol}}, params)
        session = session_plan(scenario.protocol)[0]
        return session_formulation(load_active("vitamin_c", params), session, params)

    assert formulation(serum_rub_in=True).rub_in
    assert not formulation().rub_in and not formulation(serum_rub_in=False).rub_in
