"""Suggested ratings: what the facts in an action's row say its rating could be.

The owner keeps the rules as rows on the Settings sheet (see read/rule_settings.py):
a condition, the best rating the condition allows, and the wording of the
reason. When no rules are typed, DEFAULT_RULES apply. Each rule whose
condition holds caps the action's rating; the suggestion is the worst cap,
and its reason lists the wording of every rule that matched, in rule order:
"Red: 12 working days past due, 40% complete, update unchanged since Sep 2016".

The lead's rating is never changed. Where it is better than the suggestion
by one step or more, the action is "rated better than the facts", and the
Tracker, Exceptions and the JSON show the disagreement for people to decide.

Conditions are one or more clauses joined by "and" (or "with"):

- ``past due``: the due date has passed and the action is not complete;
  ``past due by 20 days or more`` waits that long;
- ``due soon`` (within the due-soon window) or ``due within 10 days``: due in
  that time and not complete;
- ``below 50% complete``: % complete is typed and under 50%;
- ``update unchanged for 3 periods``: not complete, and the progress update
  is the same as in each of the last 3 closed periods (needs Plan history);
- ``complete``: rated a rating that counts as complete;
- ``no evidence``: the Evidence cell is blank (only in plans with an
  Evidence column).

Days are counted the plan's way (calendar or working days, see workdays.py).
A rating is a label or code of the scale, or one of: ``worst`` (the scale's
worst rating), ``off track`` (its best off-track rating: Amber on rag4),
``not complete`` (its best rating that does not count as complete).
Wording may use {overdue}, {due_in}, {complete}, {percent}, {since},
{periods}, {rating} and {due}.

Pure functions: the as-of date, the day count and the history are passed in.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from datetime import date

from .dates import format_date
from .model import Action, Problem
from .scales import Rating, Scale
from .trend import _words  # the one rule for "the same update": spaces and case aside
from .words import plural
from .workdays import DayCount

WORST, OFF_TRACK, NOT_COMPLETE = "worst", "off track", "not complete"
RATING_WORDS = (WORST, OFF_TRACK, NOT_COMPLETE)
PLACEHOLDERS = ("overdue", "due_in", "complete", "percent", "since", "periods", "rating", "due")
EXAMPLES = (
    "past due; due soon and below 50% complete; update unchanged for 3 periods; "
    "complete with no evidence"
)


@dataclass(frozen=True)
class RuleRow:
    """One rule as typed on the Settings sheet, with its cells."""

    condition: str
    rating: str
    wording: str = ""
    cells: tuple[str, str, str] = ("", "", "")  # condition, rating, wording


# (condition, rating, wording): the rules a plan gets when its Settings has none.
DEFAULT_RULES = (
    RuleRow("past due", WORST, "{overdue} past due, {complete}"),
    RuleRow("due soon and below 50% complete", OFF_TRACK, "due in {due_in}, {complete}"),
    RuleRow("update unchanged for 3 periods", OFF_TRACK, "update unchanged since {since}"),
    RuleRow("complete with no evidence", NOT_COMPLETE, "rated {rating} with no evidence"),
)


@dataclass(frozen=True)
class Clause:
    """One part of a condition: "past due", "below 50% complete"."""

    kind: str  # "past due", "due within", "below", "unchanged", "complete", "no evidence"
    number: float | None = None  # days, percent or periods; None for "due soon" / "past due"


@dataclass(frozen=True)
class Rule:
    clauses: tuple[Clause, ...]
    rating: Rating
    wording: str
    row: RuleRow


_NUMBER = r"(\d+(?:\.\d+)?)"
_DAYS = rf"{_NUMBER}\s*(?:working\s+|calendar\s+)?days?"
_TESTS = (
    (
        "past due",
        re.compile(
            rf"^(?:past due|overdue)(?:\s+by\s+(?:at least\s+)?{_DAYS}"
            r"(?:\s+or more)?)?$"
        ),
    ),
    ("due within", re.compile(r"^due soon$|^due (?:with)?in\s+(?:the next\s+)?" + _DAYS + "$")),
    (
        "below",
        re.compile(
            rf"^(?:below|under|less than)\s+{_NUMBER}\s*%\s*complete$"
            rf"|^%\s*complete\s+(?:below|under|less than)\s+{_NUMBER}\s*%?$"
        ),
    ),
    (
        "unchanged",
        re.compile(
            rf"^(?:progress\s+)?update unchanged for\s+{_NUMBER}\s+periods?$"
            rf"|^no (?:new |changed )?(?:progress\s+)?update for\s+{_NUMBER}"
            r"\s+periods?$"
        ),
    ),
    ("complete", re.compile(r"^(?:rated\s+|marked\s+)?complete(?:d)?$")),
    ("no evidence", re.compile(r"^(?:no|without)\s+evidence$")),
)


def parse_condition(text: str) -> tuple[Clause, ...] | None:
    """'due soon and below 50% complete' -> its clauses; None when a part is not understood."""
    words = " ".join(text.casefold().replace("\u2019", "'").split()).rstrip(".")
    parts = [p.strip() for p in re.split(r"\s+(?:and|with|&)\s+|\s*,\s*", words) if p.strip()]
    clauses = []
    for part in parts:
        for kind, pattern in _TESTS:
            m = pattern.match(part)
            if m:
                found = next((g for g in m.groups() if g is not None), None)
                clauses.append(Clause(kind, float(found) if found is not None else None))
                break
        else:
            return None
    return tuple(clauses) or None


def resolve_rating(text: str, scale: Scale) -> Rating | None:
    """A rule's rating: a label or code of the scale, or worst / off track / not complete."""
    words = " ".join(text.casefold().split())
    ratings = scale.ratings
    if words in (WORST, "the worst", "worst rating"):
        return ratings[0]
    if words in (OFF_TRACK, "best off track", "at most off track"):
        return next((r for r in reversed(ratings) if r.off_track), ratings[0])
    if words in (NOT_COMPLETE, "best not complete", "below complete"):
        return next((r for r in reversed(ratings) if not r.complete), ratings[0])
    return scale.find(text)


def build_rules(
    rows: tuple[RuleRow, ...], scale: Scale, sheet: str
) -> tuple[list[Rule], list[Problem]]:
    """The rules the plan's Settings give (rows already read), with problems in them."""
    rules, problems = [], []
    for row in rows:
        clauses = parse_condition(row.condition)
        if clauses is None:
            problems.append(
                Problem(
                    sheet,
                    row.cells[0],
                    f"'{row.condition}' is not a condition ragbook knows for suggesting a rating",
                    f"write conditions such as: {EXAMPLES}",
                )
            )
            continue
        rating = resolve_rating(row.rating, scale) if row.rating.strip() else None
        if rating is None:
            shown = row.rating.strip() or "(blank)"
            problems.append(
                Problem(
                    sheet,
                    row.cells[1] or row.cells[0],
                    f"'{shown}' is not a rating on the {scale.name} scale",
                    f"type one of {scale.describe()}, or worst, off track or not complete",
                )
            )
            continue
        unknown = _unknown_placeholders(row.wording)
        if unknown:
            problems.append(
                Problem(
                    sheet,
                    row.cells[2] or row.cells[0],
                    f"the wording '{row.wording}' names {unknown}, which ragbook does not fill",
                    "use {" + "}, {".join(PLACEHOLDERS) + "}, or write {{ and }} for a brace",
                )
            )
            continue
        wording = row.wording.strip() or default_wording(clauses)
        rules.append(Rule(clauses, rating, wording, row))
    return rules, problems


def _unknown_placeholders(wording: str) -> str:
    """The first placeholder in the wording ragbook cannot fill, as typed; '' if none."""
    try:
        for _, name, spec, conversion in string.Formatter().parse(wording):
            if name is not None and (name not in PLACEHOLDERS or spec or conversion):
                return "{" + name + "}"
    except ValueError:  # a lone brace
        return "a lone { or }"
    return ""


def default_wording(clauses: tuple[Clause, ...]) -> str:
    """The reason a rule gives when its wording is left blank."""
    says = {
        "past due": "{overdue} past due",
        "due within": "due in {due_in}",
        "below": "{complete}",
        "unchanged": "update unchanged since {since}",
        "complete": "rated {rating}",
        "no evidence": "no evidence",
    }
    return ", ".join(says[t.kind] for t in clauses)


@dataclass(frozen=True)
class Facts:
    """What the rules need besides the action itself."""

    as_of: date
    days: DayCount
    due_soon_days: int
    has_evidence: bool  # the plan has an Evidence column
    unchanged: dict[str, tuple[int, str]] = field(default_factory=dict)  # ref -> (periods, since)


@dataclass(frozen=True)
class Suggestion:
    """The rating the facts allow for one action, and why."""

    action: Action
    rating: Rating
    reasons: tuple[str, ...]
    rated_better: bool  # the lead's rating is better than this by one step or more

    @property
    def reason(self) -> str:
        """'Red: 12 working days past due, 40% complete'."""
        return f"{self.rating.label}: {', '.join(self.reasons)}"

    def line(self) -> str:
        """'1.8 (QAM, PSW) is rated AMBER; the facts suggest RED: 90 days past due.'"""
        action = self.action
        return (
            f"{action.ref} ({action.lead_text or 'no lead'}) is rated {action.rating.shown}; "
            f"the facts suggest {self.reason}."
        )

    def as_json(self) -> dict:
        return {
            "ref": self.action.ref,
            "rating": _label(self.action),
            "suggested": self.rating.label,
            "reason": self.reason,
            "reasons": list(self.reasons),
            "rated_better_than_facts": self.rated_better,
        }

    def flag_json(self) -> dict:
        """The action in the "rated better than the facts" list."""
        return {
            "ref": self.action.ref,
            "leads": list(self.action.leads),
            "rating": _label(self.action),
            "suggested": self.rating.label,
            "reason": self.reason,
        }


def _label(action: Action) -> str:
    value = action.rating
    return value.rating.label if value.rating else value.shown


def suggest(
    actions: list[Action], rules: list[Rule], scale: Scale, facts: Facts
) -> list[Suggestion]:
    """A suggestion for every action at least one rule matches, in plan order."""
    out = []
    for action in actions:
        due = action.due.date if not action.due.ongoing else None
        matched = [rule for rule in rules if _holds(action, due, rule.clauses, facts)]
        if not matched:
            continue
        cap = min((rule.rating for rule in matched), key=scale.rank)
        values = _values(action, due, facts)
        reasons = tuple(dict.fromkeys(rule.wording.format_map(values) for rule in matched))
        lead = action.rating.rating
        better = lead is not None and scale.rank(lead) > scale.rank(cap)
        out.append(Suggestion(action, cap, reasons, better))
    return out


def _holds(action: Action, due: date | None, clauses: tuple[Clause, ...], facts: Facts) -> bool:
    """Whether every clause of a condition holds for the action."""
    for clause in clauses:
        kind = clause.kind
        if kind == "past due":
            if action.complete or due is None or due >= facts.as_of:
                return False
            if clause.number and facts.days.between(due, facts.as_of) < clause.number:
                return False
        elif kind == "due within":
            window = facts.due_soon_days if clause.number is None else clause.number
            if (
                action.complete
                or due is None
                or due < facts.as_of
                or facts.days.between(facts.as_of, due) > window
            ):
                return False
        elif kind == "below":
            percent = action.percent_complete
            if percent is None or percent * 100 >= (clause.number or 0):
                return False
        elif kind == "unchanged":
            run = facts.unchanged.get(action.ref)
            if action.complete or run is None or run[0] < (clause.number or 1):
                return False
        elif kind == "complete":
            if not action.complete:
                return False
        elif kind == "no evidence" and (not facts.has_evidence or action.evidence.strip()):
            return False
    return True


def _values(action: Action, due: date | None, facts: Facts) -> dict[str, str]:
    """What the wording's placeholders say about the action."""
    run = facts.unchanged.get(action.ref, (0, ""))
    percent = action.percent_complete
    shown = f"{round(percent * 100):g}%" if percent is not None else ""
    return {
        "overdue": facts.days.words(facts.days.between(due, facts.as_of)) if due else "",
        "due_in": (
            "today"
            if due == facts.as_of
            else facts.days.words(facts.days.between(facts.as_of, due))
        )
        if due
        else "",
        "complete": f"{shown} complete" if shown else "no % complete given",
        "percent": shown or "no %",
        "since": run[1],
        "periods": f"{plural(run[0], 'period')}",
        "rating": _label(action),
        "due": format_date(due) if due else action.due_text,
    }


def unchanged_runs(actions: list[Action], past: list) -> dict[str, tuple[int, str]]:
    """ref -> (closed periods in a row, latest first, whose progress update is the one
    typed now, the first of them), for actions with at least one such period.

    `past` is the Trend's periods before now, oldest first (trend.Snapshot); only
    closed periods keep progress text, so rating columns end a run.
    """
    out = {}
    for action in actions:
        now = _words(action.progress)
        count, since = 0, ""
        for snapshot in reversed(past):
            if snapshot.progress is None or _words(snapshot.progress.get(action.ref)) != now:
                break
            count, since = count + 1, snapshot.label
        if count:
            out[action.ref] = (count, since)
    return out


__all__ = [
    "DEFAULT_RULES",
    "PLACEHOLDERS",
    "RATING_WORDS",
    "Clause",
    "Facts",
    "Rule",
    "RuleRow",
    "Suggestion",
    "build_rules",
    "default_wording",
    "parse_condition",
    "resolve_rating",
    "suggest",
    "unchanged_runs",
]
