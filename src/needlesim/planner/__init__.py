"""Treatment planner: protocols that reach a goal for one patient with the least burden.

    request = build_request({"patient": {...}, "goal": {"key": "dermal_density_change_pct",
                             "target": 30, "day": 180}, "constraints": {"max_sessions": 4}})
    plan = plan_treatment(request, out="plan")
    plan.message, plan.chosen, plan.ranked.table, plan.ics
"""
# Imported on first use (PEP 562): the command line registers this package's
# subcommand on every start-up, and pandas, scipy.stats and Dask cost ~2 s.
from needlesim.lazy import lazy_attributes

_WHERE = {
    "Plan": "needlesim.planner.plan",
    "plan_treatment": "needlesim.planner.plan",
    "Constraints": "needlesim.planner.request",
    "Goal": "needlesim.planner.request",
    "PlanRequest": "needlesim.planner.request",
    "build_request": "needlesim.planner.request",
    "candidates": "needlesim.planner.ranking",
    "evaluate_one": "needlesim.planner.ranking",
    "search": "needlesim.planner.ranking",
}

__all__ = ["Constraints", "Goal", "Plan", "PlanRequest", "build_request", "candidates",
           "evaluate_one", "plan_treatment", "search"]


__getattr__, __dir__ = lazy_attributes(__name__, _WHERE)
