"""Global sensitivity analysis (SALib: Sobol with Saltelli sampling, Morris) of any summary
output over model parameters and patient covariates, run on the cohort engine (Dask).

    spec = load_sensitivity("examples/sensitivity_closure.toml")
    result = run_sensitivity(spec, "out/sens", workers=2)
    result.indices   # output, day, factor, index, value, conf (95 %)
"""
# Imported on first use (PEP 562): the command line registers this package's
# subcommand on every start-up, and pandas, scipy.stats and Dask cost ~2 s.
from importlib import import_module

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


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_WHERE))
