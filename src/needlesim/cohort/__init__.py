"""Virtual cohorts: populations of patients simulated under one or more protocols (arms).

    spec = load_cohort("examples/cohort_small.toml")
    result = run_cohort(spec, "out/cohort", workers=2)
    result.table, result.responders(), result.comparison()
"""

from needlesim.cohort.distributions import Distribution, parse_distribution
from needlesim.cohort.engine import Task, dask_client, run_tasks
from needlesim.cohort.load import build_cohort, load_cohort
from needlesim.cohort.run import CohortResult, run_cohort, simulate_cohort
from needlesim.cohort.sample import draw_patient, patient_rng, scenario_dict
from needlesim.cohort.spec import Arm, CohortSpec, Responder

__all__ = [
    "Arm", "CohortResult", "CohortSpec", "Distribution", "Responder", "Task", "build_cohort",
    "dask_client", "draw_patient", "load_cohort", "parse_distribution", "patient_rng",
    "run_cohort", "run_tasks", "scenario_dict", "simulate_cohort",
]
