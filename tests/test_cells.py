"""Reading cell values from worksheet XML: the fast path and the general one agree."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ragbook.xlsx.cells import (
    _SHEETDATA_END,
    CellError,
    SheetCells,
    _read_general,
    col_index,
    col_letter,
    display,
    read_cells,
    rich_text,
    unescape,
)
from ragbook.xlsx.read_styles import StyleInfo
from ragbook.xlsx.sheetxml import escape_text

STRINGS = ["Ref", "Red", "a & b", "Amber"]
STYLES = StyleInfo(date_styles=frozenset({2}), fills={3: "FF0000"})
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://'
    'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)


def sheet(rows: str, tail: str = "") -> bytes:
    return (HEAD + rows + "</sheetData>" + tail + "</worksheet>").encode()


def both(data: bytes, **kwargs) -> SheetCells:
    """read_cells(), checked against the general reader on the same bytes."""
    fast = read_cells(data, "S", STRINGS, STYLES, **kwargs)
    stop = _SHEETDATA_END.search(data).start()
    general = _read_general(
        data,
        stop,
        "S",
        STRINGS,
        STYLES,
        kwargs.get("date1904", False),
        kwargs.get("max_row"),
        kwargs.get("columns"),
    )
    assert fast.rows == general.rows
    return fast


def values(cells: SheetCells) -> dict:
    return {(r, c): cell.value for r, row in cells.rows.items() for c, cell in row.items()}


def test_every_kind_of_value():
    data = sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c>'
        '<c r="C1"><v>42</v></c><c r="D1"><v>0.25</v></c><c r="E1" s="2"><v>43465</v></c>'
        '<c r="F1" s="2"><v>43465.5</v></c><c r="G1" t="b"><v>1</v></c>'
        '<c r="H1" t="e"><v>#N/A</v></c><c r="I1" t="str"><f>A1&amp;"x"</f><v>Refx</v></c>'
        '<c r="J1" t="inlineStr"><is><t>in &lt;line&gt;</t></is></c>'
        '<c r="K1" s="3"/><c r="L1"/></row>'
    )
    cells = both(data)
    got = values(cells)
    assert got == {
        (1, 1): "Ref",
        (1, 2): "a & b",
        (1, 3): 42,
        (1, 4): 0.25,
        (1, 5): date(2018, 12, 31),
        (1, 6): datetime(2018, 12, 31, 12, 0),
        (1, 7): True,
        (1, 8): "#N/A",
        (1, 9): "Refx",
        (1, 10): "in <line>",
        (1, 11): None,
    }
    assert isinstance(got[(1, 8)], CellError)
    assert cells.cell(1, 9).formula and not cells.cell(1, 3).formula
    assert (
        cells.cell(1, 11).style == 3
    )  # a blank but filled cell is kept: its colour may mean a rating


def test_the_1904_date_system():
    # The two systems are 1,462 days apart: 31/12/2018 is 43465 in 1900 and 42003 in 1904.
    cells = both(sheet('<row r="1"><c r="A1" s="2"><v>42003</v></c></row>'), date1904=True)
    assert cells.value(1, 1) == date(2018, 12, 31)


def test_cells_in_other_forms_use_the_general_reader():
    # Attributes in another order, single quotes, no references: all still read.
    data = sheet(
        "<row r='2'><c t='s' r='A2'><v>1</v></c><c s=\"2\" r=\"B2\"><v>43465</v></c>"
        '</row><row r="3"><c><v>7</v></c><c><v>8</v></c></row>'
    )
    cells = read_cells(data, "S", STRINGS, STYLES)
    assert values(cells) == {(2, 1): "Red", (2, 2): date(2018, 12, 31), (3, 1): 7, (3, 2): 8}


def test_namespace_prefixes():
    data = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>3</x:v></x:c></x:row></x:sheetData>'
        b'<x:mergeCells><x:mergeCell ref="A1:B2"/></x:mergeCells></x:worksheet>'
    )
    cells = read_cells(data, "S", STRINGS, STYLES)
    assert values(cells) == {(1, 1): "Amber"} and cells.merged == [(1, 1, 2, 2)]


def test_max_row_and_columns_limit_what_is_kept():
    rows = "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="C{r}"><v>{r * 10}</v></c></row>'
        for r in range(1, 200)
    )
    cells = both(sheet(rows), max_row=5)
    assert sorted(cells.rows) == [1, 2, 3, 4, 5] and not cells.complete
    cells = both(sheet(rows), columns={3})
    assert cells.value(7, 3) == 70 and cells.value(7, 1) is None


def test_a_sheet_bigger_than_one_chunk_reads_whole(monkeypatch):
    import ragbook.xlsx.cells as module

    monkeypatch.setattr(module, "CHUNK", 64)  # split the scan many times, mid-row
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 4}</v></c><c r="B{r}"><v>{r}</v></c></row>'
        for r in range(1, 300)
    )
    cells = both(sheet(rows))
    assert len(cells.rows) == 299 and cells.value(299, 2) == 299 and cells.value(299, 1) == "Amber"


def test_rich_text_skips_phonetic_runs_and_unescapes():
    raw = (
        b'<r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and _x000D_ &amp; '
        b'&#8364;</t></r><rPh sb="0" eb="1"><t>FURIGANA</t></rPh>'
    )
    assert rich_text(raw) == "Bold and \r & €"
    assert unescape(b"_x0041_&lt;") == "A<"


@pytest.mark.parametrize("index", [1, 26, 27, 52, 53, 702, 703, 16384])
def test_column_letters_round_trip(index):
    assert col_index(col_letter(index)) == index


def test_display_shows_what_excel_shows():
    assert display(date(2019, 1, 31)) == "31/01/2019"
    assert display(0.1 + 0.2) == "0.3"
    assert display(True) == "TRUE" and display(None) == ""


def test_an_empty_value_element_in_a_number_cell_is_no_value_but_in_a_text_cell_is_empty_text():
    """openpyxl, when lxml is installed, writes <v></v> for a formula it never calculated."""
    from ragbook.xlsx.cells import _typed

    assert _typed(b"", None, [], False, False) is None
    assert _typed(b"", b"n", [], True, False) is None
    assert _typed(b"", b"str", [], False, False) == ""


@pytest.mark.parametrize(
    "raw, text",
    [
        (b"a&#xD800;b", "a\ufffdb"),
        (b"&#55357;", "\ufffd"),
        (b"a_xDFFF_b", "a\ufffdb"),
        (b"&#x1F600;", "\U0001f600"),
        (b"&#x110000;", "&#x110000;"),
        (b"&#65;_x0042_", "AB"),
    ],
)
def test_a_reference_to_no_character_reads_as_the_replacement_character(raw, text):
    """A lone surrogate (half of a UTF-16 pair) cannot be written back in any encoding."""
    assert unescape(raw) == text


def test_a_lone_surrogate_in_a_cell_is_read_and_never_reaches_a_written_part():
    data = sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Do &#xD800; it</t></is></c>'
        '<c r="B1" t="str"><f>A1</f><v>x&#xDC00;</v></c></row>'
    )
    cells = both(data)
    assert cells.value(1, 1) == "Do \ufffd it" and cells.value(1, 2) == "x\ufffd"
    assert escape_text("a\ud800b") == "a\ufffdb"  # text from elsewhere, written safely
