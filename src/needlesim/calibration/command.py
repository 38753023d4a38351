"""The one command-line convention of the calibration scripts: each fits and prints its
report; ``--write`` also stores the fitted values (through ``parameters/store.py``)."""

from __future__ import annotations

import argparse


def parser(module: str, doc: str, stored_in: str) -> argparse.ArgumentParser:
    """The parser of the calibration script ``module`` (``doc``: its docstring), with ``--write``."""
    command = argparse.ArgumentParser(prog=f"python -m {module}", description=doc.splitlines()[0])
    command.add_argument("--write", action="store_true",
                         help=f"store the fitted values in {stored_in} (default: print the fit only)")
    command.set_defaults(stored_in=stored_in)
    return command


def finish(args: argparse.Namespace) -> int:
    """Say where the values went, or that nothing was written."""
    if args.write:
        print(f"written to {args.stored_in}")
    else:
        print("dry run: nothing written (--write stores the fitted values)")
    return 0
