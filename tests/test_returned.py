"""Reading a returned lead workbook: data only, checked against its stamp."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from builders import lead_edit, write_loop_plan

import ragbook
from ragbook.errors import NotALeadWorkbook, NotAWorkbook
from ragbook.read.returned import read_returned
from ragbook.rules.scales import PRESETS
from ragbook.split import split_plan

RAG4 = PRESETS["rag4"]
# Where the loop plan's AF workbook has its rows and update columns.
FIRST, SECOND = 17, 18  # rows of actions 1.1 and 1.2


@pytest.fixture
def af(tmp_path) -> Path:
    with ragbook.load(write_loop_plan(tmp_path / "plan.xlsx")) as plan:
        return split_plan(plan, tmp_path / "out", leads=["AF"]).files[0].path


def test_as_sent_every_value_is_what_the_plan_had(af):
    returned = read_returned(af, RAG4)
    assert returned.problems == [] and returned.sheet == "Actions for AF"
    assert [(r.stamp.ref, r.values) for r in returned.rows] == [
        (
            "1.1",
            {
                "rating": "Red",
                "percent_complete": "25",
                "progress": "Behind",
                "evidence": "Minutes of the board",
            },
        ),
        ("1.2", {"rating": "Green", "percent_complete": "", "progress": "", "evidence": ""}),
    ]
    assert returned.rows[0].cells == {
        "rating": f"E{FIRST}",
        "percent_complete": f"F{FIRST}",
        "progress": f"G{FIRST}",
        "evidence": f"H{FIRST}",
    }


def test_values_typed_as_excel_stores_them_and_text_that_looks_like_a_formula(af):
    lead_edit(
        af,
        {
            f"E{FIRST}": "amber",
            f"F{FIRST}": 50,
            f"G{FIRST}": '=HYPERLINK("x")',
            f"H{FIRST}": "-done",
            f"F{SECOND}": "75%",
            f"G{SECOND}": "+1",
            f"H{SECOND}": "@SUM(A1)",
        },
        text_cells=(f"G{FIRST}",),
    )
    rows = read_returned(af, RAG4).rows
    assert rows[0].values == {
        "rating": "Amber",
        "percent_complete": "50",
        "progress": '=HYPERLINK("x")',
        "evidence": "-done",
    }
    assert rows[1].values == {
        "rating": "Green",
        "percent_complete": "75",
        "progress": "+1",
        "evidence": "@SUM(A1)",
    }


@pytest.mark.parametrize(
    "cell, value, line",
    [
        (
            f"F{FIRST}",
            150,
            "action 1.1: '150' is not a percentage from 0% to 100%; type the "
            "percentage complete, e.g. 50%.",
        ),
        (
            f"F{SECOND}",
            "half",
            "action 1.2: 'half' is not a percentage from 0% to 100%; type the "
            "percentage complete, e.g. 50%.",
        ),
        (
            f"G{FIRST}",
            "=1+1",
            "action 1.1: this cell holds a formula; ragbook takes only typed "
            "values; type the value itself (to start text with =, + or -, put ' "
            "before it).",
        ),
    ],
)
def test_bad_values_are_problems_naming_the_lead_workbooks_cell(af, cell, value, line):
    lead_edit(af, {cell: value})
    (problem,) = read_returned(af, RAG4).problems
    assert problem.line() == f"[{af.name}]Actions for AF!{cell}: {line}"


def test_a_row_deleted_is_a_problem_and_a_row_moved_is_found(af, tmp_path):
    wb = openpyxl.load_workbook(af)
    ws = wb.worksheets[0]
    ws.protection.sheet = False
    first = [c.value for c in ws[FIRST]]
    second = [c.value for c in ws[SECOND]]
    for col, (a, b) in enumerate(zip(first, second, strict=False), start=1):  # swap the two rows
        ws.cell(FIRST, col, b)
        ws.cell(SECOND, col, a)
    moved = tmp_path / "moved.xlsx"
    wb.save(moved)
    rows = read_returned(moved, RAG4).rows
    assert [(r.stamp.ref, r.cells["rating"]) for r in rows] == [
        ("1.1", f"E{SECOND}"),
        ("1.2", f"E{FIRST}"),
    ]
    ws.delete_rows(FIRST)
    wb.save(moved)
    problems = read_returned(moved, RAG4).problems
    assert [p.message for p in problems] == ["action 1.2 is no longer in this workbook"]


def test_a_renamed_lead_sheet_is_still_read(af):
    wb = openpyxl.load_workbook(af)
    wb.worksheets[0].title = "Mine"
    wb.save(af)
    assert read_returned(af, RAG4).sheet == "Mine"


def test_a_workbook_without_a_stamp_is_not_a_lead_workbook(tmp_path):
    other = write_loop_plan(tmp_path / "other.xlsx")
    with pytest.raises(
        NotALeadWorkbook,
        match=r"^other.xlsx is not a ragbook lead workbook \(it "
        r"has no hidden stamp\)",
    ):
        read_returned(other, RAG4)
    text = tmp_path / "notes.xlsx"
    text.write_text("not a zip")
    with pytest.raises(NotAWorkbook, match=r"notes.xlsx is a text file named .xlsx"):
        read_returned(text, RAG4)


def test_an_edited_stamp_is_refused(af):
    wb = openpyxl.load_workbook(af)
    wb["ragbook"]["B3"] = "SG"  # pretend to be another lead
    wb.save(af)
    with pytest.raises(
        NotALeadWorkbook,
        match=r"cannot be collected: its hidden stamp has been "
        r"edited \(the checksum does not match\)",
    ):
        read_returned(af, RAG4)


def replace_in_parts(path: Path, old: bytes, new: bytes) -> None:
    """Edit the bytes of whichever part holds `old` (as another program might have saved it)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i)) for i in z.infolist()]
    assert any(old in data for _, data in parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info, data.replace(old, new))


@pytest.mark.parametrize(
    "typed, problem",
    [
        (
            b"x" * 32_768,
            "action 1.1: this update is 32,768 characters long, more than Excel's limit "
            "of 32,767 for a cell; shorten it and send the workbook back again",
        ),
        (
            b"MA&#xD800;RK",
            "action 1.1: this update holds a character that is not valid text (shown as \ufffd), "
            "from a damaged file or a bad paste; retype the text around it and send the "
            "workbook back again",
        ),
    ],
)
def test_an_update_no_cell_can_hold_is_refused_and_other_files_still_apply(
    tmp_path, typed, problem
):
    """Excel keeps 32,767 characters in a cell (openpyxl cuts longer text), and a lone
    surrogate is no character: both are typed into the file's XML, as another program could."""
    from datetime import datetime

    from ragbook.collect import collect_returns

    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with ragbook.load(plan) as loaded:
        books = {f.lead: f.path for f in split_plan(loaded, tmp_path / "out").files}
    lead_edit(books["AF"], {f"G{FIRST}": "MARK"})
    replace_in_parts(books["AF"], b"MARK", typed)
    lead_edit(books["SG"], {"G17": "Audit booked"})
    result = collect_returns(plan, [books["AF"], books["SG"]], now=datetime(2019, 1, 20))
    af, sg = result.outcomes
    assert af.status == "not applied" and [p.line() for p in af.problems] == [
        f"[AF 2019-01-15.xlsx]Actions for AF!G{FIRST}: {problem}."
    ]
    assert sg.status == "applied"
    assert openpyxl.load_workbook(plan)["Actions"]["H2"].value == "Behind"  # AF's: not applied
