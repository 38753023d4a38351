"""The ``needlesim`` command line. It parses, runs and prints; it computes no physics."""

from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys

from needlesim import RESEARCH_USE, __version__, interrupts
from needlesim.errors import InputError
from needlesim.interrupts import Terminated

EXIT_INPUT = 2
EXIT_INTERRUPTED = 128 + signal.SIGINT  # the shell's convention for a command ended by Ctrl-C
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_BROKEN_PIPE = 128 + signal.SIGPIPE


def _cmd_run(args) -> int:
    with _LongLivedImports(args.command_process):
        from needlesim.folders import check_output_folder, probe_writable
        from needlesim.report import write_report
        from needlesim.report.write import figure_workers
        from needlesim.scenario import default_scenario, load_scenario
        from needlesim.simulation import Simulation

    scenario = load_scenario(args.scenario) if args.scenario else default_scenario()
    out = args.out or f"needlesim-report/{scenario.name}"
    probe_writable(check_output_folder(out, force=args.force))  # refused before the work
    with figure_workers() as workers:  # they load matplotlib while this process simulates
        simulation = Simulation(scenario, progress=not args.json and sys.stderr.isatty())

        def stage_done(partial):
            interrupts.checkpoint()  # an interrupt lost in compiled code stops the run here
            workers.draw_ready(partial)  # figures as their data come

        results = simulation.run(on_datasets=stage_done)
        out = write_report(results, out, force=args.force, workers=workers)
    if args.json:
        print(results.summary_json())
        return 0
    summary = results.summary()
    channels, barrier = summary["channels"], summary["barrier"]
    print(f"needlesim {__version__}: scenario '{scenario.name}' (seed {scenario.seed})")
    for warning in summary.get("warnings", []):  # first, before any number (docs/safety.md)
        print(f"  WARNING [{warning['code']}] {warning['message']}")
    print(f"  channels per cm2 (session 1):   {channels['density_per_cm2']:.0f}")
    print(f"  mean channel depth:             {channels['depth_um_mean']:.0f} um")
    print(f"  mean surface diameter:          {channels['surface_diameter_um_mean']:.0f} um")
    print(f"  share reaching the dermis:      {channels['fraction_reaching_dermis']:.0%}")
    print(f"  pinpoint bleeding expected:     {'yes' if channels['bleeding'] else 'no'}")
    from needlesim.report.barrier_text import barrier_lines  # the phases, named (docs/summary.md)
    print("\n".join(barrier_lines(barrier)))
    for line in _later_stage_lines(summary):
        print(line)
    print(f"  report: {out}")
    print(f"  {RESEARCH_USE}")
    return 0


def _later_stage_lines(summary: dict) -> list[str]:
    lines = []
    for active, values in summary.get("delivery", {}).items():
        ratio = values.get("enhancement_ratio")
        versus = (f"{ratio:.3g} x intact skin" if ratio is not None
                  else "intact skin: below detection" if values.get("intact_below_detection")
                  else "intact skin: not computable")
        lines.append(f"  {active}: {values['dermis_ug_per_cm2']:.3g} ug/cm2 into the dermis in 24 h "
                     f"({versus})")
    if "downtime_days" in summary:
        lines.append(f"  downtime (redness) per session:  {summary['downtime_days']:.1f} days")
    for day, values in summary.get("at_day", {}).items():
        lines.append(
            f"  day {day}: collagen I {values['collagen_I_change_pct']:+.1f} %, "
            f"dermal density {values['dermal_density_change_pct']:+.1f} %"
        )
        if "elasticity_r2_change_pct" in values:
            gained = values["skin_age_years_gained"]
            lines.append(
                f"         elasticity (R2) {values['elasticity_r2_change_pct']:+.1f} %, "
                f"firmness {values['firmness_r0_change_pct']:+.1f} %, "
                f"pore area {values['pore_area_change_pct']:+.1f} %, "
                f"skin age {abs(gained):.1f} years {'younger' if gained >= 0 else 'older'}"
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
             "source": c.target.source, "passed": c.passed, "study": c.target.study_key,
             "interval_90": list(c.interval_90) if c.interval_90 else None,
             "in_interval_90": c.in_interval_90, "z_score": c.z_score,
             "tail_probability": c.tail_probability}
            for c in comparisons
        ], indent=2))
    else:
        print(format_table(comparisons))
    # A regression is a calibration or check target that no longer holds; the published-data
    # rows are evidence, summarised per set.
    regressions = [c for c in comparisons
                   if c.target.table == "targets" and c.target.role != "validation" and not c.passed]
    return 1 if regressions else 0


def _cmd_list(args) -> int:
    from needlesim.listing import device_lines, site_lines
    from needlesim.parameters import default_parameters
    from needlesim.parameters.actives import known_actives
    from needlesim.parameters.citations import load_bibliography

    params = default_parameters()
    if args.what == "sites":
        items = site_lines(params)
    elif args.what == "devices":
        items = device_lines(params)
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
    run.add_argument("scenario", nargs="?",
                     help="scenario TOML file (default: the built-in default scenario)")
    run.add_argument("--json", action="store_true", help="print only the JSON summary on stdout")
    run.add_argument("--out", help="report folder: new, empty, or one needlesim wrote "
                     "(default: needlesim-report/<scenario name>)")
    run.add_argument("--force", action="store_true",
                     help="replace a needlesim report folder even if it also holds files of yours "
                          "(they are carried over; anything that is not needlesim's is never replaced)")
    run.set_defaults(handler=_cmd_run)

    validate = commands.add_parser("validate", help="compare the model with literature targets")
    validate.add_argument("--json", action="store_true",
                          help="print the comparisons as a JSON list instead of a table")
    validate.set_defaults(handler=_cmd_validate)

    listing = commands.add_parser("list", help="list sites, devices, serums or sources")
    listing.add_argument("what", choices=["sites", "devices", "serums", "sources"],
                         help="sites: layer thicknesses; devices: kind and needle lengths; "
                              "serums: names and their actives; sources: the bibliography")
    listing.set_defaults(handler=_cmd_list)

    scenario = commands.add_parser("scenario", help="print the default scenario as TOML")
    scenario.set_defaults(handler=_cmd_scenario)

    from needlesim.cohort.commands import add_parser as add_cohort

    add_cohort(commands)
    from needlesim.sensitivity.commands import add_parser as add_sensitivity

    add_sensitivity(commands)
    from needlesim.planner.commands import add_parser as add_plan

    add_plan(commands)
    from needlesim.warm.commands import add_parser as add_warm

    add_warm(commands, main)

    serve = commands.add_parser("serve", help="start the web service and dashboard (docs/web.md)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on")
    serve.add_argument("--data-dir", default="needlesim-data", help="folder of the jobs database "
                       "and results")
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
    from needlesim.cli_help import show_defaults

    show_defaults(parser)  # every subcommand's help states its defaults
    return parser


class _LongLivedImports:
    """In the command's own process, the objects the imports make (several hundred
    thousand: modules, functions, types) live until it ends, yet every full garbage
    collection walks them all: about 0.1 s each, half a dozen times during
    `needlesim run`. The collector is paused while they are made and they are frozen
    (left out of later collections, and shared with forked workers without being copied).
    A program calling :func:`main` keeps its own collector as it was."""

    def __init__(self, active: bool):
        self.active = active

    def __enter__(self):
        if self.active and gc.isenabled():
            gc.disable()
        else:
            self.active = False

    def __exit__(self, *exc):
        if self.active:
            gc.freeze()
            gc.enable()


def _handed_to_warm_process(args) -> int | None:
    """The exit code of the command run by a warm process (``needlesim warm start``), or
    None when none can run it: this process runs it. Only the command's own process hands
    over (a program calling :func:`main` runs it itself)."""
    from needlesim.warm.commands import SERVED_COMMANDS

    if not args.command_process or args.command not in SERVED_COMMANDS:
        return None
    from needlesim.warm.client import forward

    return forward(sys.argv[1:])


def _fail(message: str, code: int) -> int:
    print(f"needlesim: {message}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    """Run the command line ``argv``; None means this process's own (``sys.argv``)."""
    previous = {number: signal.signal(number, interrupts.raise_interrupt)
                for number in (signal.SIGINT, signal.SIGTERM)}
    previous_hook, sys.unraisablehook = sys.unraisablehook, interrupts.unraisable_hook
    try:
        args = build_parser().parse_args(argv)
        args.command_process = argv is None
        code = _handed_to_warm_process(args)
        if code is None:
            code = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the handlers below
        if args.command_process:
            gc.freeze()  # the process ends next: its exit need not walk every object
        return code
    except InputError as exc:
        return _fail(f"invalid input\n{exc}", EXIT_INPUT)
    except KeyboardInterrupt:
        return _fail("interrupted; no output was left half-written", EXIT_INTERRUPTED)
    except Terminated:
        return _fail("terminated; no output was left half-written", EXIT_TERMINATED)
    except MemoryError:
        return _fail("out of memory: the scenario needs more memory than this machine has; "
                     "lower protocol.area_cm2, passes or sessions", EXIT_INPUT)
    except RecursionError:
        return _fail("invalid input: the scenario is nested too deeply", EXIT_INPUT)
    except BrokenPipeError:
        # the reader went away (e.g. `needlesim list serums | head`): say nothing more
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        return _fail(f"cannot read or write{where}: {exc.strerror or exc}", EXIT_INPUT)
    finally:
        sys.unraisablehook = previous_hook
        interrupts.forget()
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
