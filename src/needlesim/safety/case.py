"""What the safety rules read about one run: the patient, every session as done, the summary.

Sessions come from the run's ``sessions`` dataset when there is one, because it holds the
treated area as simulated (a site's default area when the scenario gives none).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from needlesim.constants import CM2_M2, MM_M
from needlesim.scenario import session_plan


@dataclass(frozen=True)
class SessionFacts:
    number: int
    day: float
    device: str
    needle_length_mm: float
    area_cm2: float | None = None
    serum: str | None = None


@dataclass(frozen=True)
class Case:
    summary: dict
    age_years: float | None = None
    site: str | None = None
    condition: str | None = None
    fitzpatrick: int | None = None
    sessions: list[SessionFacts] = field(default_factory=list)


def _from_plan(scenario) -> list[SessionFacts]:

    return [SessionFacts(s.number, float(s.day), s.device, s.needle_length_m / MM_M,
                         None if s.area_m2 is None else s.area_m2 / CM2_M2, s.serum)
            for s in session_plan(scenario.protocol)]


def _from_dataset(sessions, planned: list[SessionFacts]) -> list[SessionFacts]:
    serums = {s.number: s.serum for s in planned}
    out = []
    for number in sessions.session.values:
        one = sessions.sel(session=number)
        out.append(SessionFacts(int(number), float(one.day), str(one.device.values),
                                float(one.needle_length_m) / MM_M,
                                float(one.treated_area_m2) / CM2_M2, serums.get(int(number))))
    return out


def case_of(results, summary: dict) -> Case:
    """The case of a finished run (``Results``) and its summary sections."""
    scenario = results.scenario
    patient = scenario.patient
    planned = _from_plan(scenario)
    datasets = getattr(results, "datasets", {})
    sessions = _from_dataset(datasets["sessions"], planned) if "sessions" in datasets else planned
    return Case(summary, float(patient.age_years), patient.site, patient.condition,
                int(patient.fitzpatrick), sessions)
