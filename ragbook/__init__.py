"""ragbook: keep an improvement plan that lives in Excel up to date.

    import ragbook
    plan = ragbook.load("plan.xlsx")
    summary = plan.refresh()          # recount, rebuild Tracker, Exceptions, lead sheets, Checks
    plan.save()                       # atomic, with a backup

Importing ragbook is cheap: pandas is imported only for `plan.actions`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (FileProblem, NotAWorkbook, PlanProblem, RagbookError, UnsafeToWrite,
                     UsageProblem, WorkbookInUse)
from .plan import Plan, load, refresh

__all__ = ["load", "refresh", "Plan", "RagbookError", "FileProblem", "NotAWorkbook",
           "PlanProblem", "UnsafeToWrite", "UsageProblem", "WorkbookInUse", "__version__"]
