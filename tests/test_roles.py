"""The roles of ragbook's own sheets come from one enum (rules/schema.py: Role)."""

from __future__ import annotations

from datetime import date

from builders import action, write_plan

import ragbook
from ragbook.rules.schema import CHECKS, HISTORY, TRACKER, Role, is_lead_role, lead_role
from ragbook.xlsx.owned import owned_sheets
from ragbook.xlsx.package import open_package


def test_each_role_has_its_sheet_name_and_its_recorded_text():
    assert [str(r) for r in Role] == ["tracker", "exceptions", "checks", "history", "changelog"]
    assert Role.TRACKER.sheet_name == TRACKER
    assert Role.CHECKS.sheet_name == CHECKS
    assert Role.HISTORY.sheet_name == HISTORY
    assert len({r.sheet_name for r in Role}) == len(Role)


def test_lead_roles():
    assert lead_role("AF") == "lead:AF"
    assert is_lead_role(lead_role("AF"))
    assert not any(is_lead_role(r) for r in Role)


def test_a_refresh_records_the_enums_roles_in_the_workbook(tmp_path):
    rows = [
        action("1.1", lead="AF", due=date(2018, 12, 1), rating="Red"),
        action("1.2", lead="SG", due="March 2019", rating="G"),
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, as_of=date(2019, 1, 15))
    plan = ragbook.load(path)
    plan.refresh()
    plan.save(backup=False)
    assert plan.sheet_name(Role.TRACKER) == "Tracker"
    roles = set(owned_sheets(open_package(path)).values())
    assert roles == {Role.TRACKER, Role.EXCEPTIONS, Role.CHECKS, lead_role("AF"), lead_role("SG")}
