"""Backups that are always there: whole and checked before the plan is replaced, pruned by
when they were made, never in the run that made them, never down to no good one, and
partial files of failed runs cleared."""

from __future__ import annotations

import os
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from disk import losing_backups, small_disk

from ragbook.errors import FileProblem
from ragbook.xlsx import backups, fileio


def workbook(path: Path, text: str) -> Path:
    """A small zip standing in for a plan (backups check the copy opens as a zip)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", f"<workbook>{text}</workbook>" + " " * 2000)
    return path


def contents(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/workbook.xml").decode().split("<workbook>")[1].split("</")[0]


def folder(tmp_path: Path) -> Path:
    return tmp_path / backups.BACKUP_DIR


def names(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in folder(tmp_path).iterdir())


def test_the_newest_ten_are_kept_by_when_they_were_made_not_by_modified_time(tmp_path):
    plan = workbook(tmp_path / "plan.xlsx", "v0")
    for i in range(13):
        workbook(plan, f"v{i}")
        # The plan's modified time goes backwards (copied from elsewhere, a restore...):
        os.utime(plan, (2_000_000_000 - i * 86400,) * 2)
        made = backups.make_backup(plan, stamp=datetime(2019, 1, 1, 12, 0, i))
        assert made.exists()
    kept = backups.backups_of(plan)
    assert len(kept) == 10
    assert [contents(p) for p in kept] == [f"v{i}" for i in range(3, 13)]


def test_a_plan_with_an_old_modified_time_keeps_the_backup_just_made(tmp_path):
    plan = workbook(tmp_path / "plan.xlsx", "current")
    folder(tmp_path).mkdir()
    for day in range(1, 11):  # ten backups from earlier runs, modified "now"
        workbook(folder(tmp_path) / f"plan 2019-01-{day:02} 120000.xlsx", f"day {day}")
    os.utime(plan, (946_684_800, 946_684_800))  # the plan itself last changed in 2000
    made = fileio.save_atomically(
        plan, lambda fh: fh.write(workbook(tmp_path / "new.xlsx", "next").read_bytes())
    )
    assert made is not None and made.exists()  # "Previous version kept as ..." is true
    assert contents(made) == "current"
    kept = backups.backups_of(plan)
    assert len(kept) == 10 and kept[-1] == made
    assert "plan 2019-01-01 120000.xlsx" not in names(tmp_path)  # the oldest made went


def test_ten_runs_failing_on_a_full_disk_lose_no_good_backup(tmp_path, monkeypatch):
    plan = workbook(tmp_path / "plan.xlsx", "good")
    good = backups.make_backup(plan, stamp=datetime(2019, 1, 1, 9, 0, 0))
    new = workbook(tmp_path / "new.xlsx", "refreshed").read_bytes()
    size = plan.stat().st_size
    for _run in range(10):
        with monkeypatch.context() as patch:
            # room for the new file and half the backup: the backup is what fails
            small_disk(patch, len(new) + size // 2)
            with pytest.raises(FileProblem) as err:
                fileio.save_atomically(plan, lambda fh: fh.write(new))
        message = str(err.value)
        assert "\n" not in message
        assert message.startswith(
            "the disk is full: there was no room while keeping a backup "
            f"of plan.xlsx (in {folder(tmp_path)}); nothing was changed"
        )
        assert "--no-backup" in message
        assert contents(plan) == "good"
        assert names(tmp_path) == [good.name]  # no partial file, nothing pruned
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            [backups.BACKUP_DIR, "plan.xlsx", "new.xlsx"]
        )
    made = fileio.save_atomically(plan, lambda fh: fh.write(new))
    assert made.exists() and contents(made) == "good" and good.exists()
    assert contents(plan) == "refreshed"


def test_a_partial_backup_left_by_a_killed_run_is_cleared_and_not_counted(tmp_path):
    plan = workbook(tmp_path / "plan.xlsx", "v1")
    folder(tmp_path).mkdir()
    partial = folder(tmp_path) / ".plan 2019-01-02 120000.xlsx.ragbook-partial"
    partial.write_bytes(b"PK\x03\x04 half")
    other = folder(tmp_path) / ".other 2019-01-02 120000.xlsx.ragbook-partial"
    other.write_bytes(b"another plan's, being written now")
    made = backups.make_backup(plan, stamp=datetime(2019, 1, 3, 12, 0, 0))
    assert names(tmp_path) == sorted([made.name, other.name])
    assert backups.backups_of(plan) == [made]


def test_cut_short_backups_of_older_versions_are_not_counted_and_the_last_good_one_stays(tmp_path):
    plan = workbook(tmp_path / "plan.xlsx", "v1")
    folder(tmp_path).mkdir()
    good = workbook(folder(tmp_path) / "plan 2019-01-01 120000.xlsx", "the last good one")
    for day in range(2, 14):  # newer, but cut short by a full disk (ragbook before this fix)
        (folder(tmp_path) / f"plan 2019-01-{day:02} 120000.xlsx").write_bytes(
            good.read_bytes()[:100]
        )
    made = backups.make_backup(plan, stamp=datetime(2019, 1, 20, 12, 0, 0))
    assert names(tmp_path) == sorted([good.name, made.name])
    assert contents(good) == "the last good one" and contents(made) == "v1"


def test_a_backup_is_checked_whole_before_the_plan_is_replaced(tmp_path, monkeypatch):
    """A copy that came out short (a drive that lost the end of it) stops the save."""
    plan = workbook(tmp_path / "plan.xlsx", "v1")
    losing_backups(monkeypatch)
    with pytest.raises(
        FileProblem,
        match=r"^the backup of plan.xlsx came out \d[\d,]* bytes long, "
        r"not [\d,]+; nothing was changed",
    ):
        fileio.save_atomically(plan, lambda fh: fh.write(b"new"))
    assert contents(plan) == "v1"
    assert names(tmp_path) == []


def test_no_backup_is_made_or_pruned_with_no_backup(tmp_path):
    plan = workbook(tmp_path / "plan.xlsx", "v1")
    assert fileio.save_atomically(plan, lambda fh: fh.write(b"v2"), make_backup=False) is None
    assert not folder(tmp_path).exists()


def test_backups_made_in_the_same_second_keep_their_order_after_pruning(tmp_path):
    """A freed name ('plan ... 120000.xlsx' once pruned) is never reused for a newer backup."""
    plan = workbook(tmp_path / "plan.xlsx", "v0")
    same_second = datetime(2019, 1, 31, 12, 0, 0)
    for i in range(15):
        workbook(plan, f"v{i}")
        made = backups.make_backup(plan, stamp=same_second)
        assert backups.backups_of(plan)[-1] == made
    assert [contents(p) for p in backups.backups_of(plan)] == [f"v{i}" for i in range(5, 15)]
