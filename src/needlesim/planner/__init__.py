"""Treatment planner: protocols that reach a goal for one patient with the least burden.

    request = build_request({"patient": {...}, "goal": {"key": "dermal_density_change_pct",
                             "target": 30, "day": 180}, "constraints": {"max_sessions": 4}})
    plan = plan_treatment(request, out="plan")
    plan.message, plan.chosen, plan.ranked.table, plan.ics
"""

from needlesim.planner.plan import Plan, plan_treatment
from needlesim.planner.request import Constraints, Goal, PlanRequest, build_request
from needlesim.planner.search import candidates, evaluate_one, search

__all__ = ["Constraints", "Goal", "Plan", "PlanRequest", "build_request", "candidates",
           "evaluate_one", "plan_treatment", "search"]
