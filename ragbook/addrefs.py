"""add-refs: give every action without a ref one, in the plan's own numbering.

    >>> added = add_refs("plan.xlsx", now=datetime.now())
    >>> [(r.cell, r.ref) for r in added.refs]
    [('A16', '1.1a'), ('A17', '1.1b'), ('A21', '1.2a')]

Some plans number only their recommendation or section rows (seed 004: "1.1 |
Ensure that ... (OFSTED RECOMMENDATION 1)", then actions with no ref). A ref
is then derived, for each action without one, from the nearest heading above
it: the ref typed on that recommendation or section row ("1.1" gives 1.1a,
1.1b ...), else the action's recommendation number ("4a"), else the priority's
number ("P2a"), else "A1", "A2" ... A ref the plan already uses is skipped.
Only empty Ref cells of the owner's sheet are written, with a backup and a
Change log row per cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .errors import UsageProblem
from .plan import SaveResult, load
from .read.changelog import build_change_log, read_change_log
from .read.workbook import WorkbookReader
from .rules.change_log import APPLIED, LogEntry
from .rules.compute import Summary
from .rules.model import PlanData
from .rules.schema import CHANGE_LOG, Role
from .rules.words import plural
from .xlsx.cells import cell_ref, display

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"], start=1
    )
}
_SECTION_NUMBER = re.compile(r"^\s*\w+\s+(\d+|[a-z]+)\b", re.I)


@dataclass(frozen=True)
class NewRef:
    row: int
    cell: str  # the empty Ref cell it goes in
    ref: str
    action: str  # the action's text, for the report


@dataclass
class AddedRefs:
    refs: list[NewRef]
    dry_run: bool
    saved: SaveResult | None = None
    summary: Summary | None = None  # the refresh, when written
    sheet: str = ""  # the Actions sheet

    def as_json(self, path: str) -> dict:
        return {
            "file": path,
            "dry_run": self.dry_run,
            "written": self.saved is not None,
            "sheet": self.sheet,
            "refs": [
                {"row": r.row, "cell": r.cell, "ref": r.ref, "action": r.action} for r in self.refs
            ],
            "backup": str(self.saved.backup) if self.saved and self.saved.backup else None,
        }


def derive_refs(data: PlanData, heading_refs: dict[int, str]) -> list[NewRef]:
    """Refs for the actions whose Ref cell is empty (pure).

    Args:
        data: the plan.
        heading_refs: row -> the ref typed in the Ref column of a heading row (a
            recommendation or section row), for the rows that have one.
    """
    ref_col = data.columns.get("ref")
    if ref_col is None:
        return []
    used = {a.ref for a in data.actions}
    headings = {
        row: (kind, text)
        for row, kind, text in data.structure
        if kind in ("priority", "recommendation")
    }
    events = sorted([(row, 0, None) for row in headings] + [(a.row, 1, a) for a in data.actions])
    typed, priority_number = "", ""
    counts: dict[str, int] = {}
    out: list[NewRef] = []
    for row, _, action in events:
        if action is None:
            kind, text = headings[row]
            typed = heading_refs.get(row, "")
            if kind == "priority":
                priority_number = _section_number(text)
            continue
        if action.ref != f"row {action.row}":
            continue  # it has a ref (typed, or at the start of its text)
        prefix = (
            typed or action.recommendation or (f"P{priority_number}" if priority_number else "A")
        )
        while True:
            counts[prefix] = counts.get(prefix, 0) + 1
            n = counts[prefix]
            ref = f"{prefix}{n}" if prefix == "A" else f"{prefix}{_letters(n)}"
            if ref not in used:
                break
        used.add(ref)
        out.append(NewRef(action.row, cell_ref(action.row, ref_col), ref, action.text))
    return out


def add_refs(
    path: str | Path,
    *,
    now: datetime,
    as_of: date | None = None,
    dry_run: bool = False,
    backup: bool = True,
    scale: str | None = None,
) -> AddedRefs:
    """Fill the empty Ref cells of the plan at `path` (see derive_refs), refresh, and save.

    Raises:
        UsageProblem: actions have no ref and the plan has no Ref column to put them in.
        NotAWorkbook, PlanProblem, UnsafeToWrite, WorkbookInUse: as for refresh.
    """
    plan = load(path, scale)
    try:
        data = plan.data
        missing = [a for a in data.actions if a.ref == f"row {a.row}"]
        if missing and "ref" not in data.columns:
            raise UsageProblem(
                f"{data.actions_sheet} has no Ref column for the refs of its "
                f"{plural(len(missing), 'action')} without one; add a column headed "
                f"'Ref' to row {data.header_row}, then run add-refs again"
            )
        heading_refs = _heading_refs(plan, data)
        refs = derive_refs(data, heading_refs)
        result = AddedRefs(refs, dry_run, sheet=data.actions_sheet)
        if dry_run or not refs:
            return result
        edited = plan.edit({r.cell: r.ref for r in refs})
        result.summary = edited.refresh(as_of)
        when = now.replace(microsecond=0)
        entries = read_change_log(plan.package) + [
            LogEntry(when, plan.path.name, "", r.ref, "Ref", "", r.ref, "", APPLIED) for r in refs
        ]
        edited.add_sheet(Role.CHANGE_LOG, CHANGE_LOG, lambda name: build_change_log(name, entries))
        result.saved = edited.save(backup=backup)
        return result
    finally:
        plan.close()


def _heading_refs(plan, data: PlanData) -> dict[int, str]:
    """What the Ref column holds on each heading row."""
    ref_col = data.columns.get("ref")
    if ref_col is None:
        return {}
    cells = WorkbookReader.open(plan.package).cells(plan.package.sheet(data.actions_sheet))
    out = {}
    for row, kind, _ in data.structure:
        text = display(cells.value(row, ref_col)).strip()
        if kind in ("priority", "recommendation") and text and len(text) <= 12:
            out[row] = text
    return out


def _section_number(title: str) -> str:
    """'THEME 2: ...' -> '2', 'PRIORITY ONE - ...' -> '1', else ''."""
    m = _SECTION_NUMBER.match(title or "")
    if not m:
        return ""
    word = m.group(1).lower()
    return word if word.isdigit() else str(_NUMBER_WORDS.get(word, "") or "")


def _letters(n: int) -> str:
    """1 -> 'a', 26 -> 'z', 27 -> 'aa'."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


__all__ = ["AddedRefs", "NewRef", "add_refs", "derive_refs"]
