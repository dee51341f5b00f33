"""Reading the rows of the Actions table into actions, with their problems.

Pure functions over cells already read from the sheet: no I/O here.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from ..rules.action_text import leading_ref, recommendation_number
from ..rules.costs import cost_problems
from ..rules.dates import Due, parse_due
from ..rules.leads import LeadDirectory
from ..rules.model import Action, CellRefs, Problem, RatingValue
from ..rules.scales import (
    Rating,
    Scale,
    fold,
    invisible_characters,
    is_neutral,
    latinise,
    lookalike_letters,
    nearest_rating,
    strip_invisible,
)
from ..xlsx.cells import NOT_A_CHARACTER, ReadCell, SheetCells, cell_ref, col_letter, display
from ..xlsx.limits import MAX_CELL_TEXT
from .sections import priority_title, split_numbered
from .table import Header, is_repeat_of

_MONEY = re.compile(r"^[£$€]?\s*-?[\d,]+(\.\d+)?\s*[kKmM]?$")
_TEXT_FIELDS = (
    "priority",
    "recommendation",
    "outcome",
    "action",
    "success_measures",
    "progress",
    "evidence",
)
# Columns whose value, typed once (or merged), holds for the rows below it.
_INHERITED = ("priority", "recommendation", "outcome")
UNCALCULATED = "this formula has no calculated value"
UNCALCULATED_FIX = (
    "open and save the file in Excel or LibreOffice, which calculate it (a file "
    "written by a script or an exporter keeps the formula without its value)"
)


@dataclass
class RowsResult:
    actions: list[Action] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # (row, what it is, text): "priority", "recommendation", "narrative", "repeated header"
    structure: list[tuple[int, str, str]] = field(default_factory=list)
    recommendations: dict[str, str] = field(default_factory=dict)  # number -> text, as met
    rating_texts: list[str] = field(default_factory=list)
    percent_hundreds: bool = False  # % complete typed as 0-100 rather than as fractions


def read_rows(
    cells: SheetCells,
    header: Header,
    directory: LeadDirectory,
    *,
    date1904: bool = False,
    fills: dict[int, str] | None = None,
    no_day: dict[int, tuple[str, str]] | None = None,
    month_start: bool = False,
) -> RowsResult:
    """Actions from the rows under the header.

    Rows that only carry structure are not actions: a priority or theme
    heading sets the priority of the actions below it; an Ofsted
    recommendation row sets their recommendation; narrative rows and repeated
    headers are skipped. Ratings are matched later, once the scale is known
    (see match_ratings()).

    `no_day` maps the styles of date cells whose number format shows no day to
    what they show ("month" or "year"): such a date means the end of its month
    (its first day with `month_start`).
    """
    reader = _RowReader(cells, header, directory, date1904, fills or {}, no_day or {}, month_start)
    reader.headings_above()
    for row in sorted(cells.rows):
        if row > header.row:
            reader.read_row(row)
    out = reader.out
    out.problems += no_ref_problems(reader.no_ref, cells.name, set(reader.seen_refs.values()))
    out.percent_hundreds = _read_percentages(reader.percent_values, cells.name, out.problems)
    return out


class _RowReader:
    """read_rows() going down the table: the priority and recommendation the rows
    fall under, the values they inherit from the rows above, the refs met."""

    def __init__(
        self,
        cells: SheetCells,
        header: Header,
        directory: LeadDirectory,
        date1904: bool,
        fills: dict[int, str],
        no_day: dict[int, tuple[str, str]],
        month_start: bool,
    ) -> None:
        self.cells, self.header, self.directory = cells, header, directory
        self.date1904, self.fills, self.no_day = date1904, fills, no_day
        self.month_start = month_start
        self.sheet = cells.name
        self.out = RowsResult()
        cols = self.cols = header.columns
        rating_cols = [c for _, c in header.rating_columns]
        self.key_cols = [c for k, c in cols.items() if k in ("lead", "due")] + rating_cols
        self.ref_columns = dict(cols)
        if rating_cols:
            self.ref_columns["rating"] = rating_cols[-1]
        self.text_cols = [(k, cols.get(k)) for k in _TEXT_FIELDS]
        self.col_ref, self.col_lead, self.col_due = (
            cols.get("ref"),
            cols.get("lead"),
            cols.get("due"),
        )
        self.col_pct = cols.get("percent_complete")
        self.col_cost1, self.col_cost2 = cols.get("one_off_cost"), cols.get("recurring_cost")
        self.unknown = list(header.unknown.items())
        self.merged = _merged_top_left(cells)
        self.section = ""
        self.recommendation_row = ""
        self.inherited: dict[str, str] = {}
        self.seen_refs: dict[str, int] = {}
        self.no_ref: list[tuple[int, str]] = []  # (row, cell) of each action without a ref
        self.percent_values: list[tuple[Action, object, str]] = []
        self.rating_letters = [
            (period, col, col_letter(col)) for period, col in header.rating_columns
        ]
        self.pct_letter = col_letter(self.col_pct) if self.col_pct else ""

    def priority_heading(self, text: str, full: str) -> None:
        """The priority of the actions below; "Priority 1: ... (Ofsted
        Recommendation 1)" sets their recommendation too."""
        self.section = text
        self.recommendation_row = recommendation_number(full) or ""
        if self.recommendation_row:
            self.out.recommendations.setdefault(self.recommendation_row, full)

    def headings_above(self) -> None:
        """A priority heading just above the header ("PRIORITY ONE - ...", then the
        table) holds for the first actions."""
        rows = self.cells.rows
        for row in sorted(r for r in rows if self.header.row - 15 <= r < self.header.row):
            values = _values(rows[row])
            if values:
                kind, text, full = _structure_row(values)
                if kind == "priority":
                    self.priority_heading(text, full)

    def read_row(self, row: int) -> None:
        """One row under the header: a heading, a repeated header, or actions."""
        rows = self.cells.rows
        rc = rows[row]
        if self.merged:
            rc = _with_merged(rows, rc, row, self.merged)
        texts = {k: (_text(rc[c].value) if c in rc else "") for k, c in self.text_cols}
        has_key = _has_key(rc, self.key_cols)
        structure = None
        if not has_key:
            values = _values(rc)
            if not values:
                return
            if is_repeat_of(self.cells, row, self.header):
                self.out.structure.append((row, "repeated header", ""))
                return
            structure = _structure_row(values)
            if texts["action"] and structure[0] == "narrative":
                structure = None  # an action missing its lead, date and rating: reported below
        if structure is not None:
            self.structure(row, *structure)
        elif has_key and is_repeat_of(self.cells, row, self.header):
            self.out.structure.append((row, "repeated header", ""))
        else:
            self.actions(row, rc, texts)

    def structure(self, row: int, kind: str, text: str, full: str) -> None:
        """A row that is a heading, not an action."""
        if kind == "priority":
            self.priority_heading(text, full)
            self.inherited.clear()
        elif kind == "recommendation":
            self.recommendation_row = recommendation_number(text) or ""
            self.out.recommendations.setdefault(self.recommendation_row, text)
            self.inherited.pop("recommendation", None)
            self.inherited.pop("outcome", None)
        self.out.structure.append((row, kind, text))

    def inherit(self, texts: dict[str, str]) -> tuple[str, str]:
        """Fill in what the row leaves to the rows above; its priority and recommendation."""
        for key in _INHERITED:
            if texts[key]:
                self.inherited[key] = texts[key]
            elif key in self.inherited:
                texts[key] = self.inherited[key]
        priority = texts["priority"] or self.section
        recommendation = (
            texts["recommendation"]
            or recommendation_number(texts["outcome"])
            or self.recommendation_row
        )
        if recommendation and recommendation not in self.out.recommendations:
            self.out.recommendations[recommendation] = texts["outcome"]
        return priority, recommendation

    def due(self, due_cell: ReadCell | None) -> Due:
        due_value = due_cell.value if due_cell else None
        if due_cell is not None and due_cell.formula and due_value is None:
            return Due(problem=UNCALCULATED, fix=UNCALCULATED_FIX)
        shows = self.no_day.get(due_cell.style) if due_cell is not None else None
        return parse_due(
            due_value,
            date1904=self.date1904,
            is_date_cell=isinstance(due_value, date),
            shows=shows[0] if shows else None,
            month_start=self.month_start,
        )

    def ratings(self, row: int, rc: dict) -> list[tuple[str, RatingValue]]:
        """The row's rating in each rating column, oldest first."""
        history = []
        for period, col, letters in self.rating_letters:
            cell = rc.get(col)
            history.append(
                (
                    period,
                    RatingValue(
                        _text(cell.value) if cell else "",
                        None,
                        f"{letters}{row}",
                        self.fills.get(cell.style) if cell else None,
                        uncalculated=cell is not None and cell.formula and cell.value is None,
                    ),
                )
            )
        return history

    def actions(self, row: int, rc: dict, texts: dict[str, str]) -> None:
        """The action (or numbered actions) of one row, checked."""
        priority, recommendation = self.inherit(texts)
        col_due, col_ref, col_lead = self.col_due, self.col_ref, self.col_lead
        col_cost1, col_cost2, col_pct = self.col_cost1, self.col_cost2, self.col_pct
        due_cell = rc.get(col_due) if col_due else None
        due_value = due_cell.value if due_cell else None
        due = self.due(due_cell)
        history = self.ratings(row, rc)
        current = history.pop()[1] if history else RatingValue("", None, "")
        ref = _text(rc[col_ref].value) if col_ref in rc else ""
        action_text = texts["action"]
        pieces = split_numbered(action_text) if not ref else []
        if not pieces:
            pieces = [(ref or leading_ref(action_text) or "", action_text)]
        lead_text = _text(rc[col_lead].value) if col_lead in rc else ""
        due_text = "" if due_cell is None or isinstance(due_value, date) else _text(due_value)
        out = self.out
        for piece_ref, piece_text in pieces:
            single = len(pieces) == 1
            action = Action(
                row=row,
                ref=piece_ref,
                text=piece_text,
                leads=(),
                lead_text=lead_text,
                due=due,
                due_text=due_text,
                rating=current if single else _copy(current),
                priority=priority,
                recommendation=recommendation,
                outcome=texts["outcome"],
                success_measures=texts["success_measures"],
                progress=texts["progress"],
                evidence=texts["evidence"],
                one_off_cost=_money(rc[col_cost1].value) if col_cost1 in rc else None,
                recurring_cost=_money(rc[col_cost2].value) if col_cost2 in rc else None,
                history=tuple(history) if single else tuple((p, _copy(v)) for p, v in history),
                cells=CellRefs(row, self.ref_columns),
                extra={name: rc[c].value for c, name in self.unknown if c in rc}
                if self.unknown
                else {},
            )
            out.actions.append(action)
            out.rating_texts.append(action.rating.text)
            _check_action(
                action,
                self.sheet,
                self.cols,
                self.seen_refs,
                self.directory,
                out.problems,
                rc,
                self.no_ref,
            )
            if col_pct and col_pct in rc:
                self.percent_values.append((action, rc[col_pct].value, f"{self.pct_letter}{row}"))
        costs = {
            k: rc[c].value
            for k, c in (("one_off_cost", col_cost1), ("recurring_cost", col_cost2))
            if c in rc
        }
        out.problems.extend(cost_problems(self.sheet, action, costs))


def _has_key(rc: dict, key_cols: list[int]) -> bool:
    """Whether the row has a lead, a due date or a rating (a formula counts)."""
    for c in key_cols:
        cell = rc.get(c)
        if cell is not None and (
            cell.formula
            or (cell.value is not None and (not isinstance(cell.value, str) or cell.value.strip()))
        ):
            return True
    return False


def _values(rc: dict) -> dict[int, object]:
    """The row's non-blank values by column."""
    return {
        c: v
        for c, cell in rc.items()
        if (v := cell.value) is not None and (not isinstance(v, str) or v.strip())
    }


def _structure_row(values: dict[int, object]) -> tuple[str, str, str]:
    """What a row with no action, lead, due date or rating is: its kind, its
    short text and its whole text."""
    texts = [display(v).strip() for _, v in sorted(values.items())]
    longest = max(texts, key=len)
    for text in texts:
        title = priority_title(text)
        if title:
            return "priority", title, " ".join(texts)
    for text in texts:
        if recommendation_number(text):
            return "recommendation", text, " ".join(texts)
    return "narrative", longest[:80], " ".join(texts)


def _with_merged(rows: dict, rc: dict, row: int, merged: dict) -> dict:
    """The row's cells, with the value of any merged range it lies inside."""
    extra = {}
    for (_r, c), (tr, tc) in merged.get(row, {}).items():
        if c not in rc:
            top = rows.get(tr, {}).get(tc)
            if top is not None:
                extra[c] = top
    if not extra:
        return rc
    combined = dict(rc)
    combined.update(extra)
    return combined


def _copy(value: RatingValue) -> RatingValue:
    return RatingValue(
        value.text, value.rating, value.cell, value.fill, uncalculated=value.uncalculated
    )


def no_ref_problems(
    no_ref: list[tuple[int, str]], sheet: str, rows_with_refs: set[int]
) -> list[Problem]:
    """One problem for the actions without a ref, however many: "65 actions have no
    ref: rows 11-80" (a run of rows is broken only by an action that has a ref)."""
    if len(no_ref) == 1:
        return [
            Problem(
                sheet,
                no_ref[0][1],
                "this action has no ref",
                "type a reference such as 1.2 in the Ref column",
            )
        ]
    if not no_ref:
        return []
    with_refs = sorted(rows_with_refs)
    runs: list[list[int]] = []
    for row, _ in no_ref:
        after = bisect_right(with_refs, runs[-1][-1]) if runs else 0
        if runs and not (after < len(with_refs) and with_refs[after] < row):
            runs[-1].append(row)
        else:
            runs.append([row])
    shown = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
    return [
        Problem(
            sheet,
            no_ref[0][1],
            f"{len(no_ref)} actions have no ref: rows {shown}",
            "type a reference such as 1.2 in the Ref column of each, or run 'ragbook "
            "add-refs' to fill the empty Ref cells from the recommendation or section "
            "numbering",
        )
    ]


def _check_action(
    action: Action,
    sheet: str,
    cols: dict[str, int],
    seen_refs: dict[str, int],
    directory: LeadDirectory,
    problems: list[Problem],
    rc: dict,
    no_ref: list[tuple[int, str]],
) -> None:
    row, due = action.row, action.due
    first_cell = cell_ref(row, min(rc)) if rc else cell_ref(row, 1)
    if not action.ref:
        action.ref = f"row {row}"
        no_ref.append((row, action.cells.get("ref", first_cell)))
    elif action.ref in seen_refs:
        problems.append(
            Problem(
                sheet,
                action.cells.get("ref", first_cell),
                f"the ref '{action.ref}' is also used on row {seen_refs[action.ref]}",
                "give each action its own ref",
            )
        )
    else:
        seen_refs[action.ref] = row
    if not action.text:
        problems.append(
            Problem(
                sheet,
                action.cells.get("action", first_cell),
                f"action {action.ref} has no action text",
                "describe what will be done in the Action column",
            )
        )
    if "lead" in cols:
        codes, unknown = directory.split(action.lead_text)
        if not action.lead_text:
            problems.append(
                Problem(
                    sheet,
                    action.cells["lead"],
                    f"action {action.ref} has no lead",
                    "type the lead's code, as listed on the Leads sheet",
                )
            )
        elif unknown and directory:
            names = ", ".join(f"'{u}'" for u in unknown)
            problems.append(
                Problem(
                    sheet,
                    action.cells["lead"],
                    f"{names} in action {action.ref}'s lead is not on the Leads sheet",
                    "add a row for this lead on the Leads sheet or correct the spelling",
                )
            )
        action.leads = tuple(codes + unknown)
    if "due" in cols and due.problem:
        problems.append(
            Problem(
                sheet, action.cells["due"], f"action {action.ref}: {due.problem}", due.fix or ""
            )
        )
    for key, value in (
        ("action", action.text),
        ("progress", action.progress),
        ("evidence", action.evidence),
        ("outcome", action.outcome),
        ("success_measures", action.success_measures),
    ):
        if len(value) > MAX_CELL_TEXT:
            problems.append(
                Problem(
                    sheet,
                    action.cells.get(key, first_cell),
                    f"this cell holds {len(value):,} characters, more than Excel's "
                    f"limit of {MAX_CELL_TEXT:,}",
                    "shorten it",
                )
            )
        if NOT_A_CHARACTER in value:
            problems.append(
                Problem(
                    sheet,
                    action.cells.get(key, first_cell),
                    f"action {action.ref}: this cell holds a character that is not "
                    f"valid text (shown as {NOT_A_CHARACTER}), from a damaged file "
                    "or a bad paste",
                    "retype the text around it",
                )
            )


def match_ratings(
    actions: list[Action], scale: Scale, sheet: str, *, colours: bool = True
) -> list[Problem]:
    """Match every rating against the scale; report what does not match.

    A typed rating matches by label or code, or a spelling councils type
    (Scale.find). A rating cell with no text but a coloured fill (common in
    real trackers) is read as the scale's rating of the nearest colour; a
    colour near none of them is reported. White, grey and black fills mean
    nothing and leave the action not rated; so does every fill when
    `colours` is False (the owner said so on Settings). A formula with no
    calculated value is reported.
    """
    problems: list[Problem] = []
    seen: dict[str, Rating | None] = {}
    for action in actions:
        for value in [action.rating] + [v for _, v in action.history]:
            if value.uncalculated:
                problems.append(Problem(sheet, value.cell, UNCALCULATED, UNCALCULATED_FIX))
                continue
            if not value.text:
                if value.fill and colours:
                    found = nearest_rating(scale, value.fill)
                    value.rating = found
                    if found is None and not is_neutral(value.fill):
                        value.unmatched_colour = True
                        problems.append(
                            Problem(
                                sheet,
                                value.cell,
                                f"the rating is only a fill colour (#{value.fill}), which is not near "
                                f"any colour of the {scale.name} scale",
                                f"type the rating instead: one of {scale.describe()}",
                            )
                        )
                continue
            if value.text in seen:
                rating = seen[value.text]
            else:
                rating = seen[value.text] = scale.find(value.text)
            value.rating = rating
            if rating is None:
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
            return (
                f"{what}; it probably means {meant.label}",
                f"retype it as {meant.code or meant.label}",
            )
        return what, f"retype it; {expected}"
    hidden = invisible_characters(shown)
    if hidden:
        meant = scale.find(strip_invisible(shown))
        tail = f"; it probably means {meant.label}" if meant else ""
        return (
            f"'{shown}' contains an invisible character ({hidden[0]}){tail}",
            f"retype it{(' as ' + meant.code) if meant else ''}",
        )
    squeezed = scale.find(fold(shown).replace(" ", ""))
    if squeezed is None:
        for rating in scale.ratings:
            if fold(rating.label).replace(" ", "") == fold(shown).replace(" ", ""):
                squeezed = rating
    if squeezed:
        return (
            f"'{shown}' has stray spaces; it probably means {squeezed.label}",
            f"retype it as {squeezed.code or squeezed.label}",
        )
    return (
        f"'{shown}' is not a rating on the {scale.name} scale; the nearest is "
        f"{scale.nearest(shown).label}",
        expected,
    )


def _text(value: object) -> str:
    """A cell's value as the text shown, trimmed."""
    if isinstance(value, str):
        return value.strip()
    return "" if value is None else display(value).strip()


def parse_percent(value: object) -> float | None:
    """% complete as typed, or None if it is not a number: a number as it is
    (0.5 from a cell formatted 50%, or 50), text as its number ('0.5', '50')
    divided by 100 when it ends in % ('50%' is 0.5). Whether 50 means 50% is
    each caller's rule."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        number = float(text.rstrip("%").strip())
    except ValueError:
        return None
    return number / 100 if text.endswith("%") else number


def _read_percentages(
    items: list[tuple[Action, object, str]], sheet: str, problems: list[Problem]
) -> bool:
    """% complete: a column typed 0-100 or as fractions (0.5, or 50% formatted).

    Returns whether the column is typed 0-100, so a write can follow suit.
    """
    numbers = []
    for action, value, where in items:
        if value is None or value == "":
            continue
        number = parse_percent(value)
        if number is None:
            shown = value if isinstance(value, str) else display(value)
            problems.append(
                Problem(sheet, where, f"'{shown}' is not a percentage", "type a number such as 50%")
            )
            continue
        numbers.append((action, number, where))
    hundreds = any(n > 1 for _, n, _ in numbers)
    for action, number, where in numbers:
        fraction = number / 100 if hundreds else number
        if not 0 <= fraction <= 1:
            problems.append(
                Problem(
                    sheet,
                    where,
                    f"{number:g} is not between 0% and 100%",
                    "type the percentage complete, e.g. 50%",
                )
            )
            continue
        action.percent_complete = fraction
    return hundreds


def _merged_top_left(cells: SheetCells) -> dict[int, dict[tuple[int, int], tuple[int, int]]]:
    """row -> {(row, col): (top row, left col)} for the cells below the top of a
    merged range, in its first column: an outcome merged down over several
    actions holds for each. A range merged across the table (a heading) gives
    its text to no other column."""
    out: dict[int, dict] = {}
    for r1, c1, r2, _c2 in cells.merged:
        if r2 - r1 > 100_000:
            continue
        for r in range(r1 + 1, r2 + 1):
            out.setdefault(r, {})[(r, c1)] = (r1, c1)
    return out


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


__all__ = ["RowsResult", "match_ratings", "parse_percent", "read_rows"]
