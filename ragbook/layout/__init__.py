"""Layouts of the sheets ragbook owns: plan + summary in, SheetSpecs out."""

from __future__ import annotations

from ..rules.compute import Summary
from ..rules.model import PlanData
from ..rules.schema import CHECKS, EXCEPTIONS, LEAD_ROLE_PREFIX, TRACKER
from ..xlsx.spec import SheetNames, SheetSpec, safe_sheet_name
from .checks import build_checks
from .exceptions import build_exceptions
from .lead_sheets import build_lead_sheet
from .print_pages import heading, prepare
from .tracker import build_tracker


def refresh_roles(summary: Summary) -> list[tuple[str, str]]:
    """(role, wanted sheet name) for every sheet a refresh writes, in tab order."""
    roles = [("tracker", TRACKER), ("exceptions", EXCEPTIONS)]
    roles += [(LEAD_ROLE_PREFIX + code, code) for code in summary.by_lead]
    roles.append(("checks", CHECKS))
    return roles


def assign_names(
    roles: list[tuple[str, str]], existing: dict[str, str], user_names: set[str]
) -> dict[str, str]:
    """Sheet name per role: an owned sheet keeps its current name (even if the
    owner renamed it); a new one gets a valid name no user sheet has. ragbook's
    own sheets (Tracker, Exceptions, Checks) are named before the lead sheets,
    so a lead coded "Checks" gets "Checks (2)", not ragbook's Checks."""
    taken = SheetNames(user_names | set(existing.values()))
    names: dict[str, str] = {}
    fixed_first = sorted(roles, key=lambda item: item[0].startswith(LEAD_ROLE_PREFIX))
    for role, wanted in fixed_first:
        if role in existing:
            names[role] = existing[role]
        else:
            names[role] = safe_sheet_name(wanted, taken)
            taken.add(names[role])
    return {role: names[role] for role, _ in roles}


def build_refresh_sheets(
    plan: PlanData, summary: Summary, names: dict[str, str], user_names: set[str]
) -> list[SheetSpec]:
    sheets = [
        build_tracker(plan, summary, names["tracker"], names),
        build_exceptions(plan, summary, names["exceptions"]),
    ]
    for code in summary.by_lead:
        sheets.append(build_lead_sheet(plan, summary, code, names[LEAD_ROLE_PREFIX + code]))
    sheets.append(build_checks(summary, names["checks"], user_names | set(names.values())))
    printed = heading(summary.title, summary.as_of, plan.settings.marking)
    for sheet in sheets:
        sheet.fit_heights()
        prepare(sheet, printed)
    return sheets
