"""The owner's own formulas, chart and pivot over ragbook's sheets: stable names, never stale.

A plan saved the way Excel saves it (calcPr with a calcId and no fullCalcOnLoad), with
a Dashboard of the owner's formulas on Tracker cells and on ragbook's names, a chart
over the Tracker and a pivot cache over Exceptions; a lead is added and the plan
refreshed, so the Tracker's layout moves.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from builders import action, write_plan
from click.testing import CliRunner
from lo import convert
from openpyxl.chart import BarChart, Reference
from openpyxl.workbook.defined_name import DefinedName

import ragbook
from ragbook.cli import main

AS_OF = date(2019, 1, 15)
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PIVOT = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<pivotCacheDefinition xmlns="{NS}" xmlns:r="{REL_NS}" createdVersion="6" '
    'refreshedVersion="6" recordCount="0"><cacheSource type="worksheet">'
    '<worksheetSource ref="A1:B4" sheet="Exceptions"/></cacheSource>'
    '<cacheFields count="1"><cacheField name="Ref" numFmtId="0"><sharedItems/></cacheField>'
    "</cacheFields></pivotCacheDefinition>"
)
PIVOT_PART = "xl/pivotCache/pivotCacheDefinition1.xml"


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def without_values(xml: bytes) -> bytes:
    return re.sub(rb"<v>[^<]*</v>|<v/>", b"", xml)


def name_cell(wb, name: str) -> tuple[str, str]:
    sheet, cell = wb.defined_names[name].attr_text.rsplit("!", 1)
    return sheet.strip("'"), cell.replace("$", "")


def excel_saved(path: Path) -> None:
    """calcPr as Excel writes it, and a pivot cache over the Exceptions sheet."""
    files = parts(path)
    wb = files["xl/workbook.xml"].decode()
    wb = re.sub(r"<calcPr\b[^>]*/>", '<calcPr calcId="191029"/>', wb)
    wb = wb.replace(
        "</workbook>",
        f'<pivotCaches><pivotCache cacheId="7" r:id="rId99" '
        f'xmlns:r="{REL_NS}"/></pivotCaches></workbook>',
    )
    files["xl/workbook.xml"] = wb.encode()
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    files["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        (
            f'<Relationship Id="rId99" Type="{REL_NS}/pivotCacheDefinition" '
            'Target="pivotCache/pivotCacheDefinition1.xml"/></Relationships>'
        ),
    ).encode()
    types = files["[Content_Types].xml"].decode()
    files["[Content_Types].xml"] = types.replace(
        "</Types>",
        (
            '<Override PartName="/xl/pivotCache/pivotCacheDefinition1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"/></Types>'
        ),
    ).encode()
    files[PIVOT_PART] = PIVOT.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    rows = [
        action("1.1", lead="AF", due=date(2018, 12, 1), rating="Red"),
        action("1.2", lead="AF", due=date(2019, 3, 1), rating="Green"),
        action("2.1", lead="SG", due=date(2019, 6, 1), rating="Amber", priority="Priority 2"),
        action("2.2", lead="SG", due=date(2019, 6, 1), rating="Green", priority="Priority 2"),
        action("2.3", lead="SG", due=date(2019, 6, 1), rating="Completed", priority="Priority 2"),
    ]
    path = write_plan(tmp_path / "plan.xlsx", rows, as_of=AS_OF)
    first = ragbook.load(path)
    first.refresh()
    first.save(backup=False)
    first.close()
    # The owner builds on the Tracker, in Excel, and adds an action for a new lead.
    wb = openpyxl.load_workbook(path)
    sheet, sg_cell = name_cell(wb, "RAG_Lead_SG")
    dash = wb.create_sheet("Dashboard")
    dash["A1"] = f"=Tracker!{sg_cell}"  # a fixed cell: SG's actions, for now
    dash["A2"] = "=RAG_Lead_SG"
    dash["A3"] = "=RAG_Actions"
    dash["A4"] = "=RAG_Red*10"
    dash["A5"] = "=RAG_OnTrackPct"
    dash["B1"] = "=RAG_Mine"
    wb.defined_names["RAG_Mine"] = DefinedName("RAG_Mine", attr_text="Dashboard!$A$1")
    tracker = wb[sheet]
    row = int(sg_cell[1:])
    chart = BarChart()
    chart.add_data(Reference(tracker, min_col=2, min_row=row - 1, max_row=row))
    dash.add_chart(chart, "C1")
    wb["Actions"].append(action("3.1", lead="AMD", due=date(2019, 5, 1), rating="Red"))
    wb.save(path)
    excel_saved(path)
    return path


@pytest.mark.libreoffice
def test_after_a_refresh_that_moves_the_layout_names_and_recalculation_give_the_right_numbers(
    plan, tmp_path
):
    before = parts(plan)
    p = ragbook.load(plan)
    summary = p.refresh()
    result = p.save(backup=False)
    p.close()
    after = parts(plan)
    report = result.report

    # The names point at the right numbers on the new layout.
    wb = openpyxl.load_workbook(plan, data_only=True)  # ragbook writes formulas' values too
    tracker = wb["Tracker"]
    expected = {
        "RAG_Lead_SG": 3,
        "RAG_Lead_AMD": 1,
        "RAG_Lead_AF": 2,
        "RAG_Actions": 6,
        "RAG_Red": 2,
        "RAG_Green": 2,
        "RAG_Overdue": len(summary.overdue),
        "RAG_Priority_Priority2": 3,
    }
    for name, value in expected.items():
        sheet, cell = name_cell(wb, name)
        assert sheet == "Tracker" and tracker[cell].value == value, name
    assert (
        name_cell(wb, "RAG_AsOf")[1] and tracker[name_cell(wb, "RAG_AsOf")[1]].value.date() == AS_OF
    )
    assert "RAG_Lead_AMD" in report.names

    # Excel is asked to recalculate and the pivot to refresh; nothing else of theirs changes.
    assert re.search(
        r'<calcPr calcId="191029" fullCalcOnLoad="1"/>', after["xl/workbook.xml"].decode()
    )
    assert (
        after[PIVOT_PART]
        == PIVOT.replace('recordCount="0"', 'recordCount="0" refreshOnLoad="1"').encode()
    )
    assert PIVOT_PART in report.changed_parts
    kinds = {d.kind for d in report.dependents}
    assert {"cell", "chart", "pivot"} <= kinds
    owned = {
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "[Content_Types].xml",
        "xl/styles.xml",
        PIVOT_PART,
    }
    sheets = {n for n in after if n.startswith("xl/worksheets/")}
    for name, data in before.items():
        if name in after and name not in owned and name not in report.changed_parts:
            assert after[name] == data, name
    # The Dashboard's simple references already show the new numbers; only their <v> changed.
    dashboard_part = next(n for n in sheets if b"RAG_Lead_SG" in after[n])
    assert dashboard_part in report.changed_parts
    assert without_values(after[dashboard_part]) == without_values(before[dashboard_part])
    stored = openpyxl.load_workbook(plan, data_only=True)["Dashboard"]
    assert [stored[f"A{r}"].value for r in range(1, 4)] == [1, 3, 6]
    assert stored["A4"].value is None  # RAG_Red*10: left to the recalculation on opening
    assert stored["A5"].value == pytest.approx(summary.on_track_or_complete_pct / 100)
    assert any(n.startswith("xl/charts/") for n in after)

    # LibreOffice recalculating shows the right values: the names follow the figures,
    # the fixed cell now reads another lead's count.
    out = convert(plan, "xlsx", tmp_path / "lo", recalc=True)
    dash = openpyxl.load_workbook(out, data_only=True)["Dashboard"]
    assert [dash[f"A{r}"].value for r in range(2, 5)] == [3, 6, 20]
    assert dash["A5"].value == pytest.approx(summary.on_track_or_complete_pct / 100)
    assert dash["A1"].value == 1  # AMD's count: the fixed cell moved under it


def test_check_explain_lists_the_owners_parts_and_suggests_the_name_for_a_fixed_cell(plan):
    wb = openpyxl.load_workbook(plan)
    _, sg_cell = name_cell(wb, "RAG_Lead_SG")
    result = CliRunner().invoke(main, ["check", str(plan), "--explain"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "The owner's cells, names, charts and pivots that read ragbook's sheets" in out
    assert "  cell 'Dashboard'!A2: RAG_Lead_SG" in out
    # The owner's chart on the Dashboard; not the Tracker's own charts, which read it too.
    assert len(re.findall(r"^  chart xl/charts/chart\d+\.xml: ", out, re.M)) == 1
    assert f"  pivot {PIVOT_PART}: 'Exceptions'!A1:B4" in out
    assert (
        f"  Warning: 'Dashboard'!A1 reads the fixed cell 'Tracker'!{sg_cell}, which can hold "
        "another number after a refresh moves the layout; use =RAG_Lead_SG instead, which "
        "follows the figure."
    ) in out
    assert (
        "The name RAG_Mine is yours (it is not a single cell of ragbook's sheets): ragbook "
        "never changes it"
    ) in out


def test_a_plan_nothing_reads_keeps_its_calculation_settings(tmp_path):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1")], as_of=AS_OF)
    for _ in range(2):
        p = ragbook.load(path)
        p.refresh()
        report = p.save(backup=False).report
        p.close()
    assert report.dependents == []
    assert "fullCalcOnLoad" in parts(path)["xl/workbook.xml"].decode()  # openpyxl's own, kept


def test_refresh_says_what_reads_ragbooks_sheets_and_which_names_it_left(plan):
    wb = openpyxl.load_workbook(plan)
    wb.defined_names["RAG_Red"] = DefinedName("RAG_Red", attr_text="Dashboard!$A$9")
    wb.save(plan)
    result = CliRunner().invoke(main, ["refresh", str(plan), "--no-backup"])
    assert result.exit_code == 0, result.output
    assert (
        "Names not written, as you have names of those names already: RAG_Red; rename yours "
        "(Formulas > Name Manager) to get ragbook's (see docs/names.md)."
    ) in result.output
    # Six Dashboard cells and the chart (openpyxl's save above dropped the pivot cache).
    assert (
        f"7 of your cells, names, charts or pivots read ragbook's sheets: Excel recalculates "
        f"them when the plan is next opened (ragbook check {plan} --explain lists them)."
    ) in result.output
    wb = openpyxl.load_workbook(plan)
    assert wb.defined_names["RAG_Red"].attr_text == "Dashboard!$A$9"
