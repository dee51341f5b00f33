"""ragbook.rules.trend: the periods before now and what changed since, from rating columns and
the Plan history, built in memory. Pure rules."""

from __future__ import annotations

from datetime import date

from ragbook.rules.compute import PeriodCounts, summarise
from ragbook.rules.dates import Due
from ragbook.rules.history import HistoryRow
from ragbook.rules.model import Action, PlanData, RatingValue, Settings
from ragbook.rules.scales import PRESETS
from ragbook.rules.schema import NOT_RATED, UNRECOGNISED
from ragbook.rules.trend import NEW, build_trend

RAG4 = PRESETS["rag4"]


def rated(text: str) -> RatingValue:
    return RatingValue(text, RAG4.find(text) if text else None)


def act(ref: str, rating: str, progress: str = "", history: tuple = (), row: int = 0) -> Action:
    return Action(
        row=row or int(ref.replace(".", "")),
        ref=ref,
        text=f"Action {ref}",
        leads=("AF",),
        lead_text="AF",
        due=Due(ongoing=True),
        due_text="",
        rating=rated(rating),
        progress=progress,
        history=tuple((p, rated(t)) for p, t in history),
    )


def closed(period: str, ref: str, rating: str, progress: str = "") -> HistoryRow:
    return HistoryRow(period, date(2016, 1, 1), ref, f"Action {ref}", "AF", rating, None, progress)


def plan(actions, history=(), columns=None) -> PlanData:
    return PlanData(
        settings=Settings(scale=RAG4),
        actions=list(actions),
        leads={},
        problems=[],
        actions_sheet="Actions",
        header_row=1,
        columns={},
        rating_columns=columns or [("", 5)],
        history=list(history),
    )


HISTORY = [
    closed("Sep 2016", "1.1", "Red", "Not started"),
    closed("Sep 2016", "1.2", "Amber", "Recruiting"),
    closed("Sep 2016", "1.3", "Green", "On track"),
    closed("Sep 2016", "1.4", "Red", "Waiting"),
    closed("Oct 2016", "1.1", "Red", "Not started"),
    closed("Oct 2016", "1.2", "Green", "Two posts filled"),
    closed("Oct 2016", "1.3", "Green", "On track"),
    closed("Oct 2016", "1.4", "Amber", "Waiting"),
    closed("Oct 2016", "1.9", "Green", "Dropped since"),
]
NOW = [
    act("1.1", "Red", "Not started"),
    act("1.2", "Amber", "Three posts filled"),
    act("1.3", "Completed", "On track"),
    act("1.4", "Amber", " waiting "),
    act("1.5", "", ""),
]


def test_from_the_history_previous_is_the_last_period_ended_before_the_as_of_date():
    trend = build_trend(plan(NOW, HISTORY), date(2016, 11, 30))
    assert trend.source == "history"
    assert (trend.initial.label, trend.previous.label, trend.current_label) == (
        "Sep 2016",
        "Oct 2016",
        "Nov 2016",
    )
    assert [s.label for s in trend.past] == ["Sep 2016", "Oct 2016"]
    assert trend.transitions == {
        "Red": {"Red": 1},
        "Green": {"Amber": 1, "Completed": 1},
        "Amber": {"Amber": 1},
        NEW: {NOT_RATED: 1},
    }
    assert trend.gone == 1  # 1.9 is no longer in the plan
    assert [(a.ref, was.text) for a, was in trend.worse] == [("1.2", "Green")]
    # Red in Sep, Oct and now; 1.4 off track (Red, Amber, Amber) for three periods too;
    # 1.2 is off track only now.
    assert [(a.ref, n, since) for a, n, since in trend.off_track] == [
        ("1.1", 3, "Sep 2016"),
        ("1.4", 3, "Sep 2016"),
        ("1.2", 1, "Nov 2016"),
    ]
    # The same text (spaces and case aside) as in Oct; 1.3 is complete, 1.5 is new.
    assert [(a.ref, since) for a, since in trend.stale] == [
        ("1.1", "Sep 2016"),
        ("1.4", "Sep 2016"),
    ]


def test_a_period_closed_for_the_as_of_month_is_this_period_not_the_previous():
    trend = build_trend(plan(NOW, HISTORY), date(2016, 10, 31))
    assert (trend.previous.label, trend.current_label) == ("Sep 2016", "Oct 2016")
    assert [s.label for s in trend.past] == ["Sep 2016"]
    summary = summarise(plan(NOW, HISTORY), date(2016, 10, 31))
    assert [(p.label, p.source) for p in summary.periods] == [
        ("Initial", "Sep 2016"),
        ("Current", "Oct 2016"),
    ]


def test_initial_previous_and_current_counts_from_the_history():
    summary = summarise(plan(NOW, HISTORY), date(2016, 11, 30))
    counts = {p.label: {k: n for k, n in p.counts.items() if n} for p in summary.periods}
    assert [(p.label, p.source) for p in summary.periods] == [
        ("Initial", "Sep 2016"),
        ("Previous", "Oct 2016"),
        ("Current", "Nov 2016"),
    ]
    assert counts == {
        "Initial": {"Red": 2, "Amber": 1, "Green": 1},
        "Previous": {"Red": 1, "Amber": 1, "Green": 3},
        "Current": {"Red": 1, "Amber": 2, "Completed": 1, NOT_RATED: 1},
    }


def test_rating_columns_only_seed_000():
    """RAG Initial, RAG Oct, RAG Nov and the current rating: no progress text is kept."""
    actions = [
        act("1.1", "R", history=(("Initial", "R"), ("Oct", "R"), ("Nov", "A"))),
        act("1.2", "A", history=(("Initial", "R"), ("Oct", "G"), ("Nov", "G"))),
        act("1.3", "Blue", history=(("Initial", ""), ("Oct", "A"), ("Nov", "A"))),
    ]
    columns = [("Initial", 6), ("Oct", 7), ("Nov", 8), ("", 9)]
    trend = build_trend(plan(actions, columns=columns), date(2016, 12, 31))
    assert trend.source == "columns" and trend.current_label == ""
    assert (trend.initial.label, trend.previous.label) == ("Initial", "Nov")
    assert trend.transitions == {"Amber": {"Red": 1, UNRECOGNISED: 1}, "Green": {"Amber": 1}}
    assert [a.ref for a, _ in trend.worse] == ["1.1", "1.2"]
    assert [(a.ref, n, since) for a, n, since in trend.off_track] == [
        ("1.1", 4, "Initial"),
        ("1.2", 1, ""),
    ]
    assert trend.stale is None
    assert trend.as_json()["off_track"][1] == {
        "ref": "1.2",
        "rating": "Amber",
        "periods": 1,
        "since": None,
    }


def test_columns_come_before_closed_periods_and_give_way_to_one_of_the_same_period():
    actions = [act("1.1", "G", history=(("Initial", "R"), ("Oct 2016", "A")))]
    history = [closed("Oct 2016", "1.1", "Green"), closed("Nov 2016", "1.1", "Green")]
    trend = build_trend(
        plan(actions, history, [("Initial", 6), ("Oct 2016", 7), ("", 8)]), date(2016, 12, 15)
    )
    assert trend.source == "history and columns"
    assert [(s.label, s.source) for s in trend.past] == [
        ("Initial", "column"),
        ("Oct 2016", "history"),
        ("Nov 2016", "history"),
    ]


def test_closed_periods_are_put_in_time_order():
    history = [
        closed("Nov 2016", "1.1", "Green"),
        closed("Q2 2016/17", "1.1", "Red"),
        closed("Oct 2016", "1.1", "Amber"),
    ]
    trend = build_trend(plan([act("1.1", "G")], history), date(2017, 1, 15))
    assert [s.label for s in trend.past] == ["Q2 2016/17", "Oct 2016", "Nov 2016"]


def test_no_history_at_all():
    trend = build_trend(plan(NOW), date(2016, 11, 30))
    assert (trend.source, trend.initial, trend.previous, trend.stale) == ("", None, None, None)
    assert trend.transitions == {} and trend.worse == []
    assert [(a.ref, n) for a, n, _ in trend.off_track] == [("1.1", 1), ("1.2", 1), ("1.4", 1)]
    assert summarise(plan(NOW), date(2016, 11, 30)).periods[0] == PeriodCounts(
        "Current",
        "",
        {
            **dict.fromkeys(RAG4.labels, 0),
            "Red": 1,
            "Amber": 2,
            "Completed": 1,
            NOT_RATED: 1,
            UNRECOGNISED: 0,
        },
    )
