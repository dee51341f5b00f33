"""xlsx/printing.py: the scale, page breaks, print titles, header and footer of a sheet."""

from __future__ import annotations

import re

from ragbook.xlsx.printing import (
    BODY_PT,
    MIN_PRINT_PT,
    WIDTH_SLACK,
    body_points,
    column_points,
    header_footer,
    last_table_titles,
    min_scale,
    page_count,
    page_layout,
    page_size,
    print_xml,
)
from ragbook.xlsx.spec import Cell, PrintHeading, SheetSpec


def _sheet(widths: dict[int, float], rows: int = 5) -> SheetSpec:
    spec = SheetSpec(name="S", role="tracker", widths=dict(widths))
    for r in range(rows):
        spec.add(*[Cell(f"r{r}c{c}") for c in widths])
    return spec


def test_the_smallest_scale_keeps_body_text_at_eight_points():
    assert min_scale(11) * 11 / 100 >= MIN_PRINT_PT > (min_scale(11) - 1) * 11 / 100
    assert min_scale(10) == 80
    assert min_scale(8) == 100


def test_a_narrow_sheet_prints_at_full_size():
    layout = page_layout(_sheet({1: 20, 2: 20}))
    assert layout.scale == 100 and not layout.across


def test_a_sheet_a_little_too_wide_is_fitted_to_the_width():
    printable, _ = page_size(True)
    widths = dict.fromkeys(range(1, 7), 30)
    layout = page_layout(_sheet(widths))
    width = sum(column_points(30) for _ in widths)
    assert min_scale() <= layout.scale < 100
    assert width * layout.scale / 100 <= printable
    assert layout.scale * BODY_PT / 100 >= MIN_PRINT_PT and not layout.across


def test_a_very_wide_sheet_keeps_readable_text_and_prints_across_then_down():
    spec = _sheet(dict.fromkeys(range(1, 16), 30))
    layout = page_layout(spec)
    assert layout.scale == min_scale() and layout.across
    xml = print_xml(spec)
    assert 'pageOrder="overThenDown"' in xml and f'scale="{min_scale()}"' in xml
    assert "fitToWidth" not in xml
    page = page_size(True)[0] * WIDTH_SLACK * 100 / min_scale()
    across = -(-15 // int(page // column_points(30)))  # whole columns to a page
    assert across > 1 and page_count(spec) == across


def test_the_workbook_body_font_sets_the_smallest_scale():
    spec = _sheet(dict.fromkeys(range(1, 16), 30))
    assert page_layout(spec, body_points("10")).scale == 80
    assert body_points("big") == BODY_PT


def _tables(sizes: list[int]) -> SheetSpec:
    """A sheet of tables of these many rows each, a blank row between them."""
    spec = SheetSpec(name="T", role="tracker", widths={1: 30, 2: 30})
    spec.add(Cell("Title"))
    for n in sizes:
        spec.blank()
        start = spec.add(Cell("Section"))
        head = spec.add(Cell("Heading"), Cell("Count"))
        for i in range(n):
            spec.add(Cell(f"row {i}"), Cell(i))
        spec.tables.append((start, head, len(spec.rows)))
    return spec


def test_a_table_that_would_be_split_starts_on_a_new_page():
    _, height = page_size(True)
    per_page = int(height / 15)  # rows of 15 points at full size
    spec = _tables([per_page // 2, per_page // 2 + 5, 3])
    layout = page_layout(spec)
    second = spec.tables[1][0]
    assert layout.row_breaks == (second,)
    assert page_count(spec) == 2


def test_a_table_longer_than_a_page_runs_on_where_it_starts_and_repeats_its_heading():
    _, height = page_size(True)
    per_page = int(height / 15)
    spec = _tables([3, per_page * 2])
    assert page_layout(spec).row_breaks == ()  # its heading and first rows fit on page 1
    head = spec.tables[-1][1]
    assert last_table_titles(spec) == (head, head)
    assert last_table_titles(_tables([3, 3])) is None


def test_header_and_footer_name_the_plan_date_marking_and_pages():
    header, footer = header_footer(PrintHeading("Fees & Charges plan", "31/01/2019", "OFFICIAL"))
    assert header == '&LFees && Charges plan&C&"-,Bold"OFFICIAL&RAs of 31/01/2019'
    assert footer == '&L&A&C&"-,Bold"OFFICIAL&RPage &P of &N'
    header, footer = header_footer(PrintHeading("Plan", "", ""))
    assert header == "&LPlan" and footer == "&L&A&RPage &P of &N"


def test_a_long_title_is_cut_to_excels_limit():
    header, _ = header_footer(PrintHeading("A very long title " * 40, "31/01/2019", "OFFICIAL"))
    assert len(header) <= 255 and header.endswith("&RAs of 31/01/2019")


def test_the_print_elements_are_in_schema_order():
    spec = _tables([20, 20, 3])
    spec.heading = PrintHeading("Plan <1>", "31/01/2019", "OFFICIAL\x01")
    xml = print_xml(spec)
    order = re.findall(r"<(printOptions|pageMargins|pageSetup|headerFooter|rowBreaks)\b", xml)
    assert order == ["printOptions", "pageMargins", "pageSetup", "headerFooter", "rowBreaks"]
    assert "Plan &lt;1&gt;" in xml and "\x01" not in xml
