"""The xlwings boundary: the calls it makes exist in the installed xlwings, and map one to one."""

from __future__ import annotations

import inspect
from pathlib import Path

import xlwings

from ragbook.addin.button import Excel
from ragbook.addin.excel import XlwingsExcel


class Recorder:
    """Stands in for an xlwings Book (and its App, Books and Sheets), recording calls."""

    def __init__(self):
        self.calls = []
        self.app = self
        self.books = self
        self.sheets = self
        self.fullname = "C:\\plans\\plan.xlsx"

    def __getitem__(self, name):
        self.calls.append(("sheet", name))
        return self

    def __getattr__(self, name):
        return lambda *args, **kwargs: self.calls.append((name, args, kwargs)) or self


def test_every_call_of_the_protocol_is_implemented():
    wanted = {
        name
        for name, _ in inspect.getmembers(Excel, inspect.isfunction)
        if not name.startswith("_")
    }
    assert wanted == {"fullname", "save", "close", "reopen", "select_sheet", "message"}
    for name in wanted:
        assert callable(getattr(XlwingsExcel, name)), name


def test_the_calls_map_onto_xlwings_one_to_one():
    book = Recorder()
    excel = XlwingsExcel(book)
    assert excel.fullname() == "C:\\plans\\plan.xlsx"
    excel.save()
    excel.close()
    excel.reopen(Path("plan.xlsx"))
    excel.select_sheet("Tracker")
    excel.message("95 actions", problem=True)
    assert book.calls == [
        ("save", (), {}),
        ("close", (), {}),
        ("open", ("plan.xlsx",), {}),
        ("sheet", "Tracker"),
        ("activate", (), {}),
        ("alert", ("95 actions",), {"title": "ragbook", "mode": "critical"}),
    ]


def test_the_installed_xlwings_has_those_calls():
    assert callable(xlwings.Book.caller)
    assert isinstance(inspect.getattr_static(xlwings.Book, "fullname"), property)
    for cls, name in (
        (xlwings.Book, "save"),
        (xlwings.Book, "close"),
        (xlwings.main.Books, "open"),
        (xlwings.Sheet, "activate"),
    ):
        assert callable(getattr(cls, name)), name
    alert = inspect.signature(xlwings.App.alert).parameters
    assert {"prompt", "title", "mode"} <= set(alert)
