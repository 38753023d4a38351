"""examples/plan_density.toml runs as its comment says: reachable, a plan and a calendar
whose sessions are at the clinic time and whose aftercare lasts what the model derives."""

import datetime as dt
import re
import tomllib
from pathlib import Path

import icalendar
import pytest

from needlesim.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan_density.toml"


def test_the_comment_states_the_target():
    text = EXAMPLE.read_text()
    target = tomllib.loads(text)["goal"]["target"]
    assert f"+{target:g} %" in re.search(r"^# .*$", text, re.M).group(0)


@pytest.mark.slow
def test_plan_density_example_is_reachable_and_writes_a_calendar(tmp_path, capsys):
    out = tmp_path / "plan"
    assert main(["plan", str(EXAMPLE), "--out", str(out), "--start", "2027-01-11"]) == 0
    assert "is reachable" in capsys.readouterr().out
    calendar = icalendar.Calendar.from_ical((out / "plan.ics").read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    sessions = [e for e in events if str(e.get("SUMMARY")).startswith("Microneedling session")]
    assert sessions and sessions[0].decoded("DTSTART") == dt.datetime(2027, 1, 11, 10, 0)
    for event in events:
        begin, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert end > begin
        if not str(event.get("SUMMARY")).startswith("Microneedling"):
            assert end - begin >= dt.timedelta(hours=24)  # aftercare beyond the session's day


def test_icalendar_is_a_main_dependency():
    # plan.ics is written with icalendar, so a plain install must bring it
    project = tomllib.loads((EXAMPLE.parents[1] / "pyproject.toml").read_text())["project"]
    assert any(dep.startswith("icalendar") for dep in project["dependencies"])
