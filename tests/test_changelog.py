"""The Change log sheet: written by ragbook, read back, only ever added to."""

from __future__ import annotations

from datetime import datetime

import openpyxl
from builders import write_loop_plan

import ragbook
from ragbook.read.changelog import HEADERS, build_change_log, read_change_log
from ragbook.rules.change_log import LogEntry
from ragbook.rules.schema import CHANGE_LOG, Role

FIRST = [
    LogEntry(
        datetime(2019, 1, 20, 9, 30, 5),
        "AF 2019-01-15.xlsx",
        "AF",
        "1.1",
        "RAG rating",
        "Red",
        "Amber",
        "7d5feeb6d300",
    ),
    LogEntry(
        datetime(2019, 1, 20, 9, 30, 5),
        "AF 2019-01-15.xlsx",
        "AF",
        "1.1",
        "Progress update",
        "",
        '=HYPERLINK("x") & more',
        "7d5feeb6d300",
    ),
]


def write_log(path, entries):
    plan = ragbook.load(path)
    plan.refresh()
    plan.add_sheet(Role.CHANGE_LOG, CHANGE_LOG, lambda name: build_change_log(name, entries))
    plan.save(backup=False)


def read_log(path):
    with ragbook.load(path) as plan:
        return read_change_log(plan.package)


def test_a_plan_without_a_change_log_has_no_entries(tmp_path):
    assert read_log(write_loop_plan(tmp_path / "plan.xlsx")) == []


def test_entries_come_back_exactly_as_written_and_later_ones_go_below(tmp_path):
    path = write_loop_plan(tmp_path / "plan.xlsx")
    write_log(path, FIRST)
    assert read_log(path) == FIRST
    later = LogEntry(
        datetime(2019, 2, 1, 8, 0), "SG.xlsx", "SG", "2.2", "% complete", "", "50%", "09a69c909f03"
    )
    write_log(path, [*read_log(path), later])
    assert read_log(path) == [*FIRST, later]
    ws = openpyxl.load_workbook(path)["Change log"]
    assert [c.value for c in ws[4]] == list(HEADERS)
    assert ws["A5"].value == datetime(2019, 1, 20, 9, 30, 5)
    assert ws["A5"].number_format == "dd/mm/yyyy hh:mm"
    assert ws["G6"].data_type == "s"  # text that looks like a formula stays text
    assert ws.max_row == 7


def test_a_plain_refresh_leaves_the_change_log_as_it_was(tmp_path):
    import zipfile

    path = write_loop_plan(tmp_path / "plan.xlsx")
    write_log(path, FIRST)
    with ragbook.load(path) as plan:
        part = plan.package.sheet(CHANGE_LOG).part
    before = zipfile.ZipFile(path).read(part)
    ragbook.refresh(path, backup=False)
    assert zipfile.ZipFile(path).read(part) == before
    assert read_log(path) == FIRST


def test_a_when_someone_typed_over_is_kept_as_text(tmp_path):
    path = write_loop_plan(tmp_path / "plan.xlsx")
    write_log(path, FIRST)
    wb = openpyxl.load_workbook(path)
    wb["Change log"]["A5"] = "yesterday"
    wb.save(path)
    assert read_log(path)[0].when == "yesterday"
