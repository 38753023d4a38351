"""Flatten a Results summary into rows of a tidy table: one row per report day."""

from __future__ import annotations

import math

SKIP_SECTIONS = ("provenance", "healing")


def _numbers(prefix: str, value, out: dict) -> None:
    if isinstance(value, bool):
        out[prefix] = float(value)
    elif isinstance(value, (int, float)):
        out[prefix] = float(value) if math.isfinite(value) else float("nan")
    elif isinstance(value, dict):
        for key, inner in value.items():
            _numbers(f"{prefix}.{key}" if prefix else str(key), inner, out)
    elif isinstance(value, list) and len(value) == 2 and "interval_90" in prefix.split(".") \
            and all(isinstance(v, (int, float)) for v in value):
        # interval_90.<key> = [p05, p95] (before, no interval reached the table)
        out[prefix + ".p05"], out[prefix + ".p95"] = float(value[0]), float(value[1])
    # strings and other lists are not numeric outputs


def summary_rows(summary: dict, report_days) -> list[dict]:
    """One dict per report day: the day's ``at_day`` values without the prefix, plus every
    numeric key outside ``at_day`` (the same on each day's row)."""
    common: dict = {}
    for key, value in summary.items():
        if key in SKIP_SECTIONS or key == "at_day":
            continue
        _numbers(key, value, common)
    at_day = summary.get("at_day", {})
    rows = []
    for day in report_days:
        row = {"day": float(day)}
        row.update(common)
        day_values: dict = {}
        _numbers("", at_day.get(str(int(day)), {}), day_values)
        for key, value in day_values.items():
            # interval bounds nest as interval_90.<key>.p05; keep them readable
            row[key.replace("interval_90.", "interval_90:")] = value
        rows.append(row)
    return rows
