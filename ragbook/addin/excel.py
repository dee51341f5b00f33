"""The few xlwings calls the buttons make: the only module that imports xlwings.

Kept this small on purpose: it cannot run without Excel, so it is checked by
hand (macros/README.md); everything around it is tested on real files.
"""

from __future__ import annotations

from pathlib import Path

from ..extras import need

TITLE = "ragbook"


class XlwingsExcel:
    """The workbook whose button was clicked (xlwings' Book.caller()), and its Excel."""

    def __init__(self, book):
        self.book = book
        self.app = book.app

    @classmethod
    def caller(cls) -> XlwingsExcel:
        xlwings = need("xlwings", "excel", "The ragbook buttons in Excel")
        return cls(xlwings.Book.caller())

    def fullname(self) -> str:
        return self.book.fullname  # maps OneDrive/SharePoint addresses, or raises XlwingsError

    def save(self) -> None:
        self.book.save()

    def close(self) -> None:
        self.book.close()

    def reopen(self, path: Path) -> None:
        self.book = self.app.books.open(str(path))

    def select_sheet(self, name: str) -> None:
        self.book.sheets[name].activate()

    def message(self, text: str, problem: bool = False) -> None:
        self.app.alert(text, title=TITLE, mode="critical" if problem else "info")
