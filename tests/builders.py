"""Test workbooks built with openpyxl, independently of ragbook's own writers."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

HEADERS = ["Ref", "Priority", "Action", "Lead(s)", "Date due", "RAG rating", "% complete",
           "Progress update"]
LEADS = [
    ("AF", "Head of Early Help", "Head of Service", "af@example.org"),
    ("AMD", "Service Manager - Children in Care", "Service Manager", "amd@example.org"),
    ("SG", "Service Manager - Front Door", "Service Manager", "sg@example.org"),
]
RAG4 = [("Red", "R", "FF0000", "Not started or significant delay", "off track"),
        ("Amber", "A", "FFC000", "Some delay", "off track"),
        ("Green", "G", "00B050", "On track", "on track"),
        ("Completed", "C", "0070C0", "Completed and evidenced", "complete")]


def write_plan(path: str | Path, rows: list[list[object]], *, headers: list[str] | None = None,
               leads: list[tuple] | None = None, scale: list[tuple] | None = None,
               title: str = "Test plan", as_of: date | None = None, due_soon: int | None = 30,
               sheet: str = "Actions", header_row: int = 1, settings: bool = True,
               extra_sheets: dict[str, list[list[object]]] | None = None) -> Path:
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


def action(ref, action_text="Do something", lead="AF", due=date(2019, 1, 31), rating="Green",
           priority="Priority 1", percent=None, progress=""):
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
