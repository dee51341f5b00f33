"""Saving safely: owner files, read-only files, atomic replace, backups."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest
from builders import owner_file_bytes

from ragbook.errors import FileProblem, WorkbookInUse
from ragbook.xlsx import fileio


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


def test_excel_names_its_owner_file_after_the_whole_file_name(tmp_path):
    """Excel writes '~$' + the whole name, however long (Word is what drops characters)."""
    plan = tmp_path / "improvement-plan.xlsx"
    plan.write_bytes(b"x")
    (tmp_path / "~$improvement-plan.xlsx").write_bytes(owner_file_bytes("Officer"))
    with pytest.raises(WorkbookInUse, match="open in Excel by Officer"):
        fileio.check_not_open(plan)


def test_another_workbooks_owner_file_does_not_block_a_save(tmp_path):
    """plan.xlsx open in Excel leaves ~$plan.xlsx; v2plan.xlsx is not open."""
    (tmp_path / "plan.xlsx").write_bytes(b"x")
    (tmp_path / "~$plan.xlsx").write_bytes(owner_file_bytes("Officer"))
    other = tmp_path / "v2plan.xlsx"
    other.write_bytes(b"v1")
    fileio.check_not_open(other)
    fileio.save_atomically(other, lambda fh: fh.write(b"v2"), make_backup=False)
    assert other.read_bytes() == b"v2"


@pytest.mark.parametrize(
    "junk",
    [
        bytes(range(256)) * 2,
        b"\xff" * 40,
        bytes([7]) + b"\x01\x02ab\x1b[2J" * 30,
        b"\x05\x81\x8d\x8f\x90\x9d" + b" " * 200,
    ],
)
def test_an_owner_file_of_random_bytes_names_nobody(tmp_path, junk):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"x")
    lock = tmp_path / "~$plan.xlsx"
    lock.write_bytes(junk)
    assert fileio.owner_name(lock) == ""
    with pytest.raises(WorkbookInUse) as err:
        fileio.check_not_open(plan)
    message = str(err.value)
    assert message.startswith("plan.xlsx is open in Excel (~$plan.xlsx exists)")
    assert message.isprintable()


def test_a_plan_on_a_read_only_drive_says_so(tmp_path, monkeypatch):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"x")

    class ReadOnlyDrive:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr("ragbook.xlsx.fileproblems.os.statvfs", lambda folder: ReadOnlyDrive())
    with pytest.raises(FileProblem) as err:
        fileio.save_atomically(plan, lambda fh: fh.write(b"y"))
    assert str(err.value) == (
        f"plan.xlsx is on a read-only drive ({tmp_path}), so ragbook "
        "cannot save it there; copy the plan to a folder you can write to "
        "and run ragbook on the copy."
    )
    assert "read-only setting" not in str(err.value)
    assert plan.read_bytes() == b"x"


def test_a_folder_that_cannot_be_written_is_named_in_full(tmp_path, monkeypatch):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(fileio.os, "access", lambda p, mode: Path(p).name == "plan.xlsx")
    with pytest.raises(FileProblem) as err:
        fileio.save_atomically(Path("plan.xlsx"), lambda fh: fh.write(b"y"))
    assert f"the folder {tmp_path} cannot be written to" in str(err.value)
    assert "the folder ." not in str(err.value)


def test_a_full_disk_while_writing_is_one_line_and_leaves_nothing_behind(tmp_path, monkeypatch):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"version 1")

    def full(fh):
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(FileProblem) as err:
        fileio.save_atomically(plan, full)
    assert str(err.value) == (
        f"the disk is full: there was no room while writing the new "
        f"plan.xlsx (in {tmp_path}); nothing was changed. Free some space "
        "and try again."
    )
    assert plan.read_bytes() == b"version 1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_temporary_files_of_killed_runs_are_cleared_and_no_others(tmp_path):
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"version 1")
    stale = [
        tmp_path / ".plan.k3j_9x0q.ragbook-tmp.xlsx",
        tmp_path / ".plan.AbC12345.ragbook-tmp.xlsx",
    ]
    others = [
        tmp_path / ".plan.v2.abcdefgh.ragbook-tmp.xlsx",  # plan.v2.xlsx's
        tmp_path / ".plan.abcdefgh.ragbook-tmp.xlsm",  # plan.xlsm's
        tmp_path / "notes.plan.abcdefgh.ragbook-tmp.xlsx",
    ]
    for path in stale + others:
        path.write_bytes(b"half a workbook")
    fileio.save_atomically(plan, lambda fh: fh.write(b"version 2"), make_backup=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["plan.xlsx"] + [p.name for p in others]
    )


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
    with pytest.raises(FileProblem, match=r"plan.xlsx is read-only"):
        fileio.save_atomically(plan, lambda fh: fh.write(b"y"))
    assert plan.read_bytes() == b"x"


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
