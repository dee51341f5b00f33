"""What the add-in records about its build, and the xlwings version check."""

from __future__ import annotations

import zipfile

import pytest

from ragbook.addin import provenance as stamp
from ragbook.addin.build import build
from ragbook.errors import FileProblem, NotAWorkbook, UnsafeToWrite, UsageProblem


@pytest.fixture(scope="module")
def addin(tmp_path_factory):
    return build(tmp_path_factory.mktemp("addin"), "python").path


def test_custom_properties_round_trip_with_awkward_text():
    props = {"ragbook.xlwings_version": "0.37.8", "odd": 'R&D <"quoted">'}
    assert stamp.read_custom_properties(stamp.custom_properties_xml(props)) == props


def test_a_built_add_in_records_the_installed_xlwings(addin):
    recorded = stamp.check_addin(addin)
    assert recorded.xlwings_version == stamp.installed_xlwings_version()
    assert len(recorded.template_sha256) == 64


def test_a_different_xlwings_is_reported_with_what_to_do(addin, monkeypatch):
    monkeypatch.setattr(stamp, "installed_xlwings_version", lambda: "0.99.0")
    with pytest.raises(stamp.AddinOutOfDate) as err:
        stamp.check_addin(addin)
    recorded = stamp.read_stamp(addin).xlwings_version
    assert str(err.value) == (
        f"ragbook.xlam was built from xlwings {recorded} but xlwings 0.99.0 is installed, and "
        "the add-in's code only works with the xlwings it was built from: rebuild and reinstall "
        "it (ragbook addin build, then ragbook addin install), or go back to that xlwings: "
        f"pip install xlwings=={recorded}"
    )


def test_a_missing_xlwings_is_reported(addin, monkeypatch):
    monkeypatch.setattr(stamp, "installed_xlwings_version", lambda: None)
    with pytest.raises(stamp.AddinOutOfDate, match="but xlwings is not installed"):
        stamp.check_addin(addin)


def test_other_files_are_not_taken_for_a_ragbook_add_in(tmp_path):
    other = tmp_path / "other.xlam"
    with zipfile.ZipFile(other, "w") as package:
        package.writestr("docProps/custom.xml", stamp.custom_properties_xml({"Owner": "IT"}))
    assert stamp.read_stamp(other) is None
    with pytest.raises(UsageProblem, match="was not built by ragbook"):
        stamp.check_addin(other)
    junk = tmp_path / "junk.xlam"
    junk.write_bytes(b"not a zip")
    with pytest.raises(NotAWorkbook, match=r"junk.xlam is not an Excel add-in"):
        stamp.read_stamp(junk)
    with pytest.raises(FileProblem, match="there is no add-in at"):
        stamp.check_addin(tmp_path / "missing.xlam")


def test_only_ragbooks_own_add_in_is_replaced_without_force(addin, tmp_path):
    assert stamp.replaceable(addin, force=False) is True
    assert stamp.replaceable(tmp_path / "none.xlam", force=False) is False
    theirs = tmp_path / "theirs.xlam"
    theirs.write_bytes(b"x")
    with pytest.raises(UnsafeToWrite, match=r"theirs.xlam exists and was not written by ragbook"):
        stamp.replaceable(theirs, force=False)
    assert stamp.replaceable(theirs, force=True) is False
