"""What an owned sheet contains, independent of how it is written.

The layout modules build SheetSpecs; the writers (the package writer for
the plan, xlsxwriter for lead workbooks) turn them into files. Keeping the
two apart lets the write path change without touching the layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import UnsafeToWrite
from . import limits
from .chartspec import Chart
from .limits import MAX_ROW_HEIGHT, MAX_SHEET_NAME, RESERVED_SHEET_NAMES, cut_utf16


@dataclass(frozen=True)
class Style:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float | None = None
    colour: str | None = None  # font colour, RRGGBB
    fill: str | None = None  # solid fill, RRGGBB
    num_fmt: str | None = None  # number format code
    align: str | None = None  # left, center, right
    valign: str | None = None  # top, center, bottom
    wrap: bool = False
    border: bool = False  # thin border all round
    locked: bool = True  # only matters on a protected sheet


class Cell(NamedTuple):
    value: object = None
    style: Style | None = None
    formula: str | None = None  # without the leading '='; value is its cached result
    link: str | None = None  # a place in this workbook: "'Actions'!F12"
    note: str | None = None  # a note (comment) on the cell; lead workbooks only


@dataclass
class Validation:
    """A drop-down list on a range of cells.

    The list is `values`, or, when `source` is given, the cells it refers to
    ("'Sheet'!$A$1:$A$5"): a list typed into the rule cannot hold a comma
    and is limited to 255 characters, a list of cells has neither limit.
    """

    sqref: str
    values: tuple[str, ...]
    prompt: str = ""
    source: str | None = None


@dataclass(frozen=True)
class Sparkline:
    """A small line chart drawn in one cell, of a row of cells on the same sheet.

    Sparklines with the same look are written as one group, as Excel does.
    """

    cell: str  # where it is drawn, "H12"
    source: str  # the cells it plots, on the same sheet, "I12:T12"
    colour: str = "305496"  # the line, RRGGBB
    markers: bool = True  # a dot on every value
    high_low: bool = False  # the highest point green, the lowest red


class Figures(dict[str, str]):
    """A sheet's key figures (name -> cell), with the names casefolded alongside, so
    checking that a new name is unique is one lookup (xlsx.names.record_figure),
    not a pass over every figure: the Tracker names one per lead."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.folded = {key.casefold() for key in self}

    def __setitem__(self, key: str, cell: str) -> None:
        super().__setitem__(key, cell)
        self.folded.add(key.casefold())


@dataclass(frozen=True)
class PrintHeading:
    """What the header and footer of a printed page say (see xlsx/printing.py)."""

    title: str  # the plan's title
    as_of: str = ""  # the as-of date, as the sheet shows it
    marking: str = ""  # a protective marking, e.g. OFFICIAL-SENSITIVE; "" for none


@dataclass
class SheetSpec:
    name: str
    role: str
    rows: list[list[Cell | None]] = field(default_factory=list)  # from A1, row by row
    widths: dict[int, float] = field(default_factory=dict)  # 1-based column -> width
    heights: dict[int, float] = field(default_factory=dict)  # 1-based row -> points
    # Columns whose text may wrap, for fit_heights() to look at; empty means all.
    wrap_columns: tuple[int, ...] = ()
    merges: list[str] = field(default_factory=list)
    freeze: tuple[int, int] | None = None  # rows, columns frozen above/left
    tab_colour: str | None = None
    validations: list[Validation] = field(default_factory=list)
    sparklines: list[Sparkline] = field(default_factory=list)
    autofilter: str | None = None
    print_title_rows: tuple[int, int] | None = None  # 1-based first, last
    landscape: bool = True
    protect: bool = False  # without a password; leads can still resize rows and columns
    state: str = "visible"  # or "hidden", "veryHidden"; set when the sheet is created
    # ragbook's key figures on this sheet: a stable name (without the prefix, see
    # xlsx/names.py) -> the cell holding it ("B6"); the writer points a
    # workbook-scoped defined name at each, so owners' formulas survive layout moves.
    figures: dict[str, str] = field(default_factory=lambda: Figures())
    # Native charts of this sheet's cells, drawn over it (see xlsx/drawingxml.py).
    charts: list[Chart] = field(default_factory=list)
    # The tables on the sheet, for printing: (first row, heading row or None, last
    # row), top to bottom; a table that fits on a page is never split across two.
    tables: list[tuple[int, int | None, int]] = field(default_factory=list)
    heading: PrintHeading | None = None  # the printed header and footer; None for none

    def add(self, *cells: Cell | None) -> int:
        """Append a row; returns its 1-based row number."""
        self.rows.append(list(cells))
        return len(self.rows)

    def blank(self) -> int:
        self.rows.append([])
        return len(self.rows)

    def fit_heights(self, line_height: float = 15.0, default_width: float = 8.43) -> None:
        """Give rows with wrapped text the height their longest cell needs.

        Neither Excel nor LibreOffice reliably fits row heights when opening a
        file, so wrapped text would overlap; this estimates it by wrapping the
        words at about one character per unit of column width.
        """
        widths = [default_width] * (max((len(r) for r in self.rows), default=0) + 1)
        for c, w in self.widths.items():
            if c < len(widths):
                widths[c] = w
        for r, row in enumerate(self.rows, start=1):
            if r in self.heights:
                continue
            lines = 1
            pairs = (
                enumerate(row, start=1)
                if not self.wrap_columns
                else ((c, row[c - 1]) for c in self.wrap_columns if c <= len(row))
            )
            for c, cell in pairs:
                # Most cells are short: rule them out on length before anything else.
                if cell is None or cell.value.__class__ is not str:
                    continue
                value, width = cell.value, widths[c]
                if (
                    (len(value) <= width and "\n" not in value)
                    or cell.style is None
                    or not cell.style.wrap
                ):
                    continue
                lines = max(lines, wrapped_lines(value, width))
            if lines > 1:
                self.heights[r] = min(MAX_ROW_HEIGHT, lines * line_height)


def check_fits(sheet: SheetSpec) -> None:
    """Refuse a sheet larger than Excel can open (ragbook's lists are cut to fit
    before this; a sheet that only grows, like the Plan history, can outgrow it)."""
    rows = len(sheet.rows)
    columns = max((len(r) for r in sheet.rows), default=0)
    if rows > limits.MAX_ROWS or columns > limits.MAX_COLUMNS:
        size, limit, what = (
            (rows, limits.MAX_ROWS, "rows")
            if rows > limits.MAX_ROWS
            else (columns, limits.MAX_COLUMNS, "columns")
        )
        raise UnsafeToWrite(
            f"the sheet '{sheet.name}' would need {size:,} {what}, more than the "
            f"{limit:,} an Excel sheet can hold, so ragbook has not saved it; move "
            "older rows of that sheet to another workbook, then try again."
        )


def wrapped_lines(text: str, width: float) -> int:
    """How many lines text takes in a column `width` characters wide.

    Short paragraphs are wrapped word by word; long ones are estimated, as
    wrapping at word breaks loses about a tenth of each line.
    """
    per_line = max(1, int(width))
    total = 0
    for paragraph in text.split("\n"):
        if len(paragraph) <= per_line:
            total += 1
            continue
        if len(paragraph) > 3 * per_line:
            total += -(-len(paragraph) * 10 // (per_line * 9))
            continue
        lines, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > per_line:
                lines += 1
                used = 0
            used += size + (1 if used else 0)
            while used > per_line:
                lines += 1
                used -= per_line
        total += lines
    return total


_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


class SheetNames(set[str]):
    """Sheet names taken, with their casefolded forms alongside, for naming many
    sheets in turn (one lookup per name, not a pass over every name taken)."""

    def __init__(self, names=()) -> None:
        super().__init__(names)
        self.folded = {name.casefold() for name in self}

    def add(self, name: str) -> None:
        super().add(name)
        self.folded.add(name.casefold())


def safe_sheet_name(wanted: str, taken: set[str]) -> str:
    """A name Excel accepts, unique (case-insensitively) among `taken`.

    Excel forbids [ ] : * ? / \\, more than 31 characters (counted in UTF-16
    units, so an emoji is two), an apostrophe at the start or end, blank names
    and the reserved name "History".
    """
    base = _trim(" ".join(_FORBIDDEN.sub(" ", wanted).split())) or "Sheet"
    if base.casefold() in RESERVED_SHEET_NAMES:
        base += " (plan)"
    folded = taken.folded if isinstance(taken, SheetNames) else {t.casefold() for t in taken}
    name, n = _trim(cut_utf16(base, MAX_SHEET_NAME)) or "Sheet", 2
    while name.casefold() in folded:
        suffix = f" ({n})"
        name = _trim(cut_utf16(base, MAX_SHEET_NAME - len(suffix))) + suffix
        n += 1
    return name


def _trim(name: str) -> str:
    """Without spaces or apostrophes at either end (Excel refuses a name that
    starts or ends with one, and cutting a name short can leave one there)."""
    return name.strip(" '")


def quote_sheet(name: str) -> str:
    """A sheet name as a formula or link reference needs it."""
    return "'" + name.replace("'", "''") + "'"
