"""A realistic council tracker: everything in it survives a refresh, byte for byte.

Built with XlsxWriter (as a council's own workbook would be built in Excel):
a logo picture, a RAG drop-down whose list is on a hidden Lists sheet, data
bars on % complete, a text box of instructions, a form-control button, legacy
and threaded comments, sparklines on an Indicators sheet, a chart on the
owner's Dashboard sheet, print titles and a protected sheet.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from lo import convert
from python_calamine import CalamineWorkbook

from ragbook.cli import main

OURS = re.compile(
    r"^(xl/workbook\.xml|xl/_rels/workbook\.xml\.rels|\[Content_Types\]\.xml|"
    r"xl/styles\.xml|xl/calcChain\.xml)$"
)
NS_2017 = "http://schemas.microsoft.com/office/2017/10/relationships"


def png(width: int = 4, height: int = 4) -> bytes:
    """A small real PNG (a council logo stand-in)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\x30\x54\x96" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def build_tracker(path: Path, tmp: Path) -> None:
    import xlsxwriter

    logo = tmp / "logo.png"
    logo.write_bytes(png())
    wb = xlsxwriter.Workbook(str(path))
    wb.set_properties({"created": datetime(2019, 1, 1)})
    bold = wb.add_format({"bold": True})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    pct = wb.add_format({"num_format": "0%"})

    actions = wb.add_worksheet("Actions")
    actions.insert_image("J1", str(logo), {"x_scale": 10, "y_scale": 10})
    actions.write_row(
        0,
        0,
        [
            "Ref",
            "Priority",
            "Action",
            "Lead(s)",
            "Date due",
            "RAG rating",
            "% complete",
            "Progress update",
        ],
        bold,
    )
    rows = [
        (
            "1.1",
            "People",
            "Recruit permanent social workers",
            "HoS",
            datetime(2018, 12, 31),
            "Red",
            0.25,
            "Advert out",
        ),
        (
            "1.2",
            "People",
            "Supervision policy",
            "HoS / PSW",
            datetime(2019, 2, 28),
            "Green",
            0.5,
            "",
        ),
        (
            "2.1",
            "Practice",
            "Front door review",
            "SMF",
            datetime(2019, 1, 10),
            "Amber",
            0.75,
            "Behind",
        ),
        ("2.2", "Practice", "Chronologies audit", "PSW", "March 2019", "Completed", 1, "Done"),
        ("2.3", "Practice", "Return interviews", "SMF", "31/11/18", "", 0, ""),
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                actions.write_datetime(r, c, value, date_fmt)
            elif c == 6:
                actions.write_number(r, c, value, pct)
            else:
                actions.write(r, c, value)
    actions.data_validation(1, 5, 200, 5, {"validate": "list", "source": "=Lists!$A$1:$A$4"})
    actions.conditional_format(
        1, 6, 200, 6, {"type": "data_bar", "bar_color": "#63BE7B", "data_bar_2010": True}
    )
    actions.insert_textbox(
        "J12",
        "How to update this plan: type the rating and progress, then press Refresh.",
        {"width": 300, "height": 80},
    )
    actions.insert_button("J18", {"macro": "RefreshPlan", "caption": "Refresh"})
    actions.write_comment("F2", "Rated red at the October board.", {"author": "Business Manager"})
    actions.repeat_rows(0)
    actions.freeze_panes(1, 0)

    lists = wb.add_worksheet("Lists")
    lists.write_column(0, 0, ["Red", "Amber", "Green", "Completed"])
    lists.hide()

    indicators = wb.add_worksheet("Indicators")
    indicators.write_row(0, 0, ["Ref", "Indicator", "Apr", "May", "Jun", "Jul", "Trend"], bold)
    indicators.write_row(1, 0, ["PI1", "Social work posts filled (%)", 70, 74, 79, 83])
    indicators.write_row(2, 0, ["PI2", "Average caseload", 24, 23, 22, 21])
    indicators.add_sparkline("G2", {"range": "Indicators!C2:F2"})
    indicators.add_sparkline("G3", {"range": "Indicators!C3:F3", "type": "column"})

    dashboard = wb.add_worksheet("Dashboard")
    dashboard.write_row(0, 0, ["Rating", "Count"], bold)
    for i, (label, n) in enumerate([("Red", 1), ("Amber", 1), ("Green", 1), ("Completed", 1)]):
        dashboard.write_row(i + 1, 0, [label, n])
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"categories": "=Dashboard!$A$2:$A$5", "values": "=Dashboard!$B$2:$B$5"})
    dashboard.insert_chart("D2", chart)
    dashboard.protect()

    leads = wb.add_worksheet("Leads")
    leads.write_row(0, 0, ["Code", "Name", "Role", "Email"], bold)
    leads.write_row(1, 0, ["HoS", "Head of Service (demo)", "Head of Service", "hos@example.org"])
    leads.write_row(2, 0, ["PSW", "Principal Social Worker (demo)", "PSW", "psw@example.org"])
    leads.write_row(3, 0, ["SMF", "Service Manager - Front Door (demo)", "SM", "smf@example.org"])
    wb.close()
    add_threaded_comment(path)


def add_threaded_comment(path: Path) -> None:
    """Excel 365's threaded comment on Actions!H4 (XlsxWriter cannot write one)."""
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    person = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<personList xmlns='
        b'"http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        b'<person displayName="Improvement Board Chair" id="{6D5B0F3A-0000-4000-8000-0000000'
        b'00001}" userId="chair@example.org" providerId="None"/></personList>'
    )
    thread = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ThreadedComments xmlns='
        b'"http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        b'<threadedComment ref="H4" dT="2019-01-10T10:00:00.00" personId="{6D5B0F3A-0000-'
        b'4000-8000-000000000001}" id="{9A1C0B2D-0000-4000-8000-000000000002}"><text>Is the '
        b"front door review really behind?</text></threadedComment></ThreadedComments>"
    )
    parts["xl/persons/person.xml"] = person
    parts["xl/threadedComments/threadedComment1.xml"] = thread
    rels = parts["xl/worksheets/_rels/sheet1.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId90" Type="{NS_2017}/'
        f'threadedComment" Target="../threadedComments/threadedComment1.xml"/>'
        "</Relationships>",
    )
    parts["xl/worksheets/_rels/sheet1.xml.rels"] = rels.encode()
    wb_rels = parts["xl/_rels/workbook.xml.rels"].decode()
    wb_rels = wb_rels.replace(
        "</Relationships>",
        f'<Relationship Id="rId90" Type="{NS_2017}/'
        'person" Target="persons/person.xml"/></Relationships>',
    )
    parts["xl/_rels/workbook.xml.rels"] = wb_rels.encode()
    types = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            (
                '<Override PartName="/xl/persons/person.xml" ContentType="application/vnd.ms-excel.'
                'person+xml"/><Override PartName="/xl/threadedComments/threadedComment1.xml" '
                'ContentType="application/vnd.ms-excel.threadedcomments+xml"/></Types>'
            ),
        )
    )
    parts["[Content_Types].xml"] = types.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


@pytest.fixture
def tracker(tmp_path: Path) -> Path:
    path = tmp_path / "council-tracker.xlsx"
    build_tracker(path, tmp_path)
    return path


def refresh(path: Path):
    return CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2019-01-15", "--json"])


def test_everything_in_the_councils_tracker_survives_a_refresh(tracker):
    before = parts_of(tracker)
    # The features under test really are in the input.
    names = set(before)
    assert {
        "xl/media/image1.png",
        "xl/drawings/vmlDrawing1.vml",
        "xl/comments1.xml",
        "xl/charts/chart1.xml",
        "xl/persons/person.xml",
        "xl/threadedComments/threadedComment1.xml",
    } <= names
    sheet1 = before["xl/worksheets/sheet1.xml"]
    assert b"x14:dataBar" in sheet1 and b"<dataValidation " in sheet1 and b"Lists!$A$1" in sheet1
    assert b"x14:sparklineGroups" in before["xl/worksheets/sheet3.xml"]
    assert b"<sheetProtection" in before["xl/worksheets/sheet4.xml"]
    assert b'state="hidden"' in before["xl/workbook.xml"]

    result = refresh(tracker)
    assert result.exit_code == 0, result.output
    after = parts_of(tracker)
    for name, data in before.items():
        if not OURS.match(name):
            assert after.get(name) == data, f"{name} changed or vanished"
    wb_before, wb_after = before["xl/workbook.xml"].decode(), after["xl/workbook.xml"].decode()
    for element in re.findall(r"<sheet [^>]*/>|<definedName [^>]*>[^<]*</definedName>", wb_before):
        assert element in wb_after, element
    rels_before = before["xl/_rels/workbook.xml.rels"].decode()
    for rel in re.findall(r"<Relationship [^>]*/>", rels_before):
        assert rel in after["xl/_rels/workbook.xml.rels"].decode()


@pytest.mark.libreoffice
@pytest.mark.filterwarnings("ignore:.*is not supported and will be removed:UserWarning")
def test_the_refreshed_tracker_opens_elsewhere_and_shows_the_numbers(tracker, tmp_path):
    assert refresh(tracker).exit_code == 0
    wb = openpyxl.load_workbook(tracker)
    assert wb["Lists"].sheet_state == "hidden"
    assert wb.sheetnames[:6] == ["Actions", "Lists", "Indicators", "Dashboard", "Leads", "Tracker"]
    rows = CalamineWorkbook.from_path(str(tracker)).get_sheet_by_name("Tracker").to_python()
    summary = {row[0]: row[1] for row in rows if row and row[0] in ("Actions", "Overdue")}
    assert summary == {"Actions": 5, "Overdue": 2}  # 1.1 and 2.1; 2.3's date is impossible
    converted = convert(tracker, "xlsx", tmp_path / "lo")
    assert "Tracker" in openpyxl.load_workbook(converted).sheetnames


def test_a_second_refresh_gives_the_same_file(tracker):
    assert refresh(tracker).exit_code == 0
    first = tracker.read_bytes()
    assert refresh(tracker).exit_code == 0
    assert tracker.read_bytes() == first
