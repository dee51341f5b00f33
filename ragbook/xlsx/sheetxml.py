"""A SheetSpec as worksheet XML, in the element order Excel requires.

Text is written as inline strings, so the workbook's shared-strings part,
which the owner's sheets use, is never touched.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from . import limits
from .cells import col_letter
from .formulas import needs_quotes
from .limits import MAX_CELL_TEXT, MAX_LINK_DISPLAY, fit_cell_text
from .package import NS_MAIN, NS_REL
from .printing import BODY_PT, print_xml
from .refs import to_serial
from .spec import Cell, SheetSpec, Sparkline, Style, check_fits, quote_sheet
from .xmltext import escape_attr, escape_text

# How many rows sheet_xml_chunks() puts in one chunk.
_ROWS_PER_CHUNK = 2000


# Escaped text by string, shared by the sheets of one write: an action's text is
# on its lead's sheet and on Exceptions. The writer clears it after each write.
_TEXT_CACHE: dict[str, str] = {}


def clear_text_cache() -> None:
    _TEXT_CACHE.clear()


def _inline_text(text: str) -> str:
    """<is><t>..</t></is> for a non-empty string (cut to Excel's limit)."""
    if len(text) > MAX_CELL_TEXT // 2:  # longer text is cut, and reported in Checks
        text = fit_cell_text(text)
    space = (
        ' xml:space="preserve"' if text[0] in " \n\t" or text[-1] in " \n\t" or "\n" in text else ""
    )
    return f"<is><t{space}>{escape_text(text)}</t></is>"


def _string(ref: str, s: int, text: str) -> str:
    sa = f' s="{s}"' if s else ""
    if len(text) > MAX_CELL_TEXT // 2:  # Excel's limit; longer text is reported in Checks
        text = fit_cell_text(text)
    if not text:
        return f'<c r="{ref}"{sa}/>' if s else ""
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}"{sa} t="inlineStr"><is><t{space}>{escape_text(text)}</t></is></c>'


def _number(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        raise ValueError("not a finite number")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def cell_xml(
    ref: str, cell: Cell, style_index: Callable[[Style | None], int], date1904: bool
) -> str:
    value, style, formula = cell.value, cell.style, cell.formula
    s = style_index(style)
    sa = f' s="{s}"' if s else ""
    if formula is not None:
        f = f"<f>{escape_text(formula)}</f>"
        if isinstance(value, str):
            return f'<c r="{ref}"{sa} t="str">{f}<v>{escape_text(value)}</v></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}"{sa} t="b">{f}<v>{int(value)}</v></c>'
        if value is None:
            return f'<c r="{ref}"{sa}>{f}</c>'
        return f'<c r="{ref}"{sa}>{f}<v>{_number(value)}</v></c>'  # type: ignore[arg-type]  # a number
    if value is None:
        return f'<c r="{ref}"{sa}/>' if s else ""
    if isinstance(value, str):
        return _string(ref, s, value)
    if isinstance(value, bool):
        return f'<c r="{ref}"{sa} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, datetime):
        serial = (
            to_serial(value.date(), date1904)
            + (value.hour * 3600 + value.minute * 60 + value.second) / 86400
        )
        return f'<c r="{ref}"{sa}><v>{_number(serial)}</v></c>'
    if isinstance(value, date):
        return f'<c r="{ref}"{sa}><v>{to_serial(value, date1904)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"{sa}><v>{_number(value)}</v></c>'
    return _string(ref, s, str(value))


def sheet_xml(
    sheet: SheetSpec,
    style_index: Callable[[Style | None], int],
    *,
    date1904: bool = False,
    selected: bool = False,
) -> bytes:
    """Worksheet part bytes for a SheetSpec."""
    return b"".join(sheet_xml_chunks(sheet, style_index, date1904=date1904, selected=selected))


def sheet_xml_chunks(
    sheet: SheetSpec,
    style_index: Callable[[Style | None], int],
    *,
    date1904: bool = False,
    selected: bool = False,
    body_pt: float = BODY_PT,
):
    """sheet_xml() in pieces, so a big sheet never sits in memory whole.

    Raises UnsafeToWrite for a sheet larger than Excel allows; hyperlinks past
    Excel's limit per sheet are left off (the cell keeps its text).
    """
    check_fits(sheet)
    max_col = max((len(r) for r in sheet.rows), default=1) or 1
    out: list[str] = _head(sheet, max_col, selected)
    out.append("<sheetData>")
    writer = _RowWriter(style_index, date1904, max_col)
    for r, row in enumerate(sheet.rows, start=1):
        cells = writer.cells(r, row)
        height = sheet.heights.get(r)
        ht = f' ht="{height:g}" customHeight="1"' if height else ""
        if cells:
            out.append(f'<row r="{r}"{ht}>{"".join(cells)}</row>')
        elif ht:
            out.append(f'<row r="{r}"{ht}/>')
        if r % _ROWS_PER_CHUNK == 0:
            yield "".join(out).encode("utf-8")
            out.clear()
    out.append("</sheetData>")
    out += _tail(sheet, writer.links, body_pt)
    yield "".join(out).encode("utf-8")


def _head(sheet: SheetSpec, max_col: int, selected: bool) -> list[str]:
    """The worksheet's elements before its rows."""
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">',
    ]
    pr = []
    if sheet.tab_colour:
        pr.append(f'<tabColor rgb="FF{sheet.tab_colour}"/>')
    if pr:
        out.append(f"<sheetPr>{''.join(pr)}</sheetPr>")
    max_row = max(len(sheet.rows), 1)
    out.append(f'<dimension ref="A1:{col_letter(max_col)}{max_row}"/>')
    out.append(_sheet_views(sheet, selected))
    out.append('<sheetFormatPr defaultRowHeight="15"/>')
    if sheet.widths:
        cols = "".join(
            f'<col min="{c}" max="{c}" width="{w:g}" customWidth="1"/>'
            for c, w in sorted(sheet.widths.items())
        )
        out.append(f"<cols>{cols}</cols>")
    return out


class _RowWriter:
    """The cells of a sheet's rows as XML, with the hyperlinks met on the way.

    Styles are shared objects, so their identity is a cheap cache key; text
    repeats (an action is on its lead's sheet and on Exceptions), so each
    distinct string is escaped once.
    """

    def __init__(
        self, style_index: Callable[[Style | None], int], date1904: bool, max_col: int
    ) -> None:
        self.style_index = style_index
        self.date1904 = date1904
        self.letters = [""] + [col_letter(c) for c in range(1, max_col + 1)]
        self.links: list[tuple[str, str, str]] = []
        self.style_attr: dict[int, str] = {}
        self.style_number: dict[int, int] = {}
        self.unlinked: dict[int, Style] = {}  # a link's style, for its cell past the limit

    def index(self, style: Style | None) -> int:
        found = self.style_number.get(id(style))
        if found is None:
            found = self.style_number[id(style)] = self.style_index(style)
        return found

    def cells(self, r: int, row: list[Cell | None]) -> list[str]:
        """The <c> elements of row `r`."""
        links, letters, style_attr = self.links, self.letters, self.style_attr
        text_xml = _TEXT_CACHE
        link_room = limits.MAX_HYPERLINKS
        cells = []
        for c, cell in enumerate(row, start=1):
            if cell is None:
                continue
            if cell.link is not None and len(links) >= link_room:
                cell = _without_link(cell, self.unlinked)
            ref = f"{letters[c]}{r}"
            value = cell.value
            if cell.formula is None and (
                value.__class__ is str or value.__class__ is int or value is None
            ):
                sa = style_attr.get(id(cell.style))
                if sa is None:
                    s = self.index(cell.style)
                    sa = style_attr[id(cell.style)] = f' s="{s}"' if s else ""
                if value is None:
                    if sa:
                        cells.append(f'<c r="{ref}"{sa}/>')
                elif value.__class__ is int:
                    cells.append(f'<c r="{ref}"{sa}><v>{value}</v></c>')
                elif value:
                    assert isinstance(value, str)
                    body = text_xml.get(value)
                    if body is None:
                        body = text_xml[value] = _inline_text(value)
                    cells.append(f'<c r="{ref}"{sa} t="inlineStr">{body}</c>')
                elif sa:
                    cells.append(f'<c r="{ref}"{sa}/>')
            else:
                xml = cell_xml(ref, cell, self.index, self.date1904)
                if xml:
                    cells.append(xml)
            if cell.link:
                links.append((ref, cell.link, value if isinstance(value, str) else ""))
        return cells


def _tail(sheet: SheetSpec, links: list[tuple[str, str, str]], body_pt: float) -> list[str]:
    """The worksheet's elements after its rows."""
    out: list[str] = []
    if sheet.protect:
        out.append(
            '<sheetProtection sheet="1" objects="1" scenarios="1" formatColumns="0" '
            'formatRows="0" autoFilter="0" sort="0"/>'
        )
    if sheet.autofilter:
        out.append(f'<autoFilter ref="{sheet.autofilter}"/>')
    if sheet.merges:
        merged = "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges)
        out.append(f'<mergeCells count="{len(sheet.merges)}">{merged}</mergeCells>')
    if sheet.validations:
        out.append(_validations(sheet))
    if links:
        linked = "".join(
            f'<hyperlink ref="{ref}" location="{escape_attr(loc)}" '
            f'display="{escape_attr(text[:MAX_LINK_DISPLAY])}"/>'
            for ref, loc, text in links
        )
        out.append(f"<hyperlinks>{linked}</hyperlinks>")
    out.append(print_xml(sheet, body_pt))
    if sheet.charts:  # its relationship to the drawing is the sheet's only one
        out.append('<drawing r:id="rId1"/>')
    if sheet.sparklines:
        out.append(sparklines_xml(sheet.name, sheet.sparklines))
    out.append("</worksheet>")
    return out


def _validations(sheet: SheetSpec) -> str:
    """The sheet's drop-down lists."""
    items = []
    for v in sheet.validations:
        listed = '"' + ",".join(x.replace('"', '""') for x in v.values) + '"'
        prompt = f' promptTitle="Choose" prompt="{escape_attr(v.prompt[:255])}"' if v.prompt else ""
        items.append(
            f'<dataValidation type="list" allowBlank="1" showInputMessage="1" '
            f'showErrorMessage="1"{prompt} sqref="{v.sqref}">'
            f"<formula1>{escape_text(v.source or listed)}</formula1></dataValidation>"
        )
    return f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>'


def _without_link(cell: Cell, styles: dict[int, Style]) -> Cell:
    """The cell as plain text: past Excel's hyperlink limit it cannot link."""
    style = cell.style
    if style is not None:
        plain = styles.get(id(style))
        if plain is None:
            plain = styles[id(style)] = replace(style, underline=False, colour=None)
        style = plain
    return Cell(cell.value, style, cell.formula, None)


SPARKLINE_EXT = "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"


def sparklines_xml(sheet_name: str, sparklines: list[Sparkline]) -> str:
    """The worksheet's <extLst> with Excel 2010's sparkline groups, as Excel and XlsxWriter
    write them. Colours are RGB, not theme colours, so they look the same in any workbook."""
    groups: dict[tuple, list[Sparkline]] = {}
    for line in sparklines:
        groups.setdefault((line.colour, line.markers, line.high_low), []).append(line)
    where = escape_text(quote_sheet(sheet_name) if needs_quotes(sheet_name) else sheet_name)
    out = [
        f'<extLst><ext xmlns:x14="{NS_X14}" uri="{SPARKLINE_EXT}">'
        f'<x14:sparklineGroups xmlns:xm="{NS_XM}">'
    ]
    for (colour, markers, high_low), lines in groups.items():
        flags = (' markers="1"' if markers else "") + (' high="1" low="1"' if high_low else "")
        colours = (
            ("Series", colour),
            ("Negative", "C00000"),
            ("Axis", "000000"),
            ("Markers", colour),
            ("First", colour),
            ("Last", colour),
            ("High", "00B050"),
            ("Low", "FF0000"),
        )
        out.append(f'<x14:sparklineGroup displayEmptyCellsAs="gap"{flags}>')
        out.extend(f'<x14:color{name} rgb="FF{rgb}"/>' for name, rgb in colours)
        out.append("<x14:sparklines>")
        out.extend(
            f"<x14:sparkline><xm:f>{where}!{line.source}</xm:f>"
            f"<xm:sqref>{line.cell}</xm:sqref></x14:sparkline>"
            for line in lines
        )
        out.append("</x14:sparklines></x14:sparklineGroup>")
    out.append("</x14:sparklineGroups></ext></extLst>")
    return "".join(out)


def _sheet_views(sheet: SheetSpec, selected: bool) -> str:
    tab = ' tabSelected="1"' if selected else ""
    if not sheet.freeze or not any(sheet.freeze):
        return f'<sheetViews><sheetView workbookViewId="0"{tab}/></sheetViews>'
    rows, cols = sheet.freeze
    top_left = f"{col_letter(cols + 1)}{rows + 1}"
    attrs = []
    if cols:
        attrs.append(f'xSplit="{cols}"')
    if rows:
        attrs.append(f'ySplit="{rows}"')
    pane = "bottomRight" if rows and cols else ("bottomLeft" if rows else "topRight")
    return (
        f'<sheetViews><sheetView workbookViewId="0"{tab}>'
        f'<pane {" ".join(attrs)} topLeftCell="{top_left}" activePane="{pane}" state="frozen"/>'
        f'<selection pane="{pane}" activeCell="{top_left}" sqref="{top_left}"/>'
        "</sheetView></sheetViews>"
    )
