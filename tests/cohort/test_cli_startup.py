"""The command line starts without importing the cohort machinery (pandas, scipy.stats, Dask)."""

import subprocess
import sys

HEAVY = ("pandas", "scipy.stats", "dask", "distributed", "SALib", "matplotlib")


def test_cli_start_up_imports_no_cohort_machinery():
    code = ("import sys; from needlesim.cli import build_parser; build_parser(); "
            f"print([m for m in {HEAVY!r} if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_package_names_still_resolve():
    import needlesim.planner.ranking  # noqa: F401
    from needlesim import planner
    from needlesim.cohort import load_cohort, run_cohort
    from needlesim.planner import plan_treatment, search
    from needlesim.sensitivity import run_sensitivity

    assert callable(load_cohort) and callable(run_cohort) and callable(run_sensitivity)
    assert callable(plan_treatment) and planner.search is search and callable(search)
