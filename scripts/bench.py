"""Time the report build against the floor set by papermill and nbconvert themselves.

The floor: papermill plus HTML export of a two-cell notebook that only imports pandas and
matplotlib. The annual review should take at most about 1.5 times as long. Also times the
whole set of reports serially and with two worker processes, and shows where the annual
review's time goes (input check, kernel, each code cell, HTML export).

Run with ``make bench``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))  # district_example beside this file

from gutang_analysis import engine
from gutang_analysis.build import ReportSpec, build_reports, export_html, run_report
from gutang_analysis.manifest import load_manifest
from gutang_analysis.run import load_run, resolve_run

FLOOR_CELLS = ("import pandas as pd", "import matplotlib")


def floor_notebook(folder: Path) -> Path:
    """Write the two-cell floor notebook into ``folder`` and return its path."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in FLOOR_CELLS]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    path = folder / "floor.ipynb"
    nbformat.write(nb, str(path))
    return path


def time_floor(folder: Path) -> float:
    """Seconds to run the floor notebook through papermill and export it to HTML."""
    floor_notebook(folder)
    spec = ReportSpec("floor", "floor.ipynb", "基准")
    ok, error, seconds = run_report(spec, folder, notebooks_dir=folder)
    if not ok:
        raise SystemExit(f"基准笔记本执行失败：{error}")
    return seconds


def time_build(out: Path, *, jobs: int = 1, only: list[str] | None = None) -> float:
    """Seconds for :func:`build_reports` (checking inputs included)."""
    start = time.perf_counter()
    build_reports(out_dir=out, jobs=jobs, progress=False, only=only)
    return time.perf_counter() - start


def cell_seconds(executed: Path) -> list[tuple[str, float]]:
    """(first line, seconds) of each code cell papermill ran, from the executed notebook."""
    nb = nbformat.read(str(executed), as_version=4)
    out = []
    for cell in nb.cells:
        seconds = cell.metadata.get("papermill", {}).get("duration")
        if cell.cell_type == "code" and seconds is not None:
            first = next((ln for ln in cell.source.splitlines() if ln.strip()), "")
            out.append((first[:60], float(seconds)))
    return out


def annual_phases(folder: Path) -> list[tuple[str, float]]:
    """Where the annual review's time goes, measured on one run of the same steps as a
    build with ``--jobs 1``: the warm kernel starts while the run is loaded, the charts
    are drawn ahead on the other processor."""
    start = time.perf_counter()
    engine.start(draw_ahead=(os.cpu_count() or 1) > 1)
    try:
        inputs = resolve_run()
        run = load_run(inputs)
        run.precompute()
        specs, _ = load_manifest().expand(run)
        phases = [("检查输入、评分（主进程，与内核启动同时）", time.perf_counter() - start)]
        spec = specs[0]
        cache = run.save(folder / "run.pickle")
        ok, error, seconds = run_report(spec, folder, run=inputs.as_parameter(cache), warm=True)
    finally:
        engine.stop()
    if not ok:
        raise SystemExit(f"年度报告执行失败：{error}")
    cells = cell_seconds(folder / f"{spec.name}.ipynb")
    begin = time.perf_counter()
    export_html(nbformat.read(str(folder / f"{spec.name}.ipynb"), as_version=4), folder / "x.html")
    export = time.perf_counter() - begin
    phases.append(("等待内核就绪、papermill 开销", seconds - export - sum(s for _, s in cells)))
    phases += [(f"单元格 {first}", s) for first, s in cells if s >= 0.005]
    phases.append(("导出 HTML", export))
    return phases


def bench_district(root: Path, towns: int = 20) -> tuple[float, float, int]:
    """Seconds of one town's annual review and of a district of ``towns`` towns, one run.

    The towns are the 古塘 2022 plan (93 targets) under other names with invented figures
    (``scripts/district_example.py``). One town's annual review is what its build makes
    for that report: read, check and score the folder, run the notebook, export the
    HTML. The district reads and scores every town once and runs one notebook, with its
    workbook. Returns (one town, district, targets per town).
    """
    from district_example import invented_towns

    from gutang_analysis.across import write_across
    from gutang_analysis.district import load_district

    folders = invented_towns(root / "district-towns", towns)
    start = time.perf_counter()
    build_reports(folders[0], out_dir=root / "one-town", only=["annual_review"], progress=False)
    one = time.perf_counter() - start
    start = time.perf_counter()
    district = load_district(folders, jobs=2)  # like build --jobs 2: one worker per core
    result = write_across("district", district, root / "district")
    many = time.perf_counter() - start
    if district.problems or not result.ok:
        raise SystemExit("辖区汇总失败：" + "；".join([*district.problems, *result.failures]))
    return one, many, len(district.loaded[0].run.plan.targets)


def report_district(root: Path, towns: int = 20) -> None:
    """Print :func:`bench_district` with its ratio (target ≤ 2)."""
    one, many, n = bench_district(root, towns)
    print(f"单个街道乡镇的年度报告（{n} 项目标，含读取、评分）：{one:.2f} 秒")
    print(f"辖区考核汇总（{towns} 个街道乡镇，每个 {n} 项目标，一份报告和汇总表）：{many:.2f} 秒")
    print(f"比值：{many / one:.2f} 倍（目标 ≤ 2 倍）")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="报告生成耗时基准")
    parser.add_argument(
        "--repeat", type=int, default=3, help="基准和年度报告各计时几次，取最短时间（默认 3）"
    )
    parser.add_argument(
        "--no-set", action="store_true", help="只比较年度报告与基准，不计时全套报告"
    )
    parser.add_argument(
        "--district-only", action="store_true", help="只计时辖区考核汇总（20 个街道乡镇）"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if args.district_only:
            time_floor(root)  # warm-up
            report_district(root)
            return 0
        # Warm-up: first kernel start and first font load are not what we measure.
        time_floor(root)
        floor = min(time_floor(root) for _ in range(args.repeat))
        annual = min(
            time_build(root / f"annual{i}", only=["annual_review"]) for i in range(args.repeat)
        )
        times = f"（{args.repeat} 次中最短）" if args.repeat > 1 else ""
        print(f"基准（papermill + HTML 导出，两单元格笔记本）：{floor:.2f} 秒{times}")
        print(f"年度目标完成情况评估报告（含输入检查）：{annual:.2f} 秒{times}")
        print(f"比值：{annual / floor:.2f} 倍（目标 ≤ 1.5 倍）")
        report_district(root)
        print("年度报告各阶段（另运行一次）：")
        for name, seconds in annual_phases(root):
            print(f"  {seconds:5.2f} 秒  {name}")
        if not args.no_set:
            serial = time_build(root / "serial", jobs=1)
            parallel = time_build(root / "parallel", jobs=2)
            n = len(load_manifest().expand(load_run(resolve_run()))[0])
            print(
                f"全套报告（{n} 份），串行（--jobs 1）：{serial:.2f} 秒"
                f"（基准的 {serial / floor:.1f} 倍）"
            )
            print(
                f"全套报告（{n} 份），并行（--jobs 2）：{parallel:.2f} 秒"
                f"（基准的 {parallel / floor:.1f} 倍，目标 ≤ 15 倍；为串行的 "
                f"{parallel / serial:.2f} 倍）"
            )
        print(
            f"（本机 {os.cpu_count()} 核，测量时一分钟平均负载 {os.getloadavg()[0]:.1f}："
            "负载高于核数时各项都会变慢，比值仍以同一次运行的基准为准）"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
