"""ragbook.xlsx.rows: hidden rows and the filter, read from worksheet XML."""

from __future__ import annotations

from ragbook.xlsx.rows import filter_range, hidden_rows

SHEET = (
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1"/></row><row r="2" hidden="1" spans="1:3">'
    b'<c r="A2"/></row><row spans="1:3" r="3" ht="0" hidden="true" customHeight="1"/>'
    b'<row r="4" hidden="0"/></sheetData><autoFilter ref="A1:C4"/></worksheet>'
)


def test_hidden_rows_whatever_the_order_of_their_attributes():
    assert hidden_rows(SHEET) == [2, 3]
    assert filter_range(SHEET) == "A1:C4"


def test_a_sheet_with_nothing_hidden():
    plain = SHEET.replace(b' hidden="1"', b"").replace(b' hidden="true"', b"")
    assert hidden_rows(plain) == [] and filter_range(b"<worksheet/>") is None
    prefixed = b'<x:row r="7" hidden="1"></x:row>'
    assert hidden_rows(prefixed) == [7]
