"""ragbook collect on the command line: the report, --dry-run, --json and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import lead_edit, write_loop_plan
from click.testing import CliRunner

import ragbook
from ragbook.cli import main
from ragbook.split import split_plan

FIRST = 17  # the row of each lead workbook's first action


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def loop(tmp_path) -> tuple[Path, dict[str, Path]]:
    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with ragbook.load(plan) as loaded:
        books = {f.lead: f.path for f in split_plan(loaded, tmp_path / "out").files}
    lead_edit(books["AF"], {f"E{FIRST}": "Amber", f"G{FIRST}": "Recruitment  drive started"})
    lead_edit(books["SG"], {f"E{FIRST}": "Nearly there"})
    return plan, books


def test_the_report_names_each_file_change_and_problem(loop):
    plan, books = loop
    result = run("collect", plan, books["AF"], books["SG"], books["AMD"], "--as-of", "2019-01-20")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:8] == [
        "AF 2019-01-15.xlsx (AF): 2 changes applied:",
        "  1.1 RAG rating: Red -> Amber",
        "  1.1 Progress update: Behind -> Recruitment drive started",
        "SG 2019-01-15.xlsx (SG): not applied, 1 problem:",
        f"  [SG 2019-01-15.xlsx]Actions for SG!E{FIRST}: action 2.1: 'Nearly there' is not a "
        "rating on the plan's scale; choose one of Red (R), Amber (A), Green (G), Completed (C).",
        "AMD 2019-01-15.xlsx (AMD): no changes; the plan has these updates already.",
        f"Collected 2 changes into {plan} and refreshed it as of 20/01/2019; 4 rows added to the "
        "Change log.",
        f"Previous version kept as {sorted((plan.parent / 'ragbook-backups').iterdir())[0]}.",
    ]
    assert len(lines) == 8
    assert run("collect", plan, books["SG"], "--strict").exit_code == 2  # nothing could be done
    assert run("collect", plan, books["AF"], books["SG"], "--strict").exit_code == 1


def test_dry_run_and_json(loop):
    plan, books = loop
    before = plan.read_bytes()
    result = run("collect", plan, books["AF"], "--dry-run")
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "AF 2019-01-15.xlsx (AF): 2 changes to apply:",
        "  1.1 RAG rating: Red -> Amber",
        "  1.1 Progress update: Behind -> Recruitment drive started",
        f"Dry run: 2 changes would be made to {plan}; nothing was written.",
    ]
    out = json.loads(run("collect", plan, books["AF"], books["SG"], "--dry-run", "--json").output)
    assert plan.read_bytes() == before
    assert (out["dry_run"], out["written"], out["changes"], out["backup"]) == (True, False, 2, None)
    assert [f["status"] for f in out["files"]] == ["to apply", "not applied"]
    af = out["files"][0]
    assert af["changes"][0] == {
        "ref": "1.1",
        "field": "RAG rating",
        "cell": "F2",
        "old": "Red",
        "new": "Amber",
    }
    assert out["files"][1]["problems"][0]["cell"] == f"E{FIRST}"


def test_a_plan_that_cannot_be_read_is_an_error(tmp_path, loop):
    _, books = loop
    result = run("collect", tmp_path / "missing.xlsx", books["AF"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "missing.xlsx: no such file." in result.stderr


def test_cells_refused_and_requests_are_listed_and_strict_exits_1(tmp_path):
    from datetime import datetime

    plan = write_loop_plan(tmp_path / "plan.xlsx")
    with ragbook.load(plan) as loaded:
        af = split_plan(loaded, tmp_path / "out", leads=["AF"]).files[0].path
    # The rating goes in; the % complete is refused; the due date (a locked cell) is asked for.
    lead_edit(
        af, {f"E{FIRST}": "Amber", f"F{FIRST + 1}": "lots", f"C{FIRST}": datetime(2019, 3, 1)}
    )
    result = run("collect", plan, af, "--strict", "--as-of", "2019-01-20", "--no-backup")
    assert result.exit_code == 1, result.output
    assert result.output.splitlines() == [
        "AF 2019-01-15.xlsx (AF): 1 change applied, 1 problem, 1 request:",
        "  1.1 RAG rating: Red -> Amber",
        f"  [AF 2019-01-15.xlsx]Actions for AF!F{FIRST + 1}: action 1.2: 'lots' is not a "
        "percentage from 0% to 100%; type the percentage complete, e.g. 50%.",
        "  AF asks to move 1.1's due date from 01/12/2018 to 01/03/2019; not applied.",
        f"Collected 1 change into {plan} and refreshed it as of 20/01/2019; 3 rows added to the "
        "Change log.",
    ]
    out = json.loads(run("collect", plan, af, "--json", "--no-backup").output)
    (file,) = out["files"]
    assert (file["status"], file["changes"], file["notes"]) == ("not applied", [], [])
    assert file["requests"] == [
        {
            "ref": "1.1",
            "field": "Date due",
            "cell": f"C{FIRST}",
            "old": "01/12/2018",
            "new": "01/03/2019",
            "message": "AF asks to move 1.1's due date from 01/12/2018 to 01/03/2019; not applied",
        }
    ]
    assert out["log_entries"] == 0  # the request is on the Change log already
