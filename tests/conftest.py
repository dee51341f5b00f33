"""Shared fixtures. Test data is resolved from this folder, never the working directory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# Real workbooks from the public test data of spreadsheet libraries (see corpus/README.md
# for where each came from and its licence). Kept in the repository so CI has them.
CORPUS = HERE / "corpus"
sys.path.insert(0, str(HERE))


@pytest.fixture
def corpus() -> Path:
    """The corpus of real workbooks made by Excel and other programs."""
    return CORPUS


# -- every workbook ragbook writes in the suite is checked against the schemas ----------


@pytest.fixture(autouse=True)
def schema_checked_writes(request, monkeypatch):
    """Every plan save and lead workbook written by any test is checked with ooxml.py:
    the parts ragbook wrote must pass the Transitional schemas and Excel's rules
    (a part of the owner's that it edited: no worse than it was). A test that feeds
    ragbook deliberately broken parts opts out with @pytest.mark.unchecked_writes."""
    if request.node.get_closest_marker("unchecked_writes"):
        yield
        return
    import io

    import ooxml

    import ragbook.split
    import ragbook.xlsx.writer

    found: list[str] = []
    write_sheets, render_workbook = ragbook.xlsx.writer.write_sheets, ragbook.split.render_workbook

    def checked_write_sheets(pkg, specs, dest, **kwargs):
        buffer = io.BytesIO()
        report = write_sheets(pkg, specs, buffer, **kwargs)
        dest.write(buffer.getvalue())
        with open(pkg.path, "rb") as fh:  # the source, as it was read (tests do not change it)
            before = fh.read()
        found.extend(ooxml.problems_in_written(before, buffer.getvalue(), report.changed_parts))
        return report

    def checked_render(specs, dest, **kwargs):
        buffer = io.BytesIO()
        render_workbook(specs, buffer, **kwargs)
        dest.write(buffer.getvalue())
        found.extend(ooxml.problems_in_package(buffer.getvalue()))

    monkeypatch.setattr(ragbook.xlsx.writer, "write_sheets", checked_write_sheets)
    monkeypatch.setattr(ragbook.split, "render_workbook", checked_render)
    yield
    assert not found, "ragbook wrote parts Excel would repair:\n" + "\n".join(found[:20])


def pytest_itemcollected(item):
    """Remember the tests marked libreoffice (before -m deselects any): lo.convert
    refuses to run for a test that is not, so the fast loop cannot miss one."""
    if item.get_closest_marker("libreoffice"):
        import lo

        lo.MARKED.add(item.nodeid)


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "unchecked_writes: do not check what ragbook writes "
        "against the schemas (the test breaks parts on purpose)",
    )
