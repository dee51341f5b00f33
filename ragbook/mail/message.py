"""The e-mail a lead gets: subject and body from editable templates, their workbook attached.

Templates use $name placeholders (Python's string.Template: no code runs in
a template). In the HTML template every value is HTML-escaped except
$summary, which is a table. The placeholders are those in PLACEHOLDERS.
"""

from __future__ import annotations

import html
import re
import string
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid
from pathlib import Path

from ..errors import MailProblem
from ..layout.lead_sheets import lead_actions, status
from ..rules.action_text import without_ref
from ..rules.compute import Summary, rating_label
from ..rules.dates import format_date
from ..rules.model import Action, Lead
from .config import MailConfig

PLACEHOLDERS = (
    "lead_name",
    "lead_code",
    "plan_title",
    "as_of",
    "ask",
    "actions",
    "overdue",
    "due_soon",
    "due_by",
    "file",
    "summary",
)
DEFAULT_SUBJECT = "$plan_title: your actions as of $as_of"
DEFAULT_TEXT = """Dear $lead_name,

$ask

Your workbook for $plan_title is attached ($file). Please type your updates in
its yellow columns, save it, and send it back as it is, by replying to this
e-mail.

Your actions as of $as_of:

$summary

Thank you.
"""
DEFAULT_HTML = """<html><body style="font-family: Calibri, Arial, sans-serif">
<p>Dear $lead_name,</p>
<p><strong>$ask</strong></p>
<p>Your workbook for $plan_title is attached ($file). Please type your updates in its
yellow columns, save it, and send it back as it is, by replying to this e-mail.</p>
<p>Your actions as of $as_of:</p>
$summary
<p>Thank you.</p>
</body></html>
"""
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
_ADDRESS = re.compile(
    r"^[^@\s<>()\[\],;:\"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)


@dataclass
class Templates:
    subject: string.Template
    text: string.Template
    html: string.Template


def load_templates(config: MailConfig) -> Templates:
    """The owner's templates (see MailConfig), else the built-in ones; checked now,
    so a typo in a placeholder stops the send before any mail goes."""
    subject = _checked(config.subject or DEFAULT_SUBJECT, f"the subject in {config.where()}")
    text = _checked(_read(config.text_template, DEFAULT_TEXT), str(config.text_template or ""))
    body = _checked(_read(config.html_template, DEFAULT_HTML), str(config.html_template or ""))
    return Templates(subject, text, body)


def _read(path: Path | None, default: str) -> str:
    if path is None:
        return default
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MailProblem(
            f"the mail template {path} cannot be read ({exc}); check the path in "
            "the [message] section of the mail settings"
        ) from None


def _checked(text: str, where: str) -> string.Template:
    template = string.Template(text)
    if not template.is_valid():
        raise MailProblem(
            f"{where or 'a built-in template'}: a $ that is not a placeholder; "
            "write $$ for a dollar sign"
        )
    unknown = [n for n in template.get_identifiers() if n not in PLACEHOLDERS]
    if unknown:
        raise MailProblem(
            f"{where}: ${unknown[0]} is not a placeholder ragbook fills; use "
            f"{', '.join('$' + p for p in PLACEHOLDERS)}"
        )
    return template


def check_addresses(text: str) -> tuple[list[str], str]:
    """(addresses, problem) from a Leads sheet Email cell: one or more, split by , or ;."""
    if not text.strip():
        return [], "has no e-mail address"
    found = [addr for _, addr in getaddresses([text.replace(";", ",")]) if addr]
    bad = [a for a in found if not _ADDRESS.match(a)]
    if not found or bad:
        return [], f"'{text.strip()}' is not an e-mail address"
    return found, ""


def fields(lead: Lead | None, code: str, summary: Summary, ask: str, file: str) -> dict[str, str]:
    """What each placeholder stands for, for one lead (summary as plain text)."""
    counts = summary.by_lead[code]
    return {
        "lead_name": (lead.name if lead and lead.name else code),
        "lead_code": code,
        "plan_title": summary.title,
        "as_of": format_date(summary.as_of),
        "ask": ask,
        "actions": str(counts.total),
        "overdue": str(counts.overdue),
        "due_soon": str(counts.due_soon),
        "due_by": format_date(summary.due_soon_until),
        "file": file,
        "summary": "\n".join(_text_line(a, summary) for a in lead_actions(summary, code)),
    }


def compose(
    config: MailConfig,
    templates: Templates,
    to: list[str],
    lead: Lead | None,
    code: str,
    summary: Summary,
    ask: str,
    workbook: Path,
    now: datetime,
) -> EmailMessage:
    """The message to one lead, with their workbook attached."""
    values = fields(lead, code, summary, ask, workbook.name)
    escaped = {k: html.escape(v) for k, v in values.items()}
    escaped["summary"] = _html_table(lead_actions(summary, code), summary)
    msg = EmailMessage()
    msg["From"] = config.sender or "ragbook <ragbook@localhost>"
    name = lead.name if lead and lead.name else ""
    msg["To"] = [Address(display_name=name, addr_spec=a) for a in to]
    if config.cc:
        msg["Cc"] = config.cc
    if config.reply_to:
        msg["Reply-To"] = config.reply_to
    msg["Subject"] = " ".join(templates.subject.substitute(values).split())
    msg["Date"] = format_datetime(now.astimezone())
    domain = config.sender.rpartition("@")[2].strip(" >") or "localhost"
    msg["Message-ID"] = make_msgid("ragbook", domain=domain)
    msg.set_content(templates.text.substitute(values))
    msg.add_alternative(templates.html.substitute(escaped), subtype="html")
    msg.add_attachment(
        workbook.read_bytes(), maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=workbook.name
    )
    return msg


def _due(action: Action) -> str:
    return format_date(action.due.date) if action.due.date else (action.due_text or "no date")


def _text_line(action: Action, summary: Summary) -> str:
    state, _ = status(action, summary)
    tail = f"; {state}" if state else ""
    return (
        f"- {action.ref} {without_ref(action.ref, action.text)} (due {_due(action)}): "
        f"{rating_label(action)}{tail}"
    )


def _html_table(actions: list[Action], summary: Summary) -> str:
    cell = 'style="border:1px solid #BFBFBF;padding:4px;vertical-align:top"'
    head = "".join(
        f'<th {cell} align="left">{h}</th>' for h in ("Ref", "Action", "Due", "Rating", "Status")
    )
    rows = []
    for a in actions:
        values = (
            a.ref,
            without_ref(a.ref, a.text),
            _due(a),
            rating_label(a),
            status(a, summary)[0],
        )
        rows.append("<tr>" + "".join(f"<td {cell}>{html.escape(v)}</td>" for v in values) + "</tr>")
    return (
        f'<table style="border-collapse:collapse">\n<tr>{head}</tr>\n'
        + "\n".join(rows)
        + "\n</table>"
    )
