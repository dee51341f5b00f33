"""The Checks sheet: every problem found, with a link to its cell."""

from __future__ import annotations

from ..rules.compute import Summary
from ..rules.dates import format_date
from ..rules.schema import Role
from ..rules.words import plural
from ..xlsx.spec import Cell, SheetSpec, quote_sheet
from . import palette as S
from .capped import more_cell, sheet_list

HEADERS = ("Sheet", "Cell", "Problem", "How to fix")
LINT_TITLE = "Plan quality"
LINT_HEADERS = ("Sheet", "Cell", "Finding", "How to fix")


def build_checks(summary: Summary, name: str, sheet_names: set[str]) -> SheetSpec:
    sheet = SheetSpec(name=name, role=Role.CHECKS, tab_colour=S.TAB_OWNED)
    sheet.widths = {1: 16, 2: 9, 3: 70, 4: 55}
    n = len(summary.problems)
    sheet.add(Cell(f"{summary.title}: checks", S.TITLE))
    sheet.add(
        Cell(
            f"{plural(n, 'problem')} found as of "
            f"{format_date(summary.as_of)}. Fix them in the sheet named, then refresh. "
            "Built by ragbook; rebuilt on every refresh.",
            S.SUBTITLE,
        )
    )
    sheet.blank()
    header_row = sheet.add(*[Cell(h, S.HEADER) for h in HEADERS])
    listed = _entries(sheet, summary.problems, sheet_names, "problems")
    if not summary.problems:
        sheet.add(Cell("No problems found.", S.NOTE))
    sheet.blank()
    sheet.add(Cell(LINT_TITLE, S.SECTION))
    n = len(summary.lint)
    sheet.add(
        Cell(
            f"{plural(n, 'plan-quality finding')}: gaps in what the plan "
            "promises (recommendations with no action or measure, actions with no success "
            "measure, leads with too many red actions, dates outside the plan, past-due "
            "actions with no update). 'ragbook check --lint' lists them too.",
            S.NOTE,
        )
    )
    if summary.lint:
        sheet.add(*[Cell(h, S.HEADER) for h in LINT_HEADERS])
        _entries(sheet, summary.lint, sheet_names, "findings", used=listed)
    sheet.freeze = (header_row, 0)
    sheet.print_title_rows = (header_row, header_row)
    return sheet


def _entries(
    sheet: SheetSpec, entries: list, sheet_names: set[str], what: str, used: int = 0
) -> int:
    """One row per problem or finding, its cell a link when the sheet is there; a list
    longer than the sheet can hold below the `used` rows of the list above it ends with
    how many more the JSON lists. Returns how many it listed."""
    problems, more = sheet_list(entries, used=used)
    for problem in problems:
        link = None
        if problem.cell and problem.sheet in sheet_names:
            link = f"{quote_sheet(problem.sheet)}!{problem.cell}"
        sheet.add(
            Cell(problem.sheet, S.PLAIN),
            Cell(problem.cell, S.LINK if link else S.PLAIN, link=link),
            Cell(problem.message, S.TEXT),
            Cell(problem.fix, S.TEXT),
        )
    if more:
        sheet.add(more_cell(more, what, "ragbook check --json, which lists them all"))
    return len(problems)
