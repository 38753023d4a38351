"""Dose-response properties of the model, on the default patient through the public batch
API: more needle length never gives shallower channels or a shorter downtime, and more passes
never less injured tissue (each device); the sizes the dose-response page states (roller
depth, a superficial pen, diminishing returns of passes, downtime at 0.25 and 2.5 mm).
benchmarks/dose_response.py measures the same responses against the literature tables; the
last test runs it."""

import copy
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from needlesim.batch import finish, integrate, prepare_member
from needlesim.parameters import default_parameters
from needlesim.parameters.devices import needle_length_range_mm
from needlesim.scenario import build_scenario, default_scenario_text

ROOT = Path(__file__).resolve().parents[1]
PARAMS = default_parameters()
ROUND_OFF = 1e-9  # equal settings may differ by floating-point round-off, nothing more
FEW = settings(max_examples=8, deadline=None, database=None)
CHEAP = settings(max_examples=15, deadline=None, database=None)  # channel stages only


def base() -> dict:
    """The default scenario (45 y, female, phototype 3, cheek, photoaging; pen at 1.5 mm,
    4 passes, 4 sessions) on 2 cm² without a serum, as benchmarks/dose_response.py runs it."""
    data = tomllib.loads(default_scenario_text())
    data["protocol"].pop("serum", None)
    data["protocol"]["area_cm2"] = 2.0
    data["output"] = {"report_days": [90]}
    return data


BASE = base()


def members(*protocols: dict):
    out = []
    for protocol in protocols:
        data = copy.deepcopy(BASE)
        data["protocol"].update(protocol)
        out.append(prepare_member(build_scenario(data, PARAMS), PARAMS))
    return out


def summaries(*protocols: dict) -> list[dict]:
    batch = members(*protocols)
    return [finish(m, s) for m, s in zip(batch, integrate(batch, [90]), strict=True)]


def two_lengths(device: str, u: float, v: float) -> tuple[float, float]:
    """Two needle lengths in the device's range (``needlesim list devices``), shorter first."""
    low, high = needle_length_range_mm(device, PARAMS)
    return tuple(low + w * (high - low) for w in sorted((u, v)))


FRACTION = st.floats(0.0, 1.0, allow_nan=False)


@pytest.mark.parametrize("device", ["pen", "roller", "stamp"])
@CHEAP
@given(u=FRACTION, v=FRACTION)
def test_channel_depth_does_not_fall_with_needle_length(device, u, v):
    short, long = two_lengths(device, u, v)
    a, b = (m.summary["channels"]["depth_um_mean"] for m in members(
        {"device": device, "needle_length_mm": short}, {"device": device, "needle_length_mm": long}))
    assert b >= a * (1 - ROUND_OFF), f"{device}: {short:.4f} mm -> {a} um, {long:.4f} mm -> {b} um"


@pytest.mark.slow
@pytest.mark.parametrize("device", ["pen", "roller", "stamp"])
@FEW
@given(u=FRACTION, passes=st.lists(st.integers(1, 12), min_size=2, max_size=2, unique=True))
def test_injured_tissue_does_not_fall_with_passes(device, u, passes):
    low, high = needle_length_range_mm(device, PARAMS)
    length = low + u * (high - low)
    few, many = sorted(passes)
    a, b = (s["healing"] for s in summaries(
        {"device": device, "needle_length_mm": length, "passes": few},
        {"device": device, "needle_length_mm": length, "passes": many}))
    volume = "injured_volume_mm3_per_cm2_first_session"
    assert b[volume] >= a[volume] * (1 - ROUND_OFF), f"{device} {length:.3f} mm: {few} vs {many}"
    for key in ("injured_fraction_by_compartment_first_session",
                "damage_by_compartment_first_session"):
        for compartment, x, y in zip(("epidermis", "papillary", "reticular"), a[key], b[key],
                                     strict=True):
            assert y >= x - ROUND_OFF, f"{key} {compartment}: {few} passes {x}, {many} {y}"


@pytest.mark.slow
@pytest.mark.parametrize("device", ["pen", "roller", "stamp"])
@FEW
@given(u=FRACTION, v=FRACTION)
def test_downtime_does_not_fall_with_needle_length(device, u, v):
    short, long = two_lengths(device, u, v)
    a, b = (s["downtime_days"] for s in summaries({"device": device, "needle_length_mm": short},
                                                  {"device": device, "needle_length_mm": long}))
    assert b >= a - 1e-6, f"{device}: {short:.4f} mm -> {a} d, {long:.4f} mm -> {b} d"


def collagen_i(summary: dict) -> float:
    return summary["at_day"]["90"]["collagen_I_change_pct"]


def test_roller_channels_deepen_with_the_needle():
    depths = [m.summary["channels"]["depth_um_mean"] for m in members(
        *({"device": "roller", "needle_length_mm": length} for length in (0.5, 1.0, 1.5, 2.0)))]
    assert all(b > a for a, b in zip(depths, depths[1:], strict=False)), depths
    assert depths[-1] >= 2 * depths[0]


@pytest.mark.slow
def test_superficial_pen_remodels_little_and_reddens_briefly():
    shallow, middle, typical, deep = summaries(*({"needle_length_mm": length}
                                                 for length in (0.25, 0.5, 1.5, 2.5)))
    assert collagen_i(shallow) <= collagen_i(typical) / 3
    # needling among the capillary loops reddens for well under half as long as a typical
    # pen session, and within the 72 h of the 0.15-0.25 mm facial study
    assert shallow["downtime_days"] <= typical["downtime_days"] / 2
    assert shallow["downtime_days"] <= 3.0
    assert deep["downtime_days"] > middle["downtime_days"]
    # most of the superficial pen's injury is in the epidermis
    epidermis, papillary, reticular = shallow["healing"]["injured_fraction_by_compartment_first_session"]
    assert epidermis > papillary > reticular


@pytest.mark.slow
def test_passes_keep_adding_collagen_with_diminishing_returns():
    one, four, eight = (collagen_i(s) for s in summaries({"passes": 1}, {"passes": 4}, {"passes": 8}))
    assert four - one >= 0.15 * four
    assert 0 < eight - four < four - one


@pytest.mark.slow
def test_identical_weekly_sessions_redden_alike():
    weekly = {"device": "roller", "needle_length_mm": 1.5, "passes": 15, "sessions": 6,
              "interval_days": 7}
    per_session = summaries(weekly)[0]["downtime_days_per_session"]
    # each session lands its needles anew (a few percent apart); no session jumps
    assert max(per_session) - min(per_session) < 0.1 * max(per_session), per_session


@pytest.mark.slow
def test_benchmark_quick_mode_writes_its_table_and_figure(tmp_path):
    out = tmp_path / "dose"
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "dose_response.py"), "--quick",
                          "--out", str(out)], capture_output=True, text=True, timeout=300,
                         cwd=tmp_path, env={**os.environ, "MPLBACKEND": "Agg"})
    assert run.returncode == 0, run.stderr[-3000:]
    table = pd.read_csv(out / "dose_response.csv")
    assert set(table.sweep) == {"needle_length", "passes", "sessions"}
    assert {"channel_depth_um", "injured_volume_mm3_per_cm2", "damage_first_session",
            "damage_epidermis", "damage_papillary",
            "damage_reticular", "downtime_days", "barrier_recovery_h", "collagen_I_change_pct",
            "dermal_density_change_pct"} <= set(table.columns)
    for device in ("pen", "roller", "stamp"):  # each device only within its range
        low, high = needle_length_range_mm(device, PARAMS)
        lengths = table[(table.sweep == "needle_length") & (table.device == device)]
        assert len(lengths) >= 5
        assert lengths.needle_length_mm.between(low, high).all()
    assert (out / "dose_response.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(pd.read_csv(out / "comparisons.csv")) >= 1
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["quick"] is True and result["points"] == len(table)
    assert {"roller_depth_ratio_2p0_over_0p5mm", "pen_collagen_I_d90_ratio_0p25_over_1p5mm",
            "pen_passes_damage_rise_1_to_4", "pen_passes_damage_rise_4_to_8",
            "downtime_days_at_0p25mm", "downtime_days_at_2p5mm", "seconds"} <= set(result)
