"""The batched unit-cell loop equals the per-class loop to round-off, and the fast reduced
path (batched loop, 2,000-channel window, 3 rings across the mouth) stays within 1 % of the
reduced model without these shortcuts (one loop per class, 20,000-channel window, 6 rings
across the mouth) on the dermis amount at 1, 6 and 24 h, needled and intact."""

from dataclasses import replace

import numpy as np
import pytest

from needlesim.constants import HOUR_S
from needlesim.prepare import run_session
from needlesim.scenario import build_scenario, session_plan
from needlesim.skin import build_skin
from needlesim.transport import default_formulation, deliver, load_active
from needlesim.transport import delivery as delivery_module
from needlesim.transport.batched_loop import integrate_batch
from needlesim.transport.geometry import unitcell
from needlesim.transport.geometry.overlaps import open_share
from needlesim.transport.geometry.owned_cells import field_cells
from needlesim.transport.geometry.unitcell import unit_cell_mesh
from needlesim.transport.outputs import at_time, dermis_ug_per_cm2
from needlesim.transport.resolutions import (
    FREEZE_STEPS,
    channel_classes,
    class_problems,
    combine,
    intact_problem,
    intact_solution,
    make_setup,
)
from needlesim.transport.solution import AMOUNT_FIELDS as FIELDS
from needlesim.transport.solvers.batched import band_cholesky, band_solve
from needlesim.transport.timeloop import integrate


def _problems(default_run, params, formulation_change, half_life, late=None, switch=0.0):
    skin, _ = default_run
    active = load_active("vitamin_c", params)
    formulation = default_formulation(active, params).with_(**formulation_change)
    setup = make_setup(skin, active, formulation, params, deepest_channel_m=600e-6)
    problems = []
    # a large cell (6 + 10 rings), a cell its channel's mouth fills (6 rings), intact skin
    for cell, mouth, depth in ((150e-6, 50e-6, 500e-6), (60e-6, 80e-6, 550e-6), (120e-6, 40e-6, 300e-6)):
        mesh = unit_cell_mesh(setup.z_faces, setup.layer, cell, mouth, depth, setup.taper)
        problems.append(setup.problem(mesh, np.array([half_life]),
                                      None if late is None else np.array([late]), switch))
    problems.append(intact_problem(setup, problems[0]))
    return setup, problems


@pytest.mark.parametrize("change,half,late,switch", [
    ({}, 4 * HOUR_S, None, 0.0),  # finite dose, closing channels
    ({"dose_volume_m3_per_m2": None}, 4 * HOUR_S, None, 0.0),  # infinite dose
    ({"dose_volume_m3_per_m2": None}, np.inf, None, 0.0),  # open channels: cached factors
    ({"contact_s": 2 * HOUR_S}, 4 * HOUR_S, 20 * HOUR_S, 3 * HOUR_S),  # wipe-off, late half-life
    ({"application_s": -1800.0}, 4 * HOUR_S, None, 0.0),  # serum applied before needling
])
def test_batched_equals_per_class_loop(default_run, params, change, half, late, switch):
    setup, problems = _problems(default_run, params, change, half, late, switch)
    batched = integrate_batch(problems, setup.t_end_s, setup.dt_first_s, setup.dt_max_s, setup.stops_s)
    for problem, fast in zip(problems, batched, strict=True):
        slow = setup.run(problem)
        np.testing.assert_allclose(fast.times_s, slow.times_s)
        assert fast.area_m2 == pytest.approx(slow.area_m2, rel=1e-14)
        for name in FIELDS:
            a, b = getattr(fast, name), getattr(slow, name)
            scale = max(np.abs(b).max(), 1e-300)
            assert np.abs(a - b).max() <= 1e-9 * scale, (name, np.abs(a - b).max() / scale)
        assert np.abs(fast.balance_error_kg()).max() <= 1e-9 * max(fast.skin_kg.max(), 1e-300)


def test_intact_unit_cell_equals_one_column(default_run, params):
    """Intact skin joins the batch as a ring cell without a channel: per area the same."""
    setup, problems = _problems(default_run, params, {}, 4 * HOUR_S)
    ring = integrate_batch(problems, setup.t_end_s, setup.dt_first_s, setup.dt_max_s, setup.stops_s)[-1]
    column = intact_solution(setup)
    for name in FIELDS:
        a, b = getattr(ring, name) / ring.area_m2, getattr(column, name) / column.area_m2
        assert np.abs(a - b).max() <= 1e-9 * np.abs(b).max(), name


def _reference_path(skin, run, session, active_name, params):
    """The reduced model without its shortcuts: 20,000-channel window, open shares counted
    and owned cells traced for every channel of it, 6 rings across the channel mouth and 10 outside, one
    backward-Euler loop per class, intact skin as one column."""
    active = load_active(active_name, params)
    formulation = default_formulation(active, params, session.occluded)
    inner, outer = delivery_module.sample_window(run.channels, 20_000)
    depth, mouth, early, late, switch = delivery_module.session_channels(run.channels, run.closure, inner)
    setup = make_setup(skin, active, formulation, params, deepest_channel_m=float(depth.max()))
    areas = delivery_module.window_areas(run.channels, inner, outer)
    field = run.channels.field
    shares = open_share(field.x_m[outer], field.y_m[outer], run.channels.surface_diameter_m[outer] / 2,
                        run.channels.depth_m[outer], setup.taper, of=np.searchsorted(outer, inner))
    spacing = np.sqrt(field.area_m2 / run.channels.count)
    owned = field_cells(field.x_m[outer], field.y_m[outer], np.searchsorted(outer, inner), areas, spacing,
                        counted=inner.size)
    classes = channel_classes(depth, mouth, early, delivery_module.CLASSES, late, area_m2=areas,
                              open_share=shares, owned=owned)
    problems, weights = class_problems(setup, classes, run.channels.density_per_cm2 * 1e4, 1.0, switch)
    return combine([integrate(p, setup.t_end_s, setup.dt_first_s, setup.dt_max_s, setup.stops_s)
                    for p in problems], weights), intact_solution(setup)


@pytest.fixture(scope="module")
def face_field(params):
    """A 40 cm2 pen session (about 150,000 pierced channels: the window is sampled)."""
    scenario = build_scenario({
        "seed": 5, "patient": {"age_years": 50, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
                     "passes": 4, "area_cm2": 40, "serum": "vitamin_c"}}, params)
    skin = build_skin(scenario.patient, params)
    session = session_plan(scenario.protocol)[0]
    return skin, run_session(session, skin, 5, params), session


@pytest.mark.parametrize("active", ["vitamin_c", "lidocaine", "fitc_dextran_70kda"])
def test_fast_reduced_path_within_1_percent_of_reference(face_field, params, active, monkeypatch):
    skin, run, session = face_field
    assert run.channels.pierced.sum() > 2 * delivery_module.SAMPLE
    fast = deliver(skin, run.channels, run.closure, session, active, params)
    monkeypatch.setattr(unitcell, "RINGS_INSIDE", 6)
    monkeypatch.setattr(unitcell, "ADAPTIVE_OUTSIDE", False)
    needled, intact = _reference_path(skin, run, session, active, params)
    for hours in (1, 6, 24):
        t = hours * HOUR_S
        for quick, full in ((fast.needled, needled), (fast.intact, intact)):
            a = at_time(quick, dermis_ug_per_cm2(quick, skin), t)
            b = at_time(full, dermis_ug_per_cm2(full, skin), t)
            assert abs(a - b) <= 0.01 * abs(b) + 1e-12, (active, hours, a, b)  # intact 70 kDa: 0
    assert np.abs(fast.needled.balance_error_kg()).max() <= 1e-9 * fast.needled.dose_kg


def test_frozen_closure_within_0p1_percent(default_run, params):
    """Averaging the open share over runs of the largest steps (the pipeline's default)."""
    skin, _ = default_run
    setup, problems = _problems(default_run, params, {}, 4 * HOUR_S)
    args = (setup.t_end_s, setup.dt_first_s, setup.dt_max_s, setup.stops_s)
    exact = integrate_batch(problems, *args)
    frozen = integrate_batch(problems, *args, freeze=FREEZE_STEPS)
    for a, b in zip(frozen, exact, strict=True):
        for hours in (1, 6, 24):
            x = at_time(a, dermis_ug_per_cm2(a, skin), hours * HOUR_S)
            y = at_time(b, dermis_ug_per_cm2(b, skin), hours * HOUR_S)
            assert abs(x - y) <= 1e-3 * abs(y), (hours, x, y)
        assert np.abs(a.balance_error_kg()).max() <= 1e-9 * a.dose_kg


def test_batch_falls_back_for_other_meshes(default_run, params):
    """Problems that differ in what the batch shares run one by one (same answers)."""
    setup, problems = _problems(default_run, params, {}, 4 * HOUR_S)
    other = replace(problems[1], channel_diffusivity=problems[1].channel_diffusivity * 2)
    out = integrate_batch([problems[0], other], setup.t_end_s, setup.dt_first_s, setup.dt_max_s,
                          setup.stops_s)
    slow = setup.run(other)
    np.testing.assert_allclose(out[1].entered_below_kg, slow.entered_below_kg, rtol=1e-12, atol=0)


def test_compiled_banded_cholesky_solves_like_a_dense_solver():
    """The batched loop's own banded Cholesky (two off-diagonals: neighbouring ring and
    depth cell) against numpy on a random diagonally dominant matrix."""
    rng = np.random.default_rng(7)
    size, ncol = 60, 5
    left, above = -rng.random(size), -rng.random(size)
    left[::ncol] = 0.0  # ring 0 has no inner neighbour
    above[:ncol] = 0.0
    diag = 4.0 + rng.random(size)
    dense = np.diag(diag) + np.diag(left[1:], -1) + np.diag(left[1:], 1) \
        + np.diag(above[ncol:], -ncol) + np.diag(above[ncol:], ncol)
    chol = np.zeros((size, ncol + 1))
    band_cholesky(diag, left, above, ncol, chol)
    b = rng.random(size)
    x = b.copy()
    band_solve(chol, ncol, x)
    np.testing.assert_allclose(x, np.linalg.solve(dense, b), rtol=1e-12)
    with pytest.raises(ValueError, match="positive definite"):
        band_cholesky(-diag, left, above, ncol, chol)
