"""The ``needlesim`` command line. It parses, runs and prints; it computes no physics."""

from __future__ import annotations

import argparse
import json
import sys

from needlesim import RESEARCH_USE, __version__
from needlesim.errors import InputError

EXIT_INPUT = 2


def _cmd_run(args) -> int:
    from needlesim.report import write_report
    from needlesim.scenario import default_scenario, load_scenario
    from needlesim.simulation import Simulation

    scenario = load_scenario(args.scenario) if args.scenario else default_scenario()
    results = Simulation(scenario, progress=not args.json and sys.stderr.isatty()).run()
    out = write_report(results, args.out or f"needlesim-report/{scenario.name}")
    if args.json:
        print(results.summary_json())
        return 0
    summary = results.summary()
    channels, barrier = summary["channels"], summary["barrier"]
    print(f"needlesim {__version__}: scenario '{scenario.name}' (seed {scenario.seed})")
    print(f"  channels per cm2 (session 1):   {channels['density_per_cm2']:.0f}")
    print(f"  mean channel depth:             {channels['depth_um_mean']:.0f} um")
    print(f"  mean surface diameter:          {channels['surface_diameter_um_mean']:.0f} um")
    print(f"  share reaching the dermis:      {channels['fraction_reaching_dermis']:.0%}")
    print(f"  pinpoint bleeding expected:     {'yes' if channels['bleeding'] else 'no'}")
    print(f"  closure half-life (median):     {barrier['closure_half_life_h']:.1f} h")
    print(f"  barrier back to 90 %:           {barrier['recovery_h']:.1f} h")
    for line in _later_stage_lines(summary):
        print(line)
    print(f"  report: {out}")
    print(f"  {RESEARCH_USE}")
    return 0


def _later_stage_lines(summary: dict) -> list[str]:
    lines = []
    for active, values in summary.get("delivery", {}).items():
        lines.append(
            f"  {active}: {values['dermis_ug_per_cm2']:.3g} ug/cm2 into the dermis in 24 h "
            f"({values['enhancement_ratio']:.3g} x intact skin)"
        )
    if "downtime_days" in summary:
        lines.append(f"  downtime (redness) per session:  {summary['downtime_days']:.1f} days")
    for day, values in summary.get("at_day", {}).items():
        lines.append(
            f"  day {day}: collagen I {values['collagen_I_change_pct']:+.1f} %, "
            f"dermal density {values['dermal_density_change_pct']:+.1f} %"
        )
    return lines


def _cmd_validate(args) -> int:
    from needlesim.validation import compare_all, format_table

    comparisons = compare_all()
    if args.json:
        print(json.dumps([
            {"id": c.target.id, "quantity": c.target.quantity, "role": c.target.role,
             "target": c.target.target, "model": c.model, "error": c.error,
             "tolerance": c.target.tolerance, "unit": c.target.unit,
             "source": c.target.source, "passed": c.passed}
            for c in comparisons
        ], indent=2))
    else:
        print(format_table(comparisons))
    return 0 if all(c.passed for c in comparisons) else 1


def _cmd_list(args) -> int:
    from needlesim.devices import known_devices
    from needlesim.parameters import default_parameters
    from needlesim.parameters.actives import known_actives
    from needlesim.parameters.citations import load_bibliography

    params = default_parameters()
    if args.what == "sites":
        items = params.sites
    elif args.what == "devices":
        items = [
            f"{name:18s} {params.device_row(name)['label']}" if name in params.device_names
            else f"{name:18s} (kind: the catalogue's representative {name})"
            for name in known_devices(params)
        ]
    elif args.what == "serums":
        items = [f"{alias:28s} -> {name}" for alias, name in sorted(known_actives().items())]
    else:
        items = [str(c) for c in load_bibliography().values()]
    print("\n".join(items))
    return 0


def _cmd_scenario(args) -> int:
    from needlesim.scenario import default_scenario_text

    print(default_scenario_text(), end="")
    return 0


def _cmd_serve(args) -> int:
    from needlesim.web.serve import serve

    return serve(args.host, args.port, args.data_dir, args.workers, args.max_simulation_size)


def _cmd_report(args) -> int:
    from needlesim.report.rerender import rerender

    for path in rerender(args.results, args.out, pdf=not args.no_pdf):
        print(path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="needlesim",
        description="Simulate microneedling from the needles to the skin. " + RESEARCH_USE,
    )
    parser.add_argument("--version", action="version", version=f"needlesim {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run a scenario (the built-in default without one)")
    run.add_argument("scenario", nargs="?", help="scenario TOML file")
    run.add_argument("--json", action="store_true", help="print only the JSON summary on stdout")
    run.add_argument("--out", help="report folder (default: needlesim-report/<scenario name>)")
    run.set_defaults(handler=_cmd_run)

    validate = commands.add_parser("validate", help="compare the model with literature targets")
    validate.add_argument("--json", action="store_true")
    validate.set_defaults(handler=_cmd_validate)

    listing = commands.add_parser("list", help="list sites, devices, serums or sources")
    listing.add_argument("what", choices=["sites", "devices", "serums", "sources"])
    listing.set_defaults(handler=_cmd_list)

    scenario = commands.add_parser("scenario", help="print the default scenario as TOML")
    scenario.set_defaults(handler=_cmd_scenario)

    from needlesim.cohort.commands import add_parser as add_cohort

    add_cohort(commands)  # cohort (issue 5)
    from needlesim.sensitivity.commands import add_parser as add_sensitivity

    add_sensitivity(commands)  # sensitivity (issue 5)
    from needlesim.planner.commands import add_parser as add_plan

    add_plan(commands)  # plan (issue 5)

    serve = commands.add_parser("serve", help="start the web service and dashboard (docs/web.md)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--data-dir", default="needlesim-data", help="jobs database and results")
    serve.add_argument("--workers", type=int, default=1, help="simulation worker processes")
    serve.add_argument("--max-simulation-size", type=float, default=8000.0,
                       help="largest treated area [cm2] x passes summed over sessions")
    serve.set_defaults(handler=_cmd_serve)

    report = commands.add_parser("report", help="render the HTML and PDF report of a results "
                                 "folder or results.nc")
    report.add_argument("results", help="report folder (from run or serve) or results.nc")
    report.add_argument("--out", help="folder for the pages (default: beside the results)")
    report.add_argument("--no-pdf", action="store_true", help="HTML only")
    report.set_defaults(handler=_cmd_report)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except InputError as exc:
        print(f"needlesim: invalid input\n{exc}", file=sys.stderr)
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
