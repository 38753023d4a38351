"""Verification of the kinetic model: baseline, positivity, balances, tolerances, seeds."""

import numpy as np
import pytest

from needlesim.healing.cascade import simulate, untreated
from needlesim.healing.exponential_heun import StepControl
from needlesim.healing.rhs import production_loss
from needlesim.healing.species import C1, C1I, C3, PAP, SPECIES

TIMES = np.concatenate([np.arange(0, 3, 0.25), np.arange(3, 400, 7.0)])


def test_untreated_state_stays_on_the_ageing_baseline(params, doses):
    dz = doses([0.0], damage=(0, 0, 0), bleeding=0.0, patients=3)
    run = simulate(params, [25, 45, 70], ["female", "male", "female"], dz, TIMES)
    baseline = untreated(run)
    assert np.max(np.abs(run.states - baseline)) < 1e-6
    # the baseline itself declines with age (collagen of the 70-year-old after a year)
    assert baseline[-1, C1, 2, PAP] < baseline[0, C1, 2, PAP]


def test_positivity_and_split(params, doses):
    dz = doses([0, 7, 14, 21], damage=(1, 1, 1), bleeding=1.0)
    run = simulate(params, 45, "female", dz, TIMES)
    assert np.all(run.states >= 0)
    P, L = production_loss(run.states[5], 5.0, run.rates, run.cohort)
    assert np.all(P >= 0) and np.all(L >= 0)


def test_collagen_synthesis_and_degradation_balance(params, doses):
    """Change of total collagen equals the integral of synthesis minus degradation."""
    dz = doses([0.0])
    times = np.linspace(0, 120, 2401)
    run = simulate(params, 45, "female", dz, times, control=StepControl(0.005, 1.05, 0.05))
    net = []
    for t, x in zip(times, run.states, strict=True):
        P, L = production_loss(x, t, run.rates, run.cohort)
        net.append(sum(P[i] - L[i] * x[i] for i in (C3, C1I, C1)))
    net = np.array(net)[:, 0, PAP]
    total = sum(run.states[:, i, 0, PAP] for i in (C3, C1I, C1))
    # the III->I and immature->mature transfers cancel in the sum; what remains is
    # synthesis minus degradation, whose time integral must equal the change
    integral = np.trapezoid(net, times)
    assert integral == pytest.approx(total[-1] - total[0], rel=2e-3, abs=1e-5)


def test_results_unchanged_when_tolerances_tighten(params, doses):
    dz = doses([0, 28, 56, 84])
    base = simulate(params, 45, "female", dz, TIMES)
    fine = simulate(params, 45, "female", dz, TIMES, control=StepControl().tightened(4))
    # every species within 10 % of its peak value (the exponential Heun step is 2nd order)
    for i in range(len(SPECIES)):
        scale = max(np.abs(fine.states[:, i]).max(), 1e-3)
        limit = 0.1
        assert np.max(np.abs(base.states[:, i] - fine.states[:, i])) / scale < limit, SPECIES[i]


def test_agrees_with_scipy_solve_ivp(params, doses, scipy_disagreement):
    error, species = scipy_disagreement(params, doses([0, 28]))
    assert error < 5e-2, species


def test_vectorised_equals_one_by_one(params, doses):
    dz = doses([0, 14], patients=3)
    dz.damage[1] *= 0.5
    many = simulate(params, [30, 50, 70], "female", dz, TIMES)
    for p, age in enumerate([30, 50, 70]):
        one = simulate(params, age, "female", doses([0, 14], damage=dz.damage[p, 0]),
                       TIMES)
        assert np.allclose(many.states[:, :, p], one.states[:, :, 0], rtol=1e-12, atol=1e-14)


def test_seeded_pipeline_is_reproducible():
    from needlesim.simulation import run
    from needlesim.validation.protocols import protocol_scenario

    scenario = protocol_scenario("eldomyati2015", sessions=2)
    a, b = run(scenario).summary(), run(scenario).summary()
    assert a["at_day"] == b["at_day"] and a["risks"] == b["risks"]
