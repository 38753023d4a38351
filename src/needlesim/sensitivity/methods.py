"""Sampling and analysis with SALib: Sobol (Saltelli sampling) and Morris elementary effects.

Each works on a SALib ``problem`` dict and a model output vector; ``indices`` returns a
tidy table (factor, index, value, conf) with 95 % confidence intervals (bootstrap).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

CONF = 0.95


def sample(problem: dict, method: str, samples: int, seed: int) -> np.ndarray:
    if method == "sobol":
        return sobol_sample.sample(problem, samples, calc_second_order=False, scramble=True, seed=seed)
    return morris_sample.sample(problem, samples, num_levels=4, seed=seed)


def indices(problem: dict, method: str, X: np.ndarray, Y: np.ndarray, seed: int) -> pd.DataFrame:
    rows = []
    names = problem["names"]
    if method == "sobol":
        result = sobol_analyze.analyze(problem, Y, calc_second_order=False, conf_level=CONF,
                                       seed=seed, print_to_console=False)
        for index in ("S1", "ST"):
            for i, name in enumerate(names):
                rows.append({"factor": name, "index": index, "value": float(result[index][i]),
                             "conf": float(result[f"{index}_conf"][i])})
    else:
        result = morris_analyze.analyze(problem, X, Y, conf_level=CONF, num_levels=4, seed=seed,
                                        print_to_console=False)
        for i, name in enumerate(names):
            rows.append({"factor": name, "index": "mu_star", "value": float(result["mu_star"][i]),
                         "conf": float(result["mu_star_conf"][i])})
            rows.append({"factor": name, "index": "sigma", "value": float(result["sigma"][i]),
                         "conf": float("nan")})
    return pd.DataFrame(rows)
