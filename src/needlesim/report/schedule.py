"""The treatment schedule as simulated: one row per session, read from Results."""

from __future__ import annotations

import csv
from pathlib import Path

from needlesim.constants import CM2_M2, MM_M
from needlesim.scenario import session_plan

COLUMNS = ("session", "day", "device", "needle_length_mm", "passes", "occluded",
           "treated_area_cm2", "serum")


def schedule_rows(results) -> list[dict]:
    """Rows from the ``sessions`` dataset (and the serum from the scenario, when known)."""
    sessions = results["sessions"]
    serums = {}
    scenario = getattr(results, "scenario", None)
    if scenario is not None:

        serums = {s.number: s.serum for s in session_plan(scenario.protocol)}
    rows = []
    for number in sessions.session.values:
        one = sessions.sel(session=number)
        rows.append({
            "session": int(number),
            "day": round(float(one.day), 3),
            "device": str(one.device.values),
            "needle_length_mm": round(float(one.needle_length_m) / MM_M, 4),
            "passes": int(one.passes),
            "occluded": bool(int(one.occluded)),
            "treated_area_cm2": round(float(one.treated_area_m2) / CM2_M2, 3),
            "serum": serums.get(int(number)) or "",
        })
    return rows


def write_schedule_csv(rows: list[dict], path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_schedule_csv(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
