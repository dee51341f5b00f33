"""Test workbooks built with openpyxl, independently of ragbook's own writers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

HEADERS = [
    "Ref",
    "Priority",
    "Action",
    "Lead(s)",
    "Date due",
    "RAG rating",
    "% complete",
    "Progress update",
]
LEADS = [
    ("AF", "Head of Early Help", "Head of Service", "af@example.org"),
    ("AMD", "Service Manager - Children in Care", "Service Manager", "amd@example.org"),
    ("SG", "Service Manager - Front Door", "Service Manager", "sg@example.org"),
]
RAG4 = [
    ("Red", "R", "FF0000", "Not started or significant delay", "off track"),
    ("Amber", "A", "FFC000", "Some delay", "off track"),
    ("Green", "G", "00B050", "On track", "on track"),
    ("Completed", "C", "0070C0", "Completed and evidenced", "complete"),
]


def write_plan(
    path: str | Path,
    rows: list[list[object]],
    *,
    headers: list[str] | None = None,
    leads: list[tuple] | None = None,
    scale: list[tuple] | None = None,
    title: str = "Test plan",
    as_of: date | None = None,
    due_soon: int | None = 30,
    sheet: str = "Actions",
    header_row: int = 1,
    settings: bool = True,
    extra_sheets: dict[str, list[list[object]]] | None = None,
) -> Path:
    """A plan workbook: Actions (rows under `headers`), Leads and Settings."""
    path = Path(path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for i, value in enumerate(headers or HEADERS, start=1):
        ws.cell(header_row, i, value)
    for r, row in enumerate(rows, start=header_row + 1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(r, c, value)
            if isinstance(value, (date, datetime)):
                cell.number_format = "dd/mm/yyyy"
    if leads is None:
        leads = LEADS
    if leads:
        wl = wb.create_sheet("Leads")
        wl.append(["Code", "Name", "Role", "Email"])
        for lead in leads:
            wl.append(list(lead))
    if settings:
        st = wb.create_sheet("Settings")
        st["A1"] = "ragbook settings"
        st["A3"], st["B3"] = "Plan title", title
        st["A4"], st["B4"] = "Scale", "custom"
        if due_soon is not None:
            st["A5"], st["B5"] = "Due-soon window (days)", due_soon
        st["A6"] = "As-of date"
        if as_of:
            st["B6"] = datetime(as_of.year, as_of.month, as_of.day)
            st["B6"].number_format = "dd/mm/yyyy"
        for c, h in enumerate(["Label", "Code", "Colour", "Meaning", "Counts as"], start=1):
            st.cell(9, c, h)
        for r, rating in enumerate(scale or RAG4, start=10):
            for c, value in enumerate(rating, start=1):
                st.cell(r, c, value)
    for name, sheet_rows in (extra_sheets or {}).items():
        extra = wb.create_sheet(name)
        for row in sheet_rows:
            extra.append(row)
    wb.save(path)
    return path


def action(
    ref,
    action_text="Do something",
    lead="AF",
    due=date(2019, 1, 31),
    rating="Green",
    priority="Priority 1",
    percent=None,
    progress="",
):
    """A row in HEADERS order."""
    return [ref, priority, action_text, lead, due, rating, percent, progress]


def owner_file_bytes(name: str) -> bytes:
    """An Excel owner file as Excel writes it (165 bytes)."""
    ansi = name.encode("cp1252")
    data = bytes([len(ansi)]) + ansi
    data += b" " * (54 - len(data))
    data += b"\x00" + len(name).to_bytes(2, "little") + name.encode("utf-16-le")
    data += b"\x20\x00" * ((165 - len(data)) // 2)
    return data[:165].ljust(165, b" ")


LOOP_HEADERS = [*HEADERS, "Evidence", "Notes"]
LOOP_AS_OF = date(2019, 1, 15)


def write_loop_plan(path: str | Path, **kwargs) -> Path:
    """A plan for split / send / collect: three leads, an Evidence column and one
    column ragbook does not know (Notes)."""
    rows = [
        [
            *action(
                "1.1",
                lead="AF",
                due=date(2018, 12, 1),
                rating="Red",
                percent=0.25,
                progress="Behind",
            ),
            "Minutes of the board",
            "note A",
        ],
        [*action("1.2", lead="AF AMD", due=date(2019, 2, 10), rating="G"), None, "note B"],
        [
            *action(
                "2.1", lead="SG", due=date(2019, 6, 1), rating="Completed", priority="Priority 2"
            ),
            "Audit report",
            None,
        ],
        action("2.2", lead="SG", due=date(2019, 1, 20), rating="", priority="Priority 2"),
        action("2.3", lead="AMD", due="ongoing", rating="Amber", priority="Priority 2"),
    ]
    kwargs.setdefault("as_of", LOOP_AS_OF)
    return write_plan(path, rows, headers=LOOP_HEADERS, **kwargs)


def lead_edit(
    path: str | Path,
    edits: dict[str, object],
    *,
    text_cells: tuple[str, ...] = (),
    save_as: str | Path | None = None,
) -> Path:
    """A lead's edit of their workbook 'as Excel would': open, type, save.

    `text_cells` are stored as text even when they start with '=' (Excel does
    that in a cell formatted as Text, as the update columns are).
    """
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    for ref, value in edits.items():
        ws[ref] = value
        if ref in text_cells:
            ws[ref].data_type = "s"
    target = Path(save_as or path)
    wb.save(target)
    return target


def row_of(path: str | Path, ref: str) -> int:
    """The row of a lead workbook holding an action."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == ref)
