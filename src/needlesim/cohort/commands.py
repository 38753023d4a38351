"""``needlesim cohort FILE --out DIR --workers N [--scheduler ADDRESS] [--resume]``."""

from __future__ import annotations

import sys


def _cmd_cohort(args) -> int:
    from needlesim import RESEARCH_USE
    from needlesim.cohort import load_cohort, run_cohort

    spec = load_cohort(args.file)
    out = args.out or f"needlesim-cohort/{spec.name}"
    result = run_cohort(spec, out, workers=args.workers, scheduler=args.scheduler,
                        resume=args.resume, progress=not args.quiet and sys.stderr.isatty() or args.progress,
                        force=args.force)
    summary = result.summary
    print(f"cohort '{spec.name}': {summary['patients']} patients x {len(spec.arms)} arms, "
          f"{len(result.table)} rows; failed simulations: {summary['failed_simulations']}")
    for r in summary["responders"]:
        if r["day"] == max(spec.report_days):
            print(f"  {r['responder']} [{r['arm']}, day {r['day']:g}]: {r['rate']:.1%} "
                  f"(95 % CI {r['ci95_low']:.1%} to {r['ci95_high']:.1%})")
    print(f"  table: {result.folder / 'patients.parquet'} (and .csv); summary: "
          f"{result.folder / 'summary.md'}")
    print(f"  {RESEARCH_USE}")
    return 0


def add_engine_options(parser, default_out: str, workers: int = 1, resume: bool = True) -> None:
    """The options every command on the Dask chunk engine shares."""
    parser.add_argument("--out", help=f"output folder (default: {default_out}/<name>)")
    parser.add_argument("--workers", type=int, default=workers,
                        help="local Dask worker processes (0: run in this process without Dask)")
    parser.add_argument("--scheduler", help="address of an existing Dask scheduler (tcp://host:port; "
                        "default: none, a local cluster of --workers processes)")
    if resume:
        parser.add_argument("--resume", action="store_true",
                            help="keep finished chunks of an earlier run")
    parser.add_argument("--force", action="store_true",
                        help="write into a needlesim output folder even if it also holds files of "
                             "yours (they are left alone); anything else is never written into")


def add_parser(commands) -> None:
    cohort = commands.add_parser("cohort", help="simulate a virtual cohort (docs/cohorts.md)")
    cohort.add_argument("file", help="cohort TOML file")
    add_engine_options(cohort, "needlesim-cohort")
    cohort.add_argument("--progress", action="store_true", help="show progress even without a terminal")
    cohort.add_argument("--quiet", action="store_true", help="no progress bar")
    cohort.set_defaults(handler=_cmd_cohort)
