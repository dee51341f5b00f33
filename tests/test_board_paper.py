"""The board paper as data (ragbook.board.paper), checked against the workbooks as the
councils wrote them: what is due by the board date, what is off track, what was completed
since the last period, costs and unanswered recommendations."""

from __future__ import annotations

from datetime import date, timedelta

import openpyxl
from board_plans import TFC_AS_OF, TFC_BOARD, build_tfc_progress, tfc_rows
from council_layouts import build_sunderland, build_west_berkshire

from ragbook.board.paper import build_paper
from ragbook.demo import write_demo
from ragbook.plan import load
from ragbook.rules.scales import PRESETS


def paper_for(path, as_of, board=None):
    with load(path) as plan:
        summary = plan.summary(as_of)
        return build_paper(plan.data, summary, board), summary


def test_due_by_the_board_date_grouped_by_rating_then_priority(tmp_path):
    paper, _ = paper_for(build_tfc_progress(tmp_path), TFC_AS_OF, TFC_BOARD)
    rows = [r for r in tfc_rows() if r.due <= TFC_BOARD]
    names = {"R": "Red", "A": "Amber", "G": "Green", "C": "Completed"}
    assert [g.badge.label for g in paper.due_by_board] == [
        names[x] for x in "RAGC" if any(r.rating == x for r in rows)
    ]
    for group in paper.due_by_board:
        want = [r for r in rows if names[r.rating] == group.badge.label]
        got = [(p.priority, a.ref) for p in group.priorities for a in p.actions]
        assert sorted(got) == sorted((r.priority, r.ref) for r in want)
        order = [int(p.priority.split()[1]) for p in group.priorities]
        assert order == sorted(order)  # priorities in the plan's order
    assert paper.due_by_board_count == len(rows)
    # not complete, not yet overdue, due from the as-of date to the board date
    assert paper.due_before_board == sum(1 for r in rows if r.rating != "C" and r.due >= TFC_AS_OF)


def test_every_off_track_action_worst_first_with_lead_due_and_update(tmp_path):
    paper, _ = paper_for(build_tfc_progress(tmp_path), TFC_AS_OF, TFC_BOARD)
    want = [r for r in tfc_rows() if r.rating == "R"] + [r for r in tfc_rows() if r.rating == "A"]
    assert [a.ref for a in paper.off_track] == [r.ref for r in want]
    assert [a.lead for a in paper.off_track] == [r.lead for r in want]
    assert [a.due for a in paper.off_track] == [r.due.strftime("%d/%m/%Y") for r in want]
    assert paper.off_track[0].update.startswith("Given the time the development may take")
    assert paper.off_track_labels == ["Red", "Amber"]
    assert paper.completed_since is None  # no earlier period to compare with
    assert paper.compared_with is None


def test_completed_since_the_previous_period_and_board_date_default(tmp_path):
    today = date(2026, 12, 2)
    path = write_demo(tmp_path / "demo.xlsx", today)
    paper, summary = paper_for(path, today)
    assert paper.board_date == today + timedelta(days=summary.due_soon_days)
    assert paper.due_before_board == len(summary.due_soon)
    ws = openpyxl.load_workbook(path, read_only=True)["Actions"]
    rows = list(ws.iter_rows(values_only=True))
    was_col, now_col = rows[0].index("RAG Nov"), rows[0].index("RAG rating")
    scale = PRESETS["reading5"]

    def complete(value) -> bool:
        rating = scale.find(str(value or ""))
        return bool(rating and rating.complete)

    first: dict[str, object] = {}  # an action is matched across periods by its ref
    for row in rows[1:]:
        if row[0] and row[0] != "Ref":
            first.setdefault(str(row[0]), row[was_col])
    want = sorted(
        {
            str(row[0])
            for row in rows[1:]
            if row[0]
            and row[0] != "Ref"
            and complete(row[now_col])
            and not complete(first[str(row[0])])
        }
    )
    assert sorted({a.ref for a in paper.completed_since}) == want
    assert paper.compared_with == "Nov"


def test_costs_and_recommendations_without_actions(tmp_path):
    seed = build_west_berkshire(tmp_path)
    paper, _ = paper_for(seed.path, seed.as_of)
    one_off = sum(a.one_off_cost or 0 for a in seed.actions)
    recurring = sum(a.recurring_cost or 0 for a in seed.actions)
    assert paper.costs.one_off == f"£{one_off:,.2f}".rstrip("0").rstrip(".")
    assert paper.costs.recurring == f"£{recurring:,.2f}".rstrip("0").rstrip(".")
    assert paper.costs.actions == sum(
        1 for a in seed.actions if a.one_off_cost is not None or a.recurring_cost is not None
    )
    sunderland = build_sunderland(tmp_path)
    paper, _ = paper_for(sunderland.path, sunderland.as_of)
    assert paper.costs is None
    assert sorted(paper.recommendations_without_actions, key=int) == sorted(
        (n for n, k in sunderland.recommendations.items() if k == 0), key=int
    )
    said = next(s for s in paper.sentences if "Ofsted recommendation" in s)
    assert said.endswith(f"no action: {', '.join(paper.recommendations_without_actions)}.")


def test_the_papers_cost_totals_are_the_trackers_even_with_a_negative_cost_typed(tmp_path):
    """A negative cost is a problem with its cell and left out of the Tracker's totals; the
    board paper must not add it in and print a different total."""
    seed = build_west_berkshire(tmp_path)
    wb = openpyxl.load_workbook(seed.path)
    ws = wb[seed.sheet]
    header = seed.header_row
    col = next(c.column for c in ws[header] if c.value == "One-off cost")
    row = next(
        r
        for r in range(header + 1, ws.max_row + 1)
        if isinstance(ws.cell(r, col).value, (int, float)) and ws.cell(r, col).value > 0
    )
    ws.cell(row, col).value = -5000
    wb.save(seed.path)
    paper, summary = paper_for(seed.path, seed.as_of)
    assert any("negative" in p.message for p in summary.problems)
    one_off, recurring = summary.costs.total
    assert paper.costs.one_off == f"£{one_off:,.2f}".rstrip("0").rstrip(".")
    assert paper.costs.recurring == f"£{recurring:,.2f}".rstrip("0").rstrip(".")
