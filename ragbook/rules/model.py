"""The plan as ragbook understands it, independent of any file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ..xlsx.refs import cell_ref
from .dates import Due
from .scales import Rating, Scale
from .schema import DEFAULT_RED_LIMIT, DEFAULT_RETURNS_WINDOW_DAYS
from .workdays import DayCount


@dataclass(frozen=True)
class Problem:
    """Something the owner should fix, and where."""

    sheet: str
    cell: str  # "F12", or "" when the problem is with the sheet as a whole
    message: str
    fix: str = ""

    @property
    def where(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def line(self) -> str:
        text = f"{self.where}: {self.message}"
        if self.fix:
            text += f"; {self.fix}"
        return text if text.endswith(".") else text + "."

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "cell": self.cell, "message": self.message, "fix": self.fix}


@dataclass
class Lead:
    code: str
    name: str = ""
    role: str = ""
    email: str = ""
    row: int | None = None  # row on the Leads sheet, when it is there
    delegates: str = ""  # who else may return their workbook by e-mail, as typed

    @property
    def display(self) -> str:
        if self.name and self.name != self.code:
            return f"{self.name} ({self.code})"
        return self.code


@dataclass
class RatingValue:
    """A rating cell: what was typed and what it means on the scale."""

    text: str
    rating: Rating | None
    cell: str = ""
    fill: str | None = None  # the cell's fill colour, for ratings shown only as a colour
    unmatched_colour: bool = False  # a colour-only rating that is no colour of the scale
    # A formula with no calculated value saved (a file written by a script): not a blank.
    uncalculated: bool = False

    @property
    def blank(self) -> bool:
        return (
            not self.text.strip()
            and self.rating is None
            and not self.unmatched_colour
            and not self.uncalculated
        )

    @property
    def from_colour(self) -> bool:
        """Read from the cell's fill colour alone (a guess, listed by check --explain)."""
        return self.rating is not None and not self.text.strip()

    @property
    def unrecognised(self) -> bool:
        return self.rating is None and not self.blank

    @property
    def shown(self) -> str:
        """What a sheet shows for it: the label, what was typed, the colour, or Not rated."""
        if self.rating is not None:
            return self.rating.label
        if self.text.strip():
            return self.text.strip()
        if self.unmatched_colour:
            return f"Colour #{self.fill}"
        if self.uncalculated:
            return "Formula with no value"
        return "Not rated"


class CellRefs(Mapping):
    """field key -> cell reference ("F12") of one action, computed when asked."""

    __slots__ = ("columns", "row")

    def __init__(self, row: int, columns: dict[str, int]):
        self.row, self.columns = row, columns

    def __getitem__(self, key: str) -> str:
        return cell_ref(self.row, self.columns[key])

    def __iter__(self):
        return iter(self.columns)

    def __len__(self) -> int:
        return len(self.columns)

    def __repr__(self) -> str:
        return f"CellRefs({dict(self)!r})"


@dataclass
class Action:
    row: int
    ref: str
    text: str
    leads: tuple[str, ...]
    lead_text: str
    due: Due
    due_text: str
    rating: RatingValue
    priority: str = ""
    recommendation: str = ""
    outcome: str = ""
    success_measures: str = ""
    percent_complete: float | None = None
    progress: str = ""
    evidence: str = ""
    one_off_cost: float | None = None
    recurring_cost: float | None = None
    history: tuple[tuple[str, RatingValue], ...] = ()  # (period, rating), oldest first
    cells: Mapping[str, str] = field(default_factory=dict)  # field key -> cell reference
    extra: dict[str, object] = field(default_factory=dict)  # unknown columns, by header

    @property
    def complete(self) -> bool:
        return bool(self.rating.rating and self.rating.rating.complete)

    def days_overdue(self, as_of: date, days: DayCount | None = None) -> int | None:
        """Days past due at as_of, or None when not overdue (or complete).

        Counted in working days when `days` says so: then an action due on a
        Friday is overdue, by 0 working days, on the Saturday after.
        """
        if self.complete or self.due.date is None or self.due.ongoing or self.due.date >= as_of:
            return None
        return days.between(self.due.date, as_of) if days else (as_of - self.due.date).days

    def due_within(self, as_of: date, window_days: int, days: DayCount | None = None) -> bool:
        if self.complete or self.due.date is None or self.due.ongoing or self.due.date < as_of:
            return False
        return (
            days.between(as_of, self.due.date) if days else (self.due.date - as_of).days
        ) <= window_days


@dataclass
class Settings:
    title: str = "Improvement plan"
    scale: Scale | None = None
    scale_source: str = ""  # "settings", "preset name in settings", "detected", "option"
    due_soon_days: int = 30
    as_of: date | None = None
    recommendations: int | None = None  # how many the Ofsted report made, when known
    lead_columns: tuple[str, ...] = ()  # headers to show in lead workbooks, as typed
    lead_columns_cell: str = ""  # where they were typed on Settings
    days: DayCount = DayCount()  # calendar days, or working days of a nation
    plan_period: tuple[date, date] | None = None  # the plan's first and last day, when typed
    red_limit: int = (
        DEFAULT_RED_LIMIT  # the most actions rated the worst rating a lead should carry
    )
    rules: tuple | None = None  # suggest.RuleRow as typed on Settings; None: the shipped rules
    # Guesses the owner pinned on Settings ("" when not): "end" or "start" of the month a
    # date with no day means; "read" or "not rated" for ratings shown only as a fill colour.
    month_dates: str = ""
    colour_ratings: str = ""
    returns_window_days: int = DEFAULT_RETURNS_WINDOW_DAYS  # see closeperiod.default_period
    reminder_copy: str = ""  # e-mail address(es) copied into second reminders, as typed
    reminder_copy_cell: str = ""  # where it was typed on Settings
    marking: str = ""  # a protective marking printed on every page (OFFICIAL-SENSITIVE), as typed


@dataclass
class PlanData:
    """Everything read from the workbook, before any computing."""

    settings: Settings
    actions: list[Action]
    leads: dict[str, Lead]  # by code
    problems: list[Problem]
    actions_sheet: str
    header_row: int
    columns: dict[str, int]  # field key -> column number
    rating_columns: list[tuple[str, int]]  # (period, column), oldest first; last is current
    indicators: list = field(default_factory=list)
    percent_hundreds: bool = False  # % complete typed 0-100 rather than as fractions
    notes: list[str] = field(default_factory=list)  # what ragbook understood, for --explain
    header_texts: dict[int, str] = field(default_factory=dict)  # column -> header as typed
    unknown_columns: dict[int, str] = field(default_factory=dict)  # columns kept as they are
    # (row, "priority" | "recommendation" | "narrative" | "repeated header", text)
    structure: list[tuple[int, str, str]] = field(default_factory=list)
    recommendations: dict[str, str] = field(default_factory=dict)  # number -> text, as met
    candidates: list[tuple[str, int, int]] = field(default_factory=list)  # (sheet, row, score)
    history: list = field(default_factory=list)  # history.HistoryRow: closed periods, oldest first
    guesses: list = field(default_factory=list)  # guesses.Guess: what was guessed, for --explain
    hidden_rows: list[int] = field(default_factory=list)  # rows of the table hidden in Excel
    filtered: bool = False  # the hidden rows are under the sheet's filter (filtered out)
    key: object = None  # sheetkey.SheetKey: the RAG key typed above the table, if any

    def lead_display(self, code: str) -> str:
        """A lead's name and code as the sheets show them; the code alone when not on Leads."""
        lead = self.leads.get(code)
        return lead.display if lead else code
