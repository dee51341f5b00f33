"""ragbook's exceptions. Library code raises these; only adapters print."""

from __future__ import annotations


class RagbookError(Exception):
    """Base class. `str(error)` is one line a user can act on."""

    exit_code = 2


class FileProblem(RagbookError):
    """The workbook cannot be read or written as asked; nothing was changed."""


class NotAWorkbook(FileProblem):
    """Not an .xlsx/.xlsm package (wrong type, damaged, encrypted)."""


class UnsafeToWrite(FileProblem):
    """Writing would lose or break something in the workbook, so ragbook refuses."""


class WorkbookInUse(FileProblem):
    """Someone has the workbook open in Excel, or another program holds it."""


class PlanProblem(RagbookError):
    """The workbook has no usable plan in it (no Actions table, say)."""


class PeriodAlreadyClosed(RagbookError):
    """close-period was asked for a period the Plan history already holds (use replace)."""


class UsageProblem(RagbookError):
    """The command was asked for something that cannot be done (bad option)."""


class NotALeadWorkbook(FileProblem):
    """A file given to collect is not a lead workbook ragbook wrote, or was damaged."""


class MailProblem(RagbookError):
    """E-mail cannot be sent as configured (no server, no password, bad settings)."""
