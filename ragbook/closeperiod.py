"""Closing a period: freeze this period's ratings into the Plan history, and refresh.

    >>> closed = ragbook.close_period("plan.xlsx", period="Oct 2016")
    >>> closed.sentence()
    'Oct 2016 closed: 60 actions frozen in Plan history, which holds 2 periods (Sep 2016, Oct 2016)'

The Excel add-in's Close period button calls `ragbook.close_period(path)`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .history import (ROLE, ClosedPeriod, add_period, freeze, parse_closing_period,
                      period_labels)
from .layout.history import build_history_sheet
from .periods import period_of
from .plan import load
from .schema import HISTORY
from .xlsx.owned import owned_sheets


def close_period(path: str | Path, period: str | None = None, replace: bool = False,
                 as_of: date | None = None, *, scale: str | None = None,
                 backup: bool = True) -> ClosedPeriod:
    """Freeze each action's rating, % complete and progress update for a period into the
    Plan history sheet, then refresh the plan (so the Tracker compares against it) and save.

    Args:
        path: the plan workbook.
        period: the period's label, e.g. "Oct 2016" (see periods.py for what is accepted);
            default: the month of the as-of date.
        replace: close a period that is already in the history again, swapping its rows.
        as_of: the as-of date (default: Settings, else today); recorded with each row.
        scale: a preset scale name to use instead of the one in Settings.
        backup: keep a copy of the previous file, as refresh does.

    Raises:
        PeriodAlreadyClosed: the period is in the history and replace is False.
        UsageProblem: the period is not a period, or comes before the last one closed.
        FileProblem: the plan cannot be read or written; nothing was changed.
    """
    plan = load(path, scale, lock=True)
    try:
        day = plan.as_of(as_of)
        closing = parse_closing_period(period) if period else period_of(day)
        owned = owned_sheets(plan.package)
        sheet = next((plan.package.sheets[i].name for i, role in owned.items() if role == ROLE),
                     HISTORY)
        replaced = closing.label in period_labels(plan.data.history)
        new = freeze(plan.data.actions, closing, day)
        history = add_period(plan.data.history, new, closing, replace, sheet, plan.path.name)
        plan.data.history = history
        summary = plan.refresh(day)
        spec = plan.add_sheet(ROLE, HISTORY,
                              lambda name: build_history_sheet(name, history, plan.scale))
        saved = plan.save(backup=backup)
    finally:
        plan.close()
    return ClosedPeriod(closing.label, len(new), replaced, period_labels(history), spec.name,
                        summary, saved)
