"""Reading a lead's returned workbook: data only, checked against its stamp.

Only cell values are read, through the same reader as the plan: a formula is
never evaluated or copied (a cell holding one is reported), and macros in an
.xlsm are never opened. Every update value comes back in the canonical form
the stamp compares (see stamp.canonical), and every locked cell that no
longer shows what was sent (a lead who turned protection off and changed a
due date) comes back as what it shows now, for the owner to decide.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import NotALeadWorkbook
from ..rules.model import Problem
from ..rules.returned import ReturnedRow, ReturnedWorkbook
from ..rules.scales import Scale
from ..rules.stamp import (
    ROW_HEADERS,
    STAMP_SHEET,
    Stamp,
    StampProblem,
    StampRow,
    canonical,
    from_rows,
    locked_hash,
    locked_text,
)
from ..xlsx.cells import NOT_A_CHARACTER, CellError, SheetCells, cell_ref, col_index, display
from ..xlsx.limits import MAX_CELL_TEXT
from ..xlsx.package import open_package
from .actions import parse_percent
from .workbook import WorkbookReader


def read_returned(path: str | Path, scale: Scale) -> ReturnedWorkbook:
    """Read a lead workbook as returned.

    Raises:
        NotAWorkbook: not a readable .xlsx/.xlsm.
        NotALeadWorkbook: no stamp, an edited stamp, or the lead sheet is gone.
    """
    path = Path(path)
    pkg = open_package(path)
    try:
        wb = WorkbookReader.open(pkg)
        entry = pkg.sheet(STAMP_SHEET)
        if entry is None or entry.part is None or entry.kind != "worksheet":
            raise NotALeadWorkbook(
                f"{path.name} is not a ragbook lead workbook (it has no hidden "
                "stamp); collect only workbooks written by ragbook split or "
                "send."
            )
        try:
            stamp = from_rows(_text_rows(wb.cells(entry), len(ROW_HEADERS)))
        except StampProblem as exc:
            raise NotALeadWorkbook(
                f"{path.name} cannot be collected: {exc}. Ask the lead to "
                "type their updates into the workbook as it was sent, or split "
                "again."
            ) from None
        sheet = _lead_sheet(wb, stamp, path)
        cells = wb.cells(sheet)
    finally:
        pkg.close()
    out = ReturnedWorkbook(path, stamp, sheet.name)
    where = f"[{path.name}]{sheet.name}"
    ref_col = stamp.columns.get("ref", 1)
    for stamp_row in stamp.rows:
        row = _find_row(cells, ref_col, stamp_row)
        if row is None:
            out.problems.append(
                Problem(
                    where,
                    cell_ref(stamp_row.row, ref_col),
                    f"action {stamp_row.ref} is no longer in this workbook",
                    "keep every row as it was sent, or split again",
                )
            )
            continue
        returned = ReturnedRow(stamp_row, {}, {})
        for key, col in stamp.columns.items():
            if key == "ref":
                continue
            ref = cell_ref(row, col)
            returned.cells[key] = ref
            value, problem = _value(key, cells.cell(row, col), scale, stamp_row.ref)
            if problem:
                out.problems.append(Problem(where, ref, *problem))
            else:
                returned.values[key] = value
        for letter, sent in stamp_row.locked.items():
            locked = cells.value(row, col_index(letter))
            if stamp.locked_columns.get(letter, ("",))[0] == "action":
                returned.action_text = display(locked).strip()
            if locked_hash(locked) != sent:
                returned.locked[letter] = (cell_ref(row, col_index(letter)), locked_text(locked))
        out.rows.append(returned)
    return out


def _text_rows(cells: SheetCells, width: int) -> list[list[str]]:
    return [
        [display(cells.value(r, c)) for c in range(1, width + 1)]
        for r in range(1, cells.max_row + 1)
    ]


def _lead_sheet(wb: WorkbookReader, stamp: Stamp, path: Path):
    """The lead sheet the stamp names; if renamed, the only other worksheet."""
    entry = wb.pkg.sheet(stamp.sheet)
    if entry is None:
        others = [
            s for s in wb.pkg.sheets if s.kind == "worksheet" and s.part and s.name != STAMP_SHEET
        ]
        entry = others[0] if len(others) == 1 else None
    if entry is None or entry.part is None:
        raise NotALeadWorkbook(
            f"{path.name}: the sheet '{stamp.sheet}' is missing; collect the "
            "workbook as it was sent."
        )
    return entry


def _find_row(cells: SheetCells, ref_col: int, stamp_row: StampRow) -> int | None:
    """The row holding the action: where it was written, else where it moved to."""
    if display(cells.value(stamp_row.row, ref_col)).strip() == stamp_row.ref:
        return stamp_row.row
    found = [r for r in cells.rows if display(cells.value(r, ref_col)).strip() == stamp_row.ref]
    return found[0] if len(found) == 1 else None


def _value(key: str, cell, scale: Scale, ref: str) -> tuple[str, tuple[str, str] | None]:
    """(canonical value, None) or ("", (message, fix))."""
    if cell is not None and cell.formula:
        return "", (
            f"action {ref}: this cell holds a formula; ragbook takes only typed values",
            "type the value itself (to start text with =, + or -, put ' before it)",
        )
    value = cell.value if cell is not None else None
    if isinstance(value, CellError):
        return "", (f"action {ref}: this cell holds the error {value}", "type the value itself")
    if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
        return "", (
            f"action {ref}: this update is {len(value):,} characters long, more than "
            f"Excel's limit of {MAX_CELL_TEXT:,} for a cell",
            "shorten it and send the workbook back again",
        )
    if isinstance(value, str) and NOT_A_CHARACTER in value:
        return "", (
            f"action {ref}: this update holds a character that is not valid text (shown "
            f"as {NOT_A_CHARACTER}), from a damaged file or a bad paste",
            "retype the text around it and send the workbook back again",
        )
    if key == "rating":  # one not on the scale is judged by merge, if the lead typed it
        return canonical(key, display(value), scale), None
    if key == "percent_complete":
        return _percent(value, ref)
    return canonical(key, display(value)), None


def _percent(value: object, ref: str) -> tuple[str, tuple[str, str] | None]:
    """% complete as typed: 0.5 (a cell formatted 50%), 50, or the text '50%'."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "", None
    number = parse_percent(value)
    if number is not None and 1 < number <= 100 and not str(value).strip().endswith("%"):
        number /= 100  # 50 typed into the % cell means 50%
    if number is None or not 0 <= number <= 1:
        return "", (
            f"action {ref}: '{display(value)}' is not a percentage from 0% to 100%",
            "type the percentage complete, e.g. 50%",
        )
    return canonical("percent_complete", number), None
