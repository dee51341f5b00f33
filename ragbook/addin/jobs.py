"""What each Excel button does to the plan file, through ragbook's library.

A job runs in two steps, so that the workbook stays open in Excel for as long
as possible: making it (`start(path)`) reads and checks the saved plan and
raises before Excel closes anything; `finish()` writes. A job that writes the
plan itself (`writes_plan`) finishes while the workbook is closed in Excel.

Split for leads writes one workbook per lead into a folder beside the plan
(the same as `ragbook split PATH --out "<plan> lead workbooks"`); Board report
writes the board's highlight report beside the plan, as PDF when WeasyPrint is
installed, else as HTML. Close period
calls `ragbook.close_period(path)`, looked up by name when the button is
clicked, so the button says plainly when this version has no such function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..errors import UsageProblem
from ..plan import load
from ..refreshed import RefreshResult
from ..rules.dates import format_date
from ..rules.schema import Role
from ..xlsx.fileio import check_writable_file


@dataclass
class ButtonResult:
    message: str  # what the message box says
    select: str | None = None  # the sheet to show afterwards


@dataclass
class Job:
    writes_plan: bool
    finish: Callable[[], ButtonResult]
    cancel: Callable[[], None] = field(default=lambda: None)  # after a failure


def refresh(path: Path) -> Job:
    """The same refresh as `ragbook refresh PATH`."""
    plan = load(path, lock=True)
    try:
        check_writable_file(path)  # a read-only plan fails now, while it is still open in Excel
        summary = plan.refresh()
    except BaseException:
        plan.close()
        raise

    def finish() -> ButtonResult:
        saved = plan.save()  # refuses while an owner file says someone else has it open
        report = summary.report(plan.sheet_name(Role.CHECKS))
        return ButtonResult(
            f"{RefreshResult(path.name, summary, saved).sentence()}.\n{report}.",
            plan.sheet_name(Role.TRACKER),
        )

    return Job(True, finish, plan.close)


def check(path: Path) -> Job:
    """The same check as `ragbook check PATH`: writes nothing."""
    with load(path) as plan:
        summary = plan.summary()
    text = f"{path.name} checked as of {format_date(summary.as_of)}.\n{summary.report()}."
    if summary.problems:
        text += (
            f"\nThe first: {summary.problems[0].line()} Refresh lists them all on the Checks sheet."
        )
    return Job(False, lambda: ButtonResult(text))


def lead_folder(path: Path) -> Path:
    """Where the Split for leads button writes: a folder beside the plan."""
    return path.with_name(f"{path.stem} lead workbooks")


def split(path: Path) -> Job:
    """The same split as `ragbook split PATH --out "<plan> lead workbooks"`: writes no plan."""
    from ..split import split_plan

    with load(path) as plan:
        result = split_plan(plan, lead_folder(path))
    text = f"{result.sentence()}."
    if result.problems:
        text += f"\n{result.problems[0].line()}"
    return Job(False, lambda: ButtonResult(text))


def report_file(path: Path) -> Path:
    """Where the Board report button writes, beside the plan: a tagged PDF when
    WeasyPrint (and Pango) are installed, else the HTML paper."""
    from ..board.pdf import pdf_available

    suffix = ".pdf" if pdf_available() else ".html"
    return path.with_name(f"{path.stem} board report{suffix}")


def report(path: Path) -> Job:
    """The same as `ragbook report PATH --out "<plan> board report.pdf"` (or .html
    without WeasyPrint): writes no plan."""
    from ..board import write_report

    out = report_file(path)
    with load(path) as plan:
        paper = write_report(plan, out)
    text = (
        f"Board report for {path.name}, as of {paper.as_of_text}, written to {out}.\n"
        f"{paper.sentences[0]}"
    )
    return Job(False, lambda: ButtonResult(text))


def library_function(name: str) -> Callable | None:
    """ragbook.<name>, if this version of ragbook has it."""
    import ragbook

    try:
        function = getattr(ragbook, name)
    except AttributeError:
        return None
    return function if callable(function) else None


def not_available(title: str) -> str:
    return (
        f"{title} is not available in ragbook {__version__}: upgrade ragbook "
        "(pip install --upgrade ragbook), rebuild the add-in, and try again"
    )


@dataclass(frozen=True)
class Button:
    title: str
    verb: str  # "ragbook could not <verb> plan.xlsx"
    own: Callable[[Path], Job] | None = None  # a job of this module
    library: str = ""  # or ragbook.<library>(path), when the library has it
    writes_plan: bool = False  # whether that library function rewrites the plan

    def check_available(self) -> Callable | None:
        """The library function behind the button; UsageProblem when it is missing."""
        if self.own is not None:
            return None
        function = library_function(self.library)
        if function is None:
            raise UsageProblem(not_available(self.title))
        return function

    def start(self, path: Path) -> Job:
        if self.own is not None:
            return self.own(path)
        function = self.check_available()
        assert function is not None, "a library button has a function"

        def finish() -> ButtonResult:
            result = function(path)
            if hasattr(result, "sentence"):
                return ButtonResult(f"{path.name}: {result.sentence()}.")
            if isinstance(result, str) and result:
                return ButtonResult(result)
            return ButtonResult(f"{self.title}: done for {path.name}.")

        return Job(self.writes_plan, finish)


BUTTONS = {
    "refresh": Button("Refresh", "refresh", own=refresh),
    "check": Button("Check", "check", own=check),
    "split": Button("Split for leads", "split", own=split),
    "report": Button("Board report", "write the board report for", own=report),
    "close_period": Button(
        "Close period", "close the period of", library="close_period", writes_plan=True
    ),
}
