"""Which sheets a formula refers to, and when a sheet name needs quotes."""

from __future__ import annotations

import pytest

from ragbook.xlsx.formulas import needs_quotes, refers_to, sheet_refs


@pytest.mark.parametrize(
    "formula, sheets",
    [
        ("AF!$A$1", {"AF"}),
        ("AFTop!$A$1", {"AFTop"}),  # not AF, not F
        ("'AF'!A1", {"AF"}),
        ("'O''Brien'!A1", {"O'Brien"}),
        ('"AF!A1"', set()),  # text, not a reference
        ('IF(A1="F!",F!A1,0)', {"F"}),
        ("[1]AF!A1", set()),  # another workbook's sheet
        ("'[1]AF'!A1", set()),
        ("'C:\\plans\\[old.xlsx]AF'!A1", set()),
        ("Sheet1:AF!A1", {"Sheet1", "AF"}),
        ("'Sheet 1:Sheet 3'!A1", {"Sheet 1", "Sheet 3"}),
        ("SUM(AF!A1:B2,'My Sheet'!C1)", {"AF", "My Sheet"}),
        ("Table1[Column]", set()),
        ("#REF!$A$1", set()),
        ("#N/A+AF!A1", {"AF"}),
        ("1:5", set()),
        ('"lead:AF"', set()),  # ragbook's own marks are text constants
        ("Trackér!B2", {"Trackér"}),
    ],
)
def test_sheet_refs(formula, sheets):
    assert sheet_refs(formula) == sheets


def test_refers_to_ignores_case_as_excel_does():
    assert refers_to("af!A1", {"AF"}) and not refers_to("AFTop!A1", {"AF", "F"})


@pytest.mark.parametrize(
    "name, quoted",
    [
        ("Tracker", False),
        ("Tracker_2", False),
        ("RCA", False),
        ("Lead.AF", False),
        ("My tracker", True),
        ("2019", True),
        ("A1", True),
        ("XFD1048576", True),
        ("RC", True),
        ("R1C1", True),
        ("R", True),
        ("c", True),
        ("R2", True),
        ("C3", True),
        ("TRUE", True),
        ("false", True),
        ("Trackér", True),
        ("O'Neil", True),
    ],
)
def test_names_that_a_formula_would_misread_are_quoted(name, quoted):
    assert needs_quotes(name) is quoted
