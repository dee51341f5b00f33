"""layout/print_pages.py: the tables, header and footer of the sheets ragbook owns."""

from __future__ import annotations

from datetime import date

import openpyxl
from builders import LOOP_AS_OF, action, write_loop_plan, write_plan

import ragbook
from ragbook.layout import palette as S
from ragbook.layout.print_pages import find_tables, heading, prepare, wrap_long_lines
from ragbook.xlsx.spec import Cell, SheetSpec


def test_tables_are_the_runs_of_rows_after_the_title_with_their_heading_row():
    sheet = SheetSpec(name="T", role="tracker")
    sheet.add(Cell("Title", S.TITLE))
    sheet.add(Cell("Subtitle", S.SUBTITLE))
    sheet.blank()
    sheet.add(Cell("Summary", S.SECTION))
    sheet.add(Cell("Actions", S.LABEL), Cell(3, S.NUMBER))
    sheet.add(None, Cell(""))  # blank: empty cells only
    sheet.add(Cell("Ratings", S.SECTION))
    sheet.add(Cell("Rating", S.HEADER), Cell("Count", S.HEADER))
    sheet.add(Cell("Red"), Cell(1))
    assert find_tables(sheet) == [(4, None, 5), (7, 8, 9)]


def test_a_long_note_wraps_within_the_columns_instead_of_running_past_them():
    sheet = SheetSpec(name="C", role="checks", widths={1: 10, 2: 10})
    sheet.add(Cell("Heading", S.HEADER), Cell("Other", S.HEADER))
    short = sheet.add(Cell("short", S.NOTE))
    long = sheet.add(Cell("word " * 30, S.NOTE))
    wrap_long_lines(sheet)
    assert sheet.merges == [f"A{long}:B{long}"]
    assert sheet.rows[long - 1][0].style.wrap and not sheet.rows[short - 1][0].style.wrap
    assert sheet.heights[long] >= 15 * 7  # 150 characters in 20: eight lines or so


def _marked(path, marking):
    wb = openpyxl.load_workbook(path)
    wb["Settings"]["A20"], wb["Settings"]["B20"] = "Protective marking", marking
    wb.save(path)


def test_every_owned_sheet_prints_the_title_date_and_marking(tmp_path):
    path = write_loop_plan(tmp_path / "plan.xlsx", title="Fees & Charges")
    _marked(path, "OFFICIAL-SENSITIVE")
    ragbook.refresh(path, backup=False)
    wb = openpyxl.load_workbook(path)
    owned = [ws.title for ws in wb if ws.title not in ("Actions", "Leads", "Settings")]
    assert len(owned) > 3
    for name in owned:
        ws = wb[name]
        assert ws.oddHeader.left.text == "Fees && Charges", name
        assert ws.oddHeader.center.text == ws.oddFooter.center.text == "OFFICIAL-SENSITIVE"
        assert ws.oddHeader.right.text == f"As of {LOOP_AS_OF:%d/%m/%Y}"
        assert ws.oddFooter.right.text == "Page &P of &N"
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"


def test_without_a_marking_the_header_has_none(tmp_path):
    path = write_plan(tmp_path / "p.xlsx", [action("1.1")], as_of=date(2019, 1, 31))
    plan = ragbook.load(path)
    plan.refresh()
    assert all(s.heading == heading("Test plan", date(2019, 1, 31)) for s in plan._sheets)


def test_a_sheet_added_after_refresh_gets_the_same_heading(tmp_path):
    path = write_plan(tmp_path / "p.xlsx", [action("1.1")], as_of=date(2019, 1, 31))
    plan = ragbook.load(path)
    plan.refresh()
    spec = plan.add_sheet("extra", "Extra", lambda name: SheetSpec(name=name, role="extra"))
    assert spec.heading == plan._sheets[0].heading
    assert prepare(SheetSpec(name="x", role="x"), None).heading is None


def test_a_lead_workbook_prints_like_the_plan(tmp_path):
    from ragbook.split import split_plan

    path = write_loop_plan(tmp_path / "plan.xlsx", title="Getting to Good")
    _marked(path, "OFFICIAL")
    with ragbook.load(path) as plan:
        result = split_plan(plan, tmp_path / "out")
    ws = openpyxl.load_workbook(result.files[0].path)["Actions for AF"]
    assert ws.oddHeader.left.text == "Getting to Good"
    assert ws.oddHeader.center.text == ws.oddFooter.center.text == "OFFICIAL"
    assert ws.oddFooter.right.text == "Page &P of &N"
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape"
    assert 73 <= ws.page_setup.scale <= 100 and ws.print_title_rows


def test_only_the_tracker_is_wider_than_an_a4_page_at_8_pt(tmp_path):
    from ragbook.demo import write_demo
    from ragbook.xlsx.printing import page_layout

    plan = ragbook.load(write_demo(tmp_path / "demo.xlsx", date(2026, 12, 2)))
    plan.refresh()
    wide = [s.role for s in plan._sheets if page_layout(s).across]
    assert wide == ["tracker"]  # its indicators' monthly values need the room
