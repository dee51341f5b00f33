"""The board paper's charts as pictures in the Word document, with their alt text.

Word cannot show SVG without a PNG beside it, so each chart (the same SVG the HTML
paper shows, from chart.py) is drawn as a PNG by CairoSVG. CairoSVG is the SVG
renderer of WeasyPrint's authors: pure Python over the Cairo library (which the PDF
paper's Pango already brings), with none of matplotlib's weight, and it draws our
own SVG, so the picture is the HTML chart exactly. The picture's alt text (Word's
"description", docPr descr) is the chart's title and its description, every number
it shows. Without CairoSVG (or Cairo) the paper is written without the pictures: the
table after each chart carries the same numbers.
"""

from __future__ import annotations

import io
import re

from .chart import words_of

PIXELS_PER_INCH = 96
MAX_WIDTH_INCHES = 6.3  # A4 less Word's margins


def png_of(svg: str) -> bytes | None:
    """The chart drawn as a PNG at twice its size (sharp in print); None without CairoSVG."""
    try:
        import cairosvg
    except (ImportError, OSError):  # OSError: CairoSVG is there but the Cairo library is not
        return None
    return cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=2)


def add_chart(document, svg: str) -> bool:
    """The chart as a picture in its own paragraph, with its alt text; False when it
    cannot be drawn here (no CairoSVG)."""
    from docx.shared import Inches

    png = png_of(svg)
    if png is None:
        return False
    size = re.search(r'width="(\d+)"', svg)
    width = int(size.group(1)) / PIXELS_PER_INCH if size else MAX_WIDTH_INCHES
    shape = document.add_picture(io.BytesIO(png), width=Inches(min(width, MAX_WIDTH_INCHES)))
    title, desc = words_of(svg)
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", f"{title}. {desc}")
    doc_pr.set("title", title)
    return True
