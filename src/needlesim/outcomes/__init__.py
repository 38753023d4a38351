"""Outcomes: the tissue state turned into what clinical studies measure, and risks."""

from needlesim.outcomes.clinical import tissue_changes
from needlesim.outcomes.downtime import downtime_days, redness_index
from needlesim.outcomes.risks import risks

__all__ = ["downtime_days", "redness_index", "risks", "tissue_changes"]
