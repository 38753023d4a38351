"""Joint calibration of the healing and outcome parameters on the calibration studies of
the published-data table: ``python -m needlesim.calibration.evidence``.

The rows of ``validation/data/literature.csv`` whose study the seeded split
(``validation/split.py``) put in the calibration set, and that the model has an output
for, enter one likelihood:

* means (score and tissue changes, downtime): normal, with the variance the study's
  standard error gives plus a between-study variance per outcome family (``tau``; the
  random-effects model of meta-analysis: studies differ in raters, scales and
  populations beyond their sampling error); a study's rows of one family share their
  study effect, so its time course or its two scales inform the model's shape;
* counts (adverse events): binomial;
* shares of responders: binomial around the model's share shifted, on the logit scale, by
  a study effect of standard deviation ``tau`` (integrated with Gauss-Hermite nodes):
  what counts as a "good" response differs between raters and scales, and the shares of
  the calibration studies scatter far beyond binomial sampling (0.25 to 1.0).

Each trial is a population: patients differ by their response ``z``
(``outcomes/variability.py``), integrated over z as in ``validation/predict.py``; the
responder shares identify the spread of the scar response.

The posterior is sampled with emcee (affine-invariant ensemble sampler) on a grid
emulator of the cascade (``calibration/emulator.py``). ``--write`` stores the posterior
medians in ``parameters/data/model_healing.csv`` and thinned posterior draws as the
ensemble (``healing/data/ensemble.csv``) from which every interval the package shows is
computed. Validation studies are never read here (``tests/test_evidence.py`` checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import emcee
import numpy as np
from scipy.stats import binom

from needlesim.calibration.command import finish, parser
from needlesim.calibration.emulator import EPIDERMIS, SCALE, GridSpan, MapParameters, build_grid
from needlesim.healing.ensemble import ensemble_path
from needlesim.outcomes.risks import (
    infection_probability,
    pih_probability,
    series_interval_days,
    tram_track_probability,
)
from needlesim.outcomes.variability import patient_values
from needlesim.parameters import ParameterSet
from needlesim.parameters.store import store_values, write_atomically
from needlesim.validation.literature import Row, rows_of_set
from needlesim.validation.predict import (
    BETWEEN_STUDY_SD,
    CLINICAL_KEYS,
    GRADES_ASSUMED,
    NODES,
    PIGMENT,
    RATING,
    RESPONDERS,
    STUDY_NODES,
    STUDY_WEIGHTS,
    TISSUE,
    WEIGHTS,
    WRINKLE,
    between_study_family,
    is_modelled,
    responder_threshold,
    share_beyond,
    shifted_share,
)

SOURCE = "fitted:needlesim.calibration.evidence"
CEILING = "scar_max_improvement_pct"
SCAR_SPREAD = "patient_scar_response_sd_log"
SEED = 2026
WALKERS = 48
STEPS = 6000
BURN = 2000
MEMBERS = 100  # posterior draws kept as the ensemble


@dataclass(frozen=True)
class Free:
    """A sampled parameter: its prior is uniform on ``(low, high)`` in the sampled space
    (the logarithm when ``log``), the bounds written as values of the parameter."""

    name: str
    low: float
    high: float
    log: bool
    needs: tuple[str, ...]  # observables that identify it (sampled only if a row has one)

    def to_space(self, value):
        return np.log(value) if self.log else value

    def from_space(self, x):
        return np.exp(x) if self.log else x


# Priors (assumptions): wide, a decade or more either side of the literature-based values.
FREE = [
    Free(SCALE, 0.005, 0.5, True, ("collagen_total_change_pct",)),
    Free(EPIDERMIS, 0.05, 10.0, True, ("epidermal_thickness_change_pct",)),
    Free("scar_response_gain", 0.01, 1000.0, True, ("scar_score_change_pct",)),
    Free("scar_max_improvement_pct", 10.0, 100.0, False, ("scar_score_change_pct",)),
    # Patients' scar response: at most a factor e per standard deviation (an assumption).
    Free(SCAR_SPREAD, 0.02, 1.0, False, tuple(RESPONDERS)),
    Free(RATING, 0.5, 4.0, True, tuple(RESPONDERS)),
    Free("texture_gain", 0.01, 100.0, True, ("texture_change_pct",)),
    Free("wrinkle_grade_gain", 0.01, 100.0, True, ("wrinkle_score_change_pct",)),
    Free("redness_threshold", 0.005, 10.0, True, ("downtime_days",)),
    # 0: redness is the area average; 1: each wound is red on its own (downtime.py).
    Free("redness_local_exponent", 0.0, 1.0, False, ("downtime_days",)),
    Free("pih_logit_intercept", -12.0, 4.0, False, ("pih_count",)),
    Free("pih_logit_per_phototype", 0.0, 2.0, False, ("pih_count",)),
    Free("pih_logit_per_log_shorter_interval", 0.0, 3.0, False, ("pih_count",)),
    Free("tram_track_per_session", 1e-4, 0.3, True, ("tram_track_count",)),
    Free("infection_clinic_per_session", 1e-5, 0.1, True, ("infection_count",)),
]
# Between-study standard deviations by outcome family (half-normal priors of this scale:
# an assumption; with one or two calibration studies in a family the prior dominates).
TAU_PRIOR_SCALE = {"scar": 10.0, "histology": 20.0, "skin_quality": 10.0, "downtime": 1.0,
                   "responders": 1.0}
TAU = {family: (BETWEEN_STUDY_SD[family][0], scale) for family, scale in TAU_PRIOR_SCALE.items()}


def log_share_likelihood(k: int, n: int, share: float, tau: float) -> float:
    """Log probability of ``k`` responders of ``n`` when the study's share is the model's
    shifted on the logit scale by a normal study effect of standard deviation ``tau``."""
    return float(np.log(np.dot(STUDY_WEIGHTS, binom.pmf(k, n, shifted_share(share, tau * STUDY_NODES)))
                        + 1e-300))


def grid_span(params: ParameterSet) -> GridSpan:
    bounds = {f.name: (f.low, f.high) for f in FREE}
    widest = np.exp(params.value("patient_response_sd_log").value * np.max(np.abs(NODES)))
    low, high = bounds[SCALE]
    return GridSpan((low / widest, high * widest), bounds[EPIDERMIS], bounds["redness_threshold"],
                    bounds["redness_local_exponent"])


def calibration_rows() -> list[Row]:
    """The rows the fit reads: calibration studies only, with a model output, needling
    without a serum (the pigment rows have their own small fit, ``calibration/pigment.py``;
    the serum arms theirs, ``calibration/serums.py``)."""
    return [row for row in rows_of_set("calibration")
            if is_modelled(row) and row.observable not in PIGMENT and not row.adjunct]


class Likelihood:
    def __init__(self, rows: list[Row], params: ParameterSet):
        self.rows, self.base = rows, params
        observables = {row.observable for row in rows}
        self.free = [f for f in FREE if set(f.needs) & observables]
        families = {between_study_family(r) for r in rows
                    if not r.is_count or r.observable in RESPONDERS}
        self.taus = [TAU[f] for f in TAU if f in families]
        self.names = [f.name for f in self.free] + [name for name, _ in self.taus]
        groups: dict[tuple, list[Row]] = {}
        for row in rows:
            groups.setdefault(row.protocol_key(), []).append(row)
        self.study_groups: dict[tuple[str, str], list[Row]] = {}
        for row in rows:
            if not row.is_count:
                self.study_groups.setdefault((row.study, between_study_family(row)), []).append(row)
        span = grid_span(params)
        self.grids = {key: build_grid(key, sorted({r.report_day for r in g}), params, span)
                      for key, g in groups.items()}

    @property
    def ndim(self) -> int:
        return len(self.names)

    def values(self, x) -> dict[str, float]:
        out = {f.name: float(f.from_space(v)) for f, v in zip(self.free, x, strict=False)}
        out.update({name: float(v) for (name, _), v in zip(self.taus, x[len(self.free):], strict=True)})
        return out

    def log_prior(self, x) -> float:
        for f, v in zip(self.free, x, strict=False):
            if not f.to_space(f.low) <= v <= f.to_space(f.high):
                return -np.inf
        taus = x[len(self.free):]
        if np.any(taus < 0):
            return -np.inf
        return float(-0.5 * sum((t / scale) ** 2 for t, (_, scale) in zip(taus, self.taus, strict=True)))

    def predictions(self, values: dict) -> dict[str, float]:
        """Trial-level prediction of each row (the emulator's counterpart of
        ``validation.predict.predict``)."""
        params = MapParameters(values, self.base)
        patients = patient_values(params.file_value, NODES)
        scale = patients[SCALE]
        epidermis = np.full_like(NODES, params.file_value(EPIDERMIS))
        # each node's own scar ceiling (the clinical maps read it as a parameter)
        node_params = MapParameters({**values, CEILING: patients[CEILING]}, self.base)
        out = {}
        for row in self.rows:
            grid = self.grids[row.protocol_key()]
            obs = row.observable
            if obs == "downtime_days":
                out[row.row_id] = grid.downtime_days(params.get("redness_threshold"),
                                                     params.get("redness_local_exponent"))
                continue
            if obs == "pih_count":
                out[row.row_id] = float(np.mean([pih_probability(f, grid.burden_day, params,
                                                                 series_interval_days(grid.sessions))
                                                 for f in row.phototypes]))
                continue
            if obs == "tram_track_count":
                out[row.row_id] = tram_track_probability(grid.sessions, grid.skin.bone_backing, params)
                continue
            if obs == "infection_count":
                out[row.row_id] = infection_probability(grid.sessions, params)
                continue
            table = grid.clinical(row.report_day, scale, epidermis, node_params)
            if obs in TISSUE:
                per_node = 100 * table[TISSUE[obs]]
            elif obs in WRINKLE:
                per_node = 100 * table["wrinkle_grade_change"] / GRADES_ASSUMED
            elif obs in RESPONDERS:
                out[row.row_id] = share_beyond(NODES, -params.get(RATING) * table["scar_score_change_pct"],
                                               responder_threshold(row))
                continue
            else:
                per_node = table[CLINICAL_KEYS[obs]]
            out[row.row_id] = float(np.dot(WEIGHTS, per_node))
        return out

    def log_probability(self, x) -> float:
        prior = self.log_prior(x)
        if not np.isfinite(prior):
            return -np.inf
        values = self.values(x)
        predicted = self.predictions(values)
        total = prior
        responder_tau = values.get(TAU["responders"][0], 0.0)
        for row in self.rows:
            if row.observable in RESPONDERS:
                total += log_share_likelihood(row.n_events, row.n_total, predicted[row.row_id],
                                              responder_tau)
            elif row.is_count:
                p = min(max(predicted[row.row_id], 1e-9), 1 - 1e-9)
                total += float(binom.logpmf(row.n_events, row.n_total, p))
        for (_, family), rows in self.study_groups.items():
            # one study effect shared by a study's rows of a family (same patients, same
            # raters): covariance tau^2 between them, plus each row's own SE on the diagonal
            tau = values.get(TAU[family][0], 0.0)
            residual = np.array([r.value - predicted[r.row_id] for r in rows])
            cov = np.diag([r.standard_error()[0] ** 2 for r in rows]) + tau * tau
            _, logdet = np.linalg.slogdet(cov)
            total += -0.5 * (residual @ np.linalg.solve(cov, residual) + logdet
                             + len(rows) * np.log(2 * np.pi))
        return total

    def start(self, rng, walkers: int) -> np.ndarray:
        """Walkers in a ball around the prior centres (a fixed start: a rerun does not depend
        on the values shipped by an earlier run)."""
        centre = [0.5 * (f.to_space(f.low) + f.to_space(f.high)) for f in self.free]
        centre += [0.5 * scale for _, scale in self.taus]
        width = [0.1 * (f.to_space(f.high) - f.to_space(f.low)) for f in self.free]
        width += [0.1 * scale for _, scale in self.taus]
        return np.array(centre) + np.array(width) * rng.standard_normal((walkers, len(centre)))


def sample(likelihood: Likelihood, walkers=WALKERS, steps=STEPS, seed=SEED, progress=False):
    rng = np.random.default_rng(seed)
    start = likelihood.start(rng, walkers)
    # stretch moves mixed with differential-evolution moves: the posterior has long ridges
    # (a collagen scale against its study's deviation, the redness threshold against its
    # exponent) that the stretch move alone crosses slowly, while DE moves alone are
    # rarely accepted in 19 dimensions
    moves = [(emcee.moves.StretchMove(), 0.6), (emcee.moves.DEMove(), 0.3),
             (emcee.moves.DESnookerMove(), 0.1)]
    sampler = emcee.EnsembleSampler(walkers, likelihood.ndim, likelihood.log_probability, moves=moves)
    sampler.random_state = np.random.RandomState(seed).get_state()
    sampler.run_mcmc(start, steps, progress=progress)
    return sampler


def posterior_members(likelihood: Likelihood, sampler, burn=BURN, members=MEMBERS):
    chain = sampler.get_chain(discard=burn, flat=True)
    pick = np.linspace(0, len(chain) - 1, members).round().astype(int)
    draws = [likelihood.values(chain[i]) for i in pick]
    names = likelihood.names
    return {name: np.array([d[name] for d in draws]) for name in names}


def medians(samples: dict) -> dict[str, float]:
    return {name: float(np.median(v)) for name, v in samples.items()}


def ensemble_text(samples: dict) -> str:
    names = list(samples)
    lines = [f"# posterior draws of needlesim.calibration.evidence (emcee, seed {SEED},"
             f" {WALKERS} walkers x {STEPS} steps, first {BURN} discarded)", ",".join(names)]
    for i in range(len(samples[names[0]])):
        lines.append(",".join(f"{samples[n][i]:.6g}" for n in names))
    return "\n".join(lines) + "\n"


def report(likelihood: Likelihood, sampler, samples: dict, burn: int = BURN) -> str:
    centre = medians(samples)
    predicted = likelihood.predictions(centre)
    lines = [f"calibration rows: {len(likelihood.rows)} from "
             f"{len({r.study for r in likelihood.rows})} studies",
             f"acceptance fraction {np.mean(sampler.acceptance_fraction):.2f}"]
    try:
        lines.append(f"autocorrelation time (steps) {np.max(sampler.get_autocorr_time(discard=burn)):.0f}")
    except emcee.autocorr.AutocorrError as error:
        lines.append(f"autocorrelation time: {str(error).splitlines()[0]}")
    lines.append(f"{'parameter':34s} {'median':>11s} {'5 %':>11s} {'95 %':>11s}")
    for name, v in samples.items():
        lines.append(f"{name:34s} {np.median(v):11.4g} {np.percentile(v, 5):11.4g} "
                     f"{np.percentile(v, 95):11.4g}")
    lines.append(f"{'row':34s} {'data':>9s} {'model':>9s}")
    for row in likelihood.rows:
        lines.append(f"{row.row_id:34s} {row.value:9.4g} {predicted[row.row_id]:9.4g}")
    return "\n".join(lines)


def write(samples: dict) -> None:
    store_values("model_healing.csv", medians(samples), digits=6, source=SOURCE)
    path = Path(str(ensemble_path()))
    path.parent.mkdir(exist_ok=True)
    write_atomically(path, ensemble_text(samples))


def main(argv=None) -> int:
    command = parser("needlesim.calibration.evidence", __doc__,
                     "parameters/data/model_healing.csv and healing/data/ensemble.csv")
    command.add_argument("--steps", type=int, default=STEPS)
    args = command.parse_args(argv)
    likelihood = Likelihood(calibration_rows(), ParameterSet())
    sampler = sample(likelihood, steps=args.steps, progress=True)
    burn = min(BURN, args.steps // 2)
    samples = posterior_members(likelihood, sampler, burn=burn)
    print(report(likelihood, sampler, samples, burn))
    if args.write:
        write(samples)
    return finish(args)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
