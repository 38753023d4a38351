"""Calibration of the healing and outcome parameters: ``python -m needlesim.healing.calibrate``.

Step 1 fits, one after another (each a one-dimensional root find, because each free
parameter is identified by one target and the order follows the model's causal chain):

=============================  ============================================================
collagen_synthesis_scale       Lotfi 2013: papillary collagen (Masson) +53.2 % at 8 weeks
epidermis_collagen_gain        Lotfi 2013: epidermal thickness +50 % at 8 weeks
redness_threshold              Naspolini 2019: 3.0 days of adverse effects per session (mean
                               over a 2 mm roller and a 2 mm pen: no device in the abstract)
scar_response_gain             Dogra 2014: scar score 11.73 -> 6.50 (-44.6 %) at 1 month
texture_gain                   Fabbrocini 2014: micro-relief irregularity -31 %
pih_logit_intercept            Dogra 2014: PIH in 5 of 30 (phototype IV-V)
tram_track_per_session         Dogra 2014: tram-tracks in 2 of 30 over 5 roller sessions
=============================  ============================================================

Step 2 (approximate Bayesian computation, rejection): draws the two Lotfi-identified
parameters and three uncertain kinetic rates from priors around their values, runs all
draws at once (vectorised over draws), and keeps those within the Lotfi tolerances (their
study reports no spread, so the tolerance is a stated +-25 % of the change). The accepted
draws are the ensemble used for prediction intervals.

Writes ``parameters/data/model_healing.csv`` (fitted rows, with the script as source) and
``healing/data/ensemble.csv``; prints a calibration report. Everything else in the model
is taken from the literature or is a stated assumption, and the validation targets in
``validation/targets_healing.csv`` with role ``validation`` were not used here.
"""

from __future__ import annotations

import argparse
import csv
import io
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.optimize import brentq

from needlesim.healing.protocols import protocol_injuries
from needlesim.healing.series import evaluate
from needlesim.parameters import ParameterSet
from needlesim.parameters.loader import DATA, _tables
from needlesim.validation.registry import load_targets

SOURCE = "fitted:needlesim.healing.calibrate"
LOTFI_DAY = 4 * 30 + 56
DOGRA_DAY = 4 * 30 + 30
FABBROCINI_DAY = 2 * 30 + 30
# The values come from validation/targets_healing.csv (one place for each number).
CALIBRATION_TARGETS = (
    "lotfi_collagen_pct", "lotfi_epidermis_pct", "naspolini_downtime_days", "dogra_scar_pct",
    "fabbrocini_texture_pct", "dogra_pih", "dogra_tram",
)
TARGETS = {t.id: t.target for t in load_targets() if t.id in CALIBRATION_TARGETS}
ENSEMBLE_PRIORS = {  # name: (low, high) multiplicative factor on the fitted/default value
    "collagen_synthesis_scale": (0.5, 2.0),
    "epidermis_collagen_gain": (0.5, 2.0),
    "macrophage_switch_rate": (0.5, 2.0),
    "collagen_III_replacement_rate": (0.5, 2.0),
    "mmp_degradation_new_matrix": (0.5, 2.0),
}
ENSEMBLE_TOLERANCE = 0.25
ENSEMBLE_FILE = "ensemble.csv"


def _series(name, values: dict, day, **kw):
    skin, sessions, injuries = protocol_injuries(name)
    return evaluate(ParameterSet(values), skin, injuries, [day], **kw)


def model_outputs(values: dict) -> dict:
    """The model's value of every calibration target for parameter ``values``."""
    from needlesim.outcomes.risks import pih_probability, tram_track_probability

    params = ParameterSet(values)
    lotfi = _series("lotfi2013", values, LOTFI_DAY)
    dogra = _series("dogra2014", values, DOGRA_DAY)
    naspolini = naspolini_downtime(values)
    fabbrocini = _series("fabbrocini2014", values, FABBROCINI_DAY)
    skin, sessions, _ = protocol_injuries("dogra2014")
    pih = 0.5 * (pih_probability(4, dogra.burden_days[0], params)
                 + pih_probability(5, dogra.burden_days[0], params))
    return {
        "lotfi_collagen_pct": 100 * float(lotfi.at(LOTFI_DAY, "collagen_total")[0]),
        "lotfi_epidermis_pct": 100 * float(lotfi.at(LOTFI_DAY, "epidermal_thickness")[0]),
        "naspolini_downtime_days": naspolini,
        "dogra_scar_pct": float(dogra.at(DOGRA_DAY, "scar_score_change_pct")[0]),
        "fabbrocini_texture_pct": float(fabbrocini.at(FABBROCINI_DAY, "texture_change_pct")[0]),
        "dogra_pih": float(pih),
        "dogra_tram": tram_track_probability(sessions, skin.bone_backing, params),
    }


NASPOLINI_DEVICES = ("naspolini2019", "naspolini2019_pen")


def naspolini_downtime(values: dict) -> float:
    """Mean downtime per session of the Naspolini protocol over the two assumed devices."""
    return float(np.mean([_series(name, values, 150).downtime_days.mean()
                          for name in NASPOLINI_DEVICES]))


def fit_redness_threshold(values: dict) -> float:
    """The threshold meeting the Naspolini target: the kinetics do not depend on it, so
    the series run once and only the threshold crossing is searched."""
    from needlesim.outcomes.downtime import downtime_days

    runs = []
    for name in NASPOLINI_DEVICES:
        series = _series(name, values, 150)
        runs.append((series, [i.day for i in protocol_injuries(name)[2]]))

    def miss(threshold):
        return np.mean([downtime_days(s.times_day, s.redness, d, threshold).mean()
                        for s, d in runs]) - TARGETS["naspolini_downtime_days"]

    return float(brentq(miss, 1e-3, 5.0, xtol=1e-7, rtol=1e-7))


def _fit(values, name, target_key, low, high):
    def miss(v):
        return model_outputs({**values, name: v})[target_key] - TARGETS[target_key]

    values[name] = float(brentq(miss, low, high, xtol=1e-6 * high, rtol=1e-6))
    return values


def fit() -> dict:
    values: dict[str, float] = {}
    _fit(values, "collagen_synthesis_scale", "lotfi_collagen_pct", 1e-4, 2.0)
    _fit(values, "epidermis_collagen_gain", "lotfi_epidermis_pct", 0.0, 5.0)
    values["redness_threshold"] = fit_redness_threshold(values)
    # Outcome maps are algebraic in their gain: solve directly.
    out = model_outputs(values)
    base = ParameterSet(values)
    dogra = _series("dogra2014", values, DOGRA_DAY)
    dermis = float(dogra.at(DOGRA_DAY, "collagen_dermis")[0])
    values["scar_response_gain"] = -np.log(1 + TARGETS["dogra_scar_pct"] / 100) / dermis / \
        base.get("scar_type_factor_mixed")
    fab = _series("fabbrocini2014", values, FABBROCINI_DAY)
    pap = float(fab.at(FABBROCINI_DAY, "collagen_total")[0])
    values["texture_gain"] = -np.log(1 + TARGETS["fabbrocini_texture_pct"] / 100) / pap
    _fit(values, "pih_logit_intercept", "dogra_pih", -15.0, 5.0)
    values["tram_track_per_session"] = 1 - (1 - TARGETS["dogra_tram"]) ** (1 / 5)
    del out
    return values


def ensemble(values: dict, draws: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    params = ParameterSet(values)
    samples = {}
    for name, (low, high) in ENSEMBLE_PRIORS.items():
        centre = params.value(name).value
        samples[name] = centre * np.exp(rng.uniform(np.log(low), np.log(high), draws))
    skin, _, injuries = protocol_injuries("lotfi2013")
    result = evaluate(params, skin, injuries, [LOTFI_DAY], samples=samples, daily=False,
                      fine_step_day=0.25)
    collagen = 100 * result.at(LOTFI_DAY, "collagen_total")
    epidermis = 100 * result.at(LOTFI_DAY, "epidermal_thickness")
    keep = (np.abs(collagen / TARGETS["lotfi_collagen_pct"] - 1) <= ENSEMBLE_TOLERANCE) & \
        (np.abs(epidermis / TARGETS["lotfi_epidermis_pct"] - 1) <= ENSEMBLE_TOLERANCE)
    return {name: s[keep] for name, s in samples.items()}


def write_fitted(values: dict, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if row["name"] in values:
            row["value"] = f"{values[row['name']]:.6g}"
            row["source"] = SOURCE
            row["firmness"] = "fitted"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    tmp = path.with_suffix(".csv.part")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(path)


def write_ensemble(samples: dict, path: Path, seed: int) -> None:
    names = list(samples)
    lines = [f"# ABC rejection ensemble written by needlesim.healing.calibrate (seed {seed});"
             f" accepted within +-{ENSEMBLE_TOLERANCE:.0%} of Lotfi 2013",
             ",".join(names)]
    for i in range(len(samples[names[0]])):
        lines.append(",".join(f"{samples[n][i]:.6g}" for n in names))
    tmp = path.with_suffix(".csv.part")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)


def load_ensemble() -> dict[str, np.ndarray] | None:
    path = resources.files("needlesim.healing") / "data" / ENSEMBLE_FILE
    if not path.is_file():
        return None
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    names = lines[0].split(",")
    data = np.array([[float(v) for v in ln.split(",")] for ln in lines[1:]]).reshape(-1, len(names))
    return {n: data[:, i] for i, n in enumerate(names)}


def report(values: dict) -> str:
    out = model_outputs(values)
    lines = [f"{'target':26s} {'literature':>11s} {'model':>11s}"]
    for key, target in TARGETS.items():
        lines.append(f"{key:26s} {target:11.4g} {out[key]:11.4g}")
    lines.append("fitted values:")
    lines += [f"  {k} = {v:.6g}" for k, v in values.items()]
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=600)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--dry-run", action="store_true", help="fit and report; write nothing")
    args = parser.parse_args(argv)
    values = fit()
    print(report(values))
    samples = ensemble(values, args.draws, args.seed)
    accepted = len(next(iter(samples.values())))
    print(f"ensemble: {accepted} of {args.draws} draws accepted")
    for name, s in samples.items():
        print(f"  {name}: median {np.median(s):.4g}, 5-95 % {np.percentile(s, 5):.4g}"
              f" - {np.percentile(s, 95):.4g}")
    if not args.dry_run:
        write_fitted(values, Path(str(DATA / "model_healing.csv")))
        folder = Path(str(resources.files("needlesim.healing"))) / "data"
        folder.mkdir(exist_ok=True)
        write_ensemble(samples, folder / ENSEMBLE_FILE, args.seed)
        _tables.cache_clear()
        print("wrote model_healing.csv and healing/data/ensemble.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
