"""The one source of truth for the plan workbook: sheet names, fields, headers.

The template, the reader, the README and the tests all read from here, so a
header synonym added once is understood everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

# Sheets the user owns: ragbook reads them and never rewrites what was typed.
ACTIONS = "Actions"
INDICATORS = "Indicators"
LEADS = "Leads"
SETTINGS = "Settings"

# Sheets ragbook owns, by role. The name is what a new sheet is called; the
# role is what ragbook records in the workbook so a renamed sheet is still
# recognised as its own.
TRACKER = "Tracker"
EXCEPTIONS = "Exceptions"
CHECKS = "Checks"
# Excel reserves the sheet name "History", so the history sheet is not called that.
HISTORY = "Plan history"
CHANGE_LOG = "Change log"


class Role(StrEnum):
    """What a sheet ragbook owns is for: the text ragbook records on the sheet in
    the workbook, so a renamed sheet is still recognised as its own. A lead's
    sheet has the role lead_role(code) ("lead:AF")."""

    TRACKER = "tracker"
    EXCEPTIONS = "exceptions"
    CHECKS = "checks"
    HISTORY = "history"
    CHANGE_LOG = "changelog"

    @property
    def sheet_name(self) -> str:
        """The name a new sheet of this role is given."""
        return _SHEET_NAMES[self]


_SHEET_NAMES = {
    Role.TRACKER: TRACKER,
    Role.EXCEPTIONS: EXCEPTIONS,
    Role.CHECKS: CHECKS,
    Role.HISTORY: HISTORY,
    Role.CHANGE_LOG: CHANGE_LOG,
}
LEAD_ROLE_PREFIX = "lead:"


def lead_role(code: str) -> str:
    """The role of the sheet of the lead whose code is `code`."""
    return LEAD_ROLE_PREFIX + code


def is_lead_role(role: str) -> bool:
    """Whether `role` is a lead sheet's (see lead_role)."""
    return role.startswith(LEAD_ROLE_PREFIX)


@dataclass(frozen=True)
class Field:
    """One column ragbook understands, with the headers councils use for it."""

    key: str
    header: str
    synonyms: tuple[str, ...]
    required: bool = False
    kind: str = "text"  # text, date, rating, percent, money, number
    width: float = 14
    description: str = ""

    @property
    def normalised_synonyms(self) -> frozenset[str]:
        return frozenset(normalise_header(s) for s in (self.header, *self.synonyms))


def normalise_header(text: object) -> str:
    """Lower case, punctuation and runs of spaces folded to one space.

    "Lead(s)", "LEAD (S)" and "lead s" all become "lead s"; "By when?" becomes
    "by when"; "%" is kept because "% complete" means something.
    """
    if text is None:
        return ""
    folded = re.sub(r"[^0-9a-z%£]+", " ", str(text).lower())
    return folded.strip()


ACTION_FIELDS: tuple[Field, ...] = (
    Field(
        "ref",
        "Ref",
        (
            "ref.",
            "no",
            "no.",
            "number",
            "reference",
            "action ref",
            "action no",
            "action number",
            "id",
        ),
        required=True,
        width=8,
        description="The action's reference, e.g. 1.2",
    ),
    Field(
        "priority",
        "Priority",
        ("priority", "theme", "priority theme", "workstream", "domain", "pillar", "priority area"),
        width=18,
        description="The priority or theme the action belongs to",
    ),
    Field(
        "recommendation",
        "Ofsted recommendation",
        (
            "recommendation",
            "recommendations",
            "recommendation(s)",
            "ofsted recommendation",
            "ofsted recommendations",
            "ofsted recommendation(s)",
            "ofsted rec",
            "rec",
            "recommendation no",
            "ofsted recommendation no",
        ),
        width=14,
        description="The Ofsted recommendation number it answers",
    ),
    Field(
        "outcome",
        "Outcome",
        ("outcomes", "objective", "outcome sought", "improvement outcome"),
        width=30,
        description="What the action is for",
    ),
    Field(
        "action",
        "Action",
        (
            "action",
            "actions",
            "action(s)",
            "action description",
            "what we will do",
            "improvement action",
            "key actions",
        ),
        required=True,
        width=45,
        description="What will be done",
    ),
    Field(
        "success_measures",
        "Success measure(s)",
        (
            "success measure",
            "success measures",
            "success measure(s)",
            "measure of success",
            "measures of success",
            "success criteria",
        ),
        width=30,
        description="How success will be measured",
    ),
    Field(
        "lead",
        "Lead(s)",
        (
            "lead",
            "leads",
            "lead(s)",
            "lead officer",
            "lead officers",
            "lead officer(s)",
            "responsible officer",
            "responsible officer(s)",
            "responsible",
            "owner",
            "action owner",
        ),
        required=True,
        width=16,
        description="Lead code(s) or names; several are separated by spaces, /, commas or &",
    ),
    Field(
        "due",
        "Date due",
        (
            "due",
            "due date",
            "date due",
            "by when",
            "by when?",
            "provisional time",
            "provisional timescale",
            "timescale",
            "timescales",
            "deadline",
            "target date",
            "completion date",
            "date for completion",
        ),
        required=True,
        kind="date",
        width=14,
        description="A date (31/12/2016), a month (January 2017) or 'ongoing'",
    ),
    Field(
        "rating",
        "RAG rating",
        (
            "rag",
            "rag rating",
            "rag status",
            "status rag rating",
            "rating",
            "status",
            "current rag",
            "rag current",
        ),
        required=True,
        kind="rating",
        width=16,
        description="The current rating, by label or code from the scale in Settings",
    ),
    Field(
        "percent_complete",
        "% complete",
        ("% complete", "percent complete", "% completed", "percentage complete", "% progress"),
        kind="percent",
        width=11,
        description="How far the action has got",
    ),
    Field(
        "progress",
        "Progress update",
        (
            "progress update",
            "status update",
            "update",
            "update from service",
            "progress",
            "latest update",
            "commentary",
            "progress commentary",
            "status what is the progress on the action",
        ),
        width=45,
        description="The lead's latest update",
    ),
    Field(
        "evidence",
        "Evidence",
        (
            "evidence",
            "evidence of impact",
            "evidence of progress",
            "performance is the action making a difference",
        ),
        width=30,
        description="Evidence of progress or impact",
    ),
    Field(
        "one_off_cost",
        "One-off cost",
        ("one off cost", "one off costs", "one-off cost", "one-off costs", "one off"),
        kind="money",
        width=12,
        description="One-off cost in pounds",
    ),
    Field(
        "recurring_cost",
        "Recurring cost",
        ("recurring cost", "recurring costs", "ongoing cost", "ongoing costs", "recurrent cost"),
        kind="money",
        width=12,
        description="Recurring (yearly) cost in pounds",
    ),
)
ACTION_FIELD_BY_KEY = {f.key: f for f in ACTION_FIELDS}
# Update columns: the ones a lead may change in their own workbook.
UPDATE_FIELDS = ("rating", "percent_complete", "progress", "evidence")

# A header such as "RAG Initial", "RAG Oct" or "RAG rating Sept 2016" is a
# rating column for one period; the rightmost is current.
RATING_HISTORY_HEADER = re.compile(r"^(rag rating|rag status|rag|rating|status)\s+(?P<period>.+)$")

LEAD_FIELDS: tuple[Field, ...] = (
    Field(
        "code",
        "Code",
        ("code", "lead", "lead code", "initials", "short name"),
        required=True,
        width=12,
        description="What the Actions sheet calls this lead",
    ),
    Field(
        "name",
        "Name",
        ("name", "full name", "lead name", "officer"),
        width=26,
        description="Full name (or role title)",
    ),
    Field(
        "role",
        "Role",
        ("role", "job title", "title", "position"),
        width=30,
        description="Job title",
    ),
    Field(
        "email",
        "Email",
        ("email", "e mail", "email address", "e mail address"),
        width=32,
        description="Where their workbook is sent",
    ),
)
# Read when there, not written in new plans: who else may e-mail a lead's workbook back.
LEAD_OPTIONAL_FIELDS: tuple[Field, ...] = (
    Field(
        "delegates",
        "Delegates",
        ("delegates", "delegate", "deputy", "deputies", "may reply for them"),
        width=32,
        description="Who else may send their workbook back (collect --mailbox)",
    ),
)

INDICATOR_FIELDS: tuple[Field, ...] = (
    Field("ref", "Ref", ("ref", "no", "id", "reference"), required=True, width=8),
    Field(
        "indicator",
        "Indicator",
        ("indicator", "measure", "performance indicator", "kpi", "pi", "description"),
        required=True,
        width=40,
    ),
    Field("priority", "Priority", ("priority", "theme", "recommendation", "evidences"), width=16),
    Field("lead", "Lead", ("lead", "lead(s)", "owner"), width=12),
    Field(
        "unit",
        "Unit",
        ("unit", "units", "measure type"),
        width=8,
        description="%, number, days or £",
    ),
    Field(
        "polarity",
        "Polarity",
        ("polarity", "better is", "good is", "direction"),
        width=18,
        description="Higher is better, Lower is better, or Within range",
    ),
    Field("target", "Target", ("target",), kind="number", width=10),
    Field(
        "tolerance",
        "Amber tolerance",
        ("amber tolerance", "tolerance", "amber"),
        width=12,
        description="How far from target is still amber: a number, or a percent of target",
    ),
    Field(
        "comparator_name",
        "Comparator",
        ("comparator", "benchmark", "comparator name"),
        width=18,
        description="e.g. National average",
    ),
    Field(
        "comparator",
        "Comparator value",
        ("comparator value", "benchmark value", "national average", "statistical neighbours"),
        kind="number",
        width=12,
    ),
)

# Keys of the Settings sheet's top block (column A label, column B value).
SETTING_KEYS = {
    "title": ("plan title", "title"),
    "scale": ("scale", "rag scale", "rating scale"),
    "due_soon_days": ("due soon window days", "due soon window", "due soon days", "due soon"),
    "as_of": ("as of date", "as of", "as at", "report date"),
    "plan_sheet": ("actions sheet", "plan sheet"),
    "header_row": ("header row", "actions header row"),
    "recommendations": (
        "ofsted recommendations",
        "number of recommendations",
        "recommendations",
        "number of ofsted recommendations",
    ),
    "lead_columns": ("lead workbook columns", "lead columns", "columns for leads"),
    # Read by read/rule_settings.py: how days are counted, the plan's period, the red limit.
    "day_count": ("count days as", "days counted as", "count days in", "day count"),
    "nation": ("nation", "bank holidays", "bank holidays of", "bank holidays for"),
    "plan_period": ("plan period", "period of the plan", "plan runs"),
    "red_limit": (
        "most red actions per lead",
        "red actions per lead",
        "red limit per lead",
        "most red actions for a lead",
    ),
    # Guesses the owner confirms (or overrides), which takes them out of Checks.
    "month_dates": ("month dates", "month only dates", "dates with no day"),
    "colour_ratings": (
        "colour ratings",
        "color ratings",
        "ratings shown as colours",
        "ratings shown as colors",
    ),
    "returns_window_days": ("returns window", "returns window days", "returns window (days)"),
    # Printed at the top and bottom of every page of ragbook's sheets.
    "marking": (
        "protective marking",
        "security marking",
        "security classification",
        "government security classification",
    ),
    # Read by remind: who is copied into a lead's second and later reminders.
    "reminder_copy": (
        "copy second reminders to",
        "second reminder copy to",
        "reminder manager",
        "manager for reminders",
    ),
}
# What each of those settings may say: value -> meaning (see settings.read_settings).
MONTH_DATES = {"end of month": "end", "first of month": "start"}
COLOUR_RATINGS = {"read": "read", "not rated": "not rated"}
# Settings rows that pin a column of the action table: "Lead column" -> D.
PIN_SUFFIX = " column"
SETTING_LABELS = {
    "title": "Plan title",
    "scale": "Scale",
    "due_soon_days": "Due-soon window (days)",
    "as_of": "As-of date",
    "day_count": "Count days as",
    "nation": "Bank holidays of",
    "plan_period": "Plan period",
    "red_limit": "Most red actions per lead",
}
# Header of the RAG key table in Settings.
SCALE_TABLE_HEADERS = ("Label", "Code", "Colour", "Meaning", "Counts as")
COUNTS_AS = ("complete", "on track", "off track")
# Header of the suggested-rating rules block in Settings (see suggest.py).
RULE_TABLE_HEADERS = ("Condition", "Rating", "Wording")
DEFAULT_RED_LIMIT = 3
DEFAULT_DUE_SOON_DAYS = 30
# close-period's default: in the first days of a month the returns for the month
# before are still coming in, so that is the period to close.
DEFAULT_RETURNS_WINDOW_DAYS = 14
NOT_RATED = "Not rated"
UNRECOGNISED = "Unrecognised"
NO_PRIORITY = "No priority"
