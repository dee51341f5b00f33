"""Changing single cells of a sheet the owner owns, leaving the rest as it was.

Only the edited <c> elements change (a missing cell or row is inserted in
order); the cell keeps its format, unless the caller asks for its fill to
follow a new rating (then only its style index changes, to a copy of its
format with the new fill: see stylesheet.StylesEditor.recoloured). A cell
holding a formula is never overwritten: the caller gets a PatchRefused
naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import UnsafeToWrite
from .cells import parse_ref
from .sheetxml import cell_xml
from .spec import Cell
from .xmltext import utf8_text

_P = r"(?:[A-Za-z_][\w.\-]*:)?"
_ROW = re.compile(rf"<({_P})row\b([^>]*?)(/?)>")
_ROW_R = re.compile(r"\br\s*=\s*[\"'](\d+)[\"']")
_CELL = re.compile(rf"<{_P}c\b([^>]*?)(?:/>|>(.*?)</{_P}c>)", re.S)
_CELL_ATTR = re.compile(r"\b(r|s)\s*=\s*[\"']([^\"']*)[\"']")
_FORMULA = re.compile(rf"<{_P}f\b")
_SHEET_DATA = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?sheetData\b[^>]*?(?<!/)>")
_FORMULA_ANYWHERE = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?f[\s/>]")
_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?c\s[^>]*?\br\s*=\s*[\"']([A-Za-z]+\d+)[\"']")

# (style index, RRGGBB) -> the style index of a copy of that format with that fill.
Restyle = Callable[[int, str], int]


class PatchRefused(UnsafeToWrite):
    """A cell cannot be changed safely (it holds a formula, say)."""

    def __init__(self, message: str, cell: str):
        super().__init__(message)
        self.cell = cell


def formula_cells(data: bytes) -> frozenset[str]:
    """The cells of a worksheet part that hold a formula ("G12", ...)."""
    found = set()
    section = _SHEET_DATA.search(data)
    if section is None:
        return frozenset()
    first = section.end()
    last = data.find(b"sheetData>", first)
    for m in _FORMULA_ANYWHERE.finditer(data, first, last if last >= 0 else len(data)):
        # A formula is inside its cell: the nearest cell start before it is its cell.
        start = data.rfind(b"<", first, m.start())
        while start >= first and not _CELL_START.match(data, start):
            start = data.rfind(b"<", first, start)
        cell = _CELL_START.match(data, start) if start >= first else None
        if cell:
            found.add(cell.group(1).decode("ascii").upper())
    return frozenset(found)


def _closing(text: str, tag: str, start: int, sheet: str) -> int:
    """Where a closing tag is; a sheet without it is not one ragbook edits."""
    at = text.find(tag, start)
    if at < 0:
        raise UnsafeToWrite(
            f"the sheet '{sheet}' is written in a way ragbook does not edit "
            f"safely (no {tag}); open the file in Excel, save it, and try again."
        )
    return at


def patch_cells(
    data: bytes,
    edits: dict[str, object],
    sheet: str = "sheet",
    date1904: bool = False,
    recolour: dict[str, str] | None = None,
    restyle: Restyle | None = None,
) -> bytes:
    """Sheet XML with the given cells set to new values.

    Args:
        data: the worksheet part's bytes.
        edits: cell reference ("F12") -> new value (str, number, bool, date, None to clear).
        sheet: the sheet's name, for messages.
        recolour: cell reference -> RRGGBB: edited cells whose fill becomes that colour,
            through `restyle` (nothing else of their format changes).
    """
    if not edits:
        return data
    fills = (
        {ref.replace("$", "").upper(): rgb for ref, rgb in (recolour or {}).items()}
        if restyle
        else {}
    )
    text = utf8_text(data, f"the sheet '{sheet}'")
    by_row: dict[int, dict[int, tuple[str, object]]] = {}
    for ref, value in edits.items():
        row, col = parse_ref(ref)
        by_row.setdefault(row, {})[col] = (ref.replace("$", "").upper(), value)
    start = re.search(rf"<({_P})sheetData\b[^>]*?(/?)>", text)
    if start is None:
        raise UnsafeToWrite(f"{sheet}: the sheet has no cell data section ragbook can edit")
    prefix = start.group(1)
    if start.group(2):  # <sheetData/>
        rows = "".join(_new_row(prefix, r, cols, date1904) for r, cols in sorted(by_row.items()))
        return (
            text[: start.start()]
            + f"<{prefix}sheetData>{rows}</{prefix}sheetData>"
            + text[start.end() :]
        ).encode("utf-8")
    end = _closing(text, f"</{prefix}sheetData>", start.end(), sheet)
    out: list[str] = [text[: start.end()]]
    pos = start.end()
    pending = sorted(by_row.items())
    found = _edited_rows(text, prefix, [n for n, _ in pending], start.end(), end)
    for m in found if found is not None else _ROW.finditer(text, start.end(), end):
        r = _ROW_R.search(m.group(2))
        if r is None:
            raise UnsafeToWrite(
                f"{sheet}: its rows are not numbered, so ragbook cannot edit cells "
                "safely; open the file in Excel, save it, and try again."
            )
        row_no = int(r.group(1))
        while pending and pending[0][0] < row_no:
            number, cols = pending.pop(0)
            out.append(text[pos : m.start()])
            pos = m.start()
            out.append(_new_row(prefix, number, cols, date1904))
        if pending and pending[0][0] == row_no:
            _, cols = pending.pop(0)
            out.append(text[pos : m.start()])
            if m.group(3):  # <row r="5"/>
                out.append(
                    f"<{m.group(1)}row{m.group(2)}>"
                    + _cells(cols, date1904, prefix)
                    + f"</{m.group(1)}row>"
                )
                pos = m.end()
            else:
                close = _closing(text, f"</{m.group(1)}row>", m.end(), sheet)
                out.append(text[m.start() : m.end()])
                out.append(
                    _patch_row(text[m.end() : close], cols, sheet, date1904, prefix, fills, restyle)
                )
                pos = close
    out.append(text[pos:end])
    for number, cols in pending:
        out.append(_new_row(prefix, number, cols, date1904))
    out.append(text[end:])
    return "".join(out).encode("utf-8")


def _edited_rows(
    text: str, prefix: str, numbers: list[int], lo: int, hi: int
) -> list[re.Match[str]] | None:
    """The start tags of the rows to edit, found by their number in one pass down the
    sheet, when every one is there as Excel writes it (`<row r="12"`, in order); else
    None, and the caller walks every row (a sheet of 100,000 rows edited in ten
    costs ten searches, not 100,000 matches)."""
    found = []
    pos = lo
    for number in numbers:
        at = text.find(f'<{prefix}row r="{number}"', pos, hi)
        m = _ROW.match(text, at) if at >= 0 else None
        if m is None:
            return None
        found.append(m)
        pos = m.end()
    return found


def _value_xml(ref: str, value: object, style: int, date1904: bool) -> str:
    return cell_xml(ref, Cell(value), lambda _: style, date1904) or f'<c r="{ref}"/>'


def _with_prefix(xml: str, prefix: str) -> str:
    if not prefix:
        return xml
    return re.sub(r"<(/?)(c|is|t|v|f)\b", rf"<\1{prefix}\2", xml)


def _cells(cols: dict[int, tuple[str, object]], date1904: bool, prefix: str) -> str:
    return "".join(
        _with_prefix(_value_xml(ref, value, 0, date1904), prefix)
        for _, (ref, value) in sorted(cols.items())
    )


def _new_row(prefix: str, number: int, cols: dict, date1904: bool) -> str:
    return f'<{prefix}row r="{number}">' + _cells(cols, date1904, prefix) + f"</{prefix}row>"


def _patch_row(
    body: str,
    cols: dict[int, tuple[str, object]],
    sheet: str,
    date1904: bool,
    prefix: str,
    fills: dict[str, str],
    restyle: Restyle | None,
) -> str:
    out: list[str] = []
    pos = 0
    remaining = dict(cols)
    for m in _CELL.finditer(body):
        attrs = dict(_CELL_ATTR.findall(m.group(1)))
        if "r" not in attrs:
            raise UnsafeToWrite(
                f"{sheet}: its cells are not labelled with references, so ragbook "
                "cannot edit them safely; open the file in Excel, save it, and "
                "try again."
            )
        _, col = parse_ref(attrs["r"])
        for new_col in sorted(c for c in remaining if c < col):
            ref, value = remaining.pop(new_col)
            out.append(body[pos : m.start()])
            pos = m.start()
            out.append(_with_prefix(_value_xml(ref, value, 0, date1904), prefix))
        if col in remaining:
            ref, value = remaining.pop(col)
            if m.group(2) and _FORMULA.search(m.group(2)):
                raise PatchRefused(
                    f"{sheet}!{ref} holds a formula; ragbook will not overwrite it", ref
                )
            style = int(attrs.get("s", "0") or 0)
            if ref in fills and restyle is not None:
                style = restyle(style, fills[ref])
            out.append(body[pos : m.start()])
            out.append(_with_prefix(_value_xml(ref, value, style, date1904), prefix))
            pos = m.end()
    out.append(body[pos:])
    for _, (ref, value) in sorted(remaining.items()):
        out.append(_with_prefix(_value_xml(ref, value, 0, date1904), prefix))
    return "".join(out)


__all__ = ["PatchRefused", "formula_cells", "patch_cells"]
