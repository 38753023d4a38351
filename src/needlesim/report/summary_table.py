"""The summary as a table a reader can follow: labelled rows with units, grouped by what a
patient asks, each value with its 90 % interval where the healing ensemble gives one.

Used by the HTML page (``table_groups``) and the PDF (``summary_rows``). A key without a
label still appears, under its dotted name in the last group, so that nothing the summary
holds is dropped from the report.
"""

from __future__ import annotations

from dataclasses import dataclass

from needlesim.report.summary_labels import GROUPS, HIDDEN, LABELS, OTHER

POSITION = {pattern: i for i, pattern in enumerate(LABELS)}
ZERO_TEXT = {"barrier.occlusion_hours": "none (no dressing)"}
INTERVAL_NOTE = ("90 % interval: 5th to 95th percentile over the healing model's calibration "
                 "ensemble (the spread of model parameters that fit the clinical data).")


@dataclass(frozen=True)
class Row:
    key: str  # the dotted summary key
    label: str  # plain words with the unit, e.g. "Collagen I change at day 90 [%]"
    value: str
    interval: str = ""  # "25.5 to 49.1", or empty when the summary holds none


def _pattern(key: str) -> tuple[str, dict]:
    parts = key.split(".")
    if parts[0] == "delivery" and len(parts) >= 3:
        return "delivery.{serum}." + ".".join(parts[2:]), {"serum": parts[1]}
    if parts[0] == "at_day" and len(parts) >= 3:
        return "at_day.{day}." + ".".join(parts[2:]), {"day": parts[1]}
    return key, {}


def _hidden(pattern: str) -> bool:
    return any(pattern == h or pattern.startswith(h + ".") for h in HIDDEN)


def _flatten(prefix: str, value, out: list[tuple[str, object]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), item, out)
    else:
        out.append((prefix, value))


def number(value: float, signed: bool = False) -> str:
    """Three or so significant digits, thousands separated; no exponent for usual values."""
    sign = "+" if signed else ""
    size = abs(value)
    if size == 0:
        return "0"
    if size >= 100:
        return f"{value:{sign},.0f}"
    if size >= 1:
        return f"{value:{sign}.1f}"
    return f"{value:{sign}.3g}"


def _value(value, style: str) -> str:
    if isinstance(value, bool) or style == "yesno":
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(_value(v, "number") for v in value) or "none"
    if isinstance(value, (int, float)):
        scale = 100.0 if style == "percent" else 1.0
        return number(value * scale, signed=style == "signed")
    return str(value)


def _interval(summary: dict, pattern: str, fill: dict, style: str) -> str:
    if "day" not in fill:
        return ""
    name = pattern.rsplit(".", 1)[-1]
    bounds = summary.get("at_day", {}).get(fill["day"], {}).get("interval_90", {}).get(name)
    if not (isinstance(bounds, list) and len(bounds) == 2):
        return ""
    return " to ".join(_value(b, style) for b in bounds)


def _skipped(summary: dict, pattern: str, fill: dict) -> bool:
    if _hidden(pattern):
        return True
    if pattern == "barrier.closure_half_life_h":  # the phase keys, where present, say it
        return "closure_half_life_uncovered_h" in summary.get("barrier", {})
    if pattern == "at_day.{day}.elasticity_change_pct":  # the same number as the R2 row
        return "elasticity_r2_change_pct" in summary.get("at_day", {}).get(fill.get("day"), {})
    return False


def table_groups(summary: dict) -> list[tuple[str, list[Row]]]:
    """(group title, rows) in reading order; groups without rows are left out."""
    flat: list[tuple[str, object]] = []
    _flatten("", summary, flat)
    reasons = summary.get("null_reasons", {})
    variants: dict[str, int] = {}  # serums and days in the order the summary gives them
    ranked = []
    for order, (key, value) in enumerate(flat):
        pattern, fill = _pattern(key)
        if _skipped(summary, pattern, fill):
            continue
        variant = variants.setdefault(next(iter(fill.values()), ""), len(variants))
        group, label, unit, style = LABELS.get(pattern, (OTHER, key, "", "text"))
        label = label.format(**fill) + (f" [{unit}]" if unit else "")
        if value is None:
            text = "not computable" + (f" ({reasons[key]})" if key in reasons else "")
        elif value == 0 and key in ZERO_TEXT:
            text = ZERO_TEXT[key]
        else:
            text = _value(value, style)
        row = Row(key, label, text, _interval(summary, pattern, fill, style))
        ranked.append(((GROUPS.index(group), variant, POSITION.get(pattern, len(POSITION)), order),
                       group, row))
    ranked.sort(key=lambda item: item[0])
    out: list[tuple[str, list[Row]]] = []
    for _, group, row in ranked:
        if not out or out[-1][0] != group:
            out.append((group, []))
        out[-1][1].append(row)
    return out


def summary_rows(summary: dict) -> list[tuple[str, str | None]]:
    """The table as text rows for the PDF: (group title, None) heads each group, then
    (label, value with its 90 % interval in brackets)."""
    rows: list[tuple[str, str | None]] = []
    for group, members in table_groups(summary):
        rows.append((group, None))
        rows += [(r.label, f"{r.value}  (90 %: {r.interval})" if r.interval else r.value)
                 for r in members]
    return rows
