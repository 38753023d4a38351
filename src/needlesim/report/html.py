"""A self-contained HTML page for a report folder: summary, figures, citations."""

from __future__ import annotations

import base64
import html
from pathlib import Path

from needlesim import RESEARCH_USE


def _flatten(prefix: str, value, rows: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), item, rows)
    elif isinstance(value, list):
        return
    elif isinstance(value, float):
        rows.append((prefix, f"{value:.4g}"))
    else:
        rows.append((prefix, str(value)))


def summary_rows(summary: dict) -> list[tuple[str, str]]:
    """The summary as (dotted key, formatted value) rows, provenance left out."""
    rows: list[tuple[str, str]] = []
    _flatten("", {k: v for k, v in summary.items() if k not in ("provenance", "research_use")}, rows)
    return rows


def _schedule_table(schedule: list[dict]) -> str:
    if not schedule:
        return ""
    head = "".join(f"<th>{html.escape(str(key))}</th>" for key in schedule[0])
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row.values()) + "</tr>"
        for row in schedule
    )
    return f"<h2>Schedule</h2><table><tr>{head}</tr>{body}</table>"


def render(summary: dict, figure_files: list[Path], citations: list[str],
           warnings: list[str] | None = None, schedule: list[dict] | None = None) -> str:
    rows = summary_rows(summary)
    table = "\n".join(
        f"<tr><td>{html.escape(key)}</td><td>{html.escape(value)}</td></tr>" for key, value in rows
    )
    images = "\n".join(
        f'<figure><img alt="{html.escape(path.stem)}" src="data:image/png;base64,'
        f'{base64.b64encode(path.read_bytes()).decode()}"><figcaption>{html.escape(path.name)}'
        "</figcaption></figure>"
        for path in figure_files
    )
    notes = "\n".join(f'<li>{html.escape(w)}</li>' for w in warnings or [])
    notes = f'<h2>Warnings</h2><ul class="warnings">{notes}</ul>' if notes else ""
    refs = "\n".join(f"<li>{html.escape(c)}</li>" for c in citations)
    provenance = summary.get("provenance", {})
    name = html.escape(str(summary.get("scenario")))
    version = html.escape(str(provenance.get("version")))
    seed = html.escape(str(provenance.get("seed")))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>needlesim report: {name}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem}}
img{{max-width:100%}}.warning{{background:#fff3cd;padding:.6rem;border:1px solid #e0c36a}}</style>
</head><body>
<h1>needlesim report: {name}</h1>
<p class="warning">{html.escape(RESEARCH_USE)}</p>
<p>needlesim {version}, seed {seed},
parameter set {html.escape(str(provenance.get('parameter_set')))}.</p>
{notes}
<h2>Summary</h2><table>{table}</table>
{_schedule_table(schedule or [])}
<h2>Figures</h2>{images}
<h2>Sources used by this run</h2><ol>{refs}</ol>
</body></html>
"""
