"""The board paper as data: every number and sentence of the highlight report,
built from the Summary the Tracker shows and the plan as read.

Pure: no I/O, no clock (the as-of and board dates are given). The renderers
(html.py, and later PDF and Word) only lay this out, so a paper's sentences
and its tables can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..rules.compute import Summary, natural_key, rating_label
from ..rules.dates import format_date
from ..rules.indicators import AMBER, RED, Assessment, format_target, format_value
from ..rules.model import Action, PlanData
from ..rules.over_time import counts_over_time
from ..rules.scales import readable_text_colour
from ..rules.schema import NO_PRIORITY
from ..rules.words import plural

UNRATED_COLOUR = "FFFFFF"  # Not rated / Unrecognised: text on white, with a border


@dataclass(frozen=True)
class Badge:
    """A rating as the paper shows it: its words, and the colour behind them."""

    label: str
    colour: str  # RRGGBB
    text_colour: str  # RRGGBB, black or white, whichever reads better on colour


@dataclass
class RatingLine:
    """One row of the headline table."""

    badge: Badge
    now: int
    before: int | None  # at the period compared with; None without one
    change: str  # "2 more", "1 fewer", "no change", or "" without a period to compare


@dataclass
class ActionLine:
    ref: str
    text: str
    priority: str
    badge: Badge
    lead: str
    due: str  # as the board reads it: 31/01/2019, "Ongoing", or as typed
    update: str


@dataclass
class PriorityGroup:
    priority: str
    actions: list[ActionLine]


@dataclass
class RatingGroup:
    badge: Badge
    priorities: list[PriorityGroup]

    @property
    def count(self) -> int:
        return sum(len(p.actions) for p in self.priorities)


@dataclass
class PriorityRow:
    """A row of counts by rating: a priority's, or a period's (then `priority` is its label)."""

    priority: str
    counts: list[int]  # one per Paper.columns
    total: int


@dataclass
class IndicatorLine:
    ref: str
    name: str
    badge: Badge
    latest: str
    period: str
    target: str
    previous: str
    trend: str  # "improving ▲", "worsening ▼", "no change ►", or ""
    series: list[tuple[str, float | None]] = field(default_factory=list)  # oldest first
    target_low: float | None = None
    target_high: float | None = None  # the same as target_low unless a range
    unit: str = ""
    direction: str = ""  # "improving", "worsening", "no change", or "" without two values


@dataclass
class Costs:
    one_off: str  # "£12,500"
    recurring: str
    actions: int  # how many actions have a cost


@dataclass
class Paper:
    title: str
    as_of: date
    board_date: date
    compared_with: str | None  # the last closed period's label, when the plan has one
    actions: int
    ratings: list[RatingLine]
    on_track: int
    on_track_pct: float
    overdue: int
    due_before_board: int  # not complete, not overdue, due from the as-of to the board date
    indicators: int
    indicators_off_target: list[IndicatorLine]
    columns: list[Badge]  # the rating x priority table's columns
    by_priority: list[PriorityRow]
    column_totals: list[int]
    over_time: list[PriorityRow]  # each earlier period, oldest first, then now; [] without any
    due_by_board: list[RatingGroup]  # every action due on or before the board date
    off_track: list[ActionLine]
    off_track_labels: list[str]  # the scale's off-track ratings, e.g. ["Red", "Amber"]
    completed_since: list[ActionLine] | None  # None without an earlier period
    recommendations_without_actions: list[str]
    costs: Costs | None
    # The actions rated better than the facts in their own row allow, with the reason.
    checks: list[str] = field(default_factory=list)

    @property
    def document_title(self) -> str:
        return f"{self.title}: highlight report for the board, {self.board_date_text}"

    @property
    def as_of_text(self) -> str:
        return format_date(self.as_of)

    @property
    def board_date_text(self) -> str:
        return format_date(self.board_date)

    @property
    def due_by_board_count(self) -> int:
        return sum(g.count for g in self.due_by_board)

    @property
    def sentences(self) -> list[str]:
        return headline_sentences(self)


def badge_for(summary: Summary, label: str) -> Badge:
    rating = next((r for r in summary.scale.ratings if r.label == label), None)
    colour = rating.colour if rating else UNRATED_COLOUR
    return Badge(label, colour, readable_text_colour(colour))


def _change(now: int, before: int | None) -> str:
    if before is None:
        return ""
    if now == before:
        return "no change"
    return f"{abs(now - before)} {'more' if now > before else 'fewer'}"


def _action_line(summary: Summary, action: Action) -> ActionLine:
    if action.due.date:
        due = format_date(action.due.date)
    else:
        due = "Ongoing" if action.due.ongoing else (action.due_text or "No date")
    return ActionLine(
        action.ref,
        action.text,
        action.priority or NO_PRIORITY,
        badge_for(summary, rating_label(action)),
        action.lead_text,
        due,
        action.progress,
    )


def _by_ref(actions) -> list:
    return sorted(actions, key=lambda a: natural_key(a.ref))


def _group(summary: Summary, actions: list[Action], keys: list[str]) -> list[RatingGroup]:
    groups = []
    for key in keys:
        chosen = [a for a in actions if rating_label(a) == key]
        if not chosen:
            continue
        priorities = []
        for priority in summary.by_priority:
            rows = [
                _action_line(summary, a)
                for a in _by_ref(chosen)
                if (a.priority or NO_PRIORITY) == priority
            ]
            if rows:
                priorities.append(PriorityGroup(priority, rows))
        groups.append(RatingGroup(badge_for(summary, key), priorities))
    return groups


def _indicator_line(a: Assessment) -> IndicatorLine:
    unit = a.indicator.unit
    trend = f"{a.direction} {a.arrow}".strip() if a.direction else ""
    colour = "FF0000" if a.rating == RED else "FFC000"
    target = a.indicator.target
    return IndicatorLine(
        a.indicator.ref,
        a.indicator.name,
        Badge(a.rating, colour, readable_text_colour(colour)),
        format_value(a.latest, unit),
        a.latest_period,
        format_target(a.indicator.target, unit),
        format_value(a.previous, unit),
        trend,
        list(a.indicator.series),
        target.low if target else None,
        target.high if target else None,
        unit,
        a.direction or "",
    )


def _over_time(summary: Summary, keys: list[str]) -> list[PriorityRow]:
    """Rating counts in each earlier period (rating columns, closed periods), then now."""
    return [PriorityRow(*row) for row in counts_over_time(summary, keys)]


def _costs(summary: Summary) -> Costs | None:
    """The Tracker's cost totals (rules/costs.py: a negative cost is a problem, not added)."""
    costed = [
        a for a in summary.actions if a.one_off_cost is not None or a.recurring_cost is not None
    ]
    if summary.costs is None or not costed:
        return None
    one_off, recurring = summary.costs.total
    return Costs(format_value(one_off, "£"), format_value(recurring, "£"), len(costed))


def _was_complete(value) -> bool:
    """Whether an action's rating in an earlier period (None: it was not there) was complete."""
    return bool(value and value.rating and value.rating.complete)


def build_paper(plan: PlanData, summary: Summary, board_date: date | None = None) -> Paper:
    """The highlight report for the board meeting on `board_date` (by default the end of
    the Tracker's due-soon window), from the same Summary the Tracker shows."""
    board = board_date or summary.due_soon_until
    keys = [k for k in summary.rating_keys() if summary.ratings.get(k) or k in summary.scale.labels]
    before = summary.periods[-2] if len(summary.periods) > 1 else None
    ratings = []
    for key in keys:
        then = before.counts.get(key, 0) if before else None
        ratings.append(
            RatingLine(
                badge_for(summary, key),
                summary.ratings.get(key, 0),
                then,
                _change(summary.ratings.get(key, 0), then),
            )
        )
    window = (board - summary.as_of).days
    due_before = sum(
        1 for a in summary.actions if window >= 0 and a.due_within(summary.as_of, window)
    )
    rows = [
        PriorityRow(p, [counts.get(k, 0) for k in keys], sum(counts.values()))
        for p, counts in summary.by_priority.items()
    ]
    due = [a for a in summary.actions if a.due.date and a.due.date <= board]
    off_labels = [r.label for r in summary.scale.ratings if r.off_track]
    off_track = sorted(
        (a for a in summary.actions if a.rating.rating and a.rating.rating.off_track),
        key=lambda a: (summary.scale.rank(a.rating.rating), natural_key(a.ref)),  # type: ignore[arg-type]  # rated: filtered above
    )
    previous = summary.trend.previous if summary.trend else None
    completed = None
    if previous is not None:
        completed = [
            _action_line(summary, a)
            for a in _by_ref(summary.actions)
            if a.complete and not _was_complete(previous.by_ref.get(a.ref))
        ]
    return Paper(
        title=summary.title,
        as_of=summary.as_of,
        board_date=board,
        compared_with=before.source or before.label if before else None,
        actions=len(summary.actions),
        ratings=ratings,
        on_track=summary.on_track_or_complete,
        on_track_pct=summary.on_track_or_complete_pct,
        overdue=len(summary.overdue),
        due_before_board=due_before,
        indicators=len(summary.indicators),
        indicators_off_target=[
            _indicator_line(a) for a in summary.indicators if a.rating in (RED, AMBER)
        ],
        columns=[badge_for(summary, k) for k in keys],
        by_priority=rows,
        column_totals=[sum(r.counts[i] for r in rows) for i in range(len(keys))],
        over_time=_over_time(summary, keys),
        due_by_board=_group(summary, due, keys),
        off_track=[_action_line(summary, a) for a in off_track],
        off_track_labels=off_labels,
        completed_since=completed,
        recommendations_without_actions=list(summary.recommendations_without_actions),
        costs=_costs(summary),
        checks=[suggestion.line() for suggestion in summary.rated_better],
    )


def headline_sentences(paper: Paper) -> list[str]:
    """The headline in words, made from the same numbers as the headline table."""
    parts = [f"{line.now} {line.badge.label.lower()}" for line in paper.ratings if line.now]
    listed = ""
    if parts:
        listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    out = [
        f"There {'is' if paper.actions == 1 else 'are'} {plural(paper.actions, 'action')} "
        f"in the plan" + (f": {listed}." if listed else ".")
    ]
    out.append(
        f"{paper.on_track_pct:.1f}% of actions are on track or completed "
        f"({paper.on_track} of {paper.actions})."
    )
    out.append(
        f"{plural(paper.overdue, 'action')} {'is' if paper.overdue == 1 else 'are'} "
        f"overdue and {paper.due_before_board} more "
        f"{'falls' if paper.due_before_board == 1 else 'fall'} due by the board meeting "
        f"on {paper.board_date_text}."
    )
    if paper.compared_with:
        moves = [
            f"{line.badge.label.lower()} {line.before} to {line.now}"
            for line in paper.ratings
            if line.before is not None and line.before != line.now
        ]
        out.append(
            f"Since {paper.compared_with}: "
            + ("; ".join(moves) if moves else "no rating count has changed")
            + "."
        )
    if paper.completed_since is not None:
        out.append(
            f"{plural(len(paper.completed_since), 'action')} "
            f"{'has' if len(paper.completed_since) == 1 else 'have'} been completed "
            f"since {paper.compared_with}."
        )
    if paper.indicators:
        n = len(paper.indicators_off_target)
        out.append(
            f"{n} of {plural(paper.indicators, 'indicator')} "
            f"{'is' if n == 1 else 'are'} off target (red or amber)."
        )
    if paper.recommendations_without_actions:
        n = len(paper.recommendations_without_actions)
        out.append(
            f"{plural(n, 'Ofsted recommendation')} {'has' if n == 1 else 'have'} no "
            f"action: {', '.join(paper.recommendations_without_actions)}."
        )
    return out
