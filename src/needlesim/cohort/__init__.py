"""Virtual cohorts: populations of patients simulated under one or more protocols (arms).

    spec = load_cohort("examples/cohort_small.toml")
    result = run_cohort(spec, "out/cohort", workers=2)
    result.table, result.responders(), result.comparison()
"""
# Imported on first use (PEP 562): the command line registers this package's
# subcommand on every start-up, and pandas, scipy.stats and Dask cost ~2 s.
from needlesim.lazy import lazy_attributes

_WHERE = {
    "Distribution": "needlesim.cohort.distributions",
    "parse_distribution": "needlesim.cohort.distributions",
    "Task": "needlesim.cohort.engine",
    "dask_client": "needlesim.cohort.engine",
    "run_tasks": "needlesim.cohort.engine",
    "build_cohort": "needlesim.cohort.load",
    "load_cohort": "needlesim.cohort.load",
    "CohortResult": "needlesim.cohort.run",
    "run_cohort": "needlesim.cohort.run",
    "simulate_cohort": "needlesim.cohort.run",
    "draw_patient": "needlesim.cohort.sample",
    "patient_rng": "needlesim.cohort.sample",
    "scenario_dict": "needlesim.cohort.sample",
    "Arm": "needlesim.cohort.spec",
    "CohortSpec": "needlesim.cohort.spec",
    "Responder": "needlesim.cohort.spec",
}

__all__ = [
    "Arm", "CohortResult", "CohortSpec", "Distribution", "Responder", "Task", "build_cohort",
    "dask_client", "draw_patient", "load_cohort", "parse_distribution", "patient_rng",
    "run_cohort", "run_tasks", "scenario_dict", "simulate_cohort",
]


__getattr__, __dir__ = lazy_attributes(__name__, _WHERE)
