"""Which rows of a worksheet are hidden, and whether the sheet has a filter.

An officer who sees "2 reds" in Excel while ragbook counts 8 actions needs to
know that rows are hidden or filtered out: Excel marks both as hidden rows
(`<row r="20" hidden="1">`), and a filter also leaves an `<autoFilter>`.
"""

from __future__ import annotations

import re

_ROW_HIDDEN = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?row\b([^>]*?\bhidden\s*=\s*[\"'](?:1|true)"
    rb"[\"'][^>]*)>"
)
_R = re.compile(rb"\br\s*=\s*[\"'](\d+)[\"']")
_FILTER = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?autoFilter\b[^>]*?\bref\s*=\s*[\"']([^\"']+)[\"']")


def hidden_rows(data: bytes) -> list[int]:
    """Row numbers (1-based) a worksheet part marks hidden."""
    if b"hidden" not in data:
        return []
    out = []
    for m in _ROW_HIDDEN.finditer(data):
        r = _R.search(m.group(1))
        if r:
            out.append(int(r.group(1)))
    return out


def filter_range(data: bytes) -> str | None:
    """The range of the sheet's filter ("A13:J60"), or None."""
    m = _FILTER.search(data)
    return m.group(1).decode("ascii", "replace") if m else None


__all__ = ["filter_range", "hidden_rows"]
