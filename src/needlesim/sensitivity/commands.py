"""``needlesim sensitivity FILE --out DIR [--method sobol|morris] [--samples N] --workers N``."""

from __future__ import annotations

import sys

from needlesim.cohort.commands import add_engine_options


def _cmd_sensitivity(args) -> int:
    from needlesim.sensitivity import build_sensitivity, run_sensitivity
    from needlesim.sensitivity.spec import load_sensitivity

    spec = load_sensitivity(args.file)
    if args.method or args.samples:
        spec = build_sensitivity(spec.source | {"name": spec.name}, args.method, args.samples)
    out = args.out or f"needlesim-sensitivity/{spec.name}"
    result = run_sensitivity(spec, out, args.workers, args.scheduler, args.resume,
                             progress=sys.stderr.isatty(), force=args.force)
    table = result.indices
    print(f"sensitivity '{spec.name}' ({spec.method}, {len(result.samples)} runs):")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    for warning in result.warnings:
        print(f"  warning: {warning}")
    print(f"  table: {result.folder / 'indices.csv'}; summary: {result.folder / 'summary.json'}; "
          f"figures: {result.folder / 'figures'}")
    return 0


def add_parser(commands) -> None:
    sens = commands.add_parser("sensitivity", help="global sensitivity analysis (Sobol, Morris)")
    sens.add_argument("file", help="sensitivity TOML file (docs/cohorts.md)")
    add_engine_options(sens, "needlesim-sensitivity")
    sens.add_argument("--method", choices=["sobol", "morris"],
                      help="sensitivity method (default: the file's method, else sobol)")
    sens.add_argument("--samples", type=int, help="Sobol base samples (power of 2) or Morris "
                      "trajectories (default: the file's samples, else 64)")
    sens.set_defaults(handler=_cmd_sensitivity)
