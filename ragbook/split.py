"""split: one workbook per lead, with only their actions, written into a folder.

    >>> plan = ragbook.load("plan.xlsx")
    >>> result = split_plan(plan, "to-leads", as_of=date(2019, 1, 31))
    >>> [f.path.name for f in result.files]
    ['AF 2019-01-31.xlsx', 'AMD 2019-01-31.xlsx']

The plan itself is only read. Each workbook is written atomically; the same
plan and as-of date give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .errors import UsageProblem
from .layout.lead_book import LeadBook, build_lead_book, properties
from .layout.lead_columns import lead_columns
from .plan import PLAN_ID, Plan
from .rules.compute import Summary
from .rules.dates import format_date
from .rules.model import Problem
from .rules.words import plural
from .xlsx import fileio
from .xlsx.filenames import MAX_STEM_BYTES, safe_stem, unique_filename
from .xlsx.package import open_package
from .xlsx.render import render_workbook


@dataclass
class LeadFile:
    """One lead's workbook, written."""

    lead: str
    path: Path
    actions: int
    overdue: int
    due_soon: int
    ask: str
    workbook_id: str

    def as_json(self) -> dict:
        return {
            "lead": self.lead,
            "file": str(self.path),
            "actions": self.actions,
            "overdue": self.overdue,
            "due_soon": self.due_soon,
            "workbook_id": self.workbook_id,
        }

    def sentence(self) -> str:
        """'AF 2019-01-31.xlsx: 3 actions, 1 overdue, 0 due soon'."""
        return (
            f"{self.path.name}: {plural(self.actions, 'action')}, "
            f"{self.overdue} overdue, {self.due_soon} due soon"
        )


@dataclass
class SplitResult:
    files: list[LeadFile]
    problems: list[Problem]  # with the owner's choice of columns; the files are still written
    summary: Summary
    folder: Path = field(default_factory=Path)  # where the workbooks were written

    def as_json(self) -> list[dict]:
        """What `ragbook split --json` prints: one object a workbook (see docs/json.md)."""
        return [f.as_json() for f in self.files]

    def sentence(self) -> str:
        """'Wrote 2 lead workbooks into to-leads as of 31/01/2019'."""
        return (
            f"Wrote {plural(len(self.files), 'lead workbook')} into {self.folder} "
            f"as of {format_date(self.summary.as_of)}"
        )


def choose_leads(summary: Summary, wanted: list[str] | None) -> list[str]:
    """The lead codes to write for: all leads with actions, or those asked for."""
    known = list(summary.by_lead)
    if not wanted:
        return known
    by_fold = {code.casefold(): code for code in known}
    chosen = []
    for code in wanted:
        found = by_fold.get(code.strip().casefold())
        if found is None:
            raise UsageProblem(
                f"no action has the lead '{code}'; leads with actions are: "
                f"{', '.join(known) or 'none'}"
            )
        if found not in chosen:
            chosen.append(found)
    return chosen


def lead_file_name(code: str, as_of: date) -> str:
    """'AF 2019-01-31': the lead's code and the as-of date, safe for any file system."""
    day = as_of.isoformat()
    room = MAX_STEM_BYTES - len(day) - 1  # a long code is cut, the date kept
    return safe_stem(code.encode("utf-8")[:room].decode("utf-8", "ignore") + " " + day)


def split_plan(
    plan: Plan,
    out: str | Path,
    *,
    leads: list[str] | None = None,
    as_of: date | None = None,
    progress: Callable[[LeadFile, int, int], None] | None = None,
) -> SplitResult:
    """Write one workbook per lead into the folder `out` (made if missing).

    Args:
        plan: a loaded plan (only read).
        out: the folder to write into; a workbook of the same name is replaced.
        leads: lead codes to write for (any case); all leads with actions if None.
        as_of: count overdue and due-soon from this date (default: Settings, else today).
        progress: called after each workbook is written, with it, how many are
            written and how many there will be.

    Raises:
        UsageProblem: a lead asked for has no actions.
        WorkbookInUse: a workbook to replace is open in Excel.
    """
    summary = plan.summary(as_of)
    return write_lead_books(plan, summary, choose_leads(summary, leads), out, progress)


def write_lead_books(
    plan: Plan,
    summary: Summary,
    codes: list[str],
    out: str | Path,
    progress: Callable[[LeadFile, int, int], None] | None = None,
) -> SplitResult:
    """split_plan's workbooks, for a summary already computed and lead codes already chosen.

    Args:
        codes: lead codes as choose_leads(summary, ...) gives them.

    Raises:
        WorkbookInUse: a workbook to replace is open in Excel.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    files: list[LeadFile] = []
    problems: list[Problem] = []
    chosen = lead_columns(plan.data)  # the same for every lead
    calculated = plan.calculated_cells()
    plan_id = plan.marks.get(PLAN_ID, "")
    for code in codes:
        book, problems = build_lead_book(
            plan.data, summary, code, plan.path.name, chosen, plan_id=plan_id, calculated=calculated
        )
        path = folder / unique_filename(lead_file_name(code, summary.as_of), ".xlsx", taken)
        write_lead_book(book, path)
        counts = book.counts
        files.append(
            LeadFile(
                code, path, counts.total, counts.overdue, counts.due_soon, book.ask, book.stamp.id
            )
        )
        if progress is not None:
            progress(files[-1], len(files), len(codes))
    return SplitResult(files, problems, summary, folder)


def write_lead_book(book: LeadBook, path: Path) -> None:
    props, custom = properties(book)
    fileio.save_atomically(
        path,
        lambda fh: render_workbook(book.sheets, fh, properties=props, custom=custom),
        make_backup=False,
        verify=lambda p: open_package(p).close(),
    )
