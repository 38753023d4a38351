"""Global sensitivity analysis (SALib: Sobol with Saltelli sampling, Morris) of any summary
output over model parameters and patient covariates, run on the cohort engine (Dask).

    spec = load_sensitivity("examples/sensitivity_closure.toml")
    result = run_sensitivity(spec, "out/sens", workers=2)
    result.indices   # output, day, factor, index, value, conf (95 %)
"""

from needlesim.sensitivity.methods import indices, sample
from needlesim.sensitivity.run import SensitivityResult, analyse, run_sensitivity
from needlesim.sensitivity.spec import SensitivitySpec, build_sensitivity, load_sensitivity

__all__ = ["SensitivityResult", "SensitivitySpec", "analyse", "build_sensitivity", "indices",
           "load_sensitivity", "run_sensitivity", "sample"]
