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
_TABLES: list[Callable[[], list[Comparison]]] = []
CONSISTENT_TAIL = 0.05  # counts: the data within the central 95 % of the model's binomial

# Modules that register computations; each later stage adds its own.
AREAS = ["needlesim.validation.devices", "needlesim.validation.insertion",
         "needlesim.validation.evidence",
         "needlesim.validation.channels", "needlesim.validation.healing",
         "needlesim.validation.transport", "needlesim.validation.intact",
         "needlesim.validation.serums", "needlesim.validation.lesions",
         "needlesim.validation.skin_quality"]


def computes(target_id: str):
    def register(function: Callable[[], float]) -> Callable[[], float]:
        _COMPUTE[target_id] = function
        return function

    return register


def compares_table(function: Callable[[], list[Comparison]]) -> Callable[[], list[Comparison]]:
    """Register a table of rows compared as a whole (e.g. the published-data table, whose
    model values come from one ensemble run)."""
    _TABLES.append(function)
    return function


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
    study: str = ""
    table: str = "targets"  # "targets" (targets_*.csv), "literature" (data/literature.csv) or
    # "intact" (data/intact_absorption.csv)

    @property
    def study_key(self) -> str:
        return self.study or self.source.split(";")[0].strip()


@dataclass(frozen=True)
class Comparison:
    """The model against one target: ``model`` is the model's value (the ensemble median
    where there is an ensemble), ``interval_90`` the 5-95 % range of what the model
    predicts a study would observe, ``tail_probability`` for counts the two-sided
    binomial tail of the data under the model."""

    target: Target
    model: float
    interval_90: tuple[float, float] | None = None
    tail_probability: float | None = None
    z_score: float | None = None

    @property
    def error(self) -> float:
        return self.model - self.target.target

    @property
    def passed(self) -> bool:
        if self.tail_probability is not None:
            return self.tail_probability >= CONSISTENT_TAIL
        return abs(self.error) <= self.target.tolerance

    @property
    def in_interval_90(self) -> bool | None:
        if self.interval_90 is None:
            return None
        low, high = self.interval_90
        return bool(low <= self.target.target <= high)


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
    for table in _TABLES:
        results += [c for c in table() if ids is None or c.target.id in ids]
    return results


def set_summary(comparisons: list[Comparison], role: str) -> str:
    """One line per role: share within tolerance and the 90 % intervals' coverage."""
    rows = [c for c in comparisons if c.target.role == role]
    if not rows:
        return f"{role}: no rows"
    passed = sum(c.passed for c in rows)
    with_interval = [c for c in rows if c.in_interval_90 is not None]
    covered = sum(bool(c.in_interval_90) for c in with_interval)
    studies = len({c.target.study_key for c in rows})
    line = (f"{role}: {passed} of {len(rows)} rows within tolerance ({passed / len(rows):.0%}),"
            f" {studies} studies")
    if with_interval:
        line += (f"; the 90 % interval covers {covered} of {len(with_interval)}"
                 f" ({covered / len(with_interval):.0%})")
    return line


def format_table(comparisons: list[Comparison]) -> str:
    header = (
        f"{'target':38s} {'role':11s} {'literature':>12s} {'model':>12s} {'error':>10s} "
        f"{'tol':>8s} {'90 % interval':>21s} {'unit':8s} ok  study"
    )
    lines = [header, "-" * len(header)]
    for c in comparisons:
        t = c.target
        interval = "" if c.interval_90 is None else f"{c.interval_90[0]:.3g} to {c.interval_90[1]:.3g}"
        tolerance = "binomial" if c.tail_probability is not None else f"{t.tolerance:.3g}"
        lines.append(
            f"{t.id:38s} {t.role:11s} {t.target:12.4g} {c.model:12.4g} {c.error:10.3g} "
            f"{tolerance:>8s} {interval:>21s} {t.unit:8s} {'yes' if c.passed else 'NO ':3s} {t.study_key}"
        )
    passed = sum(c.passed for c in comparisons)
    lines.append(f"{passed} of {len(comparisons)} within tolerance")
    lines += [set_summary(comparisons, role) for role in ROLES]
    return "\n".join(lines)
