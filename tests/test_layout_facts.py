"""The Tracker's "Rated better than the facts" section, laid out from a real plan."""

from __future__ import annotations

from datetime import date

from builders import action, write_plan

import ragbook
from ragbook.layout.facts import TITLE, rated_better_section
from ragbook.xlsx.spec import SheetSpec


def laid_out(tmp_path, rows) -> list[list]:
    path = write_plan(tmp_path / "plan.xlsx", rows, as_of=date(2019, 1, 31))
    with ragbook.load(path) as plan:
        summary = plan.summary()
    sheet = SheetSpec("Tracker", "tracker")
    rated_better_section(sheet, summary)
    return [[c.value if c else None for c in row] for row in sheet.rows]


def test_each_flagged_action_with_its_reason_and_both_ratings(tmp_path):
    rows = laid_out(
        tmp_path,
        [
            action(
                "1.1", "Recruit social workers", due=date(2018, 12, 31), rating="Green", percent=0.1
            ),
            action("1.2", due=date(2018, 12, 31), rating="Red", percent=0.1),
        ],
    )
    assert rows[0] == [TITLE]
    assert rows[1][0].startswith("1 action is rated better than the facts in its row allow")
    assert rows[3] == [
        "1.1 Recruit social workers\nWhy: Red: 31 days past due, 10% complete",
        "AF",
        "Green",
        "Red",
    ]
    assert len(rows) == 4  # the honest red is not listed


def test_none_is_said_plainly(tmp_path):
    rows = laid_out(tmp_path, [action("1.1", due=date(2019, 6, 30), rating="Green")])
    assert rows == [[TITLE], ["No action is rated better than the facts in its row allow."]]


def test_a_plan_with_no_actions_has_no_section(tmp_path):
    assert laid_out(tmp_path, []) == []
