"""What the Tracker charts: each chart's cells are the Tracker table's own, and the
charts sit below every table, in a Charts section."""

from __future__ import annotations

from datetime import date

from builders import action, write_plan

from ragbook.layout.charts import CHART_ROWS
from ragbook.layout.tracker import build_tracker
from ragbook.plan import load
from ragbook.xlsx.chartspec import STACKED_BARS

AS_OF = date(2019, 1, 15)


def _tracker(tmp_path, rows):
    path = write_plan(tmp_path / "plan.xlsx", rows, as_of=AS_OF)
    with load(path) as plan:
        summary = plan.summary(AS_OF)
        return build_tracker(plan.data, summary, "Tracker", {}), summary


def _cell(sheet, ref):
    letters = ref.rstrip("0123456789")
    row = int(ref[len(letters) :])
    col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(letters)))
    cells = sheet.rows[row - 1]
    return cells[col - 1].value if col <= len(cells) and cells[col - 1] else None


def _range(sheet, cells):
    first, last = cells.split(":")
    letters = first.rstrip("0123456789")
    row = first[len(letters) :]
    start, end = ord(letters) - 64, ord(last.rstrip("0123456789")) - 64
    return [_cell(sheet, f"{chr(64 + c)}{row}") for c in range(start, end + 1)]


def test_ratings_by_priority_plots_the_cross_tab(tmp_path):
    rows = [
        action("1.1", rating="Red"),
        action("1.2", rating="Green"),
        action("2.1", rating="Amber", priority="Priority 2"),
        action("2.2", rating="Amber", priority="Priority 2"),
    ]
    sheet, _ = _tracker(tmp_path, rows)
    chart = sheet.charts[0]
    assert chart.kind == STACKED_BARS and chart.title == "Current ratings by priority"
    assert chart.category_names == ("Priority 1", "Priority 2")
    assert _range(sheet, chart.categories) == ["Priority 1", "Priority 2"]
    counts = {s.name: s.cached for s in chart.series}
    assert counts["Red"] == (1, 0) and counts["Amber"] == (0, 2) and counts["Green"] == (1, 0)
    for series in chart.series:
        assert _cell(sheet, series.name_cell) == series.name
        assert tuple(_range(sheet, series.values)) == series.cached
    red = next(s for s in chart.series if s.name == "Red")
    assert red.colour == "FF0000"  # the scale's colour
    assert "Priority 1: 1 red, 1 green; Priority 2: 2 amber." in chart.alt_text


def test_the_charts_sit_below_every_table_and_do_not_overlap(tmp_path):
    sheet, _ = _tracker(tmp_path, [action("1.1", rating="Red"), action("1.2")])
    assert [c.title for c in sheet.charts] == [
        "Current ratings by priority",
        "Ratings over the plan's history",
    ]
    charts_row = next(i for i, r in enumerate(sheet.rows) if r and r[0] and r[0].value == "Charts")
    tops = [c.anchor[1] for c in sheet.charts]
    assert tops[0] > charts_row
    assert tops[1] - tops[0] > CHART_ROWS - 1
    # The rows under the charts are empty, and the sheet reaches below the last one.
    assert len(sheet.rows) >= sheet.charts[-1].anchor[3]
    assert not any(any(sheet.rows[r]) for r in range(tops[0], len(sheet.rows)))


def test_the_history_chart_has_a_bar_for_every_earlier_period(tmp_path):
    headers = ["Ref", "Priority", "Action", "Lead", "Due", "RAG Initial", "RAG Sep", "RAG Oct"]
    headers += ["RAG"]
    rows = [
        ["1.1", "Priority 1", "Do it", "AF", date(2019, 3, 1), "Red", "Red", "Amber", "Green"],
        ["1.2", "Priority 1", "Do it", "AF", date(2019, 3, 1), "Red", "Amber", "Amber", "Amber"],
        ["1.3", "Priority 1", "Do it", "AF", date(2019, 3, 1), "Amber", "Green", "Red", "Red"],
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=headers, as_of=AS_OF)
    with load(path) as plan:
        summary = plan.summary(AS_OF)
        sheet = build_tracker(plan.data, summary, "Tracker", {})
    assert len(summary.periods) == 3  # the progress tracker: initial, previous, now
    chart = next(c for c in sheet.charts if c.title == "Ratings over the plan's history")
    assert chart.category_names == ("Initial", "Sep", "Oct", "Now")
    assert _range(sheet, chart.categories) == list(chart.category_names)
    counts = {s.name: s.cached for s in chart.series}
    assert counts["Red"] == (2, 1, 1, 1)
    assert counts["Amber"] == (1, 1, 2, 1)
    assert counts["Green"] == (0, 1, 0, 1)
    for series in chart.series:
        assert tuple(_range(sheet, series.values)) == series.cached
    assert "Sep: 1 red, 1 amber, 1 green" in chart.alt_text


def test_more_off_target_indicators_than_charts_are_said_to_be_in_the_table(tmp_path, monkeypatch):
    import ragbook.layout.charts as charts
    from ragbook.demo import write_demo

    monkeypatch.setattr(charts, "MAX_INDICATOR_CHARTS", 1)
    day = date(2026, 12, 2)
    with load(write_demo(tmp_path / "demo.xlsx", day)) as plan:
        summary = plan.summary(day)
        sheet = build_tracker(plan.data, summary, "Tracker", {})
    off = sum(a.rating in ("Red", "Amber") for a in summary.indicators)
    assert off > 1
    assert len([c for c in sheet.charts if "values against target" in c.title]) == 1
    notes = [r[0].value for r in sheet.rows if r and r[0] and isinstance(r[0].value, str)]
    assert (
        f"The first 1 of the {off} red or amber indicators are charted below; every one is "
        "in Performance indicators above." in notes
    )
