"""What the plan costs: one-off and recurring totals per priority and overall.

Seed 002 publishes them ("the total anticipated cost, both one off costs and
recurring, is provided in the plan"). A cost cell holding words ("TBC",
"within existing resources") or a negative amount is a problem with its
cell: the totals would otherwise leave it out without saying so. "n/a",
"nil", "none" and "-" mean no cost. Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..xlsx.refs import display
from .model import Action, Problem
from .schema import ACTION_FIELD_BY_KEY, NO_PRIORITY

COST_FIELDS = ("one_off_cost", "recurring_cost")
_NO_COST = re.compile(r"^\s*(n/?a|nil|none|no cost|-+|\u2013|\u2014)\s*$", re.I)


@dataclass
class Costs:
    """Totals in pounds: (one-off, recurring) per priority, in plan order, and overall."""

    by_priority: dict[str, list[float]] = field(default_factory=dict)
    total: list[float] = field(default_factory=lambda: [0.0, 0.0])

    def as_json(self) -> dict:
        def pair(values: list[float]) -> dict:
            return {"one_off": _number(values[0]), "recurring": _number(values[1])}

        return {
            "by_priority": {p: pair(v) for p, v in self.by_priority.items()},
            "total": pair(self.total),
        }


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def total_costs(actions: list[Action], columns: dict[str, int]) -> Costs | None:
    """The totals, or None when the plan has neither cost column."""
    if not any(key in columns for key in COST_FIELDS):
        return None
    costs = Costs()
    for action in actions:
        row = costs.by_priority.setdefault(action.priority or NO_PRIORITY, [0.0, 0.0])
        for i, value in enumerate((action.one_off_cost, action.recurring_cost)):
            if value is not None and value > 0:
                row[i] += value
                costs.total[i] += value
    if NO_PRIORITY in costs.by_priority:  # "No priority" last, as in the other tables
        costs.by_priority[NO_PRIORITY] = costs.by_priority.pop(NO_PRIORITY)
    return costs


def cost_problems(sheet: str, action: Action, typed: dict[str, object]) -> list[Problem]:
    """Problems with the action's cost cells: `typed` is field key -> the cell's value."""
    out = []
    for key in COST_FIELDS:
        value = typed.get(key)
        if value is None or value == "" or key not in action.cells:
            continue
        amount = getattr(action, key)
        name = ACTION_FIELD_BY_KEY[key].header.lower()
        if amount is None and not _NO_COST.match(display(value)):
            out.append(
                Problem(
                    sheet,
                    action.cells[key],
                    f"'{display(value).strip()}' in action {action.ref}'s {name} is "
                    "not an amount, so the cost totals leave it out",
                    "type the cost in pounds, e.g. 12000 (0 if there is none), and "
                    "keep notes in another column",
                )
            )
        elif amount is not None and amount < 0:
            out.append(
                Problem(
                    sheet,
                    action.cells[key],
                    f"action {action.ref}'s {name} is negative ({display(value)}), "
                    "so the cost totals leave it out",
                    "type the cost as a positive amount in pounds; record a saving "
                    "in another column",
                )
            )
    return out


__all__ = ["COST_FIELDS", "Costs", "cost_problems", "total_costs"]
