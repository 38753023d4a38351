"""A run's summary as the dashboard shows it: the warnings first, then the labelled table
of the report (``needlesim.report.summary_table``), so the page and the report use the
same words, units and 90 % intervals."""

from __future__ import annotations

from needlesim.report.summary_table import INTERVAL_NOTE, table_groups
from needlesim.report.warnings import report_warnings


def readable_summary(summary: dict) -> dict:
    return {
        "warnings": report_warnings(summary),  # {code, message}; also from bare strings
        "groups": [{"title": title,
                    "rows": [{"key": r.key, "label": r.label, "value": r.value,
                              "interval": r.interval} for r in rows]}
                   for title, rows in table_groups(summary)],
        "interval_note": INTERVAL_NOTE,
    }
