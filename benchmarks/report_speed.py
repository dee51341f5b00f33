"""How long `ragbook report` takes, from the command line, for each format.

    python3 benchmarks/report_speed.py                  # 300 actions, 5 runs each
    python3 benchmarks/report_speed.py --actions 1000 --repeat 3
    python3 benchmarks/report_speed.py --profile pdf    # where the time goes

Every run is a fresh `python -m ragbook report` process, so the times include
starting Python and importing ragbook (and WeasyPrint or python-docx), as a
user's command does. Prints the median of each format, on the clock and in CPU
time; the medians measured
are quoted in docs/report.md. Machines are shared and noisy: use medians.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--formats", nargs="+", default=["html", "pdf", "docx"])
    parser.add_argument("--profile", choices=["html", "pdf", "docx"])
    args = parser.parse_args()
    from generate import generate

    with tempfile.TemporaryDirectory() as folder:
        plan = generate(Path(folder) / "plan.xlsx", args.actions, max(args.actions // 20, 1))
        if args.profile:
            out = Path(folder) / f"board.{args.profile}"
            profile = Path(folder) / "report.prof"
            command = ["-m", "cProfile", "-o", str(profile), "-m", "ragbook", "report"]
            subprocess.run([sys.executable, *command, str(plan), "--out", str(out)], check=True)
            import pstats

            pstats.Stats(str(profile)).sort_stats("cumulative").print_stats(40)
            return
        for fmt in args.formats:
            times, cpu = [], []
            for _ in range(args.repeat):
                out = Path(folder) / f"board.{fmt}"
                used = _children_cpu()
                start = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "ragbook", "report", str(plan), "--out", str(out)],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                times.append(time.perf_counter() - start)
                cpu.append(_children_cpu() - used)
            print(
                f"{fmt}: median {statistics.median(times):.2f} s "
                f"(min {min(times):.2f}, max {max(times):.2f}; CPU median "
                f"{statistics.median(cpu):.2f} s; {args.repeat} runs, {args.actions} actions)"
            )


def _children_cpu() -> float:
    """CPU seconds the finished child processes used: less disturbed by a busy
    machine than the time on the clock."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
