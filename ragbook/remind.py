"""remind: e-mail the leads who have not returned this period's workbook.

    >>> result = remind_leads(plan, "reminders", config=config, now=datetime.now(), after=7)
    >>> [(d.lead, d.status) for d in result.deliveries]
    [('AMD', 'reminded'), ('SG', 'not yet')]

Each outstanding lead (see status.py) who was sent this period's workbook at
least `after` days ago gets it again, rebuilt as of today, with what is now
overdue. Never more than one reminder per lead per day; from the second
reminder on, the address on Settings' "Copy second reminders to" row is
copied in. Each reminder is written to the send log (kind "reminder").
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from .errors import MailProblem
from .mail.config import MailConfig, smtp_password
from .mail.message import Templates, check_addresses, compose, load_templates
from .mail.sendlog import REMINDER, SendLog
from .mail.smtp import Mailer
from .plan import Plan
from .rules.dates import format_date
from .send import NO_ADDRESS, SENT, Delivery, _deliver, addressed
from .split import write_lead_books
from .status import LeadRound, round_status

REMINDED, NOT_YET, REMINDED_TODAY, NOT_SENT, NO_ACTIONS = (
    "reminded",
    "not yet",
    "reminded today",
    "not sent",
    "no actions",
)


@dataclass
class RemindResult:
    period: str
    deliveries: list[Delivery]  # one per outstanding lead
    returned: list[str]  # leads who have returned this period's workbook: not reminded

    @property
    def failed(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.failed]

    @property
    def reminded(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.status == REMINDED]

    def as_json(self) -> dict:
        return {
            "period": self.period,
            "returned": self.returned,
            "deliveries": [d.as_json() for d in self.deliveries],
        }


def remind_leads(
    plan: Plan,
    out: str | Path,
    *,
    config: MailConfig,
    now: datetime,
    as_of: date | None = None,
    after: int = 0,
    env: Mapping[str, str] | None = None,
) -> RemindResult:
    """Write and e-mail a reminder to each lead who owes this period's workbook.

    Args:
        as_of: the reminders' as-of date (default: today, `now`'s date); the
            period is its month.
        after: remind only when the workbook was sent at least this many days ago.

    Raises:
        MailProblem: nothing can be sent (settings, password, connection, login),
            or the copy address on Settings is not an address.
    """
    env = os.environ if env is None else env
    config.check_sendable()
    password = smtp_password(config, env)
    today = now.date()
    summary = plan.summary(as_of or today)
    status = round_status(plan, summary.as_of)
    copy = _copy_to(plan)
    templates = _reminder_templates(load_templates(config))
    deliveries: list[Delivery] = []  # in the leads' order, as status lists them
    due = []
    for lead in status.outstanding:
        delivery = _not_now(lead, today, after)
        if delivery is None:
            due.append(lead)
        else:
            deliveries.append(delivery)
    returned = [lead.lead for lead in status.leads if not lead.outstanding]
    wanted = [lead.lead for lead in due if lead.lead in summary.by_lead]
    deliveries += [
        Delivery(
            lead.lead,
            NO_ACTIONS,
            "has no actions in the plan any more, so there is nothing to remind them of",
        )
        for lead in due
        if lead.lead not in summary.by_lead
    ]
    if not wanted:
        return RemindResult(status.period, deliveries, returned)  # already in the leads' order
    split = write_lead_books(plan, summary, wanted, out)
    log = SendLog.beside(plan.path)
    with Mailer(config, password) as mailer:
        mailer.connect()  # a server that cannot be reached stops here, before any mail
        for written in split.files:
            before = status.lead(written.lead)
            person = plan.data.leads.get(written.lead)
            delivery = addressed(written.lead, person, REMINDED, written.path)
            deliveries.append(delivery)
            if delivery.status == NO_ADDRESS:
                continue
            to = delivery.to
            counts = summary.by_lead[written.lead]
            assert before is not None and before.sent_at is not None, "due: sent this period"
            ask = (
                f"A reminder: the workbook sent on {format_date(before.sent_at.date())} has "
                f"not come back yet; here it is again, as of {format_date(summary.as_of)}. "
                f"{counts.overdue} of your actions are now overdue. {written.ask}"
            )
            msg = compose(
                config, templates, to, person, written.lead, summary, ask, written.path, now
            )
            if before.reminded and copy:  # the second reminder on: the manager sees it too
                earlier = msg.get("Cc")
                del msg["Cc"]
                msg["Cc"] = ", ".join(([str(earlier)] if earlier else []) + copy)
                delivery.to = to + copy
            _deliver(mailer, delivery, msg)
            if delivery.status == SENT:
                delivery.status = REMINDED
            if delivery.status == REMINDED:
                log.record(
                    now,
                    summary.title,
                    status.period,
                    written.lead,
                    delivery.to,
                    written.path,
                    msg["Message-ID"],
                    kind=REMINDER,
                )
    order = [lead.lead for lead in status.leads]
    deliveries.sort(key=lambda d: order.index(d.lead))
    return RemindResult(status.period, deliveries, returned)


def _not_now(lead: LeadRound, today: date, after: int) -> Delivery | None:
    """Why this outstanding lead is not reminded today, or None to remind them."""
    if lead.sent_at is None:
        return Delivery(
            lead.lead, NOT_SENT, "not sent this period's workbook; send it first with ragbook send"
        )
    if any(r.date() == today for r in lead.reminded):
        return Delivery(
            lead.lead, REMINDED_TODAY, "reminded already today; the next reminder can go tomorrow"
        )
    waited = (today - lead.sent_at.date()).days
    if waited < after:
        return Delivery(
            lead.lead,
            NOT_YET,
            f"sent {waited} day{'s' * (waited != 1)} ago, on "
            f"{format_date(lead.sent_at.date())}; reminders go after {after} days",
        )
    return None


def _copy_to(plan: Plan) -> list[str]:
    settings = plan.data.settings
    if not settings.reminder_copy:
        return []
    found, problem = check_addresses(settings.reminder_copy)
    if problem:
        raise MailProblem(
            f"Settings!{settings.reminder_copy_cell}: {problem} for copying "
            "into second reminders; type an e-mail address such as "
            "manager@example.org, or clear the cell"
        )
    return found


def _reminder_templates(templates: Templates) -> Templates:
    """The owner's templates, with 'Reminder: ' before the subject."""
    return Templates(
        string.Template("Reminder: " + templates.subject.template), templates.text, templates.html
    )
