"""Put ragbook.xlam where Excel loads it at start-up, or say how to add it by hand.

Windows: the user's XLSTART folder, %APPDATA%\\Microsoft\\Excel\\XLSTART (where
`xlwings addin install` puts add-ins). Mac: Office's start-up folder in the
sandbox, ~/Library/Group Containers/UBF8T346G9.Office/User Content/Startup/Excel,
plus the AppleScript that xlwings' VBA runs Python through. Add-ins in these
folders open with Excel; they are not listed in Excel's Add-ins dialog.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..xlsx import fileio
from . import ADDIN_NAME
from .provenance import AddinStamp, check_addin, replaceable
from .xlwings_template import applescript, find_template

WINDOWS_EXCEL = ("Microsoft", "Excel")  # under %APPDATA%: there once Excel has run
MAC_OFFICE = ("Library", "Group Containers", "UBF8T346G9.Office")  # under the home folder
WINDOWS_STARTUP = (*WINDOWS_EXCEL, "XLSTART")
MAC_STARTUP = (*MAC_OFFICE, "User Content", "Startup", "Excel")
MAC_SCRIPTS = ("Library", "Application Scripts", "com.microsoft.Excel")

BY_HAND = """To add it by hand:
  1. Copy {source} to a folder where it can stay (your Documents folder, say).
  2. Windows Excel: File > Options > Add-ins; at the bottom choose Manage: Excel Add-ins
     and Go...; Browse..., pick ragbook.xlam, OK; make sure "ragbook" is ticked; OK.
     Mac Excel: Tools > Excel Add-ins...; Browse..., pick ragbook.xlam, Open; make sure
     "ragbook" is ticked; OK. Also run `xlwings runpython install` once on the Mac.
  3. The ragbook tab appears on the ribbon: open your plan and click Refresh."""


@dataclass
class InstallResult:
    source: Path
    stamp: AddinStamp
    target: Path | None  # None: not copied; `next_steps` says how to add it by hand
    replaced: bool  # an add-in ragbook built before was replaced
    forced: bool  # a file ragbook did not write was replaced (--force)
    applescript: Path | None  # Mac: the AppleScript copied for xlwings' RunPython
    next_steps: str


def excel_folders(platform: str, env: Mapping[str, str], home: Path) -> tuple[Path, Path] | None:
    """(Excel's own folder for this user, its start-up folder), or None where Excel does not run."""
    if platform.startswith("win"):
        appdata = env.get("APPDATA")
        if not appdata:
            return None
        return Path(appdata).joinpath(*WINDOWS_EXCEL), Path(appdata).joinpath(*WINDOWS_STARTUP)
    if platform == "darwin":
        return home.joinpath(*MAC_OFFICE), home.joinpath(*MAC_STARTUP)
    return None


def installed_addin(
    platform: str | None = None, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Path | None:
    """The ragbook.xlam in Excel's start-up folder, if there is one."""
    folders = excel_folders(*_this_computer(platform, env, home))
    target = folders[1] / ADDIN_NAME if folders else None
    return target if target and target.is_file() else None


def _this_computer(
    platform: str | None, env: Mapping[str, str] | None, home: Path | None
) -> tuple[str, Mapping[str, str], Path]:
    """(platform, env, home), this computer's (sys.platform, os.environ, the home folder)
    for any not given."""
    return platform or sys.platform, os.environ if env is None else env, home or Path.home()


def install(
    source: str | Path,
    *,
    force: bool = False,
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
    home: Path | None = None,
) -> InstallResult:
    """Copy the built add-in into Excel's start-up folder.

    Args:
        source: the ragbook.xlam that `ragbook addin build` wrote.
        force: replace a ragbook.xlam in that folder that ragbook did not write.
        platform, env, home: this computer's (sys.platform, os.environ, the home folder).

    Raises:
        FileProblem: there is no add-in at `source`.
        UsageProblem: it was not built by ragbook.
        AddinOutOfDate: it was built from another xlwings than the installed one.
        UnsafeToWrite: a file ragbook did not write is in the way (without force).
        WorkbookInUse: Excel has the installed add-in open (Windows): close Excel first.
    """
    source = Path(source)
    stamp = check_addin(source)
    platform, env, home = _this_computer(platform, env, home)
    folders = excel_folders(platform, env, home)
    if folders is None or not folders[0].is_dir():
        where = (
            f"Excel's folder {folders[0]} is not there (has Excel run for you on this computer?)"
            if folders
            else "Excel does not run on this computer"
        )
        return InstallResult(
            source,
            stamp,
            None,
            False,
            False,
            None,
            f"{where}, so ragbook did not copy the add-in.\n"
            + BY_HAND.format(source=source.resolve()),
        )
    folder = folders[1]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / ADDIN_NAME
    exists = target.exists()
    replaced = replaceable(target, force)
    if not (exists and target.resolve() == source.resolve()):
        data = source.read_bytes()
        fileio.save_atomically(
            target, lambda fh: fh.write(data), make_backup=False, check_owner=False
        )
    script = _install_applescript(home) if platform == "darwin" else None
    restart = (
        "Quit Excel (Cmd-Q) and start it again"
        if platform == "darwin"
        else "Close Excel and start it again"
    )
    return InstallResult(
        source,
        stamp,
        target,
        replaced,
        exists and not replaced,
        script,
        f"{restart}: the ragbook tab appears on the ribbon. Open your plan and click Refresh.",
    )


def _install_applescript(home: Path) -> Path:
    """xlwings' VBA runs Python on a Mac through this script (`xlwings runpython install`)."""
    script = applescript(find_template())
    folder = home.joinpath(*MAC_SCRIPTS)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / script.name
    if not target.exists():
        shutil.copyfile(script, target)
    return target
