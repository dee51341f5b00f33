"""What ragbook guessed about a plan, said by check --explain and listed in Checks.

Every guess is visible (PRODUCT.md): the table, a column, the scale, a colour
read as a rating, a month meaning its last day, a date read as ongoing.
`check --explain` lists each one. A guess that changes a count and goes
beyond what is typed (the table among several, a column by its content, the
scale, a colour read as a rating, a date cell that shows no day) is also a
problem in Checks until the owner pins it on the Settings sheet (the
setting's name in column A, its value in column B), which silences it. A
reading of what is typed ("January 2017" as its last day, "... and ongoing"
as never overdue) is the documented rule: listed, not a problem.
Pure functions over what the reader found.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..rules.dates import MONTH_CELL, MONTH_TEXT, ONGOING, YEAR_CELL
from ..rules.model import Action, Problem, Settings
from ..rules.scales import Scale
from ..rules.schema import ACTION_FIELD_BY_KEY, SETTINGS
from ..rules.words import plural
from ..xlsx.cells import col_letter
from .rating_column import ContentMatch, is_ambiguous

_EXAMPLES = 3  # cells named as examples in a guess


@dataclass(frozen=True)
class Guess:
    """One thing ragbook guessed, where, and the Settings row that pins it."""

    what: str  # "table", "column", "rating column", "scale", "colours", "month dates", "ongoing"
    said: str  # what was guessed and from what, as a clause
    sheet: str
    cell: str = ""
    setting: str = ""  # the Settings row that pins it ("Scale"); "" when none does
    value: str = ""  # what to type beside it to keep the guess
    pinned: bool = False  # the owner pinned it on Settings: listed, never in Checks
    checked: bool = True  # a problem in Checks until pinned (False: a rule, only listed)

    def line(self) -> str:
        """The --explain line."""
        if self.pinned:
            return f"  {self.said} (pinned on {SETTINGS})."
        if not self.setting:
            return f"  {self.said}."
        return f"  {self.said}; {self.pin()}."

    def pin(self) -> str:
        return (
            f"to pin it, type '{self.setting}' in column A of the {SETTINGS} sheet and "
            f"'{self.value}' (or what is right) in column B"
        )

    def problem(self) -> Problem:
        return Problem(self.sheet, self.cell, f"ragbook guessed {self.said}", self.pin())


def checks_entries(guesses: Sequence[Guess]) -> list[Problem]:
    """The problems Checks lists: the guesses that change a count and are not pinned."""
    return [g.problem() for g in guesses if g.checked and not g.pinned and g.setting]


def table_guess(sheet: str, header_row: int, others: list[tuple[str, int, int]]) -> Guess | None:
    """The action table was chosen among several sheets that have one."""
    if not others or sheet.strip().casefold() == "actions":
        return None
    named = "; ".join(f"'{s}' (header row {r})" for s, r, _ in others)
    return Guess(
        "table",
        f"the action table: the one on sheet '{sheet}' (header row "
        f"{header_row}), which recognises the most columns; {named} has one too",
        sheet,
        f"A{header_row}",
        "Actions sheet",
        sheet,
    )


def column_guesses(
    sheet: str,
    header_row: int,
    texts: dict[int, str],
    duplicates: list[tuple[str, int]],
    columns: dict[str, int],
) -> list[Guess]:
    """Two columns whose headings name the same field: the first is read."""
    out = []
    for key, ignored in duplicates:
        if key not in columns or key not in ACTION_FIELD_BY_KEY:
            continue
        read = columns[key]
        name = ACTION_FIELD_BY_KEY[key].header
        out.append(
            Guess(
                "column",
                f"the {name} column: {col_letter(read)} '{texts.get(read, '')}'; "
                f"{col_letter(ignored)} '{texts.get(ignored, '')}' is headed the same way and is not "
                "read",
                sheet,
                f"{col_letter(ignored)}{header_row}",
                f"{name} column",
                col_letter(read),
            )
        )
    return out


def rating_column_guess(sheet: str, header_row: int, heading: str, match: ContentMatch) -> Guess:
    letter = col_letter(match.column)
    why = (
        "its heading could mean a rating or a progress note"
        if is_ambiguous(heading)
        else "no heading names the rating"
    )
    return Guess(
        "rating column",
        f"the RAG rating column: {letter} '{heading}', as {why} and {match.reason()}",
        sheet,
        f"{letter}{header_row}",
        "RAG rating column",
        letter,
    )


def scale_guess(scale: Scale, source: str, sheet: str, cell: str) -> Guess:
    """The scale when neither Settings nor --scale named it."""
    return Guess(
        "scale",
        f"the scale: {scale.name} ({', '.join(scale.labels)}), {source}",
        sheet,
        cell,
        "Scale",
        scale.name,
    )


def reading_guesses(
    actions: list[Action], settings: Settings, sheet: str, formats: dict[str, str] | None = None
) -> list[Guess]:
    """Colours read as ratings, months read as their last day, dates read as ongoing.

    `formats` maps the due cells of dates shown with no day to their number format.
    """
    formats = formats or {}
    out = []
    coloured = [v for a in actions for v in (a.rating, *(h for _, h in a.history)) if v.from_colour]
    if coloured:
        scale = settings.scale
        examples = ", ".join(
            f"{v.cell} #{v.fill} as {v.rating.label}" for v in coloured[:_EXAMPLES] if v.rating
        )
        out.append(
            Guess(
                "colours",
                f"{plural(len(coloured), 'rating')} from the fill colour "
                f"alone, as the rating of that colour on the "
                f"{scale.name if scale else ''} scale ({examples})",
                sheet,
                coloured[0].cell,
                "Colour ratings",
                "read",
                settings.colour_ratings == "read",
            )
        )
    months = [a for a in actions if a.due.read_as in (MONTH_TEXT, MONTH_CELL, YEAR_CELL)]
    # A date cell shown with no day holds the 1st: a guess beyond what is typed.
    cells = [a for a in months if a.due.read_as != MONTH_TEXT]
    if months:
        months = cells + [a for a in months if a.due.read_as == MONTH_TEXT]
        day = "first" if settings.month_dates == "start" else "last"
        examples = ", ".join(
            f"{a.cells['due']} {_as_typed(a, formats)}" for a in _unique_rows(months)
        )
        n = len(_unique_rows(months, None))
        out.append(
            Guess(
                "month dates",
                f"that {plural(n, 'due date')} with a month but no day "
                f"{'means' if n == 1 else 'mean'} the {day} day of that month "
                f"({examples})",
                sheet,
                months[0].cells["due"],
                "Month dates",
                "first of month" if day == "first" else "end of month",
                bool(settings.month_dates),
                checked=bool(cells),
            )
        )
    ongoing = [a for a in actions if a.due.read_as == ONGOING]
    if ongoing:
        rows = _unique_rows(ongoing, None)
        examples = ", ".join(f"{a.cells['due']} '{a.due_text}'" for a in _unique_rows(ongoing))
        out.append(
            Guess(
                "ongoing",
                f"that {plural(len(rows), 'due date')} "
                f"{'says' if len(rows) == 1 else 'say'} the action is ongoing or "
                f"repeats, so {'it is' if len(rows) == 1 else 'they are'} never overdue "
                f"({examples})",
                sheet,
                ongoing[0].cells["due"],
                checked=False,
            )
        )
    return out


def _as_typed(action: Action, formats: dict[str, str]) -> str:
    if action.due.read_as == MONTH_TEXT:
        return f"'{action.due_text}'"
    code = formats.get(action.cells["due"])
    shown = f" as '{code}'" if code else " with no day"
    return f"(a date shown{shown})"


def _unique_rows(actions: list[Action], limit: int | None = _EXAMPLES) -> list[Action]:
    """One action per row (a cell holding two numbered actions is one due date)."""
    seen: dict[int, Action] = {}
    for a in actions:
        seen.setdefault(a.row, a)
    found = list(seen.values())
    return found if limit is None else found[:limit]


__all__ = [
    "Guess",
    "checks_entries",
    "column_guesses",
    "rating_column_guess",
    "reading_guesses",
    "scale_guess",
    "table_guess",
]
