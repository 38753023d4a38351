"""The chosen plan as dated sessions with aftercare, and as an iCalendar file (RFC 5545,
written by the icalendar library so that escaping, folding and time zones follow the RFC).

Sessions fall on their day at the clinic time of the first one (``[calendar] clinic_time``,
10:00 by default); each aftercare item of :mod:`needlesim.safety` becomes an event from the
end of the session for as long as the model says it applies.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from dataclasses import dataclass

from needlesim.planner.request import CalendarSettings

RESEARCH_NOTE = "Research and education only: not a medical decision."


@dataclass(frozen=True)
class AftercareSpan:
    code: str
    title: str
    message: str
    until: dt.datetime


@dataclass(frozen=True)
class Appointment:
    number: int
    start: dt.datetime
    end: dt.datetime
    aftercare: tuple[AftercareSpan, ...]
    redness_until: dt.datetime  # visible redness (model: downtime_days)

    def until(self, code: str) -> dt.datetime | None:
        return next((a.until for a in self.aftercare if a.code == code), None)


def first_session(start: dt.date | dt.datetime | None, calendar: CalendarSettings) -> dt.datetime:
    """The first session's start: a date alone (or nothing: in a week) at the clinic time, a
    date and time as given; in the calendar's time zone when it names one."""
    if start is None:
        start = dt.date.today() + dt.timedelta(days=7)
    if not isinstance(start, dt.datetime):
        start = dt.datetime.combine(start, calendar.clinic_time)
    if calendar.timezone and start.tzinfo is None:
        from zoneinfo import ZoneInfo

        start = start.replace(tzinfo=ZoneInfo(calendar.timezone))
    return start


def session_starts(first: dt.datetime, sessions: int, interval_days: float) -> list[dt.datetime]:
    # each session on the nearest whole day at the first one's clock time (clinic hours,
    # whatever fraction of a day the interval has), kept across daylight-saving changes
    return [dt.datetime.combine(first.date() + dt.timedelta(days=math.floor(n * interval_days + 0.5)),
                                first.timetz()) for n in range(sessions)]


def schedule(plan, start: dt.datetime, aftercare: list[dict],
             session_minutes: float = 60.0) -> list[Appointment]:
    """Appointments of a chosen protocol (a ranked row) with its aftercare items
    ({code, title, message, hours} from needlesim.safety)."""
    out = []
    starts = session_starts(start, int(plan["sessions"]), float(plan["interval_days"]))
    for number, begin in enumerate(starts, 1):
        end = begin + dt.timedelta(minutes=session_minutes)
        spans = tuple(AftercareSpan(a["code"], a["title"], a["message"],
                                    end + dt.timedelta(hours=float(a["hours"]))) for a in aftercare)
        out.append(Appointment(number, begin, end, spans,
                               end + dt.timedelta(days=float(plan["downtime_days"]))))
    return out


def _event(summary: str, begin: dt.datetime, end: dt.datetime, description: str):
    import icalendar

    event = icalendar.Event()
    event.add("uid", f"{uuid.uuid4()}@needlesim")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("dtstart", begin)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("description", description)
    return event


def to_ics(appointments: list[Appointment], plan, goal_text: str) -> str:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//needlesim//planner//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    protocol = (f"{plan['device']} {plan['needle_length_mm']} mm, {plan['passes']} passes"
                + (f", serum {plan['serum']}" if isinstance(plan.get("serum"), str) else ""))
    for a in appointments:
        calendar.add_component(_event(f"Microneedling session {a.number} of {len(appointments)}",
                                      a.start, a.end,
                                      f"{protocol}. Goal: {goal_text}. {RESEARCH_NOTE}"))
        for span in a.aftercare:
            calendar.add_component(_event(f"{span.title} (after session {a.number})", a.end,
                                          span.until, f"{span.message} {RESEARCH_NOTE}"))
    if hasattr(calendar, "add_missing_timezones"):  # VTIMEZONE for zoned times
        calendar.add_missing_timezones()
    return calendar.to_ical().decode("utf-8")
