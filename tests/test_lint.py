"""The plan linter on real workbooks: plan-quality findings, kept apart from data problems."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from builders import HEADERS, action, write_plan

import ragbook
from ragbook.rules.lint import measurable

AS_OF = date(2019, 1, 31)
WITH_MEASURES = [*HEADERS, "Success measure(s)", "Ofsted recommendation"]


def findings(path, as_of=AS_OF) -> list[tuple[str, str, str, str]]:
    with ragbook.load(path) as plan:
        summary = plan.summary(as_of)
    assert not any(getattr(p, "check", "") for p in summary.problems)
    return [(f.check, f.sheet, f.cell, f.message) for f in summary.lint]


@pytest.mark.parametrize(
    "text, can_be_measured",
    [
        ("95% of assessments within 45 working days", True),
        ("Caseloads below 20 per worker", True),
        ("Audit completed by March 2017", False),
        ("Report to board 31/03/2017", False),
        ("Training delivered in Q3", False),
        ("Staff feel supported", False),
        ("", False),
    ],
)
def test_measurable_success_measures_name_a_number_or_percentage(text, can_be_measured):
    assert measurable(text) == can_be_measured


def test_every_action_needs_a_success_measure(tmp_path):
    rows = [
        [*action("1.1", progress="x"), "90% on time", "1"],
        [*action("1.2", progress="x"), "", "1"],
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=WITH_MEASURES, as_of=AS_OF)
    assert findings(path) == [
        ("no success measure", "Actions", "I3", "action 1.2 has no success measure")
    ]


def test_a_plan_with_no_success_measure_column_is_one_finding(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1", progress="x")], as_of=AS_OF)
    assert findings(path) == [
        (
            "no success measure",
            "Actions",
            "",
            "the action table has no Success measure(s) column, so no "
            "action says how success will be measured",
        )
    ]


def test_a_lead_carrying_more_red_actions_than_settings_allow(tmp_path):
    rows = [
        [*action(f"1.{i}", lead="AF", rating="Red", due=date(2019, 6, 1), progress="x"), "50%", "1"]
        for i in range(1, 5)
    ]
    rows += [
        [*action("2.1", lead="SG", rating="Red", due=date(2019, 6, 1), progress="x"), "50%", "1"]
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=WITH_MEASURES, as_of=AS_OF)
    assert findings(path) == [
        (
            "too many red",
            "Leads",
            "A2",
            "Head of Early Help (AF) leads 4 actions rated Red "
            "(1.1, 1.2, 1.3, 1.4), more than the 3 Settings allows",
        )
    ]
    wb = openpyxl.load_workbook(path)
    wb["Settings"]["A20"], wb["Settings"]["B20"] = "Most red actions per lead", 4
    wb.save(path)
    assert findings(path) == []


def test_due_dates_outside_the_plan_period(tmp_path):
    rows = [
        [*action("1.1", due=date(2017, 12, 31), rating="Completed", progress="x"), "50%", "1"],
        [*action("1.2", due=date(2019, 3, 31), progress="x"), "50%", "1"],
        [*action("1.3", due=date(2020, 4, 1), progress="x"), "50%", "1"],
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=WITH_MEASURES, as_of=AS_OF)
    wb = openpyxl.load_workbook(path)
    wb["Settings"]["A20"], wb["Settings"]["B20"] = "Plan period", "Apr 2018 to Mar 2020"
    wb.save(path)
    assert findings(path) == [
        (
            "due outside plan period",
            "Actions",
            "E2",
            "action 1.1 is due 31/12/2017, before the plan starts (01/04/2018 to 31/03/2020)",
        ),
        (
            "due outside plan period",
            "Actions",
            "E4",
            "action 1.3 is due 01/04/2020, after the plan ends (01/04/2018 to 31/03/2020)",
        ),
    ]


def test_past_due_with_no_update_or_the_same_update_as_last_period(tmp_path):
    rows = [
        [*action("1.1", due=date(2019, 1, 1), rating="Red", progress=""), "50%", "1"],
        [*action("1.2", due=date(2019, 1, 21), rating="Red", progress="Same"), "50%", "1"],
        [*action("1.3", due=date(2019, 1, 11), rating="Red", progress="New"), "50%", "1"],
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=WITH_MEASURES, as_of=AS_OF)
    ragbook.close_period(path, period="Dec 2018", as_of=date(2018, 12, 31), backup=False)
    with ragbook.load(path) as plan:
        cell = plan.actions[2].cells["progress"]
        edited = plan.edit({cell: "Newer"})
        edited.refresh(AS_OF)
        edited.save(backup=False)
    assert findings(path) == [
        (
            "past due with no update",
            "Actions",
            "H2",
            "action 1.1 is 30 days past due and has no progress update",
        ),
        (
            "past due with no update",
            "Actions",
            "H3",
            "action 1.2 is 10 days past due and its update is unchanged since Dec 2018",
        ),
    ]


def test_recommendations_measured_by_an_indicator_are_covered(tmp_path):
    rows = [
        [*action("1.1", progress="x"), "Staff feel supported", "1"],
        [*action("2.1", progress="x"), "Staff feel supported", "2"],
    ]
    indicators = [
        ["Ref", "Indicator", "Priority", "Unit", "Target", "Jan 2019"],
        ["PI 1", "Assessments on time", "Recommendation 1", "%", 0.9, 0.8],
        ["PI 2", "Visits on time", "Rec 2", "%", None, 0.8],
    ]
    path = write_plan(
        tmp_path / "plan.xlsx",
        rows,
        headers=WITH_MEASURES,
        as_of=AS_OF,
        extra_sheets={"Indicators": indicators},
    )
    with ragbook.load(path) as plan:
        summary = plan.summary(AS_OF)
    assert [(c.recommendation, c.indicators, c.gap) for c in summary.coverage] == [
        ("1", ("PI 1",), ""),
        ("2", (), "no measure"),
    ]  # PI 2 has no target to measure against
    assert [f.message for f in summary.lint] == [
        "Ofsted recommendation 2 has no success measure or indicator that can be measured (a "
        "number or a percentage)"
    ]
