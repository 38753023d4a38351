"""Warnings a reader of a report should see first, read off the summary (no physics)."""

from __future__ import annotations

PIH_NOTABLE = 0.10  # a probability of hyperpigmentation worth stating up front


def report_warnings(summary: dict) -> list[str]:
    out = [str(w) for w in summary.get("warnings", [])]
    channels = summary.get("channels", {})
    if channels.get("bleeding"):
        out.append("Pinpoint bleeding is expected: the channels reach the capillary loops.")
    risks = summary.get("risks", {})
    if risks.get("granuloma_warning"):
        serums = ", ".join(risks.get("granuloma_serums", [])) or "a topical"
        out.append(f"Granuloma warning: {serums} is not meant to enter the dermis through "
                   "open channels.")
    pih = risks.get("pih_probability")
    if isinstance(pih, (int, float)) and pih >= PIH_NOTABLE:
        out.append(f"Post-inflammatory hyperpigmentation: probability {pih:.0%} over the series.")
    if risks.get("home_use"):
        out.append("Home use: infection risk is higher with non-sterile devices.")
    return out
