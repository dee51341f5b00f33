"""ragbook.read.explain: what `check --explain` says, on workbooks on disk."""

from __future__ import annotations

from datetime import date

import openpyxl
from builders import action, write_plan
from click.testing import CliRunner

import ragbook
from ragbook.cli import main


def plan(tmp_path, *, hidden=(), filtered=False):
    rows = [
        action(f"1.{n}", rating=rating)
        for n, rating in enumerate(
            ["Red", "Red", "Amber", "Green", "Green", "Completed", "Amber", "Red"], start=1
        )
    ]
    rows.insert(4, [None, "PRIORITY TWO - Practice"])  # a heading row, then a blank one
    rows.insert(5, [])
    path = write_plan(tmp_path / "plan.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    ws = wb["Actions"]
    for r in hidden:
        ws.row_dimensions[r].hidden = True
    if filtered:
        ws.auto_filter.ref = f"A1:H{ws.max_row}"
    wb.save(path)
    return path


def explain(path) -> list[str]:
    result = CliRunner().invoke(main, ["check", str(path), "--explain", "--as-of", "2019-01-15"])
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_every_row_under_the_header_is_counted(tmp_path):
    lines = explain(plan(tmp_path))
    assert "Rows 2 to 11 under the header: 8 with actions, 1 priority heading, 1 blank." in lines
    assert not [line for line in lines if "hidden" in line]


def test_rows_filtered_out_are_said_so_an_officer_can_reconcile_the_counts(tmp_path):
    """The officer sees 2 reds with the filter on; ragbook counts all 8 actions."""
    lines = explain(plan(tmp_path, hidden=(4, 5, 8, 9, 10, 11), filtered=True))
    assert (
        "6 rows are filtered out by the sheet's filter in Excel (rows 4-5, 8-11), holding "
        "6 of the 8 actions; ragbook reads and counts every row, hidden or not."
    ) in lines


def test_hidden_rows_without_a_filter(tmp_path):
    lines = explain(plan(tmp_path, hidden=(3,)))
    assert (
        "1 row is hidden in Excel (row 3), holding 1 of the 8 actions; ragbook reads and "
        "counts every row, hidden or not."
    ) in lines


def test_explain_lists_the_guesses_last_before_the_notes(tmp_path):
    path = write_plan(
        tmp_path / "plan.xlsx", [action("1.1", due="March 2019"), action("1.2", due="Ongoing")]
    )
    lines = explain(path)
    start = lines.index("What ragbook guessed:")
    assert lines[start + 1 : start + 3] == [
        "  that 1 due date with a month but no day means the last day of that month (E2 "
        "'March 2019'); to pin it, type 'Month dates' in column A of the Settings sheet and "
        "'end of month' (or what is right) in column B.",
        "  that 1 due date says the action is ongoing or repeats, so it is never overdue (E3 "
        "'Ongoing').",
    ]
    assert lines[-1] == "No problems found."  # both are the documented rules: not in Checks
    with ragbook.load(path) as loaded:
        assert [a.due.date for a in loaded.actions] == [date(2019, 3, 31), None]
