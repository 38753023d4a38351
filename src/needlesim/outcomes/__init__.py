"""Outcomes: the healing cascade's tissue state turned into what clinical studies measure.

clinical.py, downtime.py and risks.py are the maps; endpoints.py evaluates a series (the
cascade of ``needlesim.healing`` and these maps); summary.py and intervals.py make the
summary section, and stage.py is the pipeline's healing-and-outcomes stage.
"""

from needlesim.outcomes.clinical import tissue_changes
from needlesim.outcomes.downtime import downtime_days, redness_index
from needlesim.outcomes.risks import risks

__all__ = ["downtime_days", "redness_index", "risks", "tissue_changes"]
