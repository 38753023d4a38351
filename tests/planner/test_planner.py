"""The planner: its choice re-simulated, infeasible goals explained, a valid iCalendar."""

import datetime as dt
import math

import icalendar
import pytest

from needlesim.planner import build_request, evaluate_one, plan_treatment
from needlesim.planner.ranking import goal_value, scenario_of


def request(goal, constraints=None, **options):
    base = {"devices": ["pen"], "needle_lengths_mm": [0.5, 1.5], "passes": [2],
            "sessions": [1, 2], "intervals_days": [28]}
    base.update(options)
    return build_request({
        "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "goal": goal, "constraints": constraints or {}, "options": base, "area_cm2": 0.25,
    })


@pytest.fixture(scope="module")
def depth_plan(tmp_path_factory):
    # a channel-stage goal: mean channel depth of at least 1000 um, least burden
    req = request({"key": "channels.depth_um_mean", "target": 1000, "day": 30})
    out = tmp_path_factory.mktemp("plan")
    return plan_treatment(req, dt.datetime(2027, 1, 11, 10), out, workers=0), req, out


def test_choice_is_checked_by_resimulating_it(depth_plan):
    plan, req, _ = depth_plan
    assert plan.reachable
    chosen = plan.chosen
    assert chosen["needle_length_mm"] == 1.5 and chosen["sessions"] == 1  # least burden
    protocol = {k: chosen[k] for k in ("device", "needle_length_mm", "passes", "sessions",
                                       "interval_days")}
    again = evaluate_one(req, protocol)
    assert again["value"] == pytest.approx(chosen["value"], rel=1e-12)
    assert req.goal.reached(again["value"])


def events_of(ics_bytes):
    calendar = icalendar.Calendar.from_ical(ics_bytes)
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def hours_of(event):
    return (event.decoded("DTEND") - event.decoded("DTSTART")).total_seconds() / 3600


def test_schedule_imports_as_icalendar(depth_plan):
    plan, _, out = depth_plan
    events = events_of((out / "plan.ics").read_bytes())
    per_session = 1 + len(plan.aftercare)  # the session, then each aftercare item
    assert len(events) == per_session * int(plan.chosen["sessions"])
    first = events[0]
    assert first.decoded("DTSTART") == dt.datetime(2027, 1, 11, 10)
    assert hours_of(first) == pytest.approx(1.0)
    after = {str(e.get("SUMMARY")).split(" (after")[0]: e for e in events[1:per_session]}
    make_up = after["No make-up, no swimming or sauna"]
    assert make_up.decoded("DTSTART") == first.decoded("DTEND")  # from the end of the session
    # the model's barrier recovery rounded up to half-days, at least 24 h
    recovery = plan.chosen["recovery_h"]
    assert hours_of(make_up) == max(24, 12 * math.ceil(recovery / 12)) >= recovery
    assert hours_of(after["Sun protection"]) in (7 * 24, 28 * 24)
    assert hours_of(after["No retinoids, acids or vitamin C"]) >= 7 * 24
    assert "Schedule" in (out / "plan.md").read_text()
    assert "Aftercare after each session" in (out / "plan.md").read_text()


def test_a_date_alone_is_booked_at_the_clinic_time_and_sessions_keep_it(tmp_path):
    from needlesim.planner.request import build_calendar
    from needlesim.planner.schedule import first_session, schedule, to_ics

    calendar = build_calendar({"clinic_time": "09:30", "session_minutes": 45})
    start = first_session(dt.date(2027, 1, 11), calendar)
    assert start == dt.datetime(2027, 1, 11, 9, 30)
    assert first_session(dt.date(2027, 1, 11), build_calendar({})).time() == dt.time(10, 0)
    row = {"sessions": 3, "interval_days": 30.5, "downtime_days": 3.0, "device": "pen",
           "needle_length_mm": 1.0, "passes": 4}
    aftercare = [{"code": "NO_MAKEUP", "title": "No make-up", "message": "m", "hours": 48.0}]
    appointments = schedule(row, start, aftercare, calendar.session_minutes)
    events = events_of(to_ics(appointments, row, "goal").encode())
    sessions = [e for e in events if "session" in str(e.get("SUMMARY")).lower()
                and "after" not in str(e.get("SUMMARY"))]
    assert [e.decoded("DTSTART").time() for e in sessions] == [dt.time(9, 30)] * 3
    assert [e.decoded("DTSTART").date() for e in sessions] == [
        dt.date(2027, 1, 11), dt.date(2027, 2, 11), dt.date(2027, 3, 13)]  # days 0, 30.5, 61
    assert all(hours_of(e) == pytest.approx(0.75) for e in sessions)
    make_up = [e for e in events if str(e.get("SUMMARY")).startswith("No make-up")]
    assert [hours_of(e) for e in make_up] == [48.0] * 3


def test_a_named_time_zone_is_written_with_its_definition():
    from needlesim.planner.request import build_calendar
    from needlesim.planner.schedule import first_session, schedule, to_ics

    calendar = build_calendar({"timezone": "Europe/Berlin"})
    start = first_session(dt.date(2027, 3, 1), calendar)
    row = {"sessions": 2, "interval_days": 28, "downtime_days": 1.0, "device": "pen",
           "needle_length_mm": 1.0, "passes": 4}
    ics = to_ics(schedule(row, start, [], 60), row, "goal")
    assert "BEGIN:VTIMEZONE" in ics and "TZID=Europe/Berlin" in ics
    second = events_of(ics.encode())[1].decoded("DTSTART")
    # 29 March 2027 is after the change to summer time: still 10:00 on the wall clock
    assert second.hour == 10 and second.utcoffset() == dt.timedelta(hours=2)


def test_calendar_settings_are_checked():
    from needlesim.errors import InputError

    base = {"patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
            "goal": {"key": "channels.depth_um_mean", "target": 100, "day": 30}}
    for bad in ({"clinic_time": "25:00"}, {"timezone": "Mars/Olympus"}, {"session_minutes": 0},
                {"colour": "red"}):
        with pytest.raises(InputError):
            build_request({**base, "calendar": bad})


def test_out_of_reach_goal_says_what_comes_closest():
    req = request({"key": "channels.depth_um_mean", "target": 5000, "day": 30}, sessions=[1])
    plan = plan_treatment(req, workers=0)
    assert not plan.reachable and plan.ics is None
    assert "out of reach" in plan.message and "Closest" in plan.message
    assert "1.5 mm" in plan.message


def test_goal_keys_reach_healing_outcomes_when_present():
    req = request({"key": "dermal_density_change_pct", "target": 1, "day": 90}, sessions=[1],
                  needle_lengths_mm=[1.0])
    row = evaluate_one(req, {"device": "pen", "needle_length_mm": 1.0, "passes": 2, "sessions": 1,
                             "interval_days": 28})
    assert row["value"] == row["value"]  # a number from at_day.90
    from needlesim.scenario import build_scenario
    from needlesim.simulation import Simulation

    summary = Simulation(build_scenario(scenario_of(req, {"device": "pen", "needle_length_mm": 1.0,
                                                          "passes": 2, "sessions": 1,
                                                          "interval_days": 28}))).run().summary()
    assert goal_value(summary, "dermal_density_change_pct", 90)[0] == row["value"]


def test_protocols_that_break_a_safety_rule_are_not_recommended_unless_allowed():
    import pandas as pd

    from needlesim.planner.ranking import rank
    from needlesim.planner.report import verdict

    request = build_request({
        "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3, "site": "cheek"},
        "goal": {"key": "dermal_density_change_pct", "target": 10, "day": 90}})
    table = pd.DataFrame([
        {"device": "pen", "needle_length_mm": 2.0, "passes": 4, "sessions": 1, "interval_days": 7,
         "serum": None, "value": 30.0, "downtime_days": 1.0, "pih_probability": 0.05,
         "warnings": "BLEEDING INTERVAL_TOO_SHORT"},
        {"device": "pen", "needle_length_mm": 1.0, "passes": 4, "sessions": 2, "interval_days": 28,
         "serum": None, "value": 20.0, "downtime_days": 1.0, "pih_probability": 0.05,
         "warnings": "BLEEDING"}])
    assert rank(table, request).best["needle_length_mm"] == 1.0  # a risk note never excludes
    only_unsafe = rank(table.iloc[:1], request)
    assert only_unsafe.best is None and "INTERVAL_TOO_SHORT" in verdict(only_unsafe)
    allowing = build_request({**{"patient": request.patient}, "goal": {
        "key": "dermal_density_change_pct", "target": 10, "day": 90},
        "constraints": {"allow_warnings": ["interval_too_short"]}})
    assert rank(table.iloc[:1], allowing).best is not None


def test_a_goal_that_is_not_an_outcome_of_the_condition_is_refused():
    from needlesim.errors import InputError

    with pytest.raises(InputError, match="goal.key"):
        build_request({"patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3,
                                   "condition": "photoageing"},
                       "goal": {"key": "scar_score_change_pct", "target": -30}})
    build_request({"patient": {"age_years": 40, "sex": "female", "fitzpatrick": 3,
                               "condition": "acne_scars"},
                   "goal": {"key": "scar_score_change_pct", "target": -30}})
