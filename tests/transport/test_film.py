"""The donor film: evaporation, the solubility cap, drying and wiping, with the active's mass
on the surface tracked (dose = surface + skin + lost + wiped)."""

from dataclasses import replace

import numpy as np
import pytest

from needlesim.constants import HOUR_S
from needlesim.parameters import ParameterSet
from needlesim.prepare import run_session
from needlesim.scenario import build_scenario, session_plan
from needlesim.skin import build_skin
from needlesim.transport import default_formulation, deliver, load_active
from needlesim.transport.batched_loop import integrate_batch
from needlesim.transport.geometry.unitcell import unit_cell_mesh
from needlesim.transport.outputs import KG_M2_TO_UG_CM2, at_time, dermis_ug_per_cm2
from needlesim.transport.physics.film import NO_FILM, Film, film_of
from needlesim.transport.problem import Donor
from needlesim.transport.resolutions import intact_problem, intact_solution, make_setup
from needlesim.transport.solution import AMOUNT_FIELDS
from needlesim.transport.timeloop import integrate

FILM = Film(evaporation_m_per_s=8e-8, residue_fraction=0.1, residue_release=0.1, solubility_kg_m3=20.0)


def test_volume_falls_to_the_residue_at_the_dry_time():
    volume = 5e-5  # 5 uL/cm2
    dry = FILM.dry_time_s(volume)
    assert dry == pytest.approx(volume * 0.9 / 8e-8)
    times = np.linspace(0, 2 * dry, 9)
    v = FILM.volume(volume, times)
    assert v[0] == volume and np.all(np.diff(v) <= 0)
    assert FILM.volume(volume, [dry])[0] == pytest.approx(volume * 0.1)
    assert v[-1] == pytest.approx(volume * 0.1)
    contact = FILM.contact(volume, times)
    assert np.all(contact[times <= dry] == 1.0) and np.all(contact[times > dry] == 0.1)
    assert NO_FILM.dry_time_s(volume) is None and FILM.dry_time_s(None) is None


def test_an_occluded_film_does_not_evaporate(params):
    assert film_of(10.0, "aqueous", True, params).evaporation_m_per_s == 0.0
    assert film_of(10.0, "aqueous", False, params).evaporation_m_per_s > 0.0
    assert film_of(10.0, "ointment", False, params).evaporation_m_per_s == 0.0


def _cells(default_run, params, active, change, film):
    skin, _ = default_run
    molecule = load_active(active, params)
    formulation = default_formulation(molecule, params).with_(**change)
    setup = make_setup(skin, molecule, formulation, params, deepest_channel_m=600e-6)
    setup = replace(setup, film=film if film is not None else setup.film)
    problems = [setup.problem(unit_cell_mesh(setup.z_faces, setup.layer, cell, mouth, depth, setup.taper),
                              np.array([2 * HOUR_S]))
                for cell, mouth, depth in ((150e-6, 50e-6, 500e-6), (60e-6, 80e-6, 550e-6))]
    return setup, problems + [intact_problem(setup, problems[0])]


@pytest.mark.parametrize("active,change,film", [
    ("minoxidil", {"contact_s": 2 * HOUR_S}, None),  # saturated from the start (5 % > 2.2 g/L), wiped
    ("vitamin_c", {}, FILM),  # concentrates past its cap while it dries, residue releases slowly
    ("vitamin_c", {"vehicle": "cream", "dose_volume_m3_per_m2": 2e-4}, None),  # slow, oily residue
])
def test_mass_is_conserved_and_both_loops_agree(default_run, params, active, change, film):
    setup, problems = _cells(default_run, params, active, change, film)
    batched = integrate_batch(problems, setup.t_end_s, setup.dt_first_s, setup.dt_max_s, setup.stops_s)
    for problem, fast in zip(problems, batched, strict=True):
        slow = setup.run(problem)
        for name in AMOUNT_FIELDS:
            a, b = getattr(fast, name), getattr(slow, name)
            assert np.abs(a - b).max() <= 1e-9 * max(np.abs(b).max(), 1e-300), name
        for solution in (fast, slow):
            # dose = surface (donor) + skin + cleared + degraded + sink + wiped, to round-off
            assert np.abs(solution.balance_error_kg()).max() <= 1e-10 * solution.dose_kg
            assert np.all(solution.donor_kg >= -1e-12 * solution.dose_kg)
    if "contact_s" in change:
        after = batched[0].times_s >= change["contact_s"]
        assert batched[0].wiped_kg[-1] > 0 and np.all(batched[0].donor_kg[after] == 0)


def test_a_saturated_film_releases_as_a_held_donor_at_its_solubility(make_slab):
    """While undissolved active remains, the film is a donor held at the solubility."""
    cap = 2.0
    held = make_slab([20e-6, 100e-6], [1e-13, 1e-10], [1e-3, 1.0], [10, 10],
                     Donor(cap, None))
    film = Film(solubility_kg_m3=cap)
    saturated = make_slab([20e-6, 100e-6], [1e-13, 1e-10], [1e-3, 1.0], [10, 10],
                          Donor(50.0, 5e-8, film=film))
    a = integrate(held, HOUR_S, 1.0, 600.0)
    b = integrate(saturated, HOUR_S, 1.0, 600.0)
    assert b.donor_kg[-1] > 0.9 * b.dose_kg  # still saturated: plenty undissolved
    np.testing.assert_allclose(b.surface_in_kg, a.surface_in_kg, rtol=1e-9)


def test_drying_slows_intact_absorption_and_occlusion_keeps_it_going(default_run, params):
    """On intact skin (slow uptake) a film that dries and then releases slowly delivers less
    than the same film kept wet under occlusion."""
    skin, _ = default_run
    caffeine = load_active("caffeine", params)
    amounts = []
    for occluded in (False, True):
        formulation = default_formulation(caffeine, params, occluded)
        solution = intact_solution(make_setup(skin, caffeine, formulation, params))
        amounts.append(at_time(solution, dermis_ug_per_cm2(solution, skin), 24 * HOUR_S))
    assert amounts[0] < amounts[1]


def _vitamin_c_at_1h(params, length_mm, mouth_scale=1.0):
    """Vitamin C in the dermis 1 h after a pen; ``mouth_scale`` narrows every channel's
    opening (the channel's walls recoil after the needle leaves)."""
    scenario = build_scenario({
        "seed": 1, "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3},
        "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "passes": 4,
                     "needle_length_mm": length_mm, "area_cm2": 4.0, "serum": "vitamin_c"}}, params)
    skin = build_skin(scenario.patient, params)
    session = session_plan(scenario.protocol)[0]
    run = run_session(session, skin, scenario.seed, params)
    channels = replace(run.channels, surface_diameter_m=run.channels.surface_diameter_m * mouth_scale)
    d = deliver(skin, channels, run.closure, session, "vitamin_c", params)
    return at_time(d.needled, dermis_ug_per_cm2(d.needled, skin), HOUR_S)


@pytest.fixture(scope="module")
def pen_depths(params):
    return {mm: _vitamin_c_at_1h(params, mm) for mm in (0.5, 1.5)}


def test_a_deeper_pen_delivers_no_less_vitamin_c_at_1h(pen_depths):
    assert pen_depths[1.5] > pen_depths[0.5]


def test_the_dose_leaves_no_room_for_a_ten_percent_depth_effect_on_a_dense_pen(pen_depths, params):
    # why the target below is not met: 15 % vitamin C in 5 uL/cm2 is 750 ug/cm2, and the
    # 0.5 mm pen already has more than 1 / 1.1 of it in the dermis at 1 h
    dose = 150.0 * params.get("default_dose_volume", "m**3/m**2") * KG_M2_TO_UG_CM2
    assert pen_depths[0.5] < dose
    assert 1.10 * pen_depths[0.5] > dose


def test_narrower_channel_mouths_leave_the_dense_pen_dose_limited(params):
    # the uptake is diffusion over a few hundred micrometres (minutes), so even mouths a
    # fifth as wide (an opening 4 % of the needle's) leave the 0.5 mm pen with more than
    # 1 / 1.1 of the dose in the dermis at 1 h, and depth still gains less than 10 %
    dose = 150.0 * params.get("default_dose_volume", "m**3/m**2") * KG_M2_TO_UG_CM2
    shallow, deep = (_vitamin_c_at_1h(params, mm, mouth_scale=0.2) for mm in (0.5, 1.5))
    assert 1.10 * shallow > dose
    assert shallow <= deep < 1.10 * shallow


@pytest.mark.xfail(strict=True, reason="15 % vitamin C in 5 uL/cm2 is 750 ug/cm2 and the 0.5 mm pen "
                   "already has 95 % of it in the dermis at 1 h: a 10 % gain exceeds the dose "
                   "(docs/transport.md)")
def test_a_deeper_pen_delivers_ten_percent_more_vitamin_c_at_1h(pen_depths):
    assert pen_depths[1.5] >= 1.10 * pen_depths[0.5]


def test_the_scenario_sets_the_film(params):
    from needlesim.errors import InputError

    base = {"patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3},
            "protocol": {"sessions": 2, "interval_days": 28, "needle_length_mm": 1.0,
                         "serum": "vitamin_c", "serum_vehicle": "Gel",
                         "serum_volume_ul_per_cm2": 10, "serum_wipe_min": "1 h",
                         "overrides": [{"session": 2, "serum_vehicle": "cream"}]}}
    first, second = session_plan(build_scenario(base, params).protocol)
    assert (first.serum_vehicle, second.serum_vehicle) == ("gel", "cream")
    assert first.serum_volume_m3_per_m2 == pytest.approx(1e-4) and first.serum_wipe_s == 3600.0
    for key, value in (("serum_vehicle", "lotion"), ("serum_volume_ul_per_cm2", 0),
                       ("serum_wipe_min", "2 days")):
        with pytest.raises(InputError) as error:
            build_scenario({**base, "protocol": {**base["protocol"], key: value}}, params)
        assert f"protocol.{key}" in str(error.value)


def test_a_wiped_film_leaves_nothing_on_the_surface(default_run, params):
    from needlesim.transport.stage import summary_of

    skin, run = default_run
    wiped = replace(run.session, serum_wipe_s=600.0, serum_volume_m3_per_m2=1e-4)
    summary = summary_of(deliver(skin, run.channels, run.closure, wiped, "caffeine", params), params)
    assert summary["surface_ug_per_cm2"] == 0.0 and summary["wiped_ug_per_cm2"] > 0.0
    assert summary["dose_ug_per_cm2"] == pytest.approx(300.0)  # 3 % in 10 uL/cm2
    kept = summary_of(deliver(skin, run.channels, run.closure, run.session, "caffeine", params), params)
    assert kept["wiped_ug_per_cm2"] == 0.0 and kept["film_dry_min"] > 0.0


def _intact_caffeine_24h(params, refine=1.0):
    """A caffeine serum (the default finite aqueous film) through intact skin by 24 h."""
    scenario = build_scenario({
        "seed": 1, "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 2},
        "protocol": {"sessions": 1, "interval_days": 28, "needle_length_mm": 0.5}}, params)
    skin = build_skin(scenario.patient, params)
    caffeine = load_active("caffeine", params)
    formulation = default_formulation(caffeine, params)
    solution = intact_solution(make_setup(skin, caffeine, formulation, params, refine=refine))
    return at_time(solution, dermis_ug_per_cm2(solution, skin), 24 * HOUR_S)


def test_a_dried_residue_releases_the_same_on_a_finer_depth_grid(params):
    # the residue release factor scales the film's action on the skin, not the conductance of
    # the top half-cell, so the absorbed share does not depend on the grid
    film = film_of(load_active("caffeine", params).solubility_kg_m3, "aqueous", False, params)
    assert film.residue_release < 1
    assert film.dry_time_s(params.get("default_dose_volume", "m**3/m**2")) < HOUR_S
    coarse, fine = _intact_caffeine_24h(params), _intact_caffeine_24h(params, refine=3.0)
    assert fine == pytest.approx(coarse, rel=0.03)


def test_the_residue_release_factor_scales_what_a_dried_film_passes():
    amounts = [_intact_caffeine_24h(ParameterSet({"vehicle_residue_release_aqueous": release}))
               for release in (0.1, 0.5, 1.0)]
    assert amounts[0] < amounts[1] < amounts[2]
