"""Cell references ("B7", "A1:D9") and Excel serial dates: pure, no XML, no I/O.

The one part of xlsx/ the rules may import: a rule that names a cell in a
message, or reads a serial number a user typed, needs these and nothing else.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_REF = re.compile(r"^([A-Za-z]{1,3})(\d+)$")
EXCEL_EPOCH_1900 = date(1899, 12, 30)
EXCEL_EPOCH_1904 = date(1904, 1, 1)


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


_LETTERS: dict[int, str] = {}


def col_letter(index: int) -> str:
    found = _LETTERS.get(index)
    if found is None:
        n, out = index, ""
        while n:
            n, rem = divmod(n - 1, 26)
            out = chr(65 + rem) + out
        found = _LETTERS[index] = out
    return found


def cell_ref(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def parse_ref(ref: str) -> tuple[int, int]:
    m = _REF.match(ref.replace("$", ""))
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), col_index(m.group(1))


def parse_range(text: str) -> tuple[int, int, int, int]:
    """(first row, first column, last row, last column) of "B2:D5", or of "B2" alone."""
    first, _, last = text.partition(":")
    r1, c1 = parse_ref(first)
    r2, c2 = parse_ref(last or first)
    return r1, c1, r2, c2


def display(value: object) -> str:
    """A cell value as the text a user would see (dates day-first)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, date):  # a datetime too: its time is not shown
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def from_serial(serial: float, date1904: bool = False) -> date:
    """An Excel serial day number to a date (the time of day is dropped).

    Excel's 1900 system counts a 29 February 1900 that never was (serial 60),
    so serials before it are one day off the plain count; 60 itself is read as
    28 February 1900.
    """
    if date1904:
        return EXCEL_EPOCH_1904 + timedelta(days=int(serial))
    days = int(serial)
    if days < 61:
        return date(1899, 12, 31) + timedelta(days=min(days, 59))
    return EXCEL_EPOCH_1900 + timedelta(days=days)


def to_serial(value: date, date1904: bool = False) -> int:
    if date1904:
        return (value - EXCEL_EPOCH_1904).days
    if value < date(1900, 3, 1):
        return (value - date(1899, 12, 31)).days
    return (value - EXCEL_EPOCH_1900).days
