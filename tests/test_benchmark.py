"""The benchmark script runs end to end on a small plan and reports every column.

Speed itself is never asserted here (shared machines are noisy); the numbers
come from `python3 benchmarks/run.py` and are quoted in docs/speed.md.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_script_reports_medians_ratios_and_memory(tmp_path):
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "40",
            "--repeat",
            "1",
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr

    rows = json.loads((tmp_path / "results.json").read_text())
    assert [r["actions"] for r in rows] == [40]
    medians = rows[0]["medians"]
    for key in (
        "refresh_first",
        "refresh_second",
        "check",
        "split",
        "openpyxl_first",
        "openpyxl_second",
        "cli_process",
    ):
        assert medians[key] > 0, key
    assert rows[0]["peak_mb"]["refresh_first"] > 0
    assert rows[0]["peak_mb"]["openpyxl_first"] > 0

    table = (tmp_path / "results.md").read_text()
    assert "--sizes 40 --repeat 1" in table
    row = next(line for line in table.splitlines() if line.startswith("| 40 / "))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert len(cells) == 11
    assert cells[7].count("x") == 2  # ratio 1st / 2nd
