"""Where send finds its mail settings, and the SMTP password.

Settings come from the first of these files that exists, then the
environment overrides them:

1. the file named by --config, or by $RAGBOOK_MAIL_CONFIG;
2. `ragbook-mail.ini` in the plan's folder;
3. `mail.ini` in the user's config folder: `%APPDATA%\\ragbook` on Windows,
   `$XDG_CONFIG_HOME/ragbook` (default `~/.config/ragbook`) elsewhere.

The password is never read from a file, the workbook or the command line:
only from $RAGBOOK_SMTP_PASSWORD or the operating system's keyring (service
"ragbook", the SMTP user name as account), when the keyring package is
installed. The [imap] section (collect --mailbox) works the same way, with
$RAGBOOK_IMAP_PASSWORD (see mail/imap_config.py).
"""

from __future__ import annotations

import configparser
import ipaddress
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MailProblem
from .imap_config import IMAP_ENV, IMAP_KEYS, IMAP_PASSWORD_ENV, ImapConfig, imap_config

CONFIG_NAME = "ragbook-mail.ini"
CONFIG_ENV = "RAGBOOK_MAIL_CONFIG"
PASSWORD_ENV = "RAGBOOK_SMTP_PASSWORD"
KEYRING_SERVICE = "ragbook"
SECURITY = {"starttls": 587, "ssl": 465, "none": 25}
# (section, key) -> environment variable that overrides it
ENV = {
    ("smtp", "host"): "RAGBOOK_SMTP_HOST",
    ("smtp", "port"): "RAGBOOK_SMTP_PORT",
    ("smtp", "security"): "RAGBOOK_SMTP_SECURITY",
    ("smtp", "username"): "RAGBOOK_SMTP_USERNAME",
    ("smtp", "cafile"): "RAGBOOK_SMTP_CAFILE",
    ("message", "from"): "RAGBOOK_MAIL_FROM",
    **IMAP_ENV,
}
KNOWN = {
    "smtp": {"host", "port", "security", "username", "timeout", "cafile"},
    "message": {"from", "reply_to", "cc", "subject", "text_template", "html_template"},
    "imap": IMAP_KEYS,
}


@dataclass
class MailConfig:
    host: str = ""
    port: int = 0  # 0: the usual port for `security`
    security: str = "starttls"  # starttls, ssl, or none (only to this machine)
    username: str = ""
    timeout: float = 30.0
    cafile: str = ""  # extra certificate authorities to trust (a council's own)
    sender: str = ""
    reply_to: str = ""
    cc: str = ""
    subject: str = ""  # a template; blank: the built-in one
    text_template: Path | None = None
    html_template: Path | None = None
    source: Path | None = None  # the file read, if any
    imap: ImapConfig = field(default_factory=ImapConfig)  # where replies are read from

    @property
    def smtp_port(self) -> int:
        return self.port or SECURITY[self.security]

    def where(self) -> str:
        return str(self.source) if self.source else f"{CONFIG_NAME} (none found)"

    def check_sendable(self) -> None:
        """Raise MailProblem unless mail can be sent with these settings."""
        if not self.host:
            raise MailProblem(
                f"no mail server: set host in the [smtp] section of {self.where()} "
                "or $RAGBOOK_SMTP_HOST (see docs/send.md)"
            )
        if not self.sender:
            raise MailProblem(
                f"no sender address: set from in the [message] section of "
                f"{self.where()} or $RAGBOOK_MAIL_FROM"
            )
        if self.security == "none" and not is_loopback(self.host):
            raise MailProblem(
                f"security = none sends mail unencrypted, which ragbook allows only "
                f"to this machine, not {self.host}; use starttls or ssl"
            )


def tls_context(cafile: str, where: str) -> ssl.SSLContext:
    """A client TLS context checking certificates, trusting `cafile` too when set.

    Raises:
        MailProblem: the certificate file cannot be used.
    """
    try:
        return ssl.create_default_context(cafile=cafile or None)
    except (OSError, ssl.SSLError) as exc:
        raise MailProblem(
            f"the certificate file {cafile} cannot be used ({exc}); check cafile in {where}"
        ) from None


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def config_locations(plan: Path, env: Mapping[str, str]) -> list[Path]:
    """Where a config file is looked for, first match wins (after an explicit one)."""
    if os.name == "nt" and env.get("APPDATA"):
        user = Path(env["APPDATA"]) / "ragbook"
    else:
        user = Path(env.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "ragbook"
    return [plan.resolve().parent / CONFIG_NAME, user / "mail.ini"]


def load_mail_config(
    plan: str | Path, explicit: str | Path | None = None, env: Mapping[str, str] | None = None
) -> MailConfig:
    """The mail settings for a plan (see the module's docstring for where from).

    Raises:
        MailProblem: a named file is missing, unreadable, or holds a password
            or a setting ragbook does not know.
    """
    env = os.environ if env is None else env
    named = explicit or env.get(CONFIG_ENV)
    source: Path | None
    if named:
        source = Path(named)
        if not source.is_file():
            raise MailProblem(f"the mail settings file {source} does not exist")
    else:
        source = next((p for p in config_locations(Path(plan), env) if p.is_file()), None)
    parser = configparser.ConfigParser(interpolation=None)
    if source is not None:
        try:
            parser.read(source, encoding="utf-8")
        except (configparser.Error, UnicodeDecodeError, OSError) as exc:
            raise MailProblem(
                f"{source} cannot be read as mail settings: {str(exc).splitlines()[0]}"
            ) from None
        _check_keys(parser, source)
    for (section, key), name in ENV.items():
        if env.get(name):
            if not parser.has_section(section):
                parser.add_section(section)
            parser.set(section, key, env[name])
    return _config(parser, source)


def _check_keys(parser: configparser.ConfigParser, source: Path) -> None:
    for section in parser.sections():
        for key in parser[section]:
            if "password" in key:
                variable = IMAP_PASSWORD_ENV if section == "imap" else PASSWORD_ENV
                raise MailProblem(
                    f"{source} [{section}] has a {key}: ragbook never reads "
                    f"passwords from files; delete it and set ${variable} or "
                    f"store it in the keyring: python -m keyring set "
                    f"{KEYRING_SERVICE} <user name>"
                )
            if key not in KNOWN.get(section, set()):
                known = (
                    ", ".join(sorted(KNOWN.get(section, ())))
                    or "none (use [smtp], [message], [imap])"
                )
                raise MailProblem(
                    f"{source} [{section}]: '{key}' is not a setting ragbook knows; "
                    f"the settings there are: {known}"
                )


def _config(parser: configparser.ConfigParser, source: Path | None) -> MailConfig:
    smtp = parser["smtp"] if parser.has_section("smtp") else {}
    message = parser["message"] if parser.has_section("message") else {}
    where = str(source) if source else "the environment"
    security = smtp.get("security", "starttls").strip().lower()
    if security not in SECURITY:
        raise MailProblem(f"{where}: security = {security} is not one of {', '.join(SECURITY)}")
    try:
        port = int(smtp.get("port", "0") or 0)
        timeout = float(smtp.get("timeout", "30") or 30)
    except ValueError:
        raise MailProblem(f"{where}: port and timeout must be numbers, e.g. port = 587") from None
    base = source.parent if source else Path.cwd()

    def path(key: str) -> Path | None:
        value = message.get(key, "").strip()
        return (base / value) if value else None

    return MailConfig(
        host=smtp.get("host", "").strip(),
        port=port,
        security=security,
        username=smtp.get("username", "").strip(),
        timeout=timeout,
        cafile=smtp.get("cafile", "").strip(),
        sender=message.get("from", "").strip(),
        reply_to=message.get("reply_to", "").strip(),
        cc=message.get("cc", "").strip(),
        subject=message.get("subject", "").strip(),
        text_template=path("text_template"),
        html_template=path("html_template"),
        source=source,
        imap=imap_config(parser["imap"] if parser.has_section("imap") else {}, where),
    )


def smtp_password(config: MailConfig, env: Mapping[str, str] | None = None) -> str | None:
    """The SMTP password: $RAGBOOK_SMTP_PASSWORD, else the keyring; None without a user name.

    Raises:
        MailProblem: a user name is set and neither source has a password.
    """
    return password_for(config.username, PASSWORD_ENV, "SMTP", env)


def password_for(
    username: str, variable: str, what: str, env: Mapping[str, str] | None = None
) -> str | None:
    """A server's password: $variable, else the keyring (service "ragbook", the user
    name as account); None without a user name.

    Raises:
        MailProblem: a user name is set and neither source has a password.
    """
    env = os.environ if env is None else env
    if not username:
        return None
    if env.get(variable):
        return env[variable]
    try:
        import keyring  # optional: pip install keyring
    except ImportError:
        keyring = None
    if keyring is not None:
        try:
            found = keyring.get_password(KEYRING_SERVICE, username)
        except Exception:  # noqa: BLE001  a keyring with no backend raises its own errors
            found = None
        if found:
            return found
    raise MailProblem(
        f"no password for the {what} user {username}: set ${variable}, or "
        f"store it with: python -m keyring set {KEYRING_SERVICE} {username}"
    )
