"""Layouts of the sheets ragbook owns: plan + summary in, SheetSpecs out."""

from __future__ import annotations

from ..rules.compute import Summary
from ..rules.model import PlanData
from ..rules.schema import Role, is_lead_role, lead_role
from ..xlsx.spec import SheetNames, SheetSpec, safe_sheet_name
from .checks import build_checks
from .exceptions import build_exceptions
from .lead_sheets import build_lead_sheet
from .print_pages import heading, prepare
from .tracker import build_tracker


def refresh_roles(summary: Summary) -> list[tuple[str, str]]:
    """(role, wanted sheet name) for every sheet a refresh writes, in tab order."""
    roles: list[tuple[str, str]] = [
        (Role.TRACKER, Role.TRACKER.sheet_name),
        (Role.EXCEPTIONS, Role.EXCEPTIONS.sheet_name),
    ]
    roles += [(lead_role(code), code) for code in summary.by_lead]
    roles.append((Role.CHECKS, Role.CHECKS.sheet_name))
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
    fixed_first = sorted(roles, key=lambda item: is_lead_role(item[0]))
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
        build_tracker(plan, summary, names[Role.TRACKER], names),
        build_exceptions(plan, summary, names[Role.EXCEPTIONS]),
    ]
    for code in summary.by_lead:
        sheets.append(build_lead_sheet(plan, summary, code, names[lead_role(code)]))
    sheets.append(build_checks(summary, names[Role.CHECKS], user_names | set(names.values())))
    printed = heading(summary.title, summary.as_of, plan.settings.marking)
    for sheet in sheets:
        sheet.fit_heights()
        prepare(sheet, printed)
    return sheets
