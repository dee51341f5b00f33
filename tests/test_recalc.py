"""Asking for recalculation on opening (xlsx/recalc.py): exact bytes of each edit."""

from __future__ import annotations

import pytest

from ragbook.xlsx.recalc import full_calc_on_load, refresh_on_load, set_attribute

HEAD = '<workbook xmlns="m"><sheets><sheet name="A" sheetId="1" r:id="rId1"/></sheets>'


@pytest.mark.parametrize(
    "before, after",
    [
        # As Excel saves it: a calcId only.
        (
            HEAD + '<calcPr calcId="191029"/></workbook>',
            HEAD + '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>',
        ),
        # Already asked, or asked not to: set to 1, in its place, in its quotes' stead.
        (
            HEAD + "<calcPr fullCalcOnLoad='0' calcId=\"1\"/></workbook>",
            HEAD + '<calcPr fullCalcOnLoad="1" calcId="1"/></workbook>',
        ),
        (
            HEAD + '<calcPr calcId="1" fullCalcOnLoad="1"/></workbook>',
            HEAD + '<calcPr calcId="1" fullCalcOnLoad="1"/></workbook>',
        ),
        # No calcPr: one goes where the schema wants it, before oleSize / pivotCaches / extLst.
        (
            HEAD + "<definedNames/><pivotCaches/><extLst/></workbook>",
            HEAD + '<definedNames/><calcPr fullCalcOnLoad="1"/><pivotCaches/><extLst/></workbook>',
        ),
        (HEAD + "<extLst/></workbook>", HEAD + '<calcPr fullCalcOnLoad="1"/><extLst/></workbook>'),
        (
            "<workbook><bookViews><workbookView><extLst/></workbookView></bookViews><sheets/>"
            "<extLst/></workbook>",
            "<workbook><bookViews><workbookView><extLst/></workbookView></bookViews><sheets/>"
            '<calcPr fullCalcOnLoad="1"/><extLst/></workbook>',
        ),
        (HEAD + "</workbook>", HEAD + '<calcPr fullCalcOnLoad="1"/></workbook>'),
        # A calcPr with children (Excel never writes them, but the schema allows an extLst).
        (
            HEAD + '<calcPr calcId="2"><extLst/></calcPr></workbook>',
            HEAD + '<calcPr calcId="2" fullCalcOnLoad="1"><extLst/></calcPr></workbook>',
        ),
    ],
)
def test_the_workbook_asks_for_a_full_recalculation(before, after):
    assert full_calc_on_load(before, "") == after


def test_a_prefixed_workbook_part_gets_a_prefixed_calc_pr():
    text = '<x:workbook xmlns:x="m"><x:sheets/><x:extLst/></x:workbook>'
    assert (
        full_calc_on_load(text, "x:")
        == '<x:workbook xmlns:x="m"><x:sheets/><x:calcPr fullCalcOnLoad="1"/><x:extLst/></x:workbook>'
    )


def test_a_pivot_cache_asks_to_be_refreshed():
    text = '<pivotCacheDefinition xmlns="m" r:id="rId1"><cacheSource/></pivotCacheDefinition>'
    assert refresh_on_load(text) == (
        '<pivotCacheDefinition xmlns="m" r:id="rId1" '
        'refreshOnLoad="1"><cacheSource/></pivotCacheDefinition>'
    )


def test_an_attribute_of_the_same_ending_is_not_taken_for_it():
    assert (
        set_attribute('<a xfullCalcOnLoad="0"/>', "a", "fullCalcOnLoad", "1")
        == '<a xfullCalcOnLoad="0" fullCalcOnLoad="1"/>'
    )
