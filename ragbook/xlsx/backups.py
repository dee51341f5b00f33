"""Backups of a plan in ragbook-backups/ beside it, that are there when needed.

A backup is written under a partial name, flushed to disk and checked (its
size, and that it opens as a zip) before it gets its real name, and before
the plan is replaced; so a backup with a real name is always whole, and a
failed run leaves only a partial file, which the next run clears. Backups
are named by when they were made ("plan 2019-01-31 120000.xlsx") and pruned
by that, never by the file's modified time (a copy keeps the plan's), never
in the run that made them, and never down to no good one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from ..errors import FileProblem
from .fileproblems import os_problem

BACKUP_DIR = "ragbook-backups"
KEEP_BACKUPS = 10
PARTIAL_SUFFIX = ".ragbook-partial"
_CHUNK = 1 << 20


def backup_folder(path: Path) -> Path:
    return path.absolute().parent / BACKUP_DIR


def _names(path: Path) -> re.Pattern:
    """Backups of `path`: '<stem> YYYY-MM-DD HHMMSS[ (n)]<suffix>'."""
    return re.compile(
        rf"{re.escape(path.stem)} (\d{{4}}-\d\d-\d\d \d{{6}})(?: \((\d+)\))?"
        rf"{re.escape(path.suffix)}",
        re.I,
    )


def _partial_names(path: Path) -> re.Pattern:
    return re.compile(r"\." + _names(path).pattern + re.escape(PARTIAL_SUFFIX), re.I)


def open_new(path: Path) -> BinaryIO:
    """A new file to write (its own function, so tests can give it a full disk)."""
    return open(path, "xb")


def make_backup(path: Path, stamp: datetime | None = None, keep: int = KEEP_BACKUPS) -> Path:
    """Copy the workbook into ragbook-backups/ beside it, check the copy, prune old ones.

    Returns the backup's path. Raises FileProblem (nothing of the copy left behind)
    when it cannot be written whole.
    """
    folder = backup_folder(path)
    doing = f"keeping a backup of {path.name}"
    hint = " (older backups in that folder can go), or save without a backup (--no-backup),"
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise os_problem(exc, folder / path.name, doing, space_hint=hint) from None
    clear_partials(path)
    target = _new_name(path, stamp or datetime.now())
    partial = folder / ("." + target.name + PARTIAL_SUFFIX)
    try:
        _copy(path, partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise os_problem(exc, target, doing, space_hint=hint) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    prune(path, keep, made=target)
    return target


def _new_name(path: Path, stamp: datetime) -> Path:
    """'plan 2019-01-31 120000.xlsx', or with ' (n)' after every backup made in that
    second, so the name always sorts after the backups made before it."""
    when = f"{stamp:%Y-%m-%d %H%M%S}"
    pattern = _names(path)
    taken = [
        int(m.group(2) or 1)
        for m in map(pattern.fullmatch, _listing(backup_folder(path)))
        if m and m.group(1) == when
    ]
    n = max(taken, default=0) + 1
    name = (
        f"{path.stem} {when}{path.suffix}" if n == 1 else f"{path.stem} {when} ({n}){path.suffix}"
    )
    return backup_folder(path) / name


def _listing(folder: Path) -> list[str]:
    try:
        return [entry.name for entry in folder.iterdir()]
    except OSError:
        return []


def _copy(source: Path, dest: Path) -> None:
    """Copy, flush to disk, and check the copy is whole."""
    with open(source, "rb") as src:
        size = os.fstat(src.fileno()).st_size
        with open_new(dest) as out:
            copied = 0
            while True:
                chunk = src.read(_CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                copied += len(chunk)
            out.flush()
            os.fsync(out.fileno())
    with contextlib.suppress(OSError):
        shutil.copystat(source, dest)  # the backup shows when that version was saved
    if copied != size or dest.stat().st_size != size:
        raise FileProblem(
            f"the backup of {source.name} came out {dest.stat().st_size:,} bytes "
            f"long, not {size:,}; nothing was changed. Check the drive, then try "
            "again."
        )
    if is_zip(source) and not _opens(dest):
        raise FileProblem(
            f"the backup of {source.name} does not open as a workbook; nothing "
            "was changed. Check the drive, then try again."
        )


def is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _opens(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            zf.infolist()
        return True
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def backups_of(path: Path) -> list[Path]:
    """The backups of `path`, oldest first (by when each was made)."""
    folder = backup_folder(path)
    pattern = _names(path)
    found = []
    for name in _listing(folder):
        m = pattern.fullmatch(name)
        if m:
            found.append((m.group(1), int(m.group(2) or 1), folder / name))
    return [entry for *_, entry in sorted(found)]


def prune(path: Path, keep: int = KEEP_BACKUPS, made: Path | None = None) -> None:
    """Keep the newest `keep` good backups of `path`, and always `made` and at least one.

    A backup that no longer opens (cut short by a failed run of an older ragbook)
    is not counted, and goes.
    """
    keep = max(keep, 1)
    zips = made is None or is_zip(made)
    good, bad = [], []
    for backup in backups_of(path):
        if backup == made or not zips or _opens(backup):
            good.append(backup)
        else:
            bad.append(backup)
    newest = good[-keep:]
    for old in bad + [b for b in good if b not in newest and b != made]:
        with contextlib.suppress(OSError):
            old.unlink()


def clear_partials(path: Path) -> None:
    """Remove partial backups of `path` left by runs that failed or were killed.

    Called with the plan's lock held, so no other run is writing one now.
    """
    folder = backup_folder(path)
    pattern = _partial_names(path)
    for name in _listing(folder):
        if pattern.fullmatch(name):
            with contextlib.suppress(OSError):
                (folder / name).unlink()
