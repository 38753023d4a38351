"""The runs API: submit a scenario, follow it, read its summary."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

from needlesim.web.body import scenario_body
from needlesim.web.models import (
    ERRORS,
    EXAMPLE_SCENARIO,
    RUN_ID,
    SUBMIT_ERRORS,
    ReadableSummary,
    RunCreated,
    RunStatus,
)

router = APIRouter(prefix="/api/runs", tags=["runs"])
RunId = Annotated[str, Path(pattern=RUN_ID, description="a run id (32 hex digits)")]
ARTEFACTS = ("summary", "table", "figures", "series", "schedule", "schedule.csv", "data.nc",
             "report.html", "report.pdf", "scenario")


def links(run_id: str, status: str) -> dict[str, str]:
    base = f"/api/runs/{run_id}"
    out = {"self": base, "scenario": f"{base}/scenario"}
    if status == "done":
        out.update({name: f"{base}/{name}" for name in ARTEFACTS})
    return out


def job_or_404(request: Request, run_id: str) -> dict:
    job = request.app.state.store.get(run_id)
    if job is None:
        raise HTTPException(404, f"no run {run_id}")
    return job


def done_or_409(request: Request, run_id: str) -> dict:
    job = job_or_404(request, run_id)
    if job["status"] != "done":
        raise HTTPException(409, {"error": f"run {run_id} is {job['status']}",
                                  "status": job["status"]})
    return job


def as_status(job: dict) -> RunStatus:
    return RunStatus(**job, links=links(job["id"], job["status"]))


# The body is read by scenario_body, not by FastAPI, so its schema is given here: the
# scenario's own (scenario_schema.py), which FastAPI cannot derive from a plain dict.
SCENARIO_BODY = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/Scenario"},
    "examples": {"small cheek": {"value": EXAMPLE_SCENARIO}},
}}}}


def queue(request: Request, data) -> RunCreated:
    from needlesim.scenario import build_scenario
    from needlesim.web.limits import check_size

    state = request.app.state
    parsed = build_scenario(data, state.params)
    check_size(parsed, state.params, state.settings.max_simulation_size)
    if state.store.count("queued") >= state.settings.max_queued:
        raise HTTPException(503, "the queue is full; try again later")
    run_id = state.store.add(data)
    return RunCreated(id=run_id, status="queued", url=f"/api/runs/{run_id}")


@router.post("", status_code=202, response_model=RunCreated, responses=SUBMIT_ERRORS,
             openapi_extra=SCENARIO_BODY)
async def submit(request: Request):
    """Validate a scenario (the structure of the TOML scenario file, as JSON) and queue it;
    a background worker runs it."""
    data = await scenario_body(request)
    # validation reads catalogues and parses units: off the event loop
    return await run_in_threadpool(queue, request, data)


@router.get("", response_model=list[RunStatus])
def list_runs(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 50):
    """The latest runs, newest first."""
    return [as_status(job) for job in request.app.state.store.list(limit)]


@router.get("/{run_id}", response_model=RunStatus, responses=ERRORS)
def status(request: Request, run_id: RunId):
    """Status (queued, running, done, failed), progress 0..1 and links to the results."""
    return as_status(job_or_404(request, run_id))


@router.get("/{run_id}/scenario", responses=ERRORS)
def scenario(request: Request, run_id: RunId) -> dict[str, Any]:
    """The scenario as it was submitted."""
    job_or_404(request, run_id)
    return request.app.state.store.scenario(run_id)


@router.get("/{run_id}/summary", responses=ERRORS)
def summary(request: Request, run_id: RunId, download: bool = False) -> dict[str, Any]:
    """The stable JSON summary (the keys of ``needlesim run --json``)."""
    done_or_409(request, run_id)
    body = request.app.state.store.summary(run_id)
    headers = {"Content-Disposition": f'attachment; filename="summary-{run_id}.json"'} \
        if download else None
    return JSONResponse(body, headers=headers)


@router.get("/{run_id}/table", response_model=ReadableSummary, responses=ERRORS)
def table(request: Request, run_id: RunId):
    """The summary in plain words: warnings, then labelled rows with units and 90 % intervals,
    grouped (channels and comfort, downtime and risks, serum, skin changes by day, ...)."""
    from needlesim.web.summary_view import readable_summary

    done_or_409(request, run_id)
    return readable_summary(request.app.state.store.summary(run_id))
