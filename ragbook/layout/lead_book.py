"""A lead's own workbook: their actions, what is asked, and the hidden stamp.

Plan + summary in, SheetSpecs out (the xlsxwriter renderer writes them).
The lead sheet is protected without a password: only the update cells
(rating, % complete, progress, evidence) are unlocked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..rules.compute import LeadCounts, Summary, rating_label
from ..rules.dates import format_date
from ..rules.identity import Identity, shown_ref
from ..rules.model import Action, PlanData, Problem
from ..rules.schema import NOT_RATED, UPDATE_FIELDS
from ..rules.stamp import (
    STAMP_SHEET,
    Stamp,
    StampRow,
    action_values,
    locked_hash,
    row_fingerprint,
    value_hash,
)
from ..rules.words import plural
from ..xlsx.cells import col_index, col_letter
from ..xlsx.spec import Cell, SheetSpec, Validation, quote_sheet, safe_sheet_name
from . import palette as S
from .exceptions import due_cell
from .lead_columns import LeadColumn, lead_columns
from .lead_sheets import lead_actions, status
from .print_pages import heading, prepare

RATINGS_COLUMN = 10  # of the stamp sheet: the drop-down's list
# Columns of the lead sheet whose edits are not requests to the owner: the ref (how
# collect finds the row), the status (worked out) and the update columns (taken).
LOOSE_COLUMNS = ("ref", "status", *UPDATE_FIELDS)
CALCULATED = (
    "Calculated in the plan: this cell holds a formula there, so it is not taken "
    "from this workbook."
)
NOT_ON_SCALE = "Not on the scale"
MAX_PROPERTY = 255  # characters Excel keeps in a custom document property
INPUT_STYLES = {
    "rating": S.INPUT_RATING,
    "percent_complete": S.INPUT_PERCENT,
    "progress": S.INPUT_TEXT,
    "evidence": S.INPUT_TEXT,
}
# An update cell the plan calculates: shown, locked, and grey rather than yellow.
CALCULATED_STYLES = {
    "rating": S.CALCULATED_RATING,
    "percent_complete": S.CALCULATED_PERCENT,
    "progress": S.CALCULATED_TEXT,
    "evidence": S.CALCULATED_TEXT,
}


@dataclass
class LeadBook:
    lead: str
    sheets: list[SheetSpec]
    stamp: Stamp
    title: str  # the workbook's document title
    ask: str
    counts: LeadCounts  # of the workbook's rows (actions sharing a row count once)


def ask(actions: int, overdue: int, due_soon: int, due_by: date) -> str:
    """'3 actions overdue, 2 due by 31/01/2019: please update the rating and progress for each.'"""
    noun = "action" if (overdue or due_soon) == 1 else "actions"
    parts = []
    if overdue:
        parts.append(f"{overdue} {noun} overdue")
    if due_soon:
        parts.append(f"{due_soon}{'' if parts else ' ' + noun} due by {format_date(due_by)}")
    if parts:
        return ", ".join(parts) + ": please update the rating and progress for each."
    return (
        f"No action is overdue or due by {format_date(due_by)}: please check the rating and "
        f"progress of your {plural(actions, 'action')}."
    )


def lead_rows(actions: list[Action]) -> list[list[Action]]:
    """The lead's actions as rows of their workbook: actions sharing a row of the plan
    (two numbered actions in one cell, with one rating and one progress cell) make
    one row, so an update to it is seen to reach every one of them."""
    rows: dict[int, list[Action]] = {}
    for action in actions:
        rows.setdefault(action.row, []).append(action)
    return list(rows.values())


def build_lead_book(
    plan: PlanData,
    summary: Summary,
    code: str,
    source: str = "",
    chosen: tuple[list[LeadColumn], list[Problem]] | None = None,
    *,
    plan_id: str = "",
    calculated: frozenset[str] = frozenset(),
) -> tuple[LeadBook, list[Problem]]:
    """The sheets of one lead's workbook, and problems with the owner's column list.

    `chosen` is lead_columns(plan), for callers that build many leads' workbooks.
    `plan_id` is the plan's id mark, stamped so collect can tell plans apart;
    `calculated` the cells of the plan's Actions sheet that hold formulas: an
    update cell calculated in the plan is locked in the lead's workbook.
    """
    columns, problems = chosen or lead_columns(plan)
    who = plan.lead_display(code)
    rows = lead_rows(lead_actions(summary, code))
    statuses = [status(group[0], summary) for group in rows]
    overdue = sum(1 for text, _ in statuses if text.startswith("Overdue"))
    due_soon = sum(1 for text, _ in statuses if text.startswith("Due"))
    request = ask(len(rows), overdue, due_soon, summary.due_soon_until)
    name = safe_sheet_name(f"Actions for {code}", {STAMP_SHEET})

    sheet = SheetSpec(name=name, role="leadbook", protect=True)
    sheet.widths = {i: c.width for i, c in enumerate(columns, start=1)}
    sheet.add(Cell(summary.title, S.TITLE))
    sheet.add(Cell(f"Actions for {who}, as of {format_date(summary.as_of)}.", S.SUBTITLE))
    sheet.add(Cell(request, S.ASK))
    editable = ", ".join(c.header for c in columns if c.key in UPDATE_FIELDS)
    sheet.add(
        Cell(
            f"Type in the yellow columns ({editable}), save, and send this workbook back "
            "as it is. The other columns are locked.",
            S.NOTE,
        )
    )
    sheet.blank()
    col = {c.key: i for i, c in enumerate(columns, start=1) if c.key != "extra"}
    counts = LeadCounts(code, len(rows), overdue=overdue, due_soon=due_soon)
    summary_rows = _summary_rows(summary, counts, [group[0] for group in rows])
    header_row = len(sheet.rows) + 1 + len(summary_rows) + 2
    first, last = header_row + 1, header_row + len(rows)
    _add_summary(sheet, summary_rows, col, first, last)
    sheet.blank()
    sheet.add(
        *[Cell(c.header, S.INPUT_HEADER if c.key in UPDATE_FIELDS else S.HEADER) for c in columns]
    )
    locked_columns = {
        col_letter(i): (c.key, c.header)
        for i, c in enumerate(columns, start=1)
        if c.key not in LOOSE_COLUMNS
    }
    stamp_rows = []
    for row, group in enumerate(rows, start=first):
        action = group[0]
        done = {k for k in UPDATE_FIELDS if action.cells.get(k) in calculated}
        cells = [_cell(c, group, summary, c.key in done) for c in columns]
        sheet.add(*cells)
        values = action_values(action)
        stamp_rows.append(
            StampRow(
                shown_ref(group),
                row,
                action.row,
                row_fingerprint(action, values),
                {k: value_hash(k, values[k]) for k in UPDATE_FIELDS},
                tuple(Identity.of(a) for a in group),
                {
                    letter: locked_hash(cells[col_index(letter) - 1].value)
                    for letter in locked_columns
                },
                tuple(k for k in UPDATE_FIELDS if k in done),
            )
        )
    labels = summary.scale.labels
    if "rating" in col:
        rating = col_letter(col["rating"])
        source_range = (
            f"{quote_sheet(STAMP_SHEET)}!${col_letter(RATINGS_COLUMN)}$2:"
            f"${col_letter(RATINGS_COLUMN)}${len(labels) + 1}"
        )
        sheet.validations.append(
            Validation(
                f"{rating}{first}:{rating}{last}",
                tuple(labels),
                "Choose the rating from the list.",
                source_range,
            )
        )
    sheet.freeze = (header_row, 0)
    sheet.print_title_rows = (header_row, header_row)
    sheet.autofilter = f"A{header_row}:{col_letter(len(columns))}{last}"
    sheet.fit_heights()
    prepare(sheet, heading(summary.title, summary.as_of, plan.settings.marking))

    stamp = Stamp(
        summary.title,
        code,
        summary.as_of,
        name,
        {k: c for k, c in col.items() if k == "ref" or k in UPDATE_FIELDS},
        stamp_rows,
        source,
        plan_id,
        locked_columns,
    )
    title = f"{summary.title}: actions for {who}"
    book = LeadBook(code, [sheet, _stamp_sheet(stamp, labels)], stamp, title, request, counts)
    return book, problems


def properties(book: LeadBook) -> tuple[dict[str, object], dict[str, str]]:
    """Document properties, and custom ones that say whose workbook this is."""
    as_of = book.stamp.as_of
    props = {
        "title": book.title,
        "author": "ragbook",
        "comments": book.ask,
        "created": datetime(as_of.year, as_of.month, as_of.day),
    }
    custom = {
        "ragbook plan": book.stamp.plan,
        "ragbook lead": book.lead,
        "ragbook as of": as_of.isoformat(),
        "ragbook workbook id": book.stamp.id,
    }
    return props, {k: v[:MAX_PROPERTY] for k, v in custom.items()}


def _summary_rows(
    summary: Summary, counts: LeadCounts, actions: list[Action]
) -> list[tuple[str, str, int]]:
    """(label, what to count, cached count) for the summary block.

    The ratings are counted here rather than read from counts.ratings: that
    one adds the actions rated on the scale with a label "Unrecognised" to
    the ones not on the scale, and the block keeps the two apart.
    """
    due_by = f"Due by {format_date(summary.due_soon_until)}"
    rows = [
        ("Actions", "actions", counts.total),
        ("Overdue", "overdue", counts.overdue),
        (due_by, "due", counts.due_soon),
    ]
    shown = [rating_label(a) if a.rating.rating or a.rating.blank else None for a in actions]
    rows += [(label, "rating", shown.count(label)) for label in summary.scale.labels]
    rows.append((NOT_RATED, "blank", shown.count(NOT_RATED)))
    if None in shown:
        rows.append((NOT_ON_SCALE, "other", shown.count(None)))
    return rows


def _add_summary(
    sheet: SheetSpec, rows: list[tuple[str, str, int]], col: dict[str, int], first: int, last: int
) -> None:
    """Counts written as values and as formulas, so they stay right as the lead types."""
    sheet.add(Cell("Summary", S.SECTION))

    def span(key: str) -> str:
        letter = col_letter(col[key])
        return f"{letter}{first}:{letter}{last}"

    label_counts: list[str] = []
    for label, kind, count in rows:
        formula = {
            "actions": f"COUNTA({span('ref')})",
            "overdue": f'COUNTIF({span("status")},"Overdue*")',
            "due": f'COUNTIF({span("status")},"Due*")',
            "rating": f'COUNTIF({span("rating")},"{_criterion(label)}")'
            if "rating" in col
            else None,
            "blank": f"COUNTBLANK({span('rating')})" if "rating" in col else None,
            "other": (
                f"COUNTA({span('rating')})-" + "-".join(label_counts) if "rating" in col else None
            ),
        }[kind]
        row = len(sheet.rows) + 1
        if kind == "rating":
            label_counts.append(f"C{row}")
        sheet.merges.append(f"A{row}:B{row}")
        sheet.add(Cell(label, S.LABEL), Cell(None, S.LABEL), Cell(count, S.NUMBER, formula))


def _criterion(label: str) -> str:
    """A label as a COUNTIF criterion matching it exactly: wildcards escaped."""
    escaped = label.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    return escaped.replace('"', '""')


def _cell(
    column: LeadColumn, group: list[Action], summary: Summary, calculated: bool = False
) -> Cell:
    key = column.key
    action = group[0]  # actions sharing a row share every cell but their own words
    if key == "status":
        text, style = status(action, summary)
        return Cell(text, style)
    if key == "rating":
        rating = action.rating.rating
        value = rating.label if rating else (action.rating.text or None)
        if calculated:
            return Cell(value, CALCULATED_STYLES[key], note=CALCULATED)
        return Cell(value, S.INPUT_RATING)
    if key in INPUT_STYLES:
        value = getattr(action, key)
        style = CALCULATED_STYLES[key] if calculated else INPUT_STYLES[key]
        return Cell(
            value if value not in ("", None) else None,
            style,
            note=CALCULATED if calculated else None,
        )
    if key == "ref":
        return Cell(shown_ref(group), S.LABEL)
    if key == "due":
        return due_cell(action)
    if key in ("one_off_cost", "recurring_cost"):
        return Cell(getattr(action, key), S.MONEY)
    if key == "extra":
        extra = action.extra.get(column.header)
        if isinstance(extra, (date, datetime)):
            return Cell(extra, S.DATE)
        return Cell(extra if not isinstance(extra, str) else extra.strip() or None, S.TEXT)
    if key == "action":
        return Cell("\n".join(a.text for a in group if a.text) or None, S.TEXT)
    value = action.lead_text if key == "lead" else getattr(action, key)
    return Cell(value or None, S.TEXT)


def _stamp_sheet(stamp: Stamp, labels: list[str]) -> SheetSpec:
    """The stamp, and the scale's labels in a column of their own for the drop-down."""
    sheet = SheetSpec(name=STAMP_SHEET, role="stamp", protect=True, state="veryHidden")
    for values in stamp.to_rows():
        sheet.add(*[Cell(v) for v in values])
    for i, label in enumerate(["Ratings", *labels]):
        while len(sheet.rows) <= i:
            sheet.blank()
        row = sheet.rows[i]
        row.extend([None] * (RATINGS_COLUMN - len(row)))
        row[RATINGS_COLUMN - 1] = Cell(label)
    return sheet
