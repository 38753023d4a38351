"""A self-contained HTML page for a report folder: summary, figures, citations."""

from __future__ import annotations

import base64
import html
from pathlib import Path

from needlesim import RESEARCH_USE
from needlesim.report.captions import caption
from needlesim.report.safety_sections import aftercare_html, warnings_html
from needlesim.report.summary_table import INTERVAL_NOTE, summary_rows, table_groups

__all__ = ["render", "summary_rows"]  # summary_rows: the PDF's table (report/write.py)


def _summary_table(summary: dict) -> str:
    """Labelled rows with units, grouped, with the 90 % interval column where there is one."""
    groups = table_groups(summary)
    intervals = any(row.interval for _, rows in groups for row in rows)
    width = 3 if intervals else 2
    head = "<tr><th>Quantity</th><th>Value</th>" + ("<th>90 % interval</th>" if intervals else "")
    body = [head + "</tr>"]
    for group, rows in groups:
        body.append(f'<tr class="group"><th colspan="{width}">{html.escape(group)}</th></tr>')
        for row in rows:
            cells = [row.label, row.value] + ([row.interval] if intervals else [])
            body.append(f'<tr title="{html.escape(row.key)}">'
                        + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    note = f'<p class="note">{html.escape(INTERVAL_NOTE)}</p>' if intervals else ""
    return '<table class="summary">' + "\n".join(body) + "</table>" + note


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
           warnings: list[dict] | None = None, schedule: list[dict] | None = None,
           aftercare: list[dict] | None = None) -> str:
    table = _summary_table(summary)
    images = "\n".join(
        f'<figure><img alt="{html.escape(path.stem)}" src="data:image/png;base64,'
        f'{base64.b64encode(path.read_bytes()).decode()}"><figcaption>{html.escape(caption(path.name))}'
        "</figcaption></figure>"
        for path in figure_files
    )
    notes = warnings_html(warnings or []) + aftercare_html(aftercare or [])
    refs = "\n".join(f"<li>{html.escape(c)}</li>" for c in citations)
    provenance = summary.get("provenance", {})
    name = html.escape(str(summary.get("scenario")))
    version = html.escape(str(provenance.get("version")))
    seed = html.escape(str(provenance.get("seed")))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>needlesim report: {name}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem}}
td:nth-child(n+2){{white-space:nowrap}}
tr.group th{{text-align:left;background:#f1f1f1}}.note{{font-size:.85rem;color:#555}}
figcaption{{font-size:.9rem;color:#333;margin:.3rem 0 1.2rem}}
img{{max-width:100%}}.warning{{background:#fff3cd;padding:.6rem;border:1px solid #e0c36a}}</style>
</head><body>
<h1>needlesim report: {name}</h1>
<p class="warning">{html.escape(RESEARCH_USE)}</p>
<p>needlesim {version}, seed {seed},
parameter set {html.escape(str(provenance.get('parameter_set')))}.</p>
{notes}
<h2>Summary</h2>{table}
{_schedule_table(schedule or [])}
<h2>Figures</h2>{images}
<h2>Sources used by this run</h2><ol>{refs}</ol>
</body></html>
"""
