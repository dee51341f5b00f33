"""Charts for the board paper as inline SVG, written by hand.

Hand-written SVG keeps the HTML one self-contained file, needs no plotting
library, and lets every chart carry its own title and description for screen
readers (role="img" with <title> and <desc>). Each bar segment is outlined
and labelled with its count, in the legend's order, and the table that follows
the chart gives every number, so it reads in black and white.
"""

from __future__ import annotations

from html import escape

from .paper import Badge, Paper, PriorityRow

WIDTH = 720
BAR = 22  # height of a bar
GAP = 30  # from one bar's top to the next priority's label
LEGEND = 34  # height of the legend row


def _text(x: float, y: float, text: str, **attrs) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def describe(intro: str, rows: list[PriorityRow], columns: list[Badge]) -> str:
    """A chart's description: every number it shows, in words."""
    parts = []
    for row in rows:
        counts = [f"{n} {badge.label.lower()}" for badge, n in zip(columns, row.counts) if n]
        parts.append(f"{row.priority}: {', '.join(counts) or 'no actions'}")
    return f"{intro} " + "; ".join(parts) + "."


def ratings_by_priority(paper: Paper, chart_id: str = "chart-priority") -> str:
    """A stacked bar per priority, segments in the scale's colours, worst first."""
    return stacked_bars("Ratings by priority", "Actions by rating for each priority.",
                        paper.by_priority, paper.columns, chart_id)


def ratings_over_time(paper: Paper, chart_id: str = "chart-periods") -> str:
    """A stacked bar per period, oldest first, then now."""
    return stacked_bars("Ratings over time", "Actions by rating in each period, oldest first.",
                        paper.over_time, paper.columns, chart_id)


def stacked_bars(title: str, intro: str, rows: list[PriorityRow], columns: list[Badge],
                 chart_id: str) -> str:
    """One labelled bar per row, a segment per rating with its count on it."""
    biggest = max((row.total for row in rows), default=0) or 1
    scale = (WIDTH - 20) / biggest
    legend, x, y = [], 0.0, 6
    for badge in columns:  # the legend: a swatch and the rating's name
        width = 40 + sum(10 if ch.isupper() else 7.5 for ch in badge.label)
        if x and x + width > WIDTH:
            x, y = 0.0, y + 24
        legend.append(f'<rect x="{x:.1f}" y="{y}" width="16" height="16" '
                      f'fill="#{badge.colour}" stroke="#000000"/>')
        legend.append(_text(x + 22, y + 13, badge.label, fill="#000000"))
        x += width
    top_of_bars = y + LEGEND - 6
    height = top_of_bars + len(rows) * (BAR + GAP) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{WIDTH}" '
           f'height="{height}" viewBox="0 0 {WIDTH} {height}" '
           f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="Arial, sans-serif" '
           f'font-size="13">',
           f'<title id="{chart_id}-title">{escape(title)}</title>',
           f'<desc id="{chart_id}-desc">{escape(describe(intro, rows, columns))}</desc>']
    out.extend(legend)
    y = top_of_bars
    for row in rows:
        out.append(_text(0, y + 14, f"{row.priority} ({row.total})", fill="#000000"))
        x, top = 0.0, y + 20
        for badge, n in zip(columns, row.counts):
            if not n:
                continue
            w = n * scale
            out.append(f'<rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="{BAR}" '
                       f'fill="#{badge.colour}" stroke="#000000" stroke-width="1"/>')
            if w >= 24:  # room for the count on the bar
                out.append(_text(x + w / 2, top + 16, str(n), fill=f"#{badge.text_colour}",
                                 text_anchor="middle", font_weight="bold"))
            x += w
        y += BAR + GAP
    out.append("</svg>")
    return "\n".join(out)
