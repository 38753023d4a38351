"""``needlesim plan FILE --out DIR [--start YYYY-MM-DD] [--clinic-time HH:MM] [--workers N]``."""

from __future__ import annotations

import datetime as dt

from needlesim.cohort.commands import add_engine_options


def _cmd_plan(args) -> int:
    from pathlib import Path

    from needlesim.errors import input_error
    from needlesim.planner import build_request, plan_treatment
    from needlesim.scenario.load import parse_toml
    from needlesim.scenario.read import read_text_file

    path = Path(args.file)
    request = build_request(parse_toml(read_text_file(path, "plan file"), str(path)))
    if args.clinic_time:
        from dataclasses import replace

        from needlesim.planner.request import parse_clock

        clock = parse_clock(args.clinic_time, "--clinic-time")
        request = replace(request, calendar=replace(request.calendar, clinic_time=clock))
    start = None
    if args.start:
        try:  # a date alone is booked at the clinic time, not at midnight
            start = (dt.date.fromisoformat(args.start) if len(args.start) == 10
                     else dt.datetime.fromisoformat(args.start))
        except ValueError:
            raise input_error("--start", args.start, "a date YYYY-MM-DD or YYYY-MM-DDTHH:MM") from None
    out = args.out or f"needlesim-plan/{path.stem}"
    plan = plan_treatment(request, start, out, args.workers, args.scheduler, force=args.force)
    print(plan.message)
    calendar = f"; calendar: {Path(out) / 'plan.ics'}" if plan.ics else ""
    print(f"  report: {Path(out) / 'plan.md'}{calendar}")
    return 0 if plan.reachable else 1


def add_parser(commands) -> None:
    plan = commands.add_parser("plan", help="search protocols that reach a goal (docs/cohorts.md)")
    plan.add_argument("file", help="plan request TOML: [patient], [goal], [constraints], [options]")
    add_engine_options(plan, "needlesim-plan", workers=0, resume=False)
    plan.add_argument("--start", help="date of the first session, at the clinic time unless a time "
                      "is given (YYYY-MM-DDTHH:MM); default: in a week")
    plan.add_argument("--clinic-time", help="clock time of the sessions, HH:MM (default: the plan "
                      "file's [calendar] clinic_time, else 10:00)")
    plan.set_defaults(handler=_cmd_plan)
