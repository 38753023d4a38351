"""Behaviours that studies report, on synthetic injuries (fast)."""

import numpy as np

from needlesim.healing.cascade import simulate, untreated
from needlesim.healing.species import C1, C1I, C3, PAP, TE, E, N


def collagen(run):
    u = untreated(run)
    total = sum(run.states[:, i] for i in (C1, C1I, C3))
    base = sum(u[:, i] for i in (C1, C1I, C3))
    return total[:, 0, PAP] / base[:, 0, PAP] - 1


def test_neutrophils_peak_within_a_day(params, doses):
    times = np.arange(0, 5, 0.02)
    run = simulate(params, 45, "female", doses([0.0]), times)
    assert 0.1 < times[np.argmax(run.states[:, N, 0, PAP])] < 1.0


def test_collagen_keeps_rising_after_the_last_session(params, doses):
    times = np.array([100.0, 200.0])
    run = simulate(params, 45, "female", doses([0, 28, 56, 84]), times)
    change = collagen(run)
    assert change[1] > change[0] > 0


def test_total_elastin_can_fall_while_tropoelastin_rises(params, doses):
    times = np.array([30.0])
    run = simulate(params, 45, "female", doses([0, 14], damage=(1, 1, 1)), times)
    u = untreated(run)
    assert run.states[0, TE, 0, PAP] > u[0, TE, 0, PAP]
    assert run.states[0, E, 0, PAP] < u[0, E, 0, PAP]


def test_young_skin_responds_more(params, doses):
    times = np.array([150.0])
    run = simulate(params, [30, 70], "female", doses([0, 28, 56], patients=2), times)
    u = untreated(run)
    total = sum(run.states[0, i, :, PAP] - u[0, i, :, PAP] for i in (C1, C1I, C3))
    assert total[0] > total[1] > 0
