"""The Tracker sheet: counts, trend, cross-tab and leads, for the board."""

from __future__ import annotations

from ..rules.compute import Summary
from ..rules.dates import format_date
from ..rules.model import PlanData
from ..rules.schema import NOT_RATED, UNRECOGNISED, Role, lead_role
from ..xlsx.cells import col_letter
from ..xlsx.names import name_part, record_figure
from ..xlsx.spec import Cell, SheetSpec, quote_sheet
from . import palette as S
from .capped import more_cell, tracker_list
from .charts import add_charts
from .coverage import costs_section, coverage_section
from .facts import rated_better_section
from .tracker_indicators import indicators_section
from .tracker_round import round_section
from .tracker_trend import off_track_section, stale_section, transitions_section, worse_section


def build_tracker(plan: PlanData, summary: Summary, name: str, names: dict[str, str]) -> SheetSpec:
    sheet = SheetSpec(name=name, role=Role.TRACKER, tab_colour=S.TAB_OWNED)
    sheet.widths = {1: 42, **dict.fromkeys(range(2, 14), 14), 6: 22}
    scale = summary.scale
    sheet.add(Cell(f"{summary.title}: tracker", S.TITLE))
    guess = next((g for g in plan.guesses if g.what == "scale" and not g.pinned), None)
    said = f" ({plan.settings.scale_source}; {guess.pin()})" if guess else ""
    sheet.add(
        Cell(
            f"As of {format_date(summary.as_of)}. Scale: {scale.name}{said}. Built by "
            "ragbook; this sheet is rebuilt on every refresh, so do not type here.",
            S.SUBTITLE,
        )
    )
    sheet.blank()

    sheet.add(Cell("Summary", S.SECTION))
    total = len(summary.actions)
    first = sheet.add(Cell("Actions", S.LABEL), Cell(total, S.NUMBER))
    sheet.add(
        Cell("On track or completed", S.LABEL),
        Cell(summary.on_track_or_complete, S.NUMBER),
        Cell(
            summary.on_track_or_complete_pct / 100,
            S.PERCENT,
            f"IF(B{first}=0,0,ROUND(B{first + 1}/B{first}*100,1)/100)",
        ),
    )
    sheet.add(
        Cell(summary.overdue_word.capitalize(), S.LABEL),
        Cell(len(summary.overdue), S.NUMBER),
        _link_cell("See Exceptions", names.get(Role.EXCEPTIONS)),
    )
    sheet.add(
        Cell(
            f"Due in the next {summary.due_soon_days} {summary.days.plural} "
            f"(by {format_date(summary.due_soon_until)})",
            S.LABEL,
        ),
        Cell(len(summary.due_soon), S.NUMBER),
    )
    sheet.add(
        Cell("Problems listed in Checks", S.LABEL),
        Cell(len(summary.problems), S.NUMBER),
        _link_cell("See Checks", names.get(Role.CHECKS)),
    )
    flagged = len(summary.rated_better)
    sheet.add(
        Cell("Rated better than the facts", S.LABEL),
        Cell(flagged, S.WORSE if flagged else S.NUMBER),
        _link_cell("See Exceptions", names.get(Role.EXCEPTIONS)),
    )
    sheet.add(
        Cell("Plan-quality findings in Checks", S.LABEL),
        Cell(len(summary.lint), S.NUMBER),
        _link_cell("See Checks", names.get(Role.CHECKS)),
    )
    as_of = sheet.add(Cell("As of", S.LABEL), Cell(summary.as_of, S.DATE))
    for offset, key in enumerate(("Actions", "OnTrack", "Overdue", "DueSoon", "Problems")):
        sheet.figures[key] = f"B{first + offset}"
    sheet.figures["OnTrackPct"] = f"C{first + 1}"
    sheet.figures["AsOf"] = f"B{as_of}"
    sheet.blank()

    _progress_tracker(sheet, summary)
    _optional(sheet, summary, transitions_section, indicators_section)
    sheet.blank()
    _cross_tab(sheet, summary)
    sheet.blank()
    _by_lead(sheet, summary, plan, names)
    _optional(
        sheet,
        summary,
        round_section,
        coverage_section,
        rated_better_section,
        worse_section,
        off_track_section,
        stale_section,
        costs_section,
    )
    add_charts(sheet, summary)
    return sheet


def _optional(sheet: SheetSpec, summary: Summary, *sections) -> None:
    """Sections that write nothing when there is nothing to show, each after a blank row."""
    for section in sections:
        mark = sheet.blank()
        section(sheet, summary)
        if len(sheet.rows) == mark:
            sheet.rows.pop()


def _link_cell(text: str, target: str | None) -> Cell | None:
    if not target:
        return None
    return Cell(text, S.LINK, link=f"{quote_sheet(target)}!A1")


def _rating_rows(summary: Summary) -> list[str]:
    return summary.rating_keys(any(p.counts.get(UNRECOGNISED) for p in summary.periods))


def _progress_tracker(sheet: SheetSpec, summary: Summary) -> None:
    """Initial / previous / current counts and the direction of travel (seed 000)."""
    sheet.add(Cell("Performance and progress tracker", S.SECTION))
    periods = summary.periods
    heads = [Cell("Rating", S.HEADER)]
    for period in periods:
        label = period.label
        if period.source and period.source.casefold() != period.label.casefold():
            label += f" ({period.source})"
        heads.append(Cell(label, S.HEADER))
    compare = len(periods) > 1
    if compare:
        heads += [
            Cell(f"Change since {periods[-2].label.lower()}", S.HEADER),
            Cell("Direction of travel", S.HEADER),
        ]
    sheet.add(*heads)
    keys = _rating_rows(summary)
    first_row = len(sheet.rows) + 1
    last_col = len(periods) + 1
    for key in keys:
        row_no = len(sheet.rows) + 1
        cells = [S.label_cell(summary.scale, key)]
        cells += [Cell(p.counts.get(key, 0), S.NUMBER) for p in periods]
        if compare:
            before, now = periods[-2].counts.get(key, 0), periods[-1].counts.get(key, 0)
            change = now - before
            prev_col, cur_col = col_letter(last_col - 1), col_letter(last_col)
            cells.append(Cell(change, S.SAME, f"{cur_col}{row_no}-{prev_col}{row_no}"))
            cells.append(_direction(summary, key, change))
        sheet.add(*cells)
        for i, period in enumerate(periods):
            when = ["" if i == len(periods) - 1 else "_" + name_part(period.label)]
            if compare and i == len(periods) - 2 and period.label != "Previous":
                when.append("_Previous")  # the initial column is the previous one too
            for suffix in when:
                record_figure(
                    sheet.figures, name_part(key) + suffix, f"{col_letter(i + 2)}{row_no}"
                )
    last_row = len(sheet.rows)
    totals = [Cell("Total", S.TOTAL_LABEL)]
    for i, period in enumerate(periods):
        col = col_letter(i + 2)
        totals.append(
            Cell(sum(period.counts.values()), S.TOTAL, f"SUM({col}{first_row}:{col}{last_row})")
        )
    sheet.add(*totals)


def _direction(summary: Summary, key: str, change: int) -> Cell:
    if change == 0:
        return Cell("► no change", S.SAME)
    rating = S.scale_rating(summary.scale, key)
    more = change > 0
    if rating is None:  # more unrated actions is neither better nor worse
        return Cell(f"{'▲' if more else '▼'} {abs(change)} {'more' if more else 'fewer'}", S.SAME)
    better = more != rating.off_track
    word = "better" if better else "worse"
    arrow = "▲" if more else "▼"
    return Cell(
        f"{arrow} {abs(change)} {'more' if more else 'fewer'} ({word})",
        S.BETTER if better else S.WORSE,
    )


def _cross_tab(sheet: SheetSpec, summary: Summary) -> None:
    """Ratings down, priorities across, with totals (seed 003's table)."""
    sheet.add(Cell("Current ratings by priority", S.SECTION))
    priorities = list(summary.by_priority)
    sheet.add(
        Cell("Rating", S.HEADER), *[Cell(p, S.HEADER) for p in priorities], Cell("Total", S.HEADER)
    )
    for i in range(len(priorities) + 1):
        sheet.widths.setdefault(i + 2, 14)
    keys = _rating_rows(summary)
    first_row = len(sheet.rows) + 1
    total_col = col_letter(len(priorities) + 2)
    for key in keys:
        row_no = len(sheet.rows) + 1
        counts = [summary.by_priority[p].get(key, 0) for p in priorities]
        last = col_letter(len(priorities) + 1)
        sheet.add(
            S.label_cell(summary.scale, key),
            *[Cell(n, S.NUMBER) for n in counts],
            Cell(sum(counts), S.TOTAL, f"SUM(B{row_no}:{last}{row_no})"),
        )
    last_row = len(sheet.rows)
    totals = [Cell("Total", S.TOTAL_LABEL)]
    for i, p in enumerate(priorities):
        col = col_letter(i + 2)
        totals.append(
            Cell(
                sum(summary.by_priority[p].values()),
                S.TOTAL,
                f"SUM({col}{first_row}:{col}{last_row})",
            )
        )
    totals.append(
        Cell(len(summary.actions), S.TOTAL, f"SUM({total_col}{first_row}:{total_col}{last_row})")
    )
    row_no = sheet.add(*totals)
    for i, p in enumerate(priorities):
        record_figure(sheet.figures, "Priority_" + name_part(p), f"{col_letter(i + 2)}{row_no}")
    sheet.add(
        Cell(
            f"{summary.on_track_or_complete_pct:.1f}% of actions are on track or completed.", S.NOTE
        )
    )


def _by_lead(sheet: SheetSpec, summary: Summary, plan: PlanData, names: dict[str, str]) -> None:
    sheet.add(Cell("Actions by lead", S.SECTION))
    labels = [*summary.scale.labels, NOT_RATED]
    sheet.add(
        Cell("Lead", S.HEADER),
        Cell("Actions", S.HEADER),
        *[Cell(label, S.HEADER) for label in labels],
        Cell(summary.overdue_word.capitalize(), S.HEADER),
        Cell(f"Due in {summary.due_soon_days} {summary.days.plural}", S.HEADER),
    )
    listed, more = tracker_list(list(summary.by_lead.items()))
    for code, counts in listed:
        text = plan.lead_display(code)
        first = _link_cell(text, names.get(lead_role(code))) or Cell(text, S.LABEL)
        row_no = sheet.add(
            first,
            Cell(counts.total, S.NUMBER),
            *[Cell(counts.ratings.get(label, 0), S.NUMBER) for label in labels],
            Cell(counts.overdue, S.OVERDUE if counts.overdue else S.NUMBER),
            Cell(counts.due_soon, S.NUMBER),
        )
        record_figure(sheet.figures, "Lead_" + name_part(code), f"B{row_no}")
    if more:
        sheet.add(more_cell(more, "leads", "ragbook refresh --json (by_lead)"))
