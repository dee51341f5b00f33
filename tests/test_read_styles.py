"""ragbook.xlsx.styles: which cell styles show dates and percentages, read from real files."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from ragbook.xlsx.package import open_package
from ragbook.xlsx.styles import is_percent_format, read_styles
from ragbook.reader import WorkbookReader


@pytest.mark.parametrize("code, percent", [("0%", True), ("0.0%", True), ('0.00" %"', False),
                                           ("#,##0", False), ('[Red]0%;-0%', True),
                                           ("General", False), ("dd/mm/yyyy", False)])
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
    pkg = open_package(tmp_path / "styles.xlsx")
    try:
        styles = read_styles(pkg)
        cells = WorkbookReader.open(pkg).cells(pkg.sheets[0])
    finally:
        pkg.close()
    shown_as_percent = [c for c in range(1, 6) if cells.cell(1, c).style in styles.percent_styles]
    assert shown_as_percent == [1, 2]
    assert cells.value(1, 5) == datetime(2016, 9, 30).date()
