"""The plan linter: does the plan keep its own promises?

Data errors (a date that does not exist, a rating not on the scale, a ref used
twice, an action with no lead or due date) are Problems, found as the plan is
read. These findings are about the plan's quality instead, and are listed
apart from them on the Checks sheet and in the JSON ("lint"):

- every Ofsted recommendation the plan names has at least one action, and at
  least one success measure or indicator that can be measured (a number or a
  percentage): "recommendation without action", "recommendation without
  measure";
- every action has a success measure: "no success measure";
- no lead carries more actions rated the scale's worst rating than Settings
  allows ("Most red actions per lead", 3 unless typed): "too many red";
- due dates fall inside the plan's period, when Settings gives it: "due
  outside plan period";
- no action is past due with no update, or with the update it had at the
  previous period: "past due with no update".

Pure functions of the plan as read and what compute.py already worked out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .action_text import recommendation_number
from .dates import MONTH_RE, format_date
from .model import Action, PlanData, Problem
from .schema import ACTION_FIELD_BY_KEY, LEADS
from .workdays import DayCount

CHECKS = (
    "recommendation without action",
    "recommendation without measure",
    "no success measure",
    "too many red",
    "due outside plan period",
    "past due with no update",
)
# Dates and years are not measures: "by March 2017" promises a date, not a number.
_NOT_MEASURES = re.compile(
    rf"\b\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}\b|\b(?:19|20)\d\d\b"
    rf"|\b(?:{MONTH_RE})\b\.?\s*'?\d{{2}}\b|\bq[1-4]\b",
    re.I,
)
_NUMBER = re.compile(r"\d")
_PERCENTAGE = re.compile(r"\d\s*%")


@dataclass(frozen=True)
class Finding(Problem):
    """A plan-quality gap: a Problem with the name of the check that found it."""

    check: str = ""

    def as_dict(self) -> dict:
        return {**super().as_dict(), "check": self.check}


def measurable(text: str) -> bool:
    """Whether a success measure names a number or a percentage (not only a date)."""
    if not text or not _NUMBER.search(text):  # most text has no digit: skip the dates
        return False
    if _PERCENTAGE.search(text):
        return True
    return bool(_NUMBER.search(_NOT_MEASURES.sub(" ", text)))


def lint(
    plan: PlanData,
    rows: list[Coverage],
    overdue: list[tuple[Action, int]],
    stale: dict[str, str],
    days: DayCount,
) -> list[Finding]:
    """Every finding, check by check, each in plan order.

    `rows` is the coverage map; `stale` is ref -> the period whose progress update is still the one typed
    now (the previous period's, at least), from the Plan history.
    """
    sheet = plan.actions_sheet
    out: list[Finding] = []
    out += _recommendations(plan, rows, sheet)
    out += _success_measures(plan, sheet)
    out += _red_per_lead(plan)
    out += _plan_period(plan, sheet)
    for action, late in overdue:
        where = action.cells.get("progress") or action.cells.get("ref", "")
        if not action.progress.strip():
            said = "has no progress update"
        elif action.ref in stale:
            said = f"its update is unchanged since {stale[action.ref]}"
        else:
            continue
        out.append(
            Finding(
                sheet,
                where,
                f"action {action.ref} is {days.words(late)} past due and {said}",
                "ask its lead for an update, and a new date if it has slipped",
                "past due with no update",
            )
        )
    return out


@dataclass(frozen=True)
class Coverage:
    """One Ofsted recommendation: the actions that answer it, how many of them have a
    success measure that can be measured, and the indicators with a target for it."""

    recommendation: str
    actions: tuple[str, ...]  # refs
    measurable: int
    indicators: tuple[str, ...]  # refs

    @property
    def gap(self) -> str:
        """'no action', 'no measure' or ''."""
        if not self.actions:
            return "no action"
        return "" if self.measurable or self.indicators else "no measure"

    def as_json(self) -> dict:
        return {
            "recommendation": self.recommendation,
            "actions": list(self.actions),
            "measurable": self.measurable,
            "indicators": list(self.indicators),
            "gap": self.gap or None,
        }


_REC = re.compile(r"^(?:rec(?:ommendation)?\.?\s*(?:no\.?\s*)?)?(\d{1,3})$", re.I)


def coverage(plan: PlanData, by_recommendation: dict[str, int]) -> list[Coverage]:
    """The coverage map: every recommendation the plan names, in order."""
    indicators: dict[str, list[str]] = {}
    for indicator in plan.indicators:
        text = " ".join(indicator.priority.split())
        m = _REC.match(text)
        rec = m.group(1) if m else recommendation_number(text)
        if rec is not None and indicator.target is not None:
            indicators.setdefault(rec, []).append(indicator.ref)
    answering: dict[str, list[Action]] = {}
    for action in plan.actions:
        if action.recommendation:
            answering.setdefault(action.recommendation, []).append(action)
    out = []
    for rec in by_recommendation:
        mine = answering.get(rec, [])
        out.append(
            Coverage(
                rec,
                tuple(a.ref for a in mine),
                sum(1 for a in mine if measurable(a.success_measures)),
                tuple(indicators.get(rec, ())),
            )
        )
    return out


def _recommendations(plan: PlanData, rows: list[Coverage], sheet: str) -> list[Finding]:
    out = []
    for row in rows:
        rec = row.recommendation
        if row.gap == "no action":
            out.append(
                Finding(
                    sheet,
                    "",
                    f"Ofsted recommendation {rec} has no action",
                    f"add an action for it, with {rec} in the Ofsted recommendation column",
                    "recommendation without action",
                )
            )
        elif row.gap == "no measure":
            out.append(
                Finding(
                    sheet,
                    "",
                    f"Ofsted recommendation {rec} has no success measure "
                    "or indicator that can be measured (a number or a percentage)",
                    "give one of its actions a success measure such as '95% of "
                    "assessments within 45 working days', or add an indicator with "
                    f"a target whose Priority is Recommendation {rec}",
                    "recommendation without measure",
                )
            )
    return out


def _success_measures(plan: PlanData, sheet: str) -> list[Finding]:
    header = ACTION_FIELD_BY_KEY["success_measures"].header
    if "success_measures" not in plan.columns:
        if not plan.actions:
            return []
        return [
            Finding(
                sheet,
                "",
                f"the action table has no {header} column, so no action "
                "says how success will be measured",
                f"add a column headed '{header}'",
                "no success measure",
            )
        ]
    return [
        Finding(
            sheet,
            a.cells["success_measures"],
            f"action {a.ref} has no success measure",
            "say how success will be measured, with a number or percentage where there is one",
            "no success measure",
        )
        for a in plan.actions
        if not a.success_measures.strip()
    ]


def _red_per_lead(plan: PlanData) -> list[Finding]:
    scale, limit = plan.settings.scale, plan.settings.red_limit
    if scale is None or len(scale.ratings) < 2:
        return []
    worst = scale.ratings[0]
    counts: dict[str, list[str]] = {}
    for action in plan.actions:
        if action.rating.rating == worst:
            for code in action.leads:
                counts.setdefault(code, []).append(action.ref)
    out = []
    for code, refs in sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0].casefold())):
        if len(refs) <= limit:
            continue
        lead = plan.leads.get(code)
        where = (LEADS, f"A{lead.row}") if lead and lead.row else (plan.actions_sheet, "")
        out.append(
            Finding(
                *where,
                f"{plan.lead_display(code)} leads {len(refs)} actions rated "
                f"{worst.label} ({', '.join(refs)}), more than the {limit} Settings "
                "allows",
                "share the actions out or agree support for this lead; "
                "'Most red actions per lead' on Settings sets the limit",
                "too many red",
            )
        )
    return out


def _plan_period(plan: PlanData, sheet: str) -> list[Finding]:
    period = plan.settings.plan_period
    if period is None:
        return []
    first, last = period
    out = []
    for action in plan.actions:
        due = action.due.date
        if due is None or first <= due <= last or "due" not in action.cells:
            continue
        side = "before the plan starts" if due < first else "after the plan ends"
        out.append(
            Finding(
                sheet,
                action.cells["due"],
                f"action {action.ref} is due {format_date(due)}, {side} "
                f"({format_date(first)} to {format_date(last)})",
                "bring the due date inside the plan's period, or correct 'Plan period' on Settings",
                "due outside plan period",
            )
        )
    return out


__all__ = ["CHECKS", "Coverage", "Finding", "coverage", "lint", "measurable"]
