"""The sensitivity-study file: a base scenario, the factors to vary and the outputs.

    name = "closure"
    method = "sobol"            # sobol | morris
    samples = 64                # Sobol base samples N (runs N (k + 2)); Morris trajectories
    seed = 1
    outputs = ["barrier.recovery_h", "dermal_density_change_pct"]
    [scenario]                  # a scenario as in `needlesim scenario`
    ...
    [factors]                   # parameters by name (data-file unit), or scenario fields
    closure_uncovered_factor = { dist = "uniform", low = 0.03, high = 0.09 }
    "patient.age_years" = { dist = "uniform", low = 20, high = 70 }
    [run]
    chunk_size = 16
    area_cm2 = 1.0
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from needlesim import __version__
from needlesim.cohort.distributions import Distribution, parse_distribution
from needlesim.errors import input_error
from needlesim.parameters import default_parameters
from needlesim.scenario import build_scenario
from needlesim.scenario.load import parse_toml
from needlesim.scenario.read import read_text_file
from needlesim.sensitivity.evaluate import scenario_and_overrides

METHODS = ("sobol", "morris")
SCENARIO_PREFIXES = ("patient.", "protocol.")


@dataclass(frozen=True)
class SensitivitySpec:
    name: str
    method: str
    samples: int
    seed: int
    outputs: list[str]
    scenario: dict
    factors: dict[str, Distribution]
    chunk_size: int = 16
    area_cm2: float | None = 1.0
    source: dict = field(default_factory=dict, compare=False)

    @property
    def problem(self) -> dict:
        """The SALib problem: every factor on its quantile scale [0, 1]."""
        return {"num_vars": len(self.factors), "names": list(self.factors),
                "bounds": [[0.0, 1.0]] * len(self.factors)}

    def fingerprint(self) -> str:

        text = json.dumps({"s": self.source, "v": __version__}, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_sensitivity(path: str | Path) -> SensitivitySpec:
    path = Path(path)
    data = parse_toml(read_text_file(path, "sensitivity file"), str(path))
    data.setdefault("name", path.stem)
    return build_sensitivity(data)


def build_sensitivity(data: dict, method: str | None = None, samples: int | None = None
                      ) -> SensitivitySpec:
    params = default_parameters()
    method = method or data.get("method", "sobol")
    if method not in METHODS:
        raise input_error("method", method, " or ".join(METHODS))
    samples = samples or data.get("samples", 64)
    if not isinstance(samples, int) or not 2 <= samples <= 1_000_000:
        raise input_error("samples", samples, "an integer from 2 to 1000000")
    outputs = data.get("outputs")
    if not isinstance(outputs, list) or not outputs or not all(isinstance(o, str) for o in outputs):
        raise input_error("outputs", outputs, "a list of summary keys, e.g. [\"barrier.recovery_h\", "
                          "\"dermal_density_change_pct\"] (at_day keys without the day)")
    base = data.get("scenario")
    if not isinstance(base, dict):
        raise input_error("scenario", base, "a [scenario] table as in a scenario file")
    build_scenario(base, params)
    table = data.get("factors")
    if not isinstance(table, dict) or not table:
        raise input_error("factors", table, "a [factors] table of name = distribution")
    factors = {}
    for name, spec in table.items():
        if name.startswith(SCENARIO_PREFIXES):
            unit = ""
        elif name in params._tables["model"]:
            unit = params._tables["model"][name].unit
        else:
            raise input_error(f"factors.{name}", spec, "a model parameter name (model*.csv) or "
                              "patient.<field> / protocol.<field>")
        dist = parse_distribution(f"factors.{name}", spec, unit)
        if not dist.categorical and not np.all(np.isfinite(dist.bounds())):
            raise input_error(f"factors.{name}", spec, "a bounded distribution (give low and high)", unit)
        factors[name] = dist
    if method == "sobol" and samples & (samples - 1):
        raise input_error("samples", samples, "a power of 2 for Sobol (Saltelli) sampling, e.g. 64")
    run = data.get("run", {})
    spec = SensitivitySpec(
        name=str(data.get("name", "sensitivity")), method=method, samples=samples,
        seed=int(data.get("seed", 1)), outputs=outputs, scenario=base, factors=factors,
        chunk_size=int(run.get("chunk_size", 16)), area_cm2=run.get("area_cm2", 1.0),
        source={**data, "method": method, "samples": samples},
    )

    for u in (0.0, 0.999):  # the corners of the factor space must be valid scenarios
        scenario, overrides = scenario_and_overrides(spec, np.full(len(factors), u))
        build_scenario(scenario, default_parameters(overrides))
    return spec
