"""The Exceptions sheet: every action overdue or rated off track."""

from __future__ import annotations

from ..rules.compute import Summary, rating_label
from ..rules.dates import format_date
from ..rules.model import Action, PlanData
from ..rules.schema import Role
from ..rules.workdays import DayCount
from ..xlsx.spec import Cell, SheetSpec, quote_sheet
from . import palette as S
from .capped import more_cell, sheet_list

HEADERS = (
    "Ref",
    "Action",
    "Lead(s)",
    "Due",
    "Rating",
    "Days overdue",
    "Why listed",
    "Suggested rating",
    "Latest update",
    "In the plan",
)
RATED_BETTER = "Rated better than the facts"


def build_exceptions(plan: PlanData, summary: Summary, name: str) -> SheetSpec:
    sheet = SheetSpec(name=name, role=Role.EXCEPTIONS, tab_colour=S.TAB_OWNED)
    # Narrow enough to print on one A4 width with its text at 8 pt (see xlsx/printing.py).
    sheet.widths = {1: 7, 2: 36, 3: 18, 4: 11, 5: 13, 6: 9, 7: 18, 8: 24, 9: 35, 10: 10}
    sheet.wrap_columns = (2, 3, 5, 7, 8, 9)
    sheet.add(Cell(f"{summary.title}: exceptions", S.TITLE))
    sheet.add(
        Cell(
            f"Actions overdue, rated off track, or rated better than the facts in their "
            f"row allow, as of {format_date(summary.as_of)}. The suggested rating comes "
            "from the rules on Settings; the lead's rating is never changed. Built by "
            "ragbook; rebuilt on every refresh.",
            S.SUBTITLE,
        )
    )
    sheet.blank()
    heads = list(HEADERS)
    if summary.days.working:
        heads[5] = "Working days overdue"
    header_row = sheet.add(*[Cell(h, S.HEADER) for h in heads])
    overdue = {id(a): days for a, days in summary.overdue}
    listed, more = sheet_list(summary.exceptions)
    for action in listed:
        days = overdue.get(id(action))
        sheet.add(*action_cells(action, plan, days, summary))
    if more:
        sheet.add(
            more_cell(
                more, "actions overdue or off track", "the lead sheets, or filter the Actions sheet"
            )
        )
    if not summary.exceptions:
        sheet.add(Cell("No action is overdue or off track.", S.NOTE))
    sheet.freeze = (header_row, 0)
    sheet.print_title_rows = (header_row, header_row)
    if summary.exceptions:
        sheet.autofilter = f"A{header_row}:J{header_row + len(listed)}"
    return sheet


def action_cells(action: Action, plan: PlanData, days: int | None, summary: Summary) -> list[Cell]:
    reasons = []
    if days is not None:
        reasons.append(overdue_text(days, summary.days))
    rating = action.rating.rating
    if rating and rating.off_track:
        reasons.append(f"Rated {rating.label}")
    suggestion = summary.suggestion(action)
    if suggestion and suggestion.rated_better:
        reasons.append(RATED_BETTER)
    lead_names = ", ".join(plan.lead_display(c) for c in action.leads)
    return [
        Cell(action.ref, S.PLAIN),
        Cell(action.text, S.TEXT),
        Cell(lead_names or action.lead_text, S.TEXT),
        due_cell(action),
        Cell(rating_label(action), S.rating_style(rating, action.rating.blank)),
        Cell(days, S.OVERDUE) if days is not None else Cell(None, S.NUMBER),
        Cell("; ".join(reasons), S.OVERDUE if days is not None else S.TEXT),
        suggestion_cell(suggestion),
        Cell(action.progress, S.TEXT),
        Cell(f"Row {action.row}", S.LINK, link=f"{quote_sheet(plan.actions_sheet)}!A{action.row}"),
    ]


def overdue_text(days: int, count: DayCount | None = None) -> str:
    """'Overdue by 12 days', 'Overdue by 1 day', 'Overdue by 3 working days'."""
    return f"Overdue by {(count or DayCount()).words(days)}"


def suggestion_cell(suggestion) -> Cell:
    """'Red: 12 days past due, 10% complete', red when the lead rated it better; else blank."""
    if suggestion is None:
        return Cell(None, S.TEXT)
    return Cell(suggestion.reason, S.WORSE_TEXT if suggestion.rated_better else S.TEXT)


def due_cell(action: Action) -> Cell:
    if action.due.date:
        return Cell(action.due.date, S.DATE)
    if action.due.ongoing:
        return Cell(action.due_text or "Ongoing", S.TEXT)
    return Cell(action.due_text, S.TEXT)
