"""The columns a lead workbook shows: the owner's list on Settings, or the default."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from builders import write_loop_plan

import ragbook
from ragbook.layout.lead_columns import lead_columns


def columns_of(path: Path, typed: str | None = None):
    if typed is not None:
        wb = openpyxl.load_workbook(path)
        wb["Settings"]["A7"], wb["Settings"]["B7"] = "Lead workbook columns", typed
        wb.save(path)
    with ragbook.load(path) as plan:
        columns, problems = lead_columns(plan.data)
    return [c.header for c in columns], problems


@pytest.fixture
def plan(tmp_path) -> Path:
    return write_loop_plan(tmp_path / "plan.xlsx")


def test_by_default_the_action_and_its_due_date(plan):
    headers, problems = columns_of(plan)
    assert headers == [
        "Ref",
        "Action",
        "Date due",
        "Status",
        "RAG rating",
        "% complete",
        "Progress update",
        "Evidence",
    ]
    assert problems == []


def test_the_owner_chooses_and_orders_them_by_header_or_synonym(plan):
    headers, problems = columns_of(plan, "Notes; due date, PRIORITY\nAction, Lead(s)")
    assert headers == [
        "Ref",
        "Notes",
        "Date due",
        "Priority",
        "Action",
        "Lead(s)",
        "Status",
        "RAG rating",
        "% complete",
        "Progress update",
        "Evidence",
    ]
    assert problems == []


def test_ref_status_and_update_columns_are_always_there_once(plan):
    headers, _ = columns_of(plan, "Progress update, Status, RAG, Ref, Action, Action")
    assert headers == [
        "Ref",
        "Action",
        "Status",
        "RAG rating",
        "% complete",
        "Progress update",
        "Evidence",
    ]


def test_a_header_the_plan_does_not_have_is_a_problem_naming_the_settings_cell(plan):
    headers, problems = columns_of(plan, "Action, Budget holder, One-off cost")
    assert headers[:2] == ["Ref", "Action"]
    assert [p.line() for p in problems] == [
        "Settings!B7: 'Budget holder' in the lead workbook columns is not a header in row 1 "
        "of Actions; type headers as they are in row 1 of Actions (A1 onwards), separated by "
        "commas.",
        "Settings!B7: 'One-off cost' is in the lead workbook columns, but Actions has no "
        "One-off cost column; remove it from the list, or add the column to Actions.",
    ]


def test_update_columns_the_plan_lacks_are_left_out(tmp_path):
    from builders import action, write_plan

    path = write_plan(
        tmp_path / "plan.xlsx",
        [action("1.1")],
        headers=["Ref", "Priority", "Action", "Lead", "Due", "RAG"],
    )
    headers, _ = columns_of(path)
    assert headers == ["Ref", "Action", "Date due", "Status", "RAG rating"]
