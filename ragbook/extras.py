"""Optional dependencies: pandas for the DataFrame view, xlwings where Excel runs.

The library needs only click, xlsxwriter, holidays and jinja2. What else a
feature needs is an extra (`pip install 'ragbook[pandas]'`), imported when the
feature is used; a missing one is a one-line UsageProblem naming the install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import UsageProblem


def need(module: str, extra: str, what: str) -> ModuleType:
    """Import `module` for `what`, or say in one line which extra to install.

    Raises:
        UsageProblem: the module is not installed (or will not import).
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise UsageProblem(
            f"{what} needs {module}, which is not installed in this Python "
            f"({exc.name or module} is missing); install it with: "
            f"pip install 'ragbook[{extra}]'"
        ) from None
