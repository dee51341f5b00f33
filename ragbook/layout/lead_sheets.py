"""One sheet per lead: their actions, overdue and due-soon ones flagged."""

from __future__ import annotations

from ..rules.compute import Summary
from ..rules.dates import format_date
from ..rules.model import Action, PlanData
from ..rules.schema import lead_role
from ..rules.words import plural
from ..xlsx.spec import Cell, SheetSpec, Style, quote_sheet
from . import palette as S
from .capped import more_cell, sheet_list
from .exceptions import due_cell, overdue_text

HEADERS = (
    "Ref",
    "Action",
    "Due",
    "Status",
    "Rating",
    "% complete",
    "Progress update",
    "In the plan",
)


def lead_actions(summary: Summary, code: str) -> list[Action]:
    """The lead's actions in ref order (summarise() builds the lists in that order)."""
    counts = summary.by_lead.get(code)
    return list(counts.actions) if counts else []


def status(action: Action, summary: Summary) -> tuple[str, Style]:
    """('Overdue by 12 days', style) and the like, for the Status column."""
    days = action.days_overdue(summary.as_of, summary.days)
    if days is not None:
        return overdue_text(days, summary.days), S.OVERDUE
    if action.due_within(summary.as_of, summary.due_soon_days, summary.days):
        assert action.due.date is not None, "due within the window: it has a date"
        left = summary.days.between(summary.as_of, action.due.date)
        when = "today" if action.due.date == summary.as_of else f"in {summary.days.words(left)}"
        return f"Due {when}", S.DUE_SOON
    if action.complete:
        return "Complete", S.TEXT
    if action.due.ongoing:
        return "Ongoing", S.TEXT
    if action.due.date is None:
        return "No due date", S.TEXT
    return "", S.TEXT


def build_lead_sheet(plan: PlanData, summary: Summary, code: str, name: str) -> SheetSpec:
    sheet = SheetSpec(name=name, role=lead_role(code), tab_colour=S.TAB_OWNED)
    sheet.widths = {1: 8, 2: 50, 3: 12, 4: 20, 5: 16, 6: 11, 7: 50, 8: 12}
    sheet.wrap_columns = (2, 4, 5, 7)
    counts = summary.by_lead[code]  # a sheet is built only for a lead with actions
    who = plan.lead_display(code)
    sheet.add(Cell(f"{who}: actions", S.TITLE))
    n = counts.total
    line = (
        f"{plural(n, 'action')} as of {format_date(summary.as_of)}: "
        f"{counts.overdue} {summary.overdue_word}, {counts.due_soon} due by "
        f"{format_date(summary.due_soon_until)}. Built by ragbook; update the plan itself, "
        "not this sheet."
    )
    sheet.add(Cell(line, S.SUBTITLE))
    sheet.blank()
    header_row = sheet.add(*[Cell(h, S.HEADER) for h in HEADERS])
    listed, more = sheet_list(lead_actions(summary, code))
    for action in listed:
        text, style = status(action, summary)
        rating = action.rating.rating
        sheet.add(
            Cell(action.ref, S.PLAIN),
            Cell(action.text, S.TEXT),
            due_cell(action),
            Cell(text, style),
            Cell(action.rating.shown, S.rating_style(rating, action.rating.blank)),
            Cell(action.percent_complete, S.PERCENT),
            Cell(action.progress, S.TEXT),
            Cell(
                f"Row {action.row}", S.LINK, link=f"{quote_sheet(plan.actions_sheet)}!A{action.row}"
            ),
        )
    if more:
        sheet.add(more_cell(more, "actions of this lead", "the Actions sheet, filtered by lead"))
    sheet.freeze = (header_row, 0)
    sheet.print_title_rows = (header_row, header_row)
    return sheet
