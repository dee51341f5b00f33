"""Reading the rows of the Actions table into actions, with their problems.

Pure functions over cells already read from the sheet: no I/O here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import Due, format_date, parse_due
from .leads import LeadDirectory
from .model import Action, Problem, RatingValue
from .scales import Scale, fold, invisible_characters, latinise, lookalike_letters
from .schema import ACTION_FIELD_BY_KEY, MAX_CELL_TEXT
from .table import Header, is_repeat_of, leading_ref
from .xlsx.cells import CellError, SheetCells, cell_ref, display

_SECTION = re.compile(r"^\s*(priority|theme|section|workstream|domain|pillar|objective|strand)\b",
                      re.I)
_RECOMMENDATION = re.compile(r"recommendation\s*(?:no\.?|number)?\s*(\d{1,3})", re.I)
_MONEY = re.compile(r"^[£$€]?\s*-?[\d,]+(\.\d+)?\s*[kKmM]?$")
_TEXT_FIELDS = ("priority", "recommendation", "outcome", "action", "success_measures",
                "progress", "evidence")
_INHERITED = ("priority", "recommendation", "outcome")


@dataclass
class RowsResult:
    actions: list[Action] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sections: list[tuple[int, str]] = field(default_factory=list)  # (row, priority it starts)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, why)
    rating_texts: list[str] = field(default_factory=list)
    percent_hundreds: bool = False  # % complete typed as 0-100 rather than as fractions


def read_rows(cells: SheetCells, header: Header, directory: LeadDirectory, *,
              date1904: bool = False, fills: dict[int, str] | None = None) -> RowsResult:
    """Actions from the rows under the header. Ratings are matched later, once
    the scale is known (see rate())."""
    sheet = cells.name
    out = RowsResult()
    cols = header.columns
    rating_cols = [c for _, c in header.rating_columns]
    merged_top = _merged_top_left(cells)
    key_cols = {c for k, c in cols.items() if k in ("lead", "due")} | set(rating_cols)
    current_section = ""
    inherited: dict[str, str] = {}
    seen_refs: dict[str, int] = {}
    percent_values: list[tuple[Action, object, str]] = []

    def get(row: int, col: int | None) -> object:
        if not col:
            return None
        cell = cells.rows.get(row, {}).get(col)
        if cell is None and (row, col) in merged_top:
            top = merged_top[(row, col)]
            cell = cells.rows.get(top[0], {}).get(top[1])
        return cell.value if cell else None

    for row in sorted(cells.rows):
        if row <= header.row:
            continue
        values = {c: cell.value for c, cell in cells.rows[row].items()
                  if cell.value is not None and display(cell.value).strip()}
        if not values:
            continue
        if is_repeat_of(cells, row, header):
            out.skipped.append((row, "repeated header"))
            continue
        has_key = any(c in values for c in key_cols)
        action_col = cols.get("action")
        if not has_key and len(values) == 1 and action_col not in values:
            text = display(next(iter(values.values()))).strip()
            if _SECTION.match(text):
                current_section = _section_title(text)
                out.sections.append((row, current_section))
                inherited.clear()
            else:
                out.skipped.append((row, "narrative"))
            continue

        text_values = {k: _text(get(row, cols.get(k))) for k in _TEXT_FIELDS}
        for key in _INHERITED:
            if text_values[key]:
                inherited[key] = text_values[key]
            elif key in inherited:
                text_values[key] = inherited[key]
        if not text_values["priority"] and current_section:
            text_values["priority"] = current_section
        ref = _text(get(row, cols.get("ref")))
        action_text = text_values["action"]
        if not ref and action_text:
            ref = leading_ref(action_text) or ""
        lead_text = _text(get(row, cols.get("lead")))
        due_value = get(row, cols.get("due"))
        due_cell = cells.rows.get(row, {}).get(cols.get("due", 0))
        is_date_cell = bool(due_cell and isinstance(due_cell.value, date))
        due = parse_due(due_value, date1904=date1904, is_date_cell=is_date_cell)
        recommendation = text_values["recommendation"]
        found = _RECOMMENDATION.search(text_values["outcome"] or "")
        if found and not recommendation:
            recommendation = found.group(1)
        history = []
        for period, col in header.rating_columns:
            history.append((period, RatingValue(_rating_text(get(row, col), cells, row, col, fills),
                                                None, cell_ref(row, col))))
        current = history.pop() if history else ("", RatingValue("", None, ""))
        action = Action(
            row=row, ref=ref, text=action_text,
            leads=(), lead_text=lead_text, due=due, due_text=_due_text(due_value),
            rating=current[1], priority=text_values["priority"], recommendation=recommendation,
            outcome=text_values["outcome"], success_measures=text_values["success_measures"],
            progress=text_values["progress"], evidence=text_values["evidence"],
            one_off_cost=_money(get(row, cols.get("one_off_cost"))),
            recurring_cost=_money(get(row, cols.get("recurring_cost"))),
            history=tuple(history),
            cells={k: cell_ref(row, c) for k, c in cols.items()},
            extra={header.unknown[c]: get(row, c) for c in header.unknown},
        )
        if rating_cols:
            action.cells["rating"] = cell_ref(row, rating_cols[-1])
        out.actions.append(action)
        out.rating_texts.append(action.rating.text)
        _check_action(action, sheet, cols, row, due, seen_refs, directory, out.problems, values)
        if cols.get("percent_complete"):
            percent_values.append((action, get(row, cols["percent_complete"]),
                                   cell_ref(row, cols["percent_complete"])))
    out.percent_hundreds = _read_percentages(percent_values, sheet, out.problems)
    return out


def _check_action(action: Action, sheet: str, cols: dict[str, int], row: int, due: Due,
                  seen_refs: dict[str, int], directory: LeadDirectory,
                  problems: list[Problem], values: dict[int, object]) -> None:
    first_cell = cell_ref(row, min(values)) if values else cell_ref(row, 1)
    if not action.ref:
        action.ref = f"row {row}"
        where = action.cells.get("ref", first_cell)
        problems.append(Problem(sheet, where, "this action has no ref",
                                "type a reference such as 1.2 in the Ref column"))
    elif action.ref in seen_refs:
        problems.append(Problem(sheet, action.cells.get("ref", first_cell),
                                f"the ref '{action.ref}' is also used on row {seen_refs[action.ref]}",
                                "give each action its own ref"))
    else:
        seen_refs[action.ref] = row
    if not action.text:
        problems.append(Problem(sheet, action.cells.get("action", first_cell),
                                f"action {action.ref} has no action text",
                                "describe what will be done in the Action column"))
    if "lead" in cols:
        codes, unknown = directory.split(action.lead_text)
        if not action.lead_text:
            problems.append(Problem(sheet, action.cells["lead"], f"action {action.ref} has no lead",
                                    "type the lead's code, as listed on the Leads sheet"))
        elif unknown and directory:
            names = ", ".join(f"'{u}'" for u in unknown)
            problems.append(Problem(sheet, action.cells["lead"],
                                    f"{names} in action {action.ref}'s lead is not on the Leads sheet",
                                    "add a row for this lead on the Leads sheet or correct the "
                                    "spelling"))
        action.leads = tuple(codes + unknown)
    if "due" in cols and due.problem:
        problems.append(Problem(sheet, action.cells["due"],
                                f"action {action.ref}: {due.problem}", due.fix or ""))
    for key in ("action", "progress", "evidence", "outcome", "success_measures"):
        value = getattr(action, "text" if key == "action" else key)
        if len(value) > MAX_CELL_TEXT:
            problems.append(Problem(sheet, action.cells.get(key, first_cell),
                                    f"this cell holds {len(value):,} characters, more than Excel's "
                                    f"limit of {MAX_CELL_TEXT:,}", "shorten it"))


def rate(actions: list[Action], scale: Scale, sheet: str) -> list[Problem]:
    """Match every typed rating against the scale; report what does not match."""
    problems: list[Problem] = []
    for action in actions:
        for value in [action.rating] + [v for _, v in action.history]:
            if not value.text.strip():
                continue
            value.rating = scale.find(value.text)
            if value.rating is None:
                problems.append(Problem(sheet, value.cell, *_rating_problem(value.text, scale)))
    return problems


def _rating_problem(text: str, scale: Scale) -> tuple[str, str]:
    shown = text.strip()
    expected = f"type one of {scale.describe()}"
    lookalikes = lookalike_letters(shown)
    if lookalikes:
        char, name, latin = lookalikes[0]
        meant = scale.find(latinise(shown))
        what = f"'{shown}' contains the {name} '{char}', which looks like the Latin '{latin}'"
        if meant:
            return (f"{what}; it probably means {meant.label}",
                    f"retype it as {meant.code or meant.label}")
        return what, f"retype it; {expected}"
    hidden = invisible_characters(shown)
    if hidden:
        meant = scale.find("".join(ch for ch in shown if ch.isprintable() and ch not in
                                   "\u00a0\u200b\u200c\u200d\u2060\ufeff"))
        tail = f"; it probably means {meant.label}" if meant else ""
        return (f"'{shown}' contains an invisible character ({hidden[0]}){tail}",
                f"retype it{(' as ' + meant.code) if meant else ''}")
    squeezed = scale.find(fold(shown).replace(" ", ""))
    if squeezed is None:
        for rating in scale.ratings:
            if fold(rating.label).replace(" ", "") == fold(shown).replace(" ", ""):
                squeezed = rating
    if squeezed:
        return (f"'{shown}' has stray spaces; it probably means {squeezed.label}",
                f"retype it as {squeezed.code or squeezed.label}")
    return f"'{shown}' is not a rating on the {scale.name} scale", expected


def _rating_text(value: object, cells: SheetCells, row: int, col: int,
                 fills: dict[int, str] | None) -> str:
    if isinstance(value, CellError):
        return str(value)
    return display(value).strip() if value is not None else ""


def _read_percentages(items: list[tuple[Action, object, str]], sheet: str,
                      problems: list[Problem]) -> bool:
    """% complete: a column typed 0-100 or as fractions (0.5, or 50% formatted).

    Returns whether the column is typed 0-100, so a write can follow suit.
    """
    numbers = []
    for action, value, where in items:
        if value is None or value == "":
            continue
        if isinstance(value, str):
            stripped = value.strip().rstrip("%").strip()
            try:
                number = float(stripped)
            except ValueError:
                problems.append(Problem(sheet, where, f"'{value}' is not a percentage",
                                        "type a number such as 50%"))
                continue
            number = number / 100 if value.strip().endswith("%") else number
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            problems.append(Problem(sheet, where, f"'{display(value)}' is not a percentage",
                                    "type a number such as 50%"))
            continue
        numbers.append((action, number, where))
    hundreds = any(n > 1 for _, n, _ in numbers)
    for action, number, where in numbers:
        fraction = number / 100 if hundreds else number
        if not 0 <= fraction <= 1:
            problems.append(Problem(sheet, where, f"{number:g} is not between 0% and 100%",
                                    "type the percentage complete, e.g. 50%"))
            continue
        action.percent_complete = fraction
    return hundreds


def _merged_top_left(cells: SheetCells) -> dict[tuple[int, int], tuple[int, int]]:
    out = {}
    for r1, c1, r2, c2 in cells.merged:
        if (r2 - r1 + 1) * (c2 - c1 + 1) > 100_000:
            continue
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    out[(r, c)] = (r1, c1)
    return out


def _section_title(text: str) -> str:
    head = text.split(":")[0].strip()
    return head if 3 <= len(head) <= 80 else text[:80].strip()


def _text(value: object) -> str:
    if value is None:
        return ""
    return display(value).strip()


def _due_text(value: object) -> str:
    if isinstance(value, date):
        return format_date(value)
    return _text(value)


def _money(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = str(value).strip().replace(" ", "")
    if _MONEY.match(text):
        multiplier = {"k": 1e3, "m": 1e6}.get(text[-1].lower(), 1)
        number = float(re.sub(r"[£$€,kKmM]", "", text))
        return number * multiplier
    return None


__all__ = ["read_rows", "rate", "RowsResult", "ACTION_FIELD_BY_KEY"]
