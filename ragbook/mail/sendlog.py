"""The send log: which lead was mailed for which plan period, kept beside the plan.

A CSV file (`ragbook-send-log.csv`), one row per message sent, appended as
each one goes, so a send that stops half way does not mail the first leads
again. The plan period is the as-of date's month: a lead is mailed once a
month unless the owner asks to resend. A reminder is a row too, of the kind
"reminder" (a log written before there were reminders has no Kind column:
its rows are all sends).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from ..rules.stamp import same_plan

LOG_NAME = "ragbook-send-log.csv"
FIELDS = ("sent_at", "plan", "period", "lead", "to", "file", "message_id", "kind")
SEND, REMINDER = "send", "reminder"


def period(as_of: date) -> str:
    """The plan period a send belongs to: '2019-01'."""
    return as_of.strftime("%Y-%m")


@dataclass
class SendLog:
    path: Path

    @classmethod
    def beside(cls, plan: Path) -> SendLog:
        return cls(plan.resolve().parent / LOG_NAME)

    def rows(self) -> list[dict[str, str]]:
        if not self.path.exists():
            return []
        with open(self.path, newline="", encoding="utf-8") as fh:
            rows = [row for row in csv.DictReader(fh) if row.get("lead")]
        for row in rows:  # a log begun before the Kind column: later rows carry it unnamed
            extra = row.pop(None, None)
            row["kind"] = row.get("kind") or (extra[0] if extra else "") or SEND
        return rows

    def for_period(self, plan: str, plan_period: str) -> list[dict[str, str]]:
        """Every row (sends and reminders) for this plan and period, oldest first."""
        return [
            row
            for row in self.rows()
            if same_plan(row.get("plan", ""), plan) and row.get("period") == plan_period
        ]

    def sent(self, plan: str, plan_period: str, lead: str) -> dict[str, str] | None:
        """The log row of an earlier send to this lead for this plan and period."""
        return self.sent_for(plan, plan_period).get(lead)

    def sent_for(self, plan: str, plan_period: str) -> dict[str, dict[str, str]]:
        """Each lead mailed for this plan and period: the log row of the first send."""
        earlier: dict[str, dict[str, str]] = {}
        for row in self.for_period(plan, plan_period):
            if row["kind"] == SEND:
                earlier.setdefault(row["lead"], row)
        return earlier

    def record(
        self,
        when: datetime,
        plan: str,
        plan_period: str,
        lead: str,
        to: list[str],
        file: Path,
        message_id: str,
        kind: str = SEND,
    ) -> None:
        new = not self.path.exists()
        with open(self.path, "a", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            if new:
                writer.writerow(FIELDS)
            writer.writerow(
                [
                    when.isoformat(timespec="seconds"),
                    plan,
                    plan_period,
                    lead,
                    "; ".join(to),
                    file.name,
                    message_id,
                    kind,
                ]
            )
