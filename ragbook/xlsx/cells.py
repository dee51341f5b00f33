"""Reading cell values from worksheet XML, fast.

Worksheet parts are scanned with compiled regular expressions over the raw
bytes rather than a DOM: a 100,000-row sheet reads in about a second and
nothing but the values asked for is kept. Shared strings are looked up by
index, so a string used a thousand times is held once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..errors import NotAWorkbook
from .package import REL_SHARED_STRINGS, Package
from .read_styles import StyleInfo
from .refs import (  # noqa: F401  (cells is where the readers look for them)
    cell_ref,
    col_index,
    col_letter,
    display,
    from_serial,
    parse_range,
    parse_ref,
)

_P = rb"(?:[A-Za-z_][\w.\-]*:)?"  # an optional namespace prefix
_ITEM = re.compile(
    rb"<" + _P + rb"row\b([^>]*?)(/?)>"
    rb"|<" + _P + rb"c\b([^>]*?)(?:/>|>(.*?)</" + _P + rb"c>)",
    re.S,
)
_ATTR = re.compile(rb"\b(r|s|t)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_V = re.compile(rb"<" + _P + rb"v\b[^>]*?(?:/>|>(.*?)</" + _P + rb"v>)", re.S)
_F = re.compile(rb"<" + _P + rb"f\b")
_T = re.compile(rb"<" + _P + rb"t\b[^>]*?(?:/>|>(.*?)</" + _P + rb"t>)", re.S)
_RPH = re.compile(rb"<" + _P + rb"rPh\b.*?</" + _P + rb"rPh>", re.S)
_SI = re.compile(rb"<" + _P + rb"si\b[^>]*?(?:/>|>(.*?)</" + _P + rb"si>)", re.S)
# <si><t>text</t></si>, the form of nearly every shared string.
_SIMPLE_SI = re.compile(rb'<si>(?:<t(?: xml:space="preserve")?>([^<]*)</t>|<t/>)</si>|<si/>')
# <is><t>text</t></is>, the form of nearly every inline string (ragbook's own sheets).
_SIMPLE_IS = re.compile(rb'<is><t(?: xml:space="preserve")?>([^<]*)</t></is>')
_MERGE = re.compile(
    rb"<" + _P + rb"mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Za-z]+\d+(?::[A-Za-z]+\d+)?)[\"']"
)
_SHEETDATA_END = re.compile(rb"</" + _P + rb"sheetData>")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);")
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
# What a reference to something that is not a character (&#xD800;, a lone half of
# a UTF-16 pair) reads as: the replacement character, which any file can hold.
NOT_A_CHARACTER = "\ufffd"


class CellError(str):
    """An error value such as #N/A or #REF! held in a cell."""


@dataclass(slots=True)
class ReadCell:
    value: object
    style: int = 0
    formula: bool = False


@dataclass
class SheetCells:
    """Cells of one worksheet: rows[row][col] -> ReadCell, both 1-based."""

    name: str
    rows: dict[int, dict[int, ReadCell]] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    complete: bool = True  # False when reading stopped at max_row

    def cell(self, row: int, col: int) -> ReadCell | None:
        return self.rows.get(row, {}).get(col)

    def value(self, row: int, col: int) -> object:
        found = self.rows.get(row, {}).get(col)
        return found.value if found else None

    @property
    def max_row(self) -> int:
        return max(self.rows, default=0)


def unescape(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace")
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "_x" in text:
        text = _ESCAPED.sub(lambda m: _character(int(m.group(1), 16)), text)
    return text


def _character(code: int) -> str:
    """The character with this code; a lone surrogate is no character."""
    return NOT_A_CHARACTER if 0xD800 <= code <= 0xDFFF else chr(code)


def _entity(m: re.Match) -> str:
    name = m.group(1)
    if name[0] == "#":
        try:
            return _character(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
        except (ValueError, OverflowError):
            return m.group(0)
    return _NAMED[name]


def rich_text(raw: bytes) -> str:
    """Text of an <si> or <is>: its <t> runs, without phonetic (<rPh>) runs."""
    if b"rPh" in raw:
        raw = _RPH.sub(b"", raw)
    parts = [unescape(m.group(1)) for m in _T.finditer(raw) if m.group(1)]
    return "".join(parts)


def read_shared_strings(pkg: Package) -> list[str]:
    part = pkg.part_of_type(REL_SHARED_STRINGS)
    if part is None:
        return []
    data = pkg.read(part)
    simple = _SIMPLE_SI.findall(data)
    if (
        len(simple) == data.count(b"<si>") + data.count(b"<si/>")
        and b"<si " not in data
        and b":si" not in data
    ):
        return [
            unescape(t) if (b"&" in t or b"_x" in t) else t.decode("utf-8", "replace")
            for t in simple
        ]
    return [rich_text(m.group(1)) if m.group(1) else "" for m in _SI.finditer(data)]


def read_cells(
    data: bytes,
    name: str,
    strings: list[str],
    styles: StyleInfo,
    *,
    date1904: bool = False,
    max_row: int | None = None,
    columns: set[int] | None = None,
) -> SheetCells:
    """Values of a worksheet part's cells.

    Args:
        data: the worksheet part's bytes.
        name: the sheet's name, for messages.
        strings: the workbook's shared strings.
        styles: date styles and fills, from read_styles().
        max_row: stop after this row (to look for headers cheaply).
        columns: keep only these columns (1-based); None keeps all.
    """
    end = _SHEETDATA_END.search(data)
    stop = end.start() if end else len(data)
    truncated = False
    if max_row is not None:  # looking for headers: scan no further than the rows wanted
        beyond = data.find(f'<row r="{max_row + 1}"'.encode(), 0, stop)
        if beyond >= 0:
            stop, truncated = beyond, True
    out = None
    if _fast_path_applies(data, stop):
        out = _read_fast(data, stop, name, strings, styles, date1904, max_row, columns)
    if out is None:
        out = _read_general(data, stop, name, strings, styles, date1904, max_row, columns)
    if truncated:
        out.complete = False
    if out.complete:
        tail = data[stop:]
        for mm in _MERGE.finditer(tail):
            out.merged.append(parse_range(mm.group(1).decode("ascii")))
    return out


# The form Excel, LibreOffice, openpyxl and XlsxWriter all write: no namespace
# prefix, the reference first, then the style and type if any. Cells in any
# other form make the count of matches fall short, and the general reader is
# used instead.
_FAST_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})(\d{1,7})"(?: s="(\d{1,9})")?(?: t="(\w+)")?\s*'
    rb"(?:/>|><v>([^<]*)</v></c>|>(.*?)</c>)",
    re.S,
)


def _fast_path_applies(data: bytes, stop: int) -> bool:
    head = data[:2000]
    if re.search(rb"<[A-Za-z_][\w.\-]*:worksheet\b", head):
        return False
    cells = data.count(b"<c ", 0, stop) + data.count(b"<c>", 0, stop) + data.count(b"<c/", 0, stop)
    return cells == data.count(b'<c r="', 0, stop)


def _read_fast(
    data: bytes,
    stop: int,
    name: str,
    strings: list[str],
    styles: StyleInfo,
    date1904: bool,
    max_row: int | None,
    columns: set[int] | None,
) -> SheetCells | None:
    """None when a cell is not in the usual form (the caller reads generally)."""
    out = SheetCells(name)
    rows = out.rows
    date_styles = styles.date_styles
    col_cache: dict[bytes, int] = {}
    current: dict[int, ReadCell] = {}
    previous = None
    matched = 0
    for letters, digits, s, t, v, body in _chunked_cells(data, stop):
        matched += 1
        if digits != previous:
            previous = digits
            row_no = int(digits)
            if max_row is not None and row_no > max_row:
                out.complete = False
                return _drop_empty(out)
            row_cells = rows.get(row_no)
            if row_cells is None:
                row_cells = rows[row_no] = {}
            current = row_cells
        col_no = col_cache.get(letters)
        if col_no is None:
            col_no = col_cache[letters] = col_index(letters.decode("ascii"))
        if columns is not None and col_no not in columns:
            continue
        style = int(s) if s else 0
        formula = False
        value: object
        if v:
            if t == b"s":
                try:
                    value = strings[int(v)]
                except (ValueError, IndexError):
                    value = None
            elif not t or t == b"n":
                value = _number(v, style in date_styles, date1904)
            else:
                value = _typed(v, t, strings, style in date_styles, date1904)
        elif body:
            if t == b"inlineStr":
                simple = _SIMPLE_IS.fullmatch(body)
                if simple is None:
                    value = rich_text(body)
                else:
                    text = simple.group(1)
                    value = (
                        unescape(text)
                        if (b"&" in text or b"_x" in text)
                        else text.decode("utf-8", "replace")
                    )
            else:
                formula = _F.search(body) is not None
                found = _V.search(body)
                raw = found.group(1) if found else None
                value = (
                    None
                    if raw is None
                    else _typed(raw, t or None, strings, style in date_styles, date1904)
                )
        else:
            value = "" if v == b"" and t == b"str" else None
            if value is None and not style:
                continue
        current[col_no] = ReadCell(value, style, formula)
    if matched != data.count(b'<c r="', 0, stop):
        return None
    return _drop_empty(out)


CHUNK = 4 << 20


def _chunked_cells(data: bytes, stop: int):
    """_FAST_CELL.findall over the sheet a few MB at a time, split between rows:
    as fast as one findall, without a list of every cell in memory at once."""
    pos = 0
    while pos < stop:
        end = data.find(b"<row", min(pos + CHUNK, stop), stop) if pos + CHUNK < stop else -1
        end = stop if end < 0 else end
        yield from _FAST_CELL.findall(data, pos, end)
        pos = end


def _drop_empty(out: SheetCells) -> SheetCells:
    for row_no in [r for r, cells in out.rows.items() if not cells]:
        del out.rows[row_no]
    return out


def _number(raw: bytes, is_date: bool, date1904: bool) -> object:
    try:
        number = float(raw)
    except ValueError:
        return unescape(raw)
    if is_date and 0 <= number < 2958466:
        day = from_serial(number, date1904)
        if number % 1:
            seconds = round((number % 1) * 86400)
            return datetime(day.year, day.month, day.day) + timedelta(seconds=seconds)
        return day
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def _read_general(
    data: bytes,
    stop: int,
    name: str,
    strings: list[str],
    styles: StyleInfo,
    date1904: bool,
    max_row: int | None,
    columns: set[int] | None,
) -> SheetCells:
    """Any well-formed sheet: prefixed elements, cells without references."""
    out = SheetCells(name)
    rows = out.rows
    row_no, col_no = 0, 0
    current: dict[int, ReadCell] | None = None
    date_styles = styles.date_styles
    for m in _ITEM.finditer(data, 0, stop):
        row_attrs = m.group(1)
        if row_attrs is not None:
            r = _attr(row_attrs, b"r")
            if r is not None and not _ROW_NUMBER.fullmatch(r):
                raise _damaged(name, "a row's number", r)
            row_no = int(r.strip()) if r else row_no + 1
            if max_row is not None and row_no > max_row:
                out.complete = False
                break
            col_no = 0
            current = None
            continue
        attrs = m.group(3)
        ref, style_text, kind = None, None, None
        for a in _ATTR.finditer(attrs):
            key = a.group(1)
            val = a.group(2) if a.group(2) is not None else a.group(3)
            if key == b"r":
                ref = val
            elif key == b"s":
                style_text = val
            else:
                kind = val
        if ref:
            if not _CELL_REF.fullmatch(ref):
                raise _damaged(name, "a cell's reference", ref)
            ref = ref.strip()
            letters = ref.rstrip(b"0123456789")
            col_no = col_index(letters.decode("ascii", "replace"))
            digits = ref[len(letters) :]
            if digits and int(digits) != row_no:
                row_no = int(digits)
                current = None
        else:
            col_no += 1
        if columns is not None and col_no not in columns:
            continue
        body = m.group(4)
        style = (
            int(style_text) if style_text and style_text.isdigit() and len(style_text) < 10 else 0
        )
        value: object = None
        formula = False
        if body:
            formula = _F.search(body) is not None
            if kind == b"inlineStr":
                value = rich_text(body)
            else:
                v = _V.search(body)
                raw = v.group(1) if v else None
                if raw is not None:
                    value = _typed(raw, kind, strings, style in date_styles, date1904)
        if value is None and style == 0 and not formula:
            continue
        if current is None:
            current = rows.get(row_no)
            if current is None:
                current = rows[row_no] = {}
        current[col_no] = ReadCell(value, style, formula)
    return out


_ROW_NUMBER = re.compile(rb"\s*\d{1,7}\s*")
_CELL_REF = re.compile(rb"\s*[A-Za-z]{1,3}\d{1,7}\s*")


def _damaged(sheet: str, what: str, value: bytes) -> NotAWorkbook:
    shown = value[:20].decode("utf-8", "replace") + ("…" if len(value) > 20 else "")
    return NotAWorkbook(
        f"the sheet '{sheet}' is damaged: {what} is '{shown}', which is not one; "
        "open the file in Excel, which can often repair it, and save a copy."
    )


def _typed(
    raw: bytes, kind: bytes | None, strings: list[str], is_date: bool, date1904: bool
) -> object:
    if kind is None or kind == b"n":
        # An empty <v></v> (openpyxl with lxml writes one for a formula it never
        # calculated) is no value, not the empty text.
        return _number(raw, is_date, date1904) if raw.strip() else None
    if kind == b"s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            return None
    if kind == b"str" or kind == b"inlineStr":
        return unescape(raw)
    if kind == b"b":
        return raw.strip() in (b"1", b"true")
    if kind == b"e":
        return CellError(unescape(raw))
    if kind == b"d":
        text = unescape(raw)
        try:
            parsed = datetime.fromisoformat(text.replace("Z", ""))
        except ValueError:
            return text
        return parsed.date() if parsed.time() == datetime.min.time() else parsed
    return unescape(raw)


def _attr(attrs: bytes, key: bytes) -> bytes | None:
    for a in _ATTR.finditer(attrs):
        if a.group(1) == key:
            return a.group(2) if a.group(2) is not None else a.group(3)
    return None
