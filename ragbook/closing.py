"""Closing a period: freeze this period's ratings into the Plan history, and refresh.

    >>> closed = ragbook.close_period("plan.xlsx", period="Oct 2016")
    >>> closed.sentence()
    'Oct 2016 closed: 60 actions frozen in Plan history, which holds 2 periods (Sep 2016, Oct 2016)'

Without a period, the period closed is the month that has just ended when
the as-of date is within the returns window after it (the first 14 days of
the next month, or the "Returns window" on Settings), and the month of the
as-of date after that: run on 2 December, close-period closes November, so
December is never closed before its returns are in. `reopen_period` (the
command line's --undo) takes the latest closed period out again.

The Excel add-in's Close period button calls `ragbook.close_period(path)`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from .errors import UsageProblem
from .layout.history_sheet import build_history_sheet
from .plan import Plan, load
from .read.changelog import build_change_log, read_change_log
from .rules.change_log import LogEntry
from .rules.dates import format_date
from .rules.history import (
    ClosedPeriod,
    HistoryRow,
    add_period,
    freeze,
    parse_closing_period,
    period_labels,
    remove_period,
)
from .rules.periods import Period, period_of
from .rules.schema import CHANGE_LOG, HISTORY, Role
from .rules.words import plural
from .xlsx.owned import owned_sheets


def default_period(day: date, closed: list[str], window: int) -> tuple[Period, str]:
    """The period close-period closes when none is named, and why (a clause).

    Raises:
        UsageProblem: within the returns window, the month before is closed already
            (closing the month now running would be early: name it to do so).
    """
    current = period_of(day)
    previous = period_of(current.start - timedelta(days=1))
    since = (day - previous.end).days
    if since <= window:
        if previous.label not in closed:
            return previous, (
                f"the month that ended {plural(since, 'day')} before "
                f"the as-of date, {format_date(day)}, within the {window}-day "
                "returns window"
            )
        raise UsageProblem(
            f"{previous.label} is already closed and {current.label} has not ended (the as-of "
            f"date, {format_date(day)}, is within the {window}-day returns window after "
            f"{previous.label}); to close {current.label} early, use --period "
            f'"{current.label}", or to close {previous.label} again, --period '
            f'"{previous.label}" --replace'
        )
    return current, (
        f"the month of the as-of date, {format_date(day)}, past the {window}-day "
        f"returns window after {previous.label}"
    )


def close_period(
    path: str | Path,
    period: str | None = None,
    replace: bool = False,
    as_of: date | None = None,
    *,
    scale: str | None = None,
    backup: bool = True,
) -> ClosedPeriod:
    """Freeze each action's rating, % complete and progress update for a period into the
    Plan history sheet, then refresh the plan (so the Tracker compares against it) and save.

    Args:
        path: the plan workbook.
        period: the period's label, e.g. "Oct 2016" (see rules/periods.py for what is accepted);
            default: see default_period (the month just ended, within the returns window).
        replace: close a period that is already in the history again, swapping its rows.
        as_of: the as-of date (default: Settings, else today); recorded with each row.
        scale: a preset scale name to use instead of the one in Settings.
        backup: keep a copy of the previous file, as refresh does.

    Raises:
        PeriodAlreadyClosed: the period is in the history and replace is False.
        UsageProblem: the period is not a period, or none was named and the default
            would close a month early.
        FileProblem: the plan cannot be read or written; nothing was changed.
    """
    plan = load(path, scale, lock=True)
    try:
        day = plan.as_of(as_of)
        history = plan.data.history
        why = ""
        if period:
            closing = parse_closing_period(period)
        else:
            closing, why = default_period(
                day, period_labels(history), plan.data.settings.returns_window_days
            )
        sheet = _history_sheet(plan)
        replaced = closing.label in period_labels(history)
        new = freeze(plan.data.actions, closing, day)
        history = add_period(history, new, closing, replace, sheet, plan.path.name)
        summary, spec, saved = _save(plan, history, day, backup)
    finally:
        plan.close()
    return ClosedPeriod(
        closing.label, len(new), replaced, period_labels(history), spec, summary, saved, why
    )


def reopen_period(
    path: str | Path,
    period: str | None = None,
    *,
    now: datetime,
    as_of: date | None = None,
    scale: str | None = None,
    backup: bool = True,
) -> ClosedPeriod:
    """Take a closed period's rows out of the Plan history (the latest period in time,
    unless one is named), record that in the Change log, refresh and save.

    Raises:
        UsageProblem: no period is closed, or the one named is not.
        FileProblem: the plan cannot be read or written; nothing was changed.
    """
    plan = load(path, scale)
    try:
        day = plan.as_of(as_of)
        sheet = _history_sheet(plan)
        label, rows, history = remove_period(plan.data.history, period, sheet)
        log = [
            *read_change_log(plan.package),
            LogEntry(
                now.replace(microsecond=0),
                plan.path.name,
                "",
                "",
                sheet,
                f"{label} closed ({_closed_as_of(rows)}{len(rows)} rows)",
                f"{label} reopened",
                "",
            ),
        ]
        summary, spec, saved = _save(plan, history, day, backup, log)
    finally:
        plan.close()
    return ClosedPeriod(
        label, len(rows), False, period_labels(history), spec, summary, saved, reopened=True
    )


def _history_sheet(plan: Plan) -> str:
    owned = owned_sheets(plan.package)
    return next(
        (plan.package.sheets[i].name for i, role in owned.items() if role == Role.HISTORY), HISTORY
    )


def _closed_as_of(rows: list[HistoryRow]) -> str:
    closed = rows[0].closed if rows else None
    return f"as of {format_date(closed)}, " if isinstance(closed, date) else ""


def _save(
    plan: Plan,
    history: list[HistoryRow],
    day: date,
    backup: bool,
    log: list[LogEntry] | None = None,
):
    """Refresh with this history, write the history sheet (and the Change log), save."""
    plan.data.history = history
    summary = plan.refresh(day)
    spec = plan.add_sheet(
        Role.HISTORY, HISTORY, lambda name: build_history_sheet(name, history, plan.scale)
    )
    if log is not None:
        plan.add_sheet(Role.CHANGE_LOG, CHANGE_LOG, lambda name: build_change_log(name, log))
    return summary, spec.name, plan.save(backup=backup)
