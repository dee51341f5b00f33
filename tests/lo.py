"""LibreOffice (headless) as an independent spreadsheet program for tests."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import uuid
from pathlib import Path

import pytest

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


# Node ids of the tests marked @pytest.mark.libreoffice (conftest.py records them).
MARKED: set[str] = set()


def require_marker() -> None:
    """Fail the running test unless it is marked libreoffice, so that
    `pytest -m "not libreoffice"` (the fast loop) leaves out every test that runs it."""
    current = os.environ.get("PYTEST_CURRENT_TEST")
    if current is None:  # not under pytest
        return
    node = current.rsplit(" (", 1)[0]
    if node not in MARKED:
        pytest.fail(
            f"{node} runs LibreOffice but is not marked: add @pytest.mark.libreoffice to it",
            pytrace=False,
        )


def soffice() -> str:
    """The soffice binary; skips the test without it, except under CI=true where it fails."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            "LibreOffice (soffice) is not installed, and CI=true requires it: "
            "apt-get install libreoffice-calc-nogui"
        )
    pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")


def convert(
    source: Path,
    to: str,
    outdir: Path,
    *,
    recalc: bool = False,
    infilter: str | None = None,
    timeout: int = 240,
) -> Path:
    """Open `source` in LibreOffice and save it as `to` (xlsx, csv, pdf ...) in outdir.

    With recalc=True LibreOffice recalculates every formula on load instead of
    trusting the values stored in the file.
    """
    require_marker()
    binary = soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / f"lo-profile-{uuid.uuid4().hex[:8]}"
    (profile / "user").mkdir(parents=True)
    if recalc:
        (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS)
    args = [
        binary,
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--headless",
        "--norestore",
    ]
    if infilter:
        args.append(f"--infilter={infilter}")
    args += ["--convert-to", to, "--outdir", str(outdir), str(source)]
    # LibreOffice forks soffice.bin; a timeout must end the whole process group.
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        shutil.rmtree(profile, ignore_errors=True)
        raise AssertionError(
            f"LibreOffice took more than {timeout} s to convert {source.name}"
        ) from None
    result = subprocess.CompletedProcess(args, process.returncode, stdout, stderr)
    shutil.rmtree(profile, ignore_errors=True)
    produced = outdir / (source.stem + "." + to.split(":")[0])
    if result.returncode != 0 or not produced.exists():
        raise AssertionError(
            f"LibreOffice could not convert {source.name} to {to}: "
            f"exit {result.returncode}; {result.stdout} {result.stderr}"
        )
    return produced
