"""Which columns a lead workbook shows: the owner's choice, from Settings.

The owner lists headers of the Actions sheet in the Settings row "Lead
workbook columns" ("Action, Success measure(s), Date due"). The ref comes
first and the status and update columns last whatever the list says:
collect needs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..read.table import ACTION_LOOKUP
from ..rules import schema
from ..rules.model import PlanData, Problem
from ..rules.schema import ACTION_FIELD_BY_KEY, UPDATE_FIELDS, normalise_header
from ..xlsx.cells import cell_ref

DEFAULT_COLUMNS = ("Action", "Success measure(s)", "Date due")
STATUS = "Status"
EXTRA_WIDTH = 20
STATUS_WIDTH = 20


@dataclass(frozen=True)
class LeadColumn:
    key: str  # a field key, "extra" for a column ragbook does not know, or "status"
    header: str  # as the lead sees it
    width: float


def lead_columns(plan: PlanData) -> tuple[list[LeadColumn], list[Problem]]:
    """The columns of a lead sheet, left to right, and problems with the owner's list."""
    wanted = plan.settings.lead_columns or DEFAULT_COLUMNS
    chosen = bool(plan.settings.lead_columns)
    extras = {normalise_header(h): h for a in plan.actions for h in a.extra}
    columns = [_field("ref")]
    problems: list[Problem] = []
    for name in wanted:
        norm = normalise_header(name)
        key = ACTION_LOOKUP.get(norm)
        if norm == normalise_header(STATUS) or key == "ref" or key in UPDATE_FIELDS:
            continue  # always shown
        if key and key in plan.columns:
            column = _field(key)
        elif norm in extras:
            column = LeadColumn("extra", extras[norm], EXTRA_WIDTH)
        elif chosen:
            problems.append(_unknown(plan, name, key))
            continue
        else:
            continue
        if column not in columns:
            columns.append(column)
    columns.append(LeadColumn("status", STATUS, STATUS_WIDTH))
    columns += [_field(k) for k in update_fields(plan)]
    return columns, problems


def update_fields(plan: PlanData) -> list[str]:
    """The update fields the plan has a column for (the rating always)."""
    return [
        k for k in UPDATE_FIELDS if k in plan.columns or (k == "rating" and plan.rating_columns)
    ]


def _field(key: str) -> LeadColumn:
    f = ACTION_FIELD_BY_KEY[key]
    return LeadColumn(key, f.header, f.width)


def _unknown(plan: PlanData, name: str, key: str | None) -> Problem:
    where = plan.settings.lead_columns_cell
    header = f"row {plan.header_row} of {plan.actions_sheet}"
    if key:
        return Problem(
            schema.SETTINGS,
            where,
            f"'{name}' is in the lead workbook columns, but {plan.actions_sheet} has no "
            f"{ACTION_FIELD_BY_KEY[key].header} column",
            f"remove it from the list, or add the column to {plan.actions_sheet}",
        )
    return Problem(
        schema.SETTINGS,
        where,
        f"'{name}' in the lead workbook columns is not a header in {header}",
        f"type headers as they are in {header} ({cell_ref(plan.header_row, 1)} "
        "onwards), separated by commas",
    )
