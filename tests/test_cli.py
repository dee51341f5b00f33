"""The command line, called in-process; exact output, exit codes and JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from builders import action, write_plan
from click.testing import CliRunner

from ragbook.cli import main
from ragbook.template import SCALE_TABLE_ROW

JSON_KEYS = {
    "actions",
    "ratings",
    "by_priority",
    "overdue",
    "due_soon",
    "on_track_or_complete_pct",
    "problems",
}


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    rows = [
        action("1.1", lead="AF", due=date(2018, 12, 1), rating="Red"),
        action("1.2", lead="AF AMD", due=date(2019, 2, 10), rating="Green"),
        action("1.3", lead="SG", due=date(2019, 6, 1), rating="Completed", priority="Priority 2"),
        action("1.4", lead="SG", due=date(2019, 3, 1), rating="", priority="Priority 2"),
    ]
    return write_plan(tmp_path / "plan.xlsx", rows)


def test_new_creates_a_plan_from_the_template_with_its_title(tmp_path):
    target = tmp_path / "plan.xlsx"
    result = run("new", target, "--scale", "reading5", "--title", "Children's Services Plan")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Created {target} with the reading5 scale. Fill in Actions and "
        f"Leads, then run: ragbook refresh {target}\n"
    )
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["Actions", "Indicators", "Leads", "Settings"]
    assert wb["Settings"]["B3"].value == "Children's Services Plan"
    first = SCALE_TABLE_ROW + 1
    assert [wb["Settings"].cell(r, 1).value for r in range(first, first + 5)] == [
        "RED",
        "AMBER",
        "LIGHT GREEN",
        "DARK GREEN",
        "COMPLETED",
    ]


def test_new_refuses_to_overwrite(tmp_path):
    target = tmp_path / "plan.xlsx"
    target.write_bytes(b"precious")
    result = run("new", target)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {target} already exists; ragbook will not overwrite it. "
        "Choose another name, or refresh the existing plan.\n"
    )
    assert target.read_bytes() == b"precious"


def test_check_lists_problems_and_writes_nothing(plan):
    wb = openpyxl.load_workbook(plan)
    wb["Actions"]["F3"] = "Amberr"
    wb.save(plan)
    before = plan.read_bytes()
    result = run("check", plan, "--as-of", "2019-01-15")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{plan}: 4 actions on sheet 'Actions' (header row 1); scale custom")
    assert (
        "Actions!F3: 'Amberr' is not a rating on the custom scale; the nearest is Amber; "
        "type one of Red (R), "
        "Amber (A), Green (G), Completed (C)."
    ) in lines
    assert lines[-2] == (
        "4 actions: 1 red, 1 completed, 1 not rated, 1 unrecognised; 1 overdue, "
        "1 due within 30 days."
    )
    assert lines[-1] == "1 problem found."
    assert plan.read_bytes() == before


def test_check_strict_exits_1_when_there_are_problems(plan):
    assert run("check", plan, "--strict").exit_code == 0
    wb = openpyxl.load_workbook(plan)
    wb["Actions"]["E2"] = "31/11/18"
    wb.save(plan)
    assert run("check", plan, "--strict").exit_code == 1


def test_check_json_schema(plan):
    result = run("check", plan, "--as-of", "2019-01-15", "--json")
    assert result.exit_code == 0
    out = json.loads(result.output)
    assert set(out) >= JSON_KEYS
    assert out["actions"] == 4
    assert out["ratings"] == {
        "Red": 1,
        "Amber": 0,
        "Green": 1,
        "Completed": 1,
        "Not rated": 1,
        "Unrecognised": 0,
    }
    assert out["by_priority"]["Priority 2"]["Completed"] == 1
    assert out["overdue"] == 1 and out["due_soon"] == 1
    assert out["on_track_or_complete_pct"] == 50.0
    assert out["problems"] == [] and out["written"] is False


def test_refresh_writes_and_reports(plan):
    result = run("refresh", plan, "--as-of", "2019-01-15")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"Refreshed {plan} as of 15/01/2019."
    assert lines[1] == (
        "4 actions: 1 red, 1 green, 1 completed, 1 not rated; 1 overdue, 1 due within 30 days."
    )
    assert lines[2].startswith("Previous version kept as ")
    wb = openpyxl.load_workbook(plan)
    assert {"Tracker", "Exceptions", "AF", "AMD", "SG", "Checks"} <= set(wb.sheetnames)


def test_refresh_json(plan):
    result = run("refresh", plan, "--as-of", "2019-01-15", "--json", "--no-backup")
    out = json.loads(result.output)
    assert set(out) >= JSON_KEYS
    assert out["written"] is True and out["backup"] is None
    assert out["sheets"] == ["Tracker", "Exceptions", "AF", "AMD", "SG", "Checks"]
    assert not (plan.parent / "ragbook-backups").exists()


def test_refresh_strict_still_saves_and_exits_1(plan):
    wb = openpyxl.load_workbook(plan)
    wb["Actions"]["D2"] = ""
    wb.save(plan)
    result = run("refresh", plan, "--strict")
    assert result.exit_code == 1
    assert "Checks" in openpyxl.load_workbook(plan).sheetnames


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\x9c\xff junk \x01\x02\x03" * 4, "is damaged or not an Excel workbook"),
        (
            b"Ref,Action,Lead(s),Date due\r\n1.1,Do it,AF,31/01/2019\r\n",
            "is a CSV (text) file named .xlsx, not an Excel workbook; open it in Excel and save it as "
            "'Excel Workbook (*.xlsx)'",
        ),
        (b"Ref\tAction\n1.1\tDo it\n", "is a CSV (text) file named .xlsx"),
        (
            b"<html><body><table><tr><td>1.1</td></tr></table></body></html>",
            "is a web page or XML file named .xlsx",
        ),
        (b"Notes for the plan to type up later\n", "is a text file named .xlsx"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 100
            + "EncryptedPackage".encode("utf-16-le"),
            "is password-protected (encrypted)",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100 + "Workbook".encode("utf-16-le"),
            "is an old-style .xls workbook; open it in Excel and save it as",
        ),
    ],
)
def test_a_bad_file_is_one_line_and_exit_2(tmp_path, content, message):
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(content)
    result = run("refresh", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: plan.xlsx") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert bad.read_bytes() == content


def test_missing_file_and_wrong_extension(tmp_path):
    result = run("check", tmp_path / "nope.xlsx")
    assert (
        result.exit_code == 2
        and result.stderr == f"Error: {tmp_path / 'nope.xlsx'}: no such file.\n"
    )
    csv = tmp_path / "plan.csv"
    csv.write_text("a,b")
    result = run("check", csv)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: plan.csv: ragbook reads .xlsx and .xlsm workbooks; save it "
        "from Excel as 'Excel Workbook (*.xlsx)'.\n"
    )


def test_a_workbook_without_an_action_table(tmp_path):
    path = tmp_path / "empty.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Just some notes"
    wb.save(path)
    result = run("refresh", path)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: empty.xlsx: no sheet has an action table (a header row with at least Action, "
        "Lead and Date due columns); add an 'Actions' sheet or start from 'ragbook new', or, "
        "if the table is there under other headings, pin it on a Settings sheet: 'Actions "
        "sheet' and its name, 'Header row' and its number, and a row per column such as "
        "'Action column' and its letter.\n"
    )


def test_a_table_under_headings_ragbook_does_not_know_is_read_once_pinned(tmp_path):
    """What the message above says to do works: the sheet, header row and columns pinned."""
    path = tmp_path / "plan.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tasks"
    ws.append(["Board tasks"])
    ws.append(["No", "What", "Who", "When", "Colour"])
    ws.append(["T1", "Agree the budget", "AF", "31/12/2018", "Red"])
    ws.append(["T2", "Recruit two managers", "SG", "28/02/2019", "Green"])
    wb.save(path)
    assert run("check", path).exit_code == 2
    st = wb.create_sheet("Settings")
    for row in (
        ["Actions sheet", "Tasks"],
        ["Header row", 2],
        ["Action column", "B"],
        ["Lead column", "C"],
        ["Date due column", "When"],
        ["RAG rating column", "E"],
        ["Scale", "rag4"],
    ):
        st.append(row)
    wb.save(path)
    result = run("check", path, "--as-of", "2019-01-15")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-2:] == [
        "2 actions: 1 red, 1 green; 1 overdue, 0 due within 30 days.",
        "No problems found.",
    ]


def test_verbose_shows_the_traceback(tmp_path):
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(b"\x00\x01junk")
    result = run("--verbose", "check", bad)
    assert result.exit_code != 0
    assert result.exception is not None and "damaged" in str(result.exception)


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_is_taken_before_or_after_the_command(tmp_path, where):
    bad = tmp_path / "plan.xlsx"
    bad.write_bytes(b"\x00\x01junk")
    args = ["--verbose", "check", bad] if where == "before" else ["check", bad, "--verbose"]
    result = run(*args)
    assert result.exit_code != 0
    assert result.exception is not None and "damaged" in str(result.exception)
    quiet = run("check", bad)
    assert quiet.stderr.startswith("Error: ") and "Traceback" not in quiet.stderr


def test_verbose_is_taken_after_a_subgroup_command_too():
    result = run("addin", "check", "no-such.xlam", "--verbose")
    assert "No such option" not in result.stderr
    assert result.exception is not None and not isinstance(result.exception, SystemExit)


def test_bad_as_of_is_a_usage_error(plan):
    result = run("refresh", plan, "--as-of", "31st Jan")
    assert result.exit_code == 2
    assert "is not a date; use YYYY-MM-DD" in result.stderr


def test_unknown_scale_option_is_refused(plan):
    result = run("check", plan, "--scale", "rainbow")
    assert result.exit_code == 2 and "rainbow" in result.stderr


def test_scale_option_overrides_settings(plan):
    out = json.loads(run("check", plan, "--scale", "reading5", "--json").output)
    assert out["scale"] == "reading5"
    assert set(out["ratings"]) == {
        "RED",
        "AMBER",
        "LIGHT GREEN",
        "DARK GREEN",
        "COMPLETED",
        "Not rated",
        "Unrecognised",
    }


def test_demo_writes_and_refreshes_a_plan(tmp_path, monkeypatch):
    monkeypatch.setattr("ragbook.cli.demo.today", lambda: date(2026, 11, 23))
    folder = tmp_path / "demo"
    result = run("demo", folder)
    assert result.exit_code == 0, result.output
    path = folder / "demo-plan.xlsx"
    assert result.output.splitlines()[0] == f"Wrote and refreshed {path}."
    wb = openpyxl.load_workbook(path)
    assert {"Actions", "Leads", "Settings", "Tracker", "Exceptions", "Checks"} <= set(wb.sheetnames)
    again = run("demo", folder)
    assert again.exit_code == 2 and "already exists; use --force" in again.stderr
    assert run("demo", folder, "--force").exit_code == 0


def test_an_unexpected_error_is_still_one_line(plan, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("internal")

    monkeypatch.setattr("ragbook.plan.summarise", broken)
    before = plan.read_bytes()
    result = run("refresh", plan)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: ragbook hit an unexpected error (KeyError: 'internal'). Run "
        "the command again with --verbose to see the details, and report "
        "them.\n"
    )
    assert plan.read_bytes() == before
    verbose = run("--verbose", "refresh", plan)
    assert isinstance(verbose.exception, KeyError)


def test_a_lone_surrogate_in_a_cell_is_refreshed_and_listed_in_checks(tmp_path):
    """&#xD800; in a cell stopped refresh with an unexpected error while check found nothing."""
    import zipfile

    path = write_plan(
        tmp_path / "plan.xlsx", [action("1.1", "Review MARK thresholds", rating="Red")]
    )
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            z.writestr(info, data.replace(b"MARK", b"&#xD800;"))
    expected = (
        "Actions!C2: action 1.1: this cell holds a character that is not valid text "
        "(shown as \ufffd), from a damaged file or a bad paste; retype the text around it."
    )
    checked = run("check", path, "--as-of", "2019-01-31")
    assert checked.exit_code == 0 and expected in checked.stdout.splitlines()
    refreshed = run("refresh", path, "--as-of", "2019-01-31")
    assert refreshed.exit_code == 0, refreshed.output
    # (openpyxl cannot open the file: the owner's Actions sheet still holds &#xD800;)
    from ragbook.xlsx.package import open_package

    pkg = open_package(path)
    try:
        owned = {
            s.name: pkg.read(s.part).decode("utf-8")
            for s in pkg.sheets
            if s.name in ("Exceptions", "Checks")
        }
    finally:
        pkg.close()
    assert "<t>Review \ufffd thresholds</t>" in owned["Exceptions"]
    assert "action 1.1: this cell holds a character that is not valid text" in owned["Checks"]


def test_running_out_of_memory_is_one_line_and_changes_nothing(plan, monkeypatch):
    """A million-action plan under a 2 GB limit: MemoryError, said in one line."""

    def exhausted(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr("ragbook.xlsx.writer.write_sheets", exhausted)
    before = plan.read_bytes()
    result = run("refresh", plan)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: ragbook ran out of memory before it finished, so it stopped; "
        "the plan was not changed. Close other programs and try again, or run "
        "it on a computer with more memory (about 5 GB for a plan of a "
        "million actions).\n"
    )
    assert plan.read_bytes() == before
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.xlsx"]


def test_output_piped_into_a_reader_that_stops_early_is_not_an_error(plan):
    """`ragbook check plan.xlsx | head -1`: the reader closes the pipe; ragbook stops quietly."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "ragbook", "check", str(plan), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.close()  # before ragbook has written anything: its first write meets EPIPE
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert stderr == ""
    assert proc.returncode == 141  # 128 + SIGPIPE, as `yes | head` gives: the output was cut


def test_demo_counts_one_problem_as_one_problem(tmp_path, monkeypatch):
    """ "1 problems" was printed: every count in a message goes through plural()."""
    import ragbook.cli.demo

    def one_problem_plan(path, as_of):
        return write_plan(path, [action("1.1", due="31/11/2016")], as_of=as_of)

    monkeypatch.setattr(ragbook.cli.demo, "write_demo", one_problem_plan)
    result = run("demo", tmp_path / "demo")
    assert result.exit_code == 0, result.output
    assert "; 1 problem listed on Checks." in result.output
