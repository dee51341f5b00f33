"""What of the owner's workbook reads ragbook's sheets (xlsx/dependents.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

import openpyxl
from builders import action, write_plan
from openpyxl.formatting.rule import FormulaRule
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

import ragbook
from ragbook.xlsx.dependents import Dependent, find_dependents, reads
from ragbook.xlsx.owned import owned_sheets
from ragbook.xlsx.package import open_package


def test_reads_counts_references_and_names_never_text_or_lookalikes():
    owned = {"Tracker", "AF"}
    assert reads("Tracker!B5", owned)
    assert reads("SUM('Tracker'!B5:B9)", owned)
    assert reads("RAG_Red*2", owned) and reads("rag_lead_af", owned)
    assert not reads('"Tracker!B5"', owned)  # text
    assert not reads('"RAG_Red"', owned)
    assert not reads("Trackers!B5+AFTop!A1", owned)
    assert not reads("MY_RAG_Red", owned)


def test_fixed_cells_are_single_cells_of_the_sheets_asked_about():
    dep = Dependent("cell", "'D'!A1", "p", "Tracker!$B$5+SUM(Tracker!B6:B9)+'Tracker'!c7+X!B1")
    assert dep.fixed_cells({"Tracker"}) == [("Tracker", "B5"), ("Tracker", "C7")]


def test_formulas_formats_validations_and_names_over_owned_sheets_are_found(tmp_path: Path):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1")], as_of=date(2019, 1, 15))
    plan = ragbook.load(path)
    plan.refresh()
    plan.save(backup=False)
    plan.close()
    wb = openpyxl.load_workbook(path)
    dash = wb.create_sheet("Dashboard")
    dash["A1"] = "=Tracker!B5"
    dash["A2"] = '="Tracker!B5"'  # text, not a reference
    dash["A3"] = "=Actions!A1"  # the owner's own sheet
    dash.conditional_formatting.add("B1", FormulaRule(formula=["Tracker!$B$6>0"]))
    rule = DataValidation(type="list", formula1="Tracker!$A$1:$A$3")
    dash.add_data_validation(rule)
    rule.add("C1")
    wb.defined_names["Chair"] = DefinedName("Chair", attr_text="Tracker!$B$7")
    wb.defined_names["Mine"] = DefinedName("Mine", attr_text="Actions!$A$1")
    wb.save(path)
    pkg = open_package(path)
    try:
        found = find_dependents(pkg, set(owned_sheets(pkg)))
    finally:
        pkg.close()
    assert [(d.kind, d.where, d.formula) for d in found] == [
        ("cell", "'Dashboard'!A1", "Tracker!B5"),
        ("conditional format", "'Dashboard'", "Tracker!$B$6>0"),
        ("data validation", "'Dashboard'", "Tracker!$A$1:$A$3"),
        ("name", "the name Chair", "Tracker!$B$7"),
    ]


def test_shared_formulas_and_rules_in_extensions_are_read_for_what_they_are():
    from ragbook.xlsx import dependents

    xml = (
        '<worksheet><sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">'
        'Tracker!B1</f><v>1</v></c><c r="A2"><f t="shared" si="0"/><v>2</v></c>'
        '<c r="A3"/><c r="A4" t="str"><f>"Tracker!B5"</f><v>x</v></c>'
        '<c r="A5"><f>RAG_Red</f></c></row></sheetData><extLst><ext><x14:conditionalFormattings>'
        "<x14:conditionalFormatting><x14:cfRule><xm:f>Tracker!$B$2</xm:f></x14:cfRule>"
        "</x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst></worksheet>"
    )

    class Entry:
        name, part, kind = "Dash", "xl/worksheets/sheet1.xml", "worksheet"

    class Owned(Entry):
        name, part = "Tracker", "xl/worksheets/sheet2.xml"

    class Pkg:
        sheets: ClassVar[list] = [Entry(), Owned()]
        defined_names: ClassVar[list] = []
        infos: ClassVar[list] = []
        workbook_part = "xl/workbook.xml"

        def text(self, part):
            return xml

    found = dependents.find_dependents(Pkg(), {1})
    assert [(d.kind, d.where, d.formula) for d in found] == [
        ("cell", "'Dash'!A1", "Tracker!B1"),
        ("cell", "'Dash'!A5", "RAG_Red"),
        ("conditional format or data validation", "'Dash'", "Tracker!$B$2"),
    ]


def test_a_pivot_cache_over_an_owned_sheet_or_a_name_over_one_is_found():
    from ragbook.xlsx.dependents import pivot_source

    def cache(source: str) -> str:
        return (
            f'<pivotCacheDefinition><cacheSource type="worksheet"><worksheetSource {source}/>'
            "</cacheSource></pivotCacheDefinition>"
        )

    owned = {"Exceptions", "It's"}
    assert pivot_source(cache('ref="A1:D9" sheet="Exceptions"'), owned) == "'Exceptions'!A1:D9"
    assert pivot_source(cache('ref="A1:D9" sheet="It&apos;s"'), owned) == "'It''s'!A1:D9"
    assert pivot_source(cache('name="RAG_Red"'), owned) == "RAG_Red"
    assert pivot_source(cache('name="Late"'), owned, {"late"}) == "Late"
    assert pivot_source(cache('name="Late"'), owned) == ""
    assert pivot_source(cache('ref="A1:D9" sheet="Actions"'), owned) == ""
    assert (
        pivot_source(
            '<pivotCacheDefinition><cacheSource type="external"/></pivotCacheDefinition>', owned
        )
        == ""
    )
