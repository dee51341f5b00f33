"""The worksheet XML ragbook writes, checked against what XlsxWriter writes.

The Tracker, Exceptions, lead and Checks sheets of a refreshed plan are also
rendered by XlsxWriter (ragbook/xlsx/render.py, from the same SheetSpecs);
both files must read back the same in openpyxl: values, number formats,
fonts, fills, borders, alignment, widths, heights, frozen panes, merges,
hyperlinks and print titles. Every part ragbook writes must also follow the
element order of the OOXML schema, which Excel enforces (a part out of order
is what makes Excel offer to repair a file).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from builders import action, write_plan

import ragbook
from ragbook.xlsx.render import render_workbook
from ragbook.xlsx.sheetxml import escape_text, sheet_xml
from ragbook.xlsx.spec import Cell, SheetSpec

# The child order of CT_Worksheet, CT_Stylesheet and CT_Workbook (ECMA-376 Part 1).
WORKSHEET_ORDER = [
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
    "sheetData",
    "sheetCalcPr",
    "sheetProtection",
    "protectedRanges",
    "scenarios",
    "autoFilter",
    "sortState",
    "dataConsolidate",
    "customSheetViews",
    "mergeCells",
    "phoneticPr",
    "conditionalFormatting",
    "dataValidations",
    "hyperlinks",
    "printOptions",
    "pageMargins",
    "pageSetup",
    "headerFooter",
    "rowBreaks",
    "colBreaks",
    "customProperties",
    "cellWatches",
    "ignoredErrors",
    "smartTags",
    "drawing",
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
]
STYLES_ORDER = [
    "numFmts",
    "fonts",
    "fills",
    "borders",
    "cellStyleXfs",
    "cellXfs",
    "cellStyles",
    "dxfs",
    "tableStyles",
    "colors",
    "extLst",
]
WORKBOOK_ORDER = [
    "fileVersion",
    "fileSharing",
    "workbookPr",
    "workbookProtection",
    "bookViews",
    "sheets",
    "functionGroups",
    "externalReferences",
    "definedNames",
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
]


def children(xml: bytes) -> list[str]:
    """Local names of the root element's children, in order."""
    from xml.etree import ElementTree as ET

    return [child.tag.rsplit("}", 1)[-1] for child in ET.fromstring(xml)]


def in_order(names: list[str], order: list[str]) -> bool:
    positions = [order.index(n) for n in names]
    return positions == sorted(positions)


@pytest.fixture
def refreshed(tmp_path: Path):
    rows = [
        action(
            "1.1",
            lead="AF",
            due=date(2018, 12, 31),
            rating="Red",
            progress="Line one\nline two & <more>",
        ),
        action("1.2", lead="AF AMD", due="March 2019", rating="Green", percent=0.5),
        action("2.1", lead="SG", due="ongoing", rating="Completed", priority="Priority 2"),
        action("2.2", lead="SG", due="31/11/18", rating="С", priority="Priority 2"),
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows)
    plan = ragbook.load(path)
    plan.refresh(date(2019, 1, 15))
    specs = list(plan._sheets)
    plan.save()
    return path, specs


def test_every_part_ragbook_writes_is_in_schema_order(refreshed):
    path, specs = refreshed
    with zipfile.ZipFile(path) as z:
        names = {s.name for s in specs}
        wb = openpyxl.load_workbook(path)
        parts = [
            z.read(f"xl/worksheets/sheet{i + 1}.xml")
            for i, ws in enumerate(wb.worksheets)
            if ws.title in names
        ]
        assert len(parts) == len(specs)
        for part in parts:
            assert in_order(children(part), WORKSHEET_ORDER), children(part)
        assert in_order(children(z.read("xl/styles.xml")), STYLES_ORDER)
        assert in_order(children(z.read("xl/workbook.xml")), WORKBOOK_ORDER)


def _cells(ws) -> dict:
    out = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            fill = c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None
            out[c.coordinate] = (
                c.value,
                c.number_format,
                bool(c.font.b),
                bool(c.font.i),
                c.font.color.rgb
                if c.font.color is not None and c.font.color.type == "rgb"
                else None,
                fill,
                c.border.left.style,
                c.alignment.horizontal,
                c.alignment.vertical,
                bool(c.alignment.wrap_text),
                c.hyperlink.location if c.hyperlink is not None else None,
            )
    return out


def _widths(ws) -> dict[int, float]:
    """Column -> width, with column ranges (<col min max>) spread out."""
    out = {}
    for dim in ws.column_dimensions.values():
        if dim.width and dim.customWidth:
            for col in range(dim.min, dim.max + 1):
                out[col] = dim.width
    return out


def test_the_package_writer_and_xlsxwriter_agree_on_every_cell(refreshed, tmp_path):
    path, specs = refreshed
    other = tmp_path / "xlsxwriter.xlsx"
    render_workbook(specs, str(other))
    ours, theirs = openpyxl.load_workbook(path), openpyxl.load_workbook(other)
    for spec in specs:
        a, b = ours[spec.name], theirs[spec.name]
        ca, cb = _cells(a), _cells(b)
        assert ca == cb, spec.name
        assert a.freeze_panes == b.freeze_panes, spec.name
        assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges))
        widths_a, widths_b = _widths(a), _widths(b)
        for col, _width in spec.widths.items():
            # XlsxWriter stores Excel's padded width (13 -> 13.7109375).
            assert widths_a[col] == pytest.approx(widths_b[col], abs=0.72), (spec.name, col)
        for row, height in spec.heights.items():
            assert a.row_dimensions[row].height == b.row_dimensions[row].height == height
        assert a.print_title_rows == b.print_title_rows, spec.name


def test_a_sheet_xml_is_well_formed_with_awkward_text():
    spec = SheetSpec("Odd", "checks")
    spec.add(
        Cell("_x0041_ is not A"),
        Cell(" leading space"),
        Cell("tab\there\x07bell"),
        Cell("x" * 40000),
        Cell(-1.5),
        Cell(True),
        Cell(10**20),
    )
    spec.add(Cell(3, formula='SUM(A1:B1)&"<"'), Cell("=not a formula"))
    xml = sheet_xml(spec, lambda style: 0)
    from xml.etree import ElementTree as ET

    root = ET.fromstring(xml)
    texts = [
        t.text for t in root.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t")
    ]
    assert texts[0] == "_x005F_x0041_ is not A"  # read back by Excel as the literal text
    assert texts[1] == " leading space"
    assert texts[2] == "tab\there_x0007_bell"
    assert len(texts[3]) == 32767 and texts[3].endswith("…")  # Excel's limit
    assert b'<f>SUM(A1:B1)&amp;"&lt;"</f>' in xml
    assert b"<is><t>=not a formula</t></is>" in xml
    assert escape_text("a&b<c>") == "a&amp;b&lt;c&gt;"
    assert re.search(rb'<c r="G1"><v>100000000000000000000</v></c>', xml)


def linked(n: int) -> SheetSpec:
    from ragbook.xlsx.spec import Style

    link_style = Style(underline=True, colour="0563C1")
    sheet = SheetSpec(name="Checks", role="checks")
    for r in range(1, n + 1):
        sheet.add(Cell(f"Row {r}", link_style, link=f"'Actions'!A{r}"))
    return sheet


def test_hyperlinks_stop_at_excels_limit_and_the_rest_are_plain_text(monkeypatch):
    from ragbook.xlsx import limits

    monkeypatch.setattr(limits, "MAX_HYPERLINKS", 2)
    seen = []
    xml = sheet_xml(linked(5), lambda style: seen.append(style) or len(seen)).decode()
    assert re.findall(r'<hyperlink ref="(A\d)"', xml) == ["A1", "A2"]
    assert all(f"<t>Row {r}</t>" in xml for r in range(1, 6))
    by_row = dict(re.findall(r'<c r="A(\d)" s="(\d+)"', xml))
    assert by_row["1"] == by_row["2"] != by_row["3"] == by_row["4"] == by_row["5"]
    plain = seen[int(by_row["3"]) - 1]
    assert not plain.underline and plain.colour is None  # it no longer looks like a link


def test_a_sheet_larger_than_excel_allows_is_refused(monkeypatch):
    from ragbook.errors import UnsafeToWrite
    from ragbook.xlsx import limits

    monkeypatch.setattr(limits, "MAX_ROWS", 4)
    with pytest.raises(
        UnsafeToWrite,
        match=r"^the sheet 'Checks' would need 5 rows, more than the "
        r"4 an Excel sheet can hold, so ragbook has not "
        r"saved it; move older rows",
    ):
        sheet_xml(linked(5), lambda style: 0)
    with pytest.raises(UnsafeToWrite, match="would need 5 rows"):
        render_workbook([linked(5)], io.BytesIO())
    sheet_xml(linked(4), lambda style: 0)  # at the limit: fine


def test_text_longer_than_a_cell_holds_is_cut_in_utf16_units():
    sheet = SheetSpec(name="Checks", role="checks")
    sheet.add(Cell("\U0001f600" * 20_000))  # 40,000 UTF-16 units
    text = re.search(r"<t>(.*)</t>", sheet_xml(sheet, lambda style: 0).decode()).group(1)
    assert text.endswith("…") and len(text.encode("utf-16-le")) // 2 == 32_767
    assert "\ud83d" not in text  # no half of a character left at the cut
