"""The Python API for scripts and notebooks."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime

import openpyxl
import pandas as pd
import pytest
from builders import action, write_plan

import ragbook
from ragbook.rules.model import Problem


@pytest.fixture
def plan_path(tmp_path):
    rows = [
        action("1.1", lead="AF", due=date(2018, 12, 1), rating="Red", percent=0.25),
        action("1.2", lead="AF / SG", due="March 2019", rating="G"),
        action("1.3", lead="SG", due="ongoing", rating="Completed"),
    ]
    return write_plan(tmp_path / "plan.xlsx", rows, as_of=date(2019, 1, 15))


def test_load_refresh_save(plan_path):
    plan = ragbook.load(plan_path)
    assert [a.ref for a in plan.actions] == ["1.1", "1.2", "1.3"]
    summary = plan.refresh()  # the as-of date comes from Settings
    assert summary.as_of == date(2019, 1, 15)
    assert summary.ratings["Red"] == 1 and summary.ratings["Green"] == 1
    assert [a.ref for a, _ in summary.overdue] == ["1.1"]
    result = plan.save()
    assert result.path == plan_path and result.backup.exists()
    assert "Tracker" in result.report.written


def test_save_can_be_called_again_to_the_same_file_or_another(plan_path, tmp_path):
    """As docs/python-api.md shows: plan.save() then plan.save("copy.xlsx")."""
    plan = ragbook.load(plan_path)
    plan.refresh()
    first = plan.save()
    copy = plan.save(tmp_path / "copy.xlsx")
    again = plan.save()
    plan.close()
    assert first.backup.exists() and again.backup.exists() and copy.backup is None
    for path in (plan_path, tmp_path / "copy.xlsx"):
        with ragbook.load(path) as saved:
            assert saved.summary().ratings["Red"] == 1
        assert "Tracker" in openpyxl.load_workbook(path).sheetnames
    assert (tmp_path / "copy.xlsx").read_bytes() == plan_path.read_bytes()


def test_a_plan_loaded_with_the_lock_holds_it_until_closed(plan_path):
    from ragbook.xlsx import filelock

    plan = ragbook.load(plan_path, lock=True)
    assert filelock.lock_path(plan_path.absolute()).exists()
    plan.refresh()
    plan.save()
    assert filelock.lock_path(plan_path.absolute()).exists()  # still held: saved, not closed
    plan.close()
    assert not filelock.lock_path(plan_path.absolute()).exists()


def test_actions_as_a_dataframe(plan_path):
    with ragbook.load(plan_path) as plan:
        frame = plan.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame["ref"]) == ["1.1", "1.2", "1.3"]
    assert list(frame["rating"]) == ["Red", "Green", "Completed"]
    assert frame.loc[1, "leads"] == ["AF", "SG"]
    assert frame.loc[1, "due"] == pd.Timestamp(2019, 3, 31)
    assert bool(frame.loc[2, "ongoing"]) and pd.isna(frame.loc[2, "due"])
    assert frame.loc[0, "percent_complete"] == 0.25


def test_refresh_convenience_function(plan_path):
    summary, result = ragbook.refresh(plan_path, as_of=date(2019, 4, 1), backup=False)
    assert summary.as_of == date(2019, 4, 1)
    assert [a.ref for a, _ in summary.overdue] == ["1.1", "1.2"]
    assert result.backup is None


def test_importing_and_refreshing_does_not_import_pandas(plan_path):
    code = (
        "import sys, ragbook, datetime;"
        f"ragbook.refresh({str(plan_path)!r}, as_of=datetime.date(2019, 1, 15), backup=False);"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_errors_are_ragbook_errors(tmp_path):
    bad = tmp_path / "plan.xlsx"
    bad.write_text("hello")
    with pytest.raises(ragbook.NotAWorkbook):
        ragbook.load(bad)
    with pytest.raises(ragbook.UsageProblem):
        ragbook.load(bad, scale="rainbow")


def test_the_summary_report_adds_the_problems_to_the_sentence(plan_path):
    with ragbook.load(plan_path) as plan:
        summary = plan.summary()
    assert summary.report() == f"{summary.sentence()}; no problems found"
    summary.problems.append(Problem("Actions", "F3", "'Gren' is not a rating"))
    summary.problems.append(Problem("Actions", "F4", "'Ambr' is not a rating"))
    assert summary.report("Checks") == f"{summary.sentence()}; 2 problems listed in Checks"
    summary.problems.pop()
    assert summary.report() == f"{summary.sentence()}; 1 problem"


def test_sheet_name_gives_the_name_refresh_chose_for_each_role(tmp_path):
    rows = [action("1.1", lead="AF")]
    path = write_plan(tmp_path / "plan.xlsx", rows, extra_sheets={"Tracker": [["my notes"]]})
    with ragbook.load(path) as plan:
        assert plan.sheet_name("tracker") is None  # nothing laid out yet
        plan.refresh(as_of=date(2019, 1, 15))
        assert plan.sheet_name("tracker") == "Tracker (2)"  # the owner's Tracker is kept
        assert plan.sheet_name("checks") == "Checks"
        assert plan.sheet_name("no such role") is None


def test_edit_counts_the_new_values_and_save_writes_them_with_the_refresh(plan_path):
    import openpyxl

    plan = ragbook.load(plan_path)
    edited = plan.edit({"F2": "Completed", "H2": "=done"})
    assert plan.actions[0].rating.text == "Red"  # the loaded plan is as it was
    assert edited.actions[0].rating.rating.label == "Completed"
    summary = edited.refresh()
    assert summary.ratings["Completed"] == 2 and summary.ratings["Red"] == 0
    assert [a.ref for a, _ in summary.overdue] == []
    edited.save()
    wb = openpyxl.load_workbook(plan_path)
    assert wb["Actions"]["F2"].value == "Completed"
    assert wb["Actions"]["H2"].value == "=done" and wb["Actions"]["H2"].data_type == "s"
    assert wb["Tracker"]["B6"].value == 3  # on track or completed: 2 before the edit


def test_edit_refuses_a_formula_cell(tmp_path):
    from ragbook.xlsx.patch import PatchRefused

    path = write_plan(tmp_path / "plan.xlsx", [action("1.1", rating='="Red"')])
    with (
        ragbook.load(path) as plan,
        pytest.raises(PatchRefused, match=r"Actions!F2 holds a formula"),
    ):
        plan.edit({"F2": "Green"})


def test_add_sheet_names_a_new_sheet_and_keeps_an_owned_sheets_name(plan_path):
    from ragbook.xlsx.spec import Cell, SheetSpec

    plan = ragbook.load(plan_path)
    with pytest.raises(ragbook.UsageProblem):
        plan.add_sheet("changelog", "Leads", lambda name: SheetSpec(name, "changelog"))
    plan.refresh()
    spec = plan.add_sheet(
        "changelog", "Leads", lambda name: SheetSpec(name, "changelog", rows=[[Cell("x")]])
    )
    assert spec.name == "Leads (2)"  # a user sheet has the name wanted
    plan.save()
    plan = ragbook.load(plan_path)
    plan.refresh()
    assert (
        plan.add_sheet("changelog", "Other", lambda name: SheetSpec(name, "changelog")).name
        == "Leads (2)"
    )
    plan.close()


def test_a_mark_set_on_the_plan_is_in_the_saved_workbook_and_read_back(tmp_path):
    path = write_plan(
        tmp_path / "plan.xlsx", [action("1.1", lead="AF", due=date(2019, 2, 1), rating="Green")]
    )
    with ragbook.load(path) as plan:
        assert plan.marks == {}
        plan.refresh(date(2019, 1, 15))
        plan.set_mark("plan", "0123abcd")
        plan.save()
    with ragbook.load(path) as plan:
        assert plan.marks == {"plan": "0123abcd"}


def test_a_guessed_scale_is_recorded_at_the_first_refresh_and_kept(tmp_path):
    """A Reading plan rated only RED and AMBER so far: the scale is reading5 (the ratings are
    typed as its labels are), and the first refresh records it in the workbook; so a lead's
    drop-down offers LIGHT GREEN, collect takes it, and later reads keep reading5 when the
    ratings typed by then look like another scale."""
    rows = [
        action("1.1", lead="AF", due=date(2016, 11, 30), rating="RED"),
        action("1.2", lead="AF", due=date(2017, 1, 31), rating="AMBER"),
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, settings=False)
    with ragbook.load(path) as plan:
        assert (plan.scale.name, plan.data.settings.scale_source) == (
            "reading5",
            "guessed from the ratings typed: 2 of 2 match it",
        )
        assert "scale" not in plan.marks
        plan.refresh(as_of=date(2016, 12, 20))
        plan.save(backup=False)
    with ragbook.load(path) as plan:
        assert plan.marks["scale"] == "reading5"
        (book,) = ragbook.split_plan(plan, tmp_path / "out", as_of=date(2016, 12, 20)).files
    lead = openpyxl.load_workbook(book.path)
    assert {"LIGHT GREEN", "DARK GREEN"} <= {
        c.value for row in lead["ragbook"].iter_rows() for c in row
    }
    sheet = lead.worksheets[0]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "1.2")
    col = next(
        c for c in range(1, sheet.max_column + 1) if sheet.cell(row - 2, c).value == "RAG rating"
    )
    sheet.cell(row, col).value = "LIGHT GREEN"
    lead.save(book.path)
    result = ragbook.collect_returns(path, [book.path], now=datetime(2016, 12, 21, 9, 0))
    assert [o.status for o in result.outcomes] == ["applied"], result.outcomes[0].problems
    wb = openpyxl.load_workbook(path)
    assert wb["Actions"]["F3"].value == "LIGHT GREEN"
    wb["Actions"]["F2"], wb["Actions"]["F3"] = "Red", "Green"  # retyped the rag4 way
    wb.save(path)
    with ragbook.load(path) as plan:
        assert (plan.scale.name, plan.data.settings.scale_source) == (
            "reading5",
            "recorded in the workbook by an earlier refresh",
        )
        problems = [(p.cell, p.message) for p in plan.problems]
    assert problems == [
        (
            "F1",
            "ragbook guessed the scale: reading5 (RED, AMBER, LIGHT GREEN, DARK GREEN, "
            "COMPLETED), as recorded in the workbook by an earlier refresh (guessed now, it "
            "would be rag4, from the ratings typed (2 of 2 match it))",
        ),
        ("F3", "'Green' is not a rating on the reading5 scale; the nearest is DARK GREEN"),
    ]


@pytest.mark.libreoffice
def test_the_first_refresh_gives_the_plan_an_id_that_stays(plan_path, monkeypatch, tmp_path):
    from lo import convert

    import ragbook.plan

    ids = iter(["0123456789abcdef", "fedcba9876543210"])
    monkeypatch.setattr(ragbook.plan, "new_plan_id", lambda: next(ids))
    with ragbook.load(plan_path) as plan:
        assert plan.marks == {}
        plan.refresh()
        plan.save(backup=False)
    ragbook.refresh(plan_path, backup=False)  # a second refresh keeps it
    with ragbook.load(plan_path) as plan:
        assert plan.marks == {"plan": "0123456789abcdef"}
    # LibreOffice keeps it when it saves the plan, and so the plan stays the same plan.
    resaved = convert(plan_path, "xlsx", tmp_path / "lo")
    with ragbook.load(resaved) as plan:
        assert plan.marks["plan"] == "0123456789abcdef"


def test_plan_ids_are_random_sixteen_hex_digits():
    from ragbook.plan import new_plan_id

    first, second = new_plan_id(), new_plan_id()
    assert first != second and len(first) == 16 and int(first, 16) >= 0


@pytest.mark.parametrize("enabled", [True, False])
def test_the_host_process_garbage_collector_is_left_as_it_was(plan_path, tmp_path, enabled):
    """A library must not change the collector of the process it runs in: after
    load, refresh and save it is enabled exactly when it was, and nothing is frozen
    (gc.freeze() would keep a notebook's garbage from ever being collected)."""
    import gc

    was_enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    (gc.enable if enabled else gc.disable)()
    try:
        plan = ragbook.load(plan_path)
        plan.refresh()
        plan.save(tmp_path / "copy.xlsx")
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() == frozen
    finally:
        (gc.enable if was_enabled else gc.disable)()
