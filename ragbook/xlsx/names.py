"""ragbook's stable names: workbook-scoped defined names for its key figures.

An owner's formula like `=RAG_Red` keeps meaning the same thing whatever the
Tracker's layout does, because every refresh points `RAG_Red` at the cell
that now holds the count. The contract (docs/names.md):

- every name ragbook makes starts with PREFIX and is a single absolute
  reference to a cell of a sheet ragbook owns ("'Tracker'!$B$12");
- a workbook-scoped name with the prefix that is such a reference is
  ragbook's, and is replaced (or removed) on every write;
- any other name is the owner's: it is never changed, and a figure whose
  name it already takes is not written (the write report says which).
"""

from __future__ import annotations

import re

from .cells import unescape

PREFIX = "RAG_"
MAX_NAME = 255
_CELL_LIKE = re.compile(r"[A-Za-z]{1,3}\d+|[Rr]\d*([Cc]\d*)?|[Cc]\d*", re.ASCII)
_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)", re.ASCII)


def name_part(text: str) -> str:
    """A piece of a name in Excel's rules: the words of `text` run together, each
    capitalised, keeping letters, digits, _ and . ("Light green" -> "LightGreen")."""
    words = re.split(r"[^A-Za-z0-9_.]+", text, flags=re.ASCII)
    return "".join(w[:1].upper() + w[1:] for w in words if w)


def figure_name(key: str) -> str:
    """The defined name of the figure `key` ("OnTrackPct" -> "RAG_OnTrackPct").

    Never cell-like ("A1", "R1C1"), never longer than Excel's 255 characters.
    """
    name = PREFIX + key
    if _CELL_LIKE.fullmatch(name):
        name = "_" + name
    return name[:MAX_NAME]


def unique_key(key: str, taken: set[str]) -> str:
    """`key`, or key_2, key_3 ... when another figure's key already folds to it
    (two leads whose codes differ only in spaces or punctuation)."""
    out, n = key, 2
    while out.casefold() in taken:
        out = f"{key}_{n}"
        n += 1
    taken.add(out.casefold())
    return out


def record_figure(figures: dict[str, str], key: str, cell: str) -> None:
    """Record a key figure's cell (see SheetSpec.figures) under a key no other
    figure of the sheet has."""
    folded = getattr(figures, "folded", None)  # a spec.Figures keeps its names casefolded
    if folded is None:
        folded = {k.casefold() for k in figures}
    figures[unique_key(key, folded)] = cell


def absolute(cell: str) -> str:
    """'B12' -> '$B$12'."""
    m = _REF.fullmatch(cell)
    if m is None:
        raise ValueError(f"not a cell: {cell!r}")
    return f"${m.group(1).upper()}${m.group(2)}"


def is_ragbooks(name: str, formula: str, owned: set[str]) -> bool:
    """Whether a workbook-scoped defined name is one ragbook made: the prefix, and
    a single reference to a cell of one of the `owned` sheet names (as written)."""
    if not name.upper().startswith(PREFIX):
        return False
    text = unescape(formula.encode("utf-8")).strip().lstrip("=")
    sheet, bang, ref = text.rpartition("!")
    if not bang or not _REF.fullmatch(ref):
        return False
    if len(sheet) >= 2 and sheet[0] == sheet[-1] == "'":
        sheet = sheet[1:-1].replace("''", "'")
    return sheet.casefold() in {o.casefold() for o in owned}


__all__ = [
    "PREFIX",
    "absolute",
    "figure_name",
    "is_ragbooks",
    "name_part",
    "record_figure",
    "unique_key",
]
