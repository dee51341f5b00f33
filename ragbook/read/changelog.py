"""The Change log sheet: every change ragbook made to the owner's cells, oldest first.

Updates collect applied, refs add-refs filled in, periods close-period
reopened; and what was asked but not applied (a lead's edit to a locked cell,
with the status "not applied"), each cell of a returned workbook refused
("refused") or in conflict ("conflict"), and a returned workbook that brought
none of these ("returned"): so `ragbook status` finds every return here. The sheet is ragbook's (role "changelog").
Each write reads the rows already there and writes them again with the new
ones below, so entries are only ever added, never changed or dropped. Logs
written before the Status column existed read as they are (status blank).
"""

from __future__ import annotations

from datetime import datetime

from ..layout import palette as S
from ..rules.change_log import LogEntry
from ..rules.schema import CHANGE_LOG, Role
from ..xlsx.cells import display
from ..xlsx.owned import owned_sheets
from ..xlsx.package import Package
from ..xlsx.spec import Cell, SheetSpec, Style
from .workbook import WorkbookReader

HEADERS = (
    "When",
    "File",
    "Lead",
    "Action ref",
    "Field",
    "Old value",
    "New value",
    "Workbook id",
    "Status",
)
WHEN = Style(num_fmt="dd/mm/yyyy hh:mm", border=True, align="center", valign="top")


def read_change_log(pkg: Package) -> list[LogEntry]:
    """The entries of the workbook's Change log, if it has one."""
    index = next((i for i, role in owned_sheets(pkg).items() if role == Role.CHANGE_LOG), None)
    if index is None or pkg.sheets[index].part is None:
        return []
    cells = WorkbookReader.open(pkg).cells(pkg.sheets[index])
    header = next(
        (
            r
            for r in sorted(cells.rows)
            if [display(cells.value(r, c)) for c in range(1, 3)] == list(HEADERS[:2])
        ),
        None,
    )
    if header is None:
        return []
    entries = []
    for row in sorted(cells.rows):
        if row <= header:
            continue
        values = [cells.value(row, c) for c in range(1, len(HEADERS) + 1)]
        if all(v in (None, "") for v in values):
            continue
        when = values[0] if isinstance(values[0], datetime) else display(values[0])
        entries.append(LogEntry(when, *(display(v) for v in values[1:])))
    return entries


def build_change_log(name: str, entries: list[LogEntry]) -> SheetSpec:
    sheet = SheetSpec(name=name, role=Role.CHANGE_LOG, tab_colour=S.TAB_OWNED)
    sheet.widths = {1: 16, 2: 26, 3: 10, 4: 10, 5: 16, 6: 40, 7: 40, 8: 14, 9: 12}
    sheet.add(Cell(CHANGE_LOG, S.TITLE))
    sheet.add(
        Cell(
            "Every change ragbook made to the plan (updates 'ragbook collect' applied, "
            "refs 'ragbook add-refs' filled in, periods reopened), and what leads asked "
            "for but was not applied, oldest first. Built by ragbook: rows are only ever "
            "added, so do not type here.",
            S.SUBTITLE,
        )
    )
    sheet.blank()
    header_row = sheet.add(*[Cell(h, S.HEADER) for h in HEADERS])
    for e in entries:
        sheet.add(
            Cell(e.when, WHEN if isinstance(e.when, datetime) else S.PLAIN),
            Cell(e.file, S.TEXT),
            Cell(e.lead, S.PLAIN),
            Cell(e.ref, S.PLAIN),
            Cell(e.field, S.PLAIN),
            Cell(e.old, S.TEXT),
            Cell(e.new, S.TEXT),
            Cell(e.workbook, S.PLAIN),
            Cell(e.status or None, S.PLAIN),
        )
    sheet.freeze = (header_row, 0)
    sheet.print_title_rows = (header_row, header_row)
    sheet.fit_heights()
    return sheet
