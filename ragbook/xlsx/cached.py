"""The cheap exact case: the owner's cells that are just one of ragbook's figures.

A formula that is exactly one of ragbook's names (`=RAG_Red`) or a single
reference to a cell of a sheet ragbook rebuilds (`=Tracker!B13`) gets its
cached value updated in the same write, so viewers without a calculation
engine (a phone's preview, pandas) show the new number. Only that cell's <v>
changes, and only for a number over a number; anything else waits for the
recalculation on opening (see recalc.py).
"""

from __future__ import annotations

import re

from .cells import parse_ref
from .spec import SheetSpec

_SINGLE_REF = re.compile(r"('(?:[^']|'')+'|[A-Za-z_][\w.]*)!\$?([A-Za-z]{1,3})\$?(\d+)")
_NAME = re.compile(r"[A-Za-z_\\][\w.\\]*")


def figure_value(spec: SheetSpec, cell: str) -> int | float | None:
    """The number ragbook writes in `cell` of the sheet, or None (text, a date, blank)."""
    row, col = parse_ref(cell)
    if row > len(spec.rows) or col > len(spec.rows[row - 1]):
        return None
    found = spec.rows[row - 1][col - 1]
    value = found.value if found is not None else None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value


def exact_value(
    formula: str, sheets: dict[str, SheetSpec], names: dict[str, tuple[SheetSpec, str]]
) -> int | float | None:
    """The new value of a formula that is exactly one name or one owned cell, else None.

    sheets: owned sheet name as the formula spells it (folded) -> its new spec;
    names: ragbook's name written (folded) -> (spec, cell).
    """
    text = formula.strip()
    if _NAME.fullmatch(text) and text.casefold() in names:
        return figure_value(*names[text.casefold()])
    m = _SINGLE_REF.fullmatch(text)
    if m is None:
        return None
    sheet = m.group(1)
    if sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    spec = sheets.get(sheet.casefold())
    return figure_value(spec, f"{m.group(2)}{m.group(3)}") if spec is not None else None


def set_cached(xml: bytes, values: dict[str, int | float]) -> bytes:
    """The sheet part with these cells' cached values (<v>) set; only numeric cells
    (no t, or t="n") with a formula change, and only their <v>."""
    text = xml.decode("utf-8")
    for ref, value in values.items():
        cell = re.search(
            rf"<((?:[\w.\-]+:)?)c\b[^>]*?\br\s*=\s*[\"']{ref}[\"'][^>]*(?<!/)>"
            rf"(.*?)</\1c>",
            text,
            re.S,
        )
        if cell is None:
            continue
        head = text[cell.start() : cell.start(2)]
        t = re.search(r"\bt\s*=\s*[\"'](\w+)[\"']", head)
        if t and t.group(1) != "n":
            continue
        p = cell.group(1)
        body = cell.group(2)
        number = str(value) if isinstance(value, int) else repr(float(value))
        v = re.search(rf"<{re.escape(p)}v>[^<]*</{re.escape(p)}v>|<{re.escape(p)}v/>", body)
        f_end = re.search(rf"</{re.escape(p)}f>|<{re.escape(p)}f\b[^>]*/>", body)
        if f_end is None:
            continue  # a value the owner typed, not a formula
        if v is not None:
            body = body[: v.start()] + f"<{p}v>{number}</{p}v>" + body[v.end() :]
        elif f_end is not None:
            body = body[: f_end.end()] + f"<{p}v>{number}</{p}v>" + body[f_end.end() :]
        else:
            continue
        text = text[: cell.start(2)] + body + text[cell.end(2) :]
    return text.encode("utf-8")


__all__ = ["exact_value", "figure_value", "set_cached"]
