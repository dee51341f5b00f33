"""ragbook: keep an improvement plan that lives in Excel up to date.

    import ragbook
    plan = ragbook.load("plan.xlsx")
    summary = plan.refresh()          # recount, rebuild Tracker, Exceptions, lead sheets, Checks
    plan.save()                       # atomic, with a backup
    split_plan(plan, "to-leads")      # one workbook per lead; collect_returns() reads them back

Importing ragbook is cheap: pandas is imported only for `plan.actions`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (FileProblem, NotAWorkbook, PlanProblem, RagbookError, UnsafeToWrite,
                     UsageProblem, WorkbookInUse)
from .collect import collect_returns
from .plan import Plan, load, refresh
from .split import split_plan

__all__ = ["load", "refresh", "Plan", "split_plan", "collect_returns", "RagbookError", "FileProblem", "NotAWorkbook",
           "PlanProblem", "UnsafeToWrite", "UsageProblem", "WorkbookInUse", "__version__"]
