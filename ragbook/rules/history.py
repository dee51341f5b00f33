"""The plan's history: each closed period's ratings, % complete and progress.

`close-period` freezes one row per action into the "Plan history" sheet,
which ragbook owns (role "history"). Closing reads the rows already there
back and writes them again with the new period's rows in their place in
time: the history is kept in period order, whatever the order of closing,
so a period skipped can be closed later. A refresh never rewrites or
removes it. Closing a period that is already there is refused unless asked
to replace it, when its rows are swapped in place; `close-period --undo`
takes a period's rows out again (reopens it).

The rules here are pure functions; reading the sheet takes a WorkbookReader.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..errors import PeriodAlreadyClosed, UsageProblem
from ..xlsx.refs import display
from .model import Action
from .periods import EXAMPLES, Period, parse_period
from .schema import HISTORY, Role
from .words import plural

if TYPE_CHECKING:
    from .compute import Summary

HEADERS = (
    "Period",
    "Closed as of",
    "Ref",
    "Action",
    "Lead(s)",
    "Rating",
    "% complete",
    "Progress update",
)


@dataclass(frozen=True)
class HistoryRow:
    period: str  # the period's label, e.g. "Oct 2016"
    closed: date | str | None  # the as-of date it was closed on (text if typed over)
    ref: str
    action: str
    leads: str
    rating: str  # the rating's label, or the text typed when it was not on the scale
    percent: float | None  # % complete as a fraction
    progress: str


def read_history(wb) -> list[HistoryRow]:
    """The rows of the workbook's Plan history sheet (found by its role), oldest first."""
    index = next((i for i, role in wb.owned.items() if role == Role.HISTORY), None)
    if index is None or wb.pkg.sheets[index].part is None:
        return []
    cells = wb.cells(wb.pkg.sheets[index])
    header = next(
        (
            r
            for r in sorted(cells.rows)
            if [display(cells.value(r, c)) for c in (1, 2, 3)] == list(HEADERS[:3])
        ),
        None,
    )
    if header is None:
        return []
    rows = []
    for row in sorted(cells.rows):
        values = [cells.value(row, c) for c in range(1, len(HEADERS) + 1)]
        if row <= header or not display(values[0]).strip():
            continue
        closed = values[1]
        if isinstance(closed, datetime):
            closed = closed.date()
        percent = (
            values[6]
            if isinstance(values[6], (int, float)) and not isinstance(values[6], bool)
            else None
        )
        rows.append(
            HistoryRow(
                display(values[0]).strip(),
                closed if isinstance(closed, date) else display(closed) or None,
                display(values[2]).strip(),
                display(values[3]).strip(),
                display(values[4]).strip(),
                display(values[5]).strip(),
                float(percent) if percent is not None else None,
                display(values[7]),
            )
        )
    return rows


def period_labels(rows: list[HistoryRow]) -> list[str]:
    """The periods in the history, as its rows run (in time order)."""
    return list(dict.fromkeys(r.period for r in rows))


def parse_closing_period(text: str) -> Period:
    """The period named by --period, or UsageProblem saying what is accepted."""
    period = parse_period(text)
    if period is None:
        raise UsageProblem(f"'{text}' is not a period ragbook can put in order; type {EXAMPLES}")
    return period


def freeze(actions: list[Action], period: Period, as_of: date) -> list[HistoryRow]:
    """One row per action: its rating, % complete and progress as they are now."""
    return [
        HistoryRow(
            period.label,
            as_of,
            a.ref,
            a.text,
            a.lead_text,
            a.rating.rating.label if a.rating.rating else a.rating.text,
            a.percent_complete,
            a.progress,
        )
        for a in actions
    ]


def add_period(
    rows: list[HistoryRow],
    new: list[HistoryRow],
    period: Period,
    replace: bool = False,
    sheet: str = HISTORY,
    plan: str = "plan.xlsx",
) -> list[HistoryRow]:
    """The history with the period's rows added in time order (before the first period
    that ends after it), or swapped in place when replacing.

    Raises:
        PeriodAlreadyClosed: the period is there and replace is False.
    """
    if period.label in period_labels(rows):
        old = [r for r in rows if r.period == period.label]
        if not replace:
            closed = old[0].closed
            when = f", closed as of {closed:%d/%m/%Y}" if isinstance(closed, date) else ""
            raise PeriodAlreadyClosed(
                f"{period.label} is already closed in {sheet} ({plural(len(old), 'action')}"
                f"{when}); to close it again with the ratings as "
                f"they are now, use --replace: ragbook close-period {_quoted(plan)} --period "
                f'"{period.label}" --replace'
            )
        at = rows.index(old[0])
        kept = [r for r in rows if r.period != period.label]
        return kept[:at] + new + kept[at:]
    later = next((r for r in rows if (p := parse_period(r.period)) and p > period), None)
    if later is None:
        return rows + new
    at = rows.index(later)
    return rows[:at] + new + rows[at:]


def remove_period(
    rows: list[HistoryRow], label: str | None, sheet: str = HISTORY
) -> tuple[str, list[HistoryRow], list[HistoryRow]]:
    """(the period reopened, its rows, the history without them): `label`, or the latest
    period in time when None.

    Raises:
        UsageProblem: nothing is closed, or not that period.
    """
    labels = period_labels(rows)
    if not labels:
        raise UsageProblem(f"no period is closed in {sheet}, so there is none to reopen")
    if label is None:
        dated = [(p, text) for text in labels if (p := parse_period(text))]
        label = max(dated)[1] if dated else labels[-1]
    else:
        wanted = parse_closing_period(label).label
        found = [text for text in labels if _label(text) == wanted]
        if not found:
            raise UsageProblem(
                f"{wanted} is not closed in {sheet} (it holds "
                f"{', '.join(labels)}); name one of those with --period"
            )
        label = found[0]
    return (label, [r for r in rows if r.period == label], [r for r in rows if r.period != label])


def _label(text: str) -> str:
    """A history period's canonical label ("October 2016" typed over is "Oct 2016")."""
    period = parse_period(text)
    return period.label if period else text


def _quoted(name: str) -> str:
    return f'"{name}"' if " " in name else name


@dataclass
class ClosedPeriod:
    """What close_period() did; sentence() is what the Excel button shows."""

    period: str
    actions: int
    replaced: bool
    periods: list[str]  # every period in the history now, oldest first
    sheet: str  # the history sheet's name
    summary: Summary | None = None  # the refreshed Summary
    saved: object = None  # the SaveResult
    why: str = ""  # how the period was chosen, when it was not named
    reopened: bool = False  # close-period --undo: the period's rows were taken out

    def as_json(self) -> dict:
        """What `ragbook close-period --json` prints (see docs/json.md)."""
        summary: Any = self.summary  # the refreshed Summary (rules.compute), set by closing.py
        backup = getattr(self.saved, "backup", None)
        return {
            "file": str(getattr(self.saved, "path", "")),
            "written": True,
            "period": self.period,
            "replaced": self.replaced,
            "reopened": self.reopened,
            "why": self.why or None,
            "actions": self.actions,
            "periods": self.periods,
            "sheet": self.sheet,
            "as_of": summary.as_of.isoformat(),
            "backup": str(backup) if backup else None,
            "history": summary.trend.as_json(),
        }

    def sentence(self) -> str:
        """'Oct 2016 closed: 60 actions frozen in Plan history, which holds 1 period ...'."""
        n = len(self.periods)
        holds = f"{self.sheet}, which holds {plural(n, 'period')}" + (
            f" ({', '.join(self.periods)})" if n else ""
        )
        if self.reopened:
            return f"{self.period} reopened: its {plural(self.actions, 'row')} left {holds}"
        verb = "closed again" if self.replaced else "closed"
        return f"{self.period} {verb}: {plural(self.actions, 'action')} frozen in {holds}"


__all__ = [
    "HEADERS",
    "ClosedPeriod",
    "HistoryRow",
    "add_period",
    "freeze",
    "parse_closing_period",
    "period_labels",
    "read_history",
    "remove_period",
]
