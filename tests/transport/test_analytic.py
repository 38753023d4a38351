"""Verification against analytic solutions: steady flux and lag time of a layered membrane."""

import numpy as np

from needlesim.transport.timeloop import integrate

THICKNESS = (15e-6, 60e-6, 200e-6)
DIFFUSIVITY = (2e-13, 1e-10, 3e-10)
PARTITION = (5.0, 0.7, 0.7)


def resistance_and_lag():
    """R = sum h / (D K); Frisch lag time t_lag = R * int K (1 - r/R)(r/R) dz."""
    z = np.linspace(0, sum(THICKNESS), 200_001)
    bounds = np.cumsum(THICKNESS)
    index = np.minimum(np.searchsorted(bounds, z, side="right"), 2)
    d, k = np.array(DIFFUSIVITY)[index], np.array(PARTITION)[index]
    r = np.concatenate([[0], np.cumsum(np.diff(z) / (0.5 * (d[1:] * k[1:] + d[:-1] * k[:-1])))])
    total = r[-1]
    integrand = k * (1 - r / total) * (r / total)
    return total, total * np.trapezoid(integrand, z)


def test_steady_flux_and_lag_time_of_layered_membrane(make_slab, infinite_donor):
    problem = make_slab(THICKNESS, DIFFUSIVITY, PARTITION, (15, 60, 100), infinite_donor)
    resistance, lag = resistance_and_lag()
    solution = integrate(problem, 40 * lag, dt_first=lag / 2000, dt_max=lag / 200)
    out = solution.sink_kg / solution.area_m2
    t = solution.times_s
    late = t > 20 * lag
    slope, intercept = np.polyfit(t[late], out[late], 1)
    flux = infinite_donor.concentration_kg_m3 / resistance
    assert abs(slope / flux - 1) < 2e-3
    assert abs(-intercept / slope / lag - 1) < 1e-2


def test_single_layer_lag_is_h2_over_6d(make_slab, infinite_donor):
    h, d = 100e-6, 1e-10
    problem = make_slab((h,), (d,), (1.0,), (100,), infinite_donor)
    lag = h**2 / (6 * d)
    solution = integrate(problem, 30 * lag, dt_first=lag / 2000, dt_max=lag / 400)
    t, out = solution.times_s, solution.sink_kg / solution.area_m2
    late = t > 15 * lag
    slope, intercept = np.polyfit(t[late], out[late], 1)
    assert abs(slope / (d / h) - 1) < 1e-3
    assert abs(-intercept / slope / lag - 1) < 5e-3
