"""Merging returned lead workbooks into the plan's update values. Pure: no I/O.

A returned row is applied only where the plan still has the action it was
written for (see identity.py): found by its ref and its own words, or by its
words alone when it was renumbered, moved or sorted (then the report says
where it went). A row whose action was reworded, deleted or matches several
is a conflict: reported with both texts, never applied.

Then cell by cell: each update value a lead changed (it differs from what
their workbook was sent with) goes into the plan, unless the plan's own value
changed too since the split (a conflict), the lead's value is not valid, or
the plan calculates that cell; each refused cell is reported and the rest
still go in. A value the plan already has is no change, so collecting a
workbook twice changes nothing the second time. Edits to locked cells are
requests for the owner, never applied. A workbook from another plan is
refused whole, in one line.
"""

from __future__ import annotations

from .change_log import NOT_APPLIED, LogEntry
from .identity import Found, Identity, PlanIndex, shown_ref
from .model import Action, PlanData, Problem
from .outcome import Change, Request, ReturnResult, field_name, short_text, shown, unshown
from .returned import ReturnedRow, ReturnedWorkbook
from .scales import fold, nearest_rating
from .schema import UPDATE_FIELDS
from .stamp import action_values, locked_text, same_plan, value_hash


class PlanState:
    """The plan's update values as a collect goes: each file sees the ones before it.

    Args:
        data: the plan.
        log: its Change log: a workbook's own earlier updates are not conflicts.
        formulas: cells of the Actions sheet that hold a formula (never overwritten).
        plan_id: the plan's id mark, "" if it has none yet.
        plan_name: the plan's file name, for messages.
    """

    def __init__(
        self,
        data: PlanData,
        log: list[LogEntry],
        formulas: frozenset[str] = frozenset(),
        plan_id: str = "",
        plan_name: str = "the plan",
    ):
        self.data = data
        self.index = PlanIndex(data.actions)
        self.by_row: dict[int, list[Action]] = {}
        for action in data.actions:
            self.by_row.setdefault(action.row, []).append(action)
        self.values = {row: action_values(a[0]) for row, a in self.by_row.items()}
        self.fills = {row: a[0].rating.fill for row, a in self.by_row.items()}
        self.update_cells = {
            a[0].cells[k]: (row, k)
            for row, a in self.by_row.items()
            for k in UPDATE_FIELDS
            if k in a[0].cells
        }
        self.formulas = formulas
        self.plan_id = plan_id
        self.plan_name = plan_name
        by_header = {field_name(k): k for k in UPDATE_FIELDS}
        self.collected = {
            (e.workbook, e.ref, by_header[e.field], unshown(by_header[e.field], e.new))
            for e in log
            if e.field in by_header and e.applied
        }

    def merge(self, returned: ReturnedWorkbook) -> ReturnResult:
        """The changes a returned workbook makes, and the cells and rows it cannot."""
        stamp = returned.stamp
        out = ReturnResult(returned.path, stamp.lead, stamp.id, problems=list(returned.problems))
        found = [[self.index.find(i) for i in row.stamp.actions] for row in returned.rows]
        foreign = self._foreign(returned, found)
        if foreign is not None:
            out.problems, out.refused = [foreign], True
            return out
        for row, finds in zip(returned.rows, found, strict=False):
            changed = {
                k: v for k, v in row.values.items() if value_hash(k, v) != row.stamp.sent.get(k)
            }
            if not changed and not row.locked:
                continue  # untouched: whether its action is still there does not matter
            rows = self._rows(returned, row, finds, out, changed)
            out.requests += self._requests(returned, row, rows)
            for plan_row in rows or ():
                self._changes(returned, row, plan_row, changed, out)
        return out

    def apply(self, outcome: ReturnResult) -> None:
        """Take an outcome's changes as the plan's values from now on."""
        for c in outcome.changes:
            row, key = self.update_cells[c.cell]
            self.values[row][key] = c.new
            if c.fill:
                self.fills[row] = c.fill
            self.collected.add((outcome.workbook_id, c.ref, c.key, c.new))
        outcome.applied = True

    # -- which plan rows a returned row reaches ----------------------------
    def _foreign(self, returned: ReturnedWorkbook, found: list[list[Found]]) -> Problem | None:
        """One line for a workbook from another plan, or None."""
        stamp = returned.stamp
        name, title = returned.path.name, self.data.settings.title
        if stamp.plan_id and self.plan_id:
            if stamp.plan_id == self.plan_id:
                return None  # the same plan, even if its title changed since
            return Problem(
                "",
                "",
                f"{name} belongs to another plan: it was split from "
                f"'{stamp.plan}' ({stamp.source or 'a plan'}, id {stamp.plan_id}), not "
                f"from '{title}' ({self.plan_name}, id {self.plan_id})",
                "collect it into the plan it came from",
            )
        if not same_plan(stamp.plan, title):
            return Problem(
                "",
                "",
                f"{name} was split from the plan '{stamp.plan}', not '{title}'",
                "collect it into that plan (if this plan's title changed "
                "since the split, put the old title back in Settings for the collect)",
            )
        if returned.rows and all(f.kind in ("gone", "rewritten") for finds in found for f in finds):
            return Problem(
                "",
                "",
                f"{name} belongs to another plan: none of its "
                f"{len(returned.rows)} actions is in {self.plan_name} (it was split "
                f"from {stamp.source or 'another plan'})",
                "collect it into the plan it came from",
            )
        return None

    def _rows(
        self,
        returned: ReturnedWorkbook,
        row: ReturnedRow,
        finds: list[Found],
        out: ReturnResult,
        changed: dict[str, str],
    ) -> list[int] | None:
        """The plan rows the returned row's updates go to, or None (a problem added)."""
        where = _lead_cell(returned, row, changed)
        for wanted, f in zip(row.stamp.actions, finds, strict=False):
            if not f.found:
                out.problems.append(self._lost(returned, row, wanted, f, where))
                return None
        rows = list(dict.fromkeys(f.action.row for f in finds if f.action is not None))
        reached = {id(f.action) for f in finds}
        for plan_row in rows:
            extra = [a for a in self.by_row[plan_row] if id(a) not in reached]
            if extra:
                out.problems.append(
                    Problem(
                        where[0],
                        where[1],
                        f"action {row.stamp.ref}: the plan's row {plan_row} now "
                        f"also holds action {shown_ref(extra)}, which {returned.path.name} did not "
                        "show, so its update would reach that action too",
                        "type the update into the plan by hand for the actions it is about",
                    )
                )
                return None
        for wanted, f in zip(row.stamp.actions, finds, strict=False):
            if f.kind == "moved" and f.action is not None:
                out.notes.append(
                    f"{wanted.ref} is now {f.action.ref} in the plan"
                    + ("; applied there" if changed else "")
                )
        if not changed:
            return rows
        lead = returned.stamp.lead
        first = finds[0].action
        assert first is not None, "every action was found above"
        if lead not in first.leads and fold(lead) not in (fold(c) for c in first.leads):
            out.notes.append(
                f"{shown_ref(self.by_row[first.row])} is led by "
                f"{first.lead_text or 'nobody'} in the plan now, not {lead}; "
                f"{lead}'s update applied"
            )
        return rows

    def _lost(
        self,
        returned: ReturnedWorkbook,
        row: ReturnedRow,
        wanted: Identity,
        f: Found,
        where: tuple[str, str],
    ) -> Problem:
        name = returned.path.name
        if wanted.text is None:  # format 1: by ref, as it was
            if f.kind == "doubled":
                rows = " and ".join(str(a.row) for a in f.others)
                return Problem(
                    self.data.actions_sheet,
                    f.others[0].cells.get("ref", ""),
                    f"the ref '{wanted.ref}' is on rows {rows} of the plan, so {name} "
                    "cannot say which action it updates",
                    "give each action its own ref, then collect again",
                )
            return Problem(
                where[0],
                where[1],
                f"action {wanted.ref} is no longer in the plan",
                "if it was renumbered, copy the lead's update to the plan by hand",
            )
        sent = short_text(
            row.action_text if len(row.stamp.actions) == 1 and row.action_text else wanted.text
        )
        if f.kind == "rewritten":
            now = short_text(f.others[0].text)
            return Problem(
                where[0],
                where[1],
                f"action {wanted.ref} was reworded in the plan "
                f"after the split: the plan's {wanted.ref} now reads '{now}', and "
                f"{name} was about '{sent}'; not applied",
                "if the update still applies, type it into the plan by hand",
            )
        if f.kind == "ambiguous":
            refs = ", ".join(f"{a.ref} (row {a.row})" for a in f.others)
            return Problem(
                where[0],
                where[1],
                f"action {wanted.ref} ('{sent}') matches "
                f"{len(f.others)} actions of the plan, {refs}, so ragbook cannot tell "
                "which one the update is for; not applied",
                "type the update into the plan by hand for the right one",
            )
        return Problem(
            where[0],
            where[1],
            f"action {wanted.ref} ('{sent}') is no longer in the "
            "plan: no action has its ref or its words; not applied",
            "if it was reworded and renumbered, type the update into the plan by hand",
        )

    # -- what goes in --------------------------------------------------------
    def _changes(
        self,
        returned: ReturnedWorkbook,
        row: ReturnedRow,
        plan_row: int,
        changed: dict[str, str],
        out: ReturnResult,
    ) -> None:
        actions = self.by_row[plan_row]
        action, current = actions[0], self.values[plan_row]
        refs = shown_ref(actions)
        for key, new in changed.items():
            old = current[key]
            lead_cell = row.cells[key]
            if key in row.stamp.calculated:
                out.problems.append(
                    Problem(
                        _lead_sheet(returned),
                        lead_cell,
                        f"action {refs}: the plan calculates the "
                        f"{field_name(key)} (its cell holds a formula), so this cell is not taken; "
                        "not applied",
                        "change the plan's formula or its inputs instead",
                    )
                )
                continue
            if new == old:
                continue  # the plan has it already
            sent = row.stamp.sent.get(key)
            conflict = (
                value_hash(key, old) != sent
                and (returned.stamp.id, refs, key, old) not in self.collected
            )
            problem = self._check(returned, lead_cell, action, refs, key, old, new, conflict)
            if problem:
                out.problems.append(problem)
                continue
            out.changes.append(
                Change(
                    refs,
                    key,
                    action.cells[key],
                    old,
                    new,
                    self._cell_value(action, key, new),
                    self._fill(plan_row, key, old, new),
                )
            )

    def _requests(
        self, returned: ReturnedWorkbook, row: ReturnedRow, rows: list[int] | None
    ) -> list[Request]:
        stamp = returned.stamp
        actions = self.by_row[rows[0]] if rows else []
        ref = shown_ref(actions) if actions else row.stamp.ref
        out = []
        for letter, (cell, now) in sorted(row.locked.items()):
            key, header = stamp.locked_columns.get(letter, ("extra", letter))
            old = _plan_shows(actions, key, header) if actions else ""
            if old != now:
                out.append(Request(stamp.lead, ref, key, header, cell, old, now))
        return out

    def _check(
        self,
        returned: ReturnedWorkbook,
        lead_cell: str,
        action: Action,
        refs: str,
        key: str,
        old: str,
        new: str,
        conflict: bool,
    ) -> Problem | None:
        lead = returned.stamp.lead
        name = field_name(key)
        sheet = self.data.actions_sheet
        if key not in action.cells:
            return Problem(
                sheet,
                "",
                f"the plan has no {name} column any more, so {lead}'s "
                f"update to action {refs} has nowhere to go",
                f"add the {name} column back, then collect again",
            )
        scale = self.data.settings.scale
        assert scale is not None, "the scale is resolved when the plan is read"
        if key == "rating" and not new:
            return Problem(
                _lead_sheet(returned),
                lead_cell,
                f"action {refs}: {lead} cleared the rating",
                "choose a rating from the list in the lead's workbook",
            )
        if key == "rating" and scale.find(new) is None:
            return Problem(
                _lead_sheet(returned),
                lead_cell,
                f"action {refs}: '{new}' is not a rating on the plan's scale",
                f"choose one of {scale.describe()}",
            )
        cell = action.cells[key]
        if cell in self.formulas:
            return Problem(
                sheet,
                cell,
                f"{sheet}!{cell} holds a formula; ragbook will not overwrite it",
                "clear the formula from the plan's cell, or type the lead's update in by hand",
            )
        if conflict:
            return Problem(
                sheet,
                cell,
                f"action {refs}: the plan's {name} was changed after the "
                f"workbook was split (it is now '{short_text(shown(key, old))}') and "
                f"{lead} changed it too, to '{short_text(shown(key, new))}'",
                "decide which is right: type it into the plan, or set the lead's "
                "workbook to the plan's value; then collect again",
            )
        return None

    def _fill(self, plan_row: int, key: str, old: str, new: str) -> str | None:
        """The rating cell's new fill, when its own fill shows the rating (a static
        colour typed by hand: one of the scale's, or one that reads as the old rating)."""
        fill = self.fills.get(plan_row)
        if key != "rating" or not fill:
            return None
        scale = self.data.settings.scale
        assert scale is not None, "the scale is resolved when the plan is read"
        rating = scale.find(new)
        colours = {r.colour.upper() for r in scale.ratings}
        was = nearest_rating(scale, fill)
        if rating is None or not (fill.upper() in colours or (was and was.label == old)):
            return None
        return None if fill.upper() == rating.colour.upper() else rating.colour.upper()

    def _cell_value(self, action: Action, key: str, new: str) -> object:
        """The value to write, in the plan's own way of typing it."""
        if not new:
            return None
        if key == "rating":
            scale = self.data.settings.scale
            assert scale is not None, "the scale is resolved when the plan is read"
            rating = scale.find(new)
            assert rating is not None, "a rating not on the scale is a problem, not a change"
            typed = action.rating.rating
            if typed and typed.code != typed.label and fold(action.rating.text) == fold(typed.code):
                return rating.code  # the plan types codes: keep to them
            return rating.label
        if key == "percent_complete":
            points = float(new)
            return points if self.data.percent_hundreds else round(points / 100, 6)
        return new


def requests_logged(log: list[LogEntry]) -> set[tuple[str, str, str, str]]:
    """(workbook, ref, field, new) of the requests a Change log already holds."""
    return {(e.workbook, e.ref, e.field, e.new) for e in log if e.status == NOT_APPLIED}


def _plan_shows(actions: list[Action], key: str, header: str) -> str:
    """What the lead's workbook shows for a locked column of these actions (sharing a row)."""
    action = actions[0]
    if key == "due":
        value: object = (
            action.due.date
            if action.due.date
            else (action.due_text or ("Ongoing" if action.due.ongoing else ""))
        )
    elif key == "action":
        value = "\n".join(a.text for a in actions if a.text)
    elif key == "lead":
        value = action.lead_text
    elif key == "extra":
        value = action.extra.get(header)
    else:
        value = getattr(action, key, "")
    return locked_text(value)


def _lead_sheet(returned: ReturnedWorkbook) -> str:
    return f"[{returned.path.name}]{returned.sheet}"


def _lead_cell(
    returned: ReturnedWorkbook, row: ReturnedRow, changed: dict[str, str]
) -> tuple[str, str]:
    """Where a problem with a whole returned row is shown: its first changed cell."""
    cell = next((row.cells[k] for k in changed if k in row.cells), "")
    if not cell and row.locked:
        cell = next(iter(sorted(row.locked.values())))[0]
    if not cell:
        cell = next(iter(row.cells.values()), "")
    return _lead_sheet(returned), cell


__all__ = ["PlanState", "requests_logged"]
