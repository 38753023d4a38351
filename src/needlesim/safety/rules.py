"""Evaluate the rules of rules.csv on a case: each check returns the values its message
needs, or None when the rule does not fire. One warning per rule row (its first hit), so a
series of ten identical sessions does not print ten identical lines."""

from __future__ import annotations

from needlesim.outcomes.risks import is_home_device
from needlesim.parameters.actives import canonical_active
from needlesim.safety.case import Case
from needlesim.safety.table import Row, rules


def _lookup(summary: dict, dotted: str):
    value = summary
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _canonical(serum: str | None) -> str | None:
    if not serum:
        return None

    try:
        return canonical_active(serum)
    except KeyError:
        return serum


def _uptake_ratio(case: Case, serum: str) -> float:
    """The model's delivery over intact skin for this serum (1 when the run has none)."""
    ratio = _lookup(case.summary, f"delivery.{serum}.enhancement_ratio")
    return float(ratio) if isinstance(ratio, (int, float)) and ratio > 0 else 1.0


def depth_at_site(case: Case, p: dict):
    if case.site != p["site"]:
        return None
    for s in case.sessions:
        if s.needle_length_mm > p["max_mm"] + 1e-9:
            return {"needle_mm": s.needle_length_mm, "session": s.number}
    return None


def _gaps(case: Case):
    ordered = sorted(case.sessions, key=lambda s: s.day)
    return zip(ordered, ordered[1:], strict=False)


def interval_for_depth(case: Case, p: dict):
    for first, second in _gaps(case):
        gap = second.day - first.day
        # the earlier session's depth sets how long its wounds take to heal
        if p["min_mm"] <= first.needle_length_mm < p["max_mm"] and gap < p["min_days"] - 1e-9:
            return {"session": first.number, "next": second.number, "gap": round(gap, 2),
                    "needle_mm": first.needle_length_mm}
    return None


def interval_vs_model(case: Case, p: dict):
    downtimes = case.summary.get(p["key"]) or []
    for first, second in _gaps(case):
        if first.number - 1 >= len(downtimes):
            continue
        downtime = float(downtimes[first.number - 1])
        gap = second.day - first.day
        if gap < downtime:
            return {"session": first.number, "next": second.number, "gap": round(gap, 2),
                    "downtime": downtime}
    return None


def minor_condition(case: Case, p: dict):
    if case.age_years is None or case.age_years >= p["max_age"]:
        return None
    conditions = p["conditions"] if isinstance(p["conditions"], list) else [p["conditions"]]
    if case.condition not in conditions:
        return None
    return {"age": case.age_years, "condition": case.condition}


def home_depth(case: Case, p: dict):

    for s in case.sessions:
        if is_home_device(s.device) and s.needle_length_mm > p["max_mm"] + 1e-9:
            return {"device": s.device, "needle_mm": s.needle_length_mm, "session": s.number}
    return None


def _numbing_sessions(case: Case, p: dict):
    actives = p["actives"] if isinstance(p["actives"], list) else [p["actives"]]
    return [s for s in case.sessions if _canonical(s.serum) in actives]


def numbing_area(case: Case, p: dict):
    for s in _numbing_sessions(case, p):
        if s.area_cm2 is None:
            continue
        ratio = _uptake_ratio(case, s.serum)
        # absorbed amount scales with area x flux: needled skin counts ratio times
        equivalent = s.area_cm2 * ratio
        if equivalent > p["max_cm2"]:
            return {"serum": s.serum, "area": round(s.area_cm2, 1), "ratio": ratio,
                    "equivalent": equivalent, "session": s.number}
    return None


def numbing_serum(case: Case, p: dict):
    found = _numbing_sessions(case, p)
    if not found:
        return None
    s = found[0]
    return {"serum": s.serum, "ratio": _uptake_ratio(case, s.serum), "session": s.number}


def summary_true(case: Case, p: dict):
    return {} if _lookup(case.summary, p["key"]) is True else None


def summary_at_least(case: Case, p: dict):
    value = _lookup(case.summary, p["key"])
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= p["at_least"]:
        return {"value": float(value)}
    return None


def granuloma(case: Case, p: dict):
    if _lookup(case.summary, p["key"]) is not True:
        return None
    serums = _lookup(case.summary, "risks.granuloma_serums") or []
    return {"serums": ", ".join(serums) or "a topical"}


CHECKS = {f.__name__: f for f in (depth_at_site, interval_for_depth, interval_vs_model,
                                  minor_condition, home_depth, numbing_area, numbing_serum,
                                  summary_true, summary_at_least, granuloma)}


def fire(row: Row, case: Case) -> dict | None:
    """The warning of one rule row for a case, as {code, message}, or None."""
    values = CHECKS[row.kind](case, row.params)
    if values is None:
        return None
    return {"code": row.code, "message": row.message.format_map({**row.params, **values})}


def evaluate(case: Case) -> list[dict]:
    """Every warning for a case, in the order of rules.csv (safety rules before model risks)."""
    return [w for w in (fire(row, case) for row in rules()) if w is not None]


# Checks that read the run's risks (summary values) rather than a rule the protocol breaks.
RISK_NOTE_CHECKS = ("summary_true", "summary_at_least", "granuloma")


def protocol_rule_codes() -> frozenset[str]:
    """Codes of the rules a protocol itself breaks (depth for the site, interval for the
    depth, minors, home devices, numbing creams): what a planner should not recommend."""
    return frozenset(row.code for row in rules() if row.kind not in RISK_NOTE_CHECKS)
