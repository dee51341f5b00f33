"""Sparklines on ragbook's sheets: the x14 extension Excel writes, checked against
XlsxWriter's add_sparkline, and read back by LibreOffice."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
import xlsxwriter
from lo import convert

from ragbook.xlsx.package import open_package
from ragbook.xlsx.sheetxml import NS_X14, NS_XM, sheet_xml
from ragbook.xlsx.spec import Cell, SheetSpec, Sparkline
from ragbook.xlsx.writer import write_sheets

X14, XM = f"{{{NS_X14}}}", f"{{{NS_XM}}}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def spec(name: str = "Tracker") -> SheetSpec:
    sheet = SheetSpec(name=name, role="tracker")
    sheet.add(Cell("Indicator"), Cell("Trend"), Cell("Sep"), Cell("Oct"), Cell("Nov"))
    sheet.add(Cell("Posts filled"), None, Cell(0.7), Cell(0.78), Cell(0.83))
    sheet.add(Cell("Caseload"), None, Cell(25), None, Cell(23))
    sheet.add(Cell("Visits"), None, Cell(3), Cell(4), Cell(5))
    sheet.sparklines = [
        Sparkline("B2", "C2:E2", high_low=True),
        Sparkline("B3", "C3:E3", high_low=True),
        Sparkline("B4", "C4:E4", colour="C00000", markers=False),
    ]
    return sheet


def groups(xml: bytes) -> list[ET.Element]:
    root = ET.fromstring(xml)
    return root.findall(f"{MAIN}extLst/{MAIN}ext/{X14}sparklineGroups/{X14}sparklineGroup")


def lines(group: ET.Element) -> list[tuple[str, str]]:
    return [
        (s.find(f"{XM}f").text, s.find(f"{XM}sqref").text) for s in group.find(f"{X14}sparklines")
    ]


def test_sparklines_are_the_last_element_grouped_by_look():
    xml = sheet_xml(spec("Tracker 'x' & y"), lambda style: 0)
    root = ET.fromstring(xml)
    assert [child.tag.replace(MAIN, "") for child in root][-2:] == ["pageSetup", "extLst"]
    first, second = groups(xml)
    quoted = "'Tracker ''x'' & y'"
    assert lines(first) == [(f"{quoted}!C2:E2", "B2"), (f"{quoted}!C3:E3", "B3")]
    assert lines(second) == [(f"{quoted}!C4:E4", "B4")]
    assert first.attrib == {"displayEmptyCellsAs": "gap", "markers": "1", "high": "1", "low": "1"}
    assert second.attrib == {"displayEmptyCellsAs": "gap"}
    assert first.find(f"{X14}colorSeries").get("rgb") == "FF305496"
    assert second.find(f"{X14}colorSeries").get("rgb") == "FFC00000"


@pytest.mark.parametrize(
    "name, ref",
    [
        ("Tracker", "Tracker!C2:E2"),
        ("Tracker_2", "Tracker_2!C2:E2"),
        ("My tracker", "'My tracker'!C2:E2"),
        ("A1", "'A1'!C2:E2"),
        ("2019", "'2019'!C2:E2"),
        ("RC", "'RC'!C2:E2"),
        ("R1C1", "'R1C1'!C2:E2"),
        ("c", "'c'!C2:E2"),
        ("R2", "'R2'!C2:E2"),
        ("TRUE", "'TRUE'!C2:E2"),
        ("false", "'false'!C2:E2"),
        ("XFD9", "'XFD9'!C2:E2"),
        ("RCA", "RCA!C2:E2"),
        ("Trackér", "'Trackér'!C2:E2"),
    ],
)
def test_the_sheet_is_quoted_only_when_a_formula_needs_it(name, ref):
    [group, _] = groups(sheet_xml(spec(name), lambda style: 0))
    assert lines(group)[0] == (ref, "B2")


def test_a_sheet_without_sparklines_has_no_extension():
    sheet = spec()
    sheet.sparklines = []
    assert b"extLst" not in sheet_xml(sheet, lambda style: 0)


def test_the_extension_is_what_xlsxwriter_writes_for_add_sparkline(tmp_path):
    """Same ext uri and namespaces, same group attributes, same children in the same order."""
    path = tmp_path / "xlsxwriter.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Tracker")
    ws.add_sparkline(
        "B2", {"range": "Tracker!C2:E2", "markers": True, "high_point": True, "low_point": True}
    )
    wb.close()
    with zipfile.ZipFile(path) as z:
        theirs = z.read("xl/worksheets/sheet1.xml")
    sheet = spec()
    sheet.sparklines = sheet.sparklines[:1]
    ours = sheet_xml(sheet, lambda style: 0)
    for xml in (ours, theirs):
        ext = ET.fromstring(xml).find(f"{MAIN}extLst/{MAIN}ext")
        assert ext.get("uri") == "{05C60535-1F16-4fd2-B633-F4F36F0B64E0}"
    [mine], [reference] = groups(ours), groups(theirs)
    assert mine.attrib == reference.attrib
    assert [c.tag for c in mine] == [c.tag for c in reference]
    assert lines(mine) == lines(reference)


@pytest.fixture
def with_sparklines(tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Actions"
    wb.active["A1"] = "typed by the owner"
    wb.save(path)
    pkg = open_package(path)
    try:
        with open(tmp_path / "out.xlsx", "wb") as fh:
            write_sheets(pkg, [spec()], fh)
    finally:
        pkg.close()
    return tmp_path / "out.xlsx"


@pytest.mark.libreoffice
def test_libreoffice_opens_the_sparklines_and_keeps_them(with_sparklines, tmp_path):
    """LibreOffice reads the groups (it writes them out again as it understood them)."""
    again = convert(with_sparklines, "xlsx", tmp_path / "lo")
    with zipfile.ZipFile(again) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        found = [g for n in sheets for g in groups(z.read(n))]
    assert sorted(line for g in found for line in lines(g)) == [
        ("Tracker!C2:E2", "B2"),
        ("Tracker!C3:E3", "B3"),
        ("Tracker!C4:E4", "B4"),
    ]
    assert openpyxl.load_workbook(again).sheetnames == ["Actions", "Tracker"]
