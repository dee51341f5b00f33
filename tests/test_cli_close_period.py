"""ragbook close-period, called in-process: exact output, exit codes and JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from builders import action, write_plan
from click.testing import CliRunner

from ragbook.cli import main


def run(*args: object):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    rows = [
        action("1.1", rating="Red", progress="Not started"),
        action("1.2", rating="Green", progress="On track", lead="AF AMD"),
        action("2.1", rating="Completed", lead="SG", priority="Priority 2"),
    ]
    return write_plan(tmp_path / "plan.xlsx", rows, as_of=date(2016, 10, 31))


def test_close_period_freezes_the_period_named_by_the_as_of_date(plan):
    result = run("close-period", plan, "--no-backup")
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Oct 2016 closed: 3 actions frozen in Plan history, which holds 1 period (Oct 2016).\n"
        "No --period given: Oct 2016 is the month of the as-of date, 31/10/2016, past the "
        "14-day returns window after Sep 2016.\n"
        f"Refreshed {plan} as of 31/10/2016: 3 actions: 1 red, 1 green, 1 completed; "
        "0 overdue, 0 due within 30 days.\n"
    )


def test_run_on_the_2nd_of_a_month_it_closes_the_month_just_ended_and_says_so(plan):
    result = run("close-period", plan, "--as-of", "2016-12-02", "--no-backup")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "Nov 2016 closed: 3 actions frozen in Plan history, which holds 1 period (Nov 2016).",
        "No --period given: Nov 2016 is the month that ended 2 days before the as-of date, "
        "02/12/2016, within the 14-day returns window.",
    ]
    # Run again in the window, it does not close December early: it says how to.
    again = run("close-period", plan, "--as-of", "2016-12-03", "--no-backup")
    assert (again.exit_code, again.stdout) == (2, "")
    assert again.stderr == (
        "Error: Nov 2016 is already closed and Dec 2016 has not ended (the as-of date, "
        "03/12/2016, is within the 14-day returns window after Nov 2016); to close Dec 2016 "
        'early, use --period "Dec 2016", or to close Nov 2016 again, --period "Nov 2016" '
        "--replace\n"
    )


def test_a_skipped_month_is_closed_later_in_its_place_and_undo_reopens_the_latest(plan):
    assert run("close-period", plan, "--period", "Oct 2016", "--no-backup").exit_code == 0
    assert run("close-period", plan, "--as-of", "2017-01-03", "--no-backup").exit_code == 0
    late = run("close-period", plan, "--period", "Nov 2016", "--as-of", "2017-01-05", "--no-backup")
    assert late.exit_code == 0, late.output
    assert late.output.splitlines()[0] == (
        "Nov 2016 closed: 3 actions frozen in Plan history, which holds 3 periods (Oct 2016, "
        "Nov 2016, Dec 2016)."
    )
    undo = run("close-period", plan, "--undo", "--as-of", "2017-01-05", "--no-backup")
    assert undo.exit_code == 0, undo.output
    assert undo.output.splitlines()[:2] == [
        "Dec 2016 reopened: its 3 rows left Plan history, which holds 2 periods (Oct 2016, "
        "Nov 2016).",
        "Recorded in the Change log.",
    ]


def test_a_second_period_and_a_backup(plan):
    assert (
        run(
            "close-period", plan, "--period", "Sep 2016", "--as-of", "2016-09-30", "--no-backup"
        ).exit_code
        == 0
    )
    result = run("close-period", plan, "--period", "October 2016")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (
        "Oct 2016 closed: 3 actions frozen in Plan history, which holds 2 "
        "periods (Sep 2016, Oct 2016)."
    )
    assert lines[2].startswith("Previous version kept as ") and "ragbook-backups" in lines[2]


def test_closing_the_same_period_twice_names_replace(plan):
    assert run("close-period", plan, "--no-backup").exit_code == 0
    before = plan.read_bytes()
    result = run("close-period", plan, "--no-backup")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "Error: Oct 2016 is already closed in Plan history (3 actions, closed as of "
        "31/10/2016); to close it again with the ratings as they are now, use --replace: "
        'ragbook close-period plan.xlsx --period "Oct 2016" --replace\n'
    )
    assert plan.read_bytes() == before
    again = run("close-period", plan, "--replace", "--no-backup")
    assert again.exit_code == 0
    assert again.output.startswith(
        "Oct 2016 closed again: 3 actions frozen in Plan history, "
        "which holds 1 period (Oct 2016).\n"
    )


def test_json(plan):
    result = run(
        "close-period",
        plan,
        "--period",
        "Q3 2016/17",
        "--as-of",
        "2016-12-31",
        "--json",
        "--no-backup",
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {
        k: out[k]
        for k in (
            "file",
            "written",
            "period",
            "replaced",
            "actions",
            "periods",
            "sheet",
            "as_of",
            "backup",
        )
    } == {
        "file": str(plan),
        "written": True,
        "period": "Q3 2016/17",
        "replaced": False,
        "actions": 3,
        "periods": ["Q3 2016/17"],
        "sheet": "Plan history",
        "as_of": "2016-12-31",
        "backup": None,
    }
    assert out["history"]["current"] == "Q3 2016/17"
    assert [o["ref"] for o in out["history"]["off_track"]] == ["1.1"]


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--period", "Autumn"],
            "Error: 'Autumn' is not a period ragbook can put in order; type a "
            "month such as 'Sep 2016', a date, or a quarter such as "
            "'Q1 2017/18'\n",
        ),
        (
            ["--undo", "--period", "Sep 2016"],
            "Error: Sep 2016 is not closed in Plan history (it "
            "holds Oct 2016); name one of those with --period\n",
        ),
        (
            ["--undo", "--replace"],
            "Error: --undo reopens a period and --replace closes one again; use one of them\n",
        ),
    ],
)
def test_bad_periods_are_one_line_and_change_nothing(plan, args, message):
    assert run("close-period", plan, "--no-backup").exit_code == 0
    before = plan.read_bytes()
    result = run("close-period", plan, *args)
    assert (result.exit_code, result.stderr) == (2, message)
    assert plan.read_bytes() == before


def test_a_file_that_is_not_there(tmp_path):
    result = run("close-period", tmp_path / "missing.xlsx")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "missing.xlsx" in result.stderr
