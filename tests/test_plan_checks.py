"""Acceptance: a plan that checks its own promises, end to end on real workbooks.

A watermelon action (rated Green, 40 working days past due, 10% complete, the same
update for three periods), an honest Red, a Completed action with no evidence, a
recommendation with no action and one with no measure, costs per priority, and
working days across Christmas for England and for Scotland. The JSON, the Tracker
and the Exceptions sheet must show the same flags and reasons.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from builders import write_plan
from click.testing import CliRunner

import ragbook
from ragbook.cli import main
from ragbook.layout.checks import LINT_TITLE
from ragbook.layout.coverage import COSTS_TITLE, COVERAGE_TITLE
from ragbook.layout.facts import TITLE as RATED_BETTER_TITLE

HEADERS = [
    "Ref",
    "Priority",
    "Ofsted recommendation",
    "Action",
    "Success measure(s)",
    "Lead(s)",
    "Date due",
    "RAG rating",
    "% complete",
    "Progress update",
    "Evidence",
    "One-off cost",
    "Recurring cost",
]
AS_OF = date(2024, 12, 31)
SAME = "Recruitment under way"


def row(
    ref,
    rec,
    rating,
    due,
    percent,
    progress,
    evidence=None,
    measure="Caseloads below 20",
    lead="AF",
    one_off=None,
    recurring=None,
    priority=None,
):
    priority = priority or f"Priority {ref[0]}"
    return [
        ref,
        priority,
        rec,
        f"Action {ref}",
        measure,
        lead,
        due,
        rating,
        percent,
        progress,
        evidence,
        one_off,
        recurring,
    ]


def acceptance_rows(progress_12: str = "Interviews held") -> list[list]:
    return [
        # The watermelon: green outside, red inside.
        row("1.1", "1", "Green", date(2024, 11, 1), 0.1, SAME, one_off=12000, recurring=5000),
        # An honest red: the lead says so, nothing to flag.
        row("1.2", "1", "Red", date(2024, 10, 31), 0.2, progress_12, one_off="TBC"),
        # Complete, with nothing to show for it.
        row("1.3", "1", "Completed", date(2024, 12, 1), 1, "Done", one_off=-500),
        # Complete and evidenced: no suggestion.
        row(
            "2.1",
            "2",
            "Completed",
            date(2024, 12, 1),
            1,
            "Done",
            evidence="Audit report",
            measure="Audit completed",
            lead="AMD",
            one_off=3000,
            recurring="£2,500",
        ),
        # Due soon and not far on: Amber at most.
        row(
            "2.2",
            "2",
            "Green",
            date(2025, 1, 10),
            0.3,
            "Started",
            evidence="Plan",
            measure="Audit completed",
            lead="AMD",
        ),
    ]


def settings_rows(path: Path, values: dict[str, object]) -> Path:
    """Add rows to the Settings sheet a builder wrote (label in A, value in B)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    row = 20
    for label, value in values.items():
        ws.cell(row, 1, label)
        ws.cell(row, 2, value)
        row += 1
    wb.save(path)
    return path


def build(tmp_path: Path, nation: str | None = "England and Wales", **settings) -> Path:
    path = write_plan(tmp_path / "plan.xlsx", acceptance_rows(), headers=HEADERS, as_of=AS_OF)
    values: dict[str, object] = {"Ofsted recommendations": 3}
    if nation:
        values.update({"Count days as": "working days", "Bank holidays of": nation})
    values.update(settings)
    return settings_rows(path, values)


def close_three_periods(path: Path) -> None:
    """Sep, Oct and Nov 2024 closed: 1.1's update never changes, 1.2's does."""
    for month, text in ((9, "Advert out"), (10, "Shortlisted"), (11, "Interviews held")):
        with ragbook.load(path) as plan:
            cell = next(a for a in plan.actions if a.ref == "1.2").cells["progress"]
            edited = plan.edit({cell: text})
            edited.refresh()
            edited.save(backup=False)
        ragbook.close_period(
            path,
            period=f"{date(2024, month, 1):%b} 2024",
            as_of=date(2024, month, 28),
            backup=False,
        )


def check_json(path: Path, *args: str) -> dict:
    result = CliRunner().invoke(main, ["check", str(path), "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def sheet_rows(path: Path, role: str) -> list[tuple]:
    import zipfile

    from corpus_helpers import PackageView

    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    name = next(n for n, r in PackageView(parts).owned().items() if r == role)
    wb = openpyxl.load_workbook(path, data_only=True)
    return [tuple(r) for r in wb[name].iter_rows(values_only=True)]


def section(rows: list[tuple], title: str) -> list[tuple]:
    start = next(i for i, r in enumerate(rows) if r and r[0] == title)
    out = []
    for r in rows[start + 1 :]:
        if not any(v not in (None, "") for v in r):
            break
        out.append(r)
    return out


@pytest.fixture
def closed_plan(tmp_path):
    path = build(tmp_path)
    close_three_periods(path)
    return path


WATERMELON = "Red: 40 working days past due, 10% complete, update unchanged since Sep 2024"
NO_EVIDENCE = "Green: rated Completed with no evidence"
DUE_SOON = "Amber: due in 7 working days, 30% complete"
# 2.2's update ("Started") has not changed in the three closed periods either.
DUE_SOON_CLOSED = DUE_SOON + ", update unchanged since Sep 2024"


def test_json_gives_each_actions_suggested_rating_and_reasons(closed_plan):
    out = check_json(closed_plan)
    assert out["days"] == "working days" and out["bank_holidays"] == "England and Wales"
    by_ref = {s["ref"]: s for s in out["suggested_ratings"]}
    assert set(by_ref) == {"1.1", "1.2", "1.3", "2.2"}  # 2.1 is complete and evidenced
    assert by_ref["1.1"] == {
        "ref": "1.1",
        "rating": "Green",
        "suggested": "Red",
        "reason": WATERMELON,
        "reasons": ["40 working days past due, 10% complete", "update unchanged since Sep 2024"],
        "rated_better_than_facts": True,
    }
    # The honest red: the facts agree with the lead, so there is a reason but no flag.
    assert by_ref["1.2"]["suggested"] == "Red" and not by_ref["1.2"]["rated_better_than_facts"]
    assert by_ref["1.2"]["reason"] == "Red: 41 working days past due, 20% complete"
    assert by_ref["1.3"]["reason"] == NO_EVIDENCE and by_ref["1.3"]["rated_better_than_facts"]
    assert by_ref["2.2"]["reason"] == DUE_SOON_CLOSED
    assert out["rated_better_than_facts"] == [
        {
            "ref": "1.1",
            "leads": ["AF"],
            "rating": "Green",
            "suggested": "Red",
            "reason": WATERMELON,
        },
        {
            "ref": "1.3",
            "leads": ["AF"],
            "rating": "Completed",
            "suggested": "Green",
            "reason": NO_EVIDENCE,
        },
        {
            "ref": "2.2",
            "leads": ["AMD"],
            "rating": "Green",
            "suggested": "Amber",
            "reason": DUE_SOON_CLOSED,
        },
    ]


def test_the_lead_rating_is_never_changed(closed_plan):
    CliRunner().invoke(main, ["refresh", str(closed_plan), "--no-backup"])
    ws = openpyxl.load_workbook(closed_plan)["Actions"]
    assert [ws.cell(r, 8).value for r in range(2, 7)] == [
        "Green",
        "Red",
        "Completed",
        "Completed",
        "Green",
    ]


def test_tracker_and_exceptions_show_the_same_flags_and_reasons_as_the_json(closed_plan):
    flagged = check_json(closed_plan)["rated_better_than_facts"]
    result = CliRunner().invoke(main, ["refresh", str(closed_plan), "--no-backup"])
    assert result.exit_code == 0, result.output
    tracker = sheet_rows(closed_plan, "tracker")
    counts = {r[0]: r[1] for r in section(tracker, "Summary")}
    assert counts["Rated better than the facts"] == len(flagged) == 3
    assert counts["Plan-quality findings in Checks"] == len(check_json(closed_plan)["lint"])
    rows = section(tracker, RATED_BETTER_TITLE)
    assert rows[0][0].startswith("3 actions are rated better than the facts")
    assert rows[1][:4] == ("Action, and why", "Lead(s)", "Rating now", "Suggested")
    listed = [
        (r[0].split(" ", 1)[0], r[0].rsplit("\nWhy: ", 1)[1], r[1], r[2], r[3]) for r in rows[2:]
    ]
    assert listed == [
        (f["ref"], f["reason"], ", ".join(f["leads"]), f["rating"], f["suggested"]) for f in flagged
    ]
    exceptions = sheet_rows(closed_plan, "exceptions")
    head = next(i for i, r in enumerate(exceptions) if r[0] == "Ref")
    assert exceptions[head][5:8] == ("Working days overdue", "Why listed", "Suggested rating")
    body = {r[0]: r for r in exceptions[head + 1 :] if r[0]}
    # 1.1 and 1.2 are overdue, 1.3 and 2.2 are listed only for being rated better than the facts.
    assert list(body) == ["1.2", "1.1", "1.3", "2.2"]
    for f in flagged:
        assert "Rated better than the facts" in body[f["ref"]][6]
        assert body[f["ref"]][7] == f["reason"]
    assert body["1.2"][6] == "Overdue by 41 working days; Rated Red"
    assert body["1.2"][7] == "Red: 41 working days past due, 20% complete"  # a reason, no flag
    assert body["1.1"][5] == 40


def test_scotland_counts_its_own_bank_holidays(tmp_path):
    """St Andrew's Day (observed 2 Dec 2024) and 2 January are Scottish bank holidays."""
    path = build(tmp_path, nation="Scotland")
    by_ref = {s["ref"]: s for s in check_json(path)["suggested_ratings"]}
    assert by_ref["1.1"]["reason"] == "Red: 39 working days past due, 10% complete"
    assert by_ref["2.2"]["reason"] == "Amber: due in 6 working days, 30% complete"


def test_calendar_days_stay_the_default(tmp_path):
    path = build(tmp_path, nation=None)
    out = check_json(path)
    assert out["days"] == "calendar days" and out["bank_holidays"] is None
    by_ref = {s["ref"]: s for s in out["suggested_ratings"]}
    assert by_ref["1.1"]["reason"] == "Red: 60 days past due, 10% complete"
    # Without closed periods, "update unchanged" has nothing to go on.
    assert "unchanged" not in json.dumps(out["suggested_ratings"])


def test_coverage_map_marks_a_recommendation_with_no_action_and_one_with_no_measure(tmp_path):
    path = build(tmp_path)
    out = check_json(path)
    assert out["coverage"] == [
        {
            "recommendation": "1",
            "actions": ["1.1", "1.2", "1.3"],
            "measurable": 3,
            "indicators": [],
            "gap": None,
        },
        {
            "recommendation": "2",
            "actions": ["2.1", "2.2"],
            "measurable": 0,
            "indicators": [],
            "gap": "no measure",
        },
        {
            "recommendation": "3",
            "actions": [],
            "measurable": 0,
            "indicators": [],
            "gap": "no action",
        },
    ]
    checks = {f["check"]: f for f in out["lint"]}
    assert checks["recommendation without action"]["message"] == (
        "Ofsted recommendation 3 has no action"
    )
    assert checks["recommendation without measure"]["message"].startswith(
        "Ofsted recommendation 2 has no success measure or indicator that can be measured"
    )
    # Data problems keep their keys; plan-quality findings are apart from them.
    assert all(set(p) == {"sheet", "cell", "message", "fix"} for p in out["problems"])
    assert not any("recommendation" in p["message"] for p in out["problems"])
    CliRunner().invoke(main, ["refresh", str(path), "--no-backup"])
    rows = section(sheet_rows(path, "tracker"), COVERAGE_TITLE)
    assert [r[:6] for r in rows[1:4]] == [
        ("Recommendation 1", 3, "1.1, 1.2, 1.3", 3, None, None),
        ("Recommendation 2", 2, "2.1, 2.2", 0, None, "No measure"),
        ("Recommendation 3", 0, None, 0, None, "No action"),
    ]
    checks_sheet = sheet_rows(path, "checks")
    lint_rows = section(checks_sheet, LINT_TITLE)
    assert lint_rows[1][:3] == ("Sheet", "Cell", "Finding")
    assert [r[2] for r in lint_rows[2:]] == [f["message"] for f in out["lint"]]


def test_costs_are_totalled_per_priority_and_bad_cost_cells_are_problems(tmp_path):
    path = build(tmp_path)
    out = check_json(path)
    assert out["costs"] == {
        "by_priority": {
            "Priority 1": {"one_off": 12000, "recurring": 5000},
            "Priority 2": {"one_off": 3000, "recurring": 2500},
        },
        "total": {"one_off": 15000, "recurring": 7500},
    }
    problems = {p["cell"]: p for p in out["problems"]}
    assert problems["L3"]["message"] == (
        "'TBC' in action 1.2's one-off cost is not an amount, so the cost totals leave it out"
    )
    assert problems["L4"]["message"] == (
        "action 1.3's one-off cost is negative (-500), so the cost totals leave it out"
    )
    CliRunner().invoke(main, ["refresh", str(path), "--no-backup"])
    rows = section(sheet_rows(path, "tracker"), COSTS_TITLE)
    assert [r[:3] for r in rows[:4]] == [
        ("Priority", "One-off cost", "Recurring cost"),
        ("Priority 1", 12000, 5000),
        ("Priority 2", 3000, 2500),
        ("Total", 15000, 7500),
    ]


def test_check_lint_lists_findings_and_flags_and_strict_exits_1(closed_plan):
    runner = CliRunner()
    plain = runner.invoke(main, ["check", str(closed_plan)])
    assert "plan-quality" not in plain.stdout
    result = runner.invoke(main, ["check", str(closed_plan), "--lint"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert (
        "Actions: Ofsted recommendation 3 has no action; add an action for it, with 3 in the "
        "Ofsted recommendation column." in lines
    )
    assert f"1.1 (AF) is rated Green; the facts suggest {WATERMELON}." in lines
    assert lines[-1] == "3 actions rated better than the facts allow."
    strict = runner.invoke(main, ["check", str(closed_plan), "--lint", "--strict"])
    assert strict.exit_code == 1


@pytest.mark.parametrize(
    "nation, as_of, due, overdue",
    [
        # England's summer bank holiday is the last Monday of August (25 Aug 2025) ...
        ("England and Wales", date(2025, 8, 29), date(2025, 8, 22), 4),
        ("England and Wales", date(2025, 8, 8), date(2025, 8, 1), 5),
        # ... Scotland's the first (4 Aug 2025).
        ("Scotland", date(2025, 8, 29), date(2025, 8, 22), 5),
        ("Scotland", date(2025, 8, 8), date(2025, 8, 1), 4),
        # Christmas: due 20 Dec 2024, as of 3 Jan 2025; Scotland also keeps 2 January.
        ("England and Wales", date(2025, 1, 3), date(2024, 12, 20), 7),
        ("Scotland", date(2025, 1, 3), date(2024, 12, 20), 6),
        ("Northern Ireland", date(2025, 1, 3), date(2024, 12, 20), 7),
    ],
)
def test_working_days_across_bank_holidays_in_every_sheet(tmp_path, nation, as_of, due, overdue):
    from builders import action

    rows = [
        action("1.1", due=due, rating="Green", percent=0.5, progress="Going"),
        action("1.2", due=date(2025, 8, 29), rating="Green", percent=0.9, progress="Nearly"),
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, as_of=date(2025, 8, 22), due_soon=10)
    settings_rows(path, {"Count days as": "Working days", "Bank holidays of": nation})
    out = check_json(path, "--as-of", as_of.isoformat())
    by_ref = {s["ref"]: s for s in out["suggested_ratings"]}
    assert by_ref["1.1"]["reason"] == f"Red: {overdue} working days past due, 50% complete"
    result = CliRunner().invoke(
        main, ["refresh", str(path), "--as-of", as_of.isoformat(), "--no-backup"]
    )
    assert result.exit_code == 0, result.output
    assert "due within 10 working days" in result.stdout
    exceptions = sheet_rows(path, "exceptions")
    head = next(i for i, r in enumerate(exceptions) if r[0] == "Ref")
    assert exceptions[head + 1][0] == "1.1" and exceptions[head + 1][5] == overdue
    lead = sheet_rows(path, "lead:AF")
    status = {r[0]: r[3] for r in lead if r[0] in ("1.1", "1.2")}
    assert status["1.1"] == f"Overdue by {overdue} working days"


@pytest.mark.parametrize("nation, days", [("England and Wales", 4), ("Scotland", 5)])
def test_due_soon_counts_working_days_over_the_august_bank_holiday(tmp_path, nation, days):
    from builders import action

    rows = [action("1.1", due=date(2025, 8, 29), rating="Green", percent=0.9, progress="Nearly")]
    path = write_plan(tmp_path / "plan.xlsx", rows, as_of=date(2025, 8, 22), due_soon=4)
    settings_rows(path, {"Count days as": "working days", "Bank holidays of": nation})
    out = check_json(path)
    # England loses Monday 25 August, so 29 August is 4 working days away and due soon;
    # in Scotland it is 5, outside a 4-day window.
    assert out["due_soon"] == (1 if days <= 4 else 0)
    CliRunner().invoke(main, ["refresh", str(path), "--no-backup"])
    status = {r[0]: r[3] for r in sheet_rows(path, "lead:AF") if r[0] == "1.1"}
    assert (status["1.1"] or "") == ("Due in 4 working days" if days == 4 else "")


@pytest.mark.libreoffice
def test_libreoffice_recalculates_the_cost_totals_to_the_values_stored(tmp_path):
    from lo import convert

    (tmp_path / "in").mkdir()
    path = build(tmp_path / "in")
    CliRunner().invoke(main, ["refresh", str(path), "--no-backup"])
    recalculated = convert(path, "xlsx", tmp_path / "recalc", recalc=True)
    stored = section(sheet_rows(path, "tracker"), COSTS_TITLE)
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    name = next(n for n in wb.sheetnames if n.startswith("Tracker"))
    again = section([tuple(r) for r in wb[name].iter_rows(values_only=True)], COSTS_TITLE)
    assert [r[:3] for r in again[:4]] == [r[:3] for r in stored[:4]]
    assert again[3][:3] == ("Total", 15000, 7500)
