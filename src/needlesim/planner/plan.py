"""``plan_treatment``: search, choose, schedule, and write the plan files (the notebook API)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from needlesim.cohort.checkpoint import write_atomic
from needlesim.planner.report import goal_text, markdown, verdict
from needlesim.planner.request import PlanRequest
from needlesim.planner.schedule import Appointment, schedule, to_ics
from needlesim.planner.search import Ranked, search


@dataclass
class Plan:
    ranked: Ranked
    appointments: list[Appointment]
    message: str
    ics: str | None

    @property
    def reachable(self) -> bool:
        return self.ranked.best is not None

    @property
    def chosen(self):
        return self.ranked.best


def plan_treatment(request: PlanRequest, start: dt.datetime | None = None, out: str | Path | None = None,
                   workers: int = 0, scheduler: str | None = None, progress: bool = False) -> Plan:
    start = start or dt.datetime.combine(dt.date.today() + dt.timedelta(days=7), dt.time(10, 0))
    ranked = search(request, workers, scheduler, progress)
    appointments, ics = [], None
    if ranked.best is not None:
        appointments = schedule(ranked.best, start)
        ics = to_ics(appointments, ranked.best, goal_text(request.goal))
    plan = Plan(ranked, appointments, verdict(ranked), ics)
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        write_atomic(out / "candidates.csv", lambda p: ranked.table.to_csv(p, index=False))
        write_atomic(out / "plan.md", lambda p: Path(p).write_text(markdown(ranked, appointments)))
        if ics:
            write_atomic(out / "plan.ics", lambda p: Path(p).write_bytes(ics.encode()))
    return plan
