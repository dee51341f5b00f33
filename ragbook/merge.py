"""Merging returned lead workbooks into the plan's update values. Pure: no I/O.

For each update value a lead changed (it differs from what their workbook
was sent with), the plan takes it, unless the plan's own value changed too
since the split: that is a conflict, reported and never overwritten. A value
the plan already has is no change, so collecting a workbook twice changes
nothing the second time. A file with any problem is not applied at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .changelog import LogEntry
from .model import Action, PlanData, Problem
from .returned import ReturnedWorkbook
from .scales import fold
from .schema import ACTION_FIELD_BY_KEY, UPDATE_FIELDS
from .stamp import action_values, row_fingerprint, same_plan, value_hash


def shown(key: str, value: str) -> str:
    """A canonical value as people read it: % complete with its % sign."""
    return f"{value}%" if key == "percent_complete" and value else value


def unshown(key: str, text: str) -> str:
    return text[:-1] if key == "percent_complete" and text.endswith("%") else text


def field_name(key: str) -> str:
    return ACTION_FIELD_BY_KEY[key].header


@dataclass
class Change:
    ref: str
    key: str  # the update field
    cell: str  # in the plan's Actions sheet
    old: str  # canonical values (see stamp.canonical)
    new: str
    value: object  # what is written into the cell

    def line(self) -> str:
        return (f"{self.ref} {field_name(self.key)}: {_short(shown(self.key, self.old))} -> "
                f"{_short(shown(self.key, self.new))}")


@dataclass
class Outcome:
    """What became of one returned file."""

    file: Path
    lead: str = ""
    workbook_id: str = ""
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    applied: bool = False

    @property
    def status(self) -> str:
        """'applied', 'not applied' (problems) or 'unchanged'."""
        if self.problems:
            return "not applied"
        return "applied" if self.changes else "unchanged"

    def as_json(self) -> dict:
        return {"file": str(self.file), "lead": self.lead, "workbook_id": self.workbook_id,
                "status": self.status,
                "changes": [{"ref": c.ref, "field": field_name(c.key), "cell": c.cell,
                             "old": shown(c.key, c.old), "new": shown(c.key, c.new)}
                            for c in self.changes],
                "problems": [p.as_dict() for p in self.problems]}


class PlanState:
    """The plan's update values as a collect goes: each file sees the ones before it."""

    def __init__(self, data: PlanData, log: list[LogEntry]):
        self.data = data
        self.by_ref: dict[str, list[Action]] = {}
        for action in data.actions:
            self.by_ref.setdefault(action.ref, []).append(action)
        self.values = {ref: action_values(a[0]) for ref, a in self.by_ref.items()}
        by_header = {field_name(k): k for k in UPDATE_FIELDS}
        # What workbooks collected before: their own earlier values are not conflicts.
        self.collected = {(e.workbook, e.ref, by_header[e.field], unshown(by_header[e.field], e.new))
                          for e in log if e.field in by_header}

    def merge(self, returned: ReturnedWorkbook) -> Outcome:
        """The changes a returned workbook makes, or the problems that stop it."""
        stamp = returned.stamp
        out = Outcome(returned.path, stamp.lead, stamp.id, problems=list(returned.problems))
        title = self.data.settings.title
        if not same_plan(stamp.plan, title):
            out.problems.append(Problem(
                "", "", f"{returned.path.name} was split from the plan '{stamp.plan}', not "
                f"'{title}'", "collect it into that plan (if this plan's title changed since the "
                "split, put the old title back in Settings for the collect)"))
            return out
        for row in returned.rows:
            ref = row.stamp.ref
            actions = self.by_ref.get(ref, [])
            if len(actions) != 1:
                # Only a row the lead changed needs its action: an untouched row whose ref
                # is gone or doubled has nothing to apply.
                if any(value_hash(key, new) != row.stamp.sent.get(key)
                       for key, new in row.values.items()):
                    out.problems.append(self._missing(returned, row.cells, ref, actions))
                continue
            action, current = actions[0], self.values[ref]
            plan_changed = row_fingerprint(action, current) != row.stamp.fingerprint
            for key, new in row.values.items():
                sent, old = row.stamp.sent.get(key), current[key]
                if value_hash(key, new) == sent or new == old:
                    continue
                problem = self._check(returned, row.cells[key], action, key, old, new,
                                      plan_changed and value_hash(key, old) != sent
                                      and (stamp.id, ref, key, old) not in self.collected)
                if problem:
                    out.problems.append(problem)
                else:
                    out.changes.append(Change(ref, key, action.cells[key], old, new,
                                              self._cell_value(action, key, new)))
        return out

    def apply(self, outcome: Outcome) -> None:
        """Take an outcome's changes as the plan's values from now on."""
        for c in outcome.changes:
            self.values[c.ref][c.key] = c.new
            self.collected.add((outcome.workbook_id, c.ref, c.key, c.new))
        outcome.applied = True

    def _check(self, returned: ReturnedWorkbook, lead_cell: str, action: Action, key: str,
               old: str, new: str, conflict: bool) -> Problem | None:
        lead = returned.stamp.lead
        name = field_name(key)
        sheet = self.data.actions_sheet
        if key not in action.cells:
            return Problem(sheet, "", f"the plan has no {name} column any more, so {lead}'s "
                           f"update to action {action.ref} has nowhere to go",
                           f"add the {name} column back, then collect again")
        scale = self.data.settings.scale
        if key == "rating" and not new:
            return Problem(f"[{returned.path.name}]{returned.sheet}", lead_cell,
                           f"action {action.ref}: {lead} cleared the rating",
                           "choose a rating from the list in the lead's workbook")
        if key == "rating" and scale.find(new) is None:
            return Problem(f"[{returned.path.name}]{returned.sheet}", lead_cell,
                           f"action {action.ref}: '{new}' is not a rating on the plan's scale",
                           f"choose one of {scale.describe()}")
        if conflict:
            return Problem(sheet, action.cells[key],
                           f"action {action.ref}: the plan's {name} was changed after the "
                           f"workbook was split (it is now '{_short(shown(key, old))}') and "
                           f"{lead} changed it too, to '{_short(shown(key, new))}'",
                           "decide which is right: type it into the plan, or set the lead's "
                           "workbook to the plan's value; then collect again")
        return None

    def _missing(self, returned: ReturnedWorkbook, cells: dict[str, str], ref: str,
                 actions: list[Action]) -> Problem:
        if actions:
            rows = " and ".join(str(a.row) for a in actions)
            return Problem(self.data.actions_sheet, actions[0].cells.get("ref", ""),
                           f"the ref '{ref}' is on rows {rows} of the plan, so {returned.path.name}"
                           " cannot say which action it updates",
                           "give each action its own ref, then collect again")
        first = next(iter(cells.values()), "")
        return Problem(f"[{returned.path.name}]{returned.sheet}", first,
                       f"action {ref} is no longer in the plan",
                       "if it was renumbered, copy the lead's update to the plan by hand")

    def _cell_value(self, action: Action, key: str, new: str) -> object:
        """The value to write, in the plan's own way of typing it."""
        if not new:
            return None
        if key == "rating":
            rating = self.data.settings.scale.find(new)
            typed = action.rating.rating
            if typed and typed.code != typed.label and fold(action.rating.text) == fold(typed.code):
                return rating.code  # the plan types codes: keep to them
            return rating.label
        if key == "percent_complete":
            points = float(new)
            return points if self.data.percent_hundreds else round(points / 100, 6)
        return new


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
