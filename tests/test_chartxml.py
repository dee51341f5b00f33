"""A chart part as Excel reads it: valid DrawingML, series reading their cells with the
sheet named as formulas need it, and no label on a segment of nothing."""

from __future__ import annotations

from lxml import etree
from ooxml import schema_problems

from ragbook.xlsx.chartspec import LINES, Chart, Series
from ragbook.xlsx.chartxml import NS_C, absolute_range, chart_xml

C = f"{{{NS_C}}}"


def _chart(**kw) -> Chart:
    series = (
        Series("Red", "B5:C5", (2, 0), name_cell="A5", colour="FF0000", label_colour="FFFFFF"),
        Series("Green", "B6:C6", (1, 4), name_cell="A6", colour="00B050"),
    )
    return Chart("Ratings & more", "Two bars.", "B4:C4", ("P1", "P2"), series, **kw)


def test_a_stacked_bar_chart_is_valid_and_reads_its_cells():
    data = chart_xml(_chart(), "Bob's <Tracker>")
    assert schema_problems("xl/charts/chart1.xml", data) == []
    root = etree.fromstring(data)
    refs = [f.text for f in root.iter(f"{C}f")]
    assert refs[:3] == [
        "'Bob''s <Tracker>'!$A$5",
        "'Bob''s <Tracker>'!$B$4:$C$4",
        "'Bob''s <Tracker>'!$B$5:$C$5",
    ]
    assert root.find(f".//{C}barDir").get("val") == "bar"
    assert root.find(f".//{C}grouping").get("val") == "stacked"
    assert "".join(t.text for t in root.find(f"{C}chart/{C}title").iter("{*}t")) == "Ratings & more"
    # Red's second segment is 0: its label is deleted, the others are shown.
    red_labels = root.find(f".//{C}ser/{C}dLbls")
    deleted = [d.find(f"{C}idx").get("val") for d in red_labels.findall(f"{C}dLbl")]
    assert deleted == ["1"]
    colours = [s.find(f"{C}spPr//{{*}}srgbClr").get("val") for s in root.iter(f"{C}ser")]
    assert colours == ["FF0000", "00B050"]


def test_a_line_chart_is_valid_with_its_target_dashed():
    series = (
        Series("PI 1", "I5:K5", (0.5, None, 0.7), name_cell="A5"),
        Series("Target 80%", "I9:K9", (0.8, 0.8, 0.8), colour="000000", dashed=True, labels=False),
    )
    chart = Chart(
        "PI 1", "A line.", "I4:K4", ("Q1", "Q2", "Q3"), series, kind=LINES, number_format="0%"
    )
    data = chart_xml(chart, "Tracker")
    assert schema_problems("xl/charts/chart2.xml", data) == []
    root = etree.fromstring(data)
    values = root.find(f".//{C}ser/{C}val//{C}numCache")
    assert [p.get("idx") for p in values.findall(f"{C}pt")] == ["0", "2"]  # a gap, not 0
    target = root.findall(f".//{C}ser")[1]
    assert target.find(".//{*}prstDash").get("val") == "dash"
    assert target.find(f"{C}tx/{C}v").text == "Target 80%"


def test_absolute_range():
    assert absolute_range("Tracker", "AA10:AB10") == "'Tracker'!$AA$10:$AB$10"
    assert absolute_range("Tracker", "A1") == "'Tracker'!$A$1"


def test_a_segment_too_narrow_for_its_rating_shows_its_count_or_nothing():
    series = (
        Series("Green", "B5:B5", (60,), name_cell="A5"),
        Series("Not rated", "C5:C5", (3,), name_cell="A6"),  # 21 px: "3" fits, "Not rated: 3" not
        Series("Unrecognised", "D5:D5", (1,), name_cell="A7"),  # 7 px: nothing fits
    )
    root = etree.fromstring(chart_xml(Chart("T", "A.", "B4", ("P1",), series), "Tracker"))
    labels = [ser.find(f"{C}dLbls") for ser in root.iter(f"{C}ser")]
    assert labels[0].find(f"{C}dLbl") is None  # "Green: 60" fits on its bar
    count_only = labels[1].find(f"{C}dLbl")
    assert count_only.find(f"{C}showSerName").get("val") == "0"
    assert count_only.find(f"{C}showVal").get("val") == "1"
    assert labels[2].find(f"{C}dLbl/{C}delete").get("val") == "1"
    assert schema_problems("xl/charts/chart1.xml", etree.tostring(root)) == []
