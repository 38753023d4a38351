"""Warnings and aftercare a reader of a report should see first, read off the summary (no
physics; the rules and their sources are data in needlesim.safety)."""

from __future__ import annotations

from needlesim.safety import summary_warnings


def _as_warning(item) -> dict:
    """A summary's warning as {code, message} (a bare string becomes a NOTE)."""
    if isinstance(item, dict):
        return {"code": str(item.get("code", "NOTE")), "message": str(item.get("message", ""))}
    return {"code": "NOTE", "message": str(item)}


def report_warnings(summary: dict) -> list[dict]:
    """The summary's own ``warnings``; a summary without that key gets the rules that read
    the summary alone (bleeding, granuloma, PIH risk, home use)."""
    if "warnings" in summary:
        return [_as_warning(w) for w in summary["warnings"]]

    return summary_warnings(summary)


def report_aftercare(summary: dict) -> list[dict]:
    """Aftercare items of the summary: {code, title, message, hours}."""
    return [dict(item) for item in summary.get("aftercare", []) if isinstance(item, dict)]
