"""Aftercare advice for one patient and protocol, derived from the model's own predictions
(barrier recovery, redness, PIH probability) with the bounds and sources of aftercare.csv.

Each item is JSON-safe: {code, title, message, hours}; ``hours`` counts from the end of a
session, so the planner can write it into the calendar as an event of that length.
"""

from __future__ import annotations

import math

from needlesim.safety.table import aftercare_rows

PHOTOTYPES = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI"}


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _no_makeup(p: dict, facts: dict) -> tuple[float, dict]:
    recovery = _number(facts.get("recovery_h"))
    # rounded up to whole half-days: advice a patient can follow ("until tomorrow evening")
    hours = p["min_h"] if recovery is None else max(p["min_h"], math.ceil(recovery / p["round_h"])
                                                   * p["round_h"])
    return hours, {"recovery_h": recovery if recovery is not None else float("nan")}


def _sun(p: dict, facts: dict) -> tuple[float, dict]:
    pih, phototype = _number(facts.get("pih_probability")), _number(facts.get("fitzpatrick"))
    reasons = []
    if pih is not None and pih >= p["pih_at_least"]:
        reasons.append(f"the model's PIH probability is {pih:.0%}")
    if phototype is not None and phototype >= p["phototype_at_least"]:
        reasons.append(f"phototype {PHOTOTYPES.get(int(phototype), int(phototype))}")
    days = p["notable_days"] if reasons else p["days"]
    return days * 24.0, {"days": days, "reason": f" ({'; '.join(reasons)})" if reasons else ""}


def _actives(p: dict, facts: dict) -> tuple[float, dict]:
    downtime = _number(facts.get("downtime_days"))
    # irritants on skin that is still red prolong the inflammation that drives PIH
    days = p["min_days"] if downtime is None else max(p["min_days"], math.ceil(downtime))
    reason = f" (the model's redness lasts {downtime:.1f} days)" if days > p["min_days"] else ""
    return days * 24.0, {"days": days, "reason": reason}


DERIVE = {"NO_MAKEUP": _no_makeup, "SUN_PROTECTION": _sun, "PAUSE_ACTIVES": _actives}


def aftercare_advice(recovery_h=None, pih_probability=None, fitzpatrick=None,
                     downtime_days=None) -> list[dict]:
    facts = {"recovery_h": recovery_h, "pih_probability": pih_probability,
             "fitzpatrick": fitzpatrick, "downtime_days": downtime_days}
    out = []
    for row in aftercare_rows():
        hours, values = DERIVE[row.code](row.params, facts)
        out.append({"code": row.code, "title": row.kind, "hours": float(hours),
                    "message": row.message.format_map({**row.params, **values, "hours": hours})})
    return out


def summary_aftercare(summary: dict, fitzpatrick: int | None = None) -> list[dict]:
    """Aftercare from a run summary (session 1's barrier, the series' redness and PIH risk)."""
    return aftercare_advice(summary.get("barrier", {}).get("recovery_h"),
                            summary.get("risks", {}).get("pih_probability"), fitzpatrick,
                            summary.get("downtime_days"))
