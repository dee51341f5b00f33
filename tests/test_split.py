"""split: one real workbook per lead on disk, opened by openpyxl and LibreOffice."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from builders import action, write_loop_plan, write_plan
from lo import convert

import ragbook
from ragbook.split import split_plan


@pytest.fixture
def plan(tmp_path) -> Path:
    return write_loop_plan(tmp_path / "plan.xlsx")


def split(path: Path, out: Path, **kwargs):
    with ragbook.load(path) as loaded:
        return split_plan(loaded, out, **kwargs)


def test_one_workbook_per_lead_named_after_them(plan, tmp_path):
    before = plan.read_bytes()
    calls = []
    result = split(
        plan, tmp_path / "out", progress=lambda f, done, total: calls.append((done, total))
    )
    assert [f.path.name for f in result.files] == [
        "AF 2019-01-15.xlsx",
        "AMD 2019-01-15.xlsx",
        "SG 2019-01-15.xlsx",
    ]
    assert [(f.lead, f.actions, f.overdue, f.due_soon) for f in result.files] == [
        ("AF", 2, 1, 1),
        ("AMD", 2, 0, 1),
        ("SG", 2, 0, 1),
    ]
    assert calls == [(1, 3), (2, 3), (3, 3)]
    assert result.sentence() == f"Wrote 3 lead workbooks into {tmp_path / 'out'} as of 15/01/2019"
    assert result.files[0].sentence() == "AF 2019-01-15.xlsx: 2 actions, 1 overdue, 1 due soon"
    assert [f["lead"] for f in result.as_json()] == ["AF", "AMD", "SG"]
    assert plan.read_bytes() == before  # the plan is only read
    wb = openpyxl.load_workbook(result.files[1].path)
    ws = wb["Actions for AMD"]
    refs = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    assert refs[-2:] == ["1.2", "2.3"]
    assert ws.protection.sheet and wb["ragbook"].sheet_state == "veryHidden"


def test_chosen_leads_in_any_case_and_an_unknown_one_is_refused(plan, tmp_path):
    result = split(plan, tmp_path / "out", leads=["sg", "SG"])
    assert [f.lead for f in result.files] == ["SG"]
    with pytest.raises(
        ragbook.UsageProblem,
        match="no action has the lead 'ZZ'; leads with actions are: AF, AMD, SG",
    ):
        split(plan, tmp_path / "out", leads=["ZZ"])


def test_awkward_lead_codes_make_safe_unique_file_names(tmp_path):
    codes = ["CON", 'Head of "Early Help": North/South', "Director " + "x" * 300]
    path = write_plan(
        tmp_path / "plan.xlsx",
        [action(str(i), lead=c) for i, c in enumerate(codes)],
        leads=[(c, "", "", "") for c in codes],
    )
    names = [f.path.name for f in split(path, tmp_path / "out", as_of=date(2019, 1, 1)).files]
    assert names == [
        "CON 2019-01-01.xlsx",
        "Director " + "x" * 80 + " 2019-01-01.xlsx",
        "Head of -Early Help-- North-South 2019-01-01.xlsx",
    ]


@pytest.mark.parametrize(
    "code",
    [
        "Children's Services O'Neil",
        "O'Brien'",
        "Team \U0001f600\U0001f600\U0001f600\U0001f600 North",
        "Head of Early Help's'",
        "'Quoted'",
    ],
)
def test_lead_codes_that_cut_to_an_apostrophe_or_emoji_give_sheets_excel_accepts(tmp_path, code):
    """'Actions for <code>' cut to 31 characters could end in ', and an emoji is two of
    Excel's characters: split failed, having written part of its folder."""
    path = write_plan(
        tmp_path / "plan.xlsx",
        [action("1.1", lead=code), action("1.2", lead="AF")],
        leads=[(code, "", "", ""), ("AF", "", "", "")],
    )
    files = split(path, tmp_path / "out", as_of=date(2019, 1, 1)).files
    assert len(files) == 2 and all(f.path.exists() for f in files)
    name = openpyxl.load_workbook(files[[f.lead for f in files].index(code)].path).sheetnames[0]
    assert name.startswith("Actions for ")
    assert len(name.encode("utf-16-le")) // 2 <= 31
    assert not name.endswith("'") and not name.startswith("'")


def test_the_same_plan_and_date_give_the_same_bytes(plan, tmp_path):
    first = split(plan, tmp_path / "a").files[0].path.read_bytes()
    assert split(plan, tmp_path / "b").files[0].path.read_bytes() == first


def test_a_workbook_someone_has_open_is_not_replaced(plan, tmp_path):
    out = tmp_path / "out"
    split(plan, out, leads=["AF"])
    (out / "~$AF 2019-01-15.xlsx").write_bytes(b"\x10Business Manager")
    with pytest.raises(ragbook.WorkbookInUse, match="open in Excel by Business Manager"):
        split(plan, out, leads=["AF"])


@pytest.mark.libreoffice
def test_libreoffice_opens_a_lead_workbook_and_gets_the_same_summary(tmp_path):
    scale = [
        ("Red", "R", "FF0000", "", "off track"),
        ("On track*", "G", "00B050", "", "on track"),
        ("Done?", "C", "0070C0", "", "complete"),
    ]
    rows = [
        action("1", due=date(2018, 12, 1), rating="R"),
        action("2", rating="On track*"),
        action("3", rating="C"),
        action("4", rating="Amber"),
        action("5", rating=""),
        action("6", due=date(2019, 1, 20), rating="G"),
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, scale=scale, as_of=date(2019, 1, 15))
    lead_file = split(path, tmp_path / "out").files[0].path
    cached = _summary(openpyxl.load_workbook(lead_file, data_only=True).worksheets[0])
    assert cached == {
        "Actions": 6,
        "Overdue": 1,
        "Due by 14/02/2019": 4,
        "Red": 1,
        "On track*": 2,
        "Done?": 1,
        "Not rated": 1,
        "Not on the scale": 1,
    }
    converted = convert(
        lead_file, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path / "lo", recalc=True
    )
    with open(converted, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    recalculated = {r[0]: int(r[2]) for r in rows[6 : 6 + len(cached)]}
    assert recalculated == cached


def _summary(ws) -> dict[str, int]:
    return {
        ws.cell(r, 1).value: ws.cell(r, 3).value
        for r in range(7, ws.max_row + 1)
        if isinstance(ws.cell(r, 3).value, int)
    }
