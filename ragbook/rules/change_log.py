"""What the Change log records: one entry per change ragbook made to the owner's
cells, or per change asked for and not applied. Plain records; read/changelog.py
reads and writes the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

APPLIED, NOT_APPLIED = "applied", "not applied"
# A returned workbook's cells that were not applied, and a workbook returned with
# nothing to log: so the log shows every return, for `ragbook status`.
REFUSED, CONFLICT, RETURNED = "refused", "conflict", "returned"
# collect --mailbox: each message it took a workbook from (Field "Message-ID", Old the
# sender, New the Message-ID), and a message not from the lead or a delegate, not applied.
RECEIVED, NOT_FROM_LEAD = "received", "not from the lead"
MESSAGE_ID = "Message-ID"


@dataclass(frozen=True)
class LogEntry:
    when: datetime | str  # a datetime, or the text found if someone typed over it
    file: str
    lead: str
    ref: str
    field: str  # as headed on Actions: "RAG rating", "% complete" ...
    old: str
    new: str
    workbook: str  # the lead workbook's id (its stamp)
    status: str = APPLIED  # or NOT_APPLIED; "" in a log written before there was a Status

    @property
    def applied(self) -> bool:
        return self.status not in (
            NOT_APPLIED,
            REFUSED,
            CONFLICT,
            RETURNED,
            RECEIVED,
            NOT_FROM_LEAD,
        )
