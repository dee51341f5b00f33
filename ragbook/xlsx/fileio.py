"""Saving a workbook safely: not while someone has it open or another run writes it,
atomically, with a backup (see backups), clearing what killed runs left behind."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from ..errors import FileProblem, WorkbookInUse
from . import backups, filelock
from .backups import BACKUP_DIR  # noqa: F401  (where the backups go, for callers of fileio)
from .fileproblems import folder_of, on_read_only_drive, os_problem, read_only_drive

REPLACE_RETRIES = 10
RETRY_DELAY = 0.2


def owner_file(path: Path) -> Path | None:
    """Excel's owner file '~$<name>' beside a workbook someone has open, if present.

    Excel names it '~$' and the whole file name, however long (it is Word that
    drops the first characters of long names).
    """
    candidate = path.with_name("~$" + path.name)
    return candidate if candidate.exists() and candidate != path else None


# Excel keeps at most 52 characters of the user name in an owner file.
MAX_OWNER_NAME = 52


def owner_name(lock: Path) -> str:
    """The user name Excel wrote into an owner file ('' if it holds none we can read).

    Layout (as LibreOffice reads it): byte 0 the name's length, then the name in
    the ANSI code page, padding to byte 54, then the length again (2 bytes)
    and the name in UTF-16LE from byte 57. Anything else (random bytes, a
    file some other program left) gives ''.
    """
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return ""
    if len(data) >= 57:
        n = int.from_bytes(data[55:57], "little")
        if 0 < n <= MAX_OWNER_NAME and len(data) >= 57 + 2 * n:
            try:
                name = _plain(data[57 : 57 + 2 * n].decode("utf-16-le"))
            except UnicodeDecodeError:
                name = ""
            if name:
                return name
    if data:
        n = data[0]
        if 0 < n <= MAX_OWNER_NAME and n < len(data):
            return _plain(data[1 : 1 + n].decode("cp1252", "replace"))
    return ""


def _plain(name: str) -> str:
    """The name if it is printable text, else '' (never binary junk in a message)."""
    name = name.strip()
    if not name or "\ufffd" in name or not name.isprintable():
        return ""
    return name


def check_not_open(path: Path) -> None:
    lock = owner_file(path)
    if lock is None:
        return
    who = owner_name(lock)
    by = f" by {who}" if who else ""
    raise WorkbookInUse(
        f"{path.name} is open in Excel{by} ({lock.name} exists); saving now would be undone by "
        f"their next save. Ask them to close it, then try again. If nobody has it open, the file "
        f"{lock.name} is left over from a crash: delete it and try again."
    )


def check_writable_file(path: Path) -> None:
    """Refuse, before any work, a plan that cannot be saved where it is."""
    path = Path(path)
    folder = folder_of(path)
    if on_read_only_drive(folder):
        raise read_only_drive(path)
    if path.exists() and not os.access(path, os.W_OK):
        raise FileProblem(
            f"{path.name} is read-only; ragbook cannot save it. Clear the read-only "
            "setting (or refresh a copy) and try again."
        )
    if not os.access(folder, os.W_OK):
        raise FileProblem(
            f"the folder {folder} cannot be written to, so ragbook cannot save "
            f"{path.name} safely there; copy the plan to a folder you can write to."
        )


def _fdopen(fd: int) -> BinaryIO:
    """The temporary file to write (its own function, so tests can give it a full disk)."""
    return os.fdopen(fd, "wb")


TEMP_MARK = ".ragbook-tmp"


def _temp_names(path: Path) -> re.Pattern:
    """ragbook's temporary files for `path`: '.<stem>.<8 random>.ragbook-tmp<suffix>'."""
    return re.compile(
        rf"\.{re.escape(path.stem)}\.[A-Za-z0-9_]{{8}}{re.escape(TEMP_MARK)}"
        rf"{re.escape(path.suffix)}"
    )


def clear_stale_temps(path: Path) -> None:
    """Remove temporary files of `path` left by runs that were killed.

    Called with the plan's lock held: no other run is writing one now.
    """
    pattern = _temp_names(path)
    try:
        entries = list(folder_of(path).iterdir())
    except OSError:
        return
    for entry in entries:
        if pattern.fullmatch(entry.name):
            with contextlib.suppress(OSError):
                entry.unlink()


def save_atomically(
    path: Path,
    write: Callable[[BinaryIO], object],
    *,
    make_backup: bool = True,
    check_owner: bool = True,
    verify: Callable[[Path], object] | None = None,
    check_source: Callable[[], object] | None = None,
    before_replace: Callable[[], object] | None = None,
) -> Path | None:
    """Write a new version of `path` through a temporary file in the same folder.

    With the plan's lock held (see filelock), the temporary file is written,
    flushed to disk and checked with `verify`; only then is the previous
    version copied to a backup (itself checked whole) and the new one moved
    into place in a single rename, so a crash never leaves half a file.
    `check_source` runs before the backup and again just before the rename
    (to refuse when the file was changed by someone else meanwhile);
    `before_replace` runs just before the rename (to close the source file:
    Windows cannot replace a file that is still open).
    Returns the backup's path (None when no backup was made).

    Raises:
        WorkbookInUse: Excel or another ragbook run has the file.
        FileProblem: it cannot be written (read-only, disk full ...); nothing changed.
    """
    path = Path(path)
    if check_owner:
        check_not_open(path)
    check_writable_file(path)
    with filelock.acquire(path):
        clear_stale_temps(path)
        existed = path.exists()
        doing = f"writing the new {path.name}"
        try:
            fd, tmp_name = tempfile.mkstemp(
                prefix=f".{path.stem}.", suffix=f"{TEMP_MARK}{path.suffix}", dir=path.parent
            )
        except OSError as exc:
            raise os_problem(exc, path, doing) from None
        tmp = Path(tmp_name)
        try:
            try:
                with _fdopen(fd) as fh:
                    write(fh)
                    fh.flush()
                    os.fsync(fh.fileno())
            except OSError as exc:
                raise os_problem(exc, path, doing) from None
            if verify is not None:
                verify(tmp)
            if existed:
                shutil.copymode(path, tmp)
            else:  # mkstemp makes the file private; a new plan gets the usual permissions
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
            if check_source is not None:
                check_source()
            saved = backups.make_backup(path) if existed and make_backup else None
            if check_source is not None:
                check_source()
            if before_replace is not None:
                before_replace()
            _replace(tmp, path)
            return saved
        finally:
            if tmp.exists():
                with contextlib.suppress(OSError):
                    tmp.unlink()


def _replace(tmp: Path, path: Path) -> None:
    """os.replace, retried briefly: on Windows antivirus or OneDrive can hold the file."""
    for attempt in range(REPLACE_RETRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if attempt == REPLACE_RETRIES - 1:
                raise WorkbookInUse(
                    f"{path.name} is locked by another program (Excel, OneDrive or "
                    "antivirus); close it and try again."
                ) from None
            time.sleep(RETRY_DELAY)
        except OSError as exc:
            raise os_problem(exc, path, f"moving the new {path.name} into place") from None
