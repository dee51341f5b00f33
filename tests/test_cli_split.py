"""ragbook split on the command line: exact output, JSON, errors and the progress bar."""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pytest
from builders import write_loop_plan
from click.testing import CliRunner

from ragbook.cli import main
from ragbook.cli.split import ProgressBar


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def plan(tmp_path) -> Path:
    return write_loop_plan(tmp_path / "plan.xlsx")


def test_split_says_what_it_wrote(plan, tmp_path):
    out = tmp_path / "to leads"
    result = run("split", plan, "--out", out)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote 3 lead workbooks into {out} as of 15/01/2019:\n"
        "  AF 2019-01-15.xlsx: 2 actions, 1 overdue, 1 due soon\n"
        "  AMD 2019-01-15.xlsx: 2 actions, 0 overdue, 1 due soon\n"
        "  SG 2019-01-15.xlsx: 2 actions, 0 overdue, 1 due soon\n"
    )
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    assert sorted(p.name for p in out.iterdir()) == [
        "AF 2019-01-15.xlsx",
        "AMD 2019-01-15.xlsx",
        "SG 2019-01-15.xlsx",
    ]


def test_json_lists_the_files_and_as_of_and_lead_choose(plan, tmp_path):
    result = run(
        "split", plan, "--out", tmp_path / "out", "--lead", "sg", "--as-of", "2019-05-01", "--json"
    )
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.output)
    assert entry == {
        "lead": "SG",
        "file": str(tmp_path / "out" / "SG 2019-05-01.xlsx"),
        "actions": 2,
        "overdue": 1,
        "due_soon": 0,
        "workbook_id": entry["workbook_id"],
    }
    assert len(entry["workbook_id"]) == 12


def test_an_unknown_lead_is_an_error(plan, tmp_path):
    result = run("split", plan, "--out", tmp_path / "out", "--lead", "ZZ")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: no action has the lead 'ZZ'; leads with actions are: AF, AMD, SG\n"
    )


def test_problems_with_the_column_list_are_warnings(plan, tmp_path):
    wb = openpyxl.load_workbook(plan)
    wb["Settings"]["A7"], wb["Settings"]["B7"] = "Lead workbook columns", "Action, Budget"
    wb.save(plan)
    result = run("split", plan, "--out", tmp_path / "out", "--lead", "AF")
    assert result.exit_code == 0
    assert result.stderr == (
        "Warning: Settings!B7: 'Budget' in the lead workbook columns is not "
        "a header in row 1 of Actions; type headers as they are in row 1 of "
        "Actions (A1 onwards), separated by commas.\n"
    )


def test_the_progress_bar_shows_on_a_terminal_for_many_leads(monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    screen = Terminal()
    monkeypatch.setattr("sys.stderr", screen)
    few = ProgressBar("Writing")
    few(None, 1, 2)
    few.close()
    assert screen.getvalue() == ""
    many = ProgressBar("Writing lead workbooks")
    for done in range(1, 6):
        many(None, done, 5)
    many.close()
    assert "Writing lead workbooks" in screen.getvalue() and "100%" in screen.getvalue()
