"""The board paper as HTML: every number it prints is the JSON summary's
(`ragbook check --json`), read back out of the HTML text; and it is built to be
accessible (language, title, headings in order, captions, scoped header cells,
ratings in words on colours with enough contrast)."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from datetime import date

import openpyxl
import pytest
from board_plans import TFC_AS_OF, TFC_BOARD, build_tfc_progress
from click.testing import CliRunner
from html_reading import Page

from ragbook.board import build_paper, render_html
from ragbook.cli import main
from ragbook.demo import write_demo
from ragbook.plan import load
from ragbook.rules.scales import PRESETS

DEMO_DAY = date(2026, 12, 2)


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def paper_and_json(path, as_of: date, *options) -> tuple[Page, dict]:
    """The paper `ragbook report` writes, and what `ragbook check --json` says."""
    out = path.with_suffix(".html")
    run("report", path, "--out", out, "--as-of", as_of, *options)
    summary = json.loads(run("check", path, "--json", "--as-of", as_of))
    return Page(out.read_text(encoding="utf-8")), summary


def made_report(tmp_path, plan: str, suffix: str) -> tuple:
    """(the report written for the demo plan or the seed 003 plan, its as-of date, and
    what `check --json` says of the plan)."""
    if plan == "demo":
        path, as_of, extra = write_demo(tmp_path / "demo-plan.xlsx", DEMO_DAY), DEMO_DAY, []
    else:
        path, as_of, extra = build_tfc_progress(tmp_path), TFC_AS_OF, ["--board-date", TFC_BOARD]
    out = tmp_path / f"board-pack{suffix}"
    run("report", path, "--out", out, "--as-of", as_of, *extra)
    return out, as_of, json.loads(run("check", path, "--json", "--as-of", as_of))


@pytest.fixture
def demo(tmp_path):
    return write_demo(tmp_path / "demo-plan.xlsx", DEMO_DAY)


@pytest.fixture
def tfc(tmp_path):
    return build_tfc_progress(tmp_path)


def pairs(listing: str) -> dict[str, int]:
    """'3 red, 12 amber and 2 not rated' -> {'red': 3, 'amber': 12, 'not rated': 2}."""
    found = re.findall(r"(\d+) ([a-z][a-z ]*?)(?:,| and |$)", listing)
    return {label: int(n) for n, label in found}


def check_numbers(page: Page, summary: dict) -> None:
    ratings = {k.lower(): v for k, v in summary["ratings"].items() if v}
    total = summary["actions"]
    off = summary["indicators"]["ratings"]["Red"] + summary["indicators"]["ratings"]["Amber"]

    # the headline table
    table = page.table("headline-ratings")
    rows = table.body()
    assert {k.lower(): int(v[0]) for k, v in rows.items() if k != "Total" and int(v[0])} == ratings
    assert int(rows["Total"][0]) == total
    history = summary["history"]
    if history and history["previous"]:
        assert table.header[2] == f"At {history['previous']}"
        for _label, (now, before, change) in ((k, v) for k, v in rows.items() if k != "Total"):
            now, before = int(now), int(before)
            assert change == (
                "no change"
                if now == before
                else f"{abs(now - before)} {'more' if now > before else 'fewer'}"
            )

    figures = {k: v[0] for k, v in page.table("headline-figures").body().items()}
    assert int(figures["Actions"]) == total
    assert (
        float(figures["On track or completed"].rstrip("%")) == summary["on_track_or_complete_pct"]
    )
    assert int(figures["Overdue"]) == summary["overdue"]
    assert int(figures["Indicators off target"]) == off
    assert int(figures["Ofsted recommendations with no action"]) == len(
        summary["recommendations_without_actions"]
    )

    # the headline sentences say the same as the tables
    text = page.headline()
    listed = re.fullmatch(r"There are (\d+) actions in the plan: (.*)\.", text[0])
    assert int(listed.group(1)) == total and pairs(listed.group(2)) == ratings
    pct = re.fullmatch(
        r"([\d.]+)% of actions are on track or completed \((\d+) of (\d+)\)\.", text[1]
    )
    assert float(pct.group(1)) == summary["on_track_or_complete_pct"]
    assert int(pct.group(3)) == total
    assert round(100 * int(pct.group(2)) / total, 1) == summary["on_track_or_complete_pct"]
    due = re.fullmatch(
        r"(\d+) actions? (?:is|are) overdue and (\d+) more falls? due by the "
        r"board meeting on (\S+)\.",
        text[2],
    )
    assert int(due.group(1)) == summary["overdue"]
    assert int(due.group(2)) == int(
        next(v for k, v in figures.items() if k.startswith("Due by the board meeting"))
    )
    if summary["indicators"]["list"]:
        said = next(t for t in text if "indicator" in t)
        n, of = re.match(r"(\d+) of (\d+) indicators", said).groups()
        assert (int(n), int(of)) == (off, len(summary["indicators"]["list"]))

    # ratings by priority, with totals
    grid = page.table("rating-by-priority")
    labels = grid.header[1:-1]
    for priority, cells in grid.body().items():
        counts = dict(zip(labels, map(int, cells[:-1]), strict=False))
        if priority == "Total":
            assert counts == {k: summary["ratings"][k] for k in labels}
            assert int(cells[-1]) == total
        else:
            assert counts == {k: summary["by_priority"][priority][k] for k in labels}
            assert int(cells[-1]) == sum(summary["by_priority"][priority].values())

    # every off-track action is in the management-action table, and only those
    if history:
        off_track = next(t for t in page.tables if t.header[-1] == "Management action")
        assert sorted(off_track.body()) == sorted(a["ref"] for a in history["off_track"])
        assert all(cells[-1] == "" for cells in off_track.body().values())


def test_demo_paper_numbers_are_the_json_summary(demo):
    page, summary = paper_and_json(demo, DEMO_DAY)
    check_numbers(page, summary)
    # direction of travel: the counts at the previous period are the plan's "RAG Nov" column
    ws = openpyxl.load_workbook(demo, read_only=True)["Actions"]
    rows = list(ws.iter_rows(values_only=True))
    column = rows[0].index(f"RAG {summary['history']['previous']}")
    scale = {r.code: r.label for r in PRESETS["reading5"].ratings}
    scale.update({r.label: r.label for r in PRESETS["reading5"].ratings})
    was = Counter(
        scale.get(str(row[column]).strip().upper(), "?")
        for row in rows[1:]
        if row[0] and row[0] != "Ref"
    )
    shown = page.table("headline-ratings").body()
    assert {label: int(shown[label][1]) for label in scale.values()} == {
        label: was[label] for label in scale.values()
    }
    # ratings over time: each rating column of the plan, oldest first, then now
    over_time = page.table("ratings-over-time")
    labels = over_time.header[1:-1]
    periods = over_time.body()
    assert list(periods) == ["Initial", "Nov", "Now"]
    assert dict(zip(labels, map(int, periods["Nov"]), strict=False)) == {k: was[k] for k in labels}
    assert dict(zip(labels, map(int, periods["Now"]), strict=False)) == {
        k: summary["ratings"][k] for k in labels
    }
    column = rows[0].index("RAG Initial")
    initial = Counter(
        scale.get(str(row[column]).strip().upper(), "?")
        for row in rows[1:]
        if row[0] and row[0] != "Ref"
    )
    assert dict(zip(labels, map(int, periods["Initial"]), strict=False)) == {
        k: initial[k] for k in labels
    }
    figures = page.table("headline-figures").body()
    # by default the board meets at the end of the Tracker's due-soon window
    assert int(figures["Due by the board meeting on 01/01/2027"][0]) == summary["due_soon"]


def test_seed_003_paper_says_what_the_committee_read(tfc):
    page, summary = paper_and_json(tfc, TFC_AS_OF, "--board-date", TFC_BOARD)
    check_numbers(page, summary)
    text = page.headline()
    assert text[0] == "There are 95 actions in the plan: 2 red, 3 amber, 74 green and 16 completed."
    assert text[1] == "94.7% of actions are on track or completed (90 of 95)."
    grid = page.table("rating-by-priority").body()
    assert grid["Priority 2"] == ["1", "1", "6", "0", "8"]
    assert grid["Total"] == ["2", "3", "74", "16", "95"]
    # "Actions due by 31/01/19", grouped by rating and then by priority
    section = [h for h in page.headings if h[0] >= 2]
    start = section.index((2, "Actions due by 31/01/2019"))
    groups = [text for level, text in section[start + 1 :] if level == 3][:4]
    assert [g.split(":")[0] for g in groups] == ["Red", "Amber", "Green", "Completed"]
    due_tables = [t for t in page.tables if " actions due by 31/01/2019, " in t.caption]
    refs = [ref for t in due_tables for ref in t.body()]
    plan_due = [a for a in load(tfc).data.actions if a.due.date <= TFC_BOARD]
    assert sorted(refs) == sorted(a.ref for a in plan_due)


def test_paper_is_built_to_be_accessible(demo):
    page, _ = paper_and_json(demo, DEMO_DAY)
    assert page.lang == "en-GB"
    assert page.title.startswith("Children's Services Improvement Plan (demo): highlight report")
    levels = [level for level, _ in page.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), "a heading level is skipped"
    for table in page.tables:
        assert table.caption
        assert all(
            c.attrs.get("scope") in ("col", "row")
            for row in table.rows
            for c in row
            if c.tag == "th"
        )
        assert all(row[0].tag == "th" for row in table.rows)
    words = {r.label for r in PRESETS["reading5"].ratings} | {
        "Not rated",
        "Unrecognised",
        "Red",
        "Amber",
    }
    assert page.spans and all(span["text"] in words for span in page.spans)
    for span in page.spans:  # every rating is its words on its colour, contrast >= 4.5:1
        style = dict(part.split(": ") for part in span["style"].split("; "))
        assert contrast(style["background-color"], style["color"]) >= 4.5, span


def luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_plan_text_is_never_markup(tmp_path, demo):
    with load(demo) as plan:
        action = plan.data.actions[0]
        action.text = "<script>alert('x')</script> & more"
        action.rating = plan.data.actions[1].rating
        summary = plan.summary(DEMO_DAY)
        html = render_html(build_paper(plan.data, summary), summary.scale)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html


def test_the_actions_rated_better_than_the_facts_are_the_jsons_with_their_reasons(demo):
    page, summary = paper_and_json(demo, DEMO_DAY)
    listed = [text for heading, text in page.items if heading == "Rated better than the facts"]
    flagged = summary["rated_better_than_facts"]
    assert flagged, "the demo plan has actions rated better than the facts"
    assert len(listed) == len(flagged)
    for text, flag in zip(listed, flagged, strict=False):
        assert text.startswith(f"{flag['ref']} (")
        assert f"is rated {flag['rating']}; the facts suggest {flag['reason']}." in text
