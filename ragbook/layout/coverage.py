"""The Tracker's coverage map (Ofsted recommendations x actions x measures, gaps
marked) and its costs table (one-off and recurring, per priority and in all)."""

from __future__ import annotations

from ..rules.compute import Summary
from ..rules.words import noun
from ..xlsx.spec import Cell, SheetSpec
from . import palette as S

COVERAGE_TITLE = "Coverage map: Ofsted recommendations, actions and measures"
COVERAGE_HEADERS = (
    "Recommendation",
    "Actions",
    "Action refs",
    "With a measurable success measure",
    "Indicators with a target",
    "Gap",
)
COSTS_TITLE = "Costs"
GAP_WORDS = {"no action": "No action", "no measure": "No measure"}


def coverage_section(sheet: SheetSpec, summary: Summary) -> None:
    """One row per recommendation; a gap in red. The first two columns are the
    count of actions per recommendation the Tracker has always shown."""
    if not summary.coverage:
        return
    sheet.add(Cell(COVERAGE_TITLE, S.SECTION))
    sheet.add(*[Cell(h, S.HEADER) for h in COVERAGE_HEADERS])
    for row in summary.coverage:
        gap = GAP_WORDS.get(row.gap, "")
        sheet.add(
            Cell(f"Recommendation {row.recommendation}", S.LABEL),
            Cell(len(row.actions), S.WORSE if not row.actions else S.NUMBER),
            Cell(", ".join(row.actions), S.TEXT),
            Cell(row.measurable, S.NUMBER),
            Cell(", ".join(row.indicators), S.TEXT),
            Cell(gap, S.WORSE if gap else S.SAME),
        )
    missing = summary.recommendations_without_actions
    if missing:
        sheet.add(
            Cell(
                f"No action answers {noun(len(missing), 'recommendation')} {', '.join(missing)}.",
                S.NOTE,
            )
        )
    unmeasured = [r.recommendation for r in summary.coverage if r.gap == "no measure"]
    if unmeasured:
        sheet.add(
            Cell(
                f"Nothing measures {noun(len(unmeasured), 'recommendation')} "
                f"{', '.join(unmeasured)}: no success measure with a number or "
                "percentage, and no indicator with a target.",
                S.NOTE,
            )
        )


def costs_section(sheet: SheetSpec, summary: Summary) -> None:
    """One-off and recurring cost per priority, with totals as values and formulas."""
    costs = summary.costs
    if costs is None:
        return
    sheet.add(Cell(COSTS_TITLE, S.SECTION))
    sheet.add(
        Cell("Priority", S.HEADER), Cell("One-off cost", S.HEADER), Cell("Recurring cost", S.HEADER)
    )
    first = len(sheet.rows) + 1
    for priority, (one_off, recurring) in costs.by_priority.items():
        sheet.add(Cell(priority, S.LABEL), Cell(one_off, S.MONEY), Cell(recurring, S.MONEY))
    last = len(sheet.rows)
    sheet.add(
        Cell("Total", S.TOTAL_LABEL),
        Cell(costs.total[0], S.MONEY_TOTAL, f"SUM(B{first}:B{last})"),
        Cell(costs.total[1], S.MONEY_TOTAL, f"SUM(C{first}:C{last})"),
    )
    sheet.add(
        Cell(
            "Recurring costs are yearly. A cost cell holding words or a negative amount "
            "is left out and listed in Checks.",
            S.NOTE,
        )
    )
