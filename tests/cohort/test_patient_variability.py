"""Patients of a cohort differ as trial patients do: responder rates strictly between 2 %
and 98 % and a spread of the scar change like the trials' in the published-data table."""

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from needlesim.cohort.load import load_cohort
from needlesim.cohort.sample import draw_patient
from needlesim.cohort.summarize import responder_rates
from needlesim.cohort.worker import run_chunk
from needlesim.validation.literature import BEFORE_AFTER_CORRELATION, load_rows

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "cohort_small.toml"


def trial_sd_of_change_pct() -> list[float]:
    """Patient-level SD of the percent scar change, from each trial's before and after SDs."""
    out = []
    for row in load_rows():
        if row.observable == "scar_score_change_pct" and row.baseline_spread and row.final_spread:
            s0, s1, r = row.baseline_spread, row.final_spread, BEFORE_AFTER_CORRELATION
            out.append(100 * math.sqrt(s0 * s0 + s1 * s1 - 2 * r * s0 * s1) / row.baseline)
    return out


def test_patients_draw_their_own_response_factor():
    spec = load_cohort(EXAMPLE)
    z = [draw_patient(spec, i)["response_z"] for i in range(200)]
    assert abs(np.mean(z)) < 0.2 and 0.8 < np.std(z) < 1.2
    assert draw_patient(spec, 7) == draw_patient(spec, 7)
    off = dataclasses.replace(spec, patient_variability=False)
    assert "response_z" not in draw_patient(off, 7)


@pytest.mark.slow
def test_small_cohort_responders_and_spread_like_trials():
    spec = dataclasses.replace(load_cohort(EXAMPLE), patients=80, chunk_size=80)
    table = run_chunk(spec, 0, spec.patients)
    assert (table["error"] == "").all()
    rates = [r for r in responder_rates(table, spec) if r["key"] == "scar_score_change_pct"]
    assert rates
    for rate in rates:
        if rate["day"] >= 90:
            assert 0.02 < rate["rate"] < 0.98, rate
    trials = trial_sd_of_change_pct()
    for (arm, day), group in table.groupby(["arm", "day"]):
        if day >= 90:
            spread = group["scar_score_change_pct"].std()
            assert 0.5 * min(trials) <= spread <= 2 * max(trials), (arm, day, spread, trials)
