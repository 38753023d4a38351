"""``plan_treatment``: search, choose, schedule, and write the plan files (the notebook API)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from needlesim.cohort.checkpoint import write_atomic
from needlesim.folders import claim_folder
from needlesim.planner.ranking import Ranked, search
from needlesim.planner.report import goal_text, markdown, verdict
from needlesim.planner.request import PlanRequest
from needlesim.planner.schedule import Appointment, first_session, schedule, to_ics
from needlesim.safety import aftercare_advice

PLAN_FILES = ["candidates.csv", "plan.md", "plan.ics"]


@dataclass
class Plan:
    ranked: Ranked
    appointments: list[Appointment]
    message: str
    ics: str | None
    aftercare: list[dict] = field(default_factory=list)  # the chosen protocol's, per session

    @property
    def reachable(self) -> bool:
        return self.ranked.best is not None

    @property
    def chosen(self):
        return self.ranked.best


def plan_treatment(request: PlanRequest, start: dt.date | dt.datetime | None = None,
                   out: str | Path | None = None, workers: int = 0, scheduler: str | None = None,
                   progress: bool = False, force: bool = False) -> Plan:
    start = first_session(start, request.calendar)
    if out is not None:  # refused before the search, not after it
        out = claim_folder(out, "plan", PLAN_FILES, force=force)
    ranked = search(request, workers, scheduler, progress)
    appointments, ics, aftercare = [], None, []
    if ranked.best is not None:
        aftercare = chosen_aftercare(request, ranked.best)
        appointments = schedule(ranked.best, start, aftercare, request.calendar.session_minutes)
        ics = to_ics(appointments, ranked.best, goal_text(request.goal))
    plan = Plan(ranked, appointments, verdict(ranked), ics, aftercare)
    if out is not None:
        write_atomic(out / "candidates.csv", lambda p: ranked.table.to_csv(p, index=False))
        write_atomic(out / "plan.md", lambda p: Path(p).write_text(markdown(ranked, appointments)))
        if ics:
            write_atomic(out / "plan.ics", lambda p: Path(p).write_bytes(ics.encode()))
    return plan


def chosen_aftercare(request: PlanRequest, row) -> list[dict]:
    """Aftercare of a ranked protocol for the request's patient, from the model values the
    search kept (barrier recovery, redness, PIH probability)."""

    return aftercare_advice(row["recovery_h"], row["pih_probability"],
                            request.patient.get("fitzpatrick"), row["downtime_days"])
