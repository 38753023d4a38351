"""Distributions of a cohort file, each as an inverse CDF on [0, 1].

Sampling is ``ppf(u)`` with ``u`` uniform from a seeded generator, so the same code serves
cohorts (``u`` from the patient's generator) and sensitivity analysis (``u`` from SALib's
unit hypercube). Written in TOML as inline tables, e.g.::

    age_years = { dist = "normal", mean = 45, sd = 10, low = 25, high = 70 }
    fitzpatrick = { dist = "choice", values = [1, 2, 3, 4, 5, 6], weights = [1, 2, 3, 2, 1, 1] }
    collagen_synthesis_scale = { dist = "lognormal", median = 1.0, sigma = 0.2 }
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from needlesim.errors import input_error

KINDS = {
    "constant": ("value",),
    "uniform": ("low", "high"),
    "normal": ("mean", "sd"),  # optional low, high: truncated
    "lognormal": ("median", "sigma"),  # optional low, high: truncated
    "triangular": ("low", "mode", "high"),
    "choice": ("values",),  # optional weights
}
OPTIONAL = {"normal": ("low", "high"), "lognormal": ("low", "high"), "choice": ("weights",)}


@dataclass(frozen=True)
class Distribution:
    kind: str
    args: dict

    @property
    def categorical(self) -> bool:
        return self.kind in ("choice", "constant") and not _numeric(self.values)

    @property
    def values(self) -> list:
        if self.kind == "constant":
            return [self.args["value"]]
        return list(self.args.get("values", []))

    def ppf(self, u):
        """Value(s) at the quantile(s) ``u`` in [0, 1]."""
        u = np.clip(np.asarray(u, float), 0.0, np.nextafter(1.0, 0.0))
        a, kind = self.args, self.kind
        if kind == "constant":
            return np.full(u.shape, a["value"], dtype=object if self.categorical else float)
        if kind == "uniform":
            return a["low"] + u * (a["high"] - a["low"])
        if kind == "triangular":
            low, high = a["low"], a["high"]
            c = (a["mode"] - low) / (high - low) if high > low else 0.5
            return stats.triang.ppf(u, c, loc=low, scale=high - low)
        if kind in ("normal", "lognormal"):
            if kind == "normal":
                dist = stats.norm(a["mean"], a["sd"])
            else:
                dist = stats.lognorm(a["sigma"], scale=a["median"])
            lo = dist.cdf(a["low"]) if "low" in a else 0.0
            hi = dist.cdf(a["high"]) if "high" in a else 1.0
            return dist.ppf(lo + u * (hi - lo))
        # choice: cumulative weights
        values = self.values
        weights = np.asarray(a.get("weights") or [1.0] * len(values), float)
        edges = np.cumsum(weights) / weights.sum()
        index = np.minimum(np.searchsorted(edges, u, side="right"), len(values) - 1)
        return np.asarray(values, dtype=object if self.categorical else float)[index]

    def bounds(self) -> tuple[float, float]:
        """The range used when a sensitivity study samples this factor uniformly."""
        if self.kind in ("choice", "constant"):
            return (0.0, float(len(self.values)))
        return float(self.ppf(0.0)), float(self.ppf(1.0))


def _numeric(values) -> bool:
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def parse_distribution(field: str, spec, unit: str = "") -> Distribution:
    """A distribution from its TOML form; a bare number or string is a constant."""
    if not isinstance(spec, dict):
        if isinstance(spec, list):
            return parse_distribution(field, {"dist": "choice", "values": spec}, unit)
        return Distribution("constant", {"value": spec})
    kind = spec.get("dist")
    if kind not in KINDS:
        raise input_error(f"{field}.dist", kind, f"one of {', '.join(KINDS)}")
    allowed = set(KINDS[kind]) | set(OPTIONAL.get(kind, ())) | {"dist"}
    for key in spec:
        if key not in allowed:
            raise input_error(f"{field}.{key}", spec[key], f"keys of a {kind} distribution: "
                              f"{', '.join(sorted(allowed))}")
    for key in KINDS[kind]:
        if key not in spec:
            raise input_error(f"{field}.{key}", None, f"required for a {kind} distribution", unit)
    args = {k: v for k, v in spec.items() if k != "dist"}
    if kind == "choice":
        _check_choice(field, args)
    else:
        for key, value in args.items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise input_error(f"{field}.{key}", value, "a number", unit)
        _check_numbers(field, kind, args, unit)
    return Distribution(kind, args)


def _check_choice(field: str, args: dict) -> None:
    values = args["values"]
    if not isinstance(values, list) or not values:
        raise input_error(f"{field}.values", values, "a non-empty list")
    weights = args.get("weights")
    if weights is not None:
        if (not isinstance(weights, list) or len(weights) != len(values)
                or any(not isinstance(w, (int, float)) or w < 0 for w in weights) or sum(weights) <= 0):
            raise input_error(f"{field}.weights", weights,
                              f"{len(values)} non-negative numbers, not all zero")


def _check_numbers(field: str, kind: str, a: dict, unit: str) -> None:
    if kind == "uniform" and not a["low"] < a["high"]:
        raise input_error(f"{field}.high", a["high"], f"greater than low ({a['low']})", unit)
    if kind == "triangular" and not a["low"] <= a["mode"] <= a["high"] or (
            kind == "triangular" and a["low"] == a["high"]):
        raise input_error(f"{field}.mode", a["mode"], "low <= mode <= high, low < high", unit)
    if kind == "normal" and a["sd"] <= 0:
        raise input_error(f"{field}.sd", a["sd"], "greater than 0", unit)
    if kind == "lognormal":
        if a["median"] <= 0:
            raise input_error(f"{field}.median", a["median"], "greater than 0", unit)
        if a["sigma"] <= 0:
            raise input_error(f"{field}.sigma", a["sigma"], "greater than 0")
    if "low" in a and "high" in a and not a["low"] < a["high"]:
        raise input_error(f"{field}.high", a["high"], f"greater than low ({a['low']})", unit)
