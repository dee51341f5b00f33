"""One SMTP connection for a whole send, through the standard library.

STARTTLS or SSL with certificate checks (an extra CA file can be trusted);
plain SMTP only to this machine (a local relay, or a test server). A problem
that stops every message (cannot connect, login refused) raises MailProblem;
one recipient refused raises smtplib's own exception for the caller to
report, and the connection stays usable for the next message.
"""

from __future__ import annotations

import contextlib
import smtplib
import ssl
from email.message import EmailMessage

from ..errors import MailProblem
from .config import MailConfig, tls_context


class Mailer:
    def __init__(self, config: MailConfig, password: str | None):
        config.check_sendable()
        self.config = config
        self.password = password
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def send(self, msg: EmailMessage) -> dict:
        """Send one message; returns the recipients the server refused (if not all)."""
        if self.smtp is None:
            self.connect()
        assert self.smtp is not None, "connect() connects or raises"
        try:
            return self.smtp.send_message(msg)
        except smtplib.SMTPServerDisconnected:
            self.smtp = None  # the server hung up between messages: once more, afresh
            self.connect()
            assert self.smtp is not None, "connect() connects or raises"
            return self.smtp.send_message(msg)

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self.smtp = None

    def connect(self) -> None:
        """Connect, secure and log in (send() does it when needed)."""
        c = self.config
        context = tls_context(c.cafile, c.where())
        smtp: smtplib.SMTP | None = None
        try:
            if c.security == "ssl":
                smtp = smtplib.SMTP_SSL(c.host, c.smtp_port, timeout=c.timeout, context=context)
            else:
                smtp = smtplib.SMTP(c.host, c.smtp_port, timeout=c.timeout)
                if c.security == "starttls":
                    smtp.starttls(context=context)
            if c.username:
                smtp.login(c.username, self.password or "")
        except (smtplib.SMTPException, OSError) as exc:
            if smtp is not None:
                smtp.close()
            raise _problem(exc, c) from None
        self.smtp = smtp


def _problem(exc: Exception, c: MailConfig) -> MailProblem:
    """What stopped the connection, and what to change."""
    where = f"{c.host}:{c.smtp_port}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return MailProblem(
            f"{where} refused the user name or password for {c.username}; check "
            "username in the mail settings and the password"
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return MailProblem(
            f"{where} does not offer STARTTLS; set security = ssl (port 465) in "
            f"{c.where()}, or ask your IT team which to use"
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        return MailProblem(
            f"the certificate of {where} cannot be trusted ({exc.verify_message}); "
            f"if it is your council's own, set cafile in {c.where()}"
        )
    return MailProblem(
        f"cannot send through {where} ({exc}); check host, port and security in {c.where()}"
    )
