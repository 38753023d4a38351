"""Response shapes of the API (they make the OpenAPI description precise)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

RUN_ID = r"^[0-9a-f]{32}$"
FIGURE_NAME = r"^[a-z0-9_]{1,64}\.png$"
EXAMPLE_SCENARIO = {
    "seed": 1,
    "patient": {"age_years": 45, "sex": "female", "fitzpatrick": 3, "site": "cheek",
                "condition": "photoaging"},
    "protocol": {"sessions": 2, "interval_days": 28, "device": "pen", "needle_length_mm": 1.0,
                 "passes": 2, "area_cm2": 4, "serum": "vitamin_c"},
    "output": {"report_days": [30, 90]},
}


class Problem(BaseModel):
    field: str
    value: Any = None
    allowed: str
    unit: str = ""


class ErrorBody(BaseModel):
    error: str
    problems: list[Problem] | None = None


class RunCreated(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    url: str


class RunStatus(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float
    stage: str
    error: dict | None = None
    created_at: float
    started_at: float | None = None
    finished_at: float | None = None
    links: dict[str, str] = {}


class Figure(BaseModel):
    name: str
    url: str


class Warning(BaseModel):
    code: str
    message: str


class TableRow(BaseModel):
    key: str  # the summary's dotted key
    label: str  # plain words with the unit, e.g. "Collagen I change at day 90 [%]"
    value: str
    interval: str = ""  # the 90 % interval, where the summary has one


class TableGroup(BaseModel):
    title: str
    rows: list[TableRow]


class ReadableSummary(BaseModel):
    warnings: list[Warning]
    groups: list[TableGroup]
    interval_note: str


class Series(BaseModel):
    name: str
    x: list[float | None]
    y: list[float | None]
    band_x: list[float | None] | None = None  # the 5-95 % band, where the run has one
    low: list[float | None] | None = None
    high: list[float | None] | None = None


class Chart(BaseModel):
    name: str
    title: str
    x_label: str
    y_label: str
    series: list[Series]
    markers: list[float | None] = []  # session days, on a time axis in days
    threshold: float | None = None
    x_range: list[float] | None = None  # the part of the axis to open on
    x_log: bool = False


ERRORS = {
    404: {"model": ErrorBody, "description": "no such run or file"},
    409: {"model": ErrorBody, "description": "the run has not finished"},
    422: {"model": ErrorBody, "description": "invalid input: field, value, allowed, unit"},
}
SUBMIT_ERRORS = {
    413: {"model": ErrorBody, "description": "request body larger than the limit"},
    422: ERRORS[422],
    503: {"model": ErrorBody, "description": "the queue is full"},
}
