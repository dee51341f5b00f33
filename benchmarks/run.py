"""ragbook's benchmark: refresh, check, split and collect against the floor and openpyxl.

    python3 benchmarks/run.py                 # 300, 10,000 and 100,000 actions
    python3 benchmarks/run.py --sizes 300 10000 --curve 1000 10000 --repeat 5

Every measurement runs in a fresh process (so peak memory is that task's own)
and is repeated; the report gives medians and ratios to baselines measured in
the same run: the floor (lxml parsing every part of the refreshed workbook that
ragbook reads or writes), one refresh (for collect of N returned workbooks), a
bare `python -c pass` (for a whole `ragbook check` process), few leads (for many
leads on the same actions), and an openpyxl load-modify-save of the same sheets;
then microseconds per action from 1,000 to 100,000 actions, and peak memory.
Results go to benchmarks/results/results.md and results.json. Machines are
shared and noisy: compare ratios and medians, not single runs.
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
    """This process's peak memory, in KB. On Linux, VmHWM: getrusage's ru_maxrss
    survives exec, so a child started by a parent that once held a big plan would
    report the parent's peak."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
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


def task_floor(path: str) -> float:
    """The floor: lxml parsing every part of the refreshed workbook that ragbook reads
    or writes (all its XML but the document properties), straight from the zip."""
    import zipfile

    from lxml import etree

    start = time.perf_counter()
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            name = info.filename
            if name.endswith((".xml", ".rels")) and not name.startswith("docProps/"):
                etree.fromstring(z.read(info))
    return time.perf_counter() - start


def task_collect(path: str, returns: str) -> float:
    """collect of every lead workbook in the folder `returns` into the plan."""
    from ragbook.collect import collect_returns

    files = sorted(Path(returns).glob("*.xlsx"))
    start = time.perf_counter()
    result = collect_returns(path, files, now=datetime(2019, 2, 1, 9, 0), as_of=AS_OF, backup=False)
    took = time.perf_counter() - start
    # Every workbook is read and goes in (an action two leads share can conflict).
    if any(o.refused for o in result.outcomes) or not result.changes:
        raise RuntimeError("collect refused a returned workbook")
    return took


TASKS = {
    "refresh": task_refresh,
    "check": task_check,
    "split": task_split,
    "openpyxl": task_openpyxl,
    "floor": task_floor,
    "collect": task_collect,
}


def child(task: str, *args: str) -> None:
    seconds = TASKS[task](*args)
    print(json.dumps({"seconds": seconds, "peak_kb": _peak_kb()}))


# -- the parent: generate plans, run tasks in fresh processes, report ----------


def run_child(task: str, path: Path, *extra: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", task, str(path), *map(str, extra)],
        capture_output=True,
        text=True,
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


def prepare_returns(plan: Path, folder: Path, count: int) -> Path:
    """`count` lead workbooks as leads send them back: split from the refreshed
    `plan`, two progress updates typed into each, saved by openpyxl (as a program
    other than ragbook saves them)."""
    import openpyxl

    import ragbook
    from ragbook.split import split_plan

    books = folder / "leads"
    if not books.exists():
        with ragbook.load(plan) as loaded:
            split_plan(loaded, books, as_of=AS_OF)
    returns = folder / f"returns-{count}"
    returns.mkdir(exist_ok=True)
    for i, book in enumerate(sorted(books.glob("*.xlsx"))[:count]):
        wb = openpyxl.load_workbook(book)
        ws = wb.worksheets[0]
        header = next(r for r in ws.iter_rows() if any(c.value == "Progress update" for c in r))
        column = next(c.column for c in header if c.value == "Progress update")
        for row in (header[0].row + 1, header[0].row + 2):
            ws.cell(row, column, f"Benchmark update {i}.{row}")
        wb.save(returns / book.name)
    return returns


def median_of(task: str, path: Path, repeat: int, *extra: Path, fresh: Path | None = None):
    """Median seconds and peak KB of `task` run `repeat` times, each in a fresh process
    (on a fresh copy of `fresh` when given, for tasks that change the plan)."""
    seconds, peak = [], 0
    for _ in range(repeat):
        if fresh is not None:
            shutil.copy(fresh, path)
        got = run_child(task, path, *extra)
        seconds.append(got["seconds"])
        peak = max(peak, got["peak_kb"])
    return statistics.median(seconds), seconds, peak


def measure(size: int, leads: int, repeat: int, work: Path, returns: list[int]) -> dict:
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
            "floor",
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
            ("floor", "floor", copy),
            ("check", "check", copy),
            ("split", "split", copy),
            ("openpyxl_first", "openpyxl", baseline),
            ("openpyxl_second", "openpyxl", baseline),
        ):
            got = run_child(task, path)
            results[key].append(got["seconds"])
            peaks[key] = max(peaks.get(key, 0), got["peak_kb"])
        results["cli_process"].append(run_cli(copy))
    # collect: N returned workbooks into the refreshed plan (a fresh copy each run)
    refreshed = work / f"refreshed-{size}.xlsx"
    shutil.copy(work / f"run-{size}.xlsx", refreshed)
    for count in sorted({min(n, leads) for n in returns}):
        folder = prepare_returns(refreshed, work / f"returns-{size}", count)
        key = f"collect_{count}"
        _, runs, peak = median_of(
            "collect", work / f"collect-{size}.xlsx", repeat, folder, fresh=refreshed
        )
        results[key], peaks[key] = runs, peak
    medians = {k: statistics.median(v) for k, v in results.items()}
    return {
        "actions": size,
        "leads": leads,
        "repeat": repeat,
        "medians": medians,
        "runs": results,
        "peak_mb": {k: round(v / 1024, 1) for k, v in peaks.items()},
    }


def startup(work: Path, repeat: int) -> dict:
    """What the Excel button waits for: a whole `ragbook check` process on a
    60-action plan, against a bare `python -c pass` measured in the same run."""
    from generate import generate

    plan = generate(work / "plan-60.xlsx", 60, 6)
    commands = {
        "python_pass": [sys.executable, "-c", "pass"],
        "check_process": [
            sys.executable,
            "-m",
            "ragbook",
            "check",
            str(plan),
            "--as-of",
            AS_OF.isoformat(),
        ],
    }
    runs: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(max(repeat, 5)):  # start-up is short: more runs for a steady median
        for key, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            runs[key].append(time.perf_counter() - start)
    medians = {k: statistics.median(v) for k, v in runs.items()}
    return {
        "medians": medians,
        "runs": runs,
        "ratio": medians["check_process"] / medians["python_pass"],
    }


def many_leads(size: int, few: int, many: int, repeat: int, work: Path) -> dict:
    """Refresh of the same number of actions shared by `few` and by `many` leads."""
    from generate import generate

    out = {}
    for leads in (few, many):
        source = generate(work / f"leads-{size}-{leads}.xlsx", size, leads)
        median, runs, peak = median_of(
            "refresh", work / f"leads-run-{leads}.xlsx", repeat, fresh=source
        )
        out[leads] = {"median": median, "runs": runs, "peak_mb": round(peak / 1024, 1)}
    return {
        "actions": size,
        "few": few,
        "many": many,
        "refresh": out,
        "ratio": out[many]["median"] / out[few]["median"],
    }


def curve(sizes: list[int], repeat: int, work: Path) -> list[dict]:
    """Refresh (first run) at each size: µs per action and peak memory."""
    from generate import generate

    rows = []
    for size in sizes:
        source = work / f"curve-{size}.xlsx"
        generate(source, size, max(1, size // 50))
        median, runs, peak = median_of("refresh", work / "curve-run.xlsx", repeat, fresh=source)
        rows.append(
            {
                "actions": size,
                "median": median,
                "runs": runs,
                "us_per_action": median / size * 1e6,
                "peak_mb": round(peak / 1024, 1),
            }
        )
    return rows


def report(rows: list[dict], extra: dict) -> str:
    lines = [
        "# ragbook benchmark results",
        "",
        f"Run {datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {extra['load']} at the start; "
        f"command: `python3 benchmarks/run.py {extra['argv']}`.",
        "Medians of the repeated runs, in seconds of work (load, compute, write); each in a "
        "fresh process. Every ratio compares two things measured in the same run.",
        "",
        "## Against the floor",
        "",
        "The floor is lxml parsing every part of the refreshed workbook that ragbook reads or "
        "writes (straight from the zip): what any program must spend just to read the "
        "result. collect is N returned lead workbooks (two updates each, saved by openpyxl) "
        "into the refreshed plan, against one refresh of that plan.",
        "",
        "| actions / leads | refresh (2nd) | floor | refresh / floor | "
        + " | ".join(f"collect {n} / refresh" for n in extra["returns"])
        + " | split, ms per lead | peak MB refresh |",
        "|---|---|---|---|" + "---|" * len(extra["returns"]) + "---|---|",
    ]
    for r in rows:
        m = r["medians"]
        collects = []
        for n in extra["returns"]:
            key = f"collect_{min(n, r['leads'])}"
            collects.append(f"{m[key]:.2f} s = {m[key] / m['refresh_second']:.2f}x")
        lines.append(
            f"| {r['actions']:,} / {r['leads']:,} | {m['refresh_second']:.2f} | "
            f"{m['floor']:.2f} | {m['refresh_second'] / m['floor']:.2f}x | "
            + " | ".join(collects)
            + f" | {m['split'] / r['leads'] * 1000:.1f} | "
            f"{r['peak_mb'].get('refresh_first', 0):.0f} |"
        )
    s = extra["startup"]
    lines += [
        "",
        "## The button",
        "",
        f"A whole `ragbook check` process on a 60-action plan: "
        f"{s['medians']['check_process'] * 1000:.0f} ms; a bare `python -c pass`: "
        f"{s['medians']['python_pass'] * 1000:.0f} ms; ratio {s['ratio']:.1f}x.",
    ]
    if extra.get("many_leads"):
        ml = extra["many_leads"]
        few, many = ml["refresh"][ml["few"]], ml["refresh"][ml["many"]]
        lines += [
            "",
            "## Many leads",
            "",
            f"{ml['actions']:,} actions shared by {ml['few']:,} leads: refresh "
            f"{few['median']:.2f} s; by {ml['many']:,} leads: {many['median']:.2f} s; "
            f"ratio {ml['ratio']:.2f}x.",
        ]
    if extra.get("curve"):
        lines += [
            "",
            "## Cost per action",
            "",
            "| actions | refresh (1st) | µs per action | peak MB |",
            "|---|---|---|---|",
        ]
        for c in extra["curve"]:
            lines.append(
                f"| {c['actions']:,} | {c['median']:.2f} | {c['us_per_action']:.0f} | "
                f"{c['peak_mb']:.0f} |"
            )
    lines += [
        "",
        "## Against openpyxl",
        "",
        "`openpyxl` is a plain openpyxl load, rebuild the same sheets, save; the ratio is "
        "openpyxl's median over ragbook's.",
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
    parser.add_argument(
        "--returns",
        type=int,
        nargs="*",
        default=[20, 50],
        help="collect this many returned workbooks (at most one per lead)",
    )
    parser.add_argument(
        "--many-leads",
        type=int,
        nargs=3,
        default=[10_000, 50, 3_000],
        metavar=("ACTIONS", "FEW", "MANY"),
    )
    parser.add_argument(
        "--curve", type=int, nargs="*", default=[1_000, 3_000, 10_000, 30_000, 100_000]
    )
    parser.add_argument("--out", type=Path, default=HERE / "results")
    parser.add_argument("--child", nargs="+", metavar="TASK", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    work = Path(tempfile.mkdtemp(prefix="ragbook-bench-"))
    rows = []
    extra: dict = {
        "argv": " ".join(sys.argv[1:]),
        "returns": args.returns,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    try:
        extra["startup"] = startup(work, args.repeat)
        print(json.dumps(extra["startup"]["medians"]), flush=True)
        for size in args.sizes:
            leads = SIZES.get(size, max(1, size // 50))
            print(f"{size:,} actions, {leads:,} leads ...", flush=True)
            rows.append(measure(size, leads, args.repeat, work, args.returns))
            print(json.dumps(rows[-1]["medians"]), flush=True)
        if args.many_leads:
            extra["many_leads"] = many_leads(*args.many_leads, args.repeat, work)
            print(f"many leads: {extra['many_leads']['ratio']:.2f}x", flush=True)
        extra["curve"] = curve(args.curve, args.repeat, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    args.out.mkdir(exist_ok=True)
    text = report(rows, extra)
    (args.out / "results.md").write_text(text)
    (args.out / "results.json").write_text(json.dumps({"sizes": rows, **extra}, indent=2))
    print(text)


if __name__ == "__main__":
    main()
