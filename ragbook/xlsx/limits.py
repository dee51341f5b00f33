"""Excel's limits, in one place: what ragbook writes stays within them, and what it
reads is bounded by them.

The sheet limits are Excel's own ("Excel specifications and limits"); the
hyperlink limit is Excel's of about 65,530 per sheet, with a margin.
"""

from __future__ import annotations

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_TEXT = 32_767  # characters in one cell
MAX_SHEET_NAME = 31  # UTF-16 code units, as Excel counts (an emoji is two)
MAX_HYPERLINKS = 64_000  # per sheet; Excel stops at about 65,530
MAX_LINK_DISPLAY = 255  # characters of a hyperlink's display text
MAX_ROW_HEIGHT = 409.0  # points
# Names Excel will not accept for a sheet, compared case-insensitively.
RESERVED_SHEET_NAMES = ("history",)

# Reading: a part larger than this, uncompressed, is not read (no plan needs it,
# and a crafted file could use it to exhaust memory).
MAX_PART_BYTES = 512 << 20
# ... and a part over RATIO_FLOOR that inflates more than MAX_RATIO times is a
# zip bomb: sheet XML deflates 5 to 300 times, and DEFLATE cannot pass 1,032.
MAX_RATIO = 1_000
RATIO_FLOOR = 64 << 20


def utf16_len(text: str) -> int:
    """The length of text as Excel counts it: UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def cut_utf16(text: str, units: int) -> str:
    """The longest start of `text` that is at most `units` UTF-16 code units,
    never splitting a character."""
    if len(text) * 2 <= units or utf16_len(text) <= units:
        return text
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > units:
            return text[:i]
    return text


def fit_cell_text(text: str) -> str:
    """Text as a cell can hold it: cut to Excel's limit, ending in '…' when cut
    (the reader reports the cell in Checks)."""
    if len(text) * 2 <= MAX_CELL_TEXT or utf16_len(text) <= MAX_CELL_TEXT:
        return text
    return cut_utf16(text, MAX_CELL_TEXT - 1) + "…"
