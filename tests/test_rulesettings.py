"""Reading the checks' settings from a real Settings sheet: days, nation, plan period,
red limit, and the suggested-rating rules block."""

from __future__ import annotations

from datetime import date

import openpyxl
from builders import action, write_plan

import ragbook
from ragbook.rules.suggest import DEFAULT_RULES, RuleRow
from ragbook.rules.workdays import CALENDAR, WORKING
from ragbook.template import RULE_TABLE_ROW, new_plan


def plan_with_settings(tmp_path, cells: dict[str, object]):
    path = write_plan(
        tmp_path / "plan.xlsx",
        [action("1.1", percent=0.5, due=date(2019, 1, 15))],
        as_of=date(2019, 1, 31),
    )
    wb = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        wb["Settings"][ref] = value
    wb.save(path)
    return path


def test_without_settings_the_defaults_hold(tmp_path):
    with ragbook.load(plan_with_settings(tmp_path, {})) as plan:
        settings = plan.data.settings
        assert settings.days.unit == CALENDAR and settings.red_limit == 3
        assert settings.plan_period is None and settings.rules is None
        assert plan.problems == []


def test_days_nation_period_and_red_limit(tmp_path):
    path = plan_with_settings(
        tmp_path,
        {
            "A20": "Count days as",
            "B20": "Working days",
            "A21": "Bank holidays of",
            "B21": "scotland",
            "A22": "Plan period",
            "B22": "Apr 2018 to Mar 2020",
            "A23": "Most red actions per lead",
            "B23": 5,
        },
    )
    with ragbook.load(path) as plan:
        settings = plan.data.settings
        assert (settings.days.unit, settings.days.nation) == (WORKING, "Scotland")
        assert settings.plan_period == (date(2018, 4, 1), date(2020, 3, 31))
        assert settings.red_limit == 5
        assert plan.problems == []


def test_a_financial_year_is_a_plan_period(tmp_path):
    path = plan_with_settings(tmp_path, {"A22": "Plan period", "B22": "2018/19"})
    with ragbook.load(path) as plan:
        assert plan.data.settings.plan_period == (date(2018, 4, 1), date(2019, 3, 31))


def test_settings_it_cannot_read_are_problems_with_their_cells(tmp_path):
    path = plan_with_settings(
        tmp_path,
        {
            "A20": "Count days as",
            "B20": "fortnights",
            "A21": "Bank holidays of",
            "B21": "Ireland",
            "A22": "Plan period",
            "B22": "Mar 2020 to Apr 2018",
            "A23": "Most red actions per lead",
            "B23": "lots",
        },
    )
    with ragbook.load(path) as plan:
        assert plan.data.settings.days.unit == CALENDAR
        assert [(p.cell, p.message) for p in plan.problems] == [
            ("B20", "'fortnights' is not a way of counting days"),
            ("B21", "'Ireland' is not a nation ragbook knows the bank holidays of"),
            ("B22", "'Mar 2020 to Apr 2018' is not a period ragbook can read"),
            ("B23", "'lots' is not a number of actions"),
        ]
        assert plan.problems[1].fix == ("type one of England and Wales, Scotland, Northern Ireland")


def test_the_rules_block_is_read_under_its_header_until_a_blank_row(tmp_path):
    path = plan_with_settings(
        tmp_path,
        {
            "A30": "Condition",
            "B30": "Rating",
            "D30": "Wording",
            "A31": "past due",
            "B31": "Red",
            "D31": "{overdue} late",
            "A32": "below 10% complete",
            "B32": "A",
            "A34": "complete",
            "B34": "Red",
        },
    )  # after the blank row: not a rule
    with ragbook.load(path) as plan:
        assert plan.data.settings.rules == (
            RuleRow("past due", "Red", "{overdue} late", ("A31", "B31", "D31")),
            RuleRow("below 10% complete", "A", "", ("A32", "B32", "D32")),
        )
        summary = plan.summary()
    [s] = summary.suggestions
    assert s.reason == "Red: 16 days late"


def test_a_rules_header_with_no_rows_means_no_suggestions(tmp_path):
    path = plan_with_settings(tmp_path, {"A30": "Condition", "B30": "Rating"})
    with ragbook.load(path) as plan:
        assert plan.data.settings.rules == ()
        assert plan.summary().suggestions == []


def test_rule_mistakes_reach_checks(tmp_path):
    path = plan_with_settings(
        tmp_path,
        {
            "A30": "Condition",
            "B30": "Rating",
            "C30": "Wording",
            "A31": "when it feels late",
            "B31": "Red",
            "B32": "Amber",
        },
    )
    with ragbook.load(path) as plan:
        problems = plan.summary().problems
    assert [(p.sheet, p.cell, p.message) for p in problems] == [
        ("Settings", "A32", "this rule has no condition"),
        (
            "Settings",
            "A31",
            "'when it feels late' is not a condition ragbook knows for suggesting a rating",
        ),
    ]


def test_the_template_ships_the_default_rules_in_its_scales_own_labels(tmp_path):
    path = new_plan(tmp_path / "plan.xlsx", "reading5")
    ws = openpyxl.load_workbook(path)["Settings"]
    rows = [
        (ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 4).value)
        for r in range(RULE_TABLE_ROW, RULE_TABLE_ROW + len(DEFAULT_RULES) + 1)
    ]
    assert rows == [
        ("Condition", "Rating", "Wording"),
        ("past due", "RED", "{overdue} past due, {complete}"),
        ("due soon and below 50% complete", "AMBER", "due in {due_in}, {complete}"),
        ("update unchanged for 3 periods", "AMBER", "update unchanged since {since}"),
        ("complete with no evidence", "LIGHT GREEN", "rated {rating} with no evidence"),
    ]
    with ragbook.load(path) as plan:
        settings = plan.data.settings
        assert [r.condition for r in settings.rules] == [r.condition for r in DEFAULT_RULES]
        assert settings.days.unit == CALENDAR and settings.red_limit == 3
        assert plan.problems == []
