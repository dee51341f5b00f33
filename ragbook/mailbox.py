"""collect --mailbox: the leads' replies read from an IMAP mailbox, collected, answered.

    >>> result = collect_mailbox("plan.xlsx", config=load_mail_config("plan.xlsx"),
    ...                          now=datetime.now())
    >>> [(m.sender, m.status) for m in result.messages]
    [('af@example.org', 'collected')]

Each message in the folder is looked at without marking it read. Only a
message with a workbook attached (.xlsx/.xlsm) whose stamp belongs to this
plan is taken; every other message is left as it was. A taken message:

- from the lead's address (Leads sheet, Email) or a delegate's (Delegates):
  its workbooks are collected exactly as `collect` does with files, in one
  save, then it is moved to ragbook/collected (or ragbook/refused when
  nothing in it could be applied) and the sender gets a receipt;
- from anyone else: nothing is applied; it is moved to ragbook/refused and
  reported (the result, and a "not from the lead" row on the Change log).

Every message taken is recorded by its Message-ID on the Change log, in the
same save, so it is never collected twice, even if it is copied back. A reply's
text is never read for instructions; its workbooks are opened only as data
(see read/returned.py: no formula evaluated, no macro run or copied).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesHeaderParser, BytesParser
from email.utils import getaddresses, parseaddr
from pathlib import Path

from .collect import CollectResult, collect_returns
from .errors import FileProblem
from .mail.config import MailConfig, smtp_password
from .mail.imap import Mailbox
from .mail.imap_config import imap_password
from .mail.message import check_addresses
from .mail.receipt import receipt
from .mail.smtp import Mailer
from .plan import PLAN_ID, load
from .read.changelog import read_change_log
from .read.returned import read_returned
from .rules.change_log import MESSAGE_ID, NOT_FROM_LEAD, RECEIVED, LogEntry
from .rules.model import Lead
from .rules.outcome import ReturnResult
from .rules.stamp import Stamp, same_plan
from .xlsx.filenames import safe_stem, unique_filename

RETURNS_FOLDER = "ragbook-returns"  # beside the plan: each workbook taken from a message
COLLECTED, REFUSED, ALREADY, LEFT_ALONE = (
    "collected",
    "refused",
    "already collected",
    "left alone",
)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Message:
    """One message ragbook took, or left alone and says why."""

    message_id: str
    sender: str
    subject: str
    status: str  # COLLECTED, REFUSED, ALREADY, LEFT_ALONE
    detail: str = ""  # why, for anything but COLLECTED
    lead: str = ""
    files: list[Path] = field(default_factory=list)  # the workbooks saved from it
    folder: str = ""  # where it was moved
    receipt: str = ""  # "sent", or why not
    uid: str = ""
    original: EmailMessage | None = None
    workbooks: list[str] = field(default_factory=list)  # the stamps' ids

    def as_json(self) -> dict:
        return {
            "message_id": self.message_id,
            "from": self.sender,
            "subject": self.subject,
            "status": self.status,
            "detail": self.detail,
            "lead": self.lead,
            "files": [str(f) for f in self.files],
            "moved_to": self.folder or None,
            "receipt": self.receipt or None,
        }


@dataclass
class MailboxResult:
    messages: list[Message]
    collected: CollectResult | None  # None when nothing was collected or recorded

    @property
    def not_from_lead(self) -> list[Message]:
        return [m for m in self.messages if m.status == REFUSED and m.detail and not m.files]

    def outcomes(self, message: Message) -> list[ReturnResult]:
        if self.collected is None:
            return []
        files = {f.resolve() for f in message.files}
        return [o for o in self.collected.outcomes if o.file.resolve() in files]

    def as_json(self) -> dict:
        body = (
            self.collected.as_json()
            if self.collected
            else {
                "dry_run": False,
                "written": False,
                "changes": 0,
                "log_entries": 0,
                "backup": None,
                "files": [],
            }
        )
        body["messages"] = [m.as_json() for m in self.messages]
        return body


def collect_mailbox(
    path: str | Path,
    *,
    config: MailConfig,
    now: datetime,
    as_of: date | None = None,
    dry_run: bool = False,
    backup: bool = True,
    env: Mapping[str, str] | None = None,
) -> MailboxResult:
    """Collect the workbooks the leads sent back to the mailbox in `config.imap`.

    Raises:
        MailProblem: the mailbox cannot be read, or receipts cannot be sent
            (checked before anything is read).
        NotAWorkbook, PlanProblem, UnsafeToWrite, WorkbookInUse: as collect.
    """
    env = os.environ if env is None else env
    path = Path(path)
    config.imap.check_readable()
    imap_pw = imap_password(config.imap, env)
    smtp_pw = None
    if not dry_run:
        config.check_sendable()
        smtp_pw = smtp_password(config, env)
    with load(path) as plan:
        plan_id = plan.marks.get(PLAN_ID, "")
        title = plan.data.settings.title
        scale = plan.data.settings.scale
        leads = dict(plan.data.leads)
        done = {e.new for e in read_change_log(plan.package) if e.field == MESSAGE_ID}
    returns = path.resolve().parent / RETURNS_FOLDER
    messages: list[Message] = []
    log: list[LogEntry] = []
    when = now.replace(microsecond=0)
    with Mailbox(config.imap, imap_pw) as box, tempfile.TemporaryDirectory() as scratch:
        for envelope in box.envelopes():
            head = BytesHeaderParser(policy=policy.default).parsebytes(envelope.header)
            if head.get_content_maintype() != "multipart":
                continue  # no attachment: not a reply for ragbook
            if envelope.size > config.imap.max_message_bytes:
                messages.append(
                    _left_alone(
                        head,
                        envelope.uid,
                        f"{envelope.size / 1048576:.1f} MB is more than max_message_mb "
                        f"({config.imap.max_message_mb:g}) in [imap]; open it by hand",
                    )
                )
                continue
            raw = box.fetch(envelope.uid)
            msg = BytesParser(policy=policy.default).parsebytes(raw)
            message = _take(
                msg, raw, envelope.uid, Path(scratch), config, plan_id, title, scale, done
            )
            if message is None:
                continue  # no workbook of this plan in it
            messages.append(message)
            if message.status in (ALREADY, LEFT_ALONE):
                continue
            done.add(message.message_id)
            lead = leads.get(message.lead)
            if _from_lead(message.sender, lead):
                message.files = _keep(message.files, returns, message.message_id, dry_run)
                log += [
                    LogEntry(
                        when, f.name, message.lead, "", MESSAGE_ID, message.sender,
                        message.message_id, message.workbooks[0], RECEIVED,
                    )
                    for f in message.files[:1]
                ]  # fmt: skip
            else:
                message.status = REFUSED
                message.detail = (
                    f"{message.sender} is not {message.lead}'s address on the Leads sheet"
                    f" nor one of their Delegates; nothing was applied. If they may reply "
                    f"for {message.lead}, add the address to Delegates and collect the "
                    f"workbook by hand"
                )
                name = message.files[0].name if message.files else ""
                log.append(
                    LogEntry(
                        when, name, message.lead, "", MESSAGE_ID, message.sender,
                        message.message_id, message.workbooks[0], NOT_FROM_LEAD,
                    )
                )  # fmt: skip
                message.files = []
        files: list[str | Path] = [f for m in messages if m.status == COLLECTED for f in m.files]
        collected = None
        if files or log:
            collected = collect_returns(
                path, files, now=now, as_of=as_of, dry_run=dry_run, backup=backup,
                also_log=log,
            )  # fmt: skip
        result = MailboxResult(messages, collected)
        if dry_run:
            return result
        _file_away(box, result)
    _send_receipts(config, smtp_pw, result, title, now)
    return result


def _take(
    msg: EmailMessage,
    raw: bytes,
    uid: str,
    scratch: Path,
    config: MailConfig,
    plan_id: str,
    title: str,
    scale,
    done: set[str],
) -> Message | None:
    """The message as ragbook sees it, or None when it holds no workbook of this plan."""
    attached = [
        part
        for part in msg.iter_attachments()
        if (part.get_filename() or "").lower().endswith(WORKBOOK_SUFFIXES)
    ]
    if not attached:
        return None
    message_id = str(msg.get("Message-ID", "")).strip() or (
        "<sha256-" + hashlib.sha256(raw).hexdigest()[:32] + "@ragbook>"
    )
    sender = parseaddr(str(msg.get("From", "")))[1].lower()
    subject = " ".join(str(msg.get("Subject", "")).split())
    if len(attached) > config.imap.max_workbooks:
        return Message(
            message_id, sender, subject, LEFT_ALONE,
            f"{len(attached)} workbooks attached, more than max_workbooks "
            f"({config.imap.max_workbooks}) in [imap]; open it by hand", uid=uid,
        )  # fmt: skip
    folder = scratch / hashlib.sha256(message_id.encode()).hexdigest()[:16]
    folder.mkdir(exist_ok=True)
    taken: set[str] = set()
    ours: list[tuple[Path, Stamp]] = []
    for part in attached:
        name = Path(part.get_filename() or "returned.xlsx").name
        suffix = Path(name).suffix.lower()
        file = folder / unique_filename(safe_stem(Path(name).stem, "returned"), suffix, taken)
        payload = part.get_payload(decode=True)
        file.write_bytes(payload if isinstance(payload, bytes) else b"")
        stamp = _stamp(file, scale)
        if stamp is not None and _of_plan(stamp, plan_id, title):
            ours.append((file, stamp))
    if not ours:
        return None
    message = Message(
        message_id, sender, subject, COLLECTED, lead=ours[0][1].lead, uid=uid, original=msg,
        files=[f for f, _ in ours], workbooks=[s.id for _, s in ours],
    )  # fmt: skip
    if message_id in done:
        message.status = ALREADY
        message.detail = "collected before (its Message-ID is on the Change log); not again"
        message.files = []
    return message


def _stamp(file: Path, scale) -> Stamp | None:
    try:
        return read_returned(file, scale).stamp
    except FileProblem:
        return None


def _of_plan(stamp: Stamp, plan_id: str, title: str) -> bool:
    if stamp.plan_id and plan_id:
        return stamp.plan_id == plan_id
    return same_plan(stamp.plan, title)


def _from_lead(sender: str, lead: Lead | None) -> bool:
    if lead is None or not sender:
        return False
    own, _ = check_addresses(lead.email)
    others = [a for _, a in getaddresses([lead.delegates.replace(";", ",")]) if a]
    return sender.lower() in {a.lower() for a in own + others}


def _keep(files: list[Path], returns: Path, message_id: str, dry_run: bool) -> list[Path]:
    """The workbooks, moved from scratch to the returns folder beside the plan (a folder
    per message, so two replies with the same file name both stay)."""
    if dry_run:
        return files
    folder = returns / hashlib.sha256(message_id.encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    kept = []
    for file in files:
        target = folder / file.name
        target.write_bytes(file.read_bytes())
        kept.append(target)
    return kept


def _left_alone(head, uid: str, detail: str) -> Message:
    return Message(
        str(head.get("Message-ID", "")).strip(),
        parseaddr(str(head.get("From", "")))[1].lower(),
        " ".join(str(head.get("Subject", "")).split()),
        LEFT_ALONE,
        detail,
        uid=uid,
    )


def _file_away(box: Mailbox, result: MailboxResult) -> None:
    """Move each message taken to ragbook/collected or ragbook/refused."""
    names = {}
    for message in result.messages:
        if message.status == LEFT_ALONE:
            continue
        outcomes = result.outcomes(message)
        if (
            message.status == COLLECTED
            and outcomes
            and all(o.status == "not applied" for o in outcomes)
        ):
            message.status = REFUSED
            message.detail = "nothing in it could be applied; see the receipt"
        kind = "refused" if message.status == REFUSED else "collected"
        if kind not in names:
            names[kind] = box.folder_name("ragbook", kind)
            box.ensure_folder(names[kind])
        box.move(message.uid, names[kind])
        message.folder = names[kind]


def _send_receipts(
    config: MailConfig, password: str | None, result: MailboxResult, title: str, now: datetime
) -> None:
    """A receipt to each sender whose workbook was collected (or could not be)."""
    wanted = [
        m for m in result.messages if m.files and m.status in (COLLECTED, REFUSED) and m.original
    ]
    if not wanted:
        return
    try:
        with Mailer(config, password) as mailer:
            for message in wanted:
                reply = receipt(config, message, result.outcomes(message), title, now)
                try:
                    refused = mailer.send(reply)
                    message.receipt = "not delivered: refused" if refused else "sent"
                except Exception as exc:  # noqa: BLE001 - reported per message, the rest go
                    message.receipt = f"not sent ({exc})"
    except Exception as exc:  # noqa: BLE001 - the plan is saved already; say so, stop here
        for message in wanted:
            message.receipt = message.receipt or f"not sent ({exc})"
