"""A disk that fills up, or loses data: for fault tests of the write path.

`small_disk(monkeypatch, room)` makes every file ragbook writes while saving (the
temporary new workbook, the backup) share `room` bytes; the write that would
pass it fails as a full disk does, with ENOSPC, after writing what fitted.
"""

from __future__ import annotations

import errno
import os

import ragbook.xlsx.backups
import ragbook.xlsx.fileio


class _Budget:
    def __init__(self, room: int):
        self.room = room


class _File:
    """A file being written, passed through (subclasses change what is written)."""

    def __init__(self, inner):
        self._inner = inner

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._inner.close()


class _FillingFile(_File):
    def __init__(self, inner, budget: _Budget):
        super().__init__(inner)
        self._budget = budget

    def write(self, data) -> int:
        data = bytes(data)
        if len(data) > self._budget.room:
            fits = data[: self._budget.room]
            self._inner.write(fits)
            self._budget.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._budget.room -= len(data)
        return self._inner.write(data)


class _LosingFile(_File):
    def write(self, data) -> int:
        return self._inner.write(bytes(data)[: len(data) // 2])


def small_disk(monkeypatch, room: int) -> _Budget:
    budget = _Budget(room)
    open_new, fdopen = ragbook.xlsx.backups.open_new, ragbook.xlsx.fileio._fdopen
    monkeypatch.setattr(
        ragbook.xlsx.backups, "open_new", lambda path: _FillingFile(open_new(path), budget)
    )
    monkeypatch.setattr(ragbook.xlsx.fileio, "_fdopen", lambda fd: _FillingFile(fdopen(fd), budget))
    return budget


def losing_backups(monkeypatch) -> None:
    """Backups come out short: a drive that keeps only half of what is written."""
    open_new = ragbook.xlsx.backups.open_new
    monkeypatch.setattr(ragbook.xlsx.backups, "open_new", lambda path: _LosingFile(open_new(path)))
