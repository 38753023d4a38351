"""Global sensitivity analysis (SALib: Sobol with Saltelli sampling, Morris) of any summary
output over model parameters and patient covariates, run on the cohort engine (Dask).

    spec = load_sensitivity("examples/sensitivity_closure.toml")
    result = run_sensitivity(spec, "out/sens", workers=2)
    result.indices   # output, day, factor, index, value, conf (95 %)
"""
# Imported on first use (PEP 562): the command line registers this package's
# subcommand on every start-up, and pandas, scipy.stats and Dask cost ~2 s.
from needlesim.lazy import lazy_attributes

_WHERE = {
    "indices": "needlesim.sensitivity.methods",
    "sample": "needlesim.sensitivity.methods",
    "SensitivityResult": "needlesim.sensitivity.run",
    "analyse": "needlesim.sensitivity.run",
    "run_sensitivity": "needlesim.sensitivity.run",
    "SensitivitySpec": "needlesim.sensitivity.spec",
    "build_sensitivity": "needlesim.sensitivity.spec",
    "load_sensitivity": "needlesim.sensitivity.spec",
}

__all__ = ["SensitivityResult", "SensitivitySpec", "analyse", "build_sensitivity", "indices",
           "load_sensitivity", "run_sensitivity", "sample"]


__getattr__, __dir__ = lazy_attributes(__name__, _WHERE)
