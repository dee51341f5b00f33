"""ragbook.xlam, built from the installed xlwings' template, checked by independent readers."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from lo import convert
from python_calamine import CalamineWorkbook
from vba import vba_modules

import ragbook
from ragbook.addin import ADDIN_NAME
from ragbook.addin.build import build
from ragbook.addin.parts import CALLBACK, CONFIG_SHEET
from ragbook.addin.provenance import read_stamp
from ragbook.addin.xlwings_template import Template, find_template, installed_xlwings_version
from ragbook.errors import UnsafeToWrite, UsageProblem

UI = "{http://schemas.microsoft.com/office/2006/01/customui}"
WINDOWS_PYTHON = r"C:\Program Files\R&D <Python>\python.exe"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("addin"), WINDOWS_PYTHON).path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        assert package.testzip() is None
        return {name: package.read(name) for name in package.namelist()}


def config(path: Path) -> list[list]:
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == [CONFIG_SHEET]
    return book.get_sheet_by_index(0).to_python()


def test_it_is_the_template_with_the_same_vba_project_and_one_part_more(built):
    template = parts(find_template().path)
    ours = parts(built)
    assert list(ours) == [
        n
        for n in template
        for n in ([n, "docProps/custom.xml"] if n == "docProps/core.xml" else [n])
    ]
    assert ours["xl/vbaProject.bin"] == template["xl/vbaProject.bin"]
    unchanged = {
        "xl/theme/theme1.xml",
        "docProps/app.xml",
        "xl/styles.xml",
        "xl/sharedStrings.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/vbaProject.bin",
    }
    assert {n for n in template if ours[n] == template[n]} == unchanged


def test_every_part_is_well_formed_and_keeps_its_namespace_declarations(built):
    template = parts(find_template().path)
    for name, data in parts(built).items():
        if name.endswith((".xml", ".rels")):
            ElementTree.fromstring(data)
        if name in template and name != "customUI/customUI.xml" and name.endswith(".xml"):
            root = re.compile(rb"<[A-Za-z][^?!][^>]*>")  # the root element's start tag
            assert root.search(data).group() == root.search(template[name]).group(), name


def test_the_ribbon_has_a_ragbook_tab_with_a_large_refresh_button(built):
    ui = ElementTree.fromstring(parts(built)["customUI/customUI.xml"])
    (tab,) = ui.iter(f"{UI}tab")
    assert tab.get("label") == "ragbook"
    (button,) = ui.iter(f"{UI}button")
    assert button.get("label") == "Refresh" and button.get("size") == "large"
    assert button.get("imageMso") and button.get("screentip") and button.get("supertip")
    assert button.get("onAction") == CALLBACK


def test_the_buttons_callback_is_in_the_vba_and_runs_ragbook_main(built):
    modules = vba_modules(built)
    module, sub = CALLBACK.split(".")
    source = modules[module]
    assert re.search(rf"^Sub {sub}\(control As IRibbonControl\)$", source, re.M), source
    # the VBA imports the add-in's file name without its extension, and calls main()
    assert "ThisWorkbook.Name" in source
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in source
    assert Path(ADDIN_NAME).stem == "ragbook" and callable(ragbook.main)


def test_the_vba_reads_the_settings_sheet_and_names_the_recorded_xlwings(built):
    constants = dict(
        re.findall(r'Public Const (\w+) As String = "([^"]*)"', vba_modules(built)["xlwings"])
    )
    assert constants["PROJECT_NAME"] + ".conf" == CONFIG_SHEET
    assert constants["XLWINGS_VERSION"] == read_stamp(built).xlwings_version
    assert read_stamp(built).xlwings_version == installed_xlwings_version()
    assert read_stamp(built).ragbook_version == ragbook.__version__


def test_the_settings_sheet_holds_the_python_to_run_from_a1_down(built):
    rows = config(built)
    settings = {}
    for key, value in rows:
        if not key:
            break  # the VBA reads column A down to the first blank
        settings[key.upper()] = value
    assert settings["INTERPRETER_WIN"] == WINDOWS_PYTHON
    assert settings["INTERPRETER_MAC"] == WINDOWS_PYTHON
    assert settings["ADD_WORKBOOK_TO_PYTHONPATH"] == "false"
    assert settings["SHOW CONSOLE"] is False  # the template's settings are kept
    assert len(settings) == 10


@pytest.mark.libreoffice
def test_libreoffice_opens_the_add_in(built, tmp_path):
    # LibreOffice only loads an add-in when told its format (and exits 0 even when it fails)
    converted = convert(built, "xlsx", tmp_path, infilter="Calc MS Excel 2007 XML")
    book = CalamineWorkbook.from_path(str(converted))
    assert book.sheet_names == [CONFIG_SHEET]
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0] == ["Interpreter_Win", WINDOWS_PYTHON]
    assert rows[9] == ["ADD_WORKBOOK_TO_PYTHONPATH", "false"]


def test_the_same_inputs_give_the_same_bytes(built, tmp_path):
    again = build(tmp_path, WINDOWS_PYTHON).path
    assert again.read_bytes() == built.read_bytes()
    other = build(tmp_path / "other", "/opt/ragbook/bin/python").path
    assert other.read_bytes() != built.read_bytes()


def test_the_default_python_is_the_one_running_the_build(tmp_path):
    import sys

    result = build(tmp_path)
    assert result.interpreter == sys.executable and result.interpreter_found
    assert config(result.path)[0] == ["Interpreter_Win", sys.executable]


def test_the_licence_notices_are_written_beside_it(built):
    notices = (built.parent / "ragbook-addin-notices.txt").read_text(encoding="utf-8")
    assert "BSD 3-clause" in notices and "MIT License" in notices and "Tim Hall" in notices


def test_an_earlier_build_is_replaced_but_another_file_is_not(tmp_path):
    first = build(tmp_path, "python")
    first_bytes = first.path.read_bytes()
    assert not first.replaced
    assert build(tmp_path, "pythonw").replaced
    foreign = tmp_path / "theirs"
    foreign.mkdir()
    (foreign / ADDIN_NAME).write_bytes(b"someone else's add-in")
    with pytest.raises(UnsafeToWrite, match=r"was not written by ragbook.*--force"):
        build(foreign, "python")
    assert (foreign / ADDIN_NAME).read_bytes() == b"someone else's add-in"
    assert build(foreign, "python", force=True).path.read_bytes() == first_bytes


def test_a_template_that_has_changed_fails_the_build_with_the_reason(tmp_path):
    source = parts(find_template().path)
    source["xl/workbook.xml"] = source["xl/workbook.xml"].replace(b"_myaddin.conf", b"conf")
    changed = tmp_path / "changed.xlam"
    with zipfile.ZipFile(changed, "w") as package:
        for name, data in source.items():
            package.writestr(name, data)
    with pytest.raises(UsageProblem, match=r"not the one ragbook knows how to change.*_myaddin"):
        build(tmp_path / "out", "python", template=Template(changed, "9.9.9"))
    assert not (tmp_path / "out" / ADDIN_NAME).exists()


def test_an_empty_python_is_refused(tmp_path):
    with pytest.raises(UsageProblem, match="--python is empty"):
        build(tmp_path, "  ")
