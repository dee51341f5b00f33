"""The Checks sheet: every problem found, with a link to its cell."""

from __future__ import annotations

from ..compute import Summary
from ..dates import format_date
from ..sheetspec import Cell, SheetSpec, quote_sheet
from . import styles as S
from .capped import more_cell, sheet_list

HEADERS = ("Sheet", "Cell", "Problem", "How to fix")


def build_checks(summary: Summary, name: str, sheet_names: set[str]) -> SheetSpec:
    sheet = SheetSpec(name=name, role="checks", tab_colour=S.TAB_OWNED)
    sheet.widths = {1: 16, 2: 9, 3: 70, 4: 55}
    n = len(summary.problems)
    sheet.add(Cell(f"{summary.title}: checks", S.TITLE))
    sheet.add(Cell(f"{n} problem{'s' if n != 1 else ''} found as of "
                   f"{format_date(summary.as_of)}. Fix them in the sheet named, then refresh. "
                   "Built by ragbook; rebuilt on every refresh.", S.SUBTITLE))
    sheet.blank()
    header_row = sheet.add(*[Cell(h, S.HEADER) for h in HEADERS])
    problems, more = sheet_list(summary.problems)
    for problem in problems:
        link = None
        if problem.cell and problem.sheet in sheet_names:
            link = f"{quote_sheet(problem.sheet)}!{problem.cell}"
        sheet.add(Cell(problem.sheet, S.PLAIN),
                  Cell(problem.cell, S.LINK if link else S.PLAIN, link=link),
                  Cell(problem.message, S.TEXT),
                  Cell(problem.fix, S.TEXT))
    if more:
        sheet.add(more_cell(more, "problems", "ragbook check --json, which lists them all"))
    if not summary.problems:
        sheet.add(Cell("No problems found.", S.NOTE))
    sheet.freeze = (header_row, 0)
    sheet.print_title_rows = (header_row, header_row)
    return sheet
