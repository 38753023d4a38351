"""Search protocols for a goal: enumerate the allowed ones, simulate each (on Dask when
asked), keep those meeting goal and constraints, rank by burden."""

from __future__ import annotations

import itertools
import json
import tempfile
from dataclasses import dataclass

import pandas as pd

from needlesim.cohort.checkpoint import Checkpoints
from needlesim.cohort.engine import Task, run_tasks
from needlesim.planner.request import PlanRequest
from needlesim.safety.rules import protocol_rule_codes


def candidates(request: PlanRequest) -> list[dict]:
    o, c = request.options, request.constraints
    out = []
    for device, depth, passes, sessions, interval, serum in itertools.product(
            o["devices"], o["needle_lengths_mm"], o["passes"], o["sessions"], o["intervals_days"],
            o["serums"]):
        if c.max_sessions is not None and sessions > c.max_sessions:
            continue
        if c.max_weeks is not None and (sessions - 1) * interval > 7 * c.max_weeks:
            continue
        protocol = {"device": device, "needle_length_mm": depth, "passes": passes,
                    "sessions": sessions, "interval_days": interval}
        if serum:
            protocol["serum"] = serum
        out.append(protocol)
    return out


def scenario_of(request: PlanRequest, protocol: dict) -> dict:
    protocol = {k: v.item() if hasattr(v, "item") else v for k, v in protocol.items()}
    if request.area_cm2 is not None:
        protocol["area_cm2"] = request.area_cm2
    return {"seed": request.seed, "name": "plan", "patient": dict(request.patient),
            "protocol": protocol, "output": {"report_days": [request.goal.day]}}


def goal_value(summary: dict, key: str, day: float) -> tuple[float, list | None]:
    at_day = summary.get("at_day", {}).get(str(int(day)), {})
    if key in at_day:
        return float(at_day[key]), (at_day.get("interval_90") or {}).get(key)
    value = summary
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(key)
        value = value[part]
    return float(value), None


def evaluate_one(request: PlanRequest, protocol: dict) -> dict:
    from needlesim.scenario import build_scenario
    from needlesim.simulation import Simulation

    scenario = scenario_of(request, protocol)
    summary = Simulation(build_scenario(scenario)).run().summary()
    value, interval = goal_value(summary, request.goal.key, request.goal.day)
    protocol = {k: v for k, v in scenario["protocol"].items() if k != "area_cm2"}
    return {**protocol, "value": value,
            "interval_low": interval[0] if interval else float("nan"),
            "interval_high": interval[1] if interval else float("nan"),
            "downtime_days": summary.get("downtime_days", float("nan")),
            "pih_probability": summary.get("risks", {}).get("pih_probability", float("nan")),
            "recovery_h": summary["barrier"]["recovery_h"],
            # safety warnings of this protocol: codes to filter on, messages for the report
            "warnings": " ".join(w["code"] for w in summary.get("warnings", [])),
            "warning_messages": json.dumps([f"[{w['code']}] {w['message']}"
                                            for w in summary.get("warnings", [])])}


def evaluate_chunk(shared, start, stop):
    request, protocols = shared
    return pd.DataFrame([{"candidate": i, **evaluate_one(request, protocols[i])}
                         for i in range(start, stop)])


@dataclass
class Ranked:
    table: pd.DataFrame  # every candidate, ranked; columns feasible, reached, burden
    request: PlanRequest

    @property
    def feasible(self) -> pd.DataFrame:
        return self.table[self.table["feasible"]]

    @property
    def best(self) -> pd.Series | None:
        return None if self.feasible.empty else self.feasible.iloc[0]

    @property
    def closest(self) -> pd.Series:
        allowed = self.table[self.table["within_constraints"]]
        pool = allowed if len(allowed) else self.table
        return pool.sort_values(["shortfall", "burden"]).iloc[0]


def breaks_rules(codes: str, allowed: tuple[str, ...]) -> bool:
    """True when the protocol's warning codes break no protocol rule outside ``allowed``
    (risk notes, which describe the patient's risk rather than a rule, never exclude)."""
    return not (set(codes.split()) & protocol_rule_codes()) - set(allowed)


def rank(table: pd.DataFrame, request: PlanRequest) -> Ranked:
    goal, c = request.goal, request.constraints
    table = table.copy()
    table["reached"] = table["value"].map(goal.reached)
    table["shortfall"] = table["value"].map(goal.shortfall)
    ok = pd.Series(True, index=table.index)
    if c.max_downtime_days is not None:
        ok &= table["downtime_days"].fillna(0) <= c.max_downtime_days
    if c.max_pih_probability is not None:
        ok &= table["pih_probability"].fillna(0) <= c.max_pih_probability
    ok &= table["warnings"].fillna("").map(lambda codes: breaks_rules(codes, c.allow_warnings))
    table["within_constraints"] = ok
    table["feasible"] = table["reached"] & ok
    # burden: clinic visits plus days of visible redness, then depth and passes
    table["burden"] = table["sessions"] * (1 + table["downtime_days"].fillna(0))
    table = table.sort_values(["feasible", "burden", "needle_length_mm", "passes"],
                              ascending=[False, True, True, True]).reset_index(drop=True)
    return Ranked(table, request)


def search(request: PlanRequest, workers: int = 0, scheduler: str | None = None,
           progress: bool = False, chunk_size: int = 4) -> Ranked:
    protocols = candidates(request)
    if not protocols:
        from needlesim.errors import input_error

        raise input_error("options", request.options, "at least one protocol within the constraints")
    tasks = [Task(f"chunk-{n:05d}", evaluate_chunk, (s, min(s + chunk_size, len(protocols))),
                  min(chunk_size, len(protocols) - s))
             for n, s in enumerate(range(0, len(protocols), chunk_size))]
    with tempfile.TemporaryDirectory() as folder:
        table = run_tasks(tasks, (request, protocols), Checkpoints(folder, "plan", False), workers,
                          scheduler, progress, label="protocols")
    return rank(table, request)
