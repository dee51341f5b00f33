"""What a click on a ragbook button in Excel does.

Excel is reached through a handful of calls on an `excel` object (the Excel
protocol below; excel.XlwingsExcel is the real one), so everything else runs,
and is tested, on real files:

    find the active workbook's file -> save it in Excel -> read and check it
    -> close it in Excel (Windows cannot replace an open file) -> write it
    -> reopen it -> select the Tracker -> one message box

Nothing raises out of a click. A failure is one message box of one line; the
details, with the traceback, are added to ragbook.log beside the plan; a
workbook that had been closed is reopened as it was (ragbook writes through a
temporary file, so a failed write leaves the file untouched).
"""

from __future__ import annotations

import sys
import time
import traceback
import warnings
from datetime import datetime
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

from ..errors import FileProblem, RagbookError, UsageProblem
from ..xlsx.fileio import owner_file
from .jobs import BUTTONS, Button, Job

LOG_NAME = "ragbook.log"
CLOSE_WAIT = 3.0  # seconds to wait for Excel's owner file to go once it has closed the plan


class Excel(Protocol):
    """The calls a button makes on Excel, for the active workbook."""

    def fullname(self) -> str:
        """Its file as xlwings reports it: a path; a bare name ("Book1") if never saved; a
        OneDrive/SharePoint address mapped to the synced file, raising where it cannot be."""

    def save(self) -> None: ...

    def close(self) -> None: ...

    def reopen(self, path: Path) -> None: ...

    def select_sheet(self, name: str) -> None: ...

    def message(self, text: str, problem: bool = False) -> None: ...


def fallback_log_folder() -> Path:
    """Where the log goes when the workbook has no folder of its own (or it is read-only)."""
    return Path.home() / ".ragbook"


def not_local(name: str) -> FileProblem:
    return FileProblem(
        f"{name} is open from OneDrive or SharePoint and ragbook cannot find a copy synced to "
        "this computer: open it from your OneDrive folder in File Explorer (or Finder), or save "
        "a copy in a folder on this computer, and click the button there"
    )


def locate(excel: Excel) -> Path:
    """The active workbook's file on this computer.

    Raises:
        FileProblem: it has never been saved, or lives only in OneDrive/SharePoint.
        UsageProblem: the active workbook is an add-in.
    """
    try:
        fullname = excel.fullname()
    except Exception as exc:  # xlwings could not map a web address to a synced file
        raise not_local("This workbook") from exc
    if "://" in fullname:
        raise not_local(unquote(fullname.rstrip("/").rsplit("/", 1)[-1]))
    path = Path(fullname)
    if path.suffix.lower() in (".xlam", ".xla"):
        raise UsageProblem(
            f"{path.name} is an add-in, not a plan: open your plan workbook, "
            "click in it, and click the button again"
        )
    if path.is_absolute() and not path.is_file():
        raise FileProblem(
            f"{path.name} is no longer at {path} (moved or deleted since Excel "
            "opened it): save it again (File > Save As), then click the button "
            "again"
        )
    if not path.is_absolute():
        raise FileProblem(
            f"{fullname} has never been saved, so there is no file for ragbook to "
            "work on: save it as an Excel workbook (File > Save As, .xlsx), then "
            "click the button again"
        )
    return path


def save(excel: Excel, path: Path) -> None:
    """Save the workbook in Excel, so ragbook works on what is on the screen."""
    try:
        excel.save()
    except Exception as exc:
        raise FileProblem(
            f"Excel could not save {path.name}, so ragbook left it as it was: save it yourself "
            "(Ctrl+S) to see why (Excel opens a workbook read-only when someone else has it "
            "open), then click the button again"
        ) from exc


def wait_until_closed(path: Path, timeout: float) -> None:
    """Give Excel a moment to delete its owner file ~$name after closing the plan."""
    deadline = time.monotonic() + timeout
    while owner_file(path) is not None and time.monotonic() < deadline:
        time.sleep(0.05)


def click(
    excel: Excel,
    action: str = "refresh",
    *,
    log_folder: Path | None = None,
    close_wait: float = CLOSE_WAIT,
) -> str:
    """Run one button on the active workbook and show exactly one message box.

    Returns the message shown. Never raises.
    """
    button = BUTTONS[action]
    log = Log(button, log_folder or fallback_log_folder())
    closed = False
    job: Job | None = None
    try:
        button.check_available()
        log.path = locate(excel)
        save(excel, log.path)
        job = button.start(log.path)
        if job.writes_plan:
            excel.close()
            closed = True
            wait_until_closed(log.path, close_wait)
        outcome = job.finish()
    except Exception as exc:  # noqa: BLE001  the button never raises: every error is one line
        if job is not None:
            _quietly(job.cancel, log, "letting go of the plan")
        written = log.write("failed", exc)
        text = failure_line(exc, button, log.path, written)
        if closed and not _quietly(lambda: excel.reopen(log.path), log, "reopening the plan"):  # type: ignore[arg-type]  # closed: the path is known
            text += f" Excel could not reopen it: open {log.path} again."
        _show(excel, text, True, log)
        return text
    text = outcome.message
    in_excel = not closed or _quietly(lambda: excel.reopen(log.path), log, "reopening the plan")
    if not in_excel:
        text += f"\nExcel could not reopen it: open {log.path} again."
    elif outcome.select:
        _quietly(lambda: excel.select_sheet(outcome.select), log, "selecting the sheet")
    _show(excel, text, False, log)
    return text


def failure_line(exc: Exception, button: Button, path: Path | None, log: Path | None) -> str:
    """The message box for a failure: ragbook's own one-line message, or a short generic one."""
    if isinstance(exc, RagbookError):
        text = " ".join(str(exc).split())
        return text if text.endswith(".") else text + "."
    name = path.name if path else "this workbook"
    details = f" Details are in {log}." if log else ""
    return (
        f"ragbook could not {button.verb} {name} because of an unexpected error "
        f"({type(exc).__name__}).{details}"
    )


class Log:
    """ragbook.log beside the plan (or in the fallback folder): failures, with tracebacks."""

    def __init__(self, button: Button, fallback: Path):
        self.button = button
        self.fallback = fallback
        self.path: Path | None = None  # the plan, once known

    def write(self, note: str, exc: BaseException | None = None) -> Path | None:
        """Append an entry; returns the log file, or None if no folder could take it."""
        when = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        entry = f"{when} {self.button.title} {self.path or '(no file)'}: {note}\n"
        if exc is not None:
            entry += "".join(
                "  " + line for line in "".join(traceback.format_exception(exc)).splitlines(True)
            )
        folders = ([self.path.parent] if self.path else []) + [self.fallback]
        for folder in folders:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                with (folder / LOG_NAME).open("a", encoding="utf-8") as fh:
                    fh.write(entry + "\n")
                return folder / LOG_NAME
            except OSError:
                continue
        return None


def _quietly(call, log: Log, step: str) -> bool:
    """Run a step that must not stop the click; log its failure. True if it worked."""
    try:
        call()
        return True
    except Exception as exc:  # noqa: BLE001  a step that must not stop the click
        log.write(f"{step} failed", exc)
        return False


def _show(excel: Excel, text: str, problem: bool, log: Log) -> None:
    _quietly(lambda: excel.message(text, problem), log, "showing the message")


# -- entry points: the add-in's ribbon runs `import ragbook; ragbook.<name>()` ------------


def main() -> None:
    """The add-in's Refresh button (its VBA calls ragbook.main())."""
    _run("refresh")


def button_refresh() -> None:
    _run("refresh")


def button_check() -> None:
    _run("check")


def button_split() -> None:
    _run("split")


def button_report() -> None:
    _run("report")


def button_close_period() -> None:
    _run("close_period")


def _run(action: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # on a Mac, anything on stderr pops up as an error
        try:
            from .excel import XlwingsExcel

            excel = XlwingsExcel.caller()
        except Exception as exc:  # noqa: BLE001  no Excel: the one line goes to stderr
            # No Excel to show a message in: one line on stderr, which xlwings' VBA shows.
            log = Log(BUTTONS[action], fallback_log_folder())
            where = log.write("could not reach Excel", exc)
            reason = (str(exc).splitlines() or [""])[0]
            sys.stderr.write(
                f"ragbook could not reach Excel ({type(exc).__name__}: {reason})"
                + (f"; details are in {where}" if where else "")
                + "\n"
            )
            raise SystemExit(1) from None
        click(excel, action)
