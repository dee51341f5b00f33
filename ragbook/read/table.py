"""Finding a table's header row and what each column means. Pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..rules.schema import ACTION_FIELDS, RATING_HISTORY_HEADER, Field, normalise_header
from ..xlsx.cells import SheetCells, display

HEADER_SEARCH_ROWS = 100
_MAX_HEADER_TEXT = 120


def header_lookup(fields: tuple[Field, ...]) -> dict[str, str]:
    """Normalised header text -> field key. Earlier fields win a shared synonym."""
    lookup: dict[str, str] = {}
    for f in fields:
        for synonym in (f.header, *f.synonyms):
            lookup.setdefault(normalise_header(synonym), f.key)
    return lookup


ACTION_LOOKUP = header_lookup(ACTION_FIELDS)


@dataclass
class Header:
    row: int
    columns: dict[str, int]  # field key -> column
    rating_columns: list[tuple[str, int]]  # (period label, column), left to right
    unknown: dict[int, str]  # column -> header text of columns ragbook does not know
    texts: dict[int, str] = field(default_factory=dict)  # column -> header as typed
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (field, ignored column)

    @property
    def normalised(self) -> dict[int, str]:
        """column -> normalised header text (computed once)."""
        found = self.__dict__.get("_normalised")
        if found is None:
            found = self.__dict__["_normalised"] = {
                c: normalise_header(t) for c, t in self.texts.items()
            }
        return found

    @property
    def score(self) -> int:
        return len(self.columns) + (1 if self.rating_columns else 0)


_TYPED_PERIOD = re.compile(
    r"^\s*(?:rag\s+rating|rag\s+status|rag|rating|status)\b[\s\-–—:.]*"
    r"(?P<period>.*)$",
    re.I,
)


def classify(text: str, lookup: dict[str, str]) -> tuple[str | None, str | None]:
    """(field key, rating period) a header means. A rating column has key 'rating'."""
    norm = normalise_header(text)
    if not norm:
        return None, None
    key = lookup.get(norm)
    if key == "rating":
        return "rating", ""
    if key:
        return key, None
    if lookup is ACTION_LOOKUP:
        m = RATING_HISTORY_HEADER.match(norm)
        if m and m.group("period") not in ("update", "of action", "s"):
            # The period as typed ("RAG - Oct" -> "Oct"), not lower-cased.
            typed = _TYPED_PERIOD.match(" ".join(str(text).split()))
            period = typed.group("period").strip() if typed else ""
            return "rating", period or m.group("period")
    return None, None


def read_header(cells: SheetCells, row: int, lookup: dict[str, str] = ACTION_LOOKUP) -> Header:
    columns: dict[str, int] = {}
    ratings: list[tuple[str, int]] = []
    unknown: dict[int, str] = {}
    texts: dict[int, str] = {}
    duplicates: list[tuple[str, int]] = []
    for col, cell in sorted(cells.rows.get(row, {}).items()):
        text = display(cell.value).strip()
        if not text or len(text) > _MAX_HEADER_TEXT:
            continue
        texts[col] = text
        key, period = classify(text, lookup)
        if key == "rating" and lookup is ACTION_LOOKUP:
            ratings.append((period or "", col))
        elif key and key not in columns:
            columns[key] = col
        elif key:
            duplicates.append((key, col))
        else:
            unknown[col] = text
    return Header(row, columns, ratings, unknown, texts, duplicates)


def find_header(
    cells: SheetCells,
    lookup: dict[str, str] = ACTION_LOOKUP,
    required: tuple[str, ...] = ("action",),
    minimum: int = 3,
    score: Callable[[SheetCells, Header], int] | None = None,
) -> Header | None:
    """The row in the first rows of a sheet that best looks like the header: the
    first with the highest score (Header.score unless `score` is given)."""
    best: Header | None = None
    best_score = 0
    for row in sorted(cells.rows):
        if row > HEADER_SEARCH_ROWS:
            break
        header = read_header(cells, row, lookup)
        points = header.score if score is None else score(cells, header)
        if points < minimum or not all(k in header.columns for k in required):
            continue
        if best is None or points > best_score:
            best, best_score = header, points
    return best


def is_repeat_of(cells: SheetCells, row: int, header: Header) -> bool:
    """A row that repeats the header (a plan pasted from Word repeats it per page)."""
    values = cells.rows.get(row)
    if not values:
        return False
    normalised = header.normalised
    action_col = header.columns.get("action")
    if action_col is not None:  # every repeated header repeats the Action header
        cell = values.get(action_col)
        expected = normalised.get(action_col, "")
        if (
            cell is None
            or not isinstance(cell.value, str)
            or len(cell.value) > 2 * len(expected) + 10
            or normalise_header(cell.value) != expected
        ):
            return False
    needed = max(2, (len(normalised) + 1) // 2)
    same, left = 0, len(normalised)
    for col, norm in normalised.items():
        left -= 1
        cell = values.get(col)
        if (
            cell is not None
            and isinstance(cell.value, str)
            and len(cell.value) <= _MAX_HEADER_TEXT
            and normalise_header(cell.value) == norm
        ):
            same += 1
            if same >= needed:
                return True
        elif same + left < needed:
            return False
    return False
