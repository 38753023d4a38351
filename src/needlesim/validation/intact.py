"""Intact-skin absorption of a finite dose: the model against the benchmark table
``data/intact_absorption.csv`` (percent of the applied dose absorbed, with its source).

The model's value is the amount that entered the dermis by 24 h after application over the
dose, through intact skin (no channels), with the row's site, concentration, dose per
area, vehicle, occlusion and contact time (the donor film of transport/physics/film.py).
No parameter is fitted to any row. Rows compare on a log10 scale: ``value`` rows within a
factor of 3 (log10 3), ``upper_bound`` rows by how far the model exceeds the bound (0 when
below it), ``none`` rows are listed but not compared (no data)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np

from needlesim.constants import HOUR_S
from needlesim.parameters import default_parameters
from needlesim.scenario import build_scenario
from needlesim.skin import build_skin
from needlesim.transport import load_active
from needlesim.transport.outputs import KG_M2_TO_UG_CM2, at_time, dermis_ug_per_cm2
from needlesim.transport.physics.formulation import Formulation
from needlesim.transport.physics.molecules import PERCENT_KG_M3
from needlesim.transport.resolutions import intact_solution, make_setup
from needlesim.validation.registry import Comparison, Target, compares_table

TABLE = "intact_absorption.csv"
FACTOR = 3.0  # the agreement asked of a value row: within a factor of 3
UL_PER_CM2_M = 1e-5  # 1 uL/cm2 = 1e-9 m3 / 1e-4 m2
HORIZON_S = 24 * HOUR_S


@dataclass(frozen=True)
class Benchmark:
    id: str
    active: str
    site: str
    concentration_percent: float
    dose_ul_per_cm2: float
    vehicle: str
    occluded: bool
    contact_h: float
    data_percent: float | None
    data_high_percent: float | None
    comparison: str  # value | upper_bound | none
    role: str
    source: str
    note: str


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


@lru_cache(maxsize=1)
def load_benchmarks() -> tuple[Benchmark, ...]:
    path = resources.files("needlesim.validation") / "data" / TABLE
    with path.open(newline="", encoding="utf-8") as handle:
        return tuple(
            Benchmark(row["id"], row["active"], row["site"], float(row["concentration_percent"]),
                      float(row["dose_uL_per_cm2"]), row["vehicle"], row["occluded"] == "yes",
                      float(row["contact_h"]), _number(row["data_percent"]),
                      _number(row["data_high_percent"]), row["comparison"], row["role"],
                      row["source"], row["note"])
            for row in csv.DictReader(handle))


@lru_cache(maxsize=8)
def _skin(site: str):
    params = default_parameters()
    scenario = build_scenario({
        "seed": 1, "patient": {"age_years": 40, "sex": "female", "fitzpatrick": 2, "site": site},
        "protocol": {"sessions": 1, "interval_days": 28, "needle_length_mm": 0.5}}, params)
    return build_skin(scenario.patient, params)


@lru_cache(maxsize=32)
def model_percent(benchmark: Benchmark) -> float:
    """Percent of the applied dose that entered the dermis through intact skin by 24 h."""
    params = default_parameters()
    skin = _skin(benchmark.site)
    active = load_active(benchmark.active, params)
    contact_s = benchmark.contact_h * HOUR_S
    formulation = Formulation(
        concentration_kg_m3=benchmark.concentration_percent * PERCENT_KG_M3,
        dose_volume_m3_per_m2=benchmark.dose_ul_per_cm2 * UL_PER_CM2_M,
        vehicle=benchmark.vehicle, occluded=benchmark.occluded,
        contact_s=contact_s if contact_s < HORIZON_S else None)
    solution = intact_solution(make_setup(skin, active, formulation, params, t_end_s=HORIZON_S))
    entered = at_time(solution, dermis_ug_per_cm2(solution, skin), HORIZON_S)
    dose = solution.dose_kg / solution.area_m2 * KG_M2_TO_UG_CM2
    return 100.0 * entered / dose


def _comparison(benchmark: Benchmark) -> Comparison:
    model = model_percent(benchmark)
    if benchmark.comparison == "value":
        target = Target(benchmark.id, f"log10 of the percent of a finite dose of {benchmark.active} "
                        "absorbed through intact skin in 24 h", float(np.log10(benchmark.data_percent)),
                        float(np.log10(FACTOR)), "log10(%)", benchmark.role, benchmark.source,
                        benchmark.note, study=benchmark.id, table="intact")
        return Comparison(target, float(np.log10(max(model, 1e-300))))
    bound = benchmark.data_high_percent
    target = Target(benchmark.id, f"log10 of the model's 24 h intact absorption of {benchmark.active} "
                    "over its upper bound (0: below)", 0.0, 0.0, "log10(fold)", benchmark.role,
                    benchmark.source, benchmark.note, study=benchmark.id, table="intact")
    return Comparison(target, float(max(0.0, np.log10(max(model, 1e-300) / bound))))


@compares_table
def intact_absorption() -> list[Comparison]:
    return [_comparison(b) for b in load_benchmarks() if b.comparison != "none"]


def table_rows() -> list[tuple[Benchmark, float]]:
    """Every benchmark row with the model's percent (for docs/validation.md)."""
    return [(b, model_percent(b)) for b in load_benchmarks()]


def main() -> int:
    print(f"{'id':28s} {'data %':>8s} {'model %':>10s} {'model/data':>10s}")
    for benchmark, model in table_rows():
        data = benchmark.data_percent
        bound = benchmark.data_high_percent if benchmark.comparison == "upper_bound" else None
        shown = f"{data:8.3g}" if data is not None else (f"<{bound:7.3g}" if bound else f"{'-':>8s}")
        ratio = f"{model / data:10.3g}" if data else f"{'-':>10s}"
        print(f"{benchmark.id:28s} {shown} {model:10.3g} {ratio}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
