"""The published-data table of healing and clinical outcomes (``data/literature.csv``).

One row per reported endpoint of one arm of one study at one time point: the study, its
population, its protocol, the measure as the paper names it, the simulator output it is
compared with (``observable``), the value with its spread (or event counts), where the
number was read, and the set (calibration or validation) the study was assigned to by the
seeded split of ``needlesim.validation.split``. ``data/README.md`` lists the columns.

A row's protocol becomes a scenario here. What a paper does not report is filled by the
stated rules of :data:`ASSUMED` (written beside each rule), and :meth:`Row.assumed` lists
which settings of that row came from them.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

TABLE = "literature.csv"
SETS = ("calibration", "validation")

# Settings a paper did not report, by rule (assumptions, not fits):
ASSUMED = {
    # Trials of this period mostly used hand-held dermarollers; 1.5 mm is the commonest
    # length for acne scars and striae (Harris 2015 review: median 1.5 mm).
    "device_kind": "roller",
    "needle_length_mm": 1.5,
    # Rolling practice is 10-20 passes over each area; pens are moved in 2-4 passes.
    "passes": {"roller": 15, "pen": 4, "stamp": 4},
    # Typical ages of the trial populations when the paper gives none.
    "age_years": {"acne_scars": 27, "striae": 30, "photoaging": 50, "wrinkles": 50,
                  "melasma": 35, "healthy": 35},
    "site": {"striae": "abdomen"},  # face otherwise
    "fitzpatrick": 3,
    "interval_days": 30,
    "sessions": 3,  # the median series of the Harris 2015 review
    # Final assessments are mostly a month after the last session.
    "follow_up_days": 30,
    "sex": "female",  # most trial populations are mostly women
}
# Adjuncts with an effect model (docs/actives.md): the serum a row's adjunct is simulated
# with, applied topically right after needling (trials that also inject PRP intradermally
# are simulated with the topical route only).
SERUM_ADJUNCTS = {"prp": "prp", "vitamin_c": "vitamin_c"}
CONDITIONS = {"acne_scars", "striae", "photoaging", "wrinkles", "melasma", "healthy"}
# Between baseline and final scores of the same patients when a paper gives only their
# SDs: the Cochrane Handbook's imputation (section 6.5.2.8) with a correlation of 0.5.
BEFORE_AFTER_CORRELATION = 0.5
# Means reported without any spread: a standard error of this share of the value, or
# at least NO_SPREAD_FLOOR in the value's unit (an assumption, flagged per row).
NO_SPREAD_FRACTION = 0.25
NO_SPREAD_FLOOR = 2.0


def _number(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


@dataclass(frozen=True)
class Row:
    row_id: str
    study: str
    citation: str
    year: str
    source: str
    seen_in: str
    verified: str
    population: str
    n: float | None
    condition: str
    fitzpatrick_low: float | None
    fitzpatrick_high: float | None
    age_mean_years: float | None
    site: str
    device_kind: str
    needle_length_mm: float | None
    passes: float | None
    sessions: int | None
    interval_days: float | None
    adjunct: str
    protocol_choice: str
    measure: str
    observable: str
    timepoint_text: str
    day: float | None
    baseline: float | None
    baseline_spread: float | None
    final: float | None
    final_spread: float | None
    spread_kind: str
    value: float
    value_spread: float | None
    n_events: int | None
    n_total: int | None
    unit: str
    set: str
    note: str

    @property
    def is_count(self) -> bool:
        return self.n_events is not None and self.n_total is not None

    @property
    def phototypes(self) -> list[int]:
        low = self.fitzpatrick_low or self.fitzpatrick_high or ASSUMED["fitzpatrick"]
        high = self.fitzpatrick_high or low
        return list(range(int(low), int(high) + 1))

    @property
    def n_sessions(self) -> int:
        return self.sessions or ASSUMED["sessions"]

    @property
    def last_session_day(self) -> float:
        return (self.n_sessions - 1) * (self.interval_days or ASSUMED["interval_days"])

    @property
    def report_day(self) -> float:
        """Day (from the first session) the row is read at: the reported one, else the usual
        final assessment a month after the last session (an assumption, see assumed())."""
        if self.day is not None:
            return self.day
        return self.last_session_day + ASSUMED["follow_up_days"]

    @property
    def choices(self) -> dict[str, str]:
        """Settings chosen for this row as part of the calibration (``protocol_choice``:
        ``name=value; ...``), where the rule would contradict the data the row is fitted
        with; docs/validation.md lists them."""
        out = {}
        for item in filter(None, (part.strip() for part in self.protocol_choice.split(";"))):
            name, _, value = item.partition("=")
            out[name.strip()] = value.strip()
        return out

    @property
    def device(self) -> str:
        return self.device_kind or self.choices.get("device_kind") or ASSUMED["device_kind"]

    def assumed(self) -> list[str]:
        """The protocol settings of this row taken from :data:`ASSUMED`."""
        checks = {"device_kind": self.device_kind, "needle_length_mm": self.needle_length_mm,
                  "passes": self.passes, "age_years": self.age_mean_years, "site": self.site,
                  "fitzpatrick": self.fitzpatrick_low or self.fitzpatrick_high,
                  "sessions": self.n_sessions,
                  "interval_days": self.interval_days if self.n_sessions > 1 else 0,
                  "follow_up_days": self.day}
        return [f"{name} (chosen)" if name in self.choices else name
                for name, value in checks.items() if value in (None, "")]

    def scenario_data(self) -> dict:
        """The row's protocol as a scenario dict (the TOML structure)."""
        device = self.device
        condition = self.condition if self.condition in CONDITIONS - {"healthy"} else "none"
        site = self.site or ASSUMED["site"].get(self.condition, "cheek")
        patient = {
            "age_years": self.age_mean_years or ASSUMED["age_years"].get(self.condition, 35),
            "sex": ASSUMED["sex"],
            "fitzpatrick": round(sum(self.phototypes) / len(self.phototypes)),
            "site": site, "condition": condition,
        }
        if condition == "acne_scars":
            patient["scar_type"] = "mixed"
        protocol = {
            "sessions": self.n_sessions,
            "interval_days": self.interval_days or ASSUMED["interval_days"],
            "device": device,
            "needle_length_mm": self.needle_length_mm or ASSUMED["needle_length_mm"],
            "passes": int(self.passes or ASSUMED["passes"][device]),
        }
        if self.adjunct in SERUM_ADJUNCTS:
            protocol["serum"] = SERUM_ADJUNCTS[self.adjunct]
        return {"patient": patient, "protocol": protocol}

    def protocol_key(self) -> tuple:
        """Rows with equal keys share one simulated series."""
        data = self.scenario_data()
        return tuple(sorted(data["patient"].items())) + tuple(sorted(data["protocol"].items()))

    def standard_error(self) -> tuple[float, str]:
        """Standard error of ``value`` in its unit, and how it was obtained."""
        if self.is_count:
            p = self.n_events / self.n_total
            return math.sqrt(max(p * (1 - p), 0.25 / self.n_total) / self.n_total), "binomial"
        n = self.n or 1.0
        if self.value_spread is not None:
            kind = self.spread_kind
            if kind == "se":
                return self.value_spread, "reported SE"
            if kind == "ci95":
                return self.value_spread / 1.96, "reported 95 % CI half-width"
            if kind == "range":
                return self.value_spread / 2, "half the reported range / 2"
            return self.value_spread / math.sqrt(n), "reported SD of the change / sqrt(n)"
        if None not in (self.baseline, self.final, self.baseline_spread, self.final_spread):
            s0, s1 = self.baseline_spread, self.final_spread
            if self.spread_kind == "se":
                s0, s1 = s0 * math.sqrt(n), s1 * math.sqrt(n)
            r = BEFORE_AFTER_CORRELATION
            sd_change = math.sqrt(max(s0 * s0 + s1 * s1 - 2 * r * s0 * s1, 0.0))
            scale = 100 / abs(self.baseline) if self.unit == "%" else 1.0
            return scale * sd_change / math.sqrt(n), "from baseline and final SDs (r = 0.5)"
        return (max(NO_SPREAD_FRACTION * abs(self.value), NO_SPREAD_FLOOR),
                "none reported: assumed 25 % of the value")


FLOAT_COLUMNS = {"n", "fitzpatrick_low", "fitzpatrick_high", "age_mean_years", "needle_length_mm",
                 "passes", "interval_days", "day", "baseline", "baseline_spread", "final",
                 "final_spread", "value_spread"}
INT_COLUMNS = {"n_events", "n_total"}


def parse_row(raw: dict[str, str]) -> Row:
    values = {}
    for name in Row.__dataclass_fields__:
        text = (raw.get(name) or "").strip()
        if name in FLOAT_COLUMNS:
            values[name] = _number(text)
        elif name in INT_COLUMNS:
            values[name] = None if not text else int(float(text))
        elif name == "sessions":
            values[name] = None if not text else int(float(text))
        elif name == "value":
            values[name] = float(text)
        else:
            values[name] = text
    return Row(**values)


def table_path():
    return resources.files("needlesim.validation") / "data" / TABLE


def read_raw() -> tuple[list[str], list[dict[str, str]]]:
    with table_path().open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@lru_cache(maxsize=1)
def load_rows() -> tuple[Row, ...]:
    return tuple(parse_row(raw) for raw in read_raw()[1])


def rows_of_set(name: str) -> list[Row]:
    if name not in SETS:
        raise ValueError(f"set {name!r} not in {SETS}")
    return [row for row in load_rows() if row.set == name]
