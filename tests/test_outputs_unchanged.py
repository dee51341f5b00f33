"""What ragbook writes stays the same, part for part, unless a change means it to.

A speed-up must not change a byte of what ragbook writes. This test runs the
monthly cycle on a generated plan (refresh, split, collect of three returned
workbooks) and compares a SHA-256 of every part of every file written with
tests/golden/outputs.json. When a change is meant to change the output (a new
column, say), run `python tests/test_outputs_unchanged.py --update`, and the
diff of outputs.json shows which parts changed: say why in the commit.
"""

from __future__ import annotations

import hashlib
import json
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "outputs.json"
AS_OF = date(2019, 1, 31)


def _parts(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: hashlib.sha256(z.read(n)).hexdigest()[:16] for n in sorted(z.namelist())}


def _return(book: Path, text: str) -> None:
    """A lead's reply as Excel would save it: the progress of their first actions typed."""
    import openpyxl

    wb = openpyxl.load_workbook(book)
    ws = wb.worksheets[0]
    header = next(r for r in ws.iter_rows() if any(c.value == "Progress update" for c in r))
    column = next(c.column for c in header if c.value == "Progress update")
    for row in range(header[0].row + 1, header[0].row + 3):
        ws.cell(row, column, f"{text} {row}")
    wb.save(book)


def outputs(work: Path) -> dict[str, dict[str, str]]:
    """Every part of every file the cycle writes, hashed."""
    import ragbook
    import ragbook.plan
    from ragbook.collect import collect_returns
    from ragbook.split import split_plan

    sys.path.insert(0, str(HERE.parent / "benchmarks"))
    from generate import generate

    real_id = ragbook.plan.new_plan_id
    ragbook.plan.new_plan_id = lambda: "0123456789abcdef"  # the one random part
    try:
        plan_path = generate(work / "plan.xlsx", 300, 15)
        ragbook.refresh(plan_path, AS_OF, backup=False)
        got = {"refresh": _parts(plan_path)}
        with ragbook.load(plan_path) as plan:
            books = sorted(f.path for f in split_plan(plan, work / "leads", as_of=AS_OF).files)
        got["split"] = _parts(books[0])
        for i, book in enumerate(books[:3]):
            _return(book, f"Reply {i}")
        collect_returns(
            plan_path, books[:3], now=datetime(2019, 2, 1, 9, 30), as_of=AS_OF, backup=False
        )
        got["collect"] = _parts(plan_path)
        return got
    finally:
        ragbook.plan.new_plan_id = real_id


def test_the_cycle_writes_the_same_bytes_as_before(tmp_path):
    expected = json.loads(GOLDEN.read_text())
    got = outputs(tmp_path)
    for step in expected:
        changed = sorted(
            name
            for name in expected[step].keys() | got[step].keys()
            if expected[step].get(name) != got[step].get(name)
        )
        assert not changed, f"{step} wrote different parts: {changed}"


if __name__ == "__main__" and sys.argv[1:] == ["--update"]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        GOLDEN.write_text(json.dumps(outputs(Path(folder)), indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
