"""Sensitivity of the model's outputs: tiny studies, checked against what must drive them."""

import pytest

from needlesim.errors import InputError
from needlesim.sensitivity import build_sensitivity, run_sensitivity


def study(method="morris", samples=3, **changes):
    data = {
        "name": "t", "method": method, "samples": samples, "seed": 2,
        "outputs": ["channels.depth_um_mean", "barrier.recovery_h"],
        "scenario": {
            "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
            "protocol": {"sessions": 1, "interval_days": 28, "needle_length_mm": 1.0, "passes": 2},
            "output": {"report_days": [30]},
        },
        "factors": {
            "protocol.needle_length_mm": {"dist": "uniform", "low": 0.5, "high": 2.0},
            "closure_uncovered_factor": {"dist": "uniform", "low": 0.03, "high": 0.09},
        },
        "run": {"chunk_size": 8, "area_cm2": 0.25},
    }
    data.update(changes)
    return build_sensitivity(data)


def test_bad_factor_and_sample_count_are_named():
    with pytest.raises(InputError, match="factors.nope"):
        study(factors={"nope": {"dist": "uniform", "low": 0, "high": 1}})
    with pytest.raises(InputError, match="samples"):
        study(method="sobol", samples=6)


@pytest.mark.slow
def test_morris_on_the_model_finds_the_drivers(tmp_path):
    result = run_sensitivity(study(), tmp_path, workers=0, progress=False)
    table = result.indices.set_index(["output", "index", "factor"])["value"].sort_index()
    depth = table.loc[("channels.depth_um_mean", "mu_star")]
    assert depth["protocol.needle_length_mm"] > 10 * max(depth["closure_uncovered_factor"], 1e-9)
    recovery = table.loc[("barrier.recovery_h", "mu_star")]
    assert recovery["closure_uncovered_factor"] > 0
    assert (tmp_path / "indices.csv").is_file()
    assert any((tmp_path / "figures").glob("*.png"))


@pytest.mark.slow
def test_sobol_on_the_model_reports_intervals(tmp_path):
    result = run_sensitivity(study("sobol", 4), tmp_path, workers=0, progress=False)
    sobol = result.indices[result.indices["index"].isin(["S1", "ST"])]
    assert len(sobol) == 2 * 2 * 2 and sobol["conf"].notna().all()
