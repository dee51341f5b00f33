"""Saving a workbook safely: not while someone has it open, atomically, with a backup."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import BinaryIO, Callable

from .errors import FileProblem, WorkbookInUse

BACKUP_DIR = "ragbook-backups"
KEEP_BACKUPS = 10
REPLACE_RETRIES = 10
RETRY_DELAY = 0.2


def owner_file(path: Path) -> Path | None:
    """Excel's '~$name.xlsx' beside a workbook someone has open, if present."""
    for candidate in (path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])):
        if candidate.exists() and candidate != path:
            return candidate
    return None


def owner_name(lock: Path) -> str:
    """The user name Excel wrote into an owner file ('' if unreadable).

    Layout (as LibreOffice reads it): byte 0 the name's length, then the name in
    the ANSI code page, padding to byte 54, then the length again (2 bytes)
    and the name in UTF-16LE from byte 57.
    """
    try:
        data = lock.read_bytes()[:512]
    except OSError:
        return ""
    if len(data) >= 57:
        n = int.from_bytes(data[55:57], "little")
        if 0 < n <= 100 and len(data) >= 57 + 2 * n:
            try:
                return data[57:57 + 2 * n].decode("utf-16-le").strip()
            except UnicodeDecodeError:
                pass
    if data:
        n = data[0]
        if 0 < n < len(data):
            return data[1:1 + n].decode("cp1252", "replace").strip()
    return ""


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
    if not os.access(path, os.W_OK):
        raise FileProblem(f"{path.name} is read-only; ragbook cannot save it. Clear the read-only "
                          "setting (or refresh a copy) and try again.")
    if not os.access(path.parent, os.W_OK):
        raise FileProblem(f"the folder {path.parent} cannot be written to, so ragbook cannot save "
                          f"{path.name} safely there; copy the plan to a folder you can write to.")


def backup(path: Path, stamp: datetime | None = None, keep: int = KEEP_BACKUPS) -> Path:
    """Copy the workbook into ragbook-backups/ beside it; keep the newest `keep`."""
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = stamp or datetime.now()
    target = folder / f"{path.stem} {stamp:%Y-%m-%d %H%M%S}{path.suffix}"
    n = 2
    while target.exists():
        target = folder / f"{path.stem} {stamp:%Y-%m-%d %H%M%S} ({n}){path.suffix}"
        n += 1
    shutil.copy2(path, target)
    mine = sorted(folder.glob(f"{path.stem} ????-??-?? ??????*{path.suffix}"),
                  key=lambda p: p.stat().st_mtime)
    for old in mine[:-keep] if keep else []:
        try:
            old.unlink()
        except OSError:
            pass
    return target


def save_atomically(path: Path, write: Callable[[BinaryIO], object], *,
                    make_backup: bool = True, check_owner: bool = True,
                    verify: Callable[[Path], object] | None = None,
                    before_replace: Callable[[], object] | None = None) -> Path | None:
    """Write a new version of `path` through a temporary file in the same folder.

    The temporary file is written, flushed to disk and checked with `verify`;
    only then is the previous version copied to a backup and the new one
    moved into place in a single rename, so a crash never leaves half a file.
    `before_replace` runs just before the rename (to close the source file:
    Windows cannot replace a file that is still open).
    Returns the backup's path (None when no backup was made).
    """
    if check_owner:
        check_not_open(path)
    existed = path.exists()
    if existed:
        check_writable_file(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".ragbook-tmp{path.suffix}",
                                    dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        if verify is not None:
            verify(tmp)
        if existed:
            shutil.copymode(path, tmp)
        else:  # mkstemp makes the file private; a new plan gets the usual permissions
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if before_replace is not None:
            before_replace()
        saved = backup(path) if existed and make_backup else None
        _replace(tmp, path)
        return saved
    finally:
        if tmp.exists():
            try:
                tmp.unlink()
            except OSError:
                pass


def _replace(tmp: Path, path: Path) -> None:
    """os.replace, retried briefly: on Windows antivirus or OneDrive can hold the file."""
    for attempt in range(REPLACE_RETRIES):
        try:
            os.replace(tmp, path)
            return
        except PermissionError:
            if attempt == REPLACE_RETRIES - 1:
                raise WorkbookInUse(f"{path.name} is locked by another program (Excel, OneDrive or "
                                    "antivirus); close it and try again.") from None
            time.sleep(RETRY_DELAY)
