"""Ready to print: the tables on an owned sheet, and its header and footer.

The page setup itself (scale, page breaks, print titles) is worked out when the
sheet is written (xlsx/printing.py); this finds what it works from: where each
table starts and ends, its heading row, and what the header and footer say.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ..rules.dates import format_date
from ..xlsx.cells import col_letter
from ..xlsx.limits import MAX_ROW_HEIGHT
from ..xlsx.printing import BODY_PT, DEFAULT_ROW_PT, DEFAULT_WIDTH, last_table_titles
from ..xlsx.spec import Cell, PrintHeading, SheetSpec, Style, wrapped_lines
from . import palette as S

_HEADINGS = {S.HEADER, S.INPUT_HEADER}


def heading(title: str, as_of: date | None, marking: str = "") -> PrintHeading:
    return PrintHeading(title, format_date(as_of) if as_of else "", marking)


def prepare(sheet: SheetSpec, printed: PrintHeading | None) -> SheetSpec:
    """Give the sheet its header and footer and its tables; on a sheet of several
    tables with no print titles, repeat the last table's heading when it runs over."""
    sheet.heading = printed
    wrap_long_lines(sheet)
    sheet.tables = find_tables(sheet)
    if sheet.print_title_rows is None and len(sheet.tables) > 1:
        sheet.print_title_rows = last_table_titles(sheet)
    return sheet


def wrap_long_lines(sheet: SheetSpec) -> None:
    """A line of text alone in its row (a subtitle, a note) that is wider than the
    sheet's columns wraps within them, merged across, rather than running on past
    the last column, where it would print on a page of its own."""
    columns = max((len(r) for r in sheet.rows), default=0)
    if columns < 2:
        return
    room = sum(sheet.widths.get(c, DEFAULT_WIDTH) for c in range(1, columns + 1))
    merged = {m.split(":")[0] for m in sheet.merges}
    wrapped: dict[Style | None, Style] = {}
    for r, row in enumerate(sheet.rows, start=1):
        first = row[0] if row else None
        if (
            first is None
            or not isinstance(first.value, str)
            or first.formula is not None
            or first.link is not None
            or any(c is not None and c.value not in (None, "") for c in row[1:])
            or f"A{r}" in merged
        ):
            continue
        style = first.style or Style()
        size = (style.size or BODY_PT) / BODY_PT
        if style.wrap or len(first.value) * size <= room:
            continue
        if style not in wrapped:
            wrapped[style] = replace(style, wrap=True, valign="top")
        sheet.rows[r - 1] = [first._replace(style=wrapped[style])]
        sheet.merges.append(f"A{r}:{col_letter(columns)}{r}")
        lines = wrapped_lines(first.value, room / size)
        sheet.heights[r] = min(MAX_ROW_HEIGHT, lines * DEFAULT_ROW_PT * max(size, 1.0))


def find_tables(sheet: SheetSpec) -> list[tuple[int, int | None, int]]:
    """(first row, heading row or None, last row) of each run of rows between blank
    rows, after the first run (the sheet's title, which stays with what follows it)."""
    runs: list[tuple[int, int | None, int]] = []
    start: int | None = None
    head: int | None = None
    for r, row in enumerate(sheet.rows, start=1):
        if _blank(row):
            if start is not None:
                runs.append((start, head, r - 1))
            start = head = None
            continue
        if start is None:
            start = r
        if head is None and any(c is not None and c.style in _HEADINGS for c in row):
            head = r
    if start is not None:
        runs.append((start, head, len(sheet.rows)))
    return runs[1:]


def _blank(row: list[Cell | None]) -> bool:
    return all(c is None or (c.value in (None, "") and c.formula is None) for c in row)
