"""The Tracker's coverage map and costs table, laid out from a real plan."""

from __future__ import annotations

from datetime import date

from builders import HEADERS, action, write_plan

import ragbook
from ragbook.layout import palette as S
from ragbook.layout.coverage import COSTS_TITLE, COVERAGE_TITLE, costs_section, coverage_section
from ragbook.xlsx.spec import SheetSpec

COLUMNS = [
    *HEADERS,
    "Ofsted recommendation",
    "Success measure(s)",
    "One-off cost",
    "Recurring cost",
]


def summary_of(tmp_path, rows, headers=COLUMNS):
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=headers, as_of=date(2019, 1, 31))
    with ragbook.load(path) as plan:
        return plan.summary()


def test_coverage_map_marks_gaps_in_red(tmp_path):
    summary = summary_of(
        tmp_path,
        [
            [*action("1.1"), "1", "90% on time", 100, 10],
            [*action("1.2"), "1", "", None, None],
            [*action("2.1"), "2", "Better morale", None, None],
        ],
    )
    sheet = SheetSpec("Tracker", "tracker")
    coverage_section(sheet, summary)
    values = [[c.value if c else None for c in row] for row in sheet.rows]
    assert values[0] == [COVERAGE_TITLE]
    assert values[2:4] == [
        ["Recommendation 1", 2, "1.1, 1.2", 1, "", ""],
        ["Recommendation 2", 1, "2.1", 0, "", "No measure"],
    ]
    assert sheet.rows[3][5].style == S.WORSE and sheet.rows[2][5].style == S.SAME
    assert values[4] == [
        "Nothing measures recommendation 2: no success measure with a number "
        "or percentage, and no indicator with a target."
    ]


def test_costs_table_totals_with_formulas(tmp_path):
    summary = summary_of(
        tmp_path,
        [
            [*action("1.1"), "1", "90%", 100, 10],
            [*action("2.1", priority="Priority 2"), "1", "90%", 50, 5],
        ],
    )
    sheet = SheetSpec("Tracker", "tracker")
    costs_section(sheet, summary)
    assert [[c.value for c in row] for row in sheet.rows[:5]] == [
        [COSTS_TITLE],
        ["Priority", "One-off cost", "Recurring cost"],
        ["Priority 1", 100, 10],
        ["Priority 2", 50, 5],
        ["Total", 150, 15],
    ]
    assert [c.formula for c in sheet.rows[4][1:]] == ["SUM(B3:B4)", "SUM(C3:C4)"]


def test_no_recommendations_or_cost_columns_no_sections(tmp_path):
    summary = summary_of(tmp_path, [action("1.1")], headers=HEADERS)
    sheet = SheetSpec("Tracker", "tracker")
    coverage_section(sheet, summary)
    costs_section(sheet, summary)
    assert sheet.rows == []
