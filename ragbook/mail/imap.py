"""One IMAP session for collect --mailbox, through the standard library.

IMAPS or STARTTLS with certificate checks (an extra CA file can be trusted);
plain IMAP only on this machine. Messages are read with BODY.PEEK, so a
message ragbook leaves alone keeps its unread flag; a message it processed is
moved (MOVE, else COPY, delete and expunge) to a folder it creates, named with
the server's own hierarchy separator. A problem that stops the whole session
(cannot connect, login refused, no such folder) raises MailProblem.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import ssl
from dataclasses import dataclass

from ..errors import MailProblem
from .config import tls_context
from .imap_config import ImapConfig

_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?P<sep>"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$')


@dataclass
class Envelope:
    """A message in the folder, before its body is read."""

    uid: str
    size: int
    header: bytes  # the message's header, as the server sent it


class Mailbox:
    def __init__(self, config: ImapConfig, password: str | None):
        config.check_readable()
        self.config = config
        self.password = password
        self.imap: imaplib.IMAP4 | None = None
        self.capabilities: set[str] = set()

    def __enter__(self) -> Mailbox:
        self.connect()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def connect(self) -> None:
        """Connect, secure, log in and open the folder of replies."""
        c = self.config
        context = tls_context(c.cafile, f"the [imap] section of {c.where}")
        imap: imaplib.IMAP4 | None = None
        try:
            if c.security == "ssl":
                imap = imaplib.IMAP4_SSL(
                    c.host, c.imap_port, ssl_context=context, timeout=c.timeout
                )
            else:
                imap = imaplib.IMAP4(c.host, c.imap_port, timeout=c.timeout)
                if c.security == "starttls":
                    imap.starttls(ssl_context=context)
            imap.login(c.username, self.password or "")
            typ, data = imap.capability()
            self.capabilities = set(data[0].decode().upper().split()) if typ == "OK" else set()
        except (imaplib.IMAP4.error, OSError) as exc:
            if imap is not None:
                _quietly(imap.shutdown)
            raise _problem(exc, c) from None
        self.imap = imap
        typ, data = imap.select(quoted(c.folder))
        if typ != "OK":
            self.close()
            raise MailProblem(
                f"the mailbox has no folder {c.folder} ({_said(data)}); check folder in "
                f"the [imap] section of {c.where}"
            )

    def close(self) -> None:
        if self.imap is not None:
            _quietly(self.imap.close)
            _quietly(self.imap.logout)
            self.imap = None

    @property
    def conn(self) -> imaplib.IMAP4:
        if self.imap is None:
            raise MailProblem("the mailbox is not open; ragbook connects before reading it")
        return self.imap

    def envelopes(self) -> list[Envelope]:
        """Every message in the folder: its UID, size and header (nothing marked read)."""
        _, data = self._ok(self.conn.uid("SEARCH", "ALL"), "list the messages")
        uids = data[0].split() if data and data[0] else []
        if not uids:
            return []
        _, data = self._ok(
            self.conn.uid("FETCH", b",".join(uids).decode(), "(RFC822.SIZE BODY.PEEK[HEADER])"),
            "read the messages' headers",
        )
        out = []
        for item in data:
            if not isinstance(item, tuple):
                continue
            uid, size = _UID.search(item[0]), _SIZE.search(item[0])
            if uid and size:
                out.append(Envelope(uid.group(1).decode(), int(size.group(1)), item[1]))
        return out

    def fetch(self, uid: str) -> bytes:
        """The whole message, read without marking it read."""
        _, data = self._ok(self.conn.uid("FETCH", uid, "(BODY.PEEK[])"), f"read message {uid}")
        for item in data:
            if isinstance(item, tuple):
                return item[1]
        raise MailProblem(f"the mailbox did not send message {uid}; run collect again")

    def separator(self) -> str:
        """The server's hierarchy separator, from LIST ("" if it has none)."""
        _, data = self._ok(self.conn.list('""', '""'), "list its folders")
        for line in data:
            found = _LIST.match(line) if isinstance(line, bytes) else None
            if found:
                sep = found.group("sep")
                return "" if sep == b"NIL" else sep[1:-1].replace(b"\\", b"").decode()
        return ""

    def folder_name(self, *parts: str) -> str:
        """A folder's full name on this server: ragbook/collected, ragbook.collected ..."""
        sep = self.separator()
        return sep.join(parts) if sep else "-".join(parts)

    def ensure_folder(self, name: str) -> None:
        """Create the folder (and its parents) unless the server has it."""
        typ, data = self.conn.list('""', quoted(name))
        if typ == "OK" and any(isinstance(line, bytes) and line for line in data):
            return
        typ, data = self.conn.create(quoted(name))
        if typ != "OK":
            raise MailProblem(
                f"the mailbox cannot make the folder {name} ({_said(data)}); make it by "
                "hand in your mail program and run collect again"
            )
        _quietly(lambda: self.conn.subscribe(quoted(name)))

    def move(self, uid: str, folder: str) -> None:
        """Move one message to a folder (its flags, unread or not, go with it)."""
        if "MOVE" in self.capabilities:
            self._ok(self.conn.uid("MOVE", uid, quoted(folder)), f"move message {uid}")
            return
        self._ok(self.conn.uid("COPY", uid, quoted(folder)), f"copy message {uid}")
        self._ok(
            self.conn.uid("STORE", uid, "+FLAGS.SILENT", r"(\Deleted)"), f"delete message {uid}"
        )
        if "UIDPLUS" in self.capabilities:
            self._ok(self.conn.uid("EXPUNGE", uid), f"expunge message {uid}")
        else:
            self._ok(self.conn.expunge(), "expunge")

    def _ok(self, answer: tuple[str, list], what: str) -> tuple[str, list]:
        typ, data = answer
        if typ != "OK":
            raise MailProblem(
                f"the mailbox {self.config.host} would not {what} ({_said(data)}); "
                "run collect again later"
            )
        return typ, data


def quoted(name: str) -> str:
    """A folder name as an IMAP quoted string."""
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _said(data: list) -> str:
    first = data[0] if data else b""
    return first.decode(errors="replace") if isinstance(first, bytes) else str(first)


def _quietly(action) -> None:
    with contextlib.suppress(imaplib.IMAP4.error, OSError):
        action()


def _problem(exc: Exception, c: ImapConfig) -> MailProblem:
    """What stopped the connection, and what to change."""
    where = f"{c.host}:{c.imap_port}"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return MailProblem(
            f"the certificate of {where} cannot be trusted ({exc.verify_message}); "
            f"if it is your council's own, set cafile in the [imap] section of {c.where}"
        )
    if isinstance(exc, imaplib.IMAP4.error) and "starttls" in str(exc).lower():
        return MailProblem(
            f"{where} does not offer STARTTLS; set security = ssl (port 993) in the "
            f"[imap] section of {c.where}"
        )
    if isinstance(exc, imaplib.IMAP4.error):
        return MailProblem(
            f"{where} refused the user name or password for {c.username} ({exc}); check "
            "username in the [imap] section and the password"
        )
    return MailProblem(
        f"cannot read the mailbox at {where} ({exc}); check host, port and security "
        f"in the [imap] section of {c.where}"
    )
