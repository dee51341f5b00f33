"""Costs: totals per priority and for the plan; cost cells that are not amounts."""

from __future__ import annotations

from datetime import date

from builders import HEADERS, action, write_plan

import ragbook

COST_HEADERS = [*HEADERS, "One-off cost", "Recurring cost"]


def summary_of(tmp_path, rows, headers=COST_HEADERS):
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=headers, as_of=date(2019, 1, 31))
    with ragbook.load(path) as plan:
        return plan.summary()


def test_totals_per_priority_in_plan_order_with_no_priority_last(tmp_path):
    summary = summary_of(
        tmp_path,
        [  # a blank priority holds the one above, so it comes first
            [*action("1.2", priority=""), "1.5k", None],
            [*action("1.1", priority="People"), 1000, "£2,500"],
            [*action("2.1", priority="Practice"), None, 400.5],
            [*action("1.3", priority="People"), "£1,000", 0],
        ],
    )
    assert summary.costs.as_json() == {
        "by_priority": {
            "People": {"one_off": 2000, "recurring": 2500},
            "Practice": {"one_off": 0, "recurring": 400.5},
            "No priority": {"one_off": 1500, "recurring": 0},
        },
        "total": {"one_off": 3500, "recurring": 2900.5},
    }
    assert summary.problems == []


def test_words_and_negative_amounts_are_problems_and_left_out(tmp_path):
    summary = summary_of(
        tmp_path,
        [
            [*action("1.1"), "Within existing resources", -200],
            [*action("1.2"), "n/a", "Nil"],
            [*action("1.3"), "-", 300],
        ],
    )
    assert summary.costs.as_json()["total"] == {"one_off": 0, "recurring": 300}
    assert [(p.cell, p.message, p.fix) for p in summary.problems] == [
        (
            "I2",
            "'Within existing resources' in action 1.1's one-off cost is not an amount, so "
            "the cost totals leave it out",
            "type the cost in pounds, e.g. 12000 (0 if there is none), and keep notes in another "
            "column",
        ),
        (
            "J2",
            "action 1.1's recurring cost is negative (-200), so the cost totals leave it out",
            "type the cost as a positive amount in pounds; record a saving in another column",
        ),
    ]


def test_a_plan_without_cost_columns_has_no_costs(tmp_path):
    summary = summary_of(tmp_path, [action("1.1")], headers=HEADERS)
    assert summary.costs is None and summary.as_json()["costs"] is None
