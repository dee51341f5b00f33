"""collect on real files: the full loop, bad files and conflicts, and nothing else touched."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from builders import LEADS, LOOP_HEADERS, RAG4, lead_edit, row_of, write_loop_plan
from corpus_helpers import PackageView
from lo import convert

import ragbook
import ragbook.plan
from ragbook.collect import collect_returns
from ragbook.split import split_plan

NOW = datetime(2019, 1, 20, 9, 30)
FIRST, SECOND = 17, 18  # rows of the AF workbook holding actions 1.1 and 1.2


def split(plan: Path, **kwargs) -> dict[str, Path]:
    with ragbook.load(plan) as loaded:
        return {f.lead: f.path for f in split_plan(loaded, plan.parent / "out", **kwargs).files}


def collect(plan: Path, *files: Path, **kwargs):
    return collect_returns(plan, list(files), now=NOW, **kwargs)


def backups(plan: Path) -> list[Path]:
    return sorted((plan.parent / "ragbook-backups").glob("*.xlsx"))


@pytest.fixture
def plan(tmp_path) -> Path:
    return write_loop_plan(tmp_path / "plan.xlsx")


def test_the_full_loop(plan):
    wb = openpyxl.load_workbook(plan)
    wb["Actions"]["F6"] = "Amberr"  # 2.3: a typo the owner has not fixed
    wb.save(plan)
    books = split(plan)
    lead_edit(books["AF"], {f"E{FIRST}": "Amber", f"G{FIRST}": "Back on track", f"F{SECOND}": 0.5})
    lead_edit(books["AMD"], {f"E{row_of(books['AMD'], '2.3')}": "Amber"})  # the typo, rated
    result = collect(plan, books["AF"], books["AMD"])
    assert [o.status for o in result.outcomes] == ["applied", "applied"]
    assert result.log_entries == 4 and len(backups(plan)) == 1
    wb = openpyxl.load_workbook(plan)
    actions = wb["Actions"]
    assert (actions["F2"].value, actions["H2"].value, actions["G3"].value) == (
        "Amber",
        "Back on track",
        0.5,
    )
    assert actions["F6"].value == "Amber"
    log = [[c.value for c in row] for row in wb["Change log"].iter_rows(min_row=5)]
    assert [r[1:7] for r in log] == [
        ["AF 2019-01-15.xlsx", "AF", "1.1", "RAG rating", "Red", "Amber"],
        ["AF 2019-01-15.xlsx", "AF", "1.1", "Progress update", "Behind", "Back on track"],
        ["AF 2019-01-15.xlsx", "AF", "1.2", "% complete", None, "50%"],
        ["AMD 2019-01-15.xlsx", "AMD", "2.3", "RAG rating", "Amberr", "Amber"],
    ]
    assert {r[0] for r in log} == {NOW} and log[0][7] == result.outcomes[0].workbook_id
    # The refresh saw the new values: no Red left, and the typo's problem is gone.
    assert result.summary.ratings["Red"] == 0 and result.summary.ratings["Amber"] == 2
    assert "No problems found." in [c.value for c in wb["Checks"]["A"]]


def test_collecting_the_same_file_again_changes_nothing(plan):
    books = split(plan, leads=["AF"])
    lead_edit(books["AF"], {f"E{FIRST}": "Amber"})
    collect(plan, books["AF"])
    before = plan.read_bytes()
    again = collect(plan, books["AF"])
    assert [o.status for o in again.outcomes] == ["unchanged"] and again.saved is None
    assert plan.read_bytes() == before and len(backups(plan)) == 1


def test_a_later_collect_appends_to_the_change_log(plan):
    books = split(plan)
    lead_edit(books["AF"], {f"E{FIRST}": "Amber"})
    collect(plan, books["AF"])
    lead_edit(books["SG"], {f"E{FIRST}": "Red"})
    collect_returns(plan, [books["SG"]], now=datetime(2019, 1, 21, 8, 0))
    log = [
        [c.value for c in row][:4]
        for row in openpyxl.load_workbook(plan)["Change log"].iter_rows(min_row=5)
    ]
    assert log == [
        [NOW, "AF 2019-01-15.xlsx", "AF", "1.1"],
        [datetime(2019, 1, 21, 8, 0), "SG 2019-01-15.xlsx", "SG", "2.1"],
    ]


def test_a_bad_file_does_not_stop_the_good_ones_and_a_file_goes_in_cell_by_cell(plan, tmp_path):
    books = split(plan)
    lead_edit(books["AF"], {f"E{FIRST}": "Amber"})
    lead_edit(books["SG"], {f"E{FIRST}": "Red", f"F{SECOND}": "lots"})  # one good, one bad
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really")
    result = collect(plan, junk, books["SG"], plan, books["AF"])
    assert [o.status for o in result.outcomes] == [
        "not applied",
        "partly applied",
        "not applied",
        "applied",
    ]
    assert [o.refused for o in result.outcomes] == [True, False, True, False]
    assert (
        result.outcomes[0]
        .problems[0]
        .message.startswith("junk.xlsx is damaged or not an Excel workbook")
    )
    assert [p.line() for p in result.outcomes[1].problems] == [
        f"[SG 2019-01-15.xlsx]Actions for SG!F{SECOND}: action 2.2: 'lots' is not a percentage "
        "from 0% to 100%; type the percentage complete, e.g. 50%."
    ]
    assert (
        result.outcomes[2]
        .problems[0]
        .message.startswith("plan.xlsx is not a ragbook lead workbook")
    )
    actions = openpyxl.load_workbook(plan)["Actions"]
    assert actions["F2"].value == "Amber"  # AF's
    assert actions["F4"].value == "Red"  # SG's good change went in, the bad cell did not
    assert actions["G5"].value is None
    log = [
        [c.value for c in row][1:9]
        for row in openpyxl.load_workbook(plan)["Change log"].iter_rows(min_row=5)
    ]
    assert [r[:6] + r[7:] for r in log] == [
        ["SG 2019-01-15.xlsx", "SG", "2.1", "RAG rating", "Completed", "Red", "applied"],
        [
            "SG 2019-01-15.xlsx",
            "SG",
            None,
            None,
            None,
            f"[SG 2019-01-15.xlsx]Actions for SG!F{SECOND}: action 2.2: 'lots' is not a "
            "percentage from 0% to 100%; type the percentage complete, e.g. 50%.",
            "refused",
        ],
        ["AF 2019-01-15.xlsx", "AF", "1.1", "RAG rating", "Red", "Amber", "applied"],
    ]


def test_dry_run_says_what_would_change_and_writes_nothing(plan):
    books = split(plan, leads=["AF"])
    lead_edit(books["AF"], {f"E{FIRST}": "Amber"})
    before = plan.read_bytes()
    result = collect(plan, books["AF"], dry_run=True)
    assert [c.line() for c in result.outcomes[0].changes] == ["1.1 RAG rating: Red -> Amber"]
    assert result.saved is None and plan.read_bytes() == before and backups(plan) == []


@pytest.mark.parametrize("merge_sees_formulas", [True, False])
def test_a_formula_in_the_plans_cell_is_reported_and_the_other_files_applied(
    plan, monkeypatch, merge_sees_formulas
):
    """The merge refuses a cell that holds a formula; should it not know of one, the
    single patch that puts every returned workbook in refuses that cell alone."""
    books = split(plan)
    wb = openpyxl.load_workbook(plan)
    wb["Actions"]["H4"] = '="Audit "&"done"'  # since the split, 2.1's progress is a formula
    wb.save(plan)
    if not merge_sees_formulas:
        monkeypatch.setattr(ragbook.plan.Plan, "calculated_cells", lambda self: frozenset())
    lead_edit(books["SG"], {f"G{FIRST}": "Audit booked"})
    lead_edit(books["AF"], {f"E{FIRST}": "Amber"})
    result = collect(plan, books["SG"], books["AF"])
    assert [o.status for o in result.outcomes] == ["not applied", "applied"]
    assert [p.line() for p in result.outcomes[0].problems] == [
        "Actions!H4: Actions!H4 holds a formula; ragbook will not overwrite it; clear the "
        "formula from the plan's cell, or type the lead's update in by hand."
    ]
    saved = openpyxl.load_workbook(plan)["Actions"]
    assert saved["H4"].value == '="Audit "&"done"'
    [change] = result.outcomes[1].changes
    assert saved[change.cell].value == "Amber"


def test_text_that_looks_like_a_formula_reaches_the_plan_as_text(plan):
    books = split(plan, leads=["AF"])
    updates = {
        f"G{FIRST}": '=HYPERLINK("http://evil.example.org","x")',
        f"H{FIRST}": "+44 7700",
        f"G{SECOND}": "-done",
        f"H{SECOND}": "@SUM(A1)",
    }
    lead_edit(books["AF"], updates, text_cells=(f"G{FIRST}",))
    collect(plan, books["AF"])
    with zipfile.ZipFile(plan) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    for ref in ("H2", "I2", "H3", "I3"):
        cell = re.search(rf'<c r="{ref}"[^>]*>.*?</c>', xml).group(0)
        assert 't="inlineStr"' in cell and "<f>" not in cell, cell
    actions = openpyxl.load_workbook(plan)["Actions"]
    assert actions["H2"].value == '=HYPERLINK("http://evil.example.org","x")'
    assert actions["H2"].data_type == "s"


def write_rich_master(path: Path) -> Path:
    """A plan saved by xlsxwriter with a comment, drop-downs and conditional formats."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    red = wb.add_format({"bg_color": "#FFC7CE"})
    ws = wb.add_worksheet("Actions")
    ws.write_row(0, 0, LOOP_HEADERS)
    rows = [
        (
            "1.1",
            "P1",
            "Recruit social workers",
            "AF",
            date(2018, 12, 1),
            "Red",
            0.25,
            "Behind",
            "Board minutes",
        ),
        ("1.2", "P1", "Audit case files", "AF", date(2019, 2, 10), "Green", None, None, None),
    ]
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, date):
                ws.write_datetime(r, c, datetime(value.year, value.month, value.day), date_format)
            elif value is not None:
                ws.write(r, c, value)
    ws.write_comment("C2", "Agreed at the January board.")
    ws.data_validation(
        "F2:F100", {"validate": "list", "source": ["Red", "Amber", "Green", "Completed"]}
    )
    ws.conditional_format(
        "F2:F100", {"type": "cell", "criteria": "==", "value": '"Red"', "format": red}
    )
    leads = wb.add_worksheet("Leads")
    leads.write_row(0, 0, ["Code", "Name", "Role", "Email"])
    for r, lead in enumerate(LEADS, start=1):
        leads.write_row(r, 0, lead)
    settings = wb.add_worksheet("Settings")
    settings.write_row(2, 0, ["Plan title", "Rich plan"])
    settings.write_row(5, 0, ["As-of date"])
    settings.write_datetime(5, 1, datetime(2019, 1, 15), date_format)
    settings.write_row(8, 0, ["Label", "Code", "Colour", "Meaning", "Counts as"])
    for r, rating in enumerate(RAG4, start=9):
        settings.write_row(r, 0, rating)
    wb.close()
    return path


CELL = re.compile(r'<c r="([A-Z]+\d+)"[^>]*?(?:/>|>.*?</c>)', re.S)


@pytest.mark.libreoffice
def test_only_the_updated_cells_of_a_rich_master_change(tmp_path):
    plan = write_rich_master(tmp_path / "plan.xlsx")
    ragbook.refresh(plan, backup=False)  # the owned sheets are there before the collect
    with zipfile.ZipFile(plan) as z:
        before = {i.filename: z.read(i) for i in z.infolist()}
    books = split(plan, leads=["AF"])
    lead_edit(books["AF"], {f"E{FIRST}": "Amber", f"G{SECOND}": "Started"})
    result = collect(plan, books["AF"])
    assert result.outcomes[0].status == "applied"
    with zipfile.ZipFile(plan) as z:
        after = {i.filename: z.read(i) for i in z.infolist()}
    owned = {
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        "xl/styles.xml",
        "xl/worksheets/sheet1.xml",
    }
    owned |= {f"xl/worksheets/sheet{n}.xml" for n in range(4, 12)}  # ragbook's own sheets
    owned |= PackageView(before).owned_parts()  # and the Tracker's charts, made afresh
    assert {"xl/comments1.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet2.xml"} <= set(before)
    for name, data in before.items():
        if name not in owned:
            assert after[name] == data, f"{name} changed"
    old, new = (
        before["xl/worksheets/sheet1.xml"].decode(),
        after["xl/worksheets/sheet1.xml"].decode(),
    )
    assert CELL.sub("", old) == CELL.sub("", new)  # rows, validations, formats: all as they were
    old_cells = {m.group(1): m.group(0) for m in CELL.finditer(old)}
    new_cells = {m.group(1): m.group(0) for m in CELL.finditer(new)}
    changed = {
        ref
        for ref in old_cells.keys() | new_cells.keys()
        if old_cells.get(ref) != new_cells.get(ref)
    }
    assert changed == {"F2", "H3"}
    assert new_cells["F2"] == '<c r="F2" t="inlineStr"><is><t>Amber</t></is></c>'
    wb = openpyxl.load_workbook(plan)
    assert wb["Actions"]["C2"].comment.text.startswith("Agreed at the January board.")
    assert wb["Actions"].conditional_formatting and wb["Actions"].data_validations.dataValidation
    # LibreOffice opens the collected plan and sees the update and the Change log.
    reopened = openpyxl.load_workbook(convert(plan, "xlsx", tmp_path / "lo"))
    assert reopened["Actions"]["F2"].value == "Amber"
    assert reopened["Change log"]["D5"].value == "1.1"


@pytest.mark.libreoffice
def test_libreoffice_opens_a_returned_lead_workbook_and_collect_reads_its_save(plan, tmp_path):
    books = split(plan, leads=["AF"])
    lead_edit(books["AF"], {f"E{FIRST}": "Amber"})
    saved_by_lo = convert(books["AF"], "xlsx", tmp_path / "lo")
    result = collect(plan, saved_by_lo)
    assert result.outcomes[0].status == "applied", result.outcomes[0].problems
    assert [c.line() for c in result.changes] == ["1.1 RAG rating: Red -> Amber"]
