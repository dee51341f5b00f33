"""The [imap] section of the mail settings: where collect --mailbox reads the leads' replies.

    [imap]
    host = imap.example.org
    security = ssl          ; ssl (IMAPS, port 993, the default), starttls (143),
                            ; or none (only to this machine)
    username = plan.owner@example.org
    folder = INBOX
    max_message_mb = 25     ; a bigger message is left alone, unread
    max_workbooks = 5       ; a message with more workbooks attached is refused whole

The password comes from $RAGBOOK_IMAP_PASSWORD or the keyring (service
"ragbook", the IMAP user name as account), never from a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import MailProblem

IMAP_PASSWORD_ENV = "RAGBOOK_IMAP_PASSWORD"
IMAP_SECURITY = {"ssl": 993, "starttls": 143, "none": 143}
MAX_MESSAGE_MB = 25  # what most council mail systems accept
MAX_WORKBOOKS = 5
IMAP_KEYS = {
    "host",
    "port",
    "security",
    "username",
    "folder",
    "timeout",
    "cafile",
    "max_message_mb",
    "max_workbooks",
}
IMAP_ENV = {
    ("imap", "host"): "RAGBOOK_IMAP_HOST",
    ("imap", "port"): "RAGBOOK_IMAP_PORT",
    ("imap", "security"): "RAGBOOK_IMAP_SECURITY",
    ("imap", "username"): "RAGBOOK_IMAP_USERNAME",
    ("imap", "folder"): "RAGBOOK_IMAP_FOLDER",
    ("imap", "cafile"): "RAGBOOK_IMAP_CAFILE",
}


@dataclass
class ImapConfig:
    host: str = ""
    port: int = 0  # 0: the usual port for `security`
    security: str = "ssl"
    username: str = ""
    folder: str = "INBOX"
    timeout: float = 30.0
    cafile: str = ""
    max_message_mb: float = MAX_MESSAGE_MB
    max_workbooks: int = MAX_WORKBOOKS
    where: str = "the environment"  # the settings file, for messages

    @property
    def imap_port(self) -> int:
        return self.port or IMAP_SECURITY[self.security]

    @property
    def max_message_bytes(self) -> int:
        return int(self.max_message_mb * 1024 * 1024)

    def check_readable(self) -> None:
        """Raise MailProblem unless a mailbox can be read with these settings."""
        from .config import is_loopback

        if not self.host:
            raise MailProblem(
                f"no mailbox: set host in the [imap] section of {self.where} "
                "or $RAGBOOK_IMAP_HOST (see docs/collect.md)"
            )
        if not self.username:
            raise MailProblem(
                f"no mailbox user: set username in the [imap] section of {self.where} "
                "or $RAGBOOK_IMAP_USERNAME"
            )
        if self.security == "none" and not is_loopback(self.host):
            raise MailProblem(
                f"security = none in [imap] reads mail unencrypted, which ragbook allows "
                f"only on this machine, not {self.host}; use ssl or starttls"
            )


def imap_config(section: Mapping[str, str], where: str) -> ImapConfig:
    """The [imap] section read (the environment's overrides already in it)."""
    security = section.get("security", "ssl").strip().lower()
    if security not in IMAP_SECURITY:
        raise MailProblem(
            f"{where} [imap]: security = {security} is not one of {', '.join(IMAP_SECURITY)}"
        )
    try:
        port = int(section.get("port", "0") or 0)
        timeout = float(section.get("timeout", "30") or 30)
        size = float(section.get("max_message_mb", MAX_MESSAGE_MB) or MAX_MESSAGE_MB)
        count = int(section.get("max_workbooks", MAX_WORKBOOKS) or MAX_WORKBOOKS)
    except ValueError:
        raise MailProblem(
            f"{where} [imap]: port, timeout, max_message_mb and max_workbooks must be "
            "numbers, e.g. port = 993"
        ) from None
    if size <= 0 or count <= 0:
        raise MailProblem(f"{where} [imap]: max_message_mb and max_workbooks must be more than 0")
    return ImapConfig(
        host=section.get("host", "").strip(),
        port=port,
        security=security,
        username=section.get("username", "").strip(),
        folder=section.get("folder", "").strip() or "INBOX",
        timeout=timeout,
        cafile=section.get("cafile", "").strip(),
        max_message_mb=size,
        max_workbooks=count,
        where=where,
    )


def imap_password(config: ImapConfig, env: Mapping[str, str] | None = None) -> str | None:
    """The IMAP password: $RAGBOOK_IMAP_PASSWORD, else the keyring.

    Raises:
        MailProblem: neither has a password for the user name.
    """
    from .config import password_for

    return password_for(config.username, IMAP_PASSWORD_ENV, "IMAP", env)
