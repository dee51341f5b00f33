"""Finding the installed xlwings' add-in template without importing xlwings."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest

from ragbook.addin import xlwings_template as template
from ragbook.errors import UsageProblem


def test_the_template_is_the_installed_xlwings_one():
    found = template.find_template()
    assert found.path.name == "quickstart_addin_ribbon.xlam" and found.path.is_file()
    assert found.xlwings_version == metadata.version("xlwings")
    assert template.applescript(found).is_file()  # what the Mac side of RunPython runs


def test_finding_it_does_not_import_xlwings():
    code = (
        "import sys; from ragbook.addin.xlwings_template import find_template; find_template();"
        "print('xlwings' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_xlwings_is_a_clear_message(monkeypatch):
    monkeypatch.setattr(template, "installed_xlwings_version", lambda: None)
    with pytest.raises(
        UsageProblem, match=r"xlwings is not installed in this Python .*pip install"
    ):
        template.find_template()


def test_an_xlwings_without_the_template_is_a_clear_message(monkeypatch):
    monkeypatch.setattr(template, "TEMPLATE_NAME", "no_such_template.xlam")
    with pytest.raises(UsageProblem, match=r"has no no_such_template.xlam in .*xlwings 0.30 or"):
        template.find_template()


def test_the_notices_hold_the_installed_xlwings_licence_word_for_word():
    licence = next(f for f in metadata.files("xlwings") if f.name == "LICENSE.txt")
    text = licence.read_text(encoding="utf-8")
    assert "BSD 3-clause" in text
    assert " ".join(text.split()) in " ".join(template.notices().split())
    assert "Permission is hereby granted, free of charge" in template.notices()  # VBA-Dictionary
