"""ragbook.rules.compute: the numbers the tracker shows, from a plan built in memory.

The centre piece reproduces seed 003 (Sunderland, January 2019): 95 actions
over 15 priorities, counted Red 2 / Amber 3 / Green 74 / Completed 16, "94.7% of
actions are either on track (green) or completed". (The seed's own prose says
"4 actions" amber; its table, and ragbook, say 3.)
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ragbook.rules.compute import PeriodCounts, natural_key, percent, rating_label, summarise
from ragbook.rules.dates import Due
from ragbook.rules.model import Action, PlanData, Problem, RatingValue, Settings
from ragbook.rules.scales import PRESETS, Scale
from ragbook.rules.schema import NO_PRIORITY, NOT_RATED, UNRECOGNISED

RAG4 = PRESETS["rag4"]
AS_OF = date(2019, 1, 31)


def rated(text: str, scale: Scale = RAG4) -> RatingValue:
    """A rating cell as the reader leaves it: the text typed, matched on the scale."""
    return RatingValue(text, scale.find(text))


def act(
    ref: str,
    rating: str = "G",
    *,
    due: Due | date | None = None,
    priority: str = "",
    leads: tuple[str, ...] = ("AF",),
    recommendation: str = "",
    history: tuple[tuple[str, str], ...] = (),
    scale: Scale = RAG4,
) -> Action:
    if isinstance(due, date):
        due = Due(date=due)
    return Action(
        row=0,
        ref=ref,
        text=f"Action {ref}",
        leads=leads,
        lead_text=" ".join(leads),
        due=due or Due(ongoing=True),
        due_text="",
        rating=rated(rating, scale),
        priority=priority,
        recommendation=recommendation,
        history=tuple((period, rated(text, scale)) for period, text in history),
    )


def plan(
    actions: list[Action],
    *,
    scale: Scale = RAG4,
    window: int = 30,
    rating_columns: list[tuple[str, int]] | None = None,
    problems: list[Problem] | None = None,
    title: str = "Test plan",
) -> PlanData:
    return PlanData(
        settings=Settings(title=title, scale=scale, due_soon_days=window),
        actions=actions,
        leads={},
        problems=problems or [],
        actions_sheet="Actions",
        header_row=1,
        columns={},
        rating_columns=rating_columns or [("", 5)],
    )


# --- seed 003 ---------------------------------------------------------------------------------

# The seed's table, "CURRENT RAG RATINGS" by priority 1..15, and its Total column.
SEED_003 = {
    "Red": [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
    "Amber": [0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
    "Green": [9, 6, 6, 6, 7, 6, 5, 1, 7, 3, 2, 3, 5, 4, 4],
    "Completed": [7, 0, 1, 0, 2, 0, 1, 2, 2, 0, 0, 0, 1, 0, 0],
}
SEED_003_TOTALS = {"Red": 2, "Amber": 3, "Green": 74, "Completed": 16}
SEED_003_PRIORITY_TOTALS = [16, 8, 8, 6, 10, 6, 6, 3, 10, 3, 2, 3, 6, 4, 4]
# The red and amber actions the seed lists, with their timescales.
SEED_003_EXCEPTIONS = {
    "5.7": ("R", date(2018, 11, 30)),
    "3.8": ("A", date(2018, 12, 31)),
    "9.10": ("A", date(2018, 12, 31)),
    "2.4": ("R", date(2019, 3, 31)),
    "2.5": ("A", date(2019, 3, 31)),
}


def seed_003_actions() -> list[Action]:
    actions = []
    for p in range(1, 16):
        named = {ref: v for ref, v in SEED_003_EXCEPTIONS.items() if ref.split(".")[0] == str(p)}
        for ref, (code, due) in named.items():
            actions.append(act(ref, code, due=due, priority=f"Priority {p}"))
        codes = []
        for label, code in (("Red", "R"), ("Amber", "A"), ("Green", "G"), ("Completed", "C")):
            already = sum(1 for c, _ in named.values() if c == code)
            codes += [code] * (SEED_003[label][p - 1] - already)
        free = (n for n in range(1, 100) if f"{p}.{n}" not in named)
        for code in codes:
            actions.append(
                act(f"{p}.{next(free)}", code, due=date(2019, 6, 30), priority=f"Priority {p}")
            )
    return actions


def test_seed_003_table_is_self_consistent():
    for label, row in SEED_003.items():
        assert sum(row) == SEED_003_TOTALS[label]
    assert [sum(col) for col in zip(*SEED_003.values(), strict=False)] == SEED_003_PRIORITY_TOTALS
    assert sum(SEED_003_PRIORITY_TOTALS) == 95


def test_seed_003_counts():
    actions = seed_003_actions()
    summary = summarise(plan(actions), AS_OF)
    assert len(summary.actions) == 95
    assert summary.ratings == {**SEED_003_TOTALS, NOT_RATED: 0, UNRECOGNISED: 0}
    assert list(summary.by_priority) == [f"Priority {p}" for p in range(1, 16)]
    for p in range(1, 16):
        expected = {label: SEED_003[label][p - 1] for label in SEED_003}
        assert summary.by_priority[f"Priority {p}"] == {
            **expected,
            NOT_RATED: 0,
            UNRECOGNISED: 0,
        }, p
    assert summary.on_track_or_complete == 74 + 16
    assert summary.on_track_or_complete_pct == 94.7  # 90 / 95 = 94.736...


def test_seed_003_exceptions_at_the_end_of_january_2019():
    summary = summarise(plan(seed_003_actions(), window=59), AS_OF)
    # Overdue: most days first; 3.8 and 9.10 tie at 31 days and sort naturally.
    assert [(a.ref, days) for a, days in summary.overdue] == [
        ("5.7", 62),
        ("3.8", 31),
        ("9.10", 31),
    ]
    # Off track but not yet due: worst rating first.
    assert [a.ref for a in summary.exceptions] == ["5.7", "3.8", "9.10", "2.4", "2.5"]
    # 31/03/2019 is 59 days after 31/01/2019: inside a 59-day window.
    assert [a.ref for a in summary.due_soon] == ["2.4", "2.5"]
    assert summary.sentence() == (
        "95 actions: 2 red, 3 amber, 74 green, 16 completed; 3 overdue, 2 due within 59 days"
    )


def test_seed_003_lookalike_and_blank_ratings_are_counted_not_dropped():
    # Seed 003's RAG column holds a Cyrillic "С", a Greek "Α" and one blank.
    actions = [act("1.1", "\u0421"), act("9.10", "\u0391"), act("8.2", ""), act("8.1", "C")]
    summary = summarise(plan(actions), AS_OF)
    assert summary.ratings == {
        "Red": 0,
        "Amber": 0,
        "Green": 0,
        "Completed": 1,
        NOT_RATED: 1,
        UNRECOGNISED: 2,
    }
    assert summary.rating_keys() == ["Red", "Amber", "Green", "Completed", NOT_RATED, UNRECOGNISED]
    assert summary.on_track_or_complete_pct == 25.0
    assert [rating_label(a) for a in actions] == [
        UNRECOGNISED,
        UNRECOGNISED,
        NOT_RATED,
        "Completed",
    ]


def test_rating_keys_leave_out_unrecognised_when_unused():
    summary = summarise(plan([act("1.1", "G"), act("1.2", "")]), AS_OF)
    assert summary.rating_keys() == ["Red", "Amber", "Green", "Completed", NOT_RATED]
    assert summary.ratings[NOT_RATED] == 1


# --- by priority --------------------------------------------------------------------------


def test_by_priority_cross_tab():
    actions = [
        act("1.1", "R", priority="Priority 2"),
        act("1.2", "G", priority="Priority 10"),
        act("1.3", "G", priority="Priority 2"),
        act("1.4", "", priority="Priority 2"),
        act("1.5", "Blue", priority=""),
        act("1.6", "C", priority="Priority 1"),
    ]
    summary = summarise(plan(actions), AS_OF)
    zero = {"Red": 0, "Amber": 0, "Green": 0, "Completed": 0, NOT_RATED: 0, UNRECOGNISED: 0}
    assert summary.by_priority == {
        "Priority 1": {**zero, "Completed": 1},
        "Priority 2": {**zero, "Red": 1, "Green": 1, NOT_RATED: 1},
        "Priority 10": {**zero, "Green": 1},
        NO_PRIORITY: {**zero, UNRECOGNISED: 1},
    }
    # Priorities come in the order the plan first uses them; "No priority" last.
    assert list(summary.by_priority) == ["Priority 2", "Priority 10", "Priority 1", NO_PRIORITY]
    # every action is counted once in the cross-tab
    assert sum(sum(row.values()) for row in summary.by_priority.values()) == 6


def test_priorities_named_in_words_keep_the_plan_order():
    names = [
        "PRIORITY ONE - People and Leadership",
        "PRIORITY TWO - Practice and systems",
        "PRIORITY THREE - Governance and Accountability",
    ]
    actions = [act(f"{i}.1", "G", priority=name) for i, name in enumerate(names, start=1)]
    assert list(summarise(plan(actions), AS_OF).by_priority) == names


# --- overdue and due soon ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "rating, due, days",
    [
        ("G", AS_OF - timedelta(days=1), 1),  # due yesterday: overdue by a day
        ("R", date(2018, 11, 30), 62),
        ("A", date(2018, 1, 31), 365),
        ("", AS_OF - timedelta(days=3), 3),  # not rated is not complete
        ("Blue", AS_OF - timedelta(days=3), 3),  # nor is an unrecognised rating
        ("G", AS_OF, None),  # due today is not overdue
        ("G", AS_OF + timedelta(days=1), None),
        ("C", date(2018, 1, 31), None),  # complete actions are never overdue
        ("G", Due(ongoing=True), None),  # ongoing is never overdue
        ("G", Due(problem="no due date"), None),  # no date, nothing to be late for
    ],
)
def test_overdue(rating, due, days):
    action = act("1.1", rating, due=due)
    summary = summarise(plan([action]), AS_OF)
    assert action.days_overdue(AS_OF) == days
    assert [d for _, d in summary.overdue] == ([days] if days else [])


def test_overdue_in_a_reading5_plan_dark_green_is_complete():
    scale = PRESETS["reading5"]
    actions = [
        act("1.1", "DG", due=date(2016, 11, 30), scale=scale),
        act("1.2", "LG", due=date(2016, 11, 30), scale=scale),
    ]
    summary = summarise(plan(actions, scale=scale), date(2016, 12, 1))
    assert [a.ref for a, _ in summary.overdue] == ["1.2"]
    assert summary.on_track_or_complete_pct == 100.0


@pytest.mark.parametrize(
    "offset, soon",
    [
        (-1, False),  # overdue, not due soon
        (0, True),  # due today
        (1, True),
        (30, True),  # the last day of the window is inside it
        (31, False),
    ],
)
def test_due_soon_window_is_inclusive(offset, soon):
    action = act("1.1", "G", due=AS_OF + timedelta(days=offset))
    summary = summarise(plan([action], window=30), AS_OF)
    assert action.due_within(AS_OF, 30) is soon
    assert [a.ref for a in summary.due_soon] == (["1.1"] if soon else [])
    assert summary.due_soon_until == date(2019, 3, 2)


def test_due_soon_excludes_complete_and_ongoing_and_sorts_soonest_first():
    actions = [
        act("1.10", "G", due=AS_OF + timedelta(days=5)),
        act("1.2", "A", due=AS_OF + timedelta(days=5)),
        act("1.1", "G", due=AS_OF + timedelta(days=2)),
        act("1.3", "C", due=AS_OF + timedelta(days=1)),
        act("1.4", "G", due=Due(ongoing=True)),
    ]
    summary = summarise(plan(actions), AS_OF)
    assert [a.ref for a in summary.due_soon] == ["1.1", "1.2", "1.10"]


def test_a_zero_day_window_is_only_today():
    actions = [act("1.1", due=AS_OF), act("1.2", due=AS_OF + timedelta(days=1))]
    assert [a.ref for a in summarise(plan(actions, window=0), AS_OF).due_soon] == ["1.1"]


# --- by lead and by recommendation --------------------------------------------------------


def test_an_action_with_two_leads_counts_for_each():
    actions = [
        act("1.1", "R", due=AS_OF - timedelta(days=10), leads=("AF", "AMD")),
        act("1.2", "G", due=AS_OF + timedelta(days=10), leads=("AMD",)),
        act("1.3", "C", leads=("bk",)),
    ]
    summary = summarise(plan(actions), AS_OF)
    assert list(summary.by_lead) == ["AF", "AMD", "bk"]  # case-insensitive order
    af, amd = summary.by_lead["AF"], summary.by_lead["AMD"]
    assert (af.total, af.overdue, af.due_soon, af.ratings["Red"]) == (1, 1, 0, 1)
    assert (amd.total, amd.overdue, amd.due_soon) == (2, 1, 1)
    assert (amd.ratings["Red"], amd.ratings["Green"]) == (1, 1)
    assert summary.by_lead["bk"].ratings["Completed"] == 1


def test_by_recommendation():
    actions = [
        act("1.1", recommendation="10"),
        act("1.2", recommendation="2"),
        act("1.3", recommendation="2"),
        act("1.4"),
    ]
    summary = summarise(plan(actions), AS_OF)
    assert summary.by_recommendation == {"2": 2, "10": 1}
    assert list(summary.by_recommendation) == ["2", "10"]


# --- on track or complete ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "ratings, pct",
    [
        (["G"], 100.0),
        (["R"], 0.0),
        (["G", "R", "A"], 33.3),
        (["G", "C", "R"], 66.7),
        (["G"] + ["R"] * 15, 6.3),  # 6.25 rounds half up, not to even
        (["G", ""], 50.0),  # not rated counts in the total
    ],
)
def test_on_track_or_complete_pct(ratings, pct):
    actions = [act(f"1.{i}", r) for i, r in enumerate(ratings, start=1)]
    assert summarise(plan(actions), AS_OF).on_track_or_complete_pct == pct


def test_an_empty_plan():
    summary = summarise(plan([]), AS_OF)
    assert summary.on_track_or_complete_pct == 0.0
    assert summary.ratings == {
        "Red": 0,
        "Amber": 0,
        "Green": 0,
        "Completed": 0,
        NOT_RATED: 0,
        UNRECOGNISED: 0,
    }
    assert summary.sentence() == "0 actions; 0 overdue, 0 due within 30 days"


# --- periods -----------------------------------------------------------------------------------


def _counts(**kw):
    base = {"Red": 0, "Amber": 0, "Green": 0, "Completed": 0, NOT_RATED: 0, UNRECOGNISED: 0}
    base.update(
        {{"not_rated": NOT_RATED, "unrecognised": UNRECOGNISED}.get(k, k): v for k, v in kw.items()}
    )
    return base


def test_initial_previous_and_current_periods():
    actions = [
        act("1.1", "G", history=(("Initial", "R"), ("Oct", "A"), ("Nov", "A"))),
        act("1.2", "C", history=(("Initial", ""), ("Oct", "G"), ("Nov", "G"))),
        act("1.3", "A", history=(("Initial", "R"), ("Oct", "R"), ("Nov", "Blue"))),
    ]
    columns = [("Initial", 6), ("Oct", 7), ("Nov", 8), ("", 9)]
    summary = summarise(plan(actions, rating_columns=columns), AS_OF)
    assert summary.periods == [
        PeriodCounts("Initial", "Initial", _counts(Red=2, not_rated=1)),
        PeriodCounts("Previous", "Nov", _counts(Amber=1, Green=1, unrecognised=1)),
        PeriodCounts("Current", "", _counts(Amber=1, Green=1, Completed=1)),
    ]


def test_initial_and_current_when_there_is_one_history_column():
    # Seed 000: "RAG Initial" and "RAG Oct" (the current rating).
    actions = [
        act("1.1", "G", history=(("Initial", "R"),)),
        act("1.2", "", history=(("Initial", "R"),)),
    ]
    summary = summarise(plan(actions, rating_columns=[("Initial", 6), ("Oct", 7)]), AS_OF)
    assert summary.periods == [
        PeriodCounts("Initial", "Initial", _counts(Red=2)),
        PeriodCounts("Current", "", _counts(Green=1, not_rated=1)),
    ]


def test_only_current_without_history():
    summary = summarise(plan([act("1.1", "R")]), AS_OF)
    assert summary.periods == [PeriodCounts("Current", "", _counts(Red=1))]


# --- the rest of the summary ----------------------------------------------------------------


def test_summary_carries_title_scale_and_problems():
    problems = [Problem("Actions", "E12", "'31/11/16' is not a date: November 2016 has 30 days")]
    summary = summarise(plan([act("1.1")], problems=problems, title="Getting to Good"), AS_OF)
    assert summary.title == "Getting to Good"
    assert summary.scale is RAG4
    assert summary.problems == problems
    data = summary.as_json()
    assert data["as_of"] == "2019-01-31"
    assert data["scale"] == "rag4"
    assert data["actions"] == 1
    assert data["problems"] == [
        {
            "sheet": "Actions",
            "cell": "E12",
            "message": "'31/11/16' is not a date: November 2016 has 30 days",
            "fix": "",
        }
    ]


# --- natural_key and percent ---------------------------------------------------------------


def test_natural_key_orders_refs_as_people_number_them():
    refs = ["1.10", "10.1", "1.2", "2.1", "1.1", "1.2b", "1.2a", "1", "9.10", "9.9"]
    assert sorted(refs, key=natural_key) == [
        "1",
        "1.1",
        "1.2",
        "1.2a",
        "1.2b",
        "1.10",
        "2.1",
        "9.9",
        "9.10",
        "10.1",
    ]


@pytest.mark.parametrize(
    "smaller, larger",
    [
        ("1.2", "1.10"),
        ("Priority 2", "Priority 10"),
        ("1.9", "2.1"),
        ("2", "A1"),
        ("a1", "B1"),  # text compares without case
    ],
)
def test_natural_key_pairs(smaller, larger):
    assert natural_key(smaller) < natural_key(larger)


def test_natural_key_ignores_case():
    assert natural_key("Priority 1") == natural_key("PRIORITY 1")


@pytest.mark.parametrize(
    "part, whole, expected",
    [
        (0, 0, 0.0),  # nothing to divide: 0, not an error
        (5, 0, 0.0),
        (0, 95, 0.0),
        (95, 95, 100.0),
        (90, 95, 94.7),
        (1, 3, 33.3),
        (2, 3, 66.7),
        (1, 8, 12.5),
        (1, 16, 6.3),  # 6.25: half up (Python's round() would give 6.2)
        (3, 16, 18.8),  # 18.75
        (1, 2000, 0.1),  # 0.05
        (7, 2000, 0.4),  # 0.35: round(0.35, 1) is 0.3 in binary floating point
    ],
)
def test_percent(part, whole, expected):
    assert percent(part, whole) == expected
