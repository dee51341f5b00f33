"""Shared fixtures. Test data is resolved from this folder, never the working directory."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# Real workbooks from the public test data of spreadsheet libraries (see corpus/README.md
# for where each came from and its licence). Kept in the repository so CI has them.
CORPUS = HERE / "corpus"
sys.path.insert(0, str(HERE))


@pytest.fixture
def corpus() -> Path:
    """The corpus of real workbooks made by Excel and other programs."""
    return CORPUS
