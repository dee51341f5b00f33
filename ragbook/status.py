"""status: who has been sent this period's workbook, who has returned it, who is outstanding.

    >>> status = round_status(plan, as_of=date(2019, 1, 31))
    >>> [(lead.lead, lead.outstanding) for lead in status.leads]
    [('AF', False), ('SG', True)]

Read only, from two records beside and inside the plan: the send log (each
send and reminder, see mail/sendlog.py) and the Change log (each returned
workbook collect took in: its changes applied, its requests not applied, its
cells refused, its conflicts, or that it was returned with nothing to apply).
A return counts for this period when it was collected after this period's
send to the lead (or, with no send this period, after the period began).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .mail.sendlog import REMINDER, SEND, SendLog, period
from .plan import Plan
from .read.changelog import read_change_log
from .rules.change_log import (
    APPLIED,
    CONFLICT,
    NOT_APPLIED,
    NOT_FROM_LEAD,
    RECEIVED,
    REFUSED,
    LogEntry,
)
from .rules.compute import Summary
from .rules.round_table import RoundLine, RoundTable


@dataclass
class Return:
    """One workbook a lead returned, as the Change log shows it."""

    file: str
    workbook_id: str
    at: datetime  # when it was first collected
    applied: int = 0
    not_applied: int = 0  # requests to change a locked cell
    refused: int = 0  # cells refused
    conflicts: int = 0

    def as_json(self) -> dict:
        return {
            "at": self.at.isoformat(timespec="seconds"),
            "file": self.file,
            "workbook_id": self.workbook_id,
            "applied": self.applied,
            "not_applied": self.not_applied,
            "refused": self.refused,
            "conflicts": self.conflicts,
        }


@dataclass
class LeadRound:
    """One lead's part in this period's round."""

    lead: str
    name: str = ""
    sent_at: datetime | None = None  # the first send this period
    sent_to: list[str] = field(default_factory=list)
    sent_file: str = ""
    reminded: list[datetime] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)

    @property
    def returned(self) -> bool:
        return bool(self.returns)

    @property
    def outstanding(self) -> bool:
        """Not returned this period (sent or not)."""
        return not self.returns

    def as_json(self) -> dict:
        return {
            "lead": self.lead,
            "name": self.name,
            "sent": (
                {
                    "at": self.sent_at.isoformat(timespec="seconds"),
                    "to": self.sent_to,
                    "file": self.sent_file,
                }
                if self.sent_at
                else None
            ),
            "reminded": [r.isoformat(timespec="seconds") for r in self.reminded],
            "returned": [r.as_json() for r in self.returns],
            "outstanding": self.outstanding,
        }


@dataclass
class RoundStatus:
    plan: str
    period: str  # "2019-01"
    as_of: date
    leads: list[LeadRound]

    @property
    def outstanding(self) -> list[LeadRound]:
        return [lead for lead in self.leads if lead.outstanding]

    def lead(self, code: str) -> LeadRound | None:
        return next((lead for lead in self.leads if lead.lead == code), None)

    def as_json(self) -> dict:
        return {
            "plan": self.plan,
            "period": self.period,
            "as_of": self.as_of.isoformat(),
            "leads": [lead.as_json() for lead in self.leads],
            "outstanding": [lead.lead for lead in self.outstanding],
        }


def round_status(plan: Plan, as_of: date | None = None) -> RoundStatus:
    """Each lead's round for the plan period of `as_of` (default: Settings, else today)."""
    summary = plan.summary(as_of)
    return _round(
        plan, summary, SendLog.beside(plan.path).for_period(summary.title, period(summary.as_of))
    )


def tracker_round(plan: Plan, summary: Summary) -> RoundTable | None:
    """The round table for the Tracker, or None when no workbook was e-mailed this period
    (no send log rows): counts the Change log rows the plan's save() is about to add."""
    log = SendLog.beside(plan.path)
    if not log.path.exists():
        return None
    rows = log.for_period(summary.title, period(summary.as_of))
    if not rows:
        return None
    status = _round(plan, summary, rows, plan.pending_log)
    return RoundTable(
        status.period,
        [
            RoundLine(
                f"{lead.name} ({lead.lead})" if lead.name else lead.lead,
                lead.sent_at,
                "; ".join(lead.sent_to),
                max((r.at for r in lead.returns), default=None),
                len(lead.returns),
                sum(r.applied for r in lead.returns),
                sum(r.not_applied + r.refused for r in lead.returns),
                sum(r.conflicts for r in lead.returns),
                len(lead.reminded),
                lead.outstanding,
            )
            for lead in status.leads
        ],
    )


def _round(
    plan: Plan,
    summary: Summary,
    rows: list[dict[str, str]],
    pending: Sequence[LogEntry] = (),
) -> RoundStatus:
    plan_period = period(summary.as_of)
    codes = list(summary.by_lead) + [r["lead"] for r in rows if r["lead"] not in summary.by_lead]
    leads = {code: LeadRound(code, _name(plan, code)) for code in dict.fromkeys(codes)}
    lead: LeadRound | None
    for row in rows:
        lead = leads[row["lead"]]
        at = _when(row.get("sent_at", ""))
        if at is None:
            continue
        if row["kind"] == REMINDER:
            lead.reminded.append(at)
        elif row["kind"] == SEND and lead.sent_at is None:
            lead.sent_at, lead.sent_file = at, row.get("file", "")
            lead.sent_to = [a.strip() for a in row.get("to", "").split(";") if a.strip()]
    begun = datetime.strptime(plan_period + "-01", "%Y-%m-%d")
    for entry in [*read_change_log(plan.package), *pending]:
        lead = leads.get(entry.lead)
        if lead is None or not entry.workbook or not isinstance(entry.when, datetime):
            continue
        if entry.status in (RECEIVED, NOT_FROM_LEAD):  # the message, not the workbook
            continue
        if entry.when >= (lead.sent_at or begun):
            _count(lead, entry)
    return RoundStatus(summary.title, plan_period, summary.as_of, list(leads.values()))


def _count(lead: LeadRound, entry: LogEntry) -> None:
    found = next(
        (r for r in lead.returns if r.workbook_id == entry.workbook and r.file == entry.file), None
    )
    if found is None:
        assert isinstance(entry.when, datetime), "only dated entries are counted"
        found = Return(entry.file, entry.workbook, entry.when)
        lead.returns.append(found)
    if entry.status in (APPLIED, ""):
        found.applied += 1
    elif entry.status == NOT_APPLIED:
        found.not_applied += 1
    elif entry.status == REFUSED:
        found.refused += 1
    elif entry.status == CONFLICT:
        found.conflicts += 1


def _name(plan: Plan, code: str) -> str:
    lead = plan.data.leads.get(code)
    return lead.name if lead and lead.name != code else ""


def _when(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None
