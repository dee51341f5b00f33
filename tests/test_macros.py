"""macros/: the five-button ribbon and its VBA module agree with each other and with ragbook."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

import ragbook
from ragbook.addin import button

MACROS = Path(__file__).resolve().parent.parent / "macros"
UI = "{http://schemas.microsoft.com/office/2006/01/customui}"
EXPECTED = {
    "Refresh": "refresh",
    "Check": "check",
    "Split for leads": "split",
    "Board report": "report",
    "Close period": "close_period",
}


def buttons() -> list[ElementTree.Element]:
    return list(ElementTree.parse(MACROS / "customUI.xml").getroot().iter(f"{UI}button"))


def subs() -> dict[str, str]:
    """Sub name -> the Python command it runs, from ragbook.bas."""
    source = (MACROS / "ragbook.bas").read_bytes().decode("ascii")
    found = re.findall(
        r"^Sub (\w+)\(control As IRibbonControl\)\r\n"
        r'    RunPython "([^"]*)"\r\nEnd Sub\r$',
        source,
        re.M,
    )
    return dict(found)


def test_the_ribbon_has_the_five_buttons_with_unique_ids():
    labels = [b.get("label") for b in buttons()]
    assert labels == list(EXPECTED)
    assert len({b.get("id") for b in buttons()}) == 5
    for b in buttons():
        assert b.get("imageMso") and b.get("screentip") and b.get("supertip"), b.get("id")


def test_each_buttons_callback_is_a_sub_in_the_vba_module():
    defined = subs()
    assert len(defined) == 5
    for b in buttons():
        assert b.get("onAction") in defined, b.get("onAction")


@pytest.mark.parametrize("label", list(EXPECTED))
def test_each_sub_runs_the_ragbook_entry_point_for_its_button(label, monkeypatch):
    (element,) = [b for b in buttons() if b.get("label") == label]
    command = subs()[element.get("onAction")]
    match = re.fullmatch(r"import ragbook; ragbook\.(\w+)\(\)", command)
    assert match, command
    ran = []
    monkeypatch.setattr(button, "_run", ran.append)
    getattr(ragbook, match.group(1))()
    assert ran == [EXPECTED[label]]


def test_the_vba_module_is_named_and_uses_windows_line_endings():
    data = (MACROS / "ragbook.bas").read_bytes()
    assert data.startswith(b'Attribute VB_Name = "RagbookButtons"\r\n')
    assert data.count(b"\n") == data.count(b"\r\n")


def test_the_readme_has_install_steps_and_the_manual_test():
    text = (MACROS / "README.md").read_text(encoding="utf-8")
    for heading in (
        "## Install on Windows",
        "## Install on a Mac",
        "## Manual test in Excel",
        "## What the automated tests cannot check",
    ):
        assert heading in text
    for sub in subs():
        assert f"`{sub}`" in text
