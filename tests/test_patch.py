"""Cell-level edits to the owner's sheets: only the edited cells change."""

from __future__ import annotations

import pytest

from ragbook.xlsx.patch import PatchRefused, formula_cells, patch_cells

HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://'
    'schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:C3"/><sheetData>'
)
TAIL = '</sheetData><mergeCells count="1"><mergeCell ref="A5:B5"/></mergeCells></worksheet>'


def sheet(rows: str) -> bytes:
    return (HEAD + rows + TAIL).encode()


def body(data: bytes) -> str:
    text = data.decode()
    return text[text.index("<sheetData>") + 11 : text.index("</sheetData>")]


def test_a_value_is_replaced_and_the_cell_keeps_its_format():
    data = sheet('<row r="1"><c r="A1" s="3" t="s"><v>0</v></c><c r="B1" s="7"><v>5</v></c></row>')
    out = patch_cells(data, {"B1": "Amber"})
    assert body(out) == (
        '<row r="1"><c r="A1" s="3" t="s"><v>0</v></c><c r="B1" s="7" '
        't="inlineStr"><is><t>Amber</t></is></c></row>'
    )
    assert out.decode().endswith(TAIL)


def test_a_missing_cell_is_inserted_in_column_order():
    data = sheet('<row r="2" spans="1:3"><c r="A2"><v>1</v></c><c r="C2"><v>3</v></c></row>')
    out = patch_cells(data, {"B2": 2, "D2": 4.5})
    assert body(out) == (
        '<row r="2" spans="1:3"><c r="A2"><v>1</v></c><c r="B2"><v>2</v></c>'
        '<c r="C2"><v>3</v></c><c r="D2"><v>4.5</v></c></row>'
    )


def test_missing_rows_are_inserted_in_row_order():
    data = sheet('<row r="2"><c r="A2"><v>1</v></c></row><row r="5"><c r="A5"><v>5</v></c></row>')
    out = patch_cells(data, {"A1": "x", "B3": "y", "A9": "z"})
    assert body(out) == (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c></row>'
        '<row r="3"><c r="B3" t="inlineStr"><is><t>y</t></is></c></row>'
        '<row r="5"><c r="A5"><v>5</v></c></row>'
        '<row r="9"><c r="A9" t="inlineStr"><is><t>z</t></is></c></row>'
    )


def test_an_empty_self_closing_row_and_sheet_data_can_be_filled():
    out = patch_cells(sheet('<row r="4" ht="20" customHeight="1"/>'), {"C4": True})
    assert body(out) == '<row r="4" ht="20" customHeight="1"><c r="C4" t="b"><v>1</v></c></row>'
    empty = (HEAD[: HEAD.index("<sheetData>")] + "<sheetData/>" + TAIL[12:]).encode()
    out = patch_cells(empty, {"A1": "first"})
    assert (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>first</t></is></c></row>'
        "</sheetData>" in out.decode()
    )


def test_text_that_looks_like_a_formula_stays_text():
    out = patch_cells(
        sheet('<row r="1"><c r="A1"><v>1</v></c></row>'),
        {"A1": '=HYPERLINK("http://evil.example.org","x")', "B1": "+1", "C1": "@SUM"},
    )
    text = body(out)
    assert "<f>" not in text
    assert '<is><t>=HYPERLINK("http://evil.example.org","x")</t></is>' in text
    assert "<is><t>+1</t></is>" in text and "<is><t>@SUM</t></is>" in text


def test_a_formula_cell_is_never_overwritten():
    data = sheet('<row r="1"><c r="A1"><f>SUM(B1:C1)</f><v>3</v></c></row>')
    with pytest.raises(PatchRefused) as err:
        patch_cells(data, {"A1": 4}, sheet="Actions")
    assert err.value.cell == "A1"
    assert "Actions!A1 holds a formula" in str(err.value)


def test_prefixed_namespace_is_kept_on_new_elements():
    data = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData>'
        b"</x:worksheet>"
    )
    out = patch_cells(data, {"B1": "two", "A2": 3}).decode()
    assert (
        '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>two'
        '</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="A2"><x:v>3</x:v></x:c></x:row>'
    ) in out


def test_clearing_a_cell_keeps_its_format_and_escaping_is_applied():
    data = sheet('<row r="1"><c r="A1" s="4" t="s"><v>2</v></c></row>')
    assert body(patch_cells(data, {"A1": None})) == '<row r="1"><c r="A1" s="4"/></row>'
    out = body(patch_cells(data, {"A1": "a < b & c\x01"}))
    assert "<t>a &lt; b &amp; c_x0001_</t>" in out


def test_cells_without_references_are_refused():
    with pytest.raises(Exception, match="not labelled"):
        patch_cells(sheet('<row r="1"><c><v>1</v></c></row>'), {"A1": 2})


def test_a_recoloured_cell_changes_only_its_style_index():
    data = sheet(
        '<row r="2"><c r="F2" s="6" t="s"><v>1</v></c><c r="G2" s="6" t="s"><v>2</v></c></row>'
    )
    calls = []

    def restyle(style: int, rgb: str) -> int:
        calls.append((style, rgb))
        return 41

    out = patch_cells(
        data, {"F2": "RED", "G2": "Started"}, recolour={"F2": "FF0000"}, restyle=restyle
    )
    assert body(out) == (
        '<row r="2"><c r="F2" s="41" t="inlineStr"><is><t>RED</t></is></c>'
        '<c r="G2" s="6" t="inlineStr"><is><t>Started</t></is></c></row>'
    )
    assert calls == [(6, "FF0000")]


def test_formula_cells_are_found_only_in_the_cell_data():
    data = sheet(
        '<row r="1"><c r="A1" s="2"><f>1+1</f><v>2</v></c><c r="B1"><v>1</v></c>'
        '<c r="C1"><f t="shared" si="0"/><v>3</v></c></row>'
        '<row r="2"><c r="D2" t="str"><f>"x"</f><v>x</v></c></row>'
    )
    data = data.replace(
        b"</worksheet>",
        b"<extLst><x14:dataValidations><x14:dataValidation>"
        b"<x14:formula1><xm:f>Lists!$A$1:$A$4</xm:f></x14:formula1>"
        b"</x14:dataValidation></x14:dataValidations></extLst></worksheet>",
    )
    assert formula_cells(data) == {"A1", "C1", "D2"}
    assert formula_cells(sheet("")) == frozenset()


def _rows(count: int, spans_first: bool = False) -> str:
    attrs = (
        (lambda r: f'spans="1:3" r="{r}"') if spans_first else (lambda r: f'r="{r}" spans="1:3"')
    )
    return "".join(
        f'<row {attrs(r)}><c r="A{r}" t="inlineStr"><is><t>{r}.1</t></is></c>'
        f'<c r="C{r}" s="2"><v>{r}</v></c></row>'
        for r in range(2, count + 2)
    )


@pytest.mark.parametrize(
    "edits",
    [
        {"B7": "new", "C40": 3, "A99": None},  # rows there: found by number
        {"B7": "new", "C500": 3},  # a row past the end: every row walked, one added
        {"A2": "first", "C101": "last"},
    ],
)
def test_edited_rows_found_by_number_give_what_walking_every_row_gives(edits, monkeypatch):
    import ragbook.xlsx.patch as patch

    data = sheet(_rows(100))
    quick = patch_cells(data, edits)
    monkeypatch.setattr(patch, "_edited_rows", lambda *args: None)
    assert quick == patch_cells(data, edits)
    assert quick != data


def test_rows_numbered_after_another_attribute_are_still_edited():
    data = sheet(_rows(20, spans_first=True))
    out = body(patch_cells(data, {"B7": "new"}))
    assert '<row spans="1:3" r="7"><c r="A7" t="inlineStr"><is><t>7.1</t></is></c>' in out
    assert '<c r="B7" t="inlineStr"><is><t>new</t></is></c><c r="C7" s="2">' in out
