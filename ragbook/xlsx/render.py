"""SheetSpecs as a new workbook, written with xlsxwriter (lead workbooks).

The package writer puts ragbook's sheets into the owner's plan; this puts
them into a workbook of their own. Both render the same SheetSpec, so a
layout never knows which one writes it. Every value is written with the
writer for its type (write_string, write_number ...), never xlsxwriter's
guessing write(), so text that starts with "=" stays text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import BinaryIO

from . import limits, printing
from .cells import parse_range
from .spec import Cell, SheetSpec, Style, check_fits
from .stylesheet import BORDER_COLOUR

_VALIGN = {"top": "top", "center": "vcenter", "bottom": "bottom"}


def render_workbook(
    specs: list[SheetSpec],
    dest: BinaryIO | str,
    *,
    properties: dict[str, object] | None = None,
    custom: dict[str, str] | None = None,
) -> None:
    """Write `specs` as the sheets of a new .xlsx workbook.

    Args:
        specs: the sheets, in tab order; the first visible one is active.
        dest: a binary file or a path.
        properties: document properties for xlsxwriter's set_properties()
            (title, author, created ...); give `created` for the same bytes
            from the same input.
        custom: custom document properties, name -> text.
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        dest,
        {
            # in memory: no temporary file per sheet to write and delete (docs/speed.md)
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    if properties:
        wb.set_properties(dict(properties))
    for name, value in (custom or {}).items():
        wb.set_custom_property(name, value)
    formats = _Formats(wb)
    active_done = False
    for spec in specs:
        ws = wb.add_worksheet(spec.name)
        _sheet(ws, spec, formats)
        if spec.state == "hidden":
            ws.hide()
        elif spec.state == "veryHidden":
            ws.very_hidden()
        elif not active_done:
            ws.activate()
            active_done = True
    wb.close()


class _Formats:
    """One xlsxwriter format per Style, made once."""

    def __init__(self, wb):
        self.wb = wb
        self.cache: dict[Style | None, object] = {}

    def get(self, style: Style | None):
        if style not in self.cache:
            self.cache[style] = self.wb.add_format(_properties(style)) if style else None
        return self.cache[style]


def _properties(style: Style) -> dict:
    out: dict[str, object] = {}
    if style.bold:
        out["bold"] = True
    if style.italic:
        out["italic"] = True
    if style.underline:
        out["underline"] = 1
    if style.size:
        out["font_size"] = style.size
    if style.colour:
        out["font_color"] = "#" + style.colour
    if style.fill:
        out["bg_color"] = "#" + style.fill
        out["pattern"] = 1
    if style.num_fmt:
        out["num_format"] = style.num_fmt
    if style.align:
        out["align"] = style.align
    if style.valign:
        out["valign"] = _VALIGN.get(style.valign, style.valign)
    if style.wrap:
        out["text_wrap"] = True
    if style.border:
        out["border"] = 1
        out["border_color"] = "#" + BORDER_COLOUR[2:]
    if not style.locked:
        out["locked"] = False
    return out


def _sheet(ws, spec: SheetSpec, formats: _Formats) -> None:
    if spec.tab_colour:
        ws.set_tab_color("#" + spec.tab_colour)
    for col, width in sorted(spec.widths.items()):
        ws.set_column(col - 1, col - 1, width)
    for row_no, height in sorted(spec.heights.items()):
        ws.set_row(row_no - 1, height)
    check_fits(spec)
    merged_tops = {}
    for ref in spec.merges:
        r1, c1, r2, c2 = parse_range(ref)
        merged_tops[(r1, c1)] = (r2, c2)
    links = 0
    for r, row in enumerate(spec.rows, start=1):
        for c, cell in enumerate(row, start=1):
            if cell is None:
                continue
            if cell.link:
                links += 1
                if links > limits.MAX_HYPERLINKS:  # past Excel's limit: the text alone
                    cell = Cell(cell.value, cell.style, cell.formula, None)
            if (r, c) in merged_tops:
                _merge(ws, r, c, merged_tops[(r, c)], cell, formats)
            else:
                _cell(ws, r - 1, c - 1, cell, formats.get(cell.style))
    if spec.freeze and any(spec.freeze):
        ws.freeze_panes(*spec.freeze)
    for v in spec.validations:
        r1, c1, r2, c2 = parse_range(v.sqref)
        rule = {
            "validate": "list",
            "source": v.source or list(v.values),
            "error_title": "Not in the list",
            "error_message": "Choose one of the values in the drop-down list.",
        }
        if v.prompt:
            rule.update(input_title="Choose", input_message=v.prompt[:255])
        ws.data_validation(r1 - 1, c1 - 1, r2 - 1, c2 - 1, rule)
    if spec.autofilter:
        ws.autofilter(spec.autofilter)
    _print_setup(ws, spec)
    if spec.protect:
        # The same permissions the package writer gives: no password, and
        # rows, columns, filters and sorting stay usable.
        ws.protect(
            "", {"format_columns": True, "format_rows": True, "autofilter": True, "sort": True}
        )


def _print_setup(ws, spec: SheetSpec) -> None:
    """The same page setup the package writer gives (see printing.py)."""
    layout = printing.page_layout(spec)
    if spec.print_title_rows:
        first, last = spec.print_title_rows
        ws.repeat_rows(first - 1, last - 1)
    if spec.landscape:
        ws.set_landscape()
    ws.set_paper(9)
    ws.set_print_scale(layout.scale)
    if layout.across:
        ws.print_across()
    side, top, head = printing.MARGIN_SIDE, printing.MARGIN_TOP, printing.MARGIN_HEADER
    ws.set_margins(left=side, right=side, top=top, bottom=top)
    if spec.heading is not None:
        header, footer = printing.header_footer(spec.heading)
        ws.set_header(header, {"margin": head})
        ws.set_footer(footer, {"margin": head})
    if layout.row_breaks:
        ws.set_h_pagebreaks([r - 1 for r in layout.row_breaks])


def _merge(ws, r: int, c: int, last: tuple[int, int], cell: Cell, formats: _Formats) -> None:
    fmt = formats.get(cell.style)
    ws.merge_range(r - 1, c - 1, last[0] - 1, last[1] - 1, "", fmt)
    _cell(ws, r - 1, c - 1, cell, fmt)


def _cell(ws, row: int, col: int, cell: Cell, fmt) -> None:
    value = cell.value
    if cell.note:
        ws.write_comment(row, col, cell.note, {"author": "ragbook"})
    if cell.link:
        ws.write_url(
            row, col, "internal:" + cell.link, fmt, value if isinstance(value, str) else None
        )
        return
    if cell.formula is not None:
        cached = value if value is not None else ""
        if isinstance(cached, bool):
            cached = "TRUE" if cached else "FALSE"
        ws.write_formula(row, col, "=" + cell.formula, fmt, cached)
    elif value is None or value == "":  # a blank cell, not an empty string (COUNTA counts "")
        if fmt is not None:
            ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (datetime, date)):
        ws.write_datetime(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)
