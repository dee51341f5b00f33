"""Finding the rating column by what it holds, when no heading names it.

Seed 004's ratings are in a column headed "Status: what is the progress on
the action?", as the status words or only as the colour of the key at the
top of the sheet; a column headed just "Status" may hold ratings or
progress notes. When no heading names the rating, the column whose
non-blank cells are mostly a scale's labels or codes, or mostly fills in the
scale's colours, is the rating column. Pure functions over cells already read.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..rules.scales import PRESETS, Scale, is_neutral, nearest_rating
from ..rules.schema import normalise_header
from ..xlsx.cells import SheetCells, display
from .table import Header, is_repeat_of

# Headings that may name the rating or a progress note: decided by the content.
AMBIGUOUS_HEADINGS = frozenset({"status", "current status"})
# Columns that never hold the rating.
_NEVER = frozenset(
    {"ref", "action", "lead", "due", "percent_complete", "one_off_cost", "recurring_cost"}
)


@dataclass(frozen=True)
class ContentMatch:
    """A column whose cells are mostly ratings of `scale`."""

    column: int
    scale: Scale
    ratings: int  # cells that are a rating of the scale: typed, or a fill in its colours
    colours: int  # how many of those are only a fill colour
    cells: int  # non-blank cells (typed or filled) in the column's action rows

    def reason(self) -> str:
        how = (
            "ratings or fills in the colours"
            if self.colours and self.colours < self.ratings
            else "fills in the colours"
            if self.colours
            else "ratings"
        )
        return (
            f"{self.ratings} of its {self.cells} filled cells are {how} of the "
            f"{self.scale.name} scale"
        )


def ratings_in_column(
    cells: SheetCells, header: Header, col: int, scale: Scale, fills: dict[int, str]
) -> ContentMatch:
    """How many of a column's cells in the table's action rows are ratings of `scale`."""
    action_col = header.columns.get("action")
    found = colours = filled = 0
    shown: set[str] = set()
    for row, values in cells.rows.items():
        if (
            row <= header.row
            or (
                action_col
                and not display(values[action_col].value if action_col in values else None).strip()
            )
            or is_repeat_of(cells, row, header)
        ):
            continue
        cell = values.get(col)
        if cell is None:
            continue
        text = display(cell.value).strip()
        if text:
            filled += 1
            rating = scale.find(text)
        else:
            fill = fills.get(cell.style)
            if not fill or is_neutral(fill):
                continue
            filled += 1
            rating = nearest_rating(scale, fill)
            colours += 1 if rating else 0
        if rating is not None:
            found += 1
            shown.add(rating.label)
    if colours == found and found >= 3 and len(shown) < 2:
        found = colours = 0  # one colour down a whole column is decoration, not ratings
    return ContentMatch(col, scale, found, colours, filled)


def find_rating_column(
    cells: SheetCells,
    header: Header,
    scales: list[Scale],
    fills: dict[int, str],
    only: int | None = None,
) -> ContentMatch | None:
    """The column (or just `only`) whose non-blank cells are mostly ratings of one of
    `scales`: the most ratings wins, then the rightmost (the current one)."""
    taken = {c for k, c in header.columns.items() if k in _NEVER}
    columns = [only] if only else sorted({c for row in cells.rows.values() for c in row} - taken)
    best: ContentMatch | None = None
    for col in columns:
        for scale in scales:
            match = ratings_in_column(cells, header, col, scale, fills)
            if match.ratings * 2 <= match.cells or not match.ratings:
                continue
            if best is None or (match.ratings, match.column) > (best.ratings, best.column):
                best = match
    return best


def take_rating_column(
    cells: SheetCells, header: Header, scale: Scale | None, fills: dict[int, str]
) -> ContentMatch | None:
    """The rating column decided by what it holds, when no heading names it or the only
    one that does could as well mean a progress note ("Status"). Changes `header`."""
    scales = [scale] if scale is not None else list(PRESETS.values())  # told, or any preset
    if len(header.rating_columns) == 1 and is_ambiguous(
        header.texts.get(header.rating_columns[0][1], "")
    ):
        col = header.rating_columns[0][1]
        match = find_rating_column(cells, header, scales, fills, only=col)
        if match is not None:
            return match
        header.rating_columns = []  # progress notes, not ratings
        if "progress" not in header.columns:
            header.columns["progress"] = col
        else:
            header.unknown[col] = header.texts.get(col, "")
    if header.rating_columns:
        return None
    match = find_rating_column(cells, header, scales, fills)
    if match is None:
        return None
    col = match.column
    for field_key in [k for k, c in header.columns.items() if c == col]:
        del header.columns[field_key]
    header.unknown.pop(col, None)
    header.rating_columns = [("", col)]
    return match


def is_ambiguous(heading: str) -> bool:
    """A heading that may name the rating or a progress note ("Status")."""
    return normalise_header(heading) in AMBIGUOUS_HEADINGS


__all__ = [
    "ContentMatch",
    "find_rating_column",
    "is_ambiguous",
    "ratings_in_column",
    "take_rating_column",
]
