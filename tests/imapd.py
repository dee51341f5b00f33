"""A real IMAP server on loopback for the tests: Debian's dovecot, started on a free port
with a throwaway config, user and mail folder under the test's tmp_path.

Nothing under /etc is read or changed: dovecot runs with `-c` on the config written
here, its sockets, state and log under tmp_path. TLS (the default ragbook uses) with a
certificate made now (see smtpd.self_signed), or plain IMAP on 127.0.0.1.
"""

from __future__ import annotations

import imaplib
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from smtpd import free_port, self_signed

import pytest

USER, PASSWORD = "owner", "test-password-1"
DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"


@dataclass
class Imapd:
    port: int
    cafile: Path | None  # the certificate to trust, when TLS is on
    user: str = USER
    password: str = PASSWORD
    starttls: bool = False  # TLS after connecting on the plain port, not IMAPS

    def client(self) -> imaplib.IMAP4:
        """A logged-in client of the test's own (plain login on loopback is fine here)."""
        import ssl

        if self.starttls:
            imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
            imap.starttls(ssl.create_default_context(cafile=str(self.cafile)))
        elif self.cafile:
            imap = imaplib.IMAP4_SSL(
                "127.0.0.1",
                self.port,
                timeout=10,
                ssl_context=ssl.create_default_context(cafile=str(self.cafile)),
            )
        else:
            imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(self.user, self.password)
        return imap

    def append(self, msg: EmailMessage, folder: str = "INBOX", flags: str = "") -> None:
        with _session(self) as imap:
            typ, data = imap.append(folder, flags or None, None, bytes(msg))
            assert typ == "OK", data

    def folder(self, name: str = "INBOX") -> list[tuple[set[str], bytes]]:
        """(flags, whole message) of each message in a folder, read without marking it read."""
        out = []
        with _session(self) as imap:
            typ, _ = imap.select(_quoted(name), readonly=True)
            if typ != "OK":
                return []
            _, data = imap.uid("SEARCH", None, "ALL")
            for uid in data[0].split():
                _, got = imap.uid("FETCH", uid, "(FLAGS BODY.PEEK[])")
                head, body = got[0]
                flags = imaplib.ParseFlags(head)
                out.append(({f.decode() for f in flags}, body))
        return out

    def folders(self) -> list[str]:
        with _session(self) as imap:
            _, data = imap.list()
        return [line.decode().rsplit(" ", 1)[-1].strip('"') for line in data if line]


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


@contextmanager
def _session(server: Imapd):
    imap = server.client()
    try:
        yield imap
    finally:
        with suppress(imaplib.IMAP4.error, OSError):
            imap.logout()


def _config(
    folder: Path,
    run: Path,
    port: int,
    tls: tuple[Path, Path] | None,
    separator: str,
    starttls: bool = False,
) -> str:
    user = os.getuid()
    # as root, dovecot runs its login and internal processes as its own system users
    login, internal = ("dovenull", "dovecot") if user == 0 else (_name(user), _name(user))
    owner = _mail_user()
    ssl = (
        f"ssl = required\nssl_cert = <{tls[0]}\nssl_key = <{tls[1]}\n"
        if tls
        else "ssl = no\ndisable_plaintext_auth = no\n"
    )
    listener = "imaps" if tls and not starttls else "imap"
    other = "imaps" if listener == "imap" else "imap"
    if _version() >= (2, 4):
        return _config_24(folder, run, port, tls, separator, listener, other, login, internal)
    return f"""# ragbook's test server: throwaway, written by tests/imapd.py
base_dir = {run}
state_dir = {run}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
first_valid_uid = 0
default_login_user = {login}
default_internal_user = {internal}
auth_mechanisms = plain login
{ssl}mail_location = maildir:{run}/mail/%u
namespace inbox {{
  inbox = yes
  separator = {separator}
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {run}/passwd
}}
userdb {{
  driver = static
  args = uid={owner[0]} gid={owner[1]} home={run}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener {listener} {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener {other} {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0600
  }}
}}
"""


def _config_24(folder, run, port, tls, separator, listener, other, login, internal) -> str:
    """The same server in dovecot 2.4's settings (Debian 13 and later), whose names changed.
    Written from dovecot's 2.4 documentation; the machines this was written on have 2.3,
    so if 2.4 refuses a name, the fixture fails with dovecot's own log saying which."""
    owner = _mail_user()
    ssl = (
        f"ssl = required\nssl_server_cert_file = {tls[0]}\nssl_server_key_file = {tls[1]}\n"
        if tls
        else "ssl = no\nauth_allow_cleartext = yes\n"
    )
    return f"""# ragbook's test server: throwaway, written by tests/imapd.py
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
base_dir = {run}
state_dir = {run}/state
log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
first_valid_uid = 0
default_login_user = {login}
default_internal_user = {internal}
auth_mechanisms = plain login
{ssl}mail_driver = maildir
mail_path = {run}/mail/%{{user}}
mail_home = {run}/home/%{{user}}
namespace inbox {{
  inbox = yes
  separator = {separator}
}}
passdb passwd-file {{
  passwd_file_path = {run}/passwd
  default_password_scheme = PLAIN
}}
userdb static {{
  fields {{
    uid = {owner[0]}
    gid = {owner[1]}
    home = {run}/home/%{{user}}
  }}
}}
service imap-login {{
  chroot =
  inet_listener {listener} {{
    listen = 127.0.0.1
    port = {port}
  }}
  inet_listener {other} {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""


def _version() -> tuple[int, int]:
    """dovecot's version (2, 3) from `dovecot --version`; (2, 3) if it cannot say."""
    try:
        said = subprocess.run(
            [DOVECOT, "--version"], capture_output=True, text=True, timeout=10
        ).stdout
        major, minor = said.split()[0].split(".")[:2]
        return int(major), int(minor)
    except (OSError, ValueError, IndexError, subprocess.TimeoutExpired):
        return (2, 3)


def _mail_user() -> tuple[int, int]:
    """Whose mail it is: dovecot refuses root, so nobody when root runs the tests."""
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    import pwd

    nobody = pwd.getpwnam("nobody")
    return nobody.pw_uid, nobody.pw_gid


def _name(uid: int) -> str:
    import pwd

    return pwd.getpwuid(uid).pw_name


@contextmanager
def imap_server(folder: Path, *, tls: bool = True, separator: str = ".", starttls: bool = False):
    """Yields an Imapd while dovecot listens on 127.0.0.1 (skips if it is not installed,
    fails instead on CI, which installs it)."""
    if not Path(DOVECOT).exists():
        if os.environ.get("CI"):
            pytest.fail("dovecot is not installed: .ci/run installs dovecot-imapd")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    folder.mkdir(parents=True, exist_ok=True)
    # the login processes (dovenull, when root runs the tests) must reach the sockets,
    # and the test's tmp_path is private to root: the sockets go in a folder of their own
    run = Path(tempfile.mkdtemp(prefix="ragbook-dovecot-"))
    run.chmod(0o755)
    (run / "state").mkdir()
    # read by dovecot's auth process, which runs as its own user
    (run / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    for sub in ("mail", "home"):  # written by the mail user's imap process
        (run / sub).mkdir()
        os.chown(run / sub, *_mail_user())
    cert = None
    keys = None
    if tls:
        cert, _ = self_signed(folder)
        keys = (cert, folder / "key.pem")
    port = free_port()
    conf = folder / "dovecot.conf"
    conf.write_text(_config(folder, run, port, keys, separator, starttls))
    proc = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(conf)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    server = Imapd(port, cert, starttls=starttls)
    try:
        _wait(server, proc, folder)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout:
            proc.stdout.close()
        shutil.rmtree(run, ignore_errors=True)


def _wait(server: Imapd, proc: subprocess.Popen, folder: Path) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            out = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
            log = (folder / "dovecot.log").read_text() if (folder / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot stopped: {out}\n{log}")
        try:
            server.client().logout()
            return
        except OSError:  # not listening yet
            time.sleep(0.05)
    raise RuntimeError(f"dovecot did not answer on 127.0.0.1:{server.port}")


def reply(
    sender: str,
    attachments: list[Path],
    *,
    subject: str = "Re: Test plan: your actions as of 15/01/2019",
    message_id: str | None = None,
    to: str = "plan@example.org",
    text: str = "Updated as asked.",
) -> EmailMessage:
    """A lead's reply as a mail program sends it: some text and the workbook(s) attached."""
    from email.utils import make_msgid

    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Message-ID"] = message_id or make_msgid("reply", domain="example.org")
    msg.set_content(text)
    for path in attachments:
        kind = (
            "vnd.ms-excel.sheet.macroEnabled.12"
            if path.suffix == ".xlsm"
            else ("vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        )
        msg.add_attachment(
            path.read_bytes(), maintype="application", subtype=kind, filename=path.name
        )
    return msg


def mail_config(smtp_port: int, server: Imapd, **imap):
    """ragbook's settings for the two test servers: receipts by plain SMTP on loopback,
    replies read over IMAPS (the default) trusting the test's certificate."""
    from ragbook.mail.config import MailConfig
    from ragbook.mail.imap_config import ImapConfig

    settings = {
        "host": "127.0.0.1",
        "port": server.port,
        "security": "ssl" if server.cafile else "none",
        "username": server.user,
        "cafile": str(server.cafile or ""),
    }
    settings.update(imap)
    return MailConfig(
        host="127.0.0.1",
        port=smtp_port,
        security="none",
        sender="Plan Team <plan@example.org>",
        imap=ImapConfig(**settings),
    )


IMAP_ENV = {"RAGBOOK_IMAP_PASSWORD": PASSWORD}
