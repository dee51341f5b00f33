"""The Tracker's "Rated better than the facts" list: actions whose lead's rating
is better than the suggested-rating rules on Settings allow, with the reason."""

from __future__ import annotations

from ..rules.compute import Summary
from ..xlsx.spec import Cell, SheetSpec
from . import palette as S
from .capped import more_cell, tracker_list
from .tracker_trend import _action_cell

TITLE = "Actions rated better than the facts"


def rated_better_section(sheet: SheetSpec, summary: Summary) -> None:
    """Written always when the plan has actions, so 'none' is said as plainly as 'three'."""
    if not summary.actions:
        return
    sheet.add(Cell(TITLE, S.SECTION))
    flagged = summary.rated_better
    if not flagged:
        sheet.add(Cell("No action is rated better than the facts in its row allow.", S.NOTE))
        return
    n = len(flagged)
    sheet.add(
        Cell(
            f"{n} action{'s are' if n != 1 else ' is'} rated better than the facts in "
            f"{'their rows' if n != 1 else 'its row'} allow (the rules are on Settings). "
            "The lead's rating is not changed: the board decides.",
            S.NOTE,
        )
    )
    sheet.add(
        *[Cell(h, S.HEADER) for h in ("Action, and why", "Lead(s)", "Rating now", "Suggested")]
    )
    listed, more = tracker_list(flagged)
    for suggestion in listed:
        action = suggestion.action
        text = f"{_action_cell(action).value}\nWhy: {suggestion.reason}"
        sheet.add(
            Cell(text, S.TEXT),
            Cell(action.lead_text, S.TEXT),
            Cell(action.rating.shown, S.rating_style(action.rating.rating, action.rating.blank)),
            Cell(suggestion.rating.label, S.rating_style(suggestion.rating)),
        )
    if more:
        sheet.add(
            more_cell(
                more,
                "actions rated better than the facts",
                "ragbook check --lint, or the JSON's rated_better_than_facts",
            )
        )
