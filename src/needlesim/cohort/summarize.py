"""Cohort summary: outcome distributions, responder rates and paired arm comparisons."""

from __future__ import annotations

import numpy as np
import pandas as pd

from needlesim.cohort.spec import CohortSpec

ID_COLUMNS = ("patient", "arm", "day", "scenario_seed", "ensemble_member")
BOOTSTRAP = 1000
BOOTSTRAP_SEED = 20260


def output_columns(table: pd.DataFrame, spec: CohortSpec) -> list[str]:
    skip = set(ID_COLUMNS) | set(spec.population) | {"error"}
    return [c for c in table.columns if c not in skip and not c.startswith("param.")
            and ":" not in c and pd.api.types.is_numeric_dtype(table[c])]


def distributions(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    grouped = table.groupby(["arm", "day"], sort=False)[columns]
    stats = {
        "n": grouped.count(), "mean": grouped.mean(), "sd": grouped.std(),
        "p05": grouped.quantile(0.05), "p50": grouped.median(), "p95": grouped.quantile(0.95),
    }
    long = pd.concat({k: v.stack(future_stack=True) for k, v in stats.items()}, axis=1)
    long.index.names = ["arm", "day", "output"]
    return long.reset_index()


def wilson(successes: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    if n == 0:
        return (float("nan"), float("nan"))
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (float(centre - half), float(centre + half))


def responder_rates(table: pd.DataFrame, spec: CohortSpec) -> list[dict]:
    out = []
    for responder in spec.responders:
        if responder.key not in table.columns:
            continue
        for (arm, day), group in table.groupby(["arm", "day"], sort=False):
            values = group[responder.key].dropna().to_numpy()
            hits = int(responder.passes(values).sum())
            low, high = wilson(hits, len(values))
            out.append({"responder": responder.name, "key": responder.key, "arm": arm, "day": day,
                        "n": len(values), "rate": hits / len(values) if len(values) else float("nan"),
                        "ci95_low": low, "ci95_high": high})
    return out


def arm_comparison(table: pd.DataFrame, spec: CohortSpec, columns: list[str]) -> list[dict]:
    """Each arm against the first, paired by patient: mean difference with a bootstrap 95 %
    interval (the same patients, seeds and parameter draws in every arm)."""
    arms = spec.arm_names
    if len(arms) < 2:
        return []
    rng = np.random.default_rng(BOOTSTRAP_SEED)
    wide = table.pivot_table(index=["patient", "day"], columns="arm", values=columns, aggfunc="first")
    out = []
    for other in arms[1:]:
        for day in spec.report_days:
            if day not in wide.index.get_level_values("day"):
                continue
            at_day = wide.xs(day, level="day")
            for column in columns:
                if (column, other) not in at_day or (column, arms[0]) not in at_day:
                    continue
                diff = (at_day[(column, other)] - at_day[(column, arms[0])]).dropna().to_numpy()
                if diff.size == 0 or np.allclose(diff, 0.0):
                    continue
                draws = rng.integers(0, diff.size, (BOOTSTRAP, diff.size))
                means = diff[draws].mean(axis=1)
                out.append({"arm": other, "reference": arms[0], "day": day, "output": column,
                            "n": int(diff.size), "mean_difference": float(diff.mean()),
                            "ci95_low": float(np.percentile(means, 2.5)),
                            "ci95_high": float(np.percentile(means, 97.5))})
    return out


def summarize(table: pd.DataFrame, spec: CohortSpec) -> dict:
    columns = output_columns(table, spec)
    failed = table.loc[table["error"].astype(str) != "", ["patient", "arm"]].drop_duplicates() \
        if "error" in table else pd.DataFrame()
    return {
        "cohort": spec.name,
        "patients": int(table["patient"].nunique()),
        "arms": spec.arm_names,
        "report_days": spec.report_days,
        "failed_simulations": int(len(failed)),
        "distributions": distributions(table, columns).to_dict(orient="records"),
        "responders": responder_rates(table, spec),
        "comparison": arm_comparison(table, spec, columns),
    }
