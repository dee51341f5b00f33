"""Suggested ratings: the rule vocabulary and what it says about one action."""

from __future__ import annotations

from datetime import date

import pytest

from ragbook.rules.dates import Due
from ragbook.rules.model import Action, RatingValue
from ragbook.rules.scales import PRESETS
from ragbook.rules.suggest import (
    DEFAULT_RULES,
    Clause,
    Facts,
    RuleRow,
    build_rules,
    parse_condition,
    resolve_rating,
    suggest,
    unchanged_runs,
)
from ragbook.rules.trend import Snapshot
from ragbook.rules.workdays import DayCount

RAG4, READING5, STATUS4 = PRESETS["rag4"], PRESETS["reading5"], PRESETS["status4"]
AS_OF = date(2019, 1, 31)


def make(
    ref="1.1",
    rating="Green",
    due=date(2019, 1, 15),
    percent=None,
    progress="",
    evidence="",
    scale=RAG4,
    ongoing=False,
) -> Action:
    return Action(
        row=2,
        ref=ref,
        text="Do it",
        leads=("AF",),
        lead_text="AF",
        due=Due(date=None if ongoing else due, ongoing=ongoing),
        due_text="",
        rating=RatingValue(rating, scale.find(rating) if rating else None),
        percent_complete=percent,
        progress=progress,
        evidence=evidence,
    )


def facts(**kw) -> Facts:
    kw.setdefault("as_of", AS_OF)
    kw.setdefault("days", DayCount())
    kw.setdefault("due_soon_days", 30)
    kw.setdefault("has_evidence", True)
    return Facts(**kw)


def rules(rows=DEFAULT_RULES, scale=RAG4):
    built, problems = build_rules(rows, scale, "Settings")
    assert problems == []
    return built


@pytest.mark.parametrize(
    "text, tests",
    [
        ("past due", (Clause("past due"),)),
        ("Overdue", (Clause("past due"),)),
        ("past due by 20 working days or more", (Clause("past due", 20),)),
        ("due soon and below 50% complete", (Clause("due within"), Clause("below", 50))),
        (
            "Due within 10 days & % complete below 75%",
            (Clause("due within", 10), Clause("below", 75)),
        ),
        ("update unchanged for 3 periods", (Clause("unchanged", 3),)),
        ("no update for 2 periods", (Clause("unchanged", 2),)),
        ("complete with no evidence", (Clause("complete"), Clause("no evidence"))),
        ("Rated complete, without evidence.", (Clause("complete"), Clause("no evidence"))),
    ],
)
def test_conditions_the_vocabulary_understands(text, tests):
    assert parse_condition(text) == tests


@pytest.mark.parametrize("text", ["when it feels late", "past due or complete", "", "due"])
def test_conditions_it_does_not(text):
    assert parse_condition(text) is None


@pytest.mark.parametrize(
    "scale, word, label",
    [
        (RAG4, "worst", "Red"),
        (RAG4, "off track", "Amber"),
        (RAG4, "not complete", "Green"),
        (READING5, "not complete", "LIGHT GREEN"),
        (READING5, "off track", "AMBER"),
        (STATUS4, "off track", "In progress but behind schedule"),
        (RAG4, "a", "Amber"),
        (RAG4, "Purple", None),
    ],
)
def test_rule_ratings_are_labels_codes_or_words_for_a_place_on_the_scale(scale, word, label):
    found = resolve_rating(word, scale)
    assert (found.label if found else None) == label


def test_the_watermelon_is_flagged_with_every_reason():
    action = make(rating="Green", due=date(2018, 11, 30), percent=0.1, progress="On track")
    runs = {"1.1": (3, "Oct 2018")}
    [s] = suggest([action], rules(), RAG4, facts(unchanged=runs))
    assert s.rating.label == "Red" and s.rated_better
    assert s.reason == "Red: 62 days past due, 10% complete, update unchanged since Oct 2018"
    assert s.as_json()["reasons"] == [
        "62 days past due, 10% complete",
        "update unchanged since Oct 2018",
    ]


def test_an_honest_red_has_a_reason_and_no_flag():
    [s] = suggest([make(rating="Red", percent=0.4)], rules(), RAG4, facts())
    assert s.rating.label == "Red" and not s.rated_better
    assert s.reason == "Red: 16 days past due, 40% complete"


def test_complete_with_no_evidence_is_at_most_the_best_rating_not_complete():
    done = make(rating="Completed", due=date(2019, 1, 1), percent=1.0)
    [s] = suggest([done], rules(), RAG4, facts())
    assert (s.rating.label, s.rated_better, s.reason) == (
        "Green",
        True,
        "Green: rated Completed with no evidence",
    )
    evidenced = make(rating="C", evidence="Audit report")
    assert suggest([evidenced], rules(), RAG4, facts()) == []
    # A plan with no Evidence column cannot say there is none.
    assert suggest([done], rules(), RAG4, facts(has_evidence=False)) == []


def test_due_soon_and_not_far_on_is_at_most_amber():
    action = make(rating="Green", due=date(2019, 2, 10), percent=0.3)
    [s] = suggest([action], rules(), RAG4, facts())
    assert s.reason == "Amber: due in 10 days, 30% complete" and s.rated_better
    assert suggest([make(due=date(2019, 2, 10), percent=0.6)], rules(), RAG4, facts()) == []
    # % complete left blank is no fact: the rule does not guess.
    assert suggest([make(due=date(2019, 2, 10))], rules(), RAG4, facts()) == []
    # Outside the window, nothing.
    assert (
        suggest([make(due=date(2019, 2, 10), percent=0.3)], rules(), RAG4, facts(due_soon_days=5))
        == []
    )


def test_complete_and_ongoing_actions_are_never_past_due():
    assert suggest([make(rating="Completed", evidence="x")], rules(), RAG4, facts()) == []
    assert suggest([make(ongoing=True, percent=0)], rules(), RAG4, facts()) == []


def test_not_rated_actions_get_a_suggestion_but_no_flag():
    [s] = suggest([make(rating="", percent=0.2)], rules(), RAG4, facts())
    assert s.rating.label == "Red" and not s.rated_better
    assert s.as_json()["rating"] == "Not rated"


def test_working_days_in_the_reason():
    action = make(rating="Green", due=date(2024, 12, 20), percent=0.5)
    [s] = suggest(
        [action],
        rules(),
        RAG4,
        facts(as_of=date(2025, 1, 3), days=DayCount("working days", "Scotland")),
    )
    assert s.reason == "Red: 6 working days past due, 50% complete"


def test_owner_rules_with_their_own_wording_and_thresholds():
    rows = (
        RuleRow("past due by 30 days or more", "R", "{overdue} late ({due})"),
        RuleRow("past due", "A", ""),
        RuleRow("below 25% complete", "Amber", "only {percent} done"),
    )
    built = rules(rows)
    late = make(due=date(2018, 12, 1), percent=0.2)
    [s] = suggest([late], built, RAG4, facts())
    assert s.reason == "Red: 61 days late (01/12/2018), 61 days past due, only 20% done"
    [s] = suggest([make(due=date(2019, 1, 20), percent=0.5)], built, RAG4, facts())
    assert s.reason == "Amber: 11 days past due"


def test_mistakes_in_rules_are_problems_with_their_cells():
    rows = (
        RuleRow("when it feels late", "Red", "", ("A30", "B30", "D30")),
        RuleRow("past due", "Purple", "", ("A31", "B31", "D31")),
        RuleRow("past due", "Red", "{days} late", ("A32", "B32", "D32")),
        RuleRow("past due", "Red", "late {", ("A33", "B33", "D33")),
        RuleRow("past due", "Red", "", ("A34", "B34", "D34")),
    )
    built, problems = build_rules(rows, RAG4, "Settings")
    assert [(p.cell, p.message) for p in problems] == [
        ("A30", "'when it feels late' is not a condition ragbook knows for suggesting a rating"),
        ("B31", "'Purple' is not a rating on the rag4 scale"),
        ("D32", "the wording '{days} late' names {days}, which ragbook does not fill"),
        ("D33", "the wording 'late {' names a lone { or }, which ragbook does not fill"),
    ]
    assert len(built) == 1 and built[0].wording == "{overdue} past due"


def test_unchanged_runs_count_closed_periods_back_from_the_latest():
    def snap(label, text):
        return Snapshot(label, "history", [("1.1", RatingValue("G", None))], {"1.1": text})

    past = [
        snap("Sep 2018", "Old"),
        snap("Oct 2018", "Same"),
        snap("Nov 2018", "same "),
        snap("Dec 2018", "Same"),
    ]
    action = make(progress="Same")
    assert unchanged_runs([action], past) == {"1.1": (3, "Oct 2018")}
    assert unchanged_runs([make(progress="New")], past) == {}
    columns = [Snapshot("Initial", "column", [("1.1", RatingValue("G", None))]), *past[1:]]
    assert unchanged_runs([action], columns) == {"1.1": (3, "Oct 2018")}
