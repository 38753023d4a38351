"""Literature targets and the model computations that are compared with them.

Each target's value, tolerance, unit, role and source live in a ``targets_<area>.csv``
file beside this module; the code that computes the model's value is registered under
the target's id with :func:`computes`. Roles keep calibration and validation apart:

* ``calibration``: a parameter was fitted to this value (agreement is by construction);
* ``check``: a consistency check against a value that no parameter was fitted to, but
  that comes from the same study as a calibration target or is a design rule;
* ``validation``: data that no fit has seen.
"""

from __future__ import annotations

import csv
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources

ROLES = ("calibration", "check", "validation")
_COMPUTE: dict[str, Callable[[], float]] = {}

# Modules that register computations; each later stage adds its own.
AREAS = ["needlesim.validation.devices", "needlesim.validation.insertion",
         "needlesim.validation.channels", "needlesim.validation.healing",
         "needlesim.validation.transport"]


def computes(target_id: str):
    def register(function: Callable[[], float]) -> Callable[[], float]:
        _COMPUTE[target_id] = function
        return function

    return register


@dataclass(frozen=True)
class Target:
    id: str
    quantity: str
    target: float
    tolerance: float
    unit: str
    role: str
    source: str
    note: str


@dataclass(frozen=True)
class Comparison:
    target: Target
    model: float

    @property
    def error(self) -> float:
        return self.model - self.target.target

    @property
    def passed(self) -> bool:
        return abs(self.error) <= self.target.tolerance


def load_targets() -> list[Target]:
    folder = resources.files("needlesim.validation")
    targets = []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not (path.name.startswith("targets_") and path.name.endswith(".csv")):
            continue
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if row["role"] not in ROLES:
                    raise ValueError(f"{path.name}: role {row['role']!r} not in {ROLES}")
                targets.append(
                    Target(row["id"], row["quantity"], float(row["target"]),
                           float(row["tolerance"]), row["unit"], row["role"], row["source"],
                           row.get("note", ""))
                )
    return targets


def compare_all(ids: list[str] | None = None) -> list[Comparison]:
    for module in AREAS:
        importlib.import_module(module)
    results = []
    for target in load_targets():
        if ids is not None and target.id not in ids:
            continue
        if target.id not in _COMPUTE:
            raise KeyError(f"no computation registered for target {target.id!r}")
        results.append(Comparison(target, float(_COMPUTE[target.id]())))
    return results


def format_table(comparisons: list[Comparison]) -> str:
    header = (
        f"{'target':38s} {'role':11s} {'literature':>12s} {'model':>12s} {'error':>10s} "
        f"{'tol':>8s} {'unit':8s} ok  source"
    )
    lines = [header, "-" * len(header)]
    for c in comparisons:
        t = c.target
        lines.append(
            f"{t.id:38s} {t.role:11s} {t.target:12.4g} {c.model:12.4g} {c.error:10.3g} "
            f"{t.tolerance:8.3g} {t.unit:8s} {'yes' if c.passed else 'NO ':3s} {t.source}"
        )
    passed = sum(c.passed for c in comparisons)
    lines.append(f"{passed} of {len(comparisons)} within tolerance")
    return "\n".join(lines)
