"""The numbers the tracker shows. Pure functions of the plan and the as-of date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from .costs import Costs, total_costs
from .indicators import Assessment, assess, count_ratings
from .lint import Coverage, Finding, coverage, lint
from .model import Action, PlanData, Problem
from .round_table import RoundTable
from .scales import Scale, fold
from .schema import NO_PRIORITY, NOT_RATED, SETTINGS, UNRECOGNISED
from .suggest import DEFAULT_RULES, Facts, Suggestion, build_rules, suggest, unchanged_runs
from .trend import Trend, build_trend, value_label
from .words import plural
from .workdays import DayCount


@dataclass
class LeadCounts:
    code: str
    total: int = 0  # how many actions the lead has
    ratings: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    due_soon: int = 0
    actions: list[Action] = field(default_factory=list, repr=False)


@dataclass
class PeriodCounts:
    label: str  # "Initial", "Previous", "Current"
    source: str  # header period, e.g. "Oct", or "" for the current column
    counts: dict[str, int]


@dataclass
class Summary:
    title: str
    as_of: date
    scale: Scale
    due_soon_days: int
    actions: list[Action]
    ratings: dict[str, int]
    by_priority: dict[str, dict[str, int]]
    overdue: list[tuple[Action, int]]  # most days overdue first
    due_soon: list[Action]  # soonest first
    exceptions: list[Action]
    on_track_or_complete: int
    on_track_or_complete_pct: float
    periods: list[PeriodCounts]
    by_lead: dict[str, LeadCounts]
    by_recommendation: dict[str, int]
    problems: list[Problem]
    trend: Trend | None = None  # the periods before now, and what changed since the previous
    indicators: list[Assessment] = field(default_factory=list)
    days: DayCount = DayCount()  # how days are counted: calendar, or working days of a nation
    suggestions: list[Suggestion] = field(default_factory=list)  # in plan order
    lint: list[Finding] = field(default_factory=list)  # plan-quality findings, apart from problems
    coverage: list[Coverage] = field(default_factory=list)  # recommendations x actions x measures
    costs: Costs | None = None  # None when the plan has no cost columns
    round: RoundTable | None = None  # this period's round, when workbooks were e-mailed
    _by_action: dict = field(default_factory=dict, repr=False)

    @property
    def due_soon_until(self) -> date:
        return self.days.add(self.as_of, self.due_soon_days)

    @property
    def rated_better(self) -> list[Suggestion]:
        """Actions whose lead's rating is better than the facts allow, in plan order."""
        return [s for s in self.suggestions if s.rated_better]

    def suggestion(self, action: Action) -> Suggestion | None:
        """The action's suggested rating, when a rule matched it."""
        if len(self._by_action) != len(self.suggestions):
            self._by_action = {id(s.action): s for s in self.suggestions}
        return self._by_action.get(id(action))

    @property
    def recommendations_without_actions(self) -> list[str]:
        return [r for r, n in self.by_recommendation.items() if n == 0]

    @property
    def overdue_word(self) -> str:
        """What the date measure is called: "overdue", or "past due date" on a scale with a
        rating called Overdue (status4), so the two cannot be taken for each other."""
        return past_due_word(self.scale)

    def rating_keys(self, unrecognised: bool | None = None) -> list[str]:
        """Rating labels worst first, then Not rated, then Unrecognised when wanted
        (by default, when a current rating is unrecognised)."""
        keys = [*self.scale.labels, NOT_RATED]
        if self.ratings.get(UNRECOGNISED) if unrecognised is None else unrecognised:
            keys.append(UNRECOGNISED)
        return keys

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "scale": self.scale.name,
            "actions": len(self.actions),
            "ratings": dict(self.ratings),
            "by_priority": {p: dict(c) for p, c in self.by_priority.items()},
            "overdue": len(self.overdue),
            "due_soon": len(self.due_soon),
            "due_soon_days": self.due_soon_days,
            "on_track_or_complete_pct": self.on_track_or_complete_pct,
            "by_recommendation": dict(self.by_recommendation),
            "recommendations_without_actions": self.recommendations_without_actions,
            "by_lead": {
                code: {
                    "actions": c.total,
                    "overdue": c.overdue,
                    "due_soon": c.due_soon,
                    "ratings": dict(c.ratings),
                }
                for code, c in self.by_lead.items()
            },
            "problems": [p.as_dict() for p in self.problems],
            "indicators": {
                "ratings": count_ratings(self.indicators),
                "list": [a.as_json() for a in self.indicators],
            },
            "history": self.trend.as_json() if self.trend else None,
            "days": self.days.unit,
            "bank_holidays": self.days.nation if self.days.working else None,
            "suggested_ratings": [s.as_json() for s in self.suggestions],
            "rated_better_than_facts": [s.flag_json() for s in self.rated_better],
            "lint": [f.as_dict() for f in self.lint],
            "coverage": [c.as_json() for c in self.coverage],
            "costs": self.costs.as_json() if self.costs else None,
        }

    def sentence(self) -> str:
        """'95 actions: 2 red, 3 amber, 74 green, 16 completed; 54 overdue, 7 due within 30 days'."""
        parts = [
            f"{n} {label.lower()}"
            for label, n in self.ratings.items()
            if n and label not in (NOT_RATED, UNRECOGNISED)
        ]
        for label in (NOT_RATED, UNRECOGNISED):
            if self.ratings.get(label):
                parts.append(f"{self.ratings[label]} {label.lower()}")
        n = len(self.actions)
        text = plural(n, "action")
        if parts:
            text += ": " + ", ".join(parts)
        text += f"; {len(self.overdue)} {self.overdue_word}, {len(self.due_soon)} due within "
        text += f"{self.due_soon_days} {self.days.plural}"
        return text

    def report(self, checks_sheet: str | None = None) -> str:
        """sentence() and the problems: '...; 3 problems listed in Checks' ('no problems found')."""
        n = len(self.problems)
        if not n:
            return f"{self.sentence()}; no problems found"
        where = f" listed in {checks_sheet}" if checks_sheet else ""
        return f"{self.sentence()}; {plural(n, 'problem')}{where}"


def past_due_word(scale: Scale) -> str:
    """ "overdue", or "past due date" when a rating of the scale is called Overdue."""
    taken = any(fold(k) == "overdue" for r in scale.ratings for k in (r.label, r.code))
    return "past due date" if taken else "overdue"


def rating_label(action: Action) -> str:
    return value_label(action.rating)


def percent(part: int, whole: int) -> float:
    """part/whole as a percentage to one decimal, halves rounded up (as Excel's ROUND)."""
    if not whole:
        return 0.0
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return float(value)


@lru_cache(maxsize=1 << 17)
def natural_key(ref: str) -> tuple:
    """'1.2' < '1.10' < '2.1'; text after numbers sorts as text."""
    return tuple(
        (0, int(p), "") if p.isdigit() else (1, 0, p.casefold())
        for p in re.split(r"(\d+)", ref)
        if p
    )


def summarise(plan: PlanData, as_of: date) -> Summary:
    scale = plan.settings.scale
    assert scale is not None, "the scale is resolved when the plan is read"
    actions = plan.actions
    keys = [*scale.labels, NOT_RATED, UNRECOGNISED]
    ratings = dict.fromkeys(keys, 0)
    by_priority: dict[str, dict[str, int]] = {}
    by_lead: dict[str, LeadCounts] = {}
    by_recommendation: dict[str, int] = {}
    overdue: list[tuple[Action, int]] = []
    due_soon: list[Action] = []
    window = plan.settings.due_soon_days
    days = plan.settings.days
    for action in actions:  # priorities in the order the plan first uses them
        by_priority.setdefault(action.priority or NO_PRIORITY, dict.fromkeys(keys, 0))
    # Walking the actions in ref order leaves each lead's list already sorted.
    for action in sorted(actions, key=lambda a: natural_key(a.ref)):
        label = rating_label(action)
        ratings[label] += 1
        by_priority[action.priority or NO_PRIORITY][label] += 1  # every priority made above
        late = action.days_overdue(as_of, days)
        soon = action.due_within(as_of, window, days)
        if late is not None:
            overdue.append((action, late))
        if soon:
            due_soon.append(action)
        for code in action.leads:
            counts = by_lead.setdefault(code, LeadCounts(code, ratings=dict.fromkeys(keys, 0)))
            counts.total += 1
            counts.actions.append(action)
            counts.ratings[label] += 1
            counts.overdue += 1 if late is not None else 0
            counts.due_soon += 1 if soon else 0
        if action.recommendation:
            by_recommendation[action.recommendation] = (
                by_recommendation.get(action.recommendation, 0) + 1
            )
    # Recommendations the plan names (or Settings counts) but no action answers.
    known = set(plan.recommendations)
    if plan.settings.recommendations:
        known |= {str(n) for n in range(1, plan.settings.recommendations + 1)}
    for number in known:
        by_recommendation.setdefault(number, 0)
    overdue.sort(key=lambda item: (-item[1], natural_key(item[0].ref)))
    due_soon.sort(key=lambda a: (a.due.date, natural_key(a.ref)))
    overdue_refs = {id(a) for a, _ in overdue}
    off_track = [
        a
        for a in actions
        if id(a) not in overdue_refs and a.rating.rating and a.rating.rating.off_track
    ]
    off_track.sort(key=lambda a: (scale.rank(a.rating.rating), natural_key(a.ref)))  # type: ignore[arg-type]  # rated: filtered above
    good = sum(1 for a in actions if a.rating.rating and a.rating.rating.on_track_or_complete)
    trend = build_trend(plan, as_of)
    problems = list(plan.problems)
    rules, rule_problems = build_rules(
        plan.settings.rules if plan.settings.rules is not None else DEFAULT_RULES, scale, SETTINGS
    )
    problems += rule_problems
    facts = Facts(
        as_of, days, window, "evidence" in plan.columns, unchanged_runs(actions, trend.past)
    )
    suggestions = suggest(actions, rules, scale, facts)
    listed = overdue_refs | {id(a) for a in off_track}
    exceptions = (
        [a for a, _ in overdue]
        + off_track
        + [s.action for s in suggestions if s.rated_better and id(s.action) not in listed]
    )
    by_recommendation = dict(sorted(by_recommendation.items(), key=lambda kv: natural_key(kv[0])))
    stale = {a.ref: since for a, since in trend.stale or ()}
    covered = coverage(plan, by_recommendation)
    return Summary(
        title=plan.settings.title,
        as_of=as_of,
        scale=scale,
        due_soon_days=window,
        actions=actions,
        ratings=ratings,
        # Priorities in the order the plan first uses them; "No priority" last.
        by_priority=dict(sorted(by_priority.items(), key=lambda kv: kv[0] == NO_PRIORITY)),
        overdue=overdue,
        due_soon=due_soon,
        exceptions=exceptions,
        on_track_or_complete=good,
        on_track_or_complete_pct=percent(good, len(actions)),
        periods=_periods(trend, keys, dict(ratings)),
        by_lead=dict(sorted(by_lead.items(), key=lambda kv: kv[0].casefold())),
        by_recommendation=by_recommendation,
        problems=problems,
        trend=trend,
        indicators=[assess(indicator) for indicator in plan.indicators],
        days=days,
        suggestions=suggestions,
        lint=lint(plan, covered, overdue, stale, days),
        coverage=covered,
        costs=total_costs(actions, plan.columns),
    )


def _periods(trend: Trend, keys: list[str], current: dict[str, int]) -> list[PeriodCounts]:
    """Initial / Previous / Current counts, from the rating columns and the Plan history;
    `current` is the count of the current ratings."""

    def count(values) -> dict[str, int]:
        counts = dict.fromkeys(keys, 0)
        for value in values:
            counts[value_label(value)] += 1
        return counts

    now = PeriodCounts("Current", trend.current_label, current)
    if trend.initial is None:
        return [now]
    initial = PeriodCounts(
        "Initial", trend.initial.label, count(v for _, v in trend.initial.ratings)
    )
    if trend.previous is None or trend.previous is trend.initial:
        return [initial, now]
    previous = PeriodCounts(
        "Previous", trend.previous.label, count(v for _, v in trend.previous.ratings)
    )
    return [initial, previous, now]
