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
            *("--sizes", "40", "--repeat", "1", "--returns", "2", "3"),
            *("--many-leads", "60", "2", "8", "--curve", "40", "80"),
            *("--out", str(tmp_path)),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr

    results = json.loads((tmp_path / "results.json").read_text())
    rows = results["sizes"]
    assert [(r["actions"], r["leads"]) for r in rows] == [(40, 1)]
    medians = rows[0]["medians"]
    for key in (
        "refresh_first",
        "refresh_second",
        "check",
        "split",
        "openpyxl_first",
        "openpyxl_second",
        "cli_process",
        "floor",
        "collect_1",  # two or three returns asked for, one lead to return one
    ):
        assert medians[key] > 0, key
    assert rows[0]["peak_mb"]["refresh_first"] > 0
    assert rows[0]["peak_mb"]["openpyxl_first"] > 0
    startup = results["startup"]
    assert (
        startup["ratio"] == startup["medians"]["check_process"] / startup["medians"]["python_pass"]
    )
    many = results["many_leads"]
    assert (many["actions"], many["few"], many["many"]) == (60, 2, 8)
    assert [c["actions"] for c in results["curve"]] == [40, 80]
    assert all(c["us_per_action"] > 0 and c["peak_mb"] > 0 for c in results["curve"])

    table = (tmp_path / "results.md").read_text()
    assert "--sizes 40 --repeat 1" in table
    floor_row, openpyxl_row = (line for line in table.splitlines() if line.startswith("| 40 / "))
    cells = [c.strip() for c in floor_row.strip("|").split("|")]
    assert len(cells) == 8 and cells[3].endswith("x")  # refresh / floor
    assert cells[4].count("x") == 1 == cells[5].count("x")  # collect 2 and 3 / refresh
    cells = [c.strip() for c in openpyxl_row.strip("|").split("|")]
    assert len(cells) == 11
    assert cells[7].count("x") == 2  # ratio 1st / 2nd
    assert "ratio" in table.split("## The button")[1].split("##")[0]
    assert "| 80 |" in table.split("## Cost per action")[1]
