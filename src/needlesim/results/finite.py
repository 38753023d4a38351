"""The summary holds no NaN or infinity: JSON has no such numbers, and a reader should be
told why a value is missing rather than be handed a number that is not one."""

from __future__ import annotations

import math

REASONS_KEY = "null_reasons"  # dotted key -> why its value is null
REASON_SUFFIX = "_null_reason"  # a stage may say why a value of its own is not a number


def _walk(value, path: str, reasons: dict):
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if str(key).endswith(REASON_SUFFIX):
                continue
            where = f"{path}.{key}" if path else str(key)
            given = value.get(f"{key}{REASON_SUFFIX}")
            if given and isinstance(item, float) and not math.isfinite(item):
                reasons.setdefault(where, given)
            out[key] = _walk(item, where, reasons)
        return out
    if isinstance(value, (list, tuple)):
        return [_walk(item, f"{path}[{i}]", reasons) for i, item in enumerate(value)]
    if isinstance(value, float) and not math.isfinite(value):
        reasons.setdefault(path, "not computable for this scenario "
                           f"({'infinite' if math.isinf(value) else 'undefined'})")
        return None
    return value


def finite_summary(summary: dict) -> dict:
    """``summary`` with every non-finite number replaced by null, each such key explained in
    ``summary["null_reasons"]``: by the stage where it gave a ``<key>_null_reason`` beside
    the value, else generically."""
    reasons = dict(summary.get(REASONS_KEY, {}))
    out = _walk({k: v for k, v in summary.items() if k != REASONS_KEY}, "", reasons)
    if reasons:
        out[REASONS_KEY] = reasons
    return out
