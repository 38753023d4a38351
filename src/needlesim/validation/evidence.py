"""The published-data table in ``needlesim validate``: every row the model has an output
for, with the ensemble's median, a 90 % interval and a verdict.

For each row the calibrated ensemble (``healing/data/ensemble.csv``) gives a trial-level
prediction per member (``validation.predict``). What a repeat of the study would observe
adds, for means, the between-study deviation of the row's outcome family and the study's
own standard error, for counts the binomial sampling of its patients, and for shares of
responders also the study's rating effect (logit scale); the 5-95 % range of those draws
is the row's 90 % interval.

A mean passes when it lies within two combined standard deviations (study SE, between-study
SD, spread of the ensemble) of the median; a count passes when its two-sided tail
probability under the median prediction (binomial, or for responders binomial mixed over
the rating effect) is at least 5 % (consistent at 95 %).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy.stats import binom

from needlesim.healing.ensemble import load_ensemble
from needlesim.parameters import default_parameters
from needlesim.validation.literature import Row, load_rows
from needlesim.validation.predict import (
    BETWEEN_STUDY_SD,
    RESPONDERS,
    STUDY_NODES,
    STUDY_WEIGHTS,
    between_study_family,
    is_modelled,
    predict,
    shifted_share,
)
from needlesim.validation.registry import Comparison, Target, compares_table

MEMBERS = 30  # ensemble members run per row (evenly spaced through the stored draws)
DRAWS_PER_MEMBER = 200
SEED = 7


def ensemble_members(count: int = MEMBERS) -> list[dict]:
    samples = load_ensemble()
    if not samples:
        return [{}]
    size = len(next(iter(samples.values())))
    pick = np.unique(np.linspace(0, size - 1, min(count, size)).round().astype(int))
    return [{name: float(values[i]) for name, values in samples.items()} for i in pick]


def _tail(k: int, n: int, p: float, tau: float = 0.0) -> float:
    """Two-sided tail probability of ``k`` of ``n`` under ``p``: binomial, mixed over a
    normal study effect of SD ``tau`` on the logit of ``p`` when ``tau`` > 0."""
    shares = shifted_share(p, tau * STUDY_NODES) if tau > 0 else np.array([p])
    weights = STUDY_WEIGHTS if tau > 0 else np.array([1.0])
    below = float(np.dot(weights, binom.cdf(k, n, shares)))
    above = float(np.dot(weights, binom.sf(k - 1, n, shares)))
    return float(min(1.0, 2 * min(below, above)))


def _between_study_sd(row: Row, members: list[dict]) -> np.ndarray:
    name, unit = BETWEEN_STUDY_SD[between_study_family(row)]
    defaults = default_parameters()
    return np.array([m.get(name, defaults.get(name, unit)) for m in members])


def compare_row(row: Row, predicted: np.ndarray, members: list[dict], rng) -> Comparison:
    median = float(np.median(predicted))
    target = Target(row.row_id, f"{row.measure} ({row.population[:60]})", row.value, 0.0,
                    row.unit, row.set, row.source, row.note, row.study, "literature")
    if row.is_count:
        shape = (len(predicted), DRAWS_PER_MEMBER)
        shares = np.broadcast_to(np.clip(predicted, 0, 1)[:, None], shape)
        tau = 0.0
        if row.observable in RESPONDERS:
            taus = _between_study_sd(row, members)
            tau = float(np.median(taus))
            shares = shifted_share(shares, taus[:, None] * rng.standard_normal(shape))
        draws = rng.binomial(row.n_total, shares) / row.n_total
        interval = tuple(float(q) for q in np.percentile(draws, [5, 95]))
        spread = float(np.std(draws)) if tau > 0 else np.sqrt(max(median * (1 - median), 1e-12)
                                                               / row.n_total)
        target = Target(**{**target.__dict__, "tolerance": float(2 * spread)})
        return Comparison(target, median, interval, _tail(row.n_events, row.n_total, median, tau))
    se = row.standard_error()[0]
    tau = _between_study_sd(row, members)
    draws = (predicted[:, None] + tau[:, None] * rng.standard_normal((len(members), DRAWS_PER_MEMBER))
             + se * rng.standard_normal((len(members), DRAWS_PER_MEMBER)))
    if row.unit == "day":  # days of redness are not negative
        draws = np.maximum(draws, 0.0)
    interval = tuple(float(q) for q in np.percentile(draws, [5, 95]))
    combined = float(np.sqrt(se**2 + np.median(tau) ** 2 + np.var(predicted)))
    target = Target(**{**target.__dict__, "tolerance": 2 * combined})
    return Comparison(target, median, interval, z_score=(row.value - median) / combined)


@lru_cache(maxsize=1)
def literature_comparisons() -> tuple[Comparison, ...]:
    rows = [row for row in load_rows() if is_modelled(row)]
    members = ensemble_members()
    predicted = predict(rows, members)
    rng = np.random.default_rng(SEED)
    return tuple(compare_row(row, predicted[row.row_id], members, rng) for row in rows)


@compares_table
def published_data() -> list[Comparison]:
    return list(literature_comparisons())
