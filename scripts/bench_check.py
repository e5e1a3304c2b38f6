"""Time ``gutang-review check`` on a generated entry file of many bad rows.

A million rows of the five commonest slips (a word for a figure, an unknown id, a wrong
unit, a bad period, a negative count), about 14 MB: the check must finish in seconds and
print 200 problems and the exact count of the rest. Prints wall time, CPU time and the
peak resident memory.

Run with ``.venv/bin/python scripts/bench_check.py [--rows N]``.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from gutang_analysis.errors import format_problems, problem_count
from gutang_analysis.outcomes import check_outcomes
from gutang_analysis.plan import load_plan

MINI_PLAN = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "outcomes"
BAD_ROWS = ("firms,2022,abc", "nope,2022,5", "capital,2022,50斤", "quality,20x,", "fdi,2022,-3")


def write_bad_rows(path: Path, n: int) -> Path:
    """An entry file (for the mini plan) of ``n`` bad rows."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write("指标编号,统计期,完成值\n")
        for i in range(n):
            fh.write(BAD_ROWS[i % len(BAD_ROWS)] + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="填报文件检查耗时基准")
    parser.add_argument("--rows", type=int, default=1_000_000, help="数据行数（默认 1000000）")
    args = parser.parse_args(argv)
    plan = load_plan(MINI_PLAN / "mini-plan.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        path = write_bad_rows(Path(tmp) / "bad.csv", args.rows)
        size = path.stat().st_size / 1024 / 1024
        wall, cpu = time.perf_counter(), time.process_time()
        problems = check_outcomes(path, plan)
        text = format_problems(problems)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"检查 {args.rows} 行（{size:.1f} MB）：用时 {wall:.1f} 秒（CPU {cpu:.1f} 秒），")
    print(f"  问题 {problem_count(problems)} 处，保留 {len(problems)} 条；内存峰值 {peak:.0f} MB")
    print(text.splitlines()[-1].strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
