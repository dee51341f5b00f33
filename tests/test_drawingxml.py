"""The Tracker's native charts in the saved plan: present, reading the Tracker's cells,
made afresh on each refresh without growing, gone with the Tracker, and never touching
a chart of the owner's."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import lo
import openpyxl
import pytest
import xlsxwriter
from lxml import etree

import ragbook
from ragbook.demo import write_demo
from ragbook.plan import load
from ragbook.xlsx.chartxml import NS_C
from ragbook.xlsx.drawingxml import NS_XDR
from ragbook.xlsx.writer import write_sheets

DAY = date(2026, 12, 2)
C = f"{{{NS_C}}}"
XDR = f"{{{NS_XDR}}}"


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def _tracker_charts(path) -> list[etree._Element]:
    """The chart parts the Tracker's drawing points at, in the drawing's order."""
    parts = _parts(path)
    book = openpyxl.load_workbook(path, read_only=True)
    index = book.sheetnames.index("Tracker")
    book.close()
    wb_rels = etree.fromstring(parts["xl/_rels/workbook.xml.rels"])
    wb = etree.fromstring(parts["xl/workbook.xml"])
    rid = wb.findall(".//{*}sheet")[index].get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    )
    sheet = "xl/" + next(r.get("Target") for r in wb_rels if r.get("Id") == rid).lstrip("/")
    sheet = sheet.replace("xl//xl/", "xl/")
    folder, base = sheet.rsplit("/", 1)
    rels = etree.fromstring(parts[f"{folder}/_rels/{base}.rels"])
    drawing = "xl/drawings/" + rels[0].get("Target").rsplit("/", 1)[1]
    assert f'<drawing r:id="{rels[0].get("Id")}"/>' in parts[sheet].decode()
    d_rels = etree.fromstring(parts[drawing.replace("drawings/", "drawings/_rels/") + ".rels"])
    targets = {r.get("Id"): "xl/charts/" + r.get("Target").rsplit("/", 1)[1] for r in d_rels}
    root = etree.fromstring(parts[drawing])
    out = []
    for frame in root.iter(f"{XDR}graphicFrame"):
        chart_rid = frame.find(f".//{C}chart").get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
        )
        chart = etree.fromstring(parts[targets[chart_rid]])
        chart.set("descr", frame.find(f"{XDR}nvGraphicFramePr/{XDR}cNvPr").get("descr"))
        out.append(chart)
    return out


def _title(chart) -> str:
    return "".join(t.text for t in chart.iter("{*}t"))


def _series(chart) -> list[tuple[str, str, list[float]]]:
    out = []
    for ser in chart.iter(f"{C}ser"):
        name = ser.find(f"{C}tx//{C}f")
        values = ser.find(f"{C}val/{C}numRef")
        cached = [float(v.text) for v in values.iter(f"{C}v")]
        out.append((name.text if name is not None else "", values.find(f"{C}f").text, cached))
    return out


@pytest.fixture
def demo(tmp_path):
    path = write_demo(tmp_path / "demo-plan.xlsx", DAY)
    ragbook.refresh(path, as_of=DAY, backup=False)
    return path


def test_the_demo_tracker_has_its_charts_reading_its_own_cells(demo):
    with load(demo) as plan:
        summary = plan.summary(DAY)
    charts = _tracker_charts(demo)
    titles = [
        _title(c).split(": ")[0] if "values against" in _title(c) else _title(c) for c in charts
    ]
    off = [a for a in summary.indicators if a.rating in ("Red", "Amber")]
    assert titles[:2] == ["Current ratings by priority", "Ratings over the plan's history"]
    assert len(charts) == 2 + len(off)
    book = openpyxl.load_workbook(demo)
    tracker = book["Tracker"]
    for chart in charts:
        assert chart.get("descr")  # alt text on every chart
        for _, values_ref, cached in _series(chart):
            assert values_ref.startswith("'Tracker'!$")
            cells = tracker[values_ref.split("!")[1].replace("$", "")]
            plotted = [c.value for c in cells[0]]
            assert [v for v in plotted if v is not None] == cached
    # The priority chart: a series per rating, its values the counts by priority.
    by_priority = _series(charts[0])
    priorities = list(summary.by_priority)
    for name_ref, _, cached in by_priority:
        rating = tracker[name_ref.split("!")[1].replace("$", "")].value
        assert cached == [summary.by_priority[p].get(rating, 0) for p in priorities]
    # The history chart: the last category is now, and its counts are today's.
    history = {
        tracker[n.split("!")[1].replace("$", "")].value: cached
        for n, _, cached in _series(charts[1])
    }
    assert {k: v[-1] for k, v in history.items() if v[-1]} == {
        k: n for k, n in summary.ratings.items() if n
    }
    assert len(next(iter(history.values()))) == len(summary.periods)
    # Each red or amber indicator against a dashed target line.
    for chart, a in zip(charts[2:], off, strict=True):
        assert _title(chart).startswith(f"{a.indicator.ref} {a.indicator.name}")
        lines = _series(chart)
        target = a.indicator.target
        bounds = [target.low, target.high] if target.is_range else [target.low]
        assert [set(cached) for _, _, cached in lines[1:]] == [{b} for b in bounds]
        assert chart.find(f".//{C}ser[2]//{{*}}prstDash") is not None
    # Bars read in black and white: each labelled with its rating and count.
    labels = charts[0].find(f".//{C}ser/{C}dLbls")
    assert labels.find(f"{C}showSerName").get("val") == "1"
    assert labels.find(f"{C}showVal").get("val") == "1"


def test_refreshing_again_makes_one_set_of_charts_afresh(demo):
    before = _parts(demo)
    ragbook.refresh(demo, as_of=DAY, backup=False)
    ragbook.refresh(demo, as_of=DAY, backup=False)
    after = _parts(demo)
    ours = [p for p in after if re.match(r"xl/(charts|drawings)/", p)]
    assert sorted(ours) == sorted(p for p in before if re.match(r"xl/(charts|drawings)/", p))
    content_types = after["[Content_Types].xml"].decode()
    assert content_types.count("drawingml.chart+xml") == len(_tracker_charts(demo))
    assert content_types.count("drawing+xml") == 1


def _owner_chart_plan(tmp_path):
    """A plan whose owner drew a chart of their own on a sheet of theirs."""
    path = tmp_path / "owned.xlsx"
    wb = xlsxwriter.Workbook(path)
    actions = wb.add_worksheet("Actions")
    for c, head in enumerate(["Ref", "Priority", "Action", "Lead", "Due", "RAG"]):
        actions.write(0, c, head)
    for r, (ref, rag) in enumerate([("1.1", "Red"), ("1.2", "Amber"), ("2.1", "Green")], 1):
        actions.write_row(r, 0, [ref, f"Priority {ref[0]}", "Do it", "AF", "31/01/2027", rag])
    mine = wb.add_worksheet("Dashboard")
    mine.write_column("A1", ["a", "b", "c"])
    mine.write_column("B1", [3, 1, 2])
    chart = wb.add_chart({"type": "pie"})
    chart.add_series({"categories": "=Dashboard!$A$1:$A$3", "values": "=Dashboard!$B$1:$B$3"})
    chart.set_title({"name": "The owner's pie"})
    mine.insert_chart("D2", chart)
    wb.close()
    return path


def test_an_owners_chart_is_kept_byte_for_byte(tmp_path):
    path = _owner_chart_plan(tmp_path)
    original = _parts(path)
    owners = {p: original[p] for p in original if re.match(r"xl/(charts|drawings)/", p)}
    assert "xl/charts/chart1.xml" in owners
    for _ in range(2):
        ragbook.refresh(path, as_of=DAY, backup=False)
        after = _parts(path)
        assert {p: after[p] for p in owners} == owners
    ours = [p for p in after if p.startswith("xl/charts/") and p not in owners]
    assert ours  # the Tracker's, under names of their own
    assert len(_tracker_charts(path)) == len(ours)
    assert b"The owner's pie" not in b"".join(after[p] for p in ours)


def test_the_charts_go_with_the_tracker(demo):
    with load(demo) as plan:
        pkg = plan.package
        with open(demo.with_name("gone.xlsx"), "wb") as fh:
            write_sheets(pkg, [], fh, retire=lambda role: role == "tracker")
    left = _parts(demo.with_name("gone.xlsx"))
    assert not [p for p in left if re.match(r"xl/(charts|drawings)/", p)]
    assert "drawingml.chart" not in left["[Content_Types].xml"].decode()


@pytest.mark.libreoffice
def test_the_charts_open_in_libreoffice(demo, tmp_path):
    pdf = lo.convert(demo, "pdf", tmp_path / "pdf")
    import subprocess

    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Ratings over the plan's history" in text
    assert "values against target" in text
    saved = lo.convert(demo, "xlsx", tmp_path / "xlsx")
    charts = [p for p in _parts(saved) if re.match(r"xl/charts/chart\d+\.xml$", p)]
    assert len(charts) == len(_tracker_charts(demo))
    # Saved by LibreOffice (which names the parts its own way), refreshed again: still one set.
    ragbook.refresh(saved, as_of=DAY, backup=False)
    again = [p for p in _parts(saved) if re.match(r"xl/charts/chart\d+\.xml$", p)]
    assert len(again) == len(charts) == len(_tracker_charts(saved))


def test_a_left_over_relationships_part_is_never_written_twice(tmp_path):
    """A sheet's relationships part some tool left behind without its sheet: the new
    Tracker takes another name, so the zip never holds a part twice."""
    path = write_demo(tmp_path / "plan.xlsx", DAY)
    bare = tmp_path / "bare.xlsx"
    with load(path) as plan, open(bare, "wb") as fh:  # the plan without ragbook's sheets
        write_sheets(plan.package, [], fh, retire=lambda role: True)
    parts = _parts(bare)
    n = next(n for n in range(1, 99) if f"xl/worksheets/sheet{n}.xml" not in parts)
    stray = f"xl/worksheets/_rels/sheet{n}.xml.rels"  # the name the new Tracker's would take
    empty = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
    with zipfile.ZipFile(bare, "a") as z:
        z.writestr(stray, empty)
    ragbook.refresh(bare, as_of=DAY, backup=False)
    with zipfile.ZipFile(bare) as z:
        names = [i.filename for i in z.infolist()]
        assert z.read(stray) == empty  # left as it was
    assert len(names) == len(set(names))
    assert f"xl/worksheets/sheet{n}.xml" not in names
    assert len(_tracker_charts(bare)) >= 2
