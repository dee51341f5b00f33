"""The Tracker's Indicators section: latest, target, rating, direction, comparator, trend.

Each indicator's values for the last periods are written on the row too, and
the sparkline in the Trend column plots them, so the section reads the same
in a viewer that draws no sparklines.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from ..rules.compute import Summary
from ..rules.indicators import (
    BETTER,
    IMPROVING,
    PERCENT,
    RATING_COLOURS,
    RATINGS,
    SAME,
    WORSENING,
    Assessment,
    count_ratings,
    format_target,
    format_value,
)
from ..rules.scales import readable_text_colour
from ..rules.words import plural
from ..xlsx.cells import col_letter
from ..xlsx.names import name_part, record_figure
from ..xlsx.spec import Cell, SheetSpec, Sparkline, Style
from . import palette as S

MAX_PERIODS = 12  # the periods shown, and plotted, per indicator: the latest ones
HEADERS = (
    "Indicator",
    "Latest",
    "Period",
    "Target",
    "Rating",
    "Direction of travel",
    "Against comparator",
    "Trend",
)
_FIRST_PERIOD_COL = len(HEADERS) + 1
# The Tracker's better / worse / same look, at the top of rows a long name makes taller.
_DIRECTION = {IMPROVING: replace(S.BETTER, valign="top"), WORSENING: replace(S.WORSE, valign="top")}
_LEVEL = replace(S.SAME, valign="top")


@cache
def rating_style(rating: str) -> Style:
    """Green, Amber, Red in the indicator colours with the word; No data and No target grey."""
    colour = RATING_COLOURS.get(rating)
    if colour is None:
        return S.NOT_RATED_STYLE
    return Style(
        bold=True,
        fill=colour,
        colour=readable_text_colour(colour),
        border=True,
        align="center",
        valign="top",
    )


@cache
def value_style(unit: str, decimals: bool) -> Style:
    if unit == PERCENT:
        fmt = S.PERCENT_FORMAT if decimals else "0%"
    elif unit == "£":
        fmt = S.MONEY_FORMAT
    else:
        fmt = "#,##0.0#" if decimals else "#,##0"
    return Style(num_fmt=fmt, border=True, align="center", valign="top")


def indicators_section(sheet: SheetSpec, summary: Summary) -> None:
    assessments = summary.indicators
    if not assessments:
        return
    sheet.add(Cell("Performance indicators", S.SECTION))
    sheet.add(Cell(counts_sentence(assessments) + ".", S.NOTE))
    labels = [label for label, _ in assessments[0].indicator.series][-MAX_PERIODS:]
    sheet.add(*[Cell(h, S.HEADER) for h in HEADERS], *[Cell(p, S.HEADER) for p in labels])
    for col in range(_FIRST_PERIOD_COL, _FIRST_PERIOD_COL + len(labels)):
        sheet.widths.setdefault(col, 10)
    sheet.widths[7] = max(sheet.widths.get(7, 0), 24)
    for a in assessments:
        _indicator_row(sheet, a, len(labels))


def counts_sentence(assessments: list[Assessment]) -> str:
    counts = count_ratings(assessments)
    n = len(assessments)
    parts = [f"{counts[r]} {r.lower()}" for r in RATINGS if counts[r]]
    return f"{plural(n, 'indicator')}: {', '.join(parts)}"


def _indicator_row(sheet: SheetSpec, a: Assessment, shown: int) -> None:
    ind = a.indicator
    series = [v for _, v in ind.series][-shown:] if shown else []
    numbers = [v for v in [*series, a.latest] if v is not None]
    if ind.target:
        numbers += [ind.target.low, ind.target.high]
    scale = 100 if ind.unit == PERCENT else 1
    style = value_style(ind.unit, any(round(v * scale, 9) % 1 for v in numbers))
    row = len(sheet.rows) + 1
    target = ind.target
    target_cell = (
        Cell(format_target(target, ind.unit, ind.polarity), S.NUMBER)
        if target and (target.is_range or target.strict)
        else Cell(target.low if target else None, style)
    )
    cells = [
        Cell(f"{ind.ref} {ind.name}".strip(), S.TEXT),
        Cell(a.latest, style),
        Cell(a.latest_period, S.NUMBER),
        target_cell,
        Cell(a.rating, rating_style(a.rating)),
        _direction(a),
        _comparator(a),
        Cell(None, _LEVEL),
    ]
    cells += [Cell(v, style) for v in series]
    sheet.add(*cells)
    key = "Indicator_" + (name_part(ind.ref) or name_part(ind.name))
    record_figure(sheet.figures, key + "_Latest", f"B{row}")
    record_figure(sheet.figures, key + "_Rating", f"E{row}")
    if sum(v is not None for v in series) > 1:
        first, last = col_letter(_FIRST_PERIOD_COL), col_letter(_FIRST_PERIOD_COL + shown - 1)
        sheet.sparklines.append(
            Sparkline(
                f"{col_letter(len(HEADERS))}{row}", f"{first}{row}:{last}{row}", high_low=True
            )
        )


def _direction(a: Assessment) -> Cell:
    if a.direction is None:
        return Cell(a.arrow or "", _LEVEL)
    return Cell(f"{a.arrow} {a.direction.capitalize()}", _DIRECTION.get(a.direction, _LEVEL))


def _comparator(a: Assessment) -> Cell:
    if a.standing is None:
        return Cell(None, S.TEXT)
    ind = a.indicator
    words = {BETTER: "Better than", SAME: "Same as"}.get(a.standing, "Worse than")
    return Cell(f"{words} {ind.comparator_name} ({format_value(ind.comparator, ind.unit)})", S.TEXT)
