"""Numbers the pipeline must keep while its code is reorganised: the default scenario's
summary and every variable of its results.nc, the validation table's model values, and a
small cohort's table. ``python tests/golden/golden.py --write`` stores them anew: only
when a change of the model's numbers is meant (say so in the changelog)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
STORED = HERE / "stored"
COHORT = {
    "name": "golden", "seed": 7, "patients": 6,
    "population": {"age_years": {"dist": "uniform", "low": 25, "high": 60}, "sex": "female",
                   "fitzpatrick": 3, "site": "cheek", "condition": "acne_scars"},
    "arms": [{"name": "pen", "protocol": {"sessions": 2, "interval_days": 28, "device": "pen",
                                          "needle_length_mm": 1.0, "passes": 2, "area_cm2": 4}},
             {"name": "roller", "protocol": {"sessions": 2, "interval_days": 28,
                                             "device": "roller", "needle_length_mm": 1.5,
                                             "passes": 4, "area_cm2": 4,
                                             "serum": "vitamin_c"}}],
}


def digest(dataset) -> dict:
    """Shape and a few sums of every variable: equal within round-off iff the data are."""
    out = {}
    for name, variable in dataset.data_vars.items():
        values = np.asarray(variable.values)
        if values.dtype.kind in "fiub":
            finite = np.where(np.isfinite(values), values, 0.0).astype(float)
            out[name] = {"shape": list(values.shape), "sum": float(finite.sum()),
                         "sum_abs": float(np.abs(finite).sum()),
                         "sum_sq": float((finite**2).sum()), "nan": int(np.isnan(values).sum())
                         if values.dtype.kind == "f" else 0}
        else:
            out[name] = {"shape": list(values.shape), "text": sorted({str(v) for v in values.ravel()})[:20]}
    return out


def default_outputs() -> dict:
    from needlesim.scenario import default_scenario
    from needlesim.simulation import Simulation

    results = Simulation(default_scenario()).run()
    summary = json.loads(results.summary_json())
    summary["provenance"].pop("version")
    return {"summary": summary,
            "results": {name: digest(ds) for name, ds in sorted(results.datasets.items())}}


def validation_outputs() -> dict:
    from needlesim.validation import compare_all

    return {c.target.id: c.model for c in compare_all()}


def cohort_outputs(tmp: Path) -> list[dict]:
    from needlesim.cohort import run_cohort
    from needlesim.cohort.load import build_cohort

    result = run_cohort(build_cohort(COHORT), tmp / "cohort", workers=0, progress=False,
                        figures=False)
    table = result.table.select_dtypes("number")
    return json.loads(table.to_json(orient="records"))


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the numbers anew")
    args = parser.parse_args()
    if not args.write:
        parser.error("nothing to do without --write (the tests compare)")
    STORED.mkdir(exist_ok=True)
    (STORED / "default.json").write_text(json.dumps(default_outputs(), indent=1, sort_keys=True))
    (STORED / "validation.json").write_text(json.dumps(validation_outputs(), indent=1, sort_keys=True))
    with tempfile.TemporaryDirectory() as tmp:
        (STORED / "cohort.json").write_text(json.dumps(cohort_outputs(Path(tmp)), indent=1))


if __name__ == "__main__":
    main()
