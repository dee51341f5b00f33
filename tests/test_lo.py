"""tests/lo.py: every test that runs LibreOffice carries the libreoffice marker."""

from __future__ import annotations

import os

import lo
import pytest


def test_a_test_without_the_marker_cannot_run_libreoffice(tmp_path):
    source = tmp_path / "plan.xlsx"
    source.write_bytes(b"not opened")
    with pytest.raises(pytest.fail.Exception, match=r"add @pytest.mark.libreoffice"):
        lo.convert(source, "xlsx", tmp_path / "out")
    assert not (tmp_path / "out").exists()  # refused before LibreOffice was started


@pytest.mark.libreoffice
def test_a_marked_test_is_recorded_before_it_runs():
    node = os.environ["PYTEST_CURRENT_TEST"].rsplit(" (", 1)[0]
    assert node in lo.MARKED
    lo.require_marker()  # does not fail


def test_the_marker_is_registered(pytestconfig):
    assert any(line.startswith("libreoffice:") for line in pytestconfig.getini("markers"))
