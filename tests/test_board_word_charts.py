"""The board paper's charts in Word: a picture each, drawn from the HTML paper's SVG,
with the chart's title and its every number as alt text (docPr descr)."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image
from test_board_html import made_report

import ragbook.board.word_charts as word_charts

pytest.importorskip("cairosvg")


def _pictures(document) -> list[tuple[str, str, bytes]]:
    """(title, descr, PNG bytes) of each picture, in the document's order."""
    out = []
    for inline in document.element.body.iter(qn("wp:inline")):
        doc_pr = inline.find(qn("wp:docPr"))
        blip = inline.find(".//" + qn("a:blip"))
        image = document.part.related_parts[blip.get(qn("r:embed"))].blob
        out.append((doc_pr.get("title"), doc_pr.get("descr"), image))
    return out


def test_the_word_paper_has_each_chart_as_a_picture_with_alt_text(tmp_path):
    out, _, summary = made_report(tmp_path, "demo", ".docx")
    document = docx.Document(str(out))
    pictures = _pictures(document)
    titles = [title for title, _, _ in pictures]
    assert titles[:2] == ["Ratings by priority", "Ratings over time"]
    off = [i for i in summary["indicators"]["list"] if i["rating"] in ("Red", "Amber")]
    assert len(pictures) == 2 + len(off)
    for title, descr, png in pictures:
        assert descr.startswith(f"{title}. ") and len(descr) > len(title) + 20
        image = Image.open(io.BytesIO(png))
        assert image.format == "PNG" and image.width > 600
    # The alt text says every count the chart draws: today's, per priority.
    now = [p for p in document.paragraphs if p.text.startswith("There are ")]
    assert now and "Priority" in pictures[0][1]


def test_without_cairosvg_the_paper_is_written_with_its_tables(tmp_path, monkeypatch):
    monkeypatch.setattr(word_charts, "png_of", lambda svg: None)
    out, _, _ = made_report(tmp_path, "demo", ".docx")
    document = docx.Document(str(out))
    assert _pictures(document) == []
    assert document.tables  # the numbers are still there
