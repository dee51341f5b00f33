"""The highlight report for the board: built from the Summary the Tracker shows
(paper.py), then rendered (html.py, with its charts in chart.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import UsageProblem
from .html import render_html
from .paper import Paper, build_paper
from .pdf import write_pdf

FORMATS = (".html", ".htm", ".pdf")


def write_report(plan, out: str | Path, as_of: date | None = None,
                 board_date: date | None = None) -> Paper:
    """Write the board paper for `plan` (a loaded ragbook.plan.Plan) to `out`."""
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise UsageProblem(f"{out.name}: ragbook writes the board report as HTML or PDF; "
                           f"name the file with .html or .pdf, e.g. board-pack.html.")
    summary = plan.summary(as_of)
    if board_date is not None and board_date < summary.as_of:
        raise UsageProblem(f"--board-date {board_date.isoformat()} is before the as-of date "
                           f"{summary.as_of.isoformat()}; give the date of the next board meeting.")
    paper = build_paper(plan.data, summary, board_date)
    html = render_html(paper, summary.scale)
    if out.suffix.lower() == ".pdf":
        write_pdf(html, out)
    else:
        out.write_text(html, encoding="utf-8")
    return paper


__all__ = ["Paper", "build_paper", "render_html", "write_report"]
