"""A planning request: patient, goal, constraints and the protocol options to search.

    [patient]        as in a scenario
    [goal]           key = "dermal_density_change_pct", target = 30, day = 180
                     (an at_day key, reached when >= a positive target or <= a negative
                     one; or any summary key such as "barrier.recovery_h" with direction)
    [constraints]    max_downtime_days, max_pih_probability, max_sessions, max_weeks,
                     allow_warnings (codes of protocol rules a plan may break; default none)
    [options]        devices, needle_lengths_mm, passes, sessions, intervals_days, serums
    [calendar]       clinic_time = "10:00", session_minutes = 60, timezone = "" (IANA name;
                     empty: floating local time, the same clock time wherever it is opened)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from needlesim.errors import input_error
from needlesim.parameters.conditions import condition_specific_outcomes, outcomes_of_condition
from needlesim.scenario.model import Patient

DEFAULT_OPTIONS = {
    "devices": ["pen"], "needle_lengths_mm": [0.5, 1.0, 1.5], "passes": [2, 4],
    "sessions": [1, 2, 3, 4], "intervals_days": [28], "serums": [None],
}


@dataclass(frozen=True)
class Goal:
    key: str
    target: float
    day: float = 180.0
    direction: str = ""  # "increase" (value >= target) or "decrease"; from the sign if empty

    @property
    def increase(self) -> bool:
        return self.direction == "increase" if self.direction else self.target >= 0

    def reached(self, value: float) -> bool:
        return value >= self.target if self.increase else value <= self.target

    def shortfall(self, value: float) -> float:
        """How far a value is from the target (0 when reached)."""
        return max(0.0, self.target - value) if self.increase else max(0.0, value - self.target)


@dataclass(frozen=True)
class Constraints:
    max_downtime_days: float | None = None
    max_pih_probability: float | None = None
    max_sessions: int | None = None
    max_weeks: float | None = None
    # Protocol-rule warnings (safety/data/rules.csv) a chosen plan may carry; by default a
    # protocol that breaks one (too deep for the site, too soon for the depth, ...) is not
    # recommended. Risk notes (bleeding, PIH risk, granuloma, home use) never exclude.
    allow_warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class CalendarSettings:
    """When sessions are booked: a date alone means this clock time (clinic hours)."""

    clinic_time: dt.time = dt.time(10, 0)
    session_minutes: float = 60.0
    timezone: str = ""


def build_calendar(data: dict) -> CalendarSettings:
    if not isinstance(data, dict):
        raise input_error("calendar", data, "a [calendar] table: clinic_time, session_minutes, timezone")
    known = set(CalendarSettings.__dataclass_fields__)
    for key in data:
        if key not in known:
            raise input_error(f"calendar.{key}", data[key], ", ".join(sorted(known)))
    out = CalendarSettings()
    if "clinic_time" in data:
        out = CalendarSettings(parse_clock(data["clinic_time"], "calendar.clinic_time"))
    minutes = data.get("session_minutes", out.session_minutes)
    if isinstance(minutes, bool) or not isinstance(minutes, (int, float)) or not 5 <= minutes <= 480:
        raise input_error("calendar.session_minutes", minutes, "5 to 480", "min")
    zone = data.get("timezone", "")
    if zone:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            raise input_error("calendar.timezone", zone, "an IANA time zone such as Europe/Berlin, "
                              "or empty for floating local time") from None
    return CalendarSettings(out.clinic_time, float(minutes), str(zone))


def parse_clock(text, field_name: str) -> dt.time:
    try:
        return dt.time.fromisoformat(str(text))
    except ValueError:
        raise input_error(field_name, text, "a clock time HH:MM, e.g. 10:00") from None


@dataclass(frozen=True)
class PlanRequest:
    patient: dict
    goal: Goal
    constraints: Constraints = Constraints()
    options: dict = field(default_factory=lambda: dict(DEFAULT_OPTIONS))
    area_cm2: float | None = 1.0
    seed: int = 1
    calendar: CalendarSettings = CalendarSettings()


def build_request(data: dict) -> PlanRequest:
    patient = data.get("patient")
    if not isinstance(patient, dict):
        raise input_error("patient", patient, "a [patient] table as in a scenario")
    condition = Patient.model_validate(patient).condition
    goal = data.get("goal", {})
    if not isinstance(goal, dict) or "key" not in goal or "target" not in goal:
        raise input_error("goal", goal, "key (e.g. dermal_density_change_pct), target, day")
    if goal.get("direction", "") not in ("", "increase", "decrease"):
        raise input_error("goal.direction", goal["direction"], "increase or decrease")
    key = str(goal["key"])
    if key in condition_specific_outcomes() and key not in outcomes_of_condition(condition):
        raise input_error("goal.key", key, f"an outcome of the patient's condition ({condition}): "
                          "see docs/summary.md, Outcomes by condition")
    day = goal.get("day", 180)
    if not isinstance(day, (int, float)) or not 1 <= day <= 3650:
        raise input_error("goal.day", day, "1 to 3650", "day")
    constraints = data.get("constraints", {})
    known = set(Constraints.__dataclass_fields__)
    for key in constraints:
        if key not in known:
            raise input_error(f"constraints.{key}", constraints[key], ", ".join(sorted(known)))
    constraints = dict(constraints)
    allowed = constraints.get("allow_warnings", [])
    if not isinstance(allowed, list) or not all(isinstance(code, str) for code in allowed):
        raise input_error("constraints.allow_warnings", allowed,
                          "a list of warning codes (docs/safety.md), e.g. [\"INTERVAL_TOO_SHORT\"]")
    constraints["allow_warnings"] = tuple(code.strip().upper() for code in allowed)
    options = dict(DEFAULT_OPTIONS)
    for key, values in data.get("options", {}).items():
        if key not in DEFAULT_OPTIONS:
            raise input_error(f"options.{key}", values, ", ".join(DEFAULT_OPTIONS))
        if not isinstance(values, list) or not values:
            raise input_error(f"options.{key}", values, "a non-empty list")
        options[key] = [None if v in ("none", "") else v for v in values]
    return PlanRequest(patient, Goal(str(goal["key"]), float(goal["target"]), float(day),
                                     goal.get("direction", "")),
                       Constraints(**constraints), options, data.get("area_cm2", 1.0),
                       int(data.get("seed", 1)), build_calendar(data.get("calendar", {})))
