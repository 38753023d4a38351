import pytest

from needlesim.cohort import build_cohort


def tiny_cohort_dict(patients=8, chunk_size=2):
    """A cohort cheap enough for tests: one session, a small patch, one report day."""
    return {
        "name": "tiny",
        "seed": 11,
        "patients": patients,
        "population": {
            "age_years": {"dist": "uniform", "low": 20, "high": 60},
            "sex": {"dist": "choice", "values": ["female", "male"]},
            "fitzpatrick": {"dist": "choice", "values": [1, 2, 3, 4, 5, 6]},
            "site": "cheek",
            "condition": "acne_scars",
        },
        "parameters": {
            "closure_uncovered_factor": {"dist": "lognormal", "median": 0.057, "sigma": 0.3,
                                         "low": 0.02, "high": 0.2},
        },
        "arms": [
            {"name": "shallow", "protocol": {"sessions": 1, "interval_days": 28,
                                              "needle_length_mm": 0.5}},
            {"name": "deep", "protocol": {"sessions": 1, "interval_days": 28,
                                           "needle_length_mm": 1.5}},
        ],
        "output": {"report_days": [30]},
        "run": {"chunk_size": chunk_size, "area_cm2": 0.25},
    }


@pytest.fixture(scope="session")
def make_tiny():
    return tiny_cohort_dict


@pytest.fixture(scope="session")
def tiny_spec():
    return build_cohort(tiny_cohort_dict())


@pytest.fixture(scope="session")
def reference_table(tiny_spec, tmp_path_factory):
    """The tiny cohort run in-process without Dask: the reference for every other run."""
    from needlesim.cohort import simulate_cohort

    return simulate_cohort(tiny_spec, tmp_path_factory.mktemp("ref"), workers=0, progress=False)
