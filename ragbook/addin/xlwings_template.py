"""The custom add-in template the installed xlwings ships, found without importing xlwings.

`xlwings quickstart NAME --addin --ribbon` copies this file unchanged; ragbook
edits a copy of it instead (see build.py). Its VBA names xlwings' DLL and Mac
AppleScript by version, so an add-in built from it works with that xlwings
version only.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from importlib import metadata, resources, util
from pathlib import Path

from ..errors import UsageProblem

TEMPLATE_NAME = "quickstart_addin_ribbon.xlam"
NOTICES_NAME = "NOTICES.txt"


@dataclass(frozen=True)
class Template:
    path: Path
    xlwings_version: str


def installed_xlwings_version() -> str | None:
    """The version of xlwings installed in this Python, or None."""
    try:
        return metadata.version("xlwings")
    except metadata.PackageNotFoundError:
        return None


def find_template() -> Template:
    """The installed xlwings' ribbon add-in template.

    Raises:
        UsageProblem: xlwings is not installed, or has no such template.
    """
    version = installed_xlwings_version()
    spec = util.find_spec("xlwings")
    if version is None or spec is None or not spec.submodule_search_locations:
        raise UsageProblem(
            f"xlwings is not installed in this Python ({sys.executable}), and the "
            "add-in is built from its template: pip install 'ragbook[excel]', then try again"
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    path = folder / TEMPLATE_NAME
    if not path.is_file():
        raise UsageProblem(
            f"xlwings {version} has no {TEMPLATE_NAME} in {folder}, so ragbook cannot "
            "build the add-in from it: install xlwings 0.30 or later "
            "(pip install --upgrade xlwings), then try again"
        )
    return Template(path, version)


def applescript(template: Template) -> Path:
    """The AppleScript xlwings' VBA calls on a Mac to run Python (named by version)."""
    return template.path.parent / f"xlwings-{template.xlwings_version}.applescript"


def notices() -> str:
    """The licence notices that go with the add-in (xlwings: BSD 3-clause; VBA-Dictionary: MIT)."""
    return resources.files("ragbook.addin").joinpath(NOTICES_NAME).read_text(encoding="utf-8")
