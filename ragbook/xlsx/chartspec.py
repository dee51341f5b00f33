"""What a chart on an owned sheet shows, independent of how it is written.

The layout modules describe each chart by the cells it plots (on its own sheet,
so Excel keeps it live) and the values those cells hold now (written into the
chart as its cache, for viewers that do not recalculate); xlsx/chartxml.py and
xlsx/drawingxml.py turn them into DrawingML parts.
"""

from __future__ import annotations

from dataclasses import dataclass

# The kinds of chart ragbook draws.
STACKED_BARS = "stacked bars"  # one horizontal bar per category, a segment per series
LINES = "lines"  # a line per series across the categories


@dataclass(frozen=True)
class Series:
    name: str  # as the legend shows it; read from `name_cell` when there is one
    values: str  # the cells plotted, on the chart's sheet: "B12:D12"
    cached: tuple[float | None, ...]  # what those cells hold now
    name_cell: str | None = None  # "A12"
    colour: str = "305496"  # the bar's fill, or the line, RRGGBB
    label_colour: str = "000000"  # its data labels' text, readable on `colour`
    dashed: bool = False  # a dashed line without markers (a target)
    labels: bool = True  # each point labelled with its value


@dataclass(frozen=True)
class Chart:
    title: str
    alt_text: str  # what a screen reader says: every number the chart shows
    categories: str  # the cells naming the categories, on the chart's sheet: "B20:E20"
    category_names: tuple[str, ...]
    series: tuple[Series, ...]
    kind: str = STACKED_BARS
    # Where it is drawn: first column, first row, last column, last row (0-based cells
    # of the sheet; the chart fills them).
    anchor: tuple[int, int, int, int] = (0, 0, 6, 18)
    number_format: str = "General"  # of the values, on the axis and the labels
