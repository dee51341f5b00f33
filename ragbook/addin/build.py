"""Build ragbook.xlam from the add-in template the installed xlwings ships, without Excel.

The template's VBA runs `import <file stem>; <file stem>.main()` when its
ribbon button is clicked, so naming the file ragbook.xlam makes the button run
ragbook.main(). The build replaces the ribbon, switches on the settings sheet
and fills in the Python to run, records the xlwings version, and copies every
other part, the VBA project above all, exactly as it is stored. Fixed
timestamps: the same template and settings give the same bytes.
"""

from __future__ import annotations

import hashlib
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import UnsafeToWrite, UsageProblem
from ..xlsx import fileio
from ..xlsx.zipwrite import ZipCopier
from . import ADDIN_NAME, parts
from .provenance import AddinStamp, custom_properties_xml, replaceable
from .xlwings_template import Template, find_template, notices

NOTICES_FILE = "ragbook-addin-notices.txt"
TITLE = "ragbook"
DESCRIPTION = "The ragbook tab: Refresh recounts and rebuilds the improvement plan's tracker."
# Settings the template's VBA reads from the myaddin.conf sheet.
INTERPRETER_WIN, INTERPRETER_MAC = "Interpreter_Win", "Interpreter_Mac"
# "false": xlwings would otherwise resolve a OneDrive/SharePoint workbook's web
# address before ragbook starts, and fail there with its own dialog; it would
# also put the plan's folder first on sys.path, where a stray ragbook.py would
# shadow the installed ragbook.
ADD_WORKBOOK_TO_PYTHONPATH = "ADD_WORKBOOK_TO_PYTHONPATH"


@dataclass
class BuildResult:
    path: Path
    notices: Path
    interpreter: str
    interpreter_found: bool  # False: no such file on this computer (fine for another one)
    stamp: AddinStamp
    replaced: bool  # an add-in ragbook built before was replaced


def interpreter_found(interpreter: str) -> bool:
    if "%" in interpreter or interpreter.startswith("$"):
        return True  # expanded by the VBA on the user's computer
    return Path(interpreter).is_file()


def edited_parts(template: zipfile.ZipFile, interpreter: str) -> dict[str, str]:
    """The template's parts that change, as text."""

    def text(name: str) -> str:
        return template.read(name).decode("utf-8")

    sheet = parts.set_config(
        text("xl/worksheets/sheet1.xml"),
        text("xl/sharedStrings.xml"),
        {
            INTERPRETER_WIN: interpreter,
            INTERPRETER_MAC: interpreter,
            ADD_WORKBOOK_TO_PYTHONPATH: "false",
        },
    )
    content_types, rels = parts.add_custom_properties_part(
        text("[Content_Types].xml"), text("_rels/.rels")
    )
    return {
        "customUI/customUI.xml": parts.ribbon(),
        "xl/workbook.xml": parts.switch_on_config_sheet(text("xl/workbook.xml")),
        "xl/worksheets/sheet1.xml": sheet,
        "docProps/core.xml": parts.set_core_properties(
            text("docProps/core.xml"), TITLE, DESCRIPTION
        ),
        "[Content_Types].xml": content_types,
        "_rels/.rels": rels,
    }


def build(
    out_dir: str | Path = ".",
    python: str | None = None,
    *,
    force: bool = False,
    template: Template | None = None,
) -> BuildResult:
    """Write ragbook.xlam and its licence notices into `out_dir`.

    Args:
        out_dir: the folder to write into (made if missing).
        python: the Python interpreter the button runs, as a path on the computer
            where Excel runs (default: the one running this build).
        force: replace a ragbook.xlam that ragbook did not write.
        template: the xlwings template (default: the installed xlwings').

    Raises:
        UsageProblem: xlwings or its template is missing, or the template has changed.
        UnsafeToWrite: a ragbook.xlam not written by ragbook is in the way.
    """
    template = template or find_template()
    interpreter = (python if python is not None else sys.executable).strip()
    if not interpreter:
        raise UsageProblem(
            "--python is empty: give the path of the Python that ragbook is "
            "installed in, e.g. C:\\ragbook\\venv\\Scripts\\python.exe"
        )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / ADDIN_NAME
    replaced = replaceable(target, force)
    raw = template.path.read_bytes()
    stamp = AddinStamp(template.xlwings_version, __version__, hashlib.sha256(raw).hexdigest())
    with zipfile.ZipFile(template.path) as source:
        try:
            edited = edited_parts(source, interpreter)
        except (parts.TemplateChanged, KeyError) as exc:
            raise UsageProblem(
                f"the add-in template of xlwings {template.xlwings_version} ({template.path}) is "
                f"not the one ragbook knows how to change: {exc}. Install the xlwings ragbook was "
                "made with (pip install xlwings==0.37.8) and build again"
            ) from None
        infos = source.infolist()
    encoded = {name: text.encode("utf-8") for name, text in edited.items()}
    custom = custom_properties_xml(stamp.properties()).encode("utf-8")

    def write(fh) -> None:
        with template.path.open("rb") as stored:
            copier = ZipCopier(fh, stored)
            for info in infos:
                if info.filename in encoded:
                    copier.write(info.filename, encoded[info.filename])
                else:
                    copier.copy(info)  # the VBA project among them: the very bytes stored
                if info.filename == "docProps/core.xml":
                    copier.write(parts.CUSTOM_PROPERTIES_PART, custom)
            copier.close()

    fileio.save_atomically(target, write, make_backup=False, check_owner=False, verify=_verify)
    notices_path = out_dir / NOTICES_FILE
    notices_path.write_text(notices(), encoding="utf-8", newline="\n")
    return BuildResult(
        target, notices_path, interpreter, interpreter_found(interpreter), stamp, replaced
    )


def _verify(path: Path) -> None:
    with zipfile.ZipFile(path) as written:
        bad = written.testzip()
    if bad is not None:
        raise UnsafeToWrite(f"the add-in came out damaged (part {bad}); nothing was replaced")
