"""The owned sheets as a board officer prints them: LibreOffice renders them to
PDF, and poppler measures the pages (text sizes, headings, header and footer)."""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

import lo
import openpyxl
import pytest
from builders import action, write_plan

import ragbook
from ragbook.demo import write_demo
from ragbook.rules.dates import format_date
from ragbook.xlsx.printing import page_count

MARKING = "OFFICIAL-SENSITIVE"
PRIORITIES = ["Governance and Accountability", "Practice and Partnerships", "Workforce"]


def _only_owned(path: Path, owned: set[str], dest: Path) -> Path:
    """A copy of the workbook with only ragbook's sheets in it, so that LibreOffice
    prints only those (it prints hidden sheets too); print titles keep their sheet."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = _owned_workbook(data.decode("utf-8"), owned).encode("utf-8")
            out.writestr(item, data)
    return dest


def _owned_workbook(text: str, owned: set[str]) -> str:
    sheets = re.findall(r"<sheet [^>]*/>", text)
    names = [
        re.search(r'name="([^"]*)"', s).group(1).replace("&amp;", "&").replace("&apos;", "'")
        for s in sheets
    ]
    kept = [i for i, name in enumerate(names) if name in owned]
    new_index = {old: new for new, old in enumerate(kept)}
    for i, element in enumerate(sheets):
        if i not in new_index:
            text = text.replace(element, "", 1)

    def local(m: re.Match) -> str:
        old = int(m.group(1))
        if old not in new_index:
            return ""
        return m.group(0).replace(f'localSheetId="{old}"', f'localSheetId="{new_index[old]}"')

    text = re.sub(r'<definedName [^>]*localSheetId="(\d+)"[^>]*>[^<]*</definedName>', local, text)
    return re.sub(r'(activeTab|firstSheet)="\d+"', "", text)


def _pages(pdf: Path) -> list[dict]:
    """Each page's words and the smallest text size on it (pdftohtml reports sizes at
    three times the scale, so to a third of a point)."""
    xml = subprocess.run(
        ["pdftohtml", "-xml", "-zoom", "3", "-i", "-stdout", str(pdf)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    root = ET.fromstring(xml[xml.index("<pdf2xml") :])
    sizes: dict[str, float] = {}
    pages = []
    for page in root.iter("page"):
        for spec in page.iter("fontspec"):
            sizes[spec.get("id")] = int(spec.get("size")) / 3
        lines = [("".join(t.itertext()), sizes[t.get("font")]) for t in page.iter("text")]
        text = " ".join(line for line, _ in lines)
        pages.append(
            {
                "text": " ".join(text.split()),
                "words": set(text.split()),
                "smallest": min(size for _, size in lines),
            }
        )
    return pages


def _needs_carlito() -> None:
    """LibreOffice draws Calibri's columns with Carlito's metrics, as Excel does; with
    another font the columns are wider and the pages are not Excel's."""
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True).stdout
    if "carlito" in fonts.lower():
        return
    message = "the Carlito font is not installed: apt-get install fonts-crosextra-carlito"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def _printed(path: Path, tmp_path: Path) -> tuple[ragbook.Plan, dict[str, list[dict]], int]:
    """The plan's owned sheets as printed: pages by sheet (the footer names it)."""
    _needs_carlito()
    ragbook.refresh(path, backup=False)
    plan = ragbook.load(path)
    plan.refresh()
    owned = {s.name for s in plan._sheets}
    copy = _only_owned(path, owned, tmp_path / "owned.xlsx")
    pages = _pages(lo.convert(copy, "pdf", tmp_path / "pdf"))
    by_sheet: dict[str, list[dict]] = {}
    for number, page in enumerate(pages, start=1):
        page["number"] = number
        # The footer: the sheet's name, the marking, "Page N of M".
        before = page["text"].split(f"Page {number} of")[0].replace(MARKING, "").rstrip()
        sheet = max((s for s in owned if before.endswith(s)), key=len)
        by_sheet.setdefault(sheet, []).append(page)
    return plan, by_sheet, len(pages)


def _heading_cells(spec) -> list[str]:
    rows = {head for _, head, _ in spec.tables if head} | set(spec.print_title_rows or ())
    return [
        " ".join(c.value.split())
        for r in sorted(rows)
        for c in spec.rows[r - 1]
        if c is not None and isinstance(c.value, str) and c.value.strip()
    ]


def _check_sheets(plan, by_sheet: dict, total: int, marking: str, count: bool = True) -> None:
    title = plan.data.settings.title
    as_of = f"As of {format_date(plan.summary().as_of)}"
    for spec in plan._sheets:
        pages = by_sheet[spec.name]
        if count:
            assert len(pages) == page_count(spec), spec.name
        for page in pages:
            where = f"{spec.name}, page {page['number']}"
            assert page["smallest"] >= 8, where
            assert title in page["text"] and as_of in page["text"], where
            assert f"Page {page['number']} of {total}" in page["text"], where
            assert page["text"].count(marking) >= 2, where  # top and bottom
        words = set().union(*(p["words"] for p in pages))
        for heading in _heading_cells(spec):
            missing = [w for w in heading.split() if w not in words]
            assert not missing, f"{spec.name}: heading '{heading}' printed without {missing}"
        if spec.print_title_rows and len(pages) > 1:
            first, _ = spec.print_title_rows
            heads = [c.value for c in spec.rows[first - 1] if c is not None and c.value]
            # The page the repeated table starts on: its first row's text (a section's
            # title on the Tracker, the sheet's title elsewhere) is on it.
            start = max((t[0] for t in spec.tables if t[0] <= first), default=1)
            opening = " ".join(str(spec.rows[start - 1][0].value).split())
            at = next(i for i, p in enumerate(pages) if opening in p["text"])
            for page in pages[at + 1 :]:  # and every later page shows the heading again
                shown = [h for h in heads if " ".join(h.split()) in page["text"]]
                assert len(shown) >= 2, f"{spec.name}, page {page['number']}: no heading"


def _mark(path: Path, marking: str) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["Settings"]
    row = ws.max_row + 2
    ws.cell(row, 1, "Protective marking")
    ws.cell(row, 2, marking)
    wb.save(path)


@pytest.mark.libreoffice
def test_the_demo_plan_prints_readably_with_header_footer_and_headings(tmp_path):
    path = write_demo(tmp_path / "demo.xlsx", date(2026, 12, 2))
    _mark(path, MARKING)
    plan, by_sheet, total = _printed(path, tmp_path)
    assert total == sum(page_count(s) for s in plan._sheets)
    _check_sheets(plan, by_sheet, total, MARKING)


@pytest.mark.libreoffice
def test_a_long_plan_repeats_headings_on_every_page(tmp_path):
    leads = ["AF", "BG", "CH", "DJ"]
    ratings = ["Red", "Amber", "Amber", "Green", "Completed"]
    rows = [
        action(
            f"{i // 30 + 1}.{i % 30 + 1}",
            f"Improve how the service records and reviews case {i} with partners",
            leads[i % 4],
            date(2026, 1 + i % 12, 1 + i % 28),
            ratings[i % 5],
            PRIORITIES[i % 3],
            None,
            "Delayed while funding is agreed; the board will be told next month.",
        )
        for i in range(300)
    ]
    lead_rows = [
        (code, f"Lead {code}", "Head of service", f"{code.lower()}@example.org") for code in leads
    ]
    path = write_plan(tmp_path / "long.xlsx", rows, leads=lead_rows, as_of=date(2026, 12, 2))
    _mark(path, MARKING)
    plan, by_sheet, total = _printed(path, tmp_path)
    assert len(by_sheet[plan.sheet_name("exceptions")]) > 3  # the long list runs over
    _check_sheets(plan, by_sheet, total, MARKING, count=False)
