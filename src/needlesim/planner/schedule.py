"""The chosen plan as dated sessions with aftercare, and as an iCalendar file (RFC 5545)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

SESSION_HOURS = 1.0


@dataclass(frozen=True)
class Appointment:
    number: int
    start: dt.datetime
    barrier_open_until: dt.datetime  # no make-up, no sun until then (model: barrier.recovery_h)
    redness_until: dt.datetime  # visible redness (model: downtime_days)


def schedule(plan, start: dt.datetime) -> list[Appointment]:
    out = []
    for n in range(int(plan["sessions"])):
        begin = start + dt.timedelta(days=n * float(plan["interval_days"]))
        end = begin + dt.timedelta(hours=SESSION_HOURS)
        out.append(Appointment(n + 1, begin, end + dt.timedelta(hours=float(plan["recovery_h"])),
                               end + dt.timedelta(days=float(plan["downtime_days"]))))
    return out


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def _fold(line: str) -> str:
    parts = [line[i:i + 73] for i in range(0, len(line), 73)] or [""]
    return "\r\n ".join(parts)


def to_ics(appointments: list[Appointment], plan, goal_text: str) -> str:
    now = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//needlesim//planner//EN", "CALSCALE:GREGORIAN"]
    desc = (f"{plan['device']} {plan['needle_length_mm']} mm, {plan['passes']} passes"
            + (f", serum {plan['serum']}" if isinstance(plan.get("serum"), str) else "")
            + f". Goal: {goal_text}. Research and education only: not a medical decision.")
    for a in appointments:
        events = [
            (a.start, a.start + dt.timedelta(hours=SESSION_HOURS),
             f"Microneedling session {a.number} of {len(appointments)}", desc),
            (a.start + dt.timedelta(hours=SESSION_HOURS), a.barrier_open_until,
             f"Aftercare after session {a.number}: no make-up, no sun",
             "Skin barrier still open (model: barrier back to 90 %). Gentle cleanser, sunscreen "
             "only after this, no make-up, no sun exposure."),
        ]
        for begin, end, summary, text in events:
            lines += ["BEGIN:VEVENT", f"UID:{uuid.uuid4()}@needlesim", f"DTSTAMP:{now}",
                      f"DTSTART:{_stamp(begin)}", f"DTEND:{_stamp(end)}",
                      _fold(f"SUMMARY:{_escape(summary)}"), _fold(f"DESCRIPTION:{_escape(text)}"),
                      "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
