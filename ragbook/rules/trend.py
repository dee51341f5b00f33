"""Is the plan getting better? The periods before now, and what changed since.

Pure functions of the plan as read and the as-of date. Earlier periods come
from two places, combined:

- rating columns on the Actions sheet ("RAG Initial", "RAG Oct"): every one
  but the rightmost (the current rating) is a period, in column order;
- the Plan history sheet (see history.py): each closed period, in time
  order, after the columns. A column naming a period that is also closed
  ("RAG Oct 2016" and a closed "Oct 2016") gives way to the closed one.

Initial is the first of these periods. Previous is the last one that ended
before the as-of date: a period closed for the month the as-of date falls
in is this period, not the previous one, so the Tracker made on the day a
period is closed still compares it with the one before. Actions are matched
across periods by ref. Progress text is only kept by closed periods, so
stale updates need at least one closed period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model import Action, PlanData, RatingValue
from .periods import parse_period, period_of
from .scales import Scale
from .schema import NOT_RATED, UNRECOGNISED

NEW = "New"  # the transition table's row for actions the previous period did not have


@dataclass
class Snapshot:
    """The ratings (and, for a closed period, progress text) of one earlier period."""

    label: str
    source: str  # "column" or "history"
    ratings: list[tuple[str, RatingValue]]  # (ref, rating), one per action then
    progress: dict[str, str] | None = None  # ref -> progress text; None for a rating column
    end: date | None = None  # when the period ended, if its label is a period

    def __post_init__(self):
        self.by_ref: dict[str, RatingValue] = {}
        for ref, value in self.ratings:
            self.by_ref.setdefault(ref, value)


@dataclass
class Trend:
    source: str  # "history", "columns", "history and columns", or "" when there is none
    initial: Snapshot | None
    previous: Snapshot | None
    past: list[Snapshot]  # every period before now, oldest first
    current_label: str  # the current period's label ("" for a plan with rating columns only)
    transitions: dict[str, dict[str, int]] = field(default_factory=dict)  # from -> to -> n
    gone: int = 0  # actions of the previous period no longer in the plan
    worse: list[tuple[Action, RatingValue]] = field(default_factory=list)  # with the rating was
    # (action, periods off track in a row counting this one, the first of them; "" for this one)
    off_track: list[tuple[Action, int, str]] = field(default_factory=list)
    stale: list[tuple[Action, str]] | None = None  # unchanged since; None without history

    def as_json(self) -> dict:
        return {
            "source": self.source or None,
            "periods": [s.label for s in self.past],
            "initial": self.initial.label if self.initial else None,
            "previous": self.previous.label if self.previous else None,
            "current": self.current_label or None,
            "transitions": {k: dict(v) for k, v in self.transitions.items()},
            "got_worse": [
                {"ref": a.ref, "was": value_label(was), "now": value_label(a.rating)}
                for a, was in self.worse
            ],
            "off_track": [
                {
                    "ref": a.ref,
                    "rating": value_label(a.rating),
                    "periods": n,
                    "since": since or None,
                }
                for a, n, since in self.off_track
            ],
            "stale_updates": None
            if self.stale is None
            else [{"ref": a.ref, "unchanged_since": since} for a, since in self.stale],
        }


def value_label(value: RatingValue) -> str:
    if value.rating is not None:
        return value.rating.label
    return NOT_RATED if value.blank else UNRECOGNISED


def column_snapshots(plan: PlanData) -> list[Snapshot]:
    out = []
    for i, (period, _) in enumerate(plan.rating_columns[:-1]):
        parsed = parse_period(period)
        out.append(
            Snapshot(
                period,
                "column",
                [(a.ref, a.history[i][1]) for a in plan.actions if i < len(a.history)],
                end=parsed.end if parsed else None,
            )
        )
    return out


def history_snapshots(plan: PlanData, scale: Scale) -> list[Snapshot]:
    grouped: dict[str, list] = {}
    for row in plan.history:
        grouped.setdefault(row.period, []).append(row)
    out = []
    for label, rows in grouped.items():
        parsed = parse_period(label)
        out.append(
            Snapshot(
                label,
                "history",
                [
                    (r.ref, RatingValue(r.rating, scale.find(r.rating) if r.rating else None))
                    for r in rows
                ],
                {r.ref: r.progress for r in rows},
                parsed.end if parsed else None,
            )
        )
    # Closed periods in time order; one whose label is not a period keeps its place.
    ordered = sorted((s for s in out if s.end), key=lambda s: s.end or date.min)  # all set
    return [ordered.pop(0) if s.end else s for s in out]


def build_trend(plan: PlanData, as_of: date) -> Trend:
    scale = plan.settings.scale
    assert scale is not None, "the scale is resolved when the plan is read"
    closed = history_snapshots(plan, scale)
    labels = {s.label.casefold() for s in closed}
    columns = [
        s
        for s in column_snapshots(plan)
        if not ((p := parse_period(s.label)) and p.label.casefold() in labels)
    ]
    now = [s for s in closed if s.end is not None and s.end >= as_of]
    past = columns + [s for s in closed if s not in now]
    every = columns + closed
    source = " and ".join(x for x, used in (("history", closed), ("columns", columns)) if used)
    current = (now[0].label if now else period_of(as_of).label) if closed else ""
    trend = Trend(source, every[0] if every else None, past[-1] if past else None, past, current)
    if trend.previous is not None:
        _compare(trend, plan.actions, scale)
    _off_track(trend, plan.actions)
    return trend


def _compare(trend: Trend, actions: list[Action], scale: Scale) -> None:
    before = trend.previous
    assert before is not None, "compared only with a previous period"
    refs = set()
    for action in actions:
        refs.add(action.ref)
        was = before.by_ref.get(action.ref)
        row = trend.transitions.setdefault(value_label(was) if was else NEW, {})
        now = value_label(action.rating)
        row[now] = row.get(now, 0) + 1
        if (
            was
            and was.rating
            and action.rating.rating
            and scale.rank(action.rating.rating) < scale.rank(was.rating)
        ):
            trend.worse.append((action, was))
    trend.gone = len(set(before.by_ref) - refs)
    trend.worse.sort(key=lambda item: (scale.rank(item[0].rating.rating), item[0].row))  # type: ignore[arg-type]  # worse: rated
    if before.progress is None:
        return
    trend.stale = []
    for action in actions:
        if action.complete or action.ref not in before.progress:
            continue
        text = _words(action.progress)
        if _words(before.progress[action.ref]) != text:
            continue
        since = before.label
        for snapshot in reversed(trend.past[:-1]):
            if snapshot.progress is None or _words(snapshot.progress.get(action.ref)) != text:
                break
            since = snapshot.label
        trend.stale.append((action, since))


def _off_track(trend: Trend, actions: list[Action]) -> None:
    """Each action rated off track now: how many periods in a row, counting this one."""
    for action in actions:
        if not (action.rating.rating and action.rating.rating.off_track):
            continue
        periods, since = 1, trend.current_label
        for snapshot in reversed(trend.past):
            was = snapshot.by_ref.get(action.ref)
            if not (was and was.rating and was.rating.off_track):
                break
            periods, since = periods + 1, snapshot.label
        trend.off_track.append((action, periods, since))
    trend.off_track.sort(key=lambda item: (-item[1], item[0].row))


def _words(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split()).casefold()
