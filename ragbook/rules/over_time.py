"""The rating counts at each point of a plan's history: every earlier period (rating
columns and closed periods, oldest first), then now. The board paper's "Ratings over
time" and the Tracker's history chart both show these."""

from __future__ import annotations

from .compute import Summary
from .trend import value_label


def counts_over_time(summary: Summary, keys: list[str]) -> list[tuple[str, list[int], int]]:
    """(label, the count of each rating in `keys`, the actions then) for each point;
    [] for a plan with no earlier period."""
    past = summary.trend.past if summary.trend else []
    if not past:
        return []
    rows = []
    for snapshot in past:
        labels = [value_label(value) for _, value in snapshot.ratings]
        rows.append((snapshot.label, [labels.count(k) for k in keys], len(labels)))
    now = summary.trend.current_label if summary.trend else ""
    rows.append(
        (
            f"{now} (now)" if now and now != "Now" else "Now",
            [summary.ratings.get(k, 0) for k in keys],
            len(summary.actions),
        )
    )
    return rows
