"""A sensitivity study says when it has not converged, evaluates its samples by the batch
path with the numbers of a full Simulation, and its shipped example converges."""

import json
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from needlesim.cli import main
from needlesim.cohort.flatten import summary_rows
from needlesim.parameters import ParameterSet
from needlesim.scenario import build_scenario
from needlesim.sensitivity import build_sensitivity, load_sensitivity, run_sensitivity
from needlesim.sensitivity.checks import interval_warnings, unresolved
from needlesim.sensitivity.evaluate import evaluate_rows, scenario_and_overrides
from needlesim.sensitivity.methods import sample
from needlesim.simulation import Simulation

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sensitivity_closure.toml"


def table(values, confs, output="barrier.recovery_h"):
    """A Sobol table of two factors: values and confs in the order S1 a, S1 b, ST a, ST b."""
    return pd.DataFrame({"output": output, "day": 30.0, "factor": ["a", "b", "a", "b"],
                         "index": ["S1", "S1", "ST", "ST"], "value": values, "conf": confs})


def test_wide_intervals_warn_and_name_the_cure():
    # as the 16-sample example gave: S1 above ST, intervals wider than the indices
    loose = table([0.59, 0.06, 0.46, 0.08], [0.33, 0.19, 0.21, 0.05])
    [warning] = interval_warnings(loose, "sobol", 16)
    assert "barrier.recovery_h (day 30)" in warning and "now 16" in warning
    assert "first-order above total-order" in warning and "not converged" in warning
    # an index above 1 with an interval of +-0.5 is not resolved either
    [above] = interval_warnings(table([1.05, 0.0, 1.05, 0.0], [0.51, 0.0, 0.35, 0.0]), "sobol", 16)
    assert "indices above 1" in above


def test_tight_intervals_and_negligible_factors_do_not_warn():
    # a factor with no effect has an index of ~0 and an interval of ~0: resolved
    tight = table([0.50, 0.001, 0.58, 0.002], [0.11, 0.004, 0.12, 0.001])
    assert unresolved(tight, "sobol").empty and interval_warnings(tight, "sobol", 256) == []
    constant = table([0.0] * 4, [0.0] * 4).assign(index="constant output")
    assert interval_warnings(constant, "sobol", 16) == []


def test_morris_is_judged_against_its_largest_index():
    rows = pd.DataFrame({"output": "o", "day": 30.0, "factor": ["a", "a", "b", "b"],
                         "index": ["mu_star", "sigma", "mu_star", "sigma"],
                         "value": [400.0, 10.0, 30.0, 5.0], "conf": [40.0, np.nan, 50.0, np.nan]})
    [warning] = interval_warnings(rows, "morris", 8)
    assert "1 of 2" in warning and "of the largest index" in warning


def test_batch_evaluation_equals_full_simulations():
    spec = load_sensitivity(EXAMPLE)
    X = sample(spec.problem, spec.method, 4, spec.seed)
    picked = [1, 9, 17]
    got = pd.concat([evaluate_rows(spec, X, i, i + 1) for i in picked[:1]]
                    + [evaluate_rows(spec, X, picked[1], picked[2] + 1)])
    for i in picked:
        scenario, overrides = scenario_and_overrides(spec, X[i])
        params = ParameterSet(overrides)
        built = build_scenario(scenario, params)
        reference = summary_rows(Simulation(built, params).run().summary(),
                                 built.output.report_days)
        mine = got[got["sample"] == i].sort_values("day")
        assert len(mine) == len(reference)
        for ref, (_, row) in zip(reference, mine.iterrows(), strict=True):
            for key in spec.outputs:
                assert row[key] == pytest.approx(ref[key], rel=1e-9, abs=1e-12), (i, key)


def test_unconverged_run_warns_in_output_and_summary(tmp_path, capsys):
    data = tomllib.loads(EXAMPLE.read_text())
    data.update(samples=4, outputs=["barrier.recovery_h"])
    data["scenario"]["output"]["report_days"] = [30]
    study = tmp_path / "small.toml"
    study.write_text(EXAMPLE.read_text().replace("samples = 256", "samples = 4"))
    assert main(["sensitivity", str(study), "--out", str(tmp_path / "out"), "--workers", "0"]) == 0
    out = capsys.readouterr().out
    assert "warning:" in out and "not converged" in out
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["converged"] is False and summary["warnings"]
    assert summary["samples"] == 4 and summary["runs"] == 4 * (4 + 2)
    result = run_sensitivity(build_sensitivity(data), tmp_path / "api", workers=0, progress=False)
    assert result.warnings and not json.loads(
        (tmp_path / "api" / "summary.json").read_text())["converged"]


@pytest.mark.slow
def test_the_shipped_example_converges(tmp_path):
    spec = load_sensitivity(EXAMPLE)
    assert spec.samples >= 256
    result = run_sensitivity(spec, tmp_path, workers=0, progress=False)
    assert result.warnings == []
    sobol = result.indices[result.indices["index"].isin(["S1", "ST"])]
    assert (sobol["value"] < 1 + sobol["conf"]).all()
    recovery = sobol[sobol["output"] == "barrier.recovery_h"].set_index(["index", "factor"])
    # closure rate and age drive the barrier's recovery (docs/models.md, channels)
    assert recovery.loc[("ST", "closure_uncovered_factor"), "value"] > 0.2
    assert recovery.loc[("ST", "patient.age_years"), "value"] > 0.2
