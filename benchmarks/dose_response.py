"""Benchmark: the model's dose-response, one protocol field at a time, beside the literature.

Run: python benchmarks/dose_response.py [--quick] [--out DIR]

Starts from the default scenario's patient and protocol (45 y, female, phototype 3, cheek,
photoaging; pen at 1.5 mm, 4 passes, 4 sessions 4 weeks apart), on a small treated area and
without a serum (no output here depends on one), and changes one field at a time: the needle
length for pen, roller and stamp (within each device's range), the passes of the pen at
1.5 mm and the number of sessions. Each point runs through the public batch API
(``needlesim.batch.prepare_member``, ``integrate``, ``finish``), which gives the same
numbers as ``Simulation(scenario).run().summary()``.

Writes into DIR (default ``needlesim-report/dose_response``):

* ``dose_response.csv``: one row per sweep point (channel depth, first-session damage in
  total and per compartment, downtime, barrier recovery, collagen I, dermal density and
  epidermal thickness at day 90 and 90 days after the last session);
* ``comparisons.csv``: the within-study comparisons of ``validation/data/dose_response.csv``
  (rows with a reference arm), each beside the model's direction on the same two arms;
* ``dose_response.png``: the sweeps with the literature points of
  ``src/needlesim/validation/data/*.csv`` overlaid (colour: device kind; marker: study;
  filled: calibration, hollow: validation; arrows: bounds; bars: reported ranges).

Prints a table and, as its last line, one JSON object. ``--quick`` leaves out the
calibration ensemble's 90 % intervals (the shaded bands), which take most of the time.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import time
import tomllib
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from needlesim.batch import finish, integrate, prepare_member
from needlesim.parameters import default_parameters
from needlesim.parameters.devices import needle_length_range_mm
from needlesim.scenario import build_scenario, default_scenario_text

DEVICES = ("pen", "roller", "stamp")
NEEDLE_LENGTHS_MM = (0.25, 0.5, 1.0, 1.5, 2.0, 2.5)
PASSES = (1, 2, 4, 8)
SESSIONS = (1, 3, 4, 6)  # 4 is the default protocol, shared with the other sweeps
AREA_CM2 = 2.0
DAY = 90  # report day counted from the first session
AFTER_LAST_DAYS = 90  # a second report day: this long after each protocol's last session
SIGN_TOLERANCE = 0.05  # model arms within 5 % of each other count as "no difference" (sign 0)
DATA = resources.files("needlesim.validation") / "data"
PARAMS = default_parameters()

# Model quantities: CSV column -> axis label. The at-day columns exist for both report days.
QUANTITIES = {
    "channel_depth_um": "channel depth [µm]",
    "injured_volume_mm3_per_cm2": "tissue injured by\nsession 1 [mm³/cm²]",
    "damage_first_session": "first-session damage\n(sum of 3 compartments, 0-3)",
    "downtime_days": "downtime [days of redness\nper session]",
    "barrier_recovery_h": "barrier 90 % resealed [h]",
    "collagen_I_change_pct": "collagen I change at day 90 [%]",
    "dermal_density_change_pct": "dermal density change\nat day 90 [%]",
    "epidermal_thickness_change_pct": "epidermal thickness change\nat day 90 [%]",
}
AT_DAY = ("collagen_I_change_pct", "dermal_density_change_pct", "epidermal_thickness_change_pct")
COMPARTMENTS = ("epidermis", "papillary", "reticular")
# dose_response.csv outcomes drawn on a model quantity's panel (pct_change rows only).
OUTCOME_PANEL = {"collagen_density": "collagen_I_change_pct", "collagen_I": "collagen_I_change_pct",
                 "dermal_density": "dermal_density_change_pct",
                 "epidermal_thickness": "epidermal_thickness_change_pct"}
# The model quantity that stands in for a comparison's outcome (a larger value = a larger
# response, as the tables' sign rows mean it).
OUTCOME_PROXY = {"scar_score": "collagen_I_change_pct", "responder_fraction": "collagen_I_change_pct",
                 "collagen_density": "collagen_I_change_pct", "collagen_I": "collagen_I_change_pct",
                 "epidermal_thickness": "epidermal_thickness_change_pct",
                 "erythema_intensity": "downtime_days"}
KIND_DEVICE = {"pen": "pen", "roller": "roller", "stamp": "stamp", "array": "stamp",
               "unspecified": "pen"}  # the model device a table's device kind is run as
COLOURS = {"pen": "C0", "roller": "C1", "stamp": "C2", "array": "C4", "unspecified": "0.45"}
MARKERS = "osD^vP*Xhp<>d8H"


@dataclass(frozen=True)
class Point:
    device: str = "pen"
    needle_length_mm: float = 1.5
    passes: int = 4
    sessions: int = 4
    interval_days: float = 28.0
    day: float | None = None  # an extra report day (a comparison's time point)


def base_scenario() -> dict:
    data = tomllib.loads(default_scenario_text())
    data["protocol"].pop("serum", None)
    data["protocol"]["area_cm2"] = AREA_CM2
    data["name"] = "dose_response"
    return data


def last_session_day(point: Point) -> float:
    return (point.sessions - 1) * point.interval_days


def scenario_of(point: Point, base: dict, params):
    data = copy.deepcopy(base)
    data["protocol"].update(device=point.device, needle_length_mm=point.needle_length_mm,
                            passes=point.passes, sessions=point.sessions,
                            interval_days=point.interval_days)
    days = {DAY, last_session_day(point) + AFTER_LAST_DAYS}
    if point.day is not None:
        days.add(point.day)
    data["output"] = {"report_days": sorted(days)}
    return build_scenario(data, params)


def sweep_points(params) -> list[tuple[str, Point]]:
    points = []
    for device in DEVICES:
        low, high = needle_length_range_mm(device, params)
        points += [("needle_length", Point(device=device, needle_length_mm=length))
                   for length in NEEDLE_LENGTHS_MM if low <= length <= high]
    points += [("passes", Point(passes=p)) for p in PASSES]
    points += [("sessions", Point(sessions=s)) for s in SESSIONS]
    return points


def run_points(points: list[Point], params, intervals: bool) -> dict[Point, dict]:
    """Each distinct point's summary, integrated as one batch."""
    unique = list(dict.fromkeys(points))
    base = base_scenario()
    members = [prepare_member(scenario_of(p, base, params), params) for p in unique]
    series = integrate(members, sorted({d for m in members
                                        for d in m.prepared.scenario.output.report_days}))
    return {p: finish(m, s, intervals=intervals)
            for p, m, s in zip(unique, members, series, strict=True)}


def at_day(summary: dict, day: float) -> dict:
    return summary["at_day"][str(int(day))]


def row_of(sweep: str, point: Point, summary: dict) -> dict:
    damage = summary["healing"]["damage_by_compartment_first_session"]
    row = {"sweep": sweep, "device": point.device, "device_name": summary["channels"]["device"],
           "needle_length_mm": point.needle_length_mm, "passes": point.passes,
           "sessions": point.sessions, "interval_days": point.interval_days, "area_cm2": AREA_CM2,
           "channel_depth_um": summary["channels"]["depth_um_mean"],
           "channels_per_cm2": summary["channels"]["density_per_cm2"],
           "injured_volume_mm3_per_cm2": summary["healing"]["injured_volume_mm3_per_cm2_first_session"],
           "damage_first_session": float(sum(damage)),
           **{f"damage_{name}": float(v) for name, v in zip(COMPARTMENTS, damage, strict=True)},
           "downtime_days": summary["downtime_days"],
           "barrier_recovery_h": summary["barrier"]["recovery_h"],
           "day_after_last": last_session_day(point) + AFTER_LAST_DAYS}
    for key in AT_DAY:
        first, later = at_day(summary, DAY), at_day(summary, row["day_after_last"])
        row[key] = first[key]
        row[f"{key}_after_last"] = later[key]
        if "interval_90" in first:
            row[f"{key}_p5"], row[f"{key}_p95"] = first["interval_90"][key]
    return row


# ---------------------------------------------------------------- literature tables


def read_table(name: str) -> pd.DataFrame:
    with (DATA / name).open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle)


def short_study(study: str, year) -> str:
    head = study.split(":")[0].split(" (")[0].strip()
    first = head.replace(" &", ",").split(",")[0]
    if first != head and len(first.split()) <= 2:  # an author list: the first author
        head = first + " et al."
    elif len(head) > 45:
        head = head[:43].rstrip() + "…"
    return head + (f" {int(year)}" if pd.notna(year) else "")


def _point(table: str, row, quantity: str, column: str, x: float, scale: float = 1.0) -> dict:
    def scaled(name):
        return row[name] * scale if pd.notna(row.get(name)) else None

    notes = []
    species = row.get("species", "human")
    if pd.notna(species) and species != "human":
        notes.append(species.replace("_", " "))
    if table == "dose_response.csv":  # the protocol behind a response, as far as known
        sessions = "" if pd.isna(row.sessions) else f"{int(row.sessions)} sess., "
        day = "day ?" if pd.isna(row.timepoint_days) else f"day {int(row.timepoint_days)}"
        notes.append(f"{sessions}{day}")
    return {"table": table, "quantity": quantity, "column": column, "x": float(x),
            "y": scaled("value"), "low": scaled("value_low"), "high": scaled("value_high"),
            "qualifier": row["qualifier"], "kind": row["device_kind"], "use": row["use"],
            "study": row["study"], "label": short_study(row["study"], row["year"]),
            "note": "; ".join(notes)}


def literature_points() -> list[dict]:
    """The table rows drawn on the figure, each at its panel and x."""
    points = []
    depths = read_table("channel_depths.csv")
    for _, row in depths[(depths.measure == "depth") & depths.needle_length_mm.notna()].iterrows():
        points.append(_point("channel_depths.csv", row, "channel_depth_um", "needle_length",
                             row.needle_length_mm))
    downtime = read_table("downtime.csv")
    for _, row in downtime[downtime.needle_length_mm.notna()].iterrows():
        scale = 1 / 24 if row.unit == "hour" else 1.0
        points.append(_point("downtime.csv", row, "downtime_days", "needle_length",
                             row.needle_length_mm, scale))
    dose = read_table("dose_response.csv")
    dose = dose[(dose.unit == "pct_change") & dose.outcome.isin(OUTCOME_PANEL)]
    for _, row in dose.iterrows():
        quantity = OUTCOME_PANEL[row.outcome]
        if pd.notna(row.needle_length_mm):
            points.append(_point("dose_response.csv", row, quantity, "needle_length",
                                 row.needle_length_mm))
        if pd.notna(row.sessions) and row.sessions > 0:
            points.append(_point("dose_response.csv", row, quantity, "sessions", row.sessions))
    return _dodged(points)


def _dodged(points: list[dict]) -> list[dict]:
    """Points of one panel at the same x, spread a little sideways so none hides another."""
    groups: dict[tuple, list[dict]] = {}
    for p in points:
        groups.setdefault((p["quantity"], p["column"], p["x"]), []).append(p)
    step = {"needle_length": 0.035, "sessions": 0.08}
    for (_, column, _), group in groups.items():
        for i, p in enumerate(group):
            p["x"] += (i - (len(group) - 1) / 2) * step.get(column, 0.0)
    return points


def comparison_rows() -> pd.DataFrame:
    """The rows with a reference arm that the model can run: an outcome with a stand-in
    (``OUTCOME_PROXY``), a device kind it can run and a treated reference arm."""
    dose = read_table("dose_response.csv")
    runnable = (dose.reference_arm.notna() & dose.outcome.isin(OUTCOME_PROXY)
                & dose.device_kind.isin(KIND_DEVICE)
                & ~dose.reference_arm.fillna("").isin(["sessions=0"]))
    return dose[runnable].reset_index(drop=True)


def comparison_arms(row) -> tuple[Point, Point, float]:
    """The two model arms of a within-study comparison and the day they are compared on:
    the row's protocol (device kind as the model device, needle length within its range,
    sessions and interval where given, else the default's) on the default patient."""
    def arm(kind, length, sessions):
        device = KIND_DEVICE[kind]
        low, high = needle_length_range_mm(device, PARAMS)
        length = 1.5 if pd.isna(length) else min(max(float(length), low), high)
        sessions = 4 if pd.isna(sessions) or sessions < 1 else int(sessions)
        interval = 28.0 if pd.isna(row.interval_days) else float(row.interval_days)
        return Point(device=device, needle_length_mm=length, sessions=sessions,
                     interval_days=interval)

    this = arm(row.device_kind, row.needle_length_mm, row.sessions)
    key, value = row.reference_arm.split("=")
    ref = {"device_kind": row.device_kind, "needle_length_mm": row.needle_length_mm,
           "sessions": row.sessions}
    ref[key] = value if key == "device_kind" else float(value)
    other = arm(ref["device_kind"], ref["needle_length_mm"], ref["sessions"])
    last = max(last_session_day(this), last_session_day(other))
    day = row.timepoint_days
    if pd.isna(day) or day < last:
        day = last + AFTER_LAST_DAYS
    return replace(this, day=float(day)), replace(other, day=float(day)), float(day)


def model_sign(ratio: float) -> int:
    if not math.isfinite(ratio):
        return 0
    return 1 if ratio > 1 + SIGN_TOLERANCE else -1 if ratio < 1 - SIGN_TOLERANCE else 0


def compare(rows: pd.DataFrame, results: dict[Point, dict]) -> pd.DataFrame:
    out = []
    for _, row in rows.iterrows():
        this, other, day = comparison_arms(row)
        proxy = OUTCOME_PROXY[row.outcome]
        a, b = (results[p][proxy] if proxy == "downtime_days" else at_day(results[p], day)[proxy]
                for p in (this, other))
        ratio = a / b if b else math.inf
        data_sign = int(np.sign(row.value - 1)) if row.unit == "ratio" else int(row.value)
        out.append({"comparison": row.comparison, "study": short_study(row.study, row.year),
                    "use": row.use, "outcome": row.outcome,
                    "data": f"{row.value:g} ({row.unit}) vs {row.reference_arm}",
                    "data_sign": data_sign,
                    "model_arm": f"{this.device} {this.needle_length_mm:g} mm x{this.sessions}",
                    "model_reference": f"{other.device} {other.needle_length_mm:g} mm "
                                       f"x{other.sessions}",
                    "model_quantity": proxy, "day": day, "model_value": a,
                    "model_reference_value": b, "model_ratio": ratio,
                    "model_sign": model_sign(ratio), "agrees": model_sign(ratio) == data_sign})
    return pd.DataFrame(out)


# ---------------------------------------------------------------- figure


def _draw_data(ax, points: list[dict], markers: dict, top: float | None, span: float):
    for p in points:
        colour = COLOURS.get(p["kind"], "0.45")
        face = colour if p["use"] == "calibration" else "white"
        y = p["y"] if top is None or p["y"] <= top else top * 0.96
        ax.plot(p["x"], y, markers[p["label"]], ms=7, mec=colour, mfc=face, mew=1.5, zorder=5)
        if p["low"] is not None and p["high"] is not None:
            ax.vlines(p["x"], p["low"], p["high"], colors=colour, lw=1.2, zorder=4)
        if p["qualifier"] in ("upper_bound", "max", "lower_bound"):
            sign = 1 if p["qualifier"] == "lower_bound" else -1
            ax.annotate("", xy=(p["x"], y + sign * 0.12 * span), xytext=(p["x"], y),
                        arrowprops={"arrowstyle": "->", "color": colour, "lw": 1.2}, zorder=4)
        if top is not None and p["y"] > top:
            ax.annotate(f"{p['y']:g} (off scale)", (p["x"], y), xytext=(4, -10),
                        textcoords="offset points", fontsize=7, color=colour)


def _upper(model_values, points) -> float | None:
    """An upper axis limit that keeps the model readable: data more than three times the
    model's largest value are drawn at the top edge, labelled."""
    high = max([v for v in model_values if np.isfinite(v)] + [0.0])
    if high <= 0 or not points or max(p["y"] for p in points) <= 3 * high:
        return None
    inside = [p["y"] for p in points if p["y"] <= 3 * high]
    return 1.25 * max([high, *inside])


def draw(table: pd.DataFrame, points: list[dict], path: Path, intervals: bool) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    labels = list(dict.fromkeys(p["label"] for p in points))
    markers = {label: MARKERS[i % len(MARKERS)] for i, label in enumerate(labels)}
    columns = ("needle_length", "passes", "sessions")
    x_keys = {"needle_length": "needle_length_mm", "passes": "passes", "sessions": "sessions"}
    titles = {"needle_length": "needle length (pen, roller, stamp; 4 passes, 4 sessions)",
              "passes": "passes (pen at 1.5 mm, 4 sessions)",
              "sessions": "sessions (pen at 1.5 mm, 4 passes, every 4 weeks)"}
    # One y scale per row: the passes and sessions panels read against the needle lengths.
    fig, axes = plt.subplots(len(QUANTITIES), 3, figsize=(15, 3.0 * len(QUANTITIES)),
                             sharex="col", sharey="row", squeeze=False)
    for r, (key, ylabel) in enumerate(QUANTITIES.items()):
        values, here = [], {}
        for c, column in enumerate(columns):
            ax, x_key = axes[r, c], x_keys[column]
            data = table[table.sweep == column]
            groups = (data.groupby("device", sort=False) if column == "needle_length"
                      else [("pen", data)])
            for device, group in groups:
                group = group.sort_values(x_key)
                ax.plot(group[x_key], group[key], "-", color=COLOURS[device], lw=1.8, marker=".")
                values += list(group[key])
                if column == "sessions" and key in AT_DAY:
                    ax.plot(group[x_key], group[f"{key}_after_last"], "--",
                            color=COLOURS[device], lw=1.4)
                    values += list(group[f"{key}_after_last"])
                if intervals and f"{key}_p5" in group:
                    ax.fill_between(group[x_key], group[f"{key}_p5"], group[f"{key}_p95"],
                                    color=COLOURS[device], alpha=0.15, lw=0)
            here[c] = [p for p in points if p["quantity"] == key and p["column"] == column]
            ax.grid(alpha=0.3)
            if r == 0:
                ax.set_title(titles[column], fontsize=10)
        row_points = [p for c in here for p in here[c]]
        top = _upper(values, row_points)
        span = top or max([*values, *(p["y"] for p in row_points)])
        for c in here:
            _draw_data(axes[r, c], here[c], markers, top, span)
        if key == "damage_first_session":
            axes[r, 0].set_ylim(0, 3.1)
        else:  # from zero, after the data are drawn (a set limit stops autoscaling)
            axes[r, 0].set_ylim(min(0.0, axes[r, 0].get_ylim()[0]), top)
        axes[r, 0].set_ylabel(ylabel, fontsize=9)
    axes[-1, 0].set_xlabel("needle length [mm]")
    axes[-1, 1].set_xlabel("passes per session")
    axes[-1, 1].set_xscale("log", base=2)
    axes[-1, 1].set_xticks(PASSES, [str(p) for p in PASSES])
    axes[-1, 2].set_xlabel("sessions")
    handles = [Line2D([], [], color=COLOURS[d], lw=1.8, label=f"model: {d}") for d in DEVICES]
    handles += [Line2D([], [], color="k", ls="--", lw=1.4,
                       label=f"model: {AFTER_LAST_DAYS} d after the last session")]
    handles += [Line2D([], [], ls="", marker="s", ms=7, mfc=COLOURS[k], mec=COLOURS[k],
                       label=f"data: {k}") for k in ("pen", "roller", "stamp", "array",
                                                     "unspecified")]
    handles += [Line2D([], [], ls="", marker="o", ms=7, mfc="k", mec="k",
                       label="filled: calibration"),
                Line2D([], [], ls="", marker="o", ms=7, mfc="white", mec="k",
                       label="hollow: validation"),
                Line2D([], [], ls="", marker=r"$\downarrow$", ms=9, color="k",
                       label="arrow: upper bound / max (up: lower bound); bar: range")]
    for label in labels:  # one marker per study, with what differs about its points
        notes = list(dict.fromkeys(p["note"] for p in points if p["label"] == label))
        notes = [n or "human" for n in notes] if any(notes) else []
        text = label + (f" ({'; '.join(notes)})" if notes else "")
        handles.append(Line2D([], [], ls="", marker=markers[label], ms=7, mfc="0.6", mec="k",
                              label=text))
    fig.legend(handles=handles, loc="lower center", ncol=3, fontsize=8, frameon=False,
               bbox_to_anchor=(0.5, 0.0))
    fig.suptitle("needlesim dose-response: default patient (45 y, female, phototype 3, cheek, "
                 f"photoaging), {AREA_CM2:g} cm², one field changed at a time"
                 + ("; bands: 90 % calibration-ensemble interval" if intervals else ""),
                 fontsize=11)
    rows_of_legend = math.ceil(len(handles) / 3)
    fig.tight_layout(rect=(0, 0.0075 * rows_of_legend + 0.005, 1, 0.985))
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ---------------------------------------------------------------- main


def headline(table: pd.DataFrame, comparisons: pd.DataFrame, seconds: float, quick: bool) -> dict:
    def value(sweep, device, key, **where):
        rows = table[(table.sweep == sweep) & (table.device == device)]
        for name, v in where.items():
            rows = rows[np.isclose(rows[name], v)]
        return float(rows[key].iloc[0])

    def nl(device, length, key):
        return value("needle_length", device, key, needle_length_mm=length)

    def ps(p, key):
        return value("passes", "pen", key, passes=p)

    def ss(s, key):
        return value("sessions", "pen", key, sessions=s)

    return {
        "roller_depth_ratio_2p0_over_0p5mm": nl("roller", 2.0, "channel_depth_um")
        / nl("roller", 0.5, "channel_depth_um"),
        "pen_depth_ratio_2p5_over_0p25mm": nl("pen", 2.5, "channel_depth_um")
        / nl("pen", 0.25, "channel_depth_um"),
        "stamp_depth_ratio_2p0_over_0p25mm": nl("stamp", 2.0, "channel_depth_um")
        / nl("stamp", 0.25, "channel_depth_um"),
        "pen_collagen_I_d90_ratio_0p25_over_1p5mm": nl("pen", 0.25, "collagen_I_change_pct")
        / nl("pen", 1.5, "collagen_I_change_pct"),
        "roller_over_pen_collagen_I_d90_at_1p5mm": nl("roller", 1.5, "collagen_I_change_pct")
        / nl("pen", 1.5, "collagen_I_change_pct"),
        "pen_passes_damage_rise_1_to_4": ps(4, "damage_first_session")
        - ps(1, "damage_first_session"),
        "pen_passes_damage_rise_4_to_8": ps(8, "damage_first_session")
        - ps(4, "damage_first_session"),
        "pen_passes_injured_volume_mm3_per_cm2_1_4_8": [
            ps(p, "injured_volume_mm3_per_cm2") for p in (1, 4, 8)],
        "pen_passes_collagen_I_d90_rise_1_to_4_pts": ps(4, "collagen_I_change_pct")
        - ps(1, "collagen_I_change_pct"),
        "pen_passes_collagen_I_d90_rise_4_to_8_pts": ps(8, "collagen_I_change_pct")
        - ps(4, "collagen_I_change_pct"),
        "pen_sessions_collagen_I_after_last_1_3_6": [
            ss(s, "collagen_I_change_pct_after_last") for s in (1, 3, 6)],
        "downtime_days_at_0p25mm": {d: nl(d, 0.25, "downtime_days") for d in ("pen", "stamp")},
        "downtime_days_at_2p5mm": {d: nl(d, 2.5, "downtime_days") for d in ("pen", "roller")},
        "comparisons_agreeing": f"{int(comparisons.agrees.sum())}/{len(comparisons)}",
        "points": int(len(table)),
        "quick": quick,
        "seconds": seconds,
    }


def print_table(table: pd.DataFrame, comparisons: pd.DataFrame) -> None:
    print(f"{'sweep':13s} {'device':6s} {'mm':>5s} {'pass':>4s} {'sess':>4s} {'depth um':>8s} "
          f"{'mm3/cm2':>8s} {'damage':>6s} {'epi/pap/ret':>14s} {'downt d':>7s} {'recov h':>7s} "
          f"{'colI d90':>8s} {'dens d90':>8s} {'colI end':>8s}")
    for _, r in table.iterrows():
        print(f"{r.sweep:13s} {r.device:6s} {r.needle_length_mm:5.2f} {r.passes:4d} "
              f"{r.sessions:4d} {r.channel_depth_um:8.1f} {r.injured_volume_mm3_per_cm2:8.3f} "
              f"{r.damage_first_session:6.3f} "
              f"{r.damage_epidermis:4.2f}/{r.damage_papillary:4.2f}/{r.damage_reticular:4.2f} "
              f"{r.downtime_days:7.2f} {r.barrier_recovery_h:7.1f} "
              f"{r.collagen_I_change_pct:8.2f} {r.dermal_density_change_pct:8.2f} "
              f"{r.collagen_I_change_pct_after_last:8.2f}")
    print()
    print(f"{'within-study comparison':32s} {'data':>4s} {'model':>5s} {'ratio':>6s}  model arms")
    for _, r in comparisons.iterrows():
        print(f"{r.comparison:32s} {r.data_sign:+4d} {r.model_sign:+5d} {r.model_ratio:6.2f}  "
              f"{r.model_arm} vs {r.model_reference}, {r.model_quantity} (day {r.day:g})")


def rounded(value, digits: int = 4):
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {k: rounded(v, digits) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v, digits) for v in value]
    return value


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="no ensemble intervals (bands); the same points")
    parser.add_argument("--out", type=Path, default=Path("needlesim-report/dose_response"))
    args = parser.parse_args(argv)
    start = time.perf_counter()
    sweeps = sweep_points(PARAMS)
    rows = comparison_rows()
    arms = [arm for _, row in rows.iterrows() for arm in comparison_arms(row)[:2]]
    results = run_points([p for _, p in sweeps] + arms, PARAMS, intervals=not args.quick)
    table = pd.DataFrame([row_of(sweep, p, results[p]) for sweep, p in sweeps])
    comparisons = compare(rows, results)
    args.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out / "dose_response.csv", index=False, float_format="%.6g")
    comparisons.to_csv(args.out / "comparisons.csv", index=False, float_format="%.6g")
    draw(table, literature_points(), args.out / "dose_response.png", intervals=not args.quick)
    seconds = round(time.perf_counter() - start, 1)
    print_table(table, comparisons)
    print(f"\nwrote {args.out / 'dose_response.csv'}, comparisons.csv, dose_response.png")
    result = headline(table, comparisons, seconds, args.quick)
    print(json.dumps(rounded(result)))
    return result


if __name__ == "__main__":
    main()
