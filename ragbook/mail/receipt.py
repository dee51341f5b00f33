"""The receipt a lead gets for a workbook collected from the mailbox: a plain-text reply
saying what was applied, what was not and why, and what needs their answer."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from ..rules.outcome import ReturnResult
from ..rules.words import plural
from .config import MailConfig

CONFLICT_WORDS = "was changed after the workbook was split"


def receipt(config: MailConfig, message, outcomes: list[ReturnResult], title: str, now: datetime):
    """The reply to `message` (a mailbox.Message: sender, subject, message_id, files)."""
    reply = EmailMessage()
    reply["From"] = config.sender or "ragbook <ragbook@localhost>"
    reply["To"] = message.sender
    subject = message.subject or title
    reply["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    reply["Date"] = format_datetime(now.astimezone())
    domain = config.sender.rpartition("@")[2].strip(" >") or "localhost"
    reply["Message-ID"] = make_msgid("ragbook", domain=domain)
    if message.message_id:
        reply["In-Reply-To"] = message.message_id
        reply["References"] = message.message_id
    reply["Auto-Submitted"] = "auto-replied"  # RFC 3834: out-of-office replies stay quiet
    reply.set_content(receipt_text(outcomes, title, now))
    return reply


def receipt_text(outcomes: list[ReturnResult], title: str, now: datetime) -> str:
    """What the receipt says, workbook by workbook."""
    lines = [
        "Thank you. This is an automatic receipt for the workbook you sent back for "
        f"{title}, received on {now:%d/%m/%Y at %H:%M}.",
        "",
    ]
    for o in outcomes:
        lines.append(f"{o.file.name}:")
        applied = o.changes if not o.refused else []
        answer = [p for p in o.problems if CONFLICT_WORDS in p.message]
        refused = [p for p in o.problems if CONFLICT_WORDS not in p.message]
        if applied:
            lines.append(f"Applied to the plan ({plural(len(applied), 'change')}):")
            lines += [f"  - {c.line()}" for c in applied]
        elif not refused and not answer and not o.requests:
            lines.append("Nothing to apply: the plan has these updates already.")
        if refused:
            lines.append(f"Not applied ({len(refused)}), and why:")
            lines += [f"  - {p.line() if p.sheet else p.message}" for p in refused]
        if answer or o.requests:
            lines.append(f"Needs your answer ({len(answer) + len(o.requests)}):")
            lines += [f"  - {p.line() if p.sheet else p.message}" for p in answer]
            lines += [f"  - {r.line()} until the plan owner decides" for r in o.requests]
        lines.append("")
    lines.append(
        "Anything not applied stays as it was in the plan. To change it, reply to the plan "
        "owner, or correct your workbook and send it back again."
    )
    return "\n".join(lines) + "\n"
