"""An action's identity: its ref and its own words, found again after the owner's edits."""

from __future__ import annotations

from datetime import date

import pytest

from ragbook.rules.dates import Due
from ragbook.rules.identity import (
    SIMILAR,
    Identity,
    PlanIndex,
    context_of,
    folded_text,
    shown_ref,
    similar,
)
from ragbook.rules.model import Action, RatingValue


def act(ref: str, text: str, row: int = 2, outcome: str = "", recommendation: str = "") -> Action:
    return Action(
        row=row,
        ref=ref,
        text=text,
        leads=("AF",),
        lead_text="AF",
        due=Due(date(2019, 1, 31)),
        due_text="",
        rating=RatingValue("", None),
        outcome=outcome,
        recommendation=recommendation,
    )


PLAN = [
    act("1.1", "Create an effective children's services structure", 10),
    act("1.2", "Implement a workforce strategy for social workers", 11),
    act("1.3", "Embed the Signs of Safety practice model", 12),
    act("1.4", "Complete a skills audit across the workforce", 13),
]


@pytest.mark.parametrize(
    "text, folded",
    [
        ("1.3 Embed Reading's chosen model.", "embed reading s chosen model"),
        ("  Embed   READING'S chosen\nmodel ", "embed reading s chosen model"),
        ("5.3.1 Realign services", "realign services"),
        ("", ""),
    ],
)
def test_folded_text_drops_the_leading_ref_case_spacing_and_punctuation(text, folded):
    assert folded_text(text) == folded


def test_similar_takes_a_typo_and_not_a_rewrite():
    base = folded_text("Implement a workforce strategy for social workers")
    assert SIMILAR == 0.9
    assert similar(base, folded_text("Implement a work force strategy for social workers."))
    assert similar(base, folded_text("Implement a workforce stratgey for social workers"))
    assert not similar(base, folded_text("Recruit twelve permanent social workers by March"))
    assert not similar(base, "") and similar("", "")


def test_the_same_ref_and_words_is_the_same_action():
    found = PlanIndex(PLAN).find(Identity.of(PLAN[2]))
    assert (found.kind, found.action) == ("same", PLAN[2])


def test_renumbered_actions_are_found_by_their_words():
    sent = Identity.of(PLAN[2])  # 1.3, before a new 1.2 was inserted
    now = [
        PLAN[0],
        act("1.2", "Appoint a principal social worker", 11),
        act("1.3", PLAN[1].text, 12),
        act("1.4", PLAN[2].text, 13),
        act("1.5", PLAN[3].text, 14),
    ]
    found = PlanIndex(now).find(sent)
    assert (found.kind, found.action.ref, found.action.row) == ("moved", "1.4", 13)


def test_a_typo_fixed_in_the_plan_still_matches_and_a_rewrite_does_not():
    sent = Identity.of(PLAN[1])
    typo = PlanIndex([act("1.2", "Implement a work-force strategy for social workers")])
    assert typo.find(sent).kind == "same"
    rewritten = PlanIndex([act("1.2", "Recruit twelve permanent social workers by March")])
    found = rewritten.find(sent)
    assert (found.kind, found.action, [a.ref for a in found.others]) == ("rewritten", None, ["1.2"])


def test_an_action_deleted_is_gone():
    found = PlanIndex(PLAN[:2]).find(Identity.of(PLAN[3]))
    assert (found.kind, found.action, found.others) == ("gone", None, [])


def test_the_same_words_twice_are_told_apart_by_their_context_or_are_ambiguous():
    a = act("2.1", "Review the policy", 20, outcome="Children are safe", recommendation="2")
    b = act("3.1", "Review the policy", 30, outcome="Care leavers are housed", recommendation="3")
    sent = Identity.of(a)
    moved = PlanIndex(
        [
            act("2.2", a.text, 21, a.outcome, a.recommendation),
            act("3.2", b.text, 31, b.outcome, b.recommendation),
        ]
    ).find(sent)
    assert (moved.kind, moved.action.ref) == ("moved", "2.2")
    twins = PlanIndex(
        [act("2.2", a.text, 21, a.outcome, "2"), act("2.3", a.text, 22, a.outcome, "2")]
    )
    found = twins.find(sent)
    assert (found.kind, [x.ref for x in found.others]) == ("ambiguous", ["2.2", "2.3"])


def test_the_same_ref_and_words_win_over_a_near_twin_elsewhere():
    # "Review the X policy" and "Review the Y policy" are similar; the exact words decide.
    x = act("4.1", "Review the X policy", 40)
    y = act("4.2", "Review the Y policy", 41)
    sent = Identity.of(y)
    swapped = PlanIndex([act("4.1", y.text, 40), act("4.2", x.text, 41)])
    found = swapped.find(sent)
    assert (found.kind, found.action.ref) == ("moved", "4.1")


def test_plans_without_refs_are_matched_by_words_after_rows_move():
    sent = Identity.of(act("row 41", "Embed the use of chronologies in all case files", 41))
    now = PlanIndex(
        [
            act("row 41", "Recruit a team manager", 41),
            act("row 42", "Embed the use of chronologies in all case files", 42),
        ]
    )
    found = now.find(sent)
    assert (found.kind, found.action.ref) == ("moved", "row 42")


def test_a_format_1_identity_is_its_ref_alone():
    index = PlanIndex([*PLAN, act("1.1", "A second 1.1", 14)])
    assert index.find(Identity("1.2")).action is PLAN[1]
    assert index.find(Identity("1.1")).kind == "doubled"
    assert index.find(Identity("9.9")).kind == "gone"


def test_context_and_shown_ref():
    assert context_of(act("1", "x", outcome="Safe  children", recommendation="1")) == context_of(
        act("2", "y", outcome="safe children", recommendation="1")
    )
    assert shown_ref([act("1.5", "a"), act("1.6", "b")]) == "1.5 / 1.6"
