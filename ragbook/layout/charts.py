"""The Tracker's charts: what each plots, read from the Tracker's own cells.

Three kinds, drawn below the Tracker's tables in a Charts section, each a
native Excel chart of the cells above it (so it stays live in Excel) that
ragbook makes afresh on every refresh:

- the current ratings by priority, a stacked bar per priority in the scale's colours;
- the rating counts at each point of the plan's history (initial, each closed
  period, now), a stacked bar per point;
- for each red or amber indicator, its values against its target line.

Every bar segment is labelled with its rating and count, so a chart reads in
black and white, and each chart's alt text gives every number it shows.
"""

from __future__ import annotations

from dataclasses import replace

from ..rules.compute import Summary
from ..rules.indicators import AMBER, RED, Assessment, format_target, format_value
from ..rules.over_time import counts_over_time
from ..rules.schema import UNRECOGNISED
from ..xlsx.cells import col_letter
from ..xlsx.chartspec import LINES, STACKED_BARS, Chart, Series
from ..xlsx.spec import Cell, SheetSpec
from . import palette as S
from .tracker_indicators import HEADERS

CHART_ROWS = 20  # rows of the sheet each chart covers
CHART_COLUMNS = 6  # columns of the sheet each chart covers, from A
MAX_INDICATOR_CHARTS = 8  # red and amber indicators charted, the first ones listed
TARGET_COLOUR = "000000"
VALUES_COLOUR = "305496"
_GREY = "BFBFBF"
HISTORY_TABLE = "Ratings at each point of the plan's history"


def _section_row(sheet: SheetSpec, title: str) -> int | None:
    """The 1-based row of a section's title cell, None when the section is not there."""
    for r, row in enumerate(sheet.rows, start=1):
        if row and row[0] is not None and row[0].style is S.SECTION and row[0].value == title:
            return r
    return None


def _value(sheet: SheetSpec, row: int, col: int) -> object:
    if row > len(sheet.rows):
        return None
    cells = sheet.rows[row - 1]
    cell = cells[col - 1] if col <= len(cells) else None
    return cell.value if cell is not None else None


def _table(sheet: SheetSpec, title: str):
    """A rating table under `title`: (header row, last category column, rating rows)."""
    start = _section_row(sheet, title)
    if start is None:
        return None
    header = start + 1
    # The categories: the headings after "Rating", up to a total or the change columns.
    last = 1
    while True:
        head = _value(sheet, header, last + 1)
        if head is None or head == "Total" or str(head).startswith("Change since"):
            break
        last += 1
    rows = []
    r = header + 1
    while r <= len(sheet.rows) and _value(sheet, r, 1) not in ("Total", None):
        rows.append(r)
        r += 1
    return (header, last, rows) if last > 1 and rows else None


def _count(n: object) -> float:
    return n if isinstance(n, (int, float)) else 0


def _rating_bars(sheet: SheetSpec, summary: Summary, title: str, chart_title: str, intro: str):
    found = _table(sheet, title)
    if found is None:
        return None
    header, last, rows = found
    names = tuple(str(_value(sheet, header, c)) for c in range(2, last + 1))
    series = []
    for r in rows:
        label = str(_value(sheet, r, 1))
        rating = S.scale_rating(summary.scale, label)
        series.append(
            Series(
                name=label,
                name_cell=f"A{r}",
                values=f"B{r}:{col_letter(last)}{r}",
                cached=tuple(_count(_value(sheet, r, c)) for c in range(2, last + 1)),
                colour=rating.colour if rating else _GREY,
                label_colour=rating.text_colour if rating else "000000",
            )
        )
    parts = []
    for i, name in enumerate(names):
        counts = [f"{s.cached[i]:g} {s.name.lower()}" for s in series if s.cached[i]]
        parts.append(f"{name}: {', '.join(counts) or 'no actions'}")
    return Chart(
        title=chart_title,
        alt_text=f"{intro} " + "; ".join(parts) + ".",
        categories=f"B{header}:{col_letter(last)}{header}",
        category_names=names,
        series=tuple(series),
        kind=STACKED_BARS,
    )


def _indicator_charts(sheet: SheetSpec, summary: Summary) -> list[tuple[Chart, list]]:
    """A line chart of each red or amber indicator, and the row of target cells it plots."""
    start = _section_row(sheet, "Performance indicators")
    if start is None:
        return []
    header = start + 2
    first_col = len(HEADERS) + 1
    periods = len(sheet.rows[header - 1]) - len(HEADERS)
    if periods < 1:
        return []
    last = col_letter(first_col + periods - 1)
    names = tuple(str(_value(sheet, header, c)) for c in range(first_col, first_col + periods))
    out: list[tuple[Chart, list]] = []
    for row, a in enumerate(summary.indicators, start=header + 1):
        if a.rating not in (RED, AMBER) or len(out) >= MAX_INDICATOR_CHARTS:
            continue
        ind = a.indicator
        values = tuple(
            v if isinstance(v, (int, float)) else None
            for v in (_value(sheet, row, c) for c in range(first_col, first_col + periods))
        )
        cell = sheet.rows[row - 1][first_col - 1] if len(sheet.rows[row - 1]) >= first_col else None
        style = cell.style if cell is not None else S.NUMBER
        fmt = (style.num_fmt if style is not None else None) or "General"
        series = [
            Series(
                name=f"{ind.ref} {ind.name}".strip(),
                name_cell=f"A{row}",
                values=f"{col_letter(first_col)}{row}:{last}{row}",
                cached=values,
                colour=VALUES_COLOUR,
            )
        ]
        targets: list[tuple[float, object]] = []
        if ind.target is not None:
            bounds = [ind.target.low] + ([ind.target.high] if ind.target.is_range else [])
            for bound in bounds:
                targets.append((bound, style))
                series.append(
                    Series(
                        name=f"Target {format_value(bound, ind.unit)}",
                        values="",  # set where the target row is written
                        cached=(bound,) * periods,
                        colour=TARGET_COLOUR,
                        dashed=True,
                        labels=False,
                    )
                )
        chart = Chart(
            title=f"{ind.ref} {ind.name}: values against target".strip(),
            alt_text=_indicator_text(a, names, values),
            categories=f"{col_letter(first_col)}{header}:{last}{header}",
            category_names=names,
            series=tuple(series),
            kind=LINES,
            number_format=fmt,
        )
        out.append((chart, targets))
    return out


def _indicator_text(a: Assessment, names: tuple[str, ...], values) -> str:
    ind = a.indicator
    shown = [
        f"{n}: {format_value(v, ind.unit)}"
        for n, v in zip(names, values, strict=True)
        if v is not None
    ]
    target = format_target(ind.target, ind.unit, ind.polarity) or "none set"
    return (
        f"Line chart of {ind.name or ind.ref} over {len(names)} periods against its target "
        f"({target}), rated {a.rating}: " + "; ".join(shown) + "."
    )


def add_charts(sheet: SheetSpec, summary: Summary) -> None:
    """The Charts section at the foot of the Tracker, and the charts over it."""
    by_priority = _rating_bars(
        sheet,
        summary,
        "Current ratings by priority",
        "Current ratings by priority",
        "Stacked bar chart of the current rating of each action, by priority.",
    )
    indicators = _indicator_charts(sheet, summary)
    keys = summary.rating_keys(True)
    history = counts_over_time(summary, keys)
    sheet.blank()
    sheet.add(Cell("Charts", S.SECTION))
    sheet.add(
        Cell(
            "ragbook draws these charts afresh on every refresh; to keep a chart of your own, "
            "make it on another sheet.",
            S.NOTE,
        )
    )
    if history:  # every earlier period, not only the initial and previous ones
        _history_table(sheet, summary, keys, history)
    over_time = _rating_bars(
        sheet,
        summary,
        HISTORY_TABLE if history else "Performance and progress tracker",
        "Ratings over the plan's history",
        "Stacked bar chart of the actions by rating at each point of the plan's history.",
    )
    charts = [c for c in (by_priority, over_time) if c is not None]
    if indicators:
        charts += _with_target_rows(sheet, indicators)
    off = sum(a.rating in (RED, AMBER) for a in summary.indicators)
    if off > len(indicators):
        sheet.add(
            Cell(
                f"The first {len(indicators)} of the {off} red or amber indicators are charted "
                "below; every one is in Performance indicators above.",
                S.NOTE,
            )
        )
    top = len(sheet.rows)
    for i, chart in enumerate(charts):
        first = top + i * (CHART_ROWS + 1)
        sheet.charts.append(replace(chart, anchor=(0, first, CHART_COLUMNS, first + CHART_ROWS)))
    for _ in range(len(charts) * (CHART_ROWS + 1)):
        sheet.blank()


def _history_table(sheet: SheetSpec, summary: Summary, keys: list[str], history) -> None:
    """The counts of each rating at each point of the plan's history, for its chart."""
    if not any(counts[-1] for _, counts, _ in history) and keys[-1] == UNRECOGNISED:
        keys, history = keys[:-1], [(label, counts[:-1], n) for label, counts, n in history]
    sheet.add(Cell(HISTORY_TABLE, S.SECTION))
    sheet.add(Cell("Rating", S.HEADER), *[Cell(label, S.HEADER) for label, _, _ in history])
    first = len(sheet.rows) + 1
    for i, key in enumerate(keys):
        sheet.add(
            S.label_cell(summary.scale, key),
            *[Cell(counts[i], S.NUMBER) for _, counts, _ in history],
        )
    last = len(sheet.rows)
    sheet.add(
        Cell("Total", S.TOTAL_LABEL),
        *[
            Cell(sum(counts), S.TOTAL, f"SUM({col_letter(c)}{first}:{col_letter(c)}{last})")
            for c, (_, counts, _) in enumerate(history, start=2)
        ],
    )


def _with_target_rows(sheet: SheetSpec, indicators) -> list[Chart]:
    """The indicator charts, each target line reading a row of cells written for it
    here (the target in every period), above the charts."""
    first_col = len(HEADERS) + 1
    sheet.add(
        Cell(
            "The target lines the indicator charts below draw, one cell for each period:",
            S.NOTE,
        )
    )
    out = []
    for chart, targets in indicators:
        series = list(chart.series)
        periods = len(chart.category_names)
        for j, (bound, style) in enumerate(targets, start=1):
            row = sheet.add(
                Cell(f"{series[0].name}: {series[j].name.lower()}", S.LABEL),
                *[None] * (first_col - 2),
                *[Cell(bound, style) for _ in range(periods)],
            )
            cells = f"{col_letter(first_col)}{row}:{col_letter(first_col + periods - 1)}{row}"
            series[j] = replace(series[j], values=cells)
        out.append(replace(chart, series=tuple(series)))
    return out
