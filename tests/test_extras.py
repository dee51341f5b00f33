"""ragbook.extras: pandas and xlwings are extras, and a missing one is one line."""

from __future__ import annotations

import ast
import sys
import tomllib
from datetime import date
from pathlib import Path

import pytest
from builders import action, write_plan

import ragbook
from ragbook.errors import UsageProblem

PACKAGE = Path(ragbook.__file__).parent
PYPROJECT = PACKAGE.parent / "pyproject.toml"


def _missing(monkeypatch, module):
    """Make `import module` fail as it does when the package is not installed."""
    monkeypatch.setitem(sys.modules, module, None)


def test_a_dataframe_without_pandas_names_the_install(tmp_path, monkeypatch):
    path = write_plan(tmp_path / "plan.xlsx", [action("1.1")], as_of=date(2019, 1, 15))
    _missing(monkeypatch, "pandas")
    with ragbook.load(path) as plan:
        with pytest.raises(UsageProblem) as caught:
            plan.to_frame()
        assert [a.ref for a in plan.actions] == ["1.1"]  # the rest still works
    message = str(caught.value)
    assert "\n" not in message
    assert "needs pandas" in message and message.endswith("pip install 'ragbook[pandas]'")


def test_the_excel_buttons_without_xlwings_name_the_install(monkeypatch):
    from ragbook.addin.excel import XlwingsExcel

    _missing(monkeypatch, "xlwings")
    with pytest.raises(UsageProblem, match=r"needs xlwings.*pip install 'ragbook\[excel\]'$"):
        XlwingsExcel.caller()


def test_building_the_addin_without_xlwings_names_the_install(monkeypatch):
    from ragbook.addin import xlwings_template

    monkeypatch.setattr(xlwings_template, "installed_xlwings_version", lambda: None)
    with pytest.raises(UsageProblem, match=r"pip install 'ragbook\[excel\]'"):
        xlwings_template.find_template()


def _third_party_imports():
    """{top-level module: [modules of ragbook importing it]} for static imports."""
    stdlib = set(sys.stdlib_module_names)
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top and top not in stdlib and top != "ragbook":
                    found.setdefault(top, []).append(str(path.relative_to(PACKAGE)))
    return found


def test_the_library_needs_only_its_dependencies():
    """pandas, xlwings and openpyxl are not dependencies: ragbook/ imports openpyxl
    nowhere, and pandas and xlwings only through extras.need()."""
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    core = {d.split(">")[0].split("=")[0].strip().lower() for d in project["dependencies"]}
    assert core == {"click", "xlsxwriter", "holidays", "jinja2"}
    extras = project["optional-dependencies"]
    assert extras["pandas"] == ["pandas>=2.0"] and extras["excel"] == ["xlwings>=0.30"]
    imported = _third_party_imports()
    assert "openpyxl" not in imported and "pandas" not in imported
    assert "xlwings" not in imported
    # the rest are core, or extras imported where used with a message (pdf, word, mail);
    # cairosvg (word) only draws the Word paper's charts, which are left out without it
    assert set(imported) <= core | {"weasyprint", "docx", "keyring", "cairosvg"}, imported
    assert "cairosvg>=2.7" in extras["word"]
