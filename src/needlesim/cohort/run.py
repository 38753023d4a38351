"""Run a cohort: plan the chunks, run them on Dask with checkpoints, write the table,
summary and figures. ``run_cohort`` is the Python API behind ``needlesim cohort``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from needlesim import RESEARCH_USE
from needlesim.cohort.checkpoint import Checkpoints, write_atomic
from needlesim.cohort.engine import Task, run_tasks
from needlesim.cohort.figures import write_figures
from needlesim.cohort.sample import draw_patient, parameter_overrides, scenario_dict
from needlesim.cohort.spec import CohortSpec
from needlesim.cohort.summarize import summarize
from needlesim.cohort.worker import run_chunk
from needlesim.folders import claim_folder
from needlesim.parameters import ParameterSet
from needlesim.scenario import build_scenario
from needlesim.workload import check_workload

# What a cohort folder holds (needlesim's own; a user's files there are never touched).
COHORT_FILES = ["chunks/", "figures/", "patients.parquet", "patients.csv", "summary.json",
                "summary.md"]


@dataclass
class CohortResult:
    spec: CohortSpec
    table: pd.DataFrame  # one row per patient, arm and report day
    summary: dict
    folder: Path | None = None

    def responders(self) -> pd.DataFrame:
        return pd.DataFrame(self.summary["responders"])

    def comparison(self) -> pd.DataFrame:
        return pd.DataFrame(self.summary["comparison"])

    def distributions(self) -> pd.DataFrame:
        return pd.DataFrame(self.summary["distributions"])


def chunk_tasks(spec: CohortSpec) -> list[Task]:
    tasks = []
    for number, start in enumerate(range(0, spec.patients, spec.chunk_size)):
        stop = min(start + spec.chunk_size, spec.patients)
        tasks.append(Task(f"chunk-{number:05d}", run_chunk, (start, stop), stop - start))
    return tasks


def check_cohort_workload(spec: CohortSpec, workers: int) -> None:
    """Each arm's first patient, run by every worker at once, must fit in memory (patients
    of one arm differ little in work: the site's area and the protocol are the arm's)."""

    patient = draw_patient(spec, 0)
    params = ParameterSet(parameter_overrides(spec, patient))
    for arm in spec.arms:
        check_workload(build_scenario(scenario_dict(spec, patient, arm), params), params,
                       concurrent=max(workers, 1))


def simulate_cohort(spec: CohortSpec, folder: str | Path, workers: int = 1,
                    scheduler: str | None = None, resume: bool = False,
                    progress: bool = True) -> pd.DataFrame:
    """The tidy table, computed chunk by chunk with checkpoints in ``folder/chunks``."""
    check_cohort_workload(spec, 1 if scheduler else workers)  # a cluster's memory is not ours to read
    checkpoints = Checkpoints(Path(folder) / "chunks", spec.fingerprint(), resume)
    table = run_tasks(chunk_tasks(spec), spec, checkpoints, workers, scheduler, progress)
    return table.sort_values(["patient", "arm", "day"], kind="stable",
                             key=lambda c: c.map(spec.arm_names.index) if c.name == "arm" else c
                             ).reset_index(drop=True)


def run_cohort(spec: CohortSpec, out: str | Path, workers: int = 1, scheduler: str | None = None,
               resume: bool = False, progress: bool = True, figures: bool = True,
               force: bool = False) -> CohortResult:
    out = claim_folder(out, "cohort", COHORT_FILES, force=force)
    table = simulate_cohort(spec, out, workers, scheduler, resume, progress)
    write_atomic(out / "patients.parquet", lambda p: table.to_parquet(p, index=False))
    write_atomic(out / "patients.csv", lambda p: table.to_csv(p, index=False))
    summary = summarize(table, spec)
    summary["research_use"] = RESEARCH_USE
    write_atomic(out / "summary.json",
                 lambda p: Path(p).write_text(json.dumps(summary, indent=1, default=float)))
    write_atomic(out / "summary.md", lambda p: Path(p).write_text(summary_markdown(summary)))
    if figures:
        write_figures(table, out / "figures", spec.arm_names)
    return CohortResult(spec, table, summary, out)


def summary_markdown(summary: dict) -> str:
    lines = [f"# Cohort {summary['cohort']}", "",
             f"{summary['patients']} virtual patients, arms: {', '.join(summary['arms'])}; "
             f"failed simulations: {summary['failed_simulations']}.", "", f"_{summary['research_use']}_",
             "", "## Responder rates (95 % Wilson interval)", "",
             "| responder | arm | day | n | rate | 95 % CI |", "|---|---|---|---|---|---|"]
    for r in summary["responders"]:
        lines.append(f"| {r['responder']} | {r['arm']} | {r['day']:g} | {r['n']} | {r['rate']:.1%} | "
                     f"{r['ci95_low']:.1%} to {r['ci95_high']:.1%} |")
    lines += ["", "## Arm comparison (paired by patient; bootstrap 95 % CI)", "",
              "| arm - reference | day | output | mean difference | 95 % CI |", "|---|---|---|---|---|"]
    for c in summary["comparison"]:
        lines.append(f"| {c['arm']} - {c['reference']} | {c['day']:g} | {c['output']} | "
                     f"{c['mean_difference']:.4g} | {c['ci95_low']:.4g} to {c['ci95_high']:.4g} |")
    lines += ["", "## Distributions (mean, 5th-95th percentile)", "",
              "| arm | day | output | mean | p05 | p95 |", "|---|---|---|---|---|---|"]
    for d in summary["distributions"]:
        lines.append(f"| {d['arm']} | {d['day']:g} | {d['output']} | {d['mean']:.4g} | "
                     f"{d['p05']:.4g} | {d['p95']:.4g} |")
    return "\n".join(lines) + "\n"
