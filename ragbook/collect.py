"""collect: fold the leads' returned workbooks back into the plan.

    >>> result = collect_returns("plan.xlsx", ["AF 2019-01-31.xlsx"], now=datetime.now())
    >>> [o.status for o in result.outcomes]
    ['applied']

The updates, the refreshed sheets and the Change log are written in one
save: one backup, one atomic replace, and only the updated cells of the
Actions sheet change (a rating cell coloured by hand gets the new rating's
colour too). Each returned file goes in cell by cell: a refused cell is
reported and the rest still go in; a file from another plan, or not a lead
workbook, is refused whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .errors import FileProblem
from .plan import PLAN_ID, Plan, SaveResult, load
from .read.changelog import build_change_log, read_change_log
from .read.returned import read_returned
from .rules.change_log import APPLIED, CONFLICT, NOT_APPLIED, REFUSED, RETURNED, LogEntry
from .rules.compute import Summary
from .rules.dates import format_date
from .rules.merge import PlanState, requests_logged
from .rules.model import Problem
from .rules.outcome import Change, ReturnResult, field_name, shown
from .rules.schema import CHANGE_LOG, Role
from .rules.words import plural
from .xlsx.patch import PatchRefused


@dataclass
class CollectResult:
    outcomes: list[ReturnResult]
    dry_run: bool
    summary: Summary | None = None  # the refresh, when something was written
    saved: SaveResult | None = None
    log_entries: int = 0  # rows added to the Change log
    path: str | Path = ""  # the plan, as the user named it

    @property
    def changes(self) -> list[Change]:
        return [c for o in self.outcomes if o.applied for c in o.changes]

    @property
    def rejected(self) -> list[ReturnResult]:
        """Files refused whole: not lead workbooks, or from another plan."""
        return [o for o in self.outcomes if o.refused]

    @property
    def held(self) -> list[ReturnResult]:
        """Files with anything not applied: a refused cell, a conflict, a request."""
        return [o for o in self.outcomes if o.problems or o.requests]

    def as_json(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "written": self.saved is not None,
            "changes": len(self.changes),
            "log_entries": self.log_entries,
            "backup": str(self.saved.backup) if self.saved and self.saved.backup else None,
            "files": [
                dict(o.as_json(), status=DRY_RUN_STATUS.get(o.status, o.status))
                if self.dry_run
                else o.as_json()
                for o in self.outcomes
            ],
        }

    def sentence(self) -> str:
        """'Collected 2 changes into plan.xlsx and refreshed it as of ...', or why not."""
        changes = plural(len(self.changes), "change")
        if self.dry_run:
            return f"Dry run: {changes} would be made to {self.path}; nothing was written"
        if self.saved is None or self.summary is None:
            return f"Nothing to change in {self.path}; nothing was written"
        return (
            f"Collected {changes} into {self.path} and refreshed it as of "
            f"{format_date(self.summary.as_of)}; "
            f"{plural(self.log_entries, 'row')} added to the Change log"
        )


DRY_RUN_STATUS = {"applied": "to apply", "partly applied": "partly to apply"}


def collect_returns(
    path: str | Path,
    returned: list[str | Path],
    *,
    now: datetime,
    as_of: date | None = None,
    dry_run: bool = False,
    backup: bool = True,
    scale: str | None = None,
    also_log: list[LogEntry] | None = None,
) -> CollectResult:
    """Apply the returned lead workbooks to the plan at `path`, refresh, and save.

    Args:
        path: the plan.
        returned: lead workbooks as the leads sent them back, applied in this order.
        now: when, for the Change log.
        as_of: the refresh's as-of date (default: Settings, else today).
        dry_run: work out every change and problem, write nothing.
        backup: keep a copy of the previous plan when saving.
        scale: a preset scale name to use instead of the one in Settings.
        also_log: more rows for the Change log, written in the same save
            (collect --mailbox: the messages the workbooks came in).

    Raises:
        NotAWorkbook, PlanProblem: the plan cannot be read (nothing is written).
        UsageProblem: `scale` is not a preset scale.
        UnsafeToWrite, WorkbookInUse: the plan cannot be written safely.
    """
    plan = load(path, scale, lock=not dry_run)
    try:
        log = read_change_log(plan.package)
        state = PlanState(
            plan.data, log, plan.calculated_cells(), plan.marks.get(PLAN_ID, ""), plan.path.name
        )
        outcomes: list[ReturnResult] = []
        for item in returned:
            outcome = _merge_one(state, Path(item))
            outcomes.append(outcome)
            if not outcome.refused and outcome.changes:
                state.apply(outcome)
        result = CollectResult(outcomes, dry_run, path=path)
        if dry_run:
            return result
        edited = _edited(plan, outcomes)
        new_entries = _log_entries(outcomes, log, now.replace(microsecond=0))
        new_entries += also_log or []
        if not new_entries:
            return result
        edited.pending_log = new_entries  # the Tracker's round table counts them already
        result.summary = edited.refresh(as_of)
        entries = log + new_entries
        edited.add_sheet(Role.CHANGE_LOG, CHANGE_LOG, lambda name: build_change_log(name, entries))
        result.saved = edited.save(backup=backup)
        result.log_entries = len(new_entries)
        return result
    finally:
        plan.close()


def _edited(plan: Plan, outcomes: list[ReturnResult]) -> Plan:
    """The plan with every applied change, patched into the Actions sheet once for
    all the returned workbooks (later workbooks win a cell both changed). A cell the
    patch refuses (a formula the merge did not see) is refused alone, the others
    still go in."""
    sheet = plan.data.actions_sheet
    while True:
        changes = [c for o in outcomes if not o.refused for c in o.changes]
        if not changes:
            return plan
        try:
            return plan.edit(
                {c.cell: c.value for c in changes}, {c.cell: c.fill for c in changes if c.fill}
            )
        except PatchRefused as exc:
            holders = [o for o in outcomes if any(c.cell == exc.cell for c in o.changes)]
            if not holders:
                raise
            for outcome in holders:
                outcome.changes = [c for c in outcome.changes if c.cell != exc.cell]
                outcome.problems.append(
                    Problem(
                        sheet,
                        exc.cell,
                        str(exc),
                        "clear the formula from the plan's cell, or type the lead's "
                        "update in by hand",
                    )
                )


def _log_entries(
    outcomes: list[ReturnResult], log: list[LogEntry], when: datetime
) -> list[LogEntry]:
    """A row per value changed, one per request and per cell refused not logged before,
    and for a lead workbook that brought none of these, one that it was returned."""
    logged = requests_logged(log)
    # (workbook, file, status, text): the same file collected again adds none of these
    held = {(e.workbook, e.file, e.status, e.new) for e in log if e.status in (REFUSED, CONFLICT)}
    out: list[LogEntry] = []
    for o in outcomes:
        if o.refused or not o.workbook_id:
            continue  # not this plan's lead workbook: nothing of it is logged
        first = len(out)
        if o.applied:
            out += [
                LogEntry(
                    when,
                    o.file.name,
                    o.lead,
                    c.ref,
                    field_name(c.key),
                    shown(c.key, c.old),
                    shown(c.key, c.new),
                    o.workbook_id,
                    APPLIED,
                )
                for c in o.changes
            ]
        for r in o.requests:
            key = (o.workbook_id, r.ref, r.field, r.new)
            if key not in logged:
                logged.add(key)
                out.append(
                    LogEntry(
                        when,
                        o.file.name,
                        o.lead,
                        r.ref,
                        r.field,
                        r.old,
                        r.new,
                        o.workbook_id,
                        NOT_APPLIED,
                    )
                )
        for p in o.problems:
            status = CONFLICT if _is_conflict(p) else REFUSED
            key = (o.workbook_id, o.file.name, status, p.line())
            if key not in held:
                held.add(key)
                out.append(
                    LogEntry(when, o.file.name, o.lead, "", "", "", p.line(), o.workbook_id, status)
                )
        if len(out) == first and not any(
            e.workbook == o.workbook_id and e.file == o.file.name for e in log + out
        ):
            out.append(LogEntry(when, o.file.name, o.lead, "", "", "", "", o.workbook_id, RETURNED))
    return out


def _is_conflict(problem: Problem) -> bool:
    """merge's conflict: the plan's value and the lead's both changed since the split."""
    return "was changed after the workbook was split" in problem.message


def _merge_one(state: PlanState, path: Path) -> ReturnResult:
    """One returned file's outcome; a file that cannot be read is a problem, not an error."""
    assert state.data.settings.scale is not None, "the scale is resolved when the plan is read"
    try:
        returned = read_returned(path, state.data.settings.scale)
    except FileProblem as exc:
        # about the whole file
        return ReturnResult(path, problems=[Problem("", "", str(exc))], refused=True)
    return state.merge(returned)
