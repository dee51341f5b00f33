"""What a refresh did, in the forms every adapter shows it: JSON and a sentence.

`ragbook refresh` (with and without --json) and the Excel Refresh button report a
refresh through this one type, so they say the same thing in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .plan import SaveResult
from .rules.compute import Summary
from .rules.dates import format_date


@dataclass
class RefreshResult:
    """A refresh and its save."""

    path: str | Path  # the plan, as the user named it
    summary: Summary
    saved: SaveResult

    def as_json(self) -> dict:
        """What `ragbook refresh --json` prints (see docs/json.md)."""
        out = self.summary.as_json()
        out["file"] = str(self.path)
        out["written"] = True
        out["sheets"] = self.saved.report.written
        out["backup"] = str(self.saved.backup) if self.saved.backup else None
        return out

    def sentence(self) -> str:
        """'Refreshed plan.xlsx as of 15/01/2019'."""
        return f"Refreshed {self.path} as of {format_date(self.summary.as_of)}"


__all__ = ["RefreshResult"]
