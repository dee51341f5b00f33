"""The board paper as PDF (WeasyPrint): tagged (PDF/UA-1), with the title and language,
and every number in its text the JSON summary's, read back with poppler's pdftotext."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zlib

import pytest
from test_board_html import made_report, pairs

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext") and not os.environ.get("CI"),
    reason="needs poppler-utils (apt-get install poppler-utils); CI installs it",
)


def pdf_text(path) -> str:
    out = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())


def pdf_info(path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def pdf_objects(path) -> list[bytes]:
    """The PDF's bytes and each of its streams, uncompressed."""
    data = path.read_bytes()
    chunks = [data]
    for m in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", m.end())
        try:
            chunks.append(zlib.decompress(data[m.end() : end]))
        except zlib.error:
            continue
    return chunks


def catalog_language(path) -> str | None:
    """The /Lang of the PDF's catalog, looked for in its streams and its plain objects."""
    for chunk in pdf_objects(path):
        found = re.search(rb"/Type ?/Catalog.*?/Lang ?\(([^)]*)\)", chunk, re.DOTALL)
        if found:
            return found.group(1).decode()
    return None


@pytest.mark.parametrize("plan", ["demo", "tfc"])
def test_pdf_is_tagged_titled_and_says_the_json_numbers(tmp_path, plan):
    out, _, summary = made_report(tmp_path, plan, ".pdf")

    info = pdf_info(out)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip().startswith(f"{summary['title']}: highlight report")
    assert catalog_language(out) == "en-GB"
    structure = subprocess.run(
        ["pdfinfo", "-struct", str(out)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    tags = {line.split()[0].rstrip(":") for line in structure if line.strip()}
    assert {"H1", "H2", "Table", "Caption", "THead", "TH", "TD"} <= tags
    assert any("/Headers" in line for line in structure)  # data cells name their headers
    # every chart is a Figure with alt text: the chart's title and every number it shows
    figures = sum(1 for line in structure if line.strip() == "Figure:")
    alts = [
        m.decode("latin-1")
        for chunk in pdf_objects(out)
        for m in re.findall(rb"/Alt ?\(([^\n]{0,80})", chunk)
    ]
    assert figures >= 1 and len(alts) == figures
    assert any(
        a.startswith("Ratings by priority. Actions by rating for each priority. ") for a in alts
    )

    text = pdf_text(out)
    listed = re.search(r"There are (\d+) actions in the plan: (.*?)\. ", text)
    ratings = {k.lower(): v for k, v in summary["ratings"].items() if v}
    assert int(listed.group(1)) == summary["actions"] and pairs(listed.group(2)) == ratings
    pct = re.search(r"([\d.]+)% of actions are on track or completed \((\d+) of (\d+)\)", text)
    assert float(pct.group(1)) == summary["on_track_or_complete_pct"]
    overdue = re.search(r"(\d+) actions? (?:is|are) overdue", text)
    assert int(overdue.group(1)) == summary["overdue"]
    if plan == "tfc":
        assert (
            "There are 95 actions in the plan: 2 red, 3 amber, 74 green and 16 completed." in text
        )
        assert "94.7% of actions are on track or completed (90 of 95)." in text
    pages = int(info["Pages"])
    assert f"Page {pages} of {pages}" in text  # the footer numbers every page
