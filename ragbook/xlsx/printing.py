"""How an owned sheet prints: A4, its scale, page breaks, print titles, header and footer.

A board officer prints the Tracker on A4 landscape. Fitting a wide sheet to one
page width shrinks its text until it cannot be read, so the scale is worked out
here from the column widths: the sheet is fitted to the page width only while
its body text stays at MIN_PRINT_PT or more; a wider sheet prints at that
smallest readable scale and its last columns run onto further pages (across,
then down, so they follow the page they belong to).

A sheet may hold several tables (SheetSpec.tables). A table that fits on a page
but would be split by the page end starts on a new page (a row break before
it); a table longer than a page runs over, starting on a new page only when its
heading and first rows would not fit on the page it would start on. Excel and
LibreOffice repeat one range of rows per sheet ("print titles"), on every page
after it: a sheet that sets print_title_rows keeps them; otherwise the heading
of the sheet's last table is repeated when that table runs over, as no other
table's pages follow it (repeating it would mislabel them).

The scale is written as a number rather than as "fit to width", so that Excel
and LibreOffice print the same pages and the row breaks computed here fall
where the pages end.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .spec import PrintHeading, SheetSpec
from .xmltext import escape_text

# A4 in points, and the margins written (inches, as the XML takes them).
A4_LONG, A4_SHORT = 841.89, 595.28
MARGIN_SIDE, MARGIN_TOP, MARGIN_HEADER = 0.5, 0.75, 0.3
MIN_PRINT_PT = 8.0  # the smallest body text a board paper prints
BODY_PT = 11.0  # the workbook's body text, unless the writer knows better
DEFAULT_ROW_PT = 15.0
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters
# A page is filled to this share only when deciding whether a table fits on it:
# Excel, LibreOffice and printers differ a little in row heights and margins.
PAGE_SLACK = 0.93
# The share of the page width the columns are fitted to, for the same reason
# (LibreOffice draws columns a few per cent wider than Excel).
WIDTH_SLACK = 0.95
# A table longer than a page starts where it is when its heading and this many rows
# fit there, else on a new page.
KEEP_ROWS = 3
OVERFLOW_COLUMNS = 30
MAX_HEADER_TEXT = 255  # Excel's limit on a header or footer, codes included
_CONTROL = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class PageLayout:
    scale: int  # percent
    across: bool  # the columns do not fit the page width: print across, then down
    row_breaks: tuple[int, ...]  # rows that start a new page (1-based)
    title_rows: tuple[int, int] | None  # rows repeated at the top of each later page


def min_scale(body_pt: float = BODY_PT) -> int:
    """The smallest scale (percent) at which body text prints at MIN_PRINT_PT or more."""
    return min(100, math.ceil(MIN_PRINT_PT * 100 / body_pt - 1e-9))


def column_points(width: float, body_pt: float = BODY_PT) -> float:
    """A column `width` characters wide, in points (Excel: 7 pixels a character
    of 11 pt Calibri, plus 5 pixels of padding; pixels at 96 to the inch)."""
    digit = 7 * body_pt / BODY_PT
    return (math.floor(width * digit + 0.5) + 5) * 0.75


def sheet_width(spec: SheetSpec, body_pt: float = BODY_PT) -> float:
    columns = max((len(r) for r in spec.rows), default=1) or 1
    return sum(
        column_points(spec.widths.get(c, DEFAULT_WIDTH), body_pt) for c in range(1, columns + 1)
    )


def page_size(landscape: bool) -> tuple[float, float]:
    """The printable width and height of an A4 page, in points."""
    width, height = (A4_LONG, A4_SHORT) if landscape else (A4_SHORT, A4_LONG)
    return width - 2 * MARGIN_SIDE * 72, height - 2 * MARGIN_TOP * 72


def row_points(spec: SheetSpec, row: int) -> float:
    """A row's height: as set, else tall enough for its largest font."""
    height = spec.heights.get(row)
    if height:
        return height
    cells = spec.rows[row - 1] if row <= len(spec.rows) else []
    biggest = max(
        (c.style.size for c in cells if c is not None and c.style and c.style.size), default=0
    )
    return max(DEFAULT_ROW_PT, biggest * 1.35)


def page_layout(spec: SheetSpec, body_pt: float = BODY_PT) -> PageLayout:
    scale, across = _scale(spec, body_pt)
    titles = spec.print_title_rows
    breaks: list[int] = []
    if len(spec.tables) > 1:
        page = page_size(spec.landscape)[1] * 100 / scale
        breaks = _breaks(spec.tables, _heights(spec), page, titles)
    return PageLayout(scale, across, tuple(breaks), titles)


def _scale(spec: SheetSpec, body_pt: float) -> tuple[int, bool]:
    """The scale (percent) the sheet prints at, and whether its columns run onto
    further pages across (when even the smallest readable scale is too wide)."""
    fit = page_size(spec.landscape)[0] * WIDTH_SLACK * 100 / sheet_width(spec, body_pt)
    lowest = min_scale(body_pt)
    return max(lowest, min(100, math.floor(fit))), fit < lowest


def _page_height(spec: SheetSpec, body_pt: float) -> float:
    """How many points of the sheet one page holds, at the scale it prints at."""
    return page_size(spec.landscape)[1] * 100 / _scale(spec, body_pt)[0]


def last_table_titles(spec: SheetSpec, body_pt: float = BODY_PT) -> tuple[int, int] | None:
    """The heading row of the sheet's last table when that table runs over a page
    (the rows to repeat on a sheet of several tables), else None."""
    if not spec.tables:
        return None
    start, head, last = spec.tables[-1]
    page = _page_height(spec, body_pt) * PAGE_SLACK
    if head is None or _height(_heights(spec, last), start, last) <= page:
        return None
    return head, head


def _heights(spec: SheetSpec, last: int | None = None) -> list[float]:
    return [0.0] + [row_points(spec, r) for r in range(1, (last or len(spec.rows)) + 1)]


def _height(heights: list[float], first: int, last: int) -> float:
    return sum(heights[first : last + 1])


def _breaks(
    tables: list[tuple[int, int | None, int]],
    heights: list[float],
    page: float,
    titles: tuple[int, int] | None,
) -> list[int]:
    """Rows to break before, so that no table that fits on a page is split.

    Pages end where they fill (`page` points of the sheet); whether a table fits
    in what is left is judged with PAGE_SLACK to spare.
    """
    fits = page * PAGE_SLACK
    breaks: list[int] = []
    used, row = 0.0, 1  # height used on the current page; the next row to place
    repeat = _height(heights, titles[0], titles[1]) if titles else 0.0

    def place(first: int, last: int) -> None:
        nonlocal used
        for r in range(first, last + 1):
            if used + heights[r] > page and used > 0:  # an automatic page end
                used = repeat if titles and r > titles[1] else 0.0
            used += heights[r]

    for start, head, last in tables:
        if start > row:
            place(row, start - 1)  # the rows between tables
        size = _height(heights, start, last)
        if size > fits:  # it runs over anyway: only its heading and first rows are kept
            size = _height(heights, start, min(last, (head or start) + KEEP_ROWS))
        if used > 0 and used + size > fits:
            breaks.append(start)
            used = repeat if titles and start > titles[1] else 0.0
        place(start, last)
        row = last + 1
    return breaks


def header_footer(heading: PrintHeading) -> tuple[str, str]:
    """Excel's header and footer codes: the plan's title, its as-of date and the
    protective marking at the top; the sheet, the marking and "Page N of M" below."""
    marking = _codes(heading.marking)
    bold = f'&"-,Bold"{marking}' if marking else ""
    right = f"As of {_codes(heading.as_of)}" if heading.as_of else ""
    room = MAX_HEADER_TEXT - len(bold) - len(right) - 9
    title = _codes(heading.title)
    if len(title) > room:
        title = title[: max(room - 1, 0)].rstrip("&") + "…"
    header = f"&L{title}" + (f"&C{bold}" if bold else "") + (f"&R{right}" if right else "")
    footer = "&L&A" + (f"&C{bold}" if bold else "") + "&RPage &P of &N"
    return header, footer


def _codes(text: str) -> str:
    """Text as a header or footer shows it: an ampersand is written twice."""
    return " ".join(_CONTROL.sub(" ", text).split()).replace("&", "&&")


def print_xml(spec: SheetSpec, body_pt: float = BODY_PT) -> str:
    """printOptions to rowBreaks of a worksheet part, in the schema's order."""
    layout = page_layout(spec, body_pt)
    orientation = "landscape" if spec.landscape else "portrait"
    order = ' pageOrder="overThenDown"' if layout.across else ""
    out = [
        '<printOptions gridLines="0"/>',
        f'<pageMargins left="{MARGIN_SIDE}" right="{MARGIN_SIDE}" top="{MARGIN_TOP}" '
        f'bottom="{MARGIN_TOP}" header="{MARGIN_HEADER}" footer="{MARGIN_HEADER}"/>',
        f'<pageSetup paperSize="9" scale="{layout.scale}"{order} orientation="{orientation}"/>',
    ]
    if spec.heading is not None:
        header, footer = header_footer(spec.heading)
        out.append(
            f"<headerFooter><oddHeader>{escape_text(header)}</oddHeader>"
            f"<oddFooter>{escape_text(footer)}</oddFooter></headerFooter>"
        )
    if layout.row_breaks:
        n = len(layout.row_breaks)
        brks = "".join(f'<brk id="{r - 1}" max="16383" man="1"/>' for r in layout.row_breaks)
        out.append(f'<rowBreaks count="{n}" manualBreakCount="{n}">{brks}</rowBreaks>')
    return "".join(out)


def body_points(size: str) -> float:
    """The workbook's body font size (its first font's <sz>), or BODY_PT when unreadable."""
    try:
        value = float(size)
    except ValueError:
        return BODY_PT
    return value if 1 <= value <= 409 else BODY_PT


def page_count(spec: SheetSpec, body_pt: float = BODY_PT) -> int:
    """How many pages the sheet prints on, as estimated from its row heights and
    column widths: for each band of rows down the sheet, the pages across that
    have something in them (a blank page is not printed)."""
    layout = page_layout(spec, body_pt)
    printable_w, _ = page_size(spec.landscape)
    page_w = printable_w * WIDTH_SLACK * 100 / layout.scale
    first_columns, used = [1], 0.0  # the first column of each page across
    columns = max((len(r) for r in spec.rows), default=1) or 1
    # Text that does not wrap runs on past the last column: room for it.
    columns += OVERFLOW_COLUMNS
    for c in range(1, columns + 1):
        width = column_points(spec.widths.get(c, DEFAULT_WIDTH), body_pt)
        if used + width > page_w and used > 0:
            first_columns.append(c)
            used = 0.0
        used += width
    page = _page_height(spec, body_pt)
    heights = _heights(spec)
    titles = layout.title_rows
    repeat = _height(heights, titles[0], titles[1]) if titles else 0.0
    breaks = set(layout.row_breaks)
    bands: list[list[int]] = [[]]
    used = 0.0
    for r in range(1, len(spec.rows) + 1):
        if (r in breaks or used + heights[r] > page) and used > 0:
            bands.append([])
            used = repeat if titles and r > titles[1] else 0.0
        used += heights[r]
        bands[-1].append(r)
    widths = [0.0] + [spec.widths.get(c, DEFAULT_WIDTH) for c in range(1, columns + 1)]
    total = 0
    for band in bands:
        shown: set[int] = set()
        for r in band:
            for c, cell in enumerate(spec.rows[r - 1], start=1):
                if cell is None or (cell.value in (None, "") and not cell.formula):
                    continue
                last = _reach(cell, c, widths)
                shown.update(sum(1 for f in first_columns if f <= x) - 1 for x in (c, last))
        total += max(len(shown), 1)
    return total


def _reach(cell, column: int, widths: list[float]) -> int:
    """The last column a cell's text shows in: text that does not wrap runs on
    into the columns to its right (and is printed there)."""
    text = cell.value
    if not isinstance(text, str) or (cell.style is not None and cell.style.wrap):
        return column
    need, last = len(text) * 1.1, column
    while last < len(widths) - 1 and need > widths[last]:
        need -= widths[last]
        last += 1
    return last
