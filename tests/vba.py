"""The VBA source inside an Excel file, read with oletools' olevba (an independent reader)."""

from __future__ import annotations

import os
import warnings
import zipfile
from pathlib import Path

import pytest


def vba_modules(path: Path) -> dict[str, str]:
    """Module name -> VBA source of the file's xl/vbaProject.bin."""
    try:
        with warnings.catch_warnings():  # oletools uses pyparsing's deprecated names
            warnings.simplefilter("ignore")
            from oletools.olevba import VBA_Parser
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(
                "oletools is not installed, and CI=true requires it: pip install -e '.[test]'"
            )
        pytest.skip("oletools is not installed: pip install -e '.[test]'")
    with zipfile.ZipFile(path) as package:
        data = package.read("xl/vbaProject.bin")
    parser = VBA_Parser("vbaProject.bin", data=data)
    try:
        modules = {}
        for _, _, name, code in parser.extract_macros():
            text = code.decode("utf-8", "replace") if isinstance(code, bytes) else code
            modules[name.rsplit(".", 1)[0]] = text.replace("\r\n", "\n")
        return modules
    finally:
        parser.close()
