"""Mass balance to round-off, positivity, seeded reproducibility, summary contract."""

import numpy as np
import pytest

from needlesim.constants import DAY_S, HOUR_S
from needlesim.scenario import build_scenario, default_scenario
from needlesim.simulation import run
from needlesim.transport import default_formulation, deliver, load_active
from needlesim.transport.geometry.patch import PatchChannels
from needlesim.transport.resolutions import make_setup, patch_solution
from needlesim.transport.solvers import fastpatch
from needlesim.transport.timeloop import integrate


def test_mass_balance_finite_dose_with_clearance_and_degradation(make_slab, finite_donor):
    problem = make_slab((15e-6, 60e-6, 500e-6), (1e-12, 1e-10, 3e-10), (2.0, 0.7, 0.7), (4, 6, 20),
                        finite_donor, loss=(0, 0, 3e-4), degradation=2e-6)
    solution = integrate(problem, DAY_S, 1.0, 1800.0, stops=(HOUR_S,))
    error = np.abs(solution.balance_error_kg()).max() / solution.dose_kg
    assert error < 1e-12
    assert solution.cleared_kg[-1] > 0 and solution.degraded_kg[-1] > 0


def test_mass_balance_and_positivity_with_channels(default_run, params):
    skin, run_ = default_run
    delivery = deliver(skin, run_.channels, run_.closure, run_.session, "vitamin_c", params)
    for solution in (delivery.needled, delivery.intact):
        error = np.abs(solution.balance_error_kg()).max() / solution.dose_kg
        assert error < 1e-11
        assert solution.depth_mass_kg.min() >= -1e-14 * solution.depth_mass_kg.max()
    assert delivery.needled.entered_below(skin.dej_depth_m)[-1] > delivery.intact.entered_below(
        skin.dej_depth_m)[-1]


def test_wipe_off_moves_the_donor_away(make_slab, finite_donor):
    donor = finite_donor.__class__(10.0, 5e-8, contact_s=HOUR_S)
    problem = make_slab((15e-6, 200e-6), (1e-12, 3e-10), (1.0, 0.7), (4, 20), donor)
    solution = integrate(problem, 2 * HOUR_S, 1.0, 600.0)
    assert solution.wiped_kg[-1] > 0
    assert solution.donor_kg[-1] == 0
    assert np.abs(solution.balance_error_kg()).max() / solution.dose_kg < 1e-12


def test_summary_keys_use_the_serum_name_as_written():
    results = run(default_scenario())
    delivery = results.summary()["delivery"]
    assert set(delivery) == {"vitamin_c"}
    entry = delivery["vitamin_c"]
    assert entry["dermis_ug_per_cm2"] > 0
    assert entry["enhancement_ratio"] > 1
    assert "delivery" in results.datasets


def test_seeded_reproducibility():
    text = {"seed": 7, "patient": {"age_years": 50, "sex": "male", "fitzpatrick": 2, "site": "forehead"},
            "protocol": {"sessions": 1, "interval_days": 30, "device": "roller", "needle_length_mm": 0.5,
                         "serum": "niacinamide"}}
    a = run(build_scenario(text)).summary()["delivery"]
    b = run(build_scenario(text)).summary()["delivery"]
    assert a == b


@pytest.mark.parametrize("name", ["lidocaine", "egf", "ha", "fitc_dextran_70kda", "matrixyl"])
def test_every_kind_of_active_runs(default_run, params, name):
    skin, run_ = default_run
    active = load_active(name, params)
    delivery = deliver(skin, run_.channels, run_.closure, run_.session, active, params)
    assert np.isfinite(delivery.needled.entered_below(skin.dej_depth_m)).all()


def test_compiled_patch_with_a_finite_dose_equals_the_sparse_solver(default_run, params, monkeypatch):
    """The 3D patch's donor, eliminated by its Schur complement around the compiled PCG,
    against the sparse CG path that keeps the donor as an unknown (wipe-off included)."""
    skin, _ = default_run
    rng = np.random.default_rng(3)
    side = 6e-4
    channels = PatchChannels(rng.uniform(0, side, 4), rng.uniform(0, side, 4), np.full(4, 60e-6),
                             np.full(4, 400e-6), np.full(4, 6 * HOUR_S), side)
    active = load_active("vitamin_c", params)
    formulation = default_formulation(active, params).with_(contact_s=3 * HOUR_S)
    setup = make_setup(skin, active, formulation, params, deepest_channel_m=400e-6, t_end_s=6 * HOUR_S)
    compiled = patch_solution(setup, channels, cells=12)
    monkeypatch.setattr(fastpatch, "ENABLED", False)
    sparse = patch_solution(setup, channels, cells=12)
    for name in ("donor_kg", "skin_kg", "cleared_kg", "wiped_kg", "entered_below_kg"):
        a, b = getattr(compiled, name), getattr(sparse, name)
        assert np.abs(a - b).max() <= 1e-6 * np.abs(b).max(), name
    assert compiled.wiped_kg[-1] > 0
    assert np.abs(compiled.balance_error_kg()).max() < 1e-7 * compiled.dose_kg
