"""ragbook: keep an improvement plan that lives in Excel up to date.

    import ragbook
    plan = ragbook.load("plan.xlsx")
    summary = plan.refresh()          # recount, rebuild Tracker, Exceptions, lead sheets, Checks
    plan.save()                       # atomic, with a backup
    split_plan(plan, "to-leads")      # one workbook per lead; collect_returns() reads them back
    ragbook.close_period("plan.xlsx") # freeze this month's ratings into the Plan history

Importing ragbook is cheap: pandas is imported only for `plan.to_frame()`, and
xlwings only when an Excel button calls `ragbook.main()` (Refresh) or one of
`ragbook.button_refresh/button_check/button_split/button_report/button_close_period()`.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import (
    FileProblem,
    NotAWorkbook,
    PeriodAlreadyClosed,
    PlanProblem,
    RagbookError,
    UnsafeToWrite,
    UsageProblem,
    WorkbookInUse,
)
from .plan import Plan, load, refresh

# Entry points imported on first use, so `import ragbook` stays cheap: the
# lead-workbook loop, closing a period, and the Excel buttons' functions (see
# ragbook.addin.button).
_LAZY = {"split_plan": ".split", "collect_returns": ".collect", "close_period": ".closing"}
_BUTTONS = (
    "main",
    "button_refresh",
    "button_check",
    "button_split",
    "button_report",
    "button_close_period",
)


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name], __name__), name)
    if name in _BUTTONS:
        from .addin import button

        return getattr(button, name)
    raise AttributeError(f"module 'ragbook' has no attribute '{name}'")


__all__ = [
    "FileProblem",
    "NotAWorkbook",
    "PeriodAlreadyClosed",
    "Plan",
    "PlanProblem",
    "RagbookError",
    "UnsafeToWrite",
    "UsageProblem",
    "WorkbookInUse",
    "__version__",
    "close_period",
    "collect_returns",
    "load",
    "refresh",
    "split_plan",
]
