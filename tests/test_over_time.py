"""The rating counts at each point of a plan's history, oldest first, then now."""

from __future__ import annotations

from datetime import date

from builders import action, write_plan

from ragbook.plan import load
from ragbook.rules.over_time import counts_over_time

AS_OF = date(2019, 1, 15)


def test_each_earlier_period_then_now(tmp_path):
    headers = ["Ref", "Priority", "Action", "Lead", "Due", "RAG Initial", "RAG Sep", "RAG"]
    rows = [
        ["1.1", "P1", "Do it", "AF", date(2019, 3, 1), "Red", "Amber", "Green"],
        ["1.2", "P1", "Do it", "AF", date(2019, 3, 1), "Red", "Green", ""],
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=headers, as_of=AS_OF)
    with load(path) as plan:
        summary = plan.summary(AS_OF)
    keys = ["Red", "Amber", "Green", "Not rated"]
    assert counts_over_time(summary, keys) == [
        ("Initial", [2, 0, 0, 0], 2),
        ("Sep", [0, 1, 1, 0], 2),
        ("Now", [0, 0, 1, 1], 2),
    ]


def test_a_plan_without_history_has_none(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1")], as_of=AS_OF)
    with load(path) as plan:
        assert counts_over_time(plan.summary(AS_OF), ["Green"]) == []
