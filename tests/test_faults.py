"""Fault tests of the write path: a full disk at each step, a plan replaced or changed
while it is refreshed, runs killed half way, two runs at once. Whatever happens, the
plan is either the old file or the new one, whole; a backup reported is there; and
nothing of a failed run is left beside the plan."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from builders import action, write_plan
from click.testing import CliRunner
from disk import small_disk

import ragbook
import ragbook.plan
import ragbook.xlsx.writer
from ragbook.cli import main
from ragbook.xlsx import backups, filelock

AS_OF = "2019-01-31"


def make_plan(folder: Path, name: str = "plan.xlsx", update: str = "Update ") -> Path:
    rows = [
        action(
            f"1.{i}",
            lead="AF" if i % 2 else "SG",
            due=date(2019, 1, i + 1),
            rating=("Red", "Amber", "Green")[i % 3],
            progress=update * i,
        )
        for i in range(1, 30)
    ]
    return write_plan(folder / name, rows)


def refresh(path: Path, *extra: str):
    return CliRunner().invoke(main, ["refresh", str(path), "--as-of", AS_OF, *extra])


def leftovers(folder: Path) -> list[str]:
    """Files a run may have left: temporary files, partial backups, locks."""
    found = [
        p.name
        for p in folder.iterdir()
        if ".ragbook-tmp" in p.name or p.name.endswith(filelock.LOCK_SUFFIX)
    ]
    backup_dir = folder / backups.BACKUP_DIR
    if backup_dir.exists():
        found += [p.name for p in backup_dir.iterdir() if p.name.endswith(backups.PARTIAL_SUFFIX)]
    return found


def opens(path: Path) -> bool:
    with zipfile.ZipFile(path) as z:
        return z.testzip() is None


def test_a_full_disk_at_each_step_changes_nothing_and_leaves_nothing(tmp_path, monkeypatch):
    plan = make_plan(tmp_path)
    first = refresh(plan)  # a plan refreshed once: the next refresh writes the same size
    assert first.exit_code == 0, first.output
    shutil.rmtree(tmp_path / backups.BACKUP_DIR, ignore_errors=True)
    before = plan.read_bytes()
    size = len(before)
    # no room at all; half the new file; the new file but no backup; half the backup
    for room in (0, size // 2, size + 10, size + size // 2):
        with monkeypatch.context() as patch:
            small_disk(patch, room)
            result = refresh(plan)
        assert result.exit_code == 2, (room, result.output)
        assert result.stderr.startswith("Error: the disk is full: there was no room while ")
        assert result.stderr.count("\n") == 1
        assert plan.read_bytes() == before
        assert leftovers(tmp_path) == []
        assert backups.backups_of(plan) == []  # no backup reported, none half-made
    result = refresh(plan)
    assert result.exit_code == 0
    [kept] = backups.backups_of(plan)
    assert f"Previous version kept as {kept}." in result.stdout and kept.read_bytes() == before


def test_the_backup_reported_exists_for_a_plan_with_an_old_modified_time(tmp_path):
    plan = make_plan(tmp_path)
    for _i in range(11):
        assert refresh(plan).exit_code == 0
    os.utime(plan, (946_684_800, 946_684_800))
    result = refresh(plan)
    line = [s for s in result.stdout.splitlines() if s.startswith("Previous version kept as ")]
    assert line, result.stdout
    kept = Path(line[0][len("Previous version kept as ") : -1])
    assert kept.exists() and opens(kept)
    assert len(backups.backups_of(plan)) == 10


def replace_during_write(monkeypatch, change):
    """Run `change` just before ragbook starts writing the new file."""
    real = ragbook.xlsx.writer.write_sheets

    def write_sheets(pkg, *args, **kwargs):
        change()
        return real(pkg, *args, **kwargs)

    monkeypatch.setattr(ragbook.xlsx.writer, "write_sheets", write_sheets)


@pytest.mark.unchecked_writes
def test_a_plan_replaced_during_a_refresh_is_not_saved_over(tmp_path, monkeypatch):
    """A sync client or a colleague saves a new version while the refresh runs."""
    plan = make_plan(tmp_path)
    theirs = make_plan(tmp_path, "theirs.xlsx", update="Their update ")
    wb_bytes = theirs.read_bytes()
    replace_during_write(monkeypatch, lambda: os.replace(theirs, plan))
    result = refresh(plan)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: plan.xlsx was changed by another program (or another ragbook "
        "run) while ragbook was working on it, so ragbook has not saved over "
        "it; nothing was written. Run ragbook again, to work from the file "
        "as it is now.\n"
    )
    assert plan.read_bytes() == wb_bytes
    assert leftovers(tmp_path) == []


@pytest.mark.unchecked_writes
def test_a_plan_rewritten_in_place_during_a_refresh_is_refused(tmp_path, monkeypatch):
    """Another program writes new bytes into the same file (same inode) while ragbook copies."""
    plan = make_plan(tmp_path)
    other = make_plan(tmp_path, "other.xlsx", update="Xpdate ")

    def rewrite():
        with open(plan, "r+b") as fh:
            fh.write(other.read_bytes())
            fh.truncate()

    replace_during_write(monkeypatch, rewrite)
    result = refresh(plan)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert (
        "is damaged in the zip" in result.stderr
        or "was changed by another program" in result.stderr
    ), result.stderr
    assert result.stderr.count("\n") == 1
    assert plan.read_bytes() == other.read_bytes()
    assert leftovers(tmp_path) == []


@pytest.mark.unchecked_writes
def test_a_copy_saved_elsewhere_is_made_from_the_file_as_it_was_read(tmp_path, monkeypatch):
    plan = make_plan(tmp_path)
    original = plan.read_bytes()
    theirs = make_plan(tmp_path, "theirs.xlsx", update="Their update ")
    theirs_bytes = theirs.read_bytes()
    loaded = ragbook.load(plan)
    loaded.refresh(date(2019, 1, 31))
    os.replace(theirs, plan)  # the plan's file is replaced after it was read
    result = loaded.save(tmp_path / "copy.xlsx")
    loaded.close()
    assert opens(result.path) and plan.read_bytes() == theirs_bytes
    (tmp_path / "orig.xlsx").write_bytes(original)
    with zipfile.ZipFile(tmp_path / "orig.xlsx") as o, zipfile.ZipFile(result.path) as z:
        assert z.read("xl/worksheets/sheet1.xml") == o.read("xl/worksheets/sheet1.xml")
        assert "Tracker" in z.read("xl/workbook.xml").decode()


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return proc.pid


def test_what_a_killed_run_left_is_cleared_by_the_next(tmp_path):
    plan = make_plan(tmp_path)
    assert refresh(plan).exit_code == 0
    # What kill -9 in the middle of a save leaves: a lock, a temporary file, a partial backup.
    filelock.lock_path(plan).write_text(
        f'{{"user": "officer", "host": "{os.uname().nodename}", "pid": {dead_pid()}}}'
    )
    for n in range(5):
        (tmp_path / f".plan.killed{n:02}.ragbook-tmp.xlsx").write_bytes(b"PK\x03\x04 half" * 1000)
    (tmp_path / backups.BACKUP_DIR / ".plan 2019-01-31 120000.xlsx.ragbook-partial").write_bytes(
        b"PK"
    )
    result = refresh(plan)
    assert result.exit_code == 0, result.output
    assert leftovers(tmp_path) == []
    assert opens(plan)


def test_two_refreshes_of_one_plan_at_once_never_damage_it(tmp_path):
    plan = make_plan(tmp_path)
    command = [sys.executable, "-m", "ragbook", "refresh", str(plan), "--as-of", AS_OF]
    for _ in range(3):
        runs = [
            subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        for run in runs:
            _out, err = run.communicate(timeout=120)
            assert run.returncode in (0, 2), err
            if run.returncode == 2:
                assert (
                    "is being written by another ragbook run" in err
                    or "was changed by another program" in err
                ), err
            assert "damaged" not in err and "unexpected error" not in err
        assert opens(plan)
        ragbook.load(plan).close()
    assert leftovers(tmp_path) == []


def test_a_part_unreadable_because_the_plan_was_rewritten_says_so(tmp_path):
    """Reading a part after another program rewrote the plan in place is 'changed by another
    program', not 'damaged ... open it in Excel, which can often repair it'."""
    from ragbook.errors import FileProblem
    from ragbook.xlsx.package import open_package

    plan = make_plan(tmp_path)
    other = make_plan(tmp_path, "other.xlsx", update="Xpdate ")
    pkg = open_package(plan)
    try:
        with open(plan, "r+b") as fh:
            fh.write(other.read_bytes()[:200] + b"\0" * 4000)
            fh.truncate()
        with pytest.raises(FileProblem, match="was changed by another program"):
            for info in pkg.infos:
                pkg.read(info.filename)
    finally:
        pkg.close()
