"""The RAG key a council types at the top of its plan, above the table.

Seed 004 has a "STATUS RAG RATING" row, then a coloured cell beside each
status; seed 000 has "RAG RATING" with each label in a cell filled in its
colour. Such a key is evidence for the scale (its labels) and for the colour
of each rating. Pure functions over cells already read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..rules.scales import PRESETS, Scale, is_neutral
from ..rules.schema import normalise_header
from ..xlsx.cells import SheetCells, cell_ref, display

# "RAG RATING", "STATUS RAG RATING", "RAG key", "RAG status key", "Key", "Rating scale"
_TITLE = re.compile(
    r"^(?:(?:status|rag|rating)\s+)*(?:rag|rating|status|key)"
    r"(?:\s+(?:rating|status|key|scale|ratings))*$"
)
_MAX_LABEL = 40


@dataclass(frozen=True)
class SheetKey:
    """A key typed above the table: its title's cell and (label, colour, cell) entries."""

    title_cell: str
    first_row: int
    last_row: int
    entries: tuple[tuple[str, str, str], ...]  # (label as typed, RRGGBB, cell of the label)

    @property
    def labels(self) -> list[str]:
        return [label for label, _, _ in self.entries]

    def where(self) -> str:
        return (
            f"rows {self.first_row}-{self.last_row}"
            if self.last_row > self.first_row
            else f"row {self.first_row}"
        )


def find_key(cells: SheetCells, header_row: int, fills: dict[int, str]) -> SheetKey | None:
    """The key typed above the header row: a title row, then one row per rating with
    its label and a cell filled in its colour (the label's own cell or one beside it)."""
    for row in sorted(r for r in cells.rows if r < header_row):
        title = next(
            (
                c
                for c, cell in sorted(cells.rows[row].items())
                if _TITLE.match(normalise_header(display(cell.value)))
            ),
            None,
        )
        if title is None:
            continue
        entries = []
        r = row + 1
        while r < header_row:
            entry = _entry(cells.rows.get(r, {}), r, fills)
            if entry is None:
                break
            entries.append(entry)
            r += 1
        if len(entries) >= 2:
            return SheetKey(cell_ref(row, title), row + 1, r - 1, tuple(entries))
    return None


def _entry(values: dict, row: int, fills: dict[int, str]) -> tuple[str, str, str] | None:
    label, label_col, colour = None, 0, None  # label_col is read once a label is found
    for col, cell in sorted(values.items()):
        text = display(cell.value).strip()
        fill = fills.get(cell.style)
        if fill and is_neutral(fill):
            fill = None
        if text and label is None:
            if len(text) > _MAX_LABEL or isinstance(cell.value, (int, float)):
                return None
            label, label_col = text, col
            colour = colour or fill
        elif fill and colour is None and (label is None or col == label_col + 1):
            colour = fill
    if label is None or colour is None or label_col is None:
        return None
    return label, colour, cell_ref(row, label_col)


def scale_from_key(key: SheetKey, presets: dict[str, Scale] = PRESETS) -> Scale | None:
    """The preset every label of the key names (by label, code or a council's spelling),
    in the key's colours; None when no preset has them all."""
    best, best_exact = None, -1
    for scale in presets.values():
        found = [scale.find(label) for label in key.labels]
        if any(r is None for r in found) or len({r.label for r in found if r}) != len(found):
            continue
        exact = sum(
            1 for label, r in zip(key.labels, found, strict=False) if r and label == r.label
        )
        if exact > best_exact:
            best, best_exact = scale, exact
    if best is None:
        return None
    colours = {}
    for label, colour, _ in key.entries:
        rating = best.find(label)
        if rating is not None:
            colours[rating.label] = colour
    return best.with_colours(colours)


__all__ = ["SheetKey", "find_key", "scale_from_key"]
