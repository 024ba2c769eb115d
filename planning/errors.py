"""What the planner refuses, each with a stable `code` (as pricing's errors)."""

from __future__ import annotations


class PlanningError(Exception):
    """Input the planner cannot work with: naive times, unknown or circular jobs, bad hours."""

    code = "bad_plan_input"


class BeyondHorizon(PlanningError):
    """The work does not fit within the calendar's horizon."""

    code = "beyond_horizon"
