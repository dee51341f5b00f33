"""The Excel buttons, driven through their boundary with a stand-in for Excel, on real files."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from builders import action, owner_file_bytes, write_plan

import ragbook
import ragbook.board.pdf
from ragbook.addin import button
from ragbook.addin.button import click

AS_OF = date(2019, 1, 15)
ROWS = [
    action("1.1", lead="AF", due=date(2018, 12, 1), rating="Red"),
    action("1.2", lead="AF / SG", due=date(2019, 2, 1), rating="Green"),
    action("1.3", lead="SG", due=date(2019, 1, 31), rating="Completed"),
]


class FakeExcel:
    """Excel with one workbook open, as the button sees it. Records every call.

    Like Excel, it keeps an owner file ~$name beside the workbook while it is
    open, and `save` writes what the user typed but had not saved yet.
    """

    def __init__(self, fullname: str | Path, *, unsaved_rows=None, user="Plan Owner"):
        self.name = str(fullname)
        self.path = Path(fullname)
        self.unsaved_rows = unsaved_rows
        self.user = user
        self.calls: list[tuple] = []
        self.fail: dict[str, Exception] = {}
        self.keeps_owner_file = False  # someone else's owner file stays after we close
        self.bytes_when_closed: bytes | None = None
        if self.path.is_file():
            self._lock()

    def _lock(self):
        self.path.with_name("~$" + self.path.name).write_bytes(owner_file_bytes(self.user))

    def _call(self, *call):
        self.calls.append(call)
        if call[0] in self.fail:
            raise self.fail[call[0]]

    def fullname(self):
        if "fullname" in self.fail:
            raise self.fail["fullname"]
        return self.name

    def save(self):
        self._call("save")
        if self.unsaved_rows is not None:
            write_plan(self.path, self.unsaved_rows, as_of=AS_OF)

    def close(self):
        self._call("close")
        self.bytes_when_closed = self.path.read_bytes()
        if not self.keeps_owner_file:
            self.path.with_name("~$" + self.path.name).unlink()

    def reopen(self, path):
        self._call("reopen", Path(path))
        self._lock()

    def select_sheet(self, name):
        self._call("select", name)
        if name not in sheet_names(self.path):
            raise KeyError(name)

    def message(self, text, problem=False):
        self._call("message", text, problem)

    def steps(self):
        return [call[0] for call in self.calls]

    def messages(self):
        return [call for call in self.calls if call[0] == "message"]


def sheet_names(path: Path) -> list[str]:
    return openpyxl.load_workbook(path, read_only=True).sheetnames


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


@pytest.fixture
def plan(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    return write_plan(folder / "plan.xlsx", ROWS, as_of=AS_OF)


def log_text(folder: Path) -> str:
    return (folder / "ragbook.log").read_text(encoding="utf-8")


def test_refresh_saves_closes_refreshes_reopens_selects_and_says_so_once(plan, home):
    edited = [[*r[:5], "Amber", *r[6:]] if r[0] == "1.2" else r for r in ROWS]
    excel = FakeExcel(plan, unsaved_rows=edited)
    text = click(excel, log_folder=home)
    assert excel.steps() == ["save", "close", "reopen", "select", "message"]
    assert excel.calls[2] == ("reopen", plan)
    assert excel.calls[3] == ("select", "Tracker")
    assert excel.messages() == [("message", text, False)]
    assert text == (
        "Refreshed plan.xlsx as of 15/01/2019.\n"
        "3 actions: 1 red, 1 amber, 1 completed; 1 overdue, 1 due within 30 days; "
        "no problems found."
    )
    # the file on disk is really refreshed, from what was typed before the click
    assert {"Tracker", "Exceptions", "Checks", "AF", "SG"} <= set(sheet_names(plan))
    summary = ragbook.load(plan).summary()
    assert summary.ratings["Amber"] == 1
    # nothing was written while Excel had the workbook open
    assert excel.bytes_when_closed != plan.read_bytes()
    assert not (home / "ragbook.log").exists() and not (plan.parent / "ragbook.log").exists()


def test_the_message_counts_problems_and_names_the_checks_sheet(plan, home):
    rows = [*ROWS, action("1.4", rating="Gren")]
    excel = FakeExcel(plan, unsaved_rows=rows)
    text = click(excel, log_folder=home)
    assert text.endswith("; 1 problem listed in Checks.")
    assert excel.steps() == ["save", "close", "reopen", "select", "message"]


def test_a_sheet_of_the_owners_called_tracker_is_left_and_ragbooks_is_selected(tmp_path, home):
    plan = write_plan(
        tmp_path / "plan.xlsx",
        ROWS,
        as_of=AS_OF,
        extra_sheets={"Tracker": [["the owner's own notes"]]},
    )
    excel = FakeExcel(plan)
    click(excel, log_folder=home)
    assert ("select", "Tracker (2)") in excel.calls
    assert excel.messages()[0][2] is False


def assert_one_problem_message(excel: FakeExcel, starts: str) -> str:
    assert len(excel.messages()) == 1
    _, text, problem = excel.messages()[0]
    assert problem is True and "\n" not in text
    assert text.startswith(starts), text
    return text


def test_a_workbook_never_saved_is_refused_politely(home):
    excel = FakeExcel("Book1")
    click(excel, log_folder=home)
    text = assert_one_problem_message(excel, "Book1 has never been saved")
    assert "File > Save As" in text
    assert excel.steps() == ["message"]
    assert "has never been saved" in log_text(home)


def test_a_workbook_whose_file_has_gone_says_so(tmp_path, home):
    excel = FakeExcel(tmp_path / "moved.xlsx")
    click(excel, log_folder=home)
    assert_one_problem_message(excel, f"moved.xlsx is no longer at {tmp_path / 'moved.xlsx'}")
    assert excel.steps() == ["message"]


@pytest.mark.parametrize(
    "url, name",
    [
        (
            "https://example-my.sharepoint.com/personal/officer_example_org/Documents/Plan%202019.xlsx",
            "Plan 2019.xlsx",
        ),
        ("https://d.docs.live.net/0123456789abcdef/Documents/plan.xlsx", "plan.xlsx"),
    ],
)
def test_a_workbook_only_in_the_cloud_is_refused_with_what_to_do(url, name, home):
    excel = FakeExcel(url)
    click(excel, log_folder=home)
    text = assert_one_problem_message(excel, f"{name} is open from OneDrive or SharePoint")
    assert "OneDrive folder" in text
    assert excel.steps() == ["message"]
    assert "FileProblem" in log_text(home)


def test_when_xlwings_cannot_map_the_address_the_reason_goes_to_the_log(home):
    excel = FakeExcel("plan.xlsx")
    excel.fail["fullname"] = RuntimeError("Couldn't find your SharePoint file locally")
    click(excel, log_folder=home)
    assert_one_problem_message(excel, "This workbook is open from OneDrive or SharePoint")
    assert "Couldn't find your SharePoint file locally" in log_text(home)


def test_the_add_in_itself_is_not_refreshed(tmp_path, home):
    addin = tmp_path / "ragbook.xlam"
    addin.write_bytes(b"add-in")
    excel = FakeExcel(addin)
    click(excel, log_folder=home)
    assert_one_problem_message(excel, "ragbook.xlam is an add-in, not a plan")
    assert excel.steps() == ["message"]


def test_a_corrupt_file_is_reported_and_left_open_and_unchanged(tmp_path, home):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"PK\x03\x04 this is not a whole workbook")
    excel = FakeExcel(plan)
    click(excel, log_folder=home)
    assert_one_problem_message(excel, "plan.xlsx is damaged or not an Excel workbook")
    assert excel.steps() == ["save", "message"]  # never closed
    assert plan.read_bytes() == b"PK\x03\x04 this is not a whole workbook"
    log = log_text(tmp_path)  # beside the plan
    assert "Traceback" in log and "NotAWorkbook" in log


def test_a_workbook_with_no_action_table_is_reported_and_left_unchanged(tmp_path, home):
    plan = tmp_path / "notes.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active["A1"] = "Minutes of the improvement board"
    book.save(plan)
    before = plan.read_bytes()
    excel = FakeExcel(plan)
    click(excel, log_folder=home)
    text = assert_one_problem_message(excel, "notes.xlsx: no sheet has an action table")
    assert "add an 'Actions' sheet" in text
    assert excel.steps() == ["save", "message"]
    assert plan.read_bytes() == before
    assert "PlanProblem" in log_text(tmp_path)


def test_someone_else_holding_the_file_after_we_closed_it_is_reported_and_it_is_reopened(
    plan, home
):
    before = plan.read_bytes()
    excel = FakeExcel(plan, user="Head of Early Help")
    excel.keeps_owner_file = True
    click(excel, log_folder=home, close_wait=0.1)
    text = assert_one_problem_message(excel, "plan.xlsx is open in Excel by Head of Early Help")
    assert excel.steps() == ["save", "close", "reopen", "message"]
    assert plan.read_bytes() == before
    assert "WorkbookInUse" in log_text(plan.parent)
    assert "ragbook-tmp" not in " ".join(p.name for p in plan.parent.iterdir())
    assert text.count(".") >= 1


def test_an_unexpected_error_gives_a_short_line_and_the_traceback_goes_to_the_log(plan, home):
    before = plan.read_bytes()
    excel = FakeExcel(plan)
    excel.fail["close"] = RuntimeError("(-2147352567, 'Exception occurred.')")
    text = click(excel, log_folder=home)
    assert text == (
        "ragbook could not refresh plan.xlsx because of an unexpected error "
        f"(RuntimeError). Details are in {plan.parent / 'ragbook.log'}."
    )
    assert_one_problem_message(excel, "ragbook could not refresh plan.xlsx")
    assert excel.steps() == ["save", "close", "message"]
    assert plan.read_bytes() == before
    log = log_text(plan.parent)
    assert "Traceback" in log and "Exception occurred" in log


def test_when_excel_cannot_save_the_plan_is_left_as_it_was(plan, home):
    before = plan.read_bytes()
    excel = FakeExcel(plan)
    excel.fail["save"] = RuntimeError("Microsoft Excel: 'plan.xlsx' is read-only.")
    text = click(excel, log_folder=home)
    assert text == (
        "Excel could not save plan.xlsx, so ragbook left it as it was: save it "
        "yourself (Ctrl+S) to see why (Excel opens a workbook read-only when someone "
        "else has it open), then click the button again."
    )
    assert excel.steps() == ["save", "message"]
    assert plan.read_bytes() == before
    assert "is read-only" in log_text(plan.parent)


def test_the_log_goes_to_the_fallback_folder_when_the_plans_folder_is_read_only(
    plan, home, monkeypatch
):
    real_open = Path.open

    def read_only_beside_plan(self, mode="r", *args, **kwargs):
        if self == plan.parent / "ragbook.log" and "a" in mode:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", read_only_beside_plan)
    excel = FakeExcel(plan)
    excel.fail["close"] = RuntimeError("boom")
    text = click(excel, log_folder=home)
    assert text.endswith(f"Details are in {home / 'ragbook.log'}.")
    assert "boom" in log_text(home)


def test_when_excel_cannot_reopen_the_refreshed_plan_the_message_says_where_it_is(plan, home):
    excel = FakeExcel(plan)
    excel.fail["reopen"] = RuntimeError("Excel is busy")
    text = click(excel, log_folder=home)
    assert text.startswith("Refreshed plan.xlsx as of 15/01/2019.")
    assert text.endswith(f"Excel could not reopen it: open {plan} again.")
    assert excel.steps() == ["save", "close", "reopen", "message"]
    assert "Tracker" in sheet_names(plan)
    assert "Excel is busy" in log_text(plan.parent)


def test_a_failing_message_box_does_not_raise(plan, home):
    excel = FakeExcel(plan)
    excel.fail["message"] = RuntimeError("no message box")
    click(excel, log_folder=home)
    assert "showing the message failed" in log_text(plan.parent)


def test_check_saves_and_reports_without_writing(plan, home):
    excel = FakeExcel(plan, unsaved_rows=[*ROWS, action("1.4", rating="Gren")])
    text = click(excel, "check", log_folder=home)
    assert excel.steps() == ["save", "message"]
    saved = plan.read_bytes()
    assert "Tracker" not in sheet_names(plan)
    assert text.startswith("plan.xlsx checked as of 15/01/2019.\n4 actions:")
    assert "; 1 problem.\nThe first: Actions!F5:" in text
    assert text.endswith("Refresh lists them all on the Checks sheet.")
    assert plan.read_bytes() == saved


def test_close_period_says_plainly_when_this_ragbook_has_not_got_it(plan, home, monkeypatch):
    # close_period is imported on first use, so it cannot be deleted: a ragbook without it
    # is one where the name is not a function.
    monkeypatch.setattr(ragbook, "close_period", None, raising=False)
    excel = FakeExcel(plan)
    text = click(excel, "close_period", log_folder=home)
    assert excel.steps() == ["message"]  # nothing saved or closed
    assert text == (
        f"Close period is not available in ragbook {ragbook.__version__}: upgrade "
        "ragbook (pip install --upgrade ragbook), rebuild the add-in, and try "
        "again."
    )


class Done:
    def __init__(self, text):
        self.text = text

    def sentence(self):
        return self.text


def test_split_writes_the_lead_workbooks_beside_the_saved_plan(plan, home):
    before = plan.read_bytes()
    excel = FakeExcel(plan)
    text = click(excel, "split", log_folder=home)
    assert excel.steps() == ["save", "message"]  # the plan stays open in Excel
    folder = plan.with_name("plan lead workbooks")
    written = sorted(p.name for p in folder.iterdir())
    assert len(written) >= 1 and all(name.endswith(".xlsx") for name in written)
    assert text == (
        f"Wrote {len(written)} lead workbook{'s' if len(written) != 1 else ''} into "
        f"{folder} as of 15/01/2019."
    )
    assert plan.read_bytes() == before


def test_board_report_writes_the_paper_beside_the_saved_plan(plan, home, monkeypatch):
    monkeypatch.setattr(ragbook.board.pdf, "pdf_available", lambda: False)  # no WeasyPrint
    before = plan.read_bytes()
    excel = FakeExcel(plan)
    text = click(excel, "report", log_folder=home)
    assert excel.steps() == ["save", "message"]  # the plan stays open in Excel
    out = plan.with_name("plan board report.html")
    first, second = text.splitlines()
    assert first == f"Board report for plan.xlsx, as of 15/01/2019, written to {out}."
    assert second.startswith(f"There are {len(ROWS)} actions in the plan: ")
    assert f'<p class="headline">{second}</p>' in out.read_text(encoding="utf-8")
    assert plan.read_bytes() == before


def test_board_report_is_a_pdf_where_weasyprint_is_installed(plan, home):
    pytest.importorskip("weasyprint")
    excel = FakeExcel(plan)
    text = click(excel, "report", log_folder=home)
    out = plan.with_name("plan board report.pdf")
    first, second = text.splitlines()
    assert first == f"Board report for plan.xlsx, as of 15/01/2019, written to {out}."
    assert out.read_bytes().startswith(b"%PDF-")
    assert not plan.with_name("plan board report.html").exists()
    pdf_text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert second.split(":")[0] in " ".join(pdf_text.split())


def test_close_period_runs_while_the_plan_is_closed_in_excel(plan, home, monkeypatch):
    def close_period(path):
        assert not path.with_name("~$" + path.name).exists()  # Excel has let go of it
        excel.calls.append(("close_period",))
        return "October 2018 closed: 3 actions added to History."

    monkeypatch.setattr(ragbook, "close_period", close_period, raising=False)
    excel = FakeExcel(plan)
    text = click(excel, "close_period", log_folder=home)
    assert excel.steps() == ["save", "close", "close_period", "reopen", "message"]
    assert text == "October 2018 closed: 3 actions added to History."


def test_a_library_function_failing_after_close_reopens_the_plan(plan, home, monkeypatch):
    def close_period(path):
        raise ValueError("bad period")

    monkeypatch.setattr(ragbook, "close_period", close_period, raising=False)
    excel = FakeExcel(plan)
    text = click(excel, "close_period", log_folder=home)
    assert excel.steps() == ["save", "close", "reopen", "message"]
    assert text.startswith(
        "ragbook could not close the period of plan.xlsx because of an "
        "unexpected error (ValueError)."
    )


def test_every_entry_point_the_vba_calls_exists():
    for name in (
        "main",
        "button_refresh",
        "button_check",
        "button_split",
        "button_report",
        "button_close_period",
    ):
        assert callable(getattr(ragbook, name))
    assert ragbook.main is button.main


def run_python(code: str, home: Path) -> subprocess.CompletedProcess:
    env = {
        "HOME": str(home),
        "USERPROFILE": str(home),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(Path(ragbook.__file__).resolve().parent.parent),
    }
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)


def test_import_ragbook_does_not_import_xlwings_even_for_the_button(tmp_path):
    out = run_python(
        "import sys, ragbook; ragbook.main; ragbook.button_check;"
        "print('xlwings' in sys.modules, 'pandas' in sys.modules)",
        tmp_path,
    )
    assert out.stdout.strip() == "False False", out.stderr


def test_without_excel_the_button_says_so_in_one_line_and_logs_the_traceback(tmp_path):
    out = run_python("import ragbook; ragbook.main()", tmp_path)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ragbook could not reach Excel ("), out.stderr
    log = tmp_path / ".ragbook" / "ragbook.log"
    assert lines[0].endswith(f"details are in {log}")
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_the_refreshed_plan_is_still_a_whole_package(plan, home):
    click(FakeExcel(plan), log_folder=home)
    with zipfile.ZipFile(plan) as package:
        assert package.testzip() is None
