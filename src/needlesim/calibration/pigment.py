"""The pigment model's effect parameters fitted to the calibration studies' pigment rows:
``python -m needlesim.calibration.pigment``.

Three parameters, each identified by one kind of calibration row of the published-data
table (``validation/data/literature.csv``; the seeded split of ``validation/split.py``):

* ``melanin_turnover_keratinocyte_gain``: needling, in every arm (with or without a
  serum);
* ``tranexamic_acid_melanogenesis_emax``: needling with tranexamic acid (MASI);
* ``ascorbic_acid_melanogenesis_emax``: needling with vitamin C (MASI).

Weighted least squares (``scipy.optimize.least_squares``; the gain on a log scale, the
effects on their own scale between 0 and 1)
on the trial-level predictions of ``validation/predict.py`` (each trial a population of
patients with their response ``z``), each residual over the row's standard error and the
skin-quality family's between-study SD in quadrature. The cascade does not depend on these
parameters, so each protocol's healing series is integrated once and only the melanin
state is recomputed per trial point. Validation rows are never read by the fit; the
report shows them beside the calibration rows. ``--write`` stores the fitted values in
``parameters/data/model_pigment.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from needlesim.calibration.command import finish, parser
from needlesim.outcomes.downtime import redness_index
from needlesim.outcomes.endpoints import BatchPatient, evaluate_batch
from needlesim.outcomes.pigment import pigment_changes
from needlesim.outcomes.variability import patient_values
from needlesim.parameters import ParameterSet, default_parameters
from needlesim.parameters.store import store_values
from needlesim.validation.literature import Row, load_rows
from needlesim.validation.predict import (
    NODES,
    PIGMENT,
    SCAR_TYPE,
    WEIGHTS,
    is_modelled,
    pigment_serum,
    protocol_exposures,
    protocol_inputs,
)

TABLE = "model_pigment.csv"
SOURCE = "fitted:needlesim.calibration.pigment"
# parameter -> (bounds, fitted on a log scale, the rows that identify it: every arm
# (None: each arm is needled, with or without a serum) or this serum's). Bounds are
# assumptions: a gain up to a hundredfold the keratinocytes' rise, an inhibitor that
# removes none to all of the drive.
FREE = {
    "melanin_turnover_keratinocyte_gain": ((0.01, 100.0), True, None),
    "tranexamic_acid_melanogenesis_emax": ((0.0, 1.0), False, "tranexamic_acid"),
    "ascorbic_acid_melanogenesis_emax": ((0.0, 1.0), False, "ascorbic_acid"),
}
TAU = "between_study_sd_skin_quality_pct"


def pigment_rows(set_name: str) -> list[Row]:
    return [r for r in load_rows() if r.set == set_name and r.observable in PIGMENT and is_modelled(r)]


@dataclass
class Protocol:
    """One protocol's healing series at the Gauss-Hermite nodes (integrated once)."""

    skin: object
    exposures: tuple
    series: list  # SeriesResult per node
    z: np.ndarray


def simulate(key: tuple, serum, params: ParameterSet, days) -> Protocol:
    skin, _, injuries = protocol_inputs(key)
    exposures = protocol_exposures(key, serum)
    patients = [BatchPatient(params, skin, injuries, SCAR_TYPE, exposures=exposures) for _ in NODES]
    return Protocol(skin, exposures, evaluate_batch(patients, days), NODES)


def predict_row(row: Row, protocol: Protocol, params: ParameterSet) -> float:
    """Trial-level mean of the row's pigment readout under ``params``."""
    values = []
    for z, series in zip(protocol.z, protocol.series, strict=True):
        scaled = patient_values(lambda name: params.value(name).value, z)
        node = ParameterSet({**params.overrides, **{k: float(v) for k, v in scaled.items()}})
        states = series.run.states
        readout = pigment_changes(series.times_day, states, redness_index(states, node), protocol.skin,
                                  protocol.exposures, node, list(series.run.doses.day))
        i = int(np.argmin(np.abs(series.times_day - row.report_day)))
        values.append(float(readout[row.observable][i, 0]))
    return float(np.dot(WEIGHTS, values))


class Fit:
    def __init__(self, params: ParameterSet):
        self.base = params
        self.rows = {s: pigment_rows(s) for s in ("calibration", "validation")}
        self.protocols = {}
        for row in self.rows["calibration"] + self.rows["validation"]:
            group = (row.protocol_key(), pigment_serum(row))
            self.protocols.setdefault(group, []).append(row)
        self.series = {g: simulate(*g, params, sorted({r.report_day for r in rows}))
                       for g, rows in self.protocols.items()}
        serums = {pigment_serum(r) for r in self.rows["calibration"]}
        self.free = [name for name, (_, _, needs) in FREE.items()
                     if (needs is None and serums) or needs in serums]

    def to_space(self, name, value):
        return np.log(value) if FREE[name][1] else value

    def values_of(self, x) -> dict[str, float]:
        return {n: float(np.exp(v) if FREE[n][1] else v) for n, v in zip(self.free, x, strict=True)}

    def params_of(self, x) -> ParameterSet:
        return ParameterSet({**self.base.overrides, **self.values_of(x)})

    def predictions(self, params: ParameterSet, set_name: str) -> dict[str, float]:
        return {r.row_id: predict_row(r, self.series[(r.protocol_key(), pigment_serum(r))], params)
                for r in self.rows[set_name]}

    def residuals(self, x) -> np.ndarray:
        params = self.params_of(x)
        predicted = self.predictions(params, "calibration")
        tau = params.get(TAU)
        return np.array([(predicted[r.row_id] - r.value) / np.hypot(r.standard_error()[0], tau)
                         for r in self.rows["calibration"]])

    def run(self):
        start = np.array([self.to_space(n, self.base.get(n)) for n in self.free])
        low = np.array([self.to_space(n, FREE[n][0][0]) for n in self.free])
        high = np.array([self.to_space(n, FREE[n][0][1]) for n in self.free])
        return least_squares(self.residuals, np.clip(start, low, high), bounds=(low, high))


def report(fit: Fit, result) -> str:
    params = fit.params_of(result.x)
    lines = ["Pigment fit (calibration rows only):", ""]
    lines += [f"  {n} = {params.get(n):.4g}" for n in fit.free]
    lines += [f"  cost = {result.cost:.4g} ({len(fit.rows['calibration'])} rows)", "",
              "| set | row | adjunct | observable | day | published | model |",
              "|---|---|---|---|---|---|---|"]
    for set_name in ("calibration", "validation"):
        predicted = fit.predictions(params, set_name)
        for r in fit.rows[set_name]:
            lines.append(f"| {set_name} | {r.row_id} | {r.adjunct or 'none'} | {r.observable} | "
                         f"{r.report_day:g} | {r.value:.1f} | {predicted[r.row_id]:.1f} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parser(__name__, __doc__, f"parameters/data/{TABLE}").parse_args(argv)
    fit = Fit(default_parameters())
    result = fit.run()
    print(report(fit, result))
    if args.write:
        store_values(TABLE, fit.values_of(result.x), source=SOURCE)
    return finish(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
