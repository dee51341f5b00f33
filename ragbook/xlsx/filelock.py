"""A lock beside a plan, so two ragbook runs never write the same plan at once.

The lock is a small file, `plan.xlsx.ragbook-lock`, made with O_EXCL (only one
process can create it) and holding who made it: the user, the computer, the
process and when. A second run waits a few seconds for it to go, then says
who holds it. A lock left by a run that was killed is noticed (its process
is gone, on this computer; or it is old, from another one) and taken over.

Within one process the lock is re-entrant: a plan loaded with the lock can be
saved, and saved again, without waiting for itself.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import WorkbookInUse
from .fileproblems import os_problem

LOCK_SUFFIX = ".ragbook-lock"
WAIT_SECONDS = 5.0  # how long a second run waits for the first to finish
POLL_SECONDS = 0.1
# A lock from another computer cannot be checked for a live process; one this
# old is taken to be left over from a crash (a refresh takes seconds, not hours).
FOREIGN_STALE_SECONDS = 3600
# A lock file that cannot be read may be one being written this instant.
UNREADABLE_STALE_SECONDS = 10

_held: dict[str, PlanLock] = {}  # this process's locks, by the lock file's path


def lock_path(path: Path) -> Path:
    """The lock file of a workbook: plan.xlsx -> plan.xlsx.ragbook-lock beside it."""
    return path.with_name(path.name + LOCK_SUFFIX)


@dataclass
class PlanLock:
    """A lock held by this process; release() when done (or use it as a context manager)."""

    file: Path
    token: str
    count: int = 1

    def release(self) -> None:
        self.count -= 1
        if self.count > 0:
            return
        _held.pop(str(self.file), None)
        try:
            if _read(self.file).get("token") == self.token:
                self.file.unlink()
        except OSError:
            pass

    def __enter__(self) -> PlanLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def acquire(path: str | Path, wait: float | None = None) -> PlanLock:
    """Take the lock of the workbook at `path`, waiting up to `wait` seconds for it.

    Raises:
        WorkbookInUse: another ragbook run holds it (the message says who).
        FileProblem: the lock file cannot be made (a read-only folder, say).
    """
    path = Path(path)
    file = lock_path(path.absolute())
    mine = _held.get(str(file))
    if mine is not None:
        mine.count += 1
        return mine
    wait = WAIT_SECONDS if wait is None else wait
    deadline = time.monotonic() + wait
    token = os.urandom(16).hex()
    while True:
        if _create(file, token, path):
            lock = _held[str(file)] = PlanLock(file, token)
            return lock
        holder = _read(file)
        if _stale(file, holder):
            try:
                file.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                raise _in_use(path, file, holder) from None
            continue
        if time.monotonic() >= deadline:
            raise _in_use(path, file, holder)
        time.sleep(POLL_SECONDS)


def holds(path: str | Path) -> bool:
    """Whether this process holds the lock of the workbook at `path`."""
    return str(lock_path(Path(path).absolute())) in _held


def _create(file: Path, token: str, path: Path) -> bool:
    """Make the lock file; False when it is there already."""
    doing = f"taking the lock on {path.name}"
    try:
        fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    except OSError as exc:
        raise os_problem(exc, path, doing) from None
    record = {
        "user": _user(),
        "host": _host(),
        "pid": os.getpid(),
        "started": _process_start(os.getpid()),
        "since": datetime.now().isoformat(timespec="seconds"),
        "token": token,
    }
    try:
        try:
            os.write(fd, json.dumps(record).encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as exc:
        file.unlink(missing_ok=True)
        raise os_problem(exc, path, doing) from None
    return True


def _read(file: Path) -> dict:
    try:
        data = json.loads(file.read_bytes()[:4096].decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _stale(file: Path, holder: dict) -> bool:
    """A lock whose run is over: its process is gone, or it is old and from elsewhere."""
    try:
        age = time.time() - file.stat().st_mtime
    except FileNotFoundError:
        return False  # gone already: the next attempt takes it
    except OSError:
        return False
    pid = holder.get("pid")
    if not isinstance(pid, int):
        return age > UNREADABLE_STALE_SECONDS
    if holder.get("host") != _host():
        return age > FOREIGN_STALE_SECONDS
    if not _alive(pid):
        return True
    started = holder.get("started")
    return started is not None and started != _process_start(pid)  # the pid was reused


def _in_use(path: Path, file: Path, holder: dict) -> WorkbookInUse:
    who = holder.get("user") or "someone"
    where = f" on {holder['host']}" if holder.get("host") and holder.get("host") != _host() else ""
    process = f", process {holder['pid']}" if holder.get("pid") else ""
    since = ""
    if isinstance(holder.get("since"), str):
        since = f", since {holder['since'].replace('T', ' ')}"
    return WorkbookInUse(
        f"{path.name} is being written by another ragbook run ({who}{where}{process}{since}); "
        f"wait for it to finish and try again. If no ragbook is running, delete {file.name} "
        "beside the plan."
    )


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001  no user name in the environment or the password database
        return ""


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, run by another user
    except OSError:
        return False
    return True


def _alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    # os.kill(pid, 0) would end the process on Windows; ask for its exit code instead.
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return False
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def _process_start(pid: int) -> str | None:
    """When a process started, where the system says (Linux), to tell a reused pid apart."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def _host() -> str:
    """This computer's name (socket is imported here: a check that takes no lock skips it)."""
    import socket

    return socket.gethostname()
