"""Long lists on ragbook's sheets, cut to fit within Excel's limits.

A list that would run past Excel's last row ends with a line saying how many
more there are and where the full list is (the JSON output keeps every item).
The limits are read when a sheet is built, so a test can make them small.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from ..xlsx.limits import MAX_ROWS
from ..xlsx.spec import Cell
from . import palette as S

T = TypeVar("T")

# Rows one list may fill on a sheet of its own (Checks, Exceptions, a lead's
# sheet): all of Excel's rows but room for the title and headers above and the
# "and N more" line below.
SHEET_LIST = MAX_ROWS - 100
# Rows one list of the Tracker may fill: it holds several lists, and is read by
# a board, not scrolled to the bottom.
TRACKER_LIST = 50_000


def sheet_list(items: Sequence[T], used: int = 0) -> tuple[Sequence[T], int]:
    """The items a sheet of its own can list below the `used` rows of a list above them,
    and how many more there are."""
    return _cut(items, SHEET_LIST - used)


def tracker_list(items: Sequence[T]) -> tuple[Sequence[T], int]:
    """The items one Tracker list shows, and how many more there are."""
    return _cut(items, TRACKER_LIST)


def _cut(items: Sequence[T], limit: int) -> tuple[Sequence[T], int]:
    limit = max(limit, 0)
    if len(items) <= limit:
        return items, 0
    return items[:limit], len(items) - limit


def more_cell(more: int, noun: str, where: str) -> Cell:
    """'... and 1,204 more problems: see ...' under a list that was cut."""
    return Cell(
        f"... and {more:,} more {noun}, not listed here (Excel's sheets end at row "
        f"{MAX_ROWS:,}): see {where}.",
        S.NOTE,
    )
