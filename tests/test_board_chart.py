"""The ratings-by-priority chart: inline SVG with a title and description for screen
readers, one outlined segment per rating in the scale's colours, labelled with its count."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

from board_plans import TFC_AS_OF, TFC_BOARD, build_tfc_progress

from ragbook.board.chart import ratings_by_priority
from ragbook.board.paper import build_paper
from ragbook.plan import load

SVG = "{http://www.w3.org/2000/svg}"


def test_chart_shows_every_count_in_the_scales_colours(tmp_path):
    with load(build_tfc_progress(tmp_path)) as plan:
        summary = plan.summary(TFC_AS_OF)
        paper = build_paper(plan.data, summary, TFC_BOARD)
    svg = ET.fromstring(ratings_by_priority(paper))
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Ratings by priority"
    # the description gives every number the bars show, as the summary counts them
    for priority, counts in summary.by_priority.items():
        said = re.search(rf"{re.escape(priority)}: ([^;.]*)", desc.text).group(1)
        assert said == ", ".join(f"{n} {k.lower()}" for k, n in counts.items() if n)
    colours = {r.label: r.colour for r in summary.scale.ratings}
    rects = svg.findall(f"{SVG}rect")
    legend, bars = rects[: len(paper.columns)], rects[len(paper.columns) :]
    assert [r.get("fill") for r in legend] == [f"#{colours[b.label]}" for b in paper.columns]
    expected = [
        (colours[k], n) for counts in summary.by_priority.values() for k, n in counts.items() if n
    ]
    assert [r.get("fill").lstrip("#") for r in bars] == [c for c, _ in expected]
    assert all(r.get("stroke") == "#000000" for r in rects)  # outlined: reads in black and white
    widths = [float(r.get("width")) for r in bars]
    per_action = widths[0] / expected[0][1]
    assert [round(w / per_action) for w in widths] == [n for _, n in expected]
    labels = [t.text for t in svg.findall(f"{SVG}text") if t.get("text-anchor") == "middle"]
    assert labels == [str(n) for _, n in expected if n * per_action >= 24]


def test_ratings_over_time_chart_has_a_bar_per_period(tmp_path):
    from ragbook.board.chart import ratings_over_time
    from ragbook.demo import write_demo

    day = date(2026, 12, 2)
    with load(write_demo(tmp_path / "demo.xlsx", day)) as plan:
        summary = plan.summary(day)
        paper = build_paper(plan.data, summary)
    svg = ET.fromstring(ratings_over_time(paper))
    assert svg.find(f"{SVG}title").text == "Ratings over time"
    desc = svg.find(f"{SVG}desc").text
    assert desc.startswith("Actions by rating in each period, oldest first. Initial: ")
    bar_labels = [t.text for t in svg.findall(f"{SVG}text") if t.get("text-anchor") is None]
    periods = [label for label in bar_labels if label.endswith(f"({len(summary.actions)})")]
    assert periods == [f"{p} ({len(summary.actions)})" for p in ("Initial", "Nov", "Now")]
    now = re.search(r"Now: ([^;.]*)", desc).group(1)
    assert now == ", ".join(f"{n} {k.lower()}" for k, n in summary.ratings.items() if n)


def test_each_off_target_indicator_is_drawn_against_its_target(tmp_path):
    from ragbook.board.chart import indicator_chart
    from ragbook.demo import write_demo
    from ragbook.rules.indicators import format_value

    day = date(2026, 12, 2)
    with load(write_demo(tmp_path / "demo.xlsx", day)) as plan:
        summary = plan.summary(day)
        paper = build_paper(plan.data, summary)
    off = [a for a in summary.indicators if a.rating in ("Red", "Amber")]
    assert [line.ref for line in paper.indicators_off_target] == [a.indicator.ref for a in off]
    for i, (line, assessment) in enumerate(zip(paper.indicators_off_target, off, strict=False)):
        svg = ET.fromstring(indicator_chart(line, f"c{i}"))
        indicator = assessment.indicator
        assert (
            svg.find(f"{SVG}title").text == f"{indicator.ref} {indicator.name}: values "
            "against target"
        )
        values = [(p, v) for p, v in indicator.series if v is not None]
        desc = svg.find(f"{SVG}desc").text
        assert desc.startswith(
            f"{indicator.name}: "
            + ", ".join(f"{p} {format_value(v, indicator.unit)}" for p, v in values)
            + "; target "
        )
        assert desc.endswith(f"latest rated {assessment.rating}, {assessment.direction}.")
        circles = svg.findall(f"{SVG}circle")
        assert len(circles) == len(values)
        # higher values sit higher on the chart (smaller y), the targets among them
        ys = [float(c.get("cy")) for c in circles]
        order = sorted(range(len(values)), key=lambda k: values[k][1])
        assert [ys[k] for k in order] == sorted(ys, reverse=True)
        targets = sorted({indicator.target.low, indicator.target.high})
        lines = svg.findall(f"{SVG}line")
        assert len(lines) == len(targets)
        assert all(ln.get("stroke-dasharray") for ln in lines)
        texts = [t.text for t in svg.findall(f"{SVG}text")]
        assert [f"Target {format_value(t, indicator.unit)}" for t in targets] == [
            t for t in texts if t.startswith("Target ")
        ]
        assert format_value(values[-1][1], indicator.unit) in texts  # the latest is labelled
