"""ragbook.xlsx.read_styles: which cell styles show dates and percentages, read from real files."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from ragbook.read.workbook import WorkbookReader
from ragbook.xlsx.package import open_package
from ragbook.xlsx.read_styles import date_shows, is_percent_format, read_styles


def read_back(path):
    """The styles and first sheet's cells of a workbook, as ragbook reads them."""
    pkg = open_package(path)
    try:
        return read_styles(pkg), WorkbookReader.open(pkg).cells(pkg.sheets[0])
    finally:
        pkg.close()


@pytest.mark.parametrize(
    "code, percent",
    [
        ("0%", True),
        ("0.0%", True),
        ('0.00" %"', False),
        ("#,##0", False),
        ("[Red]0%;-0%", True),
        ("General", False),
        ("dd/mm/yyyy", False),
    ],
)
def test_percent_formats(code, percent):
    assert is_percent_format(code) is percent


def test_a_number_shown_as_a_percentage_is_known_as_one(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"], ws["D1"], ws["E1"] = 0.85, 0.85, 0.85, 85, datetime(2016, 9, 30)
    ws["A1"].number_format = "0%"
    ws["B1"].number_format = "0.0%"
    ws["E1"].number_format = "dd/mm/yyyy"
    wb.save(tmp_path / "styles.xlsx")
    styles, cells = read_back(tmp_path / "styles.xlsx")
    shown_as_percent = [c for c in range(1, 6) if cells.cell(1, c).style in styles.percent_styles]
    assert shown_as_percent == [1, 2]
    assert cells.value(1, 5) == datetime(2016, 9, 30).date()


@pytest.mark.parametrize(
    "code, shows",
    [
        ("mmm yyyy", "month"),
        ("mmmm yyyy", "month"),
        ("mmm-yy", "month"),
        ("[$-809]mmmm yyyy;@", "month"),
        ("mm/yyyy", "month"),
        ("yyyy", "year"),
        ('"FY "yyyy', "year"),
        ("dd/mm/yyyy", None),
        ("d mmmm yyyy", None),
        ("mmm d, yyyy", None),
        ("h:mm", None),
        ("dd/mm/yyyy hh:mm", None),
    ],
)
def test_date_formats_that_show_no_day(code, shows):
    assert date_shows(code) == shows


def test_month_dates_typed_into_excel_are_known_by_their_format(tmp_path):
    """Excel keeps a typed "January 2017" as 1 January 2017 with a format that shows no day:
    custom ("mmmm yyyy"), or the built-in "mmm-yy" (number format 17)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for col, code in enumerate(("mmmm yyyy", "mmm-yy", "yyyy", "dd/mm/yyyy"), start=1):
        cell = ws.cell(1, col, datetime(2017, 1, 1))
        cell.number_format = code
    wb.save(tmp_path / "months.xlsx")
    styles, cells = read_back(tmp_path / "months.xlsx")
    shown = [styles.no_day.get(cells.cell(1, c).style) for c in range(1, 5)]
    assert shown == [("month", "mmmm yyyy"), ("month", "mmm-yy"), ("year", "yyyy"), None]
    assert all(cells.value(1, c) == datetime(2017, 1, 1).date() for c in range(1, 5))
