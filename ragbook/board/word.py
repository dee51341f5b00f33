"""The board paper as a Word document (.docx), by python-docx, for councils that edit
the paper before it goes out.

Built from the same Paper as the HTML, with Word's own structure so it stays
accessible when edited: real Heading 1-4 styles, every table with a caption
(a Caption paragraph and the table's alt-text title) and its first row marked
as a header row that repeats on each page, ratings as words on their colour,
the document's title and language (en-GB). The charts are pictures of the HTML
paper's charts with the same alt text (word_charts.py), each before the table that
carries its numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import UsageProblem
from .chart import indicator_chart, ratings_by_priority, ratings_over_time
from .paper import ActionLine, Badge, Paper
from .word_charts import add_chart

LANGUAGE = "en-GB"


def _docx(out: Path):
    try:
        import docx
    except ImportError as exc:
        raise UsageProblem(
            f"{out.name}: writing the board report as Word needs python-docx "
            f"({exc}); "
            "install it with: pip install 'ragbook[word]', or write .html."
        ) from None
    return docx


def _element(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), value)
    return el


def _set_language(document) -> None:
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    rpr.append(_element("w:lang", val=LANGUAGE))


def _table(
    document,
    caption: str,
    header: list[str],
    rows: Sequence[Sequence[object]],
    footer: Sequence[object] | None = None,
):
    """A captioned table; cells are text, or a Badge for a rating."""
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    tbl_pr = table._tbl.tblPr
    tbl_pr.append(_element("w:tblCaption", val=caption))
    header_row = table.rows[0]
    header_row._tr.get_or_add_trPr().append(_element("w:tblHeader"))
    for cell, text in zip(header_row.cells, header, strict=False):
        cell.paragraphs[0].add_run(text).bold = True
    for values in [*rows, *([footer] if footer else [])]:
        cells = table.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=False)):
            if isinstance(value, Badge):
                _badge(cell, value)
            else:
                run = cell.paragraphs[0].add_run("" if value is None else str(value))
                run.bold = i == 0 or values is footer
    return table


def _badge(cell, badge: Badge) -> None:
    from docx.shared import RGBColor

    run = cell.paragraphs[0].add_run(badge.label)
    run.bold = True
    run.font.color.rgb = RGBColor.from_string(badge.text_colour)
    cell._tc.get_or_add_tcPr().append(
        _element("w:shd", val="clear", color="auto", fill=badge.colour)
    )


def _actions(
    document, caption: str, rows: list[ActionLine], *, priority=True, rating=True, management=False
) -> None:
    header = (
        ["Ref", "Action"]
        + (["Priority"] if priority else [])
        + (["Rating"] if rating else [])
        + ["Lead", "Due", "Latest update"]
        + (["Management action"] if management else [])
    )
    body = [
        [a.ref, a.text]
        + ([a.priority] if priority else [])
        + ([a.badge] if rating else [])
        + [a.lead, a.due, a.update]
        + ([""] if management else [])
        for a in rows
    ]
    _table(document, caption, header, body)


def write_docx(paper: Paper, scale, out: Path) -> None:
    docx = _docx(out)
    document = docx.Document()
    document.core_properties.title = paper.document_title
    document.core_properties.language = LANGUAGE
    _set_language(document)
    document.add_heading(paper.title, level=1)
    compared = f", compared with {paper.compared_with}" if paper.compared_with else ""
    document.add_paragraph(
        f"Highlight report for the board meeting on {paper.board_date_text}. "
        f"Figures as of {paper.as_of_text}{compared}."
    )
    document.add_paragraph(
        "Every number and sentence in this paper is counted by ragbook from "
        "the plan; none is typed by hand."
    )

    document.add_heading("Headline", level=2)
    for sentence in paper.sentences:
        document.add_paragraph(sentence)
    at = [f"At {paper.compared_with}", "Direction of travel"] if paper.compared_with else []
    _table(
        document,
        "Actions by rating"
        + (f", now and at {paper.compared_with}" if paper.compared_with else ""),
        ["Rating", "Actions now", *at],
        [
            [line.badge, line.now] + ([line.before, line.change] if at else [])
            for line in paper.ratings
        ],
        ["Total", paper.actions]
        + ([sum(line.before or 0 for line in paper.ratings), ""] if at else []),
    )
    figures: list[list[object]] = [
        ["Actions", paper.actions],
        ["On track or completed", f"{paper.on_track_pct:.1f}%"],
        ["Overdue", paper.overdue],
        [f"Due by the board meeting on {paper.board_date_text}", paper.due_before_board],
    ]
    if paper.completed_since is not None:
        figures.append([f"Completed since {paper.compared_with}", len(paper.completed_since)])
    figures += [
        ["Indicators off target", len(paper.indicators_off_target)],
        ["Ofsted recommendations with no action", len(paper.recommendations_without_actions)],
    ]
    _table(document, "Headline figures", ["Measure", "Value"], figures)

    document.add_heading("Ratings by priority", level=2)
    add_chart(document, ratings_by_priority(paper))
    _table(
        document,
        "Actions by priority and rating",
        ["Priority"] + [b.label for b in paper.columns] + ["Total"],
        [[row.priority, *row.counts, row.total] for row in paper.by_priority],
        ["Total", *paper.column_totals, paper.actions],
    )

    if paper.over_time:
        document.add_heading("Ratings over time", level=2)
        add_chart(document, ratings_over_time(paper))
        _table(
            document,
            "Actions by rating in each period, oldest first",
            ["Period"] + [b.label for b in paper.columns] + ["Total"],
            [[row.priority, *row.counts, row.total] for row in paper.over_time],
        )

    document.add_heading(f"Actions due by {paper.board_date_text}", level=2)
    n = paper.due_by_board_count
    document.add_paragraph(
        f"{n} {'action is' if n == 1 else 'actions are'} due on or before "
        f"{paper.board_date_text}, counting those already completed or "
        "overdue, grouped by rating and priority."
    )
    for group in paper.due_by_board:
        document.add_heading(f"{group.badge.label}: {group.count}", level=3)
        for p in group.priorities:
            document.add_heading(p.priority, level=4)
            _actions(
                document,
                f"{group.badge.label} actions due by {paper.board_date_text}, {p.priority}",
                p.actions,
                priority=False,
                rating=False,
            )

    labels = paper.off_track_labels
    document.add_heading(f"{' and '.join(labels)} actions", level=2)
    if paper.off_track:
        n = len(paper.off_track)
        document.add_paragraph(
            f"{n} {'action is' if n == 1 else 'actions are'} rated "
            f"{' or '.join(labels)}. The board records the management "
            "action taken for each."
        )
        _actions(
            document,
            f"{' and '.join(labels)} actions, worst first",
            paper.off_track,
            management=True,
        )
    else:
        document.add_paragraph(f"No action is rated {' or '.join(labels)}.")

    document.add_heading(f"Completed since {paper.compared_with or 'the last period'}", level=2)
    if paper.completed_since is None:
        document.add_paragraph(
            "The plan has no earlier period to compare with yet: close a "
            "period (ragbook close-period) and the next paper lists the "
            "actions completed since."
        )
    elif paper.completed_since:
        n = len(paper.completed_since)
        document.add_paragraph(
            f"{n} {'action has' if n == 1 else 'actions have'} been "
            f"completed since {paper.compared_with}, for the chair to sign "
            "off."
        )
        _actions(
            document,
            f"Actions completed since {paper.compared_with}",
            paper.completed_since,
            rating=False,
        )
    else:
        document.add_paragraph(f"No action has been completed since {paper.compared_with}.")

    document.add_heading("Indicators off target", level=2)
    if paper.indicators_off_target:
        _table(
            document,
            "Indicators rated red or amber against their target",
            ["Ref", "Indicator", "Rating", "Latest", "Period", "Target", "Previous", "Trend"],
            [
                [i.ref, i.name, i.badge, i.latest, i.period, i.target, i.previous, i.trend]
                for i in paper.indicators_off_target
            ],
        )
        for n, indicator in enumerate(paper.indicators_off_target, 1):
            if any(value is not None for _, value in indicator.series):
                add_chart(document, indicator_chart(indicator, f"chart-indicator-{n}"))
    else:
        document.add_paragraph(
            "Every indicator is on target or has no target or data."
            if paper.indicators
            else "The plan has no indicators."
        )

    document.add_heading("Ofsted recommendations with no action", level=2)
    if paper.recommendations_without_actions:
        for number in paper.recommendations_without_actions:
            document.add_paragraph(f"Recommendation {number}", style="List Bullet")
    else:
        document.add_paragraph(
            "Every Ofsted recommendation the plan names has at least one action."
        )
    if paper.costs:
        document.add_heading("Cost", level=2)
        _table(
            document,
            f"Total cost of the plan's {paper.costs.actions} costed actions",
            ["Cost", "Total"],
            [["One-off", paper.costs.one_off], ["Recurring", paper.costs.recurring]],
        )
    # Issue 16: the suggested ratings and lint findings go here, as in the HTML.
    if paper.checks:
        document.add_heading("Rated better than the facts", level=2)
        for line in paper.checks:
            document.add_paragraph(line, style="List Bullet")

    document.add_heading("Rating key", level=2)
    _table(
        document,
        "What each rating means",
        ["Rating", "Meaning"],
        [
            [badge, r.meaning or r.counts_as]
            for badge, r in zip(paper.columns, scale.ratings, strict=False)
        ],
    )
    document.save(str(out))
