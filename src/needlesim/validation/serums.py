"""What a serum adds, as split-face trials measure it: the difference between the PRP half
and the other half of the same patients (``calibration.serums.split_face_pairs``), model against
data, over the stored ensemble; and the pooled difference of the Kang 2022 meta-analysis
(``targets_actives.csv``), which no fit used. Calibration pairs are the rows the
growth-factor maximum was fitted to (``calibration.serums``); validation pairs were not seen."""

from __future__ import annotations

import dataclasses
from functools import lru_cache

import numpy as np

from needlesim.calibration.serums import model_differences, split_face_pairs
from needlesim.validation.evidence import ensemble_members
from needlesim.validation.literature import load_rows
from needlesim.validation.predict import GRADES_ASSUMED, predict
from needlesim.validation.registry import Comparison, Target, compares_table, computes

# The meta-analysis pools dermaroller trials of acne scars; its typical protocol is the
# table's assumed one (roller 1.5 mm, 15 passes, monthly), with 4 sessions (Kang 2022:
# most pooled studies gave 3-6 sessions) read a month after the last, and the qualitative
# grade starting at GRADES_ASSUMED.
META_SESSIONS = 4
META_ARMS = ("sharma_jpad_gb_mn_prp", "sharma_jpad_gb_mn_saline")
SEED = 20260


@compares_table
def split_face_differences() -> list[Comparison]:
    return list(_split_face_differences())


@lru_cache(maxsize=1)
def _split_face_differences() -> tuple[Comparison, ...]:
    pairs = split_face_pairs(set_name=None)
    model = model_differences(pairs, ensemble_members())
    rng = np.random.default_rng(SEED)
    out = []
    for pair, values in zip(pairs, model, strict=True):
        row = pair.serum
        median = float(np.median(values))
        # what a study would observe: the ensemble's spread plus the pair's sampling error
        draws = values[:, None] + pair.standard_error * rng.standard_normal((values.size, 200))
        low, high = (float(v) for v in np.percentile(draws, [5, 95]))
        spread = float(np.hypot(pair.standard_error, np.std(values)))
        other = pair.other.adjunct or "no serum"
        target = Target(f"{row.row_id}_minus_{pair.other.row_id.split('_')[-1]}",
                        f"{row.observable}: PRP half minus the other half ({other})",
                        pair.difference, 2 * spread, row.unit, row.set, row.source, row.note,
                        study=row.study, table="literature")
        out.append(Comparison(target, median, (low, high),
                              z_score=(pair.difference - median) / spread))
    return tuple(out)


@computes("kang2022_prp_grade_difference")
def meta_analysis_grade_difference() -> float:
    """Model's difference in the Goodman qualitative grade, PRP minus microneedling alone,
    for the pooled trials' typical protocol (default parameters, population mean)."""
    rows = {r.row_id: r for r in load_rows()}
    arms = [dataclasses.replace(rows[i], row_id=f"meta_{i}", sessions=META_SESSIONS,
                                interval_days=30.0, day=None) for i in META_ARMS]
    predicted = predict(arms, [{}])
    difference_pct = float(predicted[arms[0].row_id][0] - predicted[arms[1].row_id][0])
    return difference_pct / 100 * GRADES_ASSUMED
