"""collect: fold the leads' returned workbooks back into the plan.

    >>> result = collect_returns("plan.xlsx", ["AF 2019-01-31.xlsx"], now=datetime.now())
    >>> [o.status for o in result.outcomes]
    ['applied']

The updates, the refreshed sheets and the Change log are written in one
save: one backup, one atomic replace, and only the updated cells of the
Actions sheet change. Each returned file is applied whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .changelog import ROLE, LogEntry, build_change_log, read_change_log
from .compute import Summary
from .errors import FileProblem
from .merge import Change, Outcome, PlanState, field_name, shown
from .model import Problem
from .plan import SaveResult, load
from .returned import read_returned
from .schema import CHANGE_LOG
from .xlsx.patch import PatchRefused, patch_cells


@dataclass
class CollectResult:
    outcomes: list[Outcome]
    dry_run: bool
    summary: Summary | None = None  # the refresh, when something was written
    saved: SaveResult | None = None
    log_entries: int = 0  # rows added to the Change log

    @property
    def changes(self) -> list[Change]:
        return [c for o in self.outcomes if o.applied for c in o.changes]

    @property
    def rejected(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.problems]

    def as_json(self) -> dict:
        return {"dry_run": self.dry_run, "written": self.saved is not None,
                "changes": len(self.changes), "log_entries": self.log_entries,
                "backup": str(self.saved.backup) if self.saved and self.saved.backup else None,
                "files": [dict(o.as_json(), status="to apply") if self.dry_run and o.applied
                          else o.as_json() for o in self.outcomes]}


def collect_returns(path: str | Path, returned: list[str | Path], *, now: datetime,
                    as_of: date | None = None, dry_run: bool = False, backup: bool = True,
                    scale: str | None = None) -> CollectResult:
    """Apply the returned lead workbooks to the plan at `path`, refresh, and save.

    Args:
        path: the plan.
        returned: lead workbooks as the leads sent them back, applied in this order.
        now: when, for the Change log.
        as_of: the refresh's as-of date (default: Settings, else today).
        dry_run: work out every change and problem, write nothing.
        backup: keep a copy of the previous plan when saving.
        scale: a preset scale name to use instead of the one in Settings.

    Raises:
        NotAWorkbook, PlanProblem: the plan cannot be read (nothing is written).
        UsageProblem: `scale` is not a preset scale.
        UnsafeToWrite, WorkbookInUse: the plan cannot be written safely.
    """
    plan = load(path, scale, lock=not dry_run)
    try:
        log = read_change_log(plan.package)
        state = PlanState(plan.data, log)
        entry = plan.package.sheet(plan.data.actions_sheet)
        sheet_bytes = plan.package.read(entry.part)
        outcomes: list[Outcome] = []
        edits: dict[str, object] = {}
        for item in returned:
            outcome = _merge_one(state, Path(item))
            outcomes.append(outcome)
            if outcome.problems or not outcome.changes:
                continue
            file_edits = {c.cell: c.value for c in outcome.changes}
            try:
                sheet_bytes = patch_cells(sheet_bytes, file_edits, entry.name,
                                          plan.package.date1904)
            except PatchRefused as exc:
                outcome.problems.append(Problem(entry.name, exc.cell, str(exc),
                                                "clear the formula from the plan's cell, or "
                                                "type the lead's update in by hand"))
                continue
            state.apply(outcome)
            edits.update(file_edits)
        result = CollectResult(outcomes, dry_run)
        if dry_run or not edits:
            return result
        edited = plan.edit(edits)
        result.summary = edited.refresh(as_of)
        new_entries = [LogEntry(now.replace(microsecond=0), o.file.name, o.lead, c.ref,
                                field_name(c.key), shown(c.key, c.old), shown(c.key, c.new),
                                o.workbook_id)
                       for o in outcomes if o.applied for c in o.changes]
        entries = log + new_entries
        edited.add_sheet(ROLE, CHANGE_LOG, lambda name: build_change_log(name, entries))
        result.saved = edited.save(backup=backup)
        result.log_entries = len(new_entries)
        return result
    finally:
        plan.close()


def _merge_one(state: PlanState, path: Path) -> Outcome:
    """One returned file's outcome; a file that cannot be read is a problem, not an error."""
    try:
        returned = read_returned(path, state.data.settings.scale)
    except FileProblem as exc:
        return Outcome(path, problems=[Problem("", "", str(exc))])  # about the whole file
    return state.merge(returned)
