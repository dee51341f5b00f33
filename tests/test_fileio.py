"""Saving safely: owner files, read-only files, atomic replace, backups."""

from __future__ import annotations

import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from ragbook import fileio
from ragbook.errors import FileProblem, WorkbookInUse
from builders import owner_file_bytes


def test_owner_name_is_read_from_the_utf16_copy(tmp_path):
    lock = tmp_path / "~$plan.xlsx"
    lock.write_bytes(owner_file_bytes("Zoë Example"))
    assert fileio.owner_name(lock) == "Zoë Example"


def test_owner_name_falls_back_to_the_ansi_copy(tmp_path):
    lock = tmp_path / "~$plan.xlsx"
    lock.write_bytes(bytes([8]) + b"Reviewer" + b" " * 20)
    assert fileio.owner_name(lock) == "Reviewer"


def test_a_plan_open_in_excel_is_not_overwritten(tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"original")
    (tmp_path / "~$plan.xlsx").write_bytes(owner_file_bytes("Business Manager"))
    with pytest.raises(WorkbookInUse) as err:
        fileio.save_atomically(plan, lambda fh: fh.write(b"new"))
    message = str(err.value)
    assert "open in Excel by Business Manager" in message and "~$plan.xlsx" in message
    assert "delete it" in message  # what to do when the owner file is stale
    assert plan.read_bytes() == b"original"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx", "~$plan.xlsx"]


def test_long_names_use_excels_shortened_owner_file(tmp_path):
    plan = tmp_path / "improvement-plan.xlsx"
    plan.write_bytes(b"x")
    (tmp_path / "~$provement-plan.xlsx").write_bytes(owner_file_bytes("Officer"))
    with pytest.raises(WorkbookInUse):
        fileio.check_not_open(plan)


def test_save_replaces_atomically_and_keeps_a_backup(tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"version 1")
    os.chmod(plan, 0o640)
    backup = fileio.save_atomically(plan, lambda fh: fh.write(b"version 2"))
    assert plan.read_bytes() == b"version 2"
    assert backup.parent == tmp_path / fileio.BACKUP_DIR
    assert backup.read_bytes() == b"version 1"
    assert stat.S_IMODE(plan.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if "ragbook-tmp" in p.name] == []


def test_a_failed_write_leaves_the_file_and_no_temporary_behind(tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"version 1")

    def fail(fh):
        fh.write(b"half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        fileio.save_atomically(plan, fail)
    assert plan.read_bytes() == b"version 1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_a_failed_check_of_the_new_file_leaves_the_old_one(tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"version 1")

    def verify(path: Path):
        raise FileProblem("the new file did not open")

    with pytest.raises(FileProblem):
        fileio.save_atomically(plan, lambda fh: fh.write(b"bad"), verify=verify)
    assert plan.read_bytes() == b"version 1"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_a_read_only_plan_is_refused(tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"x")
    os.chmod(plan, 0o444)
    with pytest.raises(FileProblem, match="read-only"):
        fileio.save_atomically(plan, lambda fh: fh.write(b"y"))


def test_read_only_check_is_made_from_the_files_permission_bits(tmp_path, monkeypatch):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"x")
    monkeypatch.setattr(fileio.os, "access", lambda p, mode: Path(p) != plan)
    with pytest.raises(FileProblem, match="plan.xlsx is read-only"):
        fileio.save_atomically(plan, lambda fh: fh.write(b"y"))
    assert plan.read_bytes() == b"x"


def test_backups_keep_the_newest_ten(tmp_path):
    plan = tmp_path / "plan.xlsx"
    for i in range(13):
        plan.write_bytes(f"v{i}".encode())
        made = fileio.backup(plan, stamp=datetime(2019, 1, 1, 12, 0, i))
        os.utime(made, (1_000_000 + i, 1_000_000 + i))
    kept = sorted((tmp_path / fileio.BACKUP_DIR).iterdir())
    assert len(kept) == 10
    assert sorted(p.read_bytes() for p in kept) == sorted(f"v{i}".encode() for i in range(3, 13))


def test_replace_retries_while_another_program_holds_the_file(tmp_path, monkeypatch):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"old")
    calls = []
    real = os.replace

    def flaky(src, dst):
        calls.append(1)
        if len(calls) < 3:
            raise PermissionError("in use")
        return real(src, dst)

    monkeypatch.setattr(fileio.os, "replace", flaky)
    monkeypatch.setattr(fileio, "RETRY_DELAY", 0)
    fileio.save_atomically(plan, lambda fh: fh.write(b"new"), make_backup=False)
    assert plan.read_bytes() == b"new" and len(calls) == 3


def test_replace_gives_up_with_a_clear_message(tmp_path, monkeypatch):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"old")

    def locked(src, dst):
        raise PermissionError("in use")

    monkeypatch.setattr(fileio.os, "replace", locked)
    monkeypatch.setattr(fileio, "RETRY_DELAY", 0)
    with pytest.raises(WorkbookInUse, match="locked by another program"):
        fileio.save_atomically(plan, lambda fh: fh.write(b"new"), make_backup=False)
    assert plan.read_bytes() == b"old"
