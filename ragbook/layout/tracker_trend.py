"""The Tracker's history sections: what changed since the previous period.

A transition table (each rating then, against each rating now), the actions
that got worse, how long each off-track action has been off track, and the
updates whose progress text has not changed ("stale updates").
"""

from __future__ import annotations

from ..rules.compute import Summary
from ..rules.model import Action
from ..rules.schema import UNRECOGNISED
from ..rules.trend import NEW, value_label
from ..rules.words import plural
from ..xlsx.cells import col_letter
from ..xlsx.spec import Cell, SheetSpec
from . import palette as S
from .capped import more_cell, tracker_list

ACTION_TEXT = 120  # characters of an action's text shown in a list
JSON_LISTS = "ragbook refresh --json (history), which lists them all"


def _short(text: str) -> str:
    return text if len(text) <= ACTION_TEXT else text[: ACTION_TEXT - 1] + "…"


def _action_cell(action: Action, update: bool = False) -> Cell:
    text = _short(action.text)
    if not text.startswith(action.ref):  # "1.2 Implement ..." already names its ref
        text = f"{action.ref} {text}".strip()
    if update:
        text += f"\nUpdate: {_short(action.progress) if action.progress else '(none)'}"
    return Cell(text, S.TEXT)


def _actions(n: int) -> str:
    return plural(n, "action")


def _section(sheet: SheetSpec, summary: Summary, title: str) -> str | None:
    """The previous period's label, after the section's title; None (and no title) without one."""
    trend = summary.trend
    if trend is None or trend.previous is None:
        return None
    sheet.add(Cell(title.format(before=trend.previous.label), S.SECTION))
    return trend.previous.label


def transitions_section(sheet: SheetSpec, summary: Summary) -> None:
    trend = summary.trend
    before = _section(sheet, summary, "Changes since {before}")
    if before is None:
        return
    assert trend is not None, "a section has a previous period"
    used = {k for row in trend.transitions.values() for k in row} | set(trend.transitions)
    keys = summary.rating_keys(UNRECOGNISED in used)
    rows = keys + ([NEW] if NEW in trend.transitions else [])
    sheet.add(
        Cell(f"Rating in {before}, by rating now", S.HEADER),
        *[Cell(k, S.HEADER) for k in keys],
        Cell("Total", S.HEADER),
    )
    rank = {label: i for i, label in enumerate(summary.scale.labels)}
    first_row = len(sheet.rows) + 1
    last = col_letter(len(keys) + 1)
    for was in rows:
        row_no = len(sheet.rows) + 1
        counts = trend.transitions.get(was, {})
        cells = [
            S.label_cell(summary.scale, was) if was != NEW else Cell(f"Not in {before}", S.LABEL)
        ]
        for now in keys:
            n = counts.get(now, 0)
            style = S.NUMBER
            if n and was in rank and now in rank and rank[now] != rank[was]:
                style = S.BETTER if rank[now] > rank[was] else S.WORSE
            cells.append(Cell(n, style))
        cells.append(Cell(sum(counts.values()), S.TOTAL, f"SUM(B{row_no}:{last}{row_no})"))
        sheet.add(*cells)
    last_row = len(sheet.rows)
    totals = [Cell("Total", S.TOTAL_LABEL)]
    for i, now in enumerate([*keys, "Total"]):
        col = col_letter(i + 2)
        value = (
            sum(sum(r.values()) for r in trend.transitions.values())
            if now == "Total"
            else sum(r.get(now, 0) for r in trend.transitions.values())
        )
        totals.append(Cell(value, S.TOTAL, f"SUM({col}{first_row}:{col}{last_row})"))
    sheet.add(*totals)
    notes = [f"{_actions(len(trend.worse))} got worse since {before}."]
    if trend.gone:
        notes.append(
            f"{_actions(trend.gone)} of {before} {'are' if trend.gone != 1 else 'is'} "
            "no longer in the plan."
        )
    sheet.add(Cell(" ".join(notes), S.NOTE))


def worse_section(sheet: SheetSpec, summary: Summary) -> None:
    trend = summary.trend
    before = _section(sheet, summary, "Actions that got worse since {before}")
    if before is None:
        return
    assert trend is not None, "a section has a previous period"
    if not trend.worse:
        sheet.add(Cell(f"No action got worse since {before}.", S.NOTE))
        return
    sheet.add(
        *[Cell(h, S.HEADER) for h in ("Action", "Lead(s)", f"Rating in {before}", "Rating now")]
    )
    listed, more = tracker_list(trend.worse)
    for action, was in listed:
        sheet.add(
            _action_cell(action),
            Cell(action.lead_text, S.TEXT),
            S.label_cell(summary.scale, value_label(was)),
            S.label_cell(summary.scale, value_label(action.rating)),
        )
    if more:
        sheet.add(more_cell(more, "actions that got worse", JSON_LISTS))


def off_track_section(sheet: SheetSpec, summary: Summary) -> None:
    trend = summary.trend
    if trend is None or not trend.off_track:
        return
    sheet.add(Cell("Actions off track, and for how long", S.SECTION))
    sheet.add(
        *[
            Cell(h, S.HEADER)
            for h in ("Action", "Lead(s)", "Rating now", "Periods off track", "Off track since")
        ]
    )
    listed, more = tracker_list(trend.off_track)
    for action, periods, since in listed:
        sheet.add(
            _action_cell(action),
            Cell(action.lead_text, S.TEXT),
            S.label_cell(summary.scale, value_label(action.rating)),
            Cell(periods, S.WORSE if periods > 1 else S.NUMBER),
            Cell(since or "this period", S.NUMBER),
        )
    if more:
        sheet.add(more_cell(more, "actions off track", JSON_LISTS))
    sheet.add(
        Cell(
            "Periods off track counts this one and every period before it in a row in "
            "which the action was rated off track.",
            S.NOTE,
        )
    )


def stale_section(sheet: SheetSpec, summary: Summary) -> None:
    trend = summary.trend
    before = _section(sheet, summary, "Stale updates")
    if before is None:
        return
    assert trend is not None, "a section has a previous period"
    if trend.stale is None:
        sheet.add(
            Cell(
                "Stale updates are found from the second closed period: rating columns "
                "keep no progress text. Run 'ragbook close-period' each period.",
                S.NOTE,
            )
        )
        return
    if not trend.stale:
        sheet.add(Cell(f"Every action not yet complete has a new update since {before}.", S.NOTE))
        return
    sheet.add(
        Cell(
            f"{_actions(len(trend.stale))} not yet complete "
            f"{'have' if len(trend.stale) != 1 else 'has'} the same progress update as "
            f"in {before}.",
            S.NOTE,
        )
    )
    sheet.add(
        *[
            Cell(h, S.HEADER)
            for h in ("Action and its update", "Lead(s)", "Rating now", "Unchanged since")
        ]
    )
    listed, more = tracker_list(trend.stale)
    for action, since in listed:
        sheet.add(
            _action_cell(action, update=True),
            Cell(action.lead_text, S.TEXT),
            S.label_cell(summary.scale, value_label(action.rating)),
            Cell(since, S.NUMBER),
        )
    if more:
        sheet.add(more_cell(more, "stale updates", JSON_LISTS))
