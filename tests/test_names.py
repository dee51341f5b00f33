"""ragbook's stable names (xlsx/names.py) and how the writer keeps them."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from ragbook.xlsx.names import absolute, figure_name, is_ragbooks, name_part, record_figure
from ragbook.xlsx.package import open_package
from ragbook.xlsx.spec import Cell, SheetSpec
from ragbook.xlsx.writer import write_sheets

NS = (
    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Red", "Red"),
        ("Not rated", "NotRated"),
        ("Light green", "LightGreen"),
        ("Priority 1: Leadership & culture", "Priority1LeadershipCulture"),
        ("AF / SG", "AFSG"),
        ("1.2a", "1.2a"),
        ("Rosé", "Ros"),
        ("", ""),
    ],
)
def test_name_parts_keep_only_what_excel_allows_in_a_name(text, expected):
    assert name_part(text) == expected


def test_figure_names_have_the_prefix_and_are_never_cell_like_or_too_long():
    assert figure_name("OnTrackPct") == "RAG_OnTrackPct"
    assert figure_name("x" * 300) == "RAG_" + "x" * 251
    for key in ("", "Red", "1"):
        name = figure_name(key)
        assert name.startswith("RAG_") and len(name) <= 255


def test_two_figures_that_fold_alike_get_distinct_keys():
    figures: dict[str, str] = {}
    record_figure(figures, "Lead_AFSG", "B30")
    record_figure(figures, "Lead_afsg", "B31")
    record_figure(figures, "Lead_AFSG", "B32")
    assert figures == {"Lead_AFSG": "B30", "Lead_afsg_2": "B31", "Lead_AFSG_3": "B32"}


def test_absolute_references():
    assert absolute("b12") == "$B$12"
    with pytest.raises(ValueError):
        absolute("B12:C13")


@pytest.mark.parametrize(
    "name, formula, mine",
    [
        ("RAG_Red", "'Tracker'!$B$12", True),
        ("rag_red", "Tracker!B12", True),
        ("RAG_Red", "'It''s'!$B$12", False),  # not an owned sheet
        ("RAG_Red", "Dashboard!$A$1", False),
        ("RAG_Red", "'Tracker'!$B$12:$B$13", False),
        ("RAG_Red", "'Tracker'!$B$12+1", False),
        ("Red", "'Tracker'!$B$12", False),
    ],
)
def test_a_name_is_ragbooks_only_with_the_prefix_and_one_owned_cell(name, formula, mine):
    assert is_ragbooks(name, formula, {"Tracker"}) is mine


# -- the workbook part, exact bytes ----------------------------------------------------


def excel_like_plan(path: Path, names: str) -> Path:
    """One user sheet, its workbook part as Excel writes it (calcPr with calcId only)."""
    wb = openpyxl.Workbook()
    wb.active.title = "Actions"
    wb.save(path)
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}>'
        '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>'
        '<sheets><sheet name="Actions" sheetId="1" r:id="rId1"/></sheets>'
        f'{names}<calcPr calcId="191029"/></workbook>'
    )
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["xl/workbook.xml"] = workbook.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def write(source: Path, dest: Path, figures: dict[str, str]):
    tracker = SheetSpec("Tracker", "tracker", rows=[[Cell(4)], [Cell(1)]], figures=figures)
    pkg = open_package(source)
    try:
        with open(dest, "wb") as fh:
            return write_sheets(pkg, [tracker], fh)
    finally:
        pkg.close()


def workbook_part(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/workbook.xml").decode()


def test_names_are_written_replaced_and_an_owners_name_is_never_touched(tmp_path):
    owners = (
        '<definedNames><definedName name="RAG_Red">Actions!$A$1</definedName>'
        '<definedName name="Chair">Actions!$B$2</definedName></definedNames>'
    )
    source = excel_like_plan(tmp_path / "plan.xlsx", owners)
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    report = write(source, first, {"Actions": "A1", "Red": "A2"})
    assert report.names == ["RAG_Actions"] and report.names_skipped == ["RAG_Red"]
    sheets = (
        '<sheets><sheet name="Actions" sheetId="1" r:id="rId1"/>'
        '<sheet name="Tracker" sheetId="2" r:id="rId4"/></sheets>'
    )
    marker = '<definedName name="_ragbook" localSheetId="1" hidden="1">"tracker"</definedName>'
    head = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}>'
        '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>'
    )
    assert workbook_part(first) == (
        head + sheets + '<definedNames><definedName name="RAG_Red">Actions!$A$1</definedName>'
        '<definedName name="Chair">Actions!$B$2</definedName>'
        "<definedName name=\"RAG_Actions\">'Tracker'!$A$1</definedName>"
        + marker
        + '</definedNames><calcPr calcId="191029"/></workbook>'
    )
    # The next refresh moves the figure: ragbook's name follows, the owner's stay.
    report = write(first, second, {"Actions": "A2"})
    assert report.names == ["RAG_Actions"] and report.names_skipped == []
    assert workbook_part(second) == (
        head + sheets + '<definedNames><definedName name="RAG_Red">Actions!$A$1</definedName>'
        '<definedName name="Chair">Actions!$B$2</definedName>'
        "<definedName name=\"RAG_Actions\">'Tracker'!$A$2</definedName>"
        + marker
        + '</definedNames><calcPr calcId="191029"/></workbook>'
    )


def test_a_figure_no_longer_there_loses_its_name(tmp_path):
    source = excel_like_plan(tmp_path / "plan.xlsx", "")
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    write(source, first, {"Actions": "A1", "Lead_AF": "A2"})
    assert "RAG_Lead_AF" in workbook_part(first)
    write(first, second, {"Actions": "A1"})
    assert "RAG_Lead_AF" not in workbook_part(second)
    assert "RAG_Actions" in workbook_part(second)


# -- the Tracker's figures, through a refresh ------------------------------------------


@pytest.mark.parametrize(
    "headers, previous",
    [
        (["RAG Initial", "RAG Oct", "RAG Nov"], {"Red": 1, "Amber": 1}),  # Oct is the previous
        (["RAG Initial", "RAG Nov"], {"Red": 2}),  # the initial column is the previous one too
    ],
)
def test_each_ratings_current_previous_and_initial_counts_are_named(tmp_path, headers, previous):
    from datetime import date

    from builders import write_plan

    import ragbook

    ratings = [["Red", "Amber", "Green"], ["Red", "Red", "Amber"]]
    rows = [
        [
            f"1.{i}",
            "P1",
            "Do it",
            "AF",
            date(2019, 3, 1),
            *(r if len(headers) == 3 else [r[0], r[2]]),
        ]
        for i, r in enumerate(ratings, start=1)
    ]
    base = ["Ref", "Priority", "Action", "Lead(s)", "Date due"]
    path = write_plan(tmp_path / "plan.xlsx", rows, headers=base + headers, as_of=date(2019, 1, 15))
    plan = ragbook.load(path)
    plan.refresh()
    report = plan.save(backup=False).report
    plan.close()
    wb = openpyxl.load_workbook(path, data_only=True)

    def value(name):
        sheet, cell = wb.defined_names[name].attr_text.rsplit("!", 1)
        return wb[sheet.strip("'")][cell.replace("$", "")].value

    assert {k: value(f"RAG_{k}_Initial") for k in ("Red", "Amber")} == {"Red": 2, "Amber": 0}
    assert {k: value(f"RAG_{k}_Previous") for k in previous} == previous
    assert {k: value(f"RAG_{k}") for k in ("Green", "Amber", "Red")} == {
        "Green": 1,
        "Amber": 1,
        "Red": 0,
    }
    assert value("RAG_Actions") == 2 and value("RAG_Lead_AF") == 2
    assert value("RAG_Priority_P1") == 2 and value("RAG_AsOf").date() == date(2019, 1, 15)
    assert report.names_skipped == []


def test_a_sheets_figures_keep_unique_keys_as_a_plain_dict_would():
    """SheetSpec.figures keeps its keys casefolded alongside (one lookup per new key,
    for a Tracker with a figure per lead); the keys are the ones a plain dict gives."""
    keys = ["Lead_AF", "Lead_af", "Lead_A_F", "Lead_AF", "Priority_1", "priority_1"]
    spec, plain = SheetSpec("Tracker", "tracker"), {}
    for i, key in enumerate(keys):
        record_figure(spec.figures, key, f"B{i + 1}")
        record_figure(plain, key, f"B{i + 1}")
    assert spec.figures == plain
    assert list(spec.figures) == [
        "Lead_AF",
        "Lead_af_2",
        "Lead_A_F",
        "Lead_AF_3",
        "Priority_1",
        "priority_1_2",
    ]
