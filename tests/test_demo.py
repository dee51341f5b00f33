"""ragbook.demo: the demo plan has the messy values real plans have, indicators included."""

from __future__ import annotations

from datetime import date

import ragbook
from ragbook.demo import write_demo


def test_the_demo_has_a_year_of_indicators_and_one_whole_number_among_percentages(tmp_path):
    path = write_demo(tmp_path / "demo.xlsx", date(2026, 11, 23))
    with ragbook.load(path) as plan:
        summary = plan.summary(date(2026, 11, 23))
        indicators = plan.data.indicators
        problems = [p for p in plan.problems if p.sheet == "Indicators"]
    assert len(indicators) == 6
    assert [label for label, _ in indicators[0].series][::11] == ["Nov 2025", "Oct 2026"]
    assert [a.rating for a in summary.indicators] == [
        "Amber",
        "Amber",
        "Amber",
        "Red",
        "Green",
        "No data",
    ]
    assert [a.direction for a in summary.indicators] == [
        "improving",
        "improving",
        "no change",
        "worsening",
        "no change",
        None,
    ]
    assert [p.cell for p in problems] == ["T2"]
    assert "T2 holds 80, a percentage typed as a whole number" in problems[0].message
