"""The board paper passes axe-core's WCAG 2.2 AA and best-practice rules in a real
browser (headless Chromium from Debian's packages), with no violations.

axe-core is vendored under tests/axe/ (axe.min.js with its MPL-2.0 licence) so the
check runs offline, at a known version, without Node; see tests/axe/README.md.
"""

from __future__ import annotations

import os

import pytest
from axe_check import axe_results, chromium
from board_plans import TFC_AS_OF, TFC_BOARD, build_tfc_progress
from test_board_html import DEMO_DAY

from ragbook.board import write_report
from ragbook.demo import write_demo
from ragbook.plan import load

pytestmark = pytest.mark.skipif(
    not chromium() and not os.environ.get("CI"),
    reason="needs Chromium (apt-get install chromium); CI installs it and fails without it",
)


def violations(page, tmp_path) -> list[str]:
    results = axe_results(page, tmp_path)
    assert "error" not in results, results
    assert results["passes"] > 10  # axe really ran its rules
    return [
        f"{v['id']}: {v['help']} ({v['nodes'][0]['html'][:120]})" for v in results["violations"]
    ]


def test_demo_paper_has_no_accessibility_violations(tmp_path):
    plan = write_demo(tmp_path / "demo-plan.xlsx", DEMO_DAY)
    with load(plan) as loaded:
        write_report(loaded, tmp_path / "board.html", DEMO_DAY)
    assert violations(tmp_path / "board.html", tmp_path) == []


def test_seed_003_paper_has_no_accessibility_violations(tmp_path):
    plan = build_tfc_progress(tmp_path)
    with load(plan) as loaded:
        write_report(loaded, tmp_path / "board.html", TFC_AS_OF, TFC_BOARD)
    assert violations(tmp_path / "board.html", tmp_path) == []


def test_the_check_finds_what_is_wrong(tmp_path):
    """A page missing what the paper has (language, caption-less table with a bad header,
    white-on-amber text) fails, so a pass above means something."""
    page = tmp_path / "bad.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>t</title></head><body><main>"
        '<h1>Paper</h1><p style="background:#FFC000;color:#FFFFFF">Amber</p>'
        '<svg role="img" width="10" height="10"><rect width="10" height="10"/></svg>'
        "</main></body></html>",
        encoding="utf-8",
    )
    found = {v.split(":")[0] for v in violations(page, tmp_path)}
    assert {"html-has-lang", "color-contrast", "svg-img-alt"} <= found
