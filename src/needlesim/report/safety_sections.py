"""The warnings and aftercare sections of the report pages (HTML and the PDF's text page),
from the {code, message} warnings and {code, title, message, hours} aftercare items."""

from __future__ import annotations

import html
import textwrap

AFTERCARE_NOTE = ("Derived from the model's barrier recovery, redness and PIH risk for this "
                  "patient (rules and sources: docs/safety.md); not clinical advice.")


def _duration(hours: float) -> str:
    return f"{hours:g} h" if hours < 72 else f"{hours / 24:g} days"


def warnings_html(warnings: list[dict]) -> str:
    if not warnings:
        return ""
    items = "\n".join(f'<li><code>{html.escape(w["code"])}</code> {html.escape(w["message"])}</li>'
                      for w in warnings)
    return f'<h2>Warnings</h2><ul class="warnings">{items}</ul>'


def aftercare_html(aftercare: list[dict]) -> str:
    if not aftercare:
        return ""
    items = "\n".join(f'<li><strong>{html.escape(a["title"])}</strong> '
                      f'({html.escape(_duration(a["hours"]))}): {html.escape(a["message"])}</li>'
                      for a in aftercare)
    return (f'<h2>Aftercare</h2><ul class="aftercare">{items}</ul>'
            f"<p>{html.escape(AFTERCARE_NOTE)}</p>")


def _wrap() -> textwrap.TextWrapper:
    return textwrap.TextWrapper(width=105, subsequent_indent="    ")


def warnings_lines(warnings: list[dict]) -> list[str]:
    if not warnings:
        return []
    wrap = _wrap()
    return (["Warnings"] + [line for w in warnings for line in wrap.wrap(f"- [{w['code']}] {w['message']}")]
            + [""])


def aftercare_lines(aftercare: list[dict]) -> list[str]:
    if not aftercare:
        return []
    wrap = _wrap()
    lines = ["Aftercare"]
    for a in aftercare:
        lines += wrap.wrap(f"- {a['title']} ({_duration(a['hours'])}): {a['message']}")
    return lines + wrap.wrap(AFTERCARE_NOTE) + [""]
