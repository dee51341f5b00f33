"""ragbook.read.actions: rows read into actions, on workbooks written by other programs."""

from __future__ import annotations

from datetime import date

import xlsxwriter
from builders import action, write_plan
from click.testing import CliRunner

import ragbook
from ragbook.cli import main


def test_a_rating_formula_with_no_calculated_value_is_a_problem_with_its_cell(tmp_path):
    """openpyxl (like many scripts and exporters) writes a formula with no value saved: it
    is not "Not rated" with "No problems found"."""
    rows = [
        action("1.1", rating='=IF(TRUE,"Red","Green")'),
        action("1.2", rating="Green"),
        action("1.3", due="=DATE(2019,3,31)", rating="Amber"),
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows)
    result = CliRunner().invoke(main, ["check", str(path), "--as-of", "2019-01-15"])
    lines = result.output.splitlines()
    fix = (
        "open and save the file in Excel or LibreOffice, which calculate it (a file written "
        "by a script or an exporter keeps the formula without its value)."
    )
    assert lines[1:3] == [
        f"Actions!F2: this formula has no calculated value; {fix}",
        f"Actions!E4: action 1.3: this formula has no calculated value; {fix}",
    ]
    assert lines[-2:] == [
        "3 actions: 1 amber, 1 green, 1 unrecognised; 0 overdue, 2 due within 30 days.",
        "2 problems found.",
    ]
    with ragbook.load(path) as plan:
        first = plan.actions[0].rating
        assert (first.blank, first.unrecognised, first.shown) == (
            False,
            True,
            "Formula with no value",
        )


def test_a_formula_with_its_value_saved_is_read_as_that_value(tmp_path):
    path = tmp_path / "plan.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Actions")
    ws.write_row(0, 0, ["Ref", "Action", "Lead", "Date due", "RAG rating"])
    ws.write_row(1, 0, ["1.1", "Audit files", "AF", "31/03/2019"])
    ws.write_formula(1, 4, '=IF(TRUE,"Red","Green")', None, "Red")
    st = wb.add_worksheet("Settings")
    st.write_row(0, 0, ["Scale", "rag4"])
    wb.close()
    with ragbook.load(path) as plan:
        assert plan.actions[0].rating.shown == "Red"
        assert plan.problems == []


def test_a_rating_in_no_spelling_of_the_scale_names_the_nearest_label(tmp_path):
    rows = [
        action("1.1", rating="Ambr"),
        action("1.2", rating="Gren"),
        action("1.3", rating="complete"),
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows)
    with ragbook.load(path) as plan:
        assert [a.rating.shown for a in plan.actions] == ["Ambr", "Gren", "Completed"]
        assert [(p.cell, p.message) for p in plan.problems] == [
            ("F2", "'Ambr' is not a rating on the custom scale; the nearest is Amber"),
            ("F3", "'Gren' is not a rating on the custom scale; the nearest is Green"),
        ]
        assert date(2019, 1, 31) == plan.actions[0].due.date
