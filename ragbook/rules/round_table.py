"""The round's table as the Tracker shows it: one line per lead for the current period,
worked out by status.py from the send log and the Change log (plain values, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RoundLine:
    lead: str  # as the Tracker names leads: "Head of Early Help (AF)"
    sent: datetime | None  # this period's send
    sent_to: str  # the addresses, "; " between
    returned: datetime | None  # the last return collected this period
    returns: int  # workbooks returned (the same one again counts once)
    applied: int
    not_applied: int  # the lead's requests, and cells refused
    conflicts: int  # waiting for the owner's answer
    reminders: int
    outstanding: bool


@dataclass
class RoundTable:
    period: str  # "2019-01"
    lines: list[RoundLine] = field(default_factory=list)

    @property
    def outstanding(self) -> list[RoundLine]:
        return [line for line in self.lines if line.outstanding]
