"""Installing ragbook.xlam into Excel's start-up folder, in tmp folders standing in for a user's."""

from __future__ import annotations

import os

import pytest

from ragbook.addin import install as installer
from ragbook.addin import provenance as stamp
from ragbook.addin.build import build
from ragbook.addin.xlwings_template import find_template
from ragbook.errors import FileProblem, UnsafeToWrite, WorkbookInUse
from ragbook.xlsx import fileio

OFFICE = ("Library", "Group Containers", "UBF8T346G9.Office", "User Content")
GROUP = OFFICE[:-1]


@pytest.fixture(scope="module")
def addin(tmp_path_factory):
    return build(tmp_path_factory.mktemp("built"), r"C:\ragbook\venv\Scripts\python.exe").path


@pytest.fixture
def appdata(tmp_path):
    folder = tmp_path / "AppData" / "Roaming"
    (folder / "Microsoft" / "Excel").mkdir(parents=True)  # Excel has run for this user
    return folder


def install_on_windows(addin, appdata, **kwargs):
    return installer.install(
        addin, platform="win32", env={"APPDATA": str(appdata)}, home=appdata.parent.parent, **kwargs
    )


def test_windows_gets_it_in_xlstart(addin, appdata):
    result = install_on_windows(addin, appdata)
    target = appdata / "Microsoft" / "Excel" / "XLSTART" / "ragbook.xlam"
    assert result.target == target and target.read_bytes() == addin.read_bytes()
    assert not result.replaced and not result.forced and result.applescript is None
    assert result.next_steps.startswith("Close Excel and start it again: the ragbook tab")
    assert installer.installed_addin("win32", {"APPDATA": str(appdata)}) == target


def test_installing_again_replaces_ragbooks_own_add_in(addin, appdata):
    install_on_windows(addin, appdata)
    assert install_on_windows(addin, appdata).replaced


def test_a_file_ragbook_did_not_write_is_kept_unless_forced(addin, appdata):
    xlstart = appdata / "Microsoft" / "Excel" / "XLSTART"
    xlstart.mkdir()
    (xlstart / "ragbook.xlam").write_bytes(b"the council's own add-in")
    with pytest.raises(UnsafeToWrite, match=r"was not written by ragbook.*--force"):
        install_on_windows(addin, appdata)
    assert (xlstart / "ragbook.xlam").read_bytes() == b"the council's own add-in"
    result = install_on_windows(addin, appdata, force=True)
    assert result.forced and not result.replaced
    assert (xlstart / "ragbook.xlam").read_bytes() == addin.read_bytes()


def test_an_add_in_open_in_excel_is_reported(addin, appdata, monkeypatch):
    monkeypatch.setattr(fileio, "RETRY_DELAY", 0)

    def locked(src, dst):
        raise PermissionError(13, "The process cannot access the file", str(dst))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(WorkbookInUse, match=r"ragbook.xlam is locked by another program \(Excel"):
        install_on_windows(addin, appdata)


def test_an_add_in_for_another_xlwings_is_not_installed(addin, appdata, monkeypatch):
    monkeypatch.setattr(stamp, "installed_xlwings_version", lambda: "0.99.0")
    with pytest.raises(stamp.AddinOutOfDate, match="rebuild"):
        install_on_windows(addin, appdata)
    assert not (appdata / "Microsoft" / "Excel" / "XLSTART").exists()


def test_without_excels_folder_it_says_how_to_add_it_by_hand(addin, tmp_path):
    result = installer.install(
        addin, platform="win32", env={"APPDATA": str(tmp_path / "none")}, home=tmp_path
    )
    assert result.target is None
    excel = tmp_path / "none" / "Microsoft" / "Excel"
    assert result.next_steps.startswith(f"Excel's folder {excel} is not there")
    assert "File > Options > Add-ins" in result.next_steps
    assert f"Copy {addin.resolve()} to a folder" in result.next_steps
    assert list(tmp_path.iterdir()) == []


def test_mac_gets_it_in_the_office_startup_folder_with_xlwings_applescript(addin, tmp_path):
    tmp_path.joinpath(*GROUP).mkdir(parents=True)  # Office has run; no Startup folder yet
    result = installer.install(addin, platform="darwin", env={}, home=tmp_path)
    assert result.target == tmp_path.joinpath(*OFFICE, "Startup", "Excel", "ragbook.xlam")
    assert result.target.read_bytes() == addin.read_bytes()
    script = (
        tmp_path
        / "Library"
        / "Application Scripts"
        / "com.microsoft.Excel"
        / f"xlwings-{find_template().xlwings_version}.applescript"
    )
    assert result.applescript == script and script.is_file()
    assert result.next_steps.startswith("Quit Excel (Cmd-Q) and start it again")


def test_an_applescript_already_there_is_left_alone(addin, tmp_path):
    tmp_path.joinpath(*OFFICE).mkdir(parents=True)
    scripts = tmp_path / "Library" / "Application Scripts" / "com.microsoft.Excel"
    scripts.mkdir(parents=True)
    mine = scripts / f"xlwings-{find_template().xlwings_version}.applescript"
    mine.write_text("-- installed by xlwings runpython install")
    installer.install(addin, platform="darwin", env={}, home=tmp_path)
    assert mine.read_text() == "-- installed by xlwings runpython install"


def test_linux_has_no_excel_so_it_says_how_to_add_it_by_hand(addin, tmp_path):
    result = installer.install(addin, platform="linux", env={}, home=tmp_path)
    assert result.target is None
    assert result.next_steps.startswith(
        "Excel does not run on this computer, so ragbook did not copy the add-in."
    )
    assert "Tools > Excel Add-ins" in result.next_steps  # the Mac steps too
    assert installer.installed_addin("linux", {}, tmp_path) is None


def test_a_missing_add_in_says_to_build_it(tmp_path):
    with pytest.raises(FileProblem, match="ragbook addin build"):
        installer.install(tmp_path / "ragbook.xlam", platform="linux", env={}, home=tmp_path)
