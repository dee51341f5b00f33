"""A lead's returned workbook as collect sees it: plain records, no I/O.
read/returned.py reads them from the file, merge.py applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import Problem
from .stamp import Stamp, StampRow


@dataclass
class ReturnedRow:
    stamp: StampRow
    values: dict[str, str]  # update field -> canonical value the lead left
    cells: dict[str, str]  # update field -> cell of the lead sheet
    # Locked cells the lead changed: column letter -> (cell of the lead sheet, what it shows)
    locked: dict[str, tuple[str, str]] = field(default_factory=dict)
    action_text: str = ""  # the row's action text as the lead sheet shows it


@dataclass
class ReturnedWorkbook:
    path: Path
    stamp: Stamp
    sheet: str
    rows: list[ReturnedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # any: the file is not applied
