"""ragbook's benchmark: refresh, check and split against an openpyxl load-modify-save.

    python3 benchmarks/run.py                 # 300, 10,000 and 100,000 actions
    python3 benchmarks/run.py --sizes 300 10000 --repeat 5

Every measurement runs in a fresh process (so peak memory is that task's own)
and is repeated; the report gives medians, the ratio to the openpyxl cycle
measured in the same run, microseconds per action (to see that cost grows
linearly), and peak memory. Results go to benchmarks/results/results.md and results.json.
Machines are shared and noisy: compare ratios and medians, not single runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
AS_OF = date(2019, 1, 31)
SIZES = {300: 15, 10_000: 200, 100_000: 1000}


# -- child tasks: each runs in its own process and prints one JSON line ----


def _peak_kb() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def task_refresh(path: str) -> float:
    import ragbook

    start = time.perf_counter()
    plan = ragbook.load(path)
    plan.refresh(AS_OF)
    plan.save(backup=False)
    return time.perf_counter() - start


def task_check(path: str) -> float:
    import ragbook

    start = time.perf_counter()
    with ragbook.load(path) as plan:
        plan.summary(AS_OF)
    return time.perf_counter() - start


def task_split(path: str) -> float:
    out = tempfile.mkdtemp(prefix="ragbook-bench-split-")
    try:
        from click.testing import CliRunner

        from ragbook.cli import main

        start = time.perf_counter()
        result = CliRunner().invoke(
            main, ["split", path, "--out", out, "--as-of", AS_OF.isoformat()]
        )
        took = time.perf_counter() - start
        if result.exit_code != 0:
            raise RuntimeError(result.output)
        return took
    finally:
        shutil.rmtree(out, ignore_errors=True)


def task_openpyxl(path: str) -> float:
    """The same work done the usual way: openpyxl load, rebuild the sheets, save.

    The sheets' contents are laid out by ragbook first (not timed); the timed
    part is what a script written with openpyxl must do: load the workbook,
    drop the old tracker sheets, write the new ones cell by cell with their
    formats, and save.
    """
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    import ragbook
    from ragbook.layout import assign_names, build_refresh_sheets, refresh_roles

    with ragbook.load(path) as plan:
        summary = plan.summary(AS_OF)
        user = {s.name for s in plan.package.sheets}
        names = assign_names(refresh_roles(summary), {}, user)
        specs = build_refresh_sheets(plan.data, summary, names, user)
    start = time.perf_counter()
    wb = openpyxl.load_workbook(path)
    for spec in specs:
        if spec.name in wb.sheetnames:
            del wb[spec.name]
    cache = {}
    for spec in specs:
        ws = wb.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, cell in enumerate(row, start=1):
                if cell is None or cell.value is None:
                    continue
                target = ws.cell(r, c, cell.value)
                style = cell.style
                if style is not None:
                    if style not in cache:
                        cache[style] = (
                            Font(bold=style.bold, italic=style.italic, color=style.colour),
                            PatternFill("solid", fgColor=style.fill) if style.fill else None,
                            Alignment(
                                wrap_text=style.wrap, horizontal=style.align, vertical=style.valign
                            ),
                        )
                    font, fill, align = cache[style]
                    target.font, target.alignment = font, align
                    if fill is not None:
                        target.fill = fill
                    if style.num_fmt:
                        target.number_format = style.num_fmt
    wb.save(path)
    return time.perf_counter() - start


TASKS = {
    "refresh": task_refresh,
    "check": task_check,
    "split": task_split,
    "openpyxl": task_openpyxl,
}


def child(task: str, path: str) -> None:
    seconds = TASKS[task](path)
    print(json.dumps({"seconds": seconds, "peak_kb": _peak_kb()}))


# -- the parent: generate plans, run tasks in fresh processes, report ----------


def run_child(task: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", task, str(path)], capture_output=True, text=True
    )
    if out.returncode != 0:
        raise SystemExit(f"{task} on {path.name} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_cli(path: Path) -> float:
    """The whole `ragbook refresh` process, start to exit."""
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ragbook",
            "refresh",
            str(path),
            "--no-backup",
            "--as-of",
            AS_OF.isoformat(),
        ],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def measure(size: int, leads: int, repeat: int, work: Path) -> dict:
    from generate import generate

    source = work / f"plan-{size}.xlsx"
    if not source.exists():
        generate(source, size, leads)
    results: dict[str, list] = {
        k: []
        for k in (
            "refresh_first",
            "refresh_second",
            "check",
            "split",
            "openpyxl_first",
            "openpyxl_second",
            "cli_process",
        )
    }
    peaks: dict[str, int] = {}
    for _ in range(repeat):
        copy = work / f"run-{size}.xlsx"
        baseline = work / f"openpyxl-{size}.xlsx"
        shutil.copy(source, copy)
        shutil.copy(source, baseline)
        for key, task, path in (
            ("refresh_first", "refresh", copy),
            ("refresh_second", "refresh", copy),
            ("check", "check", copy),
            ("split", "split", copy),
            ("openpyxl_first", "openpyxl", baseline),
            ("openpyxl_second", "openpyxl", baseline),
        ):
            got = run_child(task, path)
            results[key].append(got["seconds"])
            peaks[key] = max(peaks.get(key, 0), got["peak_kb"])
        results["cli_process"].append(run_cli(copy))
    medians = {k: statistics.median(v) for k, v in results.items()}
    return {
        "actions": size,
        "leads": leads,
        "repeat": repeat,
        "medians": medians,
        "runs": results,
        "peak_mb": {k: round(v / 1024, 1) for k, v in peaks.items()},
    }


def report(rows: list[dict]) -> str:
    lines = [
        "# ragbook benchmark results",
        "",
        f"Run {datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; command: `python3 benchmarks/run.py "
        f"--sizes {' '.join(str(r['actions']) for r in rows)} --repeat {rows[0]['repeat']}`.",
        "Medians of the repeated runs, in seconds of work (load, compute, write); each in a "
        "fresh process. `openpyxl` is a plain openpyxl load, rebuild the same sheets, save, "
        "measured in the same run; the ratio is openpyxl's median over ragbook's.",
        "",
        "| actions / leads | refresh (1st) | refresh (2nd) | check | split | openpyxl (1st) | "
        "openpyxl (2nd) | ratio 1st / 2nd | µs per action (refresh) | peak MB refresh / "
        "openpyxl | whole `ragbook refresh` process |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        m = r["medians"]
        ratio1 = m["openpyxl_first"] / m["refresh_first"]
        ratio2 = m["openpyxl_second"] / m["refresh_second"]
        per = m["refresh_first"] / r["actions"] * 1e6
        lines.append(
            f"| {r['actions']:,} / {r['leads']:,} | {m['refresh_first']:.2f} | "
            f"{m['refresh_second']:.2f} | {m['check']:.2f} | {m['split']:.2f} | "
            f"{m['openpyxl_first']:.2f} | {m['openpyxl_second']:.2f} | "
            f"{ratio1:.1f}x / {ratio2:.1f}x | {per:.0f} | "
            f"{r['peak_mb'].get('refresh_first', 0):.0f} / "
            f"{r['peak_mb'].get('openpyxl_first', 0):.0f} | {m['cli_process']:.2f} s |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--child", nargs=2, metavar=("TASK", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    work = Path(tempfile.mkdtemp(prefix="ragbook-bench-"))
    rows = []
    try:
        for size in args.sizes:
            leads = SIZES.get(size, max(1, size // 50))
            print(f"{size:,} actions, {leads:,} leads ...", flush=True)
            rows.append(measure(size, leads, args.repeat, work))
            print(json.dumps(rows[-1]["medians"]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.mkdir(exist_ok=True)
    text = report(rows)
    (args.out / "results.md").write_text(text)
    (args.out / "results.json").write_text(json.dumps(rows, indent=2))
    print(text)


if __name__ == "__main__":
    main()
