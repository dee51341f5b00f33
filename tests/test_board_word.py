"""The board paper as Word (python-docx): real Heading styles in order, captioned tables
whose first row is a repeating header row, ratings in words, title and language, and the
same numbers as `check --json`, read back out of the document."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta

import docx
import pytest
from board_plans import TFC_BOARD
from docx.oxml.ns import qn
from test_board_html import made_report, pairs


@pytest.mark.parametrize("plan", ["demo", "tfc"])
def test_word_paper_has_word_structure_and_the_json_numbers(tmp_path, plan):
    out, as_of, summary = made_report(tmp_path, plan, ".docx")
    document = docx.Document(str(out))

    assert document.core_properties.title.startswith(f"{summary['title']}: highlight report")
    assert document.core_properties.language == "en-GB"
    lang = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"

    headings = [
        (int(p.style.name.split()[-1]), p.text)
        for p in document.paragraphs
        if p.style.name.startswith("Heading")
    ]
    levels = [level for level, _ in headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    board = TFC_BOARD if plan == "tfc" else as_of + timedelta(days=summary["due_soon_days"])
    over_time = ["Ratings over time"] if plan == "demo" else []  # it has earlier periods
    assert [t for level, t in headings if level == 2][: 3 + len(over_time)] == [
        "Headline",
        "Ratings by priority",
        *over_time,
        f"Actions due by {board:%d/%m/%Y}",
    ]

    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert len(captions) == len(document.tables)
    for table, caption in zip(document.tables, captions, strict=False):
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val")) == caption
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None

    text = [p.text for p in document.paragraphs]
    listed = next(
        re.fullmatch(r"There are (\d+) actions in the plan: (.*)\.", t)
        for t in text
        if t.startswith("There are ")
    )
    ratings = {k.lower(): v for k, v in summary["ratings"].items() if v}
    assert int(listed.group(1)) == summary["actions"] and pairs(listed.group(2)) == ratings
    by_rating = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    assert {k.lower(): int(v) for k, v in by_rating.items() if k != "Total" and int(v)} == ratings
    figures = {row.cells[0].text: row.cells[1].text for row in document.tables[1].rows}
    assert (
        float(figures["On track or completed"].rstrip("%")) == summary["on_track_or_complete_pct"]
    )
    assert int(figures["Overdue"]) == summary["overdue"]
    grid = document.tables[2]
    labels = [c.text for c in grid.rows[0].cells[1:-1]]
    for row in grid.rows[1:-1]:
        priority = row.cells[0].text
        assert [int(c.text) for c in row.cells[1:-1]] == [
            summary["by_priority"][priority][k] for k in labels
        ]
    if plan == "tfc":
        assert (
            "There are 95 actions in the plan: 2 red, 3 amber, 74 green and 16 completed." in text
        )
        assert "94.7% of actions are on track or completed (90 of 95)." in text
        off = next(t for t in document.tables if t.rows[0].cells[-1].text == "Management action")
        assert [r.cells[3].text for r in off.rows[1:]] == ["Red", "Red", "Amber", "Amber", "Amber"]
        assert all(r.cells[-1].text == "" for r in off.rows[1:])
