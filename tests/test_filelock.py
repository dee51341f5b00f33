"""The lock beside a plan: one ragbook run writes a plan at a time, a second one waits a
few seconds and then says who holds it, and a lock left by a killed run is taken over."""

from __future__ import annotations

import getpass
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ragbook.errors import WorkbookInUse
from ragbook.xlsx import filelock

HOLD = """
import sys
from ragbook.xlsx import filelock
lock = filelock.acquire(sys.argv[1])
print("held", flush=True)
sys.stdin.read()
lock.release()
"""


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"a plan")
    return path


@pytest.fixture
def holder(plan: Path):
    """Another process holding the plan's lock until its stdin closes."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(plan)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "held"
    yield proc
    if proc.poll() is None:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_the_lock_file_says_who_holds_it_and_goes_on_release(plan):
    lock = filelock.acquire(plan)
    record = json.loads(filelock.lock_path(plan).read_text())
    assert record["pid"] == os.getpid() and record["host"] == socket.gethostname()
    assert record["user"] == getpass.getuser()
    lock.release()
    assert not filelock.lock_path(plan).exists()
    assert sorted(p.name for p in plan.parent.iterdir()) == ["plan.xlsx"]


def test_the_lock_is_reentrant_within_a_process(plan):
    first = filelock.acquire(plan, wait=0)
    second = filelock.acquire(plan, wait=0)
    second.release()
    assert filelock.lock_path(plan).exists() and filelock.holds(plan)
    first.release()
    assert not filelock.lock_path(plan).exists() and not filelock.holds(plan)


def test_a_second_run_is_told_who_holds_the_lock(plan, holder):
    with pytest.raises(WorkbookInUse) as err:
        filelock.acquire(plan, wait=0)
    message = str(err.value)
    assert message.startswith(
        f"plan.xlsx is being written by another ragbook run "
        f"({getpass.getuser()}, process {holder.pid}, since "
    )
    assert message.endswith(
        "wait for it to finish and try again. If no ragbook is running, "
        "delete plan.xlsx.ragbook-lock beside the plan."
    )
    assert "\n" not in message


def test_a_second_run_waits_for_the_first_to_finish(plan, holder):
    got = []
    waiter = threading.Thread(target=lambda: got.append(filelock.acquire(plan, wait=120)))
    waiter.start()
    holder.stdin.close()  # the first run finishes
    holder.wait(timeout=30)
    waiter.join(timeout=120)
    assert got and filelock.holds(plan)
    assert json.loads(filelock.lock_path(plan).read_text())["pid"] == os.getpid()
    got[0].release()


def test_the_lock_of_a_killed_run_is_taken_over(plan, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    assert filelock.lock_path(plan).exists()  # left behind
    with filelock.acquire(plan, wait=0):
        assert json.loads(filelock.lock_path(plan).read_text())["pid"] == os.getpid()
    assert not filelock.lock_path(plan).exists()


def write_lock(plan: Path, record: dict | bytes, age: float = 0) -> Path:
    path = filelock.lock_path(plan)
    path.write_bytes(record if isinstance(record, bytes) else json.dumps(record).encode())
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_a_lock_from_another_computer_is_waited_for_until_it_is_old(plan):
    record = {
        "user": "officer",
        "host": "other-pc.example.org",
        "pid": 4242,
        "since": "2019-01-31T09:00:00",
    }
    write_lock(plan, record, age=60)
    with pytest.raises(
        WorkbookInUse,
        match=r"\(officer on other-pc.example.org, process 4242, "
        r"since 2019-01-31 09:00:00\)",
    ):
        filelock.acquire(plan, wait=0)
    write_lock(plan, record, age=filelock.FOREIGN_STALE_SECONDS + 60)
    filelock.acquire(plan, wait=0).release()


def test_an_unreadable_lock_is_stale_once_it_is_not_being_written(plan):
    write_lock(plan, b"", age=0)
    with pytest.raises(
        WorkbookInUse,
        match=r"^plan.xlsx is being written by another ragbook "
        r"run \(someone\)",
    ):
        filelock.acquire(plan, wait=0)
    write_lock(plan, b"\x00\xff junk", age=filelock.UNREADABLE_STALE_SECONDS + 5)
    filelock.acquire(plan, wait=0).release()


@pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="process start times are read from /proc"
)
def test_a_lock_whose_process_number_was_reused_is_stale(plan):
    """The pid in the lock is alive, but it is another process that started later."""
    write_lock(
        plan, {"user": "officer", "host": socket.gethostname(), "pid": os.getppid(), "started": "1"}
    )
    filelock.acquire(plan, wait=0).release()


def test_a_lock_cannot_be_taken_in_a_folder_that_cannot_be_written(plan, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(filelock.os, "open", refuse)
    with pytest.raises(Exception) as err:
        filelock.acquire(plan, wait=0)
    assert str(err.value).startswith(
        f"ragbook is not allowed to write in {plan.parent} (while taking the lock on plan.xlsx)"
    )
