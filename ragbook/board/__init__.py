"""The highlight report for the board: built from the Summary the Tracker shows
(paper.py), then rendered as HTML (html.py, with its chart in chart.py), PDF from
that HTML (pdf.py) or Word (word.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import UsageProblem
from .html import render_html
from .paper import Paper, build_paper
from .pdf import write_pdf
from .word import write_docx

FORMATS = (".html", ".htm", ".pdf", ".docx")


def write_report(
    plan, out: str | Path, as_of: date | None = None, board_date: date | None = None
) -> Paper:
    """Write the board paper for `plan` (a loaded ragbook.plan.Plan) to `out`."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise UsageProblem(
            f"{out.name}: ragbook writes the board report as HTML, PDF or "
            f"Word; name the file with .html, .pdf or .docx, e.g. "
            f"board-pack.html."
        )
    summary = plan.summary(as_of)
    if board_date is not None and board_date < summary.as_of:
        raise UsageProblem(
            f"--board-date {board_date.isoformat()} is before the as-of date "
            f"{summary.as_of.isoformat()}; give the date of the next board meeting."
        )
    paper = build_paper(plan.data, summary, board_date)
    if out.suffix.lower() == ".docx":
        write_docx(paper, summary.scale, out)
        return paper
    if out.suffix.lower() == ".pdf":  # charts as images, so the PDF's figures have alt text
        write_pdf(render_html(paper, summary.scale, charts_as_images=True), out)
    else:
        out.write_text(render_html(paper, summary.scale), encoding="utf-8")
    return paper


__all__ = ["Paper", "build_paper", "render_html", "write_report"]
