"""What became of one returned lead workbook: changes, refused cells, requests, notes.

Plain records, shared by merge (which makes them), collect (which writes them)
and the command line (which reports them).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import Problem
from .schema import ACTION_FIELD_BY_KEY
from .words import plural


def shown(key: str, value: str) -> str:
    """A canonical value as people read it: % complete with its % sign."""
    return f"{value}%" if key == "percent_complete" and value else value


def unshown(key: str, text: str) -> str:
    return text[:-1] if key == "percent_complete" and text.endswith("%") else text


def field_name(key: str) -> str:
    return ACTION_FIELD_BY_KEY[key].header


@dataclass
class Change:
    ref: str  # every action the change reached: "1.5 / 1.6" when they share the cell
    key: str  # the update field
    cell: str  # in the plan's Actions sheet
    old: str  # canonical values (see stamp.canonical)
    new: str
    value: object  # what is written into the cell
    fill: str | None = None  # the cell's new fill (RRGGBB), when its fill shows the rating

    def line(self) -> str:
        return (
            f"{self.ref} {field_name(self.key)}: {short_text(shown(self.key, self.old))} -> "
            f"{short_text(shown(self.key, self.new))}"
        )


@dataclass
class Request:
    """A lead's edit to a locked cell (a due date, say): for the owner, never applied."""

    lead: str
    ref: str
    key: str  # the field, or "extra" for a column ragbook does not know
    field: str  # the column's header in the lead's workbook
    cell: str  # in the lead's workbook
    old: str  # what the plan has, as the lead's workbook shows it ("" if not known)
    new: str

    def line(self) -> str:
        what = (
            f"move {self.ref}'s due date"
            if self.key == "due"
            else f"change {self.ref}'s {self.field}"
        )
        since = f" from {_quoted(self.key, self.old)}" if self.old else ""
        return f"{self.lead} asks to {what}{since} to {_quoted(self.key, self.new)}; not applied"

    def as_json(self) -> dict:
        return {
            "ref": self.ref,
            "field": self.field,
            "cell": self.cell,
            "old": self.old,
            "new": self.new,
            "message": self.line(),
        }


@dataclass
class ReturnResult:
    """What became of one returned file."""

    file: Path
    lead: str = ""
    workbook_id: str = ""
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # cells (or rows) not applied
    requests: list[Request] = field(default_factory=list)  # locked cells the lead changed
    notes: list[str] = field(default_factory=list)  # "1.3 is now 1.4 in the plan; applied there"
    refused: bool = False  # the whole file: not a lead workbook, or from another plan
    applied: bool = False

    def lines(self, dry_run: bool = False) -> list[str]:
        """What became of the file, for a person: a heading line, then each note,
        change, problem and request, indented."""
        who = f" ({self.lead})" if self.lead else ""
        held = [plural(len(self.problems), "problem")] if self.problems else []
        held += [plural(len(self.requests), "request")] if self.requests else []
        if self.changes and not self.refused:
            done = plural(len(self.changes), "change") + (" to apply" if dry_run else " applied")
            out = [f"{self.file.name}{who}: {', '.join([done, *held])}:"]
        elif held:
            out = [f"{self.file.name}{who}: not applied, {', '.join(held)}:"]
        else:
            out = [f"{self.file.name}{who}: no changes; the plan has these updates already."]
        out += [f"  {note}." for note in self.notes]
        out += [f"  {c.line()}" for c in (self.changes if not self.refused else ())]
        out += [f"  {p.line() if p.sheet else p.message}" for p in self.problems]
        out += [f"  {r.line()}." for r in self.requests]
        return out

    @property
    def status(self) -> str:
        """'applied', 'partly applied', 'not applied' or 'unchanged'."""
        held = self.problems or self.requests
        if self.changes and not self.refused:
            return "partly applied" if held else "applied"
        return "not applied" if held else "unchanged"

    def as_json(self) -> dict:
        return {
            "file": str(self.file),
            "lead": self.lead,
            "workbook_id": self.workbook_id,
            "status": self.status,
            "changes": [
                {
                    "ref": c.ref,
                    "field": field_name(c.key),
                    "cell": c.cell,
                    "old": shown(c.key, c.old),
                    "new": shown(c.key, c.new),
                }
                for c in self.changes
            ],
            "problems": [p.as_dict() for p in self.problems],
            "requests": [r.as_json() for r in self.requests],
            "notes": list(self.notes),
        }


def _quoted(key: str, text: str) -> str:
    return text if key == "due" else f"'{short_text(text)}'"


def short_text(text: str, limit: int = 60) -> str:
    """Text on one line, cut to `limit` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["Change", "Request", "ReturnResult", "field_name", "short_text", "shown", "unshown"]
