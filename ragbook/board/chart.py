"""Charts for the board paper as inline SVG, written by hand.

Hand-written SVG keeps the HTML one self-contained file, needs no plotting
library, and lets every chart carry its own title and description for screen
readers (role="img" with <title> and <desc>). Each bar segment is outlined
and labelled with its count, in the legend's order, and the table that follows
the chart gives every number, so it reads in black and white.
"""

from __future__ import annotations

import html
import re
from html import escape

from ..rules.indicators import format_value
from .paper import Badge, IndicatorLine, Paper, PriorityRow

WIDTH = 720
BAR = 22  # height of a bar
GAP = 30  # from one bar's top to the next priority's label
LEGEND = 34  # height of the legend row


def _text(x: float, y: float, text: str, **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _open(width: int, height: int, chart_id: str, title: str, desc: str) -> list[str]:
    """An <svg> a screen reader announces as one image, with its title and description."""
    return [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
            f'height="{height}" viewBox="0 0 {width} {height}" '
            f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
            'font-family="Arial, sans-serif" font-size="13">'
        ),
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def words_of(svg: str) -> tuple[str, str]:
    """A chart's title and its description (every number it shows), from its SVG."""
    found = [re.search(rf"<{tag}[^>]*>(.*?)</{tag}>", svg, re.DOTALL) for tag in ("title", "desc")]
    title, desc = (html.unescape(m.group(1)) if m else "" for m in found)
    return title, desc


def describe(intro: str, rows: list[PriorityRow], columns: list[Badge]) -> str:
    """A chart's description: every number it shows, in words."""
    parts = []
    for row in rows:
        counts = [
            f"{n} {badge.label.lower()}" for badge, n in zip(columns, row.counts, strict=False) if n
        ]
        parts.append(f"{row.priority}: {', '.join(counts) or 'no actions'}")
    return f"{intro} " + "; ".join(parts) + "."


def ratings_by_priority(paper: Paper, chart_id: str = "chart-priority") -> str:
    """A stacked bar per priority, segments in the scale's colours, worst first."""
    return stacked_bars(
        "Ratings by priority",
        "Actions by rating for each priority.",
        paper.by_priority,
        paper.columns,
        chart_id,
    )


def ratings_over_time(paper: Paper, chart_id: str = "chart-periods") -> str:
    """A stacked bar per period, oldest first, then now."""
    return stacked_bars(
        "Ratings over time",
        "Actions by rating in each period, oldest first.",
        paper.over_time,
        paper.columns,
        chart_id,
    )


def stacked_bars(
    title: str, intro: str, rows: list[PriorityRow], columns: list[Badge], chart_id: str
) -> str:
    """One labelled bar per row, a segment per rating with its count on it."""
    biggest = max((row.total for row in rows), default=0) or 1
    scale = (WIDTH - 20) / biggest
    legend, x, y = [], 0.0, 6
    for badge in columns:  # the legend: a swatch and the rating's name
        width = 40 + sum(10 if ch.isupper() else 7.5 for ch in badge.label)
        if x and x + width > WIDTH:
            x, y = 0.0, y + 24
        legend.append(
            f'<rect x="{x:.1f}" y="{y}" width="16" height="16" '
            f'fill="#{badge.colour}" stroke="#000000"/>'
        )
        legend.append(_text(x + 22, y + 13, badge.label, fill="#000000"))
        x += width
    top_of_bars = y + LEGEND - 6
    height = top_of_bars + len(rows) * (BAR + GAP) + 10
    out = _open(WIDTH, height, chart_id, title, describe(intro, rows, columns))
    out.extend(legend)
    y = top_of_bars
    for row in rows:
        out.append(_text(0, y + 14, f"{row.priority} ({row.total})", fill="#000000"))
        x, top = 0.0, y + 20
        for badge, n in zip(columns, row.counts, strict=False):
            if not n:
                continue
            w = n * scale
            out.append(
                f'<rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="{BAR}" '
                f'fill="#{badge.colour}" stroke="#000000" stroke-width="1"/>'
            )
            if w >= 24:  # room for the count on the bar
                out.append(
                    _text(
                        x + w / 2,
                        top + 16,
                        str(n),
                        fill=f"#{badge.text_colour}",
                        text_anchor="middle",
                        font_weight="bold",
                    )
                )
            x += w
        y += BAR + GAP
    out.append("</svg>")
    return "\n".join(out)


def indicator_chart(line: IndicatorLine, chart_id: str) -> str:
    """An indicator's values by period as a line, against its target (a dashed line, or
    two for a range); about six periods, always the latest, are labelled with their
    value, and the description gives every value."""
    points = [(label, value) for label, value in line.series if value is not None]
    bounds = [v for _, v in points] + [
        b for b in (line.target_low, line.target_high) if b is not None
    ]
    low, high = min(bounds), max(bounds)
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    width, height, left, top, bottom = WIDTH, 190, 40, 30, 40
    plot_w, plot_h = width - left - 180, height - top - bottom
    every = -(-len(line.series) // 6)  # label at most about six periods, always the last
    labelled = {
        label for i, (label, _) in enumerate(line.series) if (len(line.series) - 1 - i) % every == 0
    }

    def y_of(value: float) -> float:
        return top + plot_h * (high - value) / (high - low)

    step = plot_w / max(len(line.series) - 1, 1)
    x_of = {label: left + i * step for i, (label, _) in enumerate(line.series)}
    target = format_target_line(line)
    said = ", ".join(f"{label} {format_value(value, line.unit)}" for label, value in points)
    desc = (
        f"{line.name}: {said or 'no values'}; target {target or 'none'}; latest rated "
        f"{line.badge.label}" + (f", {line.direction}" if line.direction else "") + "."
    )
    out = _open(width, height, chart_id, f"{line.ref} {line.name}: values against target", desc)
    for bound in sorted({b for b in (line.target_low, line.target_high) if b is not None}):
        y = y_of(bound)
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            'stroke="#404040" stroke-width="2" stroke-dasharray="8 5"/>'
        )
        out.append(
            _text(
                left + plot_w + 40,
                y + 5,
                f"Target {format_value(bound, line.unit)}",
                fill="#000000",
            )
        )
    if len(points) > 1:
        path = " ".join(f"{x_of[label]:.1f},{y_of(v):.1f}" for label, v in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="#000000" stroke-width="2"/>')
    for label, value in points:
        x, y = x_of[label], y_of(value)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#000000"/>')
        if label in labelled:
            out.append(
                _text(
                    x,
                    y - 10,
                    format_value(value, line.unit),
                    fill="#000000",
                    text_anchor="middle",
                    font_weight="bold",
                )
            )
    for label in (label for label, _ in line.series if label in labelled):
        out.append(_text(x_of[label], height - 12, label, fill="#000000", text_anchor="middle"))
    out.append("</svg>")
    return "\n".join(out)


def format_target_line(line: IndicatorLine) -> str:
    if line.target_low is None:
        return ""
    if line.target_high is not None and line.target_high != line.target_low:
        return (
            f"{format_value(line.target_low, line.unit)} to "
            f"{format_value(line.target_high, line.unit)}"
        )
    return format_value(line.target_low, line.unit)
