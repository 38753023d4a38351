"""A grid emulator of the healing cascade for the joint calibration.

Of the parameters the joint fit samples, only two enter the cascade: the collagen
synthesis scale (times each patient's response factor) and the epidermis gain. Everything
else acts on the cascade's output algebraically (the clinical maps, the redness
threshold, the PIH logistic). So each protocol of the calibration rows is integrated once
on a grid of those two values (all grid points as one vectorised batch), and the sampler
interpolates the tissue changes between grid points (bilinear in the logarithms), runs the
same clinical maps as the model (``outcomes.clinical.clinical_changes``), and reads
downtime from the redness trajectory, which does not depend on either value (checked in
``tests/test_evidence.py`` with the interpolation error against direct runs): downtime is
tabulated over the two redness parameters the fit samples, the visibility threshold and
the local exponent (``outcomes.downtime.visible_redness``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from needlesim.outcomes.clinical import clinical_changes
from needlesim.outcomes.downtime import (
    downtime_days,
    redness_index,
    session_coverage,
    vascular_factor,
    visible_redness,
)
from needlesim.outcomes.endpoints import evaluate
from needlesim.parameters import ParameterSet
from needlesim.validation.predict import protocol_inputs

SCALE = "collagen_synthesis_scale"
EPIDERMIS = "epidermis_collagen_gain"
SCALE_POINTS, EPIDERMIS_POINTS, THRESHOLD_POINTS, EXPONENT_POINTS = 49, 25, 161, 21


@dataclass(frozen=True)
class GridSpan:
    """The values the grids cover (the sampler's prior ranges, the collagen scale widened by
    the outermost patient factor; values beyond are clamped to the ends). Fixed spans keep a
    rerun independent of the values an earlier fit shipped."""

    scale: tuple[float, float]
    epidermis: tuple[float, float]
    threshold: tuple[float, float]
    exponent: tuple[float, float]


TISSUE_KEYS = ("collagen_I", "collagen_III", "collagen_VII", "collagen_total", "collagen_dermis",
               "elastin", "elastin_dermis", "tropoelastin", "epidermal_thickness")


class MapParameters:
    """``get(name)`` from sampled values, else from a parameter set: what the clinical maps
    and risk functions read, without building a ParameterSet per sample."""

    def __init__(self, values: dict, base: ParameterSet):
        self.values, self.base = values, base

    def get(self, name, unit=None):
        """Sampled values are dimensionless or in the file's unit (as ``file_value``)."""
        if name in self.values:
            return self.values[name]
        return self.base.get(name, unit)

    def file_value(self, name):
        """The value in the parameter file's unit (the unit samples and overrides use)."""
        if name in self.values:
            return self.values[name]
        return self.base.value(name).value


@dataclass
class ProtocolGrid:
    """Tissue changes on the grid (day -> key -> (scale, epidermis) array), the mean
    downtime per session over (threshold, local exponent), and the inflammation burden, of
    one protocol."""

    days: list[float]
    changes: dict[float, dict[str, np.ndarray]]
    log_scale: np.ndarray
    log_epidermis: np.ndarray
    log_threshold: np.ndarray
    exponent: np.ndarray
    downtime: np.ndarray
    burden_day: float
    skin: object
    sessions: list

    def tissue(self, day: float, scale, epidermis) -> dict[str, np.ndarray]:
        """Interpolated tissue changes at ``day`` for arrays of scale and epidermis gain."""
        x = np.interp(np.log(scale), self.log_scale, np.arange(len(self.log_scale)))
        y = np.interp(np.log(epidermis), self.log_epidermis, np.arange(len(self.log_epidermis)))
        i = np.minimum(x.astype(int), len(self.log_scale) - 2)
        j = np.minimum(y.astype(int), len(self.log_epidermis) - 2)
        fx, fy = x - i, y - j
        out = {}
        for key, table in self.changes[day].items():
            out[key] = ((1 - fx) * (1 - fy) * table[i, j] + fx * (1 - fy) * table[i + 1, j]
                        + (1 - fx) * fy * table[i, j + 1] + fx * fy * table[i + 1, j + 1])
        return out

    def clinical(self, day, scale, epidermis, params) -> dict[str, np.ndarray]:
        tissue = self.tissue(day, scale, epidermis)
        return {**tissue, **clinical_changes(tissue, params, "mixed")}

    def downtime_days(self, threshold: float, exponent: float) -> float:
        """Mean downtime per session [d], bilinear in (log threshold, exponent)."""
        x = np.interp(np.log(threshold), self.log_threshold, np.arange(len(self.log_threshold)))
        y = np.interp(exponent, self.exponent, np.arange(len(self.exponent)))
        i = min(int(x), len(self.log_threshold) - 2)
        j = min(int(y), len(self.exponent) - 2)
        fx, fy = x - i, y - j
        d = self.downtime
        return float((1 - fx) * (1 - fy) * d[i, j] + fx * (1 - fy) * d[i + 1, j]
                     + (1 - fx) * fy * d[i, j + 1] + fx * fy * d[i + 1, j + 1])


def build_grid(key: tuple, days: list[float], params: ParameterSet, span: GridSpan) -> ProtocolGrid:
    skin, sessions, injuries = protocol_inputs(key)
    # samples are in the file's unit (healing.rates.healing_rates converts them)
    s, e = np.meshgrid(np.geomspace(*span.scale, SCALE_POINTS),
                       np.geomspace(*span.epidermis, EPIDERMIS_POINTS), indexing="ij")
    series = evaluate(params, skin, injuries, days, samples={SCALE: s.ravel(), EPIDERMIS: e.ravel()})
    shape = s.shape
    changes = {day: {k: series.at(day, k).reshape(shape) for k in TISSUE_KEYS} for day in days}
    # redness and burden do not depend on the gridded rates (tested): read them mid-grid
    middle = (shape[0] // 2) * shape[1] + shape[1] // 2
    thresholds = np.geomspace(*span.threshold, THRESHOLD_POINTS)
    exponents = np.linspace(*span.exponent, EXPONENT_POINTS)
    session_days = [i.day for i in injuries]
    redness = _redness_over_exponents(series, params, session_days, middle, exponents)
    downtime = np.array([downtime_days(series.times_day, redness, session_days, t).mean(axis=0)
                         for t in thresholds])
    return ProtocolGrid(list(days), changes, np.log(s[:, 0]), np.log(e[0]), np.log(thresholds),
                        exponents, downtime, float(series.burden_days[middle]), skin, sessions)


def _redness_over_exponents(series, params, session_days, patient, exponents) -> np.ndarray:
    """Visible redness of one grid patient over (time, exponent), as ``outcomes_of`` reads
    it for each local exponent."""
    run, times = series.run, series.times_day
    pick = slice(patient, patient + 1)
    index = redness_index(run.states, params)[:, pick]
    coverage = session_coverage(times, session_days, run.doses.damage)[:, pick]
    vascular = vascular_factor(times, session_days, run.doses.bleeding,
                               params.get("redness_bleeding_weight"))[:, pick]
    return np.concatenate([visible_redness(index, coverage, e, vascular) for e in exponents],
                          axis=1)
