"""Run a sensitivity study: sample, evaluate on Dask in checkpointed chunks, analyse,
write the index table, a summary (with convergence warnings) and figures.
``run_sensitivity`` is the notebook API."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from needlesim import RESEARCH_USE
from needlesim.cohort.checkpoint import Checkpoints, write_atomic
from needlesim.cohort.engine import Task, run_tasks
from needlesim.folders import claim_folder
from needlesim.sensitivity.checks import interval_warnings
from needlesim.sensitivity.evaluate import evaluate_chunk
from needlesim.sensitivity.figures import write_figures
from needlesim.sensitivity.methods import indices, sample
from needlesim.sensitivity.spec import SensitivitySpec

SENSITIVITY_FILES = ["chunks/", "figures/", "indices.csv", "runs.parquet", "summary.json"]


@dataclass
class SensitivityResult:
    spec: SensitivitySpec
    samples: np.ndarray  # (runs, factors) on the quantile scale
    outputs: pd.DataFrame  # one row per run and report day
    indices: pd.DataFrame  # output, day, factor, index, value, conf
    folder: Path | None = None
    warnings: list[str] = field(default_factory=list)  # indices the study did not resolve


def analyse(spec: SensitivitySpec, X: np.ndarray, outputs: pd.DataFrame) -> pd.DataFrame:
    frames = []
    for day, group in outputs.groupby("day"):
        group = group.sort_values("sample")
        for output in spec.outputs:
            y = group[output].to_numpy(float)
            if y.size != len(X) or not np.all(np.isfinite(y)):
                continue
            if np.ptp(y) == 0:
                table = pd.DataFrame({"factor": spec.problem["names"], "index": "constant output",
                                      "value": 0.0, "conf": 0.0})
            else:
                table = indices(spec.problem, spec.method, X, y, spec.seed)
            table.insert(0, "day", day)
            table.insert(0, "output", output)
            frames.append(table)
    result = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    # an output that is not a time course is the same on every day: keep it once
    single = [o for o in spec.outputs if not o.endswith(("_pct", "_change"))]
    if len(result):
        first_day = result["day"].min()
        result = result[~result["output"].isin(single) | (result["day"] == first_day)]
    return result.reset_index(drop=True)


def run_sensitivity(spec: SensitivitySpec, out: str | Path, workers: int = 1,
                    scheduler: str | None = None, resume: bool = False,
                    progress: bool = True, force: bool = False) -> SensitivityResult:
    out = claim_folder(out, "sensitivity", SENSITIVITY_FILES, force=force)
    X = sample(spec.problem, spec.method, spec.samples, spec.seed)
    tasks = [Task(f"chunk-{n:05d}", evaluate_chunk, (start, min(start + spec.chunk_size, len(X))),
                  min(spec.chunk_size, len(X) - start))
             for n, start in enumerate(range(0, len(X), spec.chunk_size))]
    checkpoints = Checkpoints(out / "chunks", spec.fingerprint(), resume)
    outputs = run_tasks(tasks, (spec, X), checkpoints, workers, scheduler, progress, label="runs")
    outputs = outputs.sort_values(["sample", "day"]).reset_index(drop=True)
    table = analyse(spec, X, outputs)
    write_atomic(out / "indices.csv", lambda p: table.to_csv(p, index=False))
    samples = pd.DataFrame(X, columns=spec.problem["names"]).add_prefix("u.")
    write_atomic(out / "runs.parquet", lambda p: outputs.merge(
        samples, left_on="sample", right_index=True).to_parquet(p, index=False))
    warnings = interval_warnings(table, spec.method, spec.samples)
    write_atomic(out / "summary.json", lambda p: Path(p).write_text(
        json.dumps(study_summary(spec, len(X), warnings), indent=1)))
    write_figures(table, spec.method, out / "figures")
    return SensitivityResult(spec, X, outputs, table, out, warnings)


def study_summary(spec: SensitivitySpec, runs: int, warnings: list[str]) -> dict:

    return {"name": spec.name, "method": spec.method, "samples": spec.samples, "runs": runs,
            "outputs": list(spec.outputs), "factors": list(spec.factors),
            "converged": not warnings, "warnings": warnings, "research_use": RESEARCH_USE}
