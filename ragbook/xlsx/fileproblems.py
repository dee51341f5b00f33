"""What the operating system said when a file could not be written, as one line
a plan owner can act on (a full disk, a read-only drive, no permission)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from ..errors import FileProblem

NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def folder_of(path: Path) -> Path:
    """The folder a file is in, named in full (never '.')."""
    return path.absolute().parent


def on_read_only_drive(folder: Path) -> bool:
    """Whether the folder is on a drive mounted read-only (where the system says)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):  # no statvfs on Windows
        return False


def read_only_drive(path: Path) -> FileProblem:
    return FileProblem(
        f"{path.name} is on a read-only drive ({folder_of(path)}), so ragbook "
        "cannot save it there; copy the plan to a folder you can write to and "
        "run ragbook on the copy."
    )


def os_problem(exc: OSError, path: Path, doing: str, *, space_hint: str = "") -> FileProblem:
    """A FileProblem for an OSError met while `doing` something to `path`.

    `doing` reads after "while": "writing the new plan.xlsx", "keeping a backup".
    """
    folder = folder_of(path)
    if exc.errno in NO_SPACE:
        return FileProblem(
            f"the disk is full: there was no room while {doing} (in {folder}); "
            f"nothing was changed. Free some space{space_hint} and try again."
        )
    if exc.errno == errno.EROFS:
        return read_only_drive(path)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return FileProblem(
            f"ragbook is not allowed to write in {folder} (while {doing}); "
            f"nothing was changed. Copy {path.name} to a folder you can write to, "
            "or ask for write access."
        )
    what = exc.strerror or type(exc).__name__
    return FileProblem(
        f"{what} while {doing} ({folder}); nothing was changed. Check the drive, then try again."
    )
