"""The barrier's summary names each closure phase, so that a slow half-life under a dressing
and a shorter recovery (the channels close faster once it is off) cannot read as a
contradiction."""

import json

import numpy as np
import pytest

from needlesim.cli import main
from needlesim.scenario import build_scenario
from needlesim.simulation import Simulation


def barrier_of(occluded: bool, **protocol):
    data = {
        "seed": 2,
        "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "abdomen"},
        "protocol": {"sessions": 1, "interval_days": 28, "device": "pen", "needle_length_mm": 2.0,
                     "passes": 2, "area_cm2": 1, "occluded": occluded, **protocol},
        "output": {"report_days": [30]},
    }
    results = Simulation(build_scenario(data)).run()
    return results.summary()["barrier"], results["barrier"]


def test_occluded_session_has_both_phases():
    barrier, curves = barrier_of(True)
    assert barrier["occlusion_hours"] == pytest.approx(24.0)
    # no half-life without its phase in the name: one that could be either is not reported
    assert "closure_half_life_h" not in barrier
    assert barrier["closure_half_life_uncovered_h"] < barrier["closure_half_life_occluded_h"] / 5
    # recovery is shorter than the occluded half-life once the dressing is off ...
    assert 24.0 < barrier["recovery_h"] < barrier["closure_half_life_occluded_h"]
    # ... and it is where the barrier curve crosses 90 %
    resealed = curves.barrier_resealed_fraction.sel(session=1).values
    crossing = np.interp(0.9, resealed, curves.time_h.values)
    assert crossing == pytest.approx(barrier["recovery_h"], rel=0.05)


def test_uncovered_session_has_one_phase():
    barrier, _ = barrier_of(False)
    assert "closure_half_life_occluded_h" not in barrier
    assert barrier["occlusion_hours"] == 0.0
    assert "closure_half_life_h" not in barrier
    # one exponential rate: 90 % of the opened area closes in about log2(10) half-lives
    ratio = barrier["recovery_h"] / barrier["closure_half_life_uncovered_h"]
    assert 2.5 < ratio < 4.5


def test_cli_prints_each_phase_by_name(tmp_path, capsys):
    scenario = tmp_path / "dressed.toml"
    scenario.write_text(
        '[patient]\nage_years = 45\nsex = "female"\nfitzpatrick = 3\nsite = "abdomen"\n'
        '[protocol]\nsessions = 1\ninterval_days = 28\ndevice = "pen"\nneedle_length_mm = 2.0\n'
        'passes = 2\narea_cm2 = 1\noccluded = true\n[output]\nreport_days = [30]\n'
    )
    assert main(["run", str(scenario), "--out", str(tmp_path / "r")]) == 0
    out = capsys.readouterr().out
    summary = json.loads((tmp_path / "r" / "summary.json").read_text())["barrier"]
    assert f"channel half-life, dressing on: {summary['closure_half_life_occluded_h']:.1f} h" in out
    assert f"channel half-life, uncovered:   {summary['closure_half_life_uncovered_h']:.1f} h" in out
    assert f"barrier 90 % resealed after:    {summary['recovery_h']:.1f} h" in out
    assert "closure half-life (median)" not in out
