"""send: split the plan and e-mail each lead their workbook.

    >>> config = load_mail_config("plan.xlsx")
    >>> result = send_workbooks(plan, "to-leads", config=config, now=datetime.now())
    >>> [(d.lead, d.status) for d in result.deliveries]
    [('AF', 'sent'), ('AMD', 'no address')]

A lead with no usable address is skipped and reported; one refused delivery
does not stop the rest. Each message sent is written to the send log beside
the plan, and a lead already mailed for this plan period is skipped unless
`resend`. With `dry_run` the messages are written as .eml files instead.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .errors import MailProblem
from .mail.config import MailConfig, smtp_password
from .mail.message import check_addresses, compose, load_templates
from .mail.sendlog import SendLog, period
from .mail.smtp import Mailer
from .plan import Plan
from .rules.model import Lead
from .split import SplitResult, choose_leads, write_lead_books
from .xlsx.filenames import safe_stem, unique_filename

SENT, WRITTEN, ALREADY_SENT, NO_ADDRESS, FAILED = (
    "sent",
    "written",
    "already sent",
    "no address",
    "failed",
)


@dataclass
class Delivery:
    lead: str
    status: str  # one of SENT, WRITTEN (dry run), ALREADY_SENT, NO_ADDRESS, FAILED
    detail: str = ""  # why, for anything but SENT and WRITTEN
    to: list[str] = field(default_factory=list)
    file: Path | None = None  # the workbook
    eml: Path | None = None  # the message, on a dry run

    @property
    def failed(self) -> bool:
        return self.status in (NO_ADDRESS, FAILED)

    def as_json(self) -> dict:
        return {
            "lead": self.lead,
            "status": self.status,
            "detail": self.detail,
            "to": self.to,
            "file": str(self.file) if self.file else None,
            "eml": str(self.eml) if self.eml else None,
        }

    def sentence(self) -> str:
        """'AF: sent to af@example.org (AF 2019-01-31.xlsx)', or why not."""
        if self.status == SENT:
            assert self.file is not None, "a sent mail carries its workbook"
            return f"{self.lead}: sent to {', '.join(self.to)} ({self.file.name})"
        if self.status == WRITTEN:
            return f"{self.lead}: message to {', '.join(self.to)} written to {self.eml}"
        if self.status == ALREADY_SENT:
            return f"{self.lead}: not sent again: {self.detail}"
        return f"{self.lead}: not sent: {self.detail}"


@dataclass
class SendResult:
    deliveries: list[Delivery]
    split: SplitResult | None  # None when every lead had been mailed already
    period: str
    dry_run: bool

    @property
    def failed(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.failed]

    @property
    def done(self) -> int:
        """Messages sent (written, on a dry run)."""
        return sum(1 for d in self.deliveries if d.status in (SENT, WRITTEN))

    def as_json(self) -> dict:
        """What `ragbook send --json` prints (see docs/json.md)."""
        return {
            "period": self.period,
            "dry_run": self.dry_run,
            "deliveries": [d.as_json() for d in self.deliveries],
        }

    def sentence(self) -> str:
        """'Sent 2 of 3; 1 not sent'."""
        verb = "Wrote" if self.dry_run else "Sent"
        failed = len(self.failed)
        return f"{verb} {self.done} of {len(self.deliveries)}" + (
            f"; {failed} not sent" if failed else ""
        )


def send_workbooks(
    plan: Plan,
    out: str | Path,
    *,
    config: MailConfig,
    now: datetime,
    as_of: date | None = None,
    leads: list[str] | None = None,
    dry_run: bool = False,
    resend: bool = False,
    env: Mapping[str, str] | None = None,
) -> SendResult:
    """Write each lead's workbook into `out` and e-mail it to them.

    Raises:
        MailProblem: nothing can be sent (no server, password, connection or
            login; a template with a mistake). Workbooks already written stay.
        UsageProblem: a lead asked for has no actions.
    """
    env = os.environ if env is None else env
    password = None
    if not dry_run:  # settings that cannot send stop it before anything is written
        config.check_sendable()
        password = smtp_password(config, env)
    summary = plan.summary(as_of)
    plan_period = period(summary.as_of)
    log = SendLog.beside(plan.path)
    templates = load_templates(config)
    deliveries: list[Delivery] = []
    wanted = []
    codes = choose_leads(summary, leads)
    mailed = {} if resend else log.sent_for(summary.title, plan_period)
    for code in codes:
        earlier = mailed.get(code)
        if earlier:
            deliveries.append(
                Delivery(
                    code,
                    ALREADY_SENT,
                    f"mailed on {earlier['sent_at'][:10]}"
                    f" for {plan_period}; use --resend to send again",
                )
            )
        else:
            wanted.append(code)
    if not wanted:
        return SendResult(deliveries, None, plan_period, dry_run)
    split = write_lead_books(plan, summary, wanted, out)
    messages = []
    for written in split.files:
        lead = plan.data.leads.get(written.lead)
        delivery = addressed(written.lead, lead, SENT, written.path)
        deliveries.append(delivery)
        if delivery.status == NO_ADDRESS:
            continue
        to = delivery.to
        messages.append(
            (
                delivery,
                compose(
                    config,
                    templates,
                    to,
                    lead,
                    written.lead,
                    summary,
                    written.ask,
                    written.path,
                    now,
                ),
            )
        )
    if dry_run:
        taken: set[str] = set()
        for delivery, msg in messages:
            assert delivery.file is not None, "a message carries its workbook"
            delivery.status = WRITTEN
            delivery.eml = Path(out) / unique_filename(safe_stem(delivery.file.stem), ".eml", taken)
            delivery.eml.write_bytes(bytes(msg))
    elif messages:
        with Mailer(config, password) as mailer:
            mailer.connect()  # a server that cannot be reached stops the send here, at once
            for delivery, msg in messages:
                _deliver(mailer, delivery, msg)
                if delivery.status == SENT:
                    assert delivery.file is not None, "a message carries its workbook"
                    log.record(
                        now,
                        summary.title,
                        plan_period,
                        delivery.lead,
                        delivery.to,
                        delivery.file,
                        msg["Message-ID"],
                    )
    return SendResult(deliveries, split, plan_period, dry_run)


def addressed(code: str, lead: Lead | None, status: str, file: Path) -> Delivery:
    """A delivery to the lead's addresses on the Leads sheet, or NO_ADDRESS and why."""
    to, problem = check_addresses(lead.email if lead else "")
    delivery = Delivery(code, status, to=to, file=file)
    if problem:
        delivery.status = NO_ADDRESS
        delivery.detail = (
            f"Leads sheet, row {lead.row}: {code} {problem}; type their address in the Email column"
            if lead and lead.row
            else f"{code} is not on the Leads sheet; add a row with their Email"
        )
    return delivery


def _deliver(mailer: Mailer, delivery: Delivery, msg) -> None:
    try:
        refused = mailer.send(msg)
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except (smtplib.SMTPException, OSError) as exc:
        delivery.status, delivery.detail = FAILED, f"the server did not take it ({exc})"
        return
    except MailProblem as exc:  # the connection was lost and could not be made again
        delivery.status, delivery.detail = FAILED, str(exc)
        return
    if refused:
        said = "; ".join(
            f"{addr}: {code} {_text(reply)}" for addr, (code, reply) in refused.items()
        )
        delivery.status, delivery.detail = FAILED, f"the server refused {said}"


def _text(reply: bytes | str) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
