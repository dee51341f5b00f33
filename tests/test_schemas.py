"""Every part ragbook writes passes the ECMA-376 Transitional schemas and Excel's rules
that the schemas miss (tests/ooxml.py; the schemas are in tests/ooxml-xsd/).

Every test of the suite already has each plan save and lead workbook checked (the
schema_checked_writes fixture in conftest.py). This file checks, explicitly, the
workbooks of ordinary use: the demo plan refreshed, closed for a period, its lead
workbooks, a collect, and the councils' own layouts; and shows the checker catches
what Excel repairs."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import ooxml
import pytest
from builders import lead_edit
from click.testing import CliRunner
from council_layouts import build_reading, build_sunderland, build_telford, build_west_berkshire

import ragbook
from ragbook.cli import main
from ragbook.collect import collect_returns
from ragbook.split import split_plan
from ragbook.xlsx.owned import owned_sheets
from ragbook.xlsx.package import REL_STYLES, open_package


def owned_and_edited_parts(path: Path) -> dict[str, bytes]:
    """The parts of a plan that ragbook writes: its own sheets and the workbook's lists."""
    pkg = open_package(path)
    try:
        owned = {pkg.sheets[i].part for i in owned_sheets(pkg)}
        names = owned | {
            pkg.workbook_part,
            "xl/_rels/workbook.xml.rels",
            "[Content_Types].xml",
            pkg.part_of_type(REL_STYLES),
        }
    finally:
        pkg.close()
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in names}


def check_plan(path: Path) -> None:
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        every = {i.filename: z.read(i) for i in z.infolist()}
    worksheets = ooxml._worksheets(every)
    problems = ooxml.content_type_problems(every)
    for name, content in owned_and_edited_parts(path).items():
        problems += ooxml.part_problems(name, content, every, worksheets)
    assert problems == []


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert CliRunner().invoke(main, ["demo", str(folder)]).exit_code == 0
    return folder / "demo-plan.xlsx"


def test_the_demo_plan_as_refreshed(demo):
    check_plan(demo)


def test_the_demo_plan_closed_for_a_period(demo, tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(demo.read_bytes())
    assert CliRunner().invoke(main, ["close-period", str(plan)]).exit_code == 0
    check_plan(plan)


def test_every_lead_workbook_and_a_collect(demo, tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(demo.read_bytes())
    with ragbook.load(plan) as loaded:
        files = split_plan(loaded, tmp_path / "out").files
    assert len(files) > 5
    for f in files:
        assert ooxml.problems_in_package(f.path.read_bytes()) == [], f.path.name
    lead_edit(files[0].path, {})  # saved again by another program, as a lead's Excel would
    result = collect_returns(plan, [files[0].path], now=datetime(2019, 1, 20))
    assert result.outcomes[0].status in ("applied", "unchanged")
    check_plan(plan)


@pytest.mark.parametrize(
    "build", [build_reading, build_west_berkshire, build_sunderland, build_telford]
)
def test_the_councils_own_layouts_refreshed(tmp_path, build):
    seed = build(tmp_path)
    result = CliRunner().invoke(
        main, ["refresh", str(seed.path), "--as-of", seed.as_of.isoformat()]
    )
    assert result.exit_code == 0, result.output
    check_plan(seed.path)


# -- the checker catches what Excel repairs ------------------------------------------------

SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "<sheetData>{}</sheetData>{}</worksheet>"
)


@pytest.mark.parametrize(
    "rows, tail, problem",
    [
        ('<row r="1"><c r="B1"/><c r="A1"/></row>', "", "cell A1 is out of order in row 1"),
        ('<row r="2"/><row r="1"/>', "", "row 1 comes after row 2"),
        ('<row r="1"><c r="A2"/></row>', "", "cell A2 is in row 1"),
        ("", "<bogus/>", "This element is not expected"),
        (
            "",
            '<extLst><ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="http://schemas.'
            'microsoft.com/office/spreadsheetml/2009/9/main"><x14:sparklineGroups xmlns:xm="http://'
            'schemas.microsoft.com/office/excel/2006/main"><x14:sparklineGroup><x14:sparklines>'
            "<x14:sparkline><xm:f>RC!C2:E2</xm:f><xm:sqref>B2</xm:sqref></x14:sparkline>"
            "</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>",
            "sparkline range 'RC!C2:E2' needs its sheet name quoted",
        ),
    ],
)
def test_the_checker_finds_a_bad_worksheet(rows, tail, problem):
    data = SHEET.format(rows, tail).encode()
    found = ooxml.schema_problems("s.xml", data) + ooxml.worksheet_problems("s.xml", data)
    assert any(problem in p for p in found), found


WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<bookViews><workbookView activeTab="{active}" firstSheet="{first}"/></bookViews>'
    "<sheets>{sheets}</sheets><definedNames>{names}</definedNames></workbook>"
)


@pytest.mark.parametrize(
    "sheets, names, active, first, problem",
    [
        ("Tracker'", "", 0, 0, "starts or ends with an apostrophe"),
        ("A" * 31 + "|Team \U0001f600" + "x" * 25, "", 0, 0, "is 32 UTF-16 units long"),
        ("Checks|checks", "", 0, 0, "is used twice"),
        ("History", "", 0, 0, "is reserved"),
        ("Actions|Lists:hidden", "", 1, 0, "activeTab=1 is a hidden sheet"),
        ("Actions", "", 0, 3, "firstSheet=3 is outside the 1 sheets"),
        (
            "Actions",
            '<definedName name="Top">AF!$A$1</definedName>',
            0,
            0,
            "refers to a sheet that is not there: 'AF'",
        ),
        (
            "Actions",
            '<definedName name="X" localSheetId="4">Actions!$A$1</definedName>',
            0,
            0,
            "scoped to sheet 4",
        ),
    ],
)
def test_the_checker_finds_a_bad_workbook(sheets, names, active, first, problem):
    items = []
    for i, spec in enumerate(sheets.split("|")):
        name, _, state = spec.partition(":")
        state_attr = f' state="{state}"' if state else ""
        items.append(f'<sheet name="{name}" sheetId="{i + 1}"{state_attr} r:id="rId{i + 1}"/>')
    data = WORKBOOK.format(active=active, first=first, sheets="".join(items), names=names)
    found = ooxml.workbook_problems(data.encode())
    assert any(problem in p for p in found), found


def test_the_checker_finds_a_part_declared_twice_and_style_counts_that_are_wrong():
    types = (
        b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/xl/a.xml" ContentType="x"/>'
        b'<Override PartName="/xl/A.xml" ContentType="x"/></Types>'
    )
    assert ooxml.content_type_problems({"[Content_Types].xml": types, "xl/a.xml": b""}) == [
        "[Content_Types].xml declares /xl/a.xml 2 times"
    ]
    styles = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<fonts count="2"><font/></fonts><cellXfs count="1"><xf/></cellXfs></styleSheet>'
    )
    assert ooxml.styles_problems(styles.encode()) == ["styles: <fonts count=2> has 1 entries"]
