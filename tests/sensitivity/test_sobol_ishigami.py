"""Verification: Sobol indices of the Ishigami function against its analytic values."""

import numpy as np
import pytest

from needlesim.sensitivity import indices, sample

A, B = 7.0, 0.1
# Analytic first-order and total indices (Ishigami & Homma 1990; Saltelli et al. 2008)
V = A**2 / 8 + B * np.pi**4 / 5 + B**2 * np.pi**8 / 18 + 0.5
V1 = 0.5 * (1 + B * np.pi**4 / 5) ** 2
V2 = A**2 / 8
V13 = B**2 * np.pi**8 * (1 / 18 - 1 / 50)
S1 = np.array([V1, V2, 0.0]) / V
ST = np.array([V1 + V13, V2, V13]) / V


def ishigami(u):
    x = -np.pi + 2 * np.pi * u  # factors on the quantile scale, as in needlesim
    return np.sin(x[:, 0]) + A * np.sin(x[:, 1]) ** 2 + B * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_sobol_matches_ishigami():
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0, 1]] * 3}
    X = sample(problem, "sobol", 4096, seed=1)
    table = indices(problem, "sobol", X, ishigami(X), seed=1)
    s1 = table[table["index"] == "S1"]["value"].to_numpy()
    st = table[table["index"] == "ST"]["value"].to_numpy()
    np.testing.assert_allclose(s1, S1, atol=0.03)
    np.testing.assert_allclose(st, ST, atol=0.03)
    conf = table["conf"].to_numpy()
    assert np.all(conf > 0) and np.all(conf < 0.1)


def test_morris_ranks_ishigami_factors():
    problem = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[0, 1]] * 3}
    X = sample(problem, "morris", 200, seed=2)
    table = indices(problem, "morris", X, ishigami(X), seed=2)
    mu = table[table["index"] == "mu_star"].set_index("factor")["value"]
    assert mu["x3"] > 0 and mu["x2"] > mu["x3"]
    assert S1[2] == pytest.approx(0.0)
