"""ragbook addin build | install | check, called in-process: exact output and exit codes."""

from __future__ import annotations

from click.testing import CliRunner

from ragbook.addin import install as installer
from ragbook.addin import provenance as stamp
from ragbook.addin.xlwings_template import installed_xlwings_version
from ragbook.cli import main

VERSION = installed_xlwings_version()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_build_writes_the_add_in_and_says_what_next(tmp_path):
    result = run("addin", "build", "--out", tmp_path, "--python", "/opt/ragbook/bin/python")
    assert result.exit_code == 0, result.output
    addin = tmp_path / "ragbook.xlam"
    assert result.output == (
        f"Wrote {addin} for xlwings {VERSION}; its button runs /opt/ragbook/bin/python.\n"
        "Note: /opt/ragbook/bin/python is not on this computer; it must be on the one with "
        "Excel.\n"
        f"Licence notices: {tmp_path / 'ragbook-addin-notices.txt'}.\n"
        f"Next: ragbook addin install --path {addin}\n"
    )
    again = run("addin", "build", "--out", tmp_path, "--python", "/opt/ragbook/bin/python")
    assert again.output.startswith(f"Rebuilt {addin} for xlwings {VERSION}")


def test_build_refuses_to_replace_a_file_it_did_not_write(tmp_path):
    (tmp_path / "ragbook.xlam").write_bytes(b"the council's")
    result = run("addin", "build", "--out", tmp_path)
    assert result.exit_code == 2
    assert result.output == (
        f"Error: {tmp_path / 'ragbook.xlam'} exists and was not written by "
        "ragbook, so ragbook will not replace it: move it away, or use "
        "--force to replace it\n"
    )
    assert run("addin", "build", "--out", tmp_path, "--force").exit_code == 0


def test_install_where_excel_does_not_run_says_how_to_add_it_by_hand(tmp_path, monkeypatch):
    run("addin", "build", "--out", tmp_path)
    monkeypatch.setattr(installer.sys, "platform", "linux")
    result = run("addin", "install", "--path", tmp_path / "ragbook.xlam")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(
        "Excel does not run on this computer, so ragbook did not "
        "copy the add-in.\nTo add it by hand:\n"
    )


def test_install_on_windows_copies_it_into_xlstart(tmp_path, monkeypatch):
    run("addin", "build", "--out", tmp_path)
    appdata = tmp_path / "Roaming"
    (appdata / "Microsoft" / "Excel").mkdir(parents=True)
    monkeypatch.setattr(installer.sys, "platform", "win32")
    monkeypatch.setenv("APPDATA", str(appdata))
    result = run("addin", "install", "--path", tmp_path / "ragbook.xlam")
    target = appdata / "Microsoft" / "Excel" / "XLSTART" / "ragbook.xlam"
    assert result.output == (
        f"Installed {target} (xlwings {VERSION}).\nClose Excel and start it "
        "again: the ragbook tab appears on the ribbon. Open your plan and "
        "click Refresh.\n"
    )
    assert target.exists()
    check = run("addin", "check")  # finds the installed one
    assert check.output.startswith(f"{target} was built from xlwings {VERSION}")


def test_check_says_plainly_when_xlwings_has_changed(tmp_path, monkeypatch):
    run("addin", "build", "--out", tmp_path)
    addin = tmp_path / "ragbook.xlam"
    assert run("addin", "check", addin).output == (
        f"{addin} was built from xlwings {VERSION} (ragbook 0.1.0), the xlwings installed here: "
        "it is current.\n"
    )
    monkeypatch.setattr(stamp, "installed_xlwings_version", lambda: "0.99.0")
    result = run("addin", "check", addin)
    assert result.exit_code == 2
    assert result.output.startswith(
        f"Error: ragbook.xlam was built from xlwings {VERSION} but xlwings 0.99.0 is installed"
    )
    assert "ragbook addin build, then ragbook addin install" in result.output


def test_check_without_an_add_in_says_to_build_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(installer.sys, "platform", "linux")
    result = run("addin", "check")
    assert result.exit_code == 2
    assert result.output == (
        "Error: there is no add-in at ragbook.xlam: build one with "
        "`ragbook addin build`, or give the path of the one you built\n"
    )
