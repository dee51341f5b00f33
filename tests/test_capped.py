"""Long lists on ragbook's sheets end with 'and N more, see ...' rather than run past
Excel's last row; the JSON keeps every item. The limits are made small here: the
same code cuts a million-action plan's lists at Excel's real limits."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
import pytest
from builders import action, write_plan
from click.testing import CliRunner

from ragbook.cli import main
from ragbook.layout import capped
from ragbook.layout.checks import LINT_TITLE

LEADS = [(f"L{i}", f"Lead {i}", "Role", f"l{i}@example.org") for i in range(6)]


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(capped, "SHEET_LIST", 3)
    monkeypatch.setattr(capped, "TRACKER_LIST", 2)


def values(ws, column: str) -> list:
    return [c.value for c in ws[column] if c.value is not None]


def test_long_lists_end_with_how_many_more_and_where(tmp_path, small_limits):
    rows = [
        action(
            f"1.{i}",
            lead="L0" if i < 7 else f"L{i % 6}",
            due=date(2018, 12, 1),
            rating="Red",
            priority="",
        )
        for i in range(1, 11)
    ]
    rows += [action(f"2.{i}", lead="Nobody", rating="Green") for i in range(1, 6)]  # 5 problems
    path = write_plan(tmp_path / "plan.xlsx", rows, leads=LEADS)
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2019-01-31", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert len(out["problems"]) == 5 and out["overdue"] == 10  # the JSON keeps everything
    wb = openpyxl.load_workbook(path)
    checks = wb["Checks"]
    lint_row = next(c.row for c in checks["A"] if c.value == LINT_TITLE)
    problems = [c.value for c in checks["C"][: lint_row - 1] if c.value is not None]
    assert problems[1:] == [p["message"] for p in out["problems"][:3]]
    note = (
        "... and 2 more problems, not listed here (Excel's sheets end at row 1,048,576): see "
        "ragbook check --json, which lists them all."
    )
    assert [c.value for c in checks["A"][: lint_row - 1] if c.value is not None][-1] == note
    exceptions = wb["Exceptions"]
    assert values(exceptions, "A")[-4:-1] == ["1.1", "1.2", "1.3"]
    assert values(exceptions, "A")[-1].startswith("... and 7 more actions overdue or off track")
    assert exceptions.auto_filter.ref == "A4:J7"
    lead = wb["L0"]
    assert values(lead, "A")[-1].startswith("... and 3 more actions of this lead, not listed")
    tracker_text = [
        c.value for row in wb["Tracker"].iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert any(t.startswith("... and 4 more leads, not listed here") for t in tracker_text)


def test_short_lists_are_not_cut(tmp_path):
    path = write_plan(
        tmp_path / "plan.xlsx", [action(f"1.{i}", due=date(2018, 12, 1)) for i in range(1, 6)]
    )
    assert CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2019-01-31"]).exit_code == 0
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert not any(
            isinstance(c.value, str) and c.value.startswith("... and ")
            for row in ws.iter_rows()
            for c in row
        )
    assert values(wb["Exceptions"], "A")[-5:] == [f"1.{i}" for i in range(1, 6)]


def test_the_real_limits_leave_room_below_excels_last_row():
    from ragbook.xlsx.limits import MAX_ROWS

    assert capped.SHEET_LIST + 100 == MAX_ROWS
    assert capped.TRACKER_LIST * 8 < MAX_ROWS  # the Tracker's lists together stay inside


def test_the_plan_quality_list_gets_only_the_rows_the_problems_left(tmp_path, small_limits):
    rows = [action(f"2.{i}", lead="Nobody", rating="Green") for i in range(1, 6)]  # 5 problems
    path = write_plan(tmp_path / "plan.xlsx", rows, leads=LEADS)
    result = CliRunner().invoke(main, ["refresh", str(path), "--as-of", "2019-01-31", "--json"])
    out = json.loads(result.stdout)
    assert out["lint"], "the plan has plan-quality findings"
    checks = openpyxl.load_workbook(path)["Checks"]
    lint_row = next(c.row for c in checks["A"] if c.value == LINT_TITLE)
    below = [c.value for c in checks["A"][lint_row:] if c.value is not None]
    assert below[-1] == (
        f"... and {len(out['lint']):,} more findings, not listed here (Excel's "
        "sheets end at row 1,048,576): see ragbook check --json, which lists "
        "them all."
    )
