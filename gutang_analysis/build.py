"""Building the reports: papermill runs the notebooks, nbconvert exports self-contained HTML.

The recipe (:func:`build_reports`): resolve and check the inputs once in this process (so a
mistake in a user's file is reported once, plainly, before any notebook starts), list the
reports to build, execute each notebook with papermill into a temporary folder and export it
to HTML in the same process, then move each finished report into the output folder. A report
that fails leaves the previous good one in place; its executed notebook is kept under
``_failed/`` for debugging, and :class:`~gutang_analysis.errors.BuildError` names the failing
cell and error in Chinese once every other report has been built.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import logging
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import paths
from .errors import BuildError

__all__ = [
    "BUILD_LOG_NAME",
    "EXCEPTION_NAMES",
    "TEMPLATES_DIR",
    "BuildSummary",
    "ReportOutcome",
    "ReportSpec",
    "build_reports",
    "exception_label",
    "export_html",
    "plan_reports",
    "run_report",
    "write_build_log",
]

#: Folder holding the nbconvert template ``gutang`` (the ``lab`` template, made offline).
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

#: Notebook file stem -> report title.
NOTEBOOK_TITLES: dict[str, str] = {
    "annual_review": "年度目标完成情况评估报告",
    "self_evaluation": "年终自评表",
    "midyear_check": "时间过半任务过半进度检查",
    "section_review": "板块专项评估",
}

#: The record of the last build, written into the output folder on every build.
BUILD_LOG_NAME = "构建记录.txt"

#: File types a build writes into the output folder (for spotting files it did not touch).
_REPORT_SUFFIXES = (".html", ".xlsx", ".json")

#: Chinese names for the exceptions a failing notebook most often raises; the original
#: name is kept in parentheses for whoever debugs it.
EXCEPTION_NAMES: dict[str, str] = {
    "KeyError": "找不到键/数据项",
    "ValueError": "数值错误",
    "TypeError": "类型错误",
    "IndexError": "索引超出范围",
    "AttributeError": "属性不存在",
    "NameError": "名称未定义",
    "ZeroDivisionError": "除数为零",
    "FileNotFoundError": "找不到文件",
    "PermissionError": "没有访问权限",
    "IsADirectoryError": "应为文件却是文件夹",
    "OSError": "文件读写错误",
    "ModuleNotFoundError": "找不到模块",
    "ImportError": "导入模块失败",
    "UnicodeDecodeError": "文字编码错误",
    "MemoryError": "内存不足",
    "RecursionError": "递归过深",
    "AssertionError": "检查未通过",
    "RuntimeError": "运行错误",
    "TimeoutError": "超时",
    "NotImplementedError": "功能未实现",
    "PlanError": "计划文件有误",
    "OutcomesError": "完成情况数据有误",
    "PolicyError": "评分规则有误",
    "UnitError": "单位有误",
    "BuildError": "生成报告出错",
}


def exception_label(name: str) -> str:
    """An exception name as a Chinese reader sees it: ``找不到键/数据项（KeyError）``.

    Examples
    --------
    >>> exception_label("KeyError")
    '找不到键/数据项（KeyError）'
    >>> exception_label("SomethingElse")
    '程序错误（SomethingElse）'
    """
    short = str(name).rsplit(".", 1)[-1]
    return f"{EXCEPTION_NAMES.get(short, '程序错误')}（{short}）"


_NOISY_LOGGERS = ("papermill", "nbclient", "jupyter_client", "traitlets", "asyncio", "nbconvert")


@dataclass(frozen=True)
class ReportSpec:
    """One report to build.

    Attributes
    ----------
    name : str
        Output file stem (``annual_review``, ``section_review-econ``).
    notebook : str
        The notebook file under ``notebooks/`` (``annual_review.ipynb``).
    title : str
        The Chinese title (also the HTML page title).
    parameters : dict
        Parameters injected by papermill (str, int, float, bool, None only).
    extra_outputs : tuple of str
        File names the notebook writes next to the HTML (``self_evaluation.xlsx``).
    """

    name: str
    notebook: str
    title: str
    parameters: dict[str, Any] = field(default_factory=dict)
    extra_outputs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportOutcome:
    """What happened to one report.

    Attributes
    ----------
    spec : ReportSpec
    ok : bool
    files : tuple of Path
        Files written to the output folder (empty on failure).
    error : str or None
        The failure, in Chinese (which cell, which error).
    failed_notebook : Path or None
        The executed notebook kept for debugging (``_failed/NAME.ipynb``).
    seconds : float
        Wall time spent on this report.
    finished_at : str or None
        When the report was finished or given up (ISO 8601 with the UTC offset).
    """

    spec: ReportSpec
    ok: bool
    files: tuple[Path, ...] = ()
    error: str | None = None
    failed_notebook: Path | None = None
    seconds: float = 0.0
    finished_at: str | None = None


@dataclass(frozen=True)
class BuildSummary:
    """The result of :func:`build_reports`.

    Attributes
    ----------
    out_dir : Path
        The output folder.
    reports : tuple of ReportOutcome
        One entry per report, in build order.
    skipped : tuple of str
        Reports not built, with the reason, in Chinese.
    seconds : float
        Wall time of the whole build.
    warnings : tuple of str
        What the scoring says to watch (missing baselines, stale data …), in Chinese;
        the same sentences are shown at the top of every report.
    stale : tuple of Path
        Report files in the output folder that this build did not write (left from an
        earlier build, e.g. the previous version of a report that failed now).
    started_at : str
        When the build started (ISO 8601 with the UTC offset).
    log_file : Path or None
        The build record written into the output folder (:data:`BUILD_LOG_NAME`).
    """

    out_dir: Path
    reports: tuple[ReportOutcome, ...]
    skipped: tuple[str, ...] = ()
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    stale: tuple[Path, ...] = ()
    started_at: str = ""
    log_file: Path | None = None

    @property
    def ok(self) -> bool:
        """True when every report was built."""
        return all(r.ok for r in self.reports)

    @property
    def failed(self) -> tuple[ReportOutcome, ...]:
        """The reports that failed."""
        return tuple(r for r in self.reports if not r.ok)

    @property
    def files(self) -> tuple[Path, ...]:
        """Every file written to the output folder."""
        return tuple(f for r in self.reports for f in r.files)

    def describe(self) -> str:
        """A Chinese account of the build, for the command line."""
        built = [r for r in self.reports if r.ok]
        folder = Path(self.out_dir).resolve()
        lines = [
            f"已生成 {len(built)} 份报告（共 {len(self.reports)} 份，用时 {self.seconds:.1f} 秒），"
            f"保存在 {folder}："
        ]
        for r in built:
            names = "、".join(f.name for f in r.files)
            lines.append(f"  ✓ {r.spec.title}：{names}")
        for r in self.failed:
            lines.append(f"  ✗ {r.spec.title}：生成失败（上次成功生成的报告保持不变）")
        for note in self.skipped:
            lines.append(f"  – {note}")
        for warning in self.warnings:
            lines.append(f"注意：{warning}")
        if self.stale:
            names = "、".join(p.name for p in self.stale)
            lines.append(f"注意：以下文件来自此前的构建，本次没有更新：{names}")
        if self.log_file is not None:
            lines.append(f"构建记录（各报告的状态与生成时间）：{Path(self.log_file).resolve()}")
        # Point to the main report: the annual review when it was built, else the first page.
        pages = [(r, f) for r in built for f in r.files if f.suffix == ".html"]
        main = next((p for p in pages if p[0].spec.name == "annual_review"), None) or next(
            iter(pages), None
        )
        if main is not None:
            report, page = main
            lines.append(f"用浏览器打开 {folder / page.name} 查看{report.spec.title}")
        return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# what to build


def _str(value: object) -> str | None:
    """A path as an absolute string: notebooks run in a temporary working directory."""
    return None if value is None else str(Path(value).resolve())


def plan_reports(
    plan: str | Path | None = None,
    outcomes: str | Path | None = None,
    baseline: str | Path | None = None,
    policy: str | Path | None = None,
    midyear: str | Path | None = None,
    as_of: str | dt.date | None = None,
) -> tuple[list[ReportSpec], list[str]]:
    """Check the inputs and list the reports a build makes.

    The plan, outcome, baseline, mid-year and policy files are loaded here once, so every
    mistake in them is raised (as ``PlanError``, ``OutcomesError`` …) before any notebook
    runs. Defaults: the bundled plan and policy; when no outcome file is given, the bundled
    illustrative outcomes, baseline and mid-year figures. A user's own outcome file is
    never paired with the bundled illustrative baseline or mid-year figures.

    Parameters
    ----------
    plan, outcomes, baseline, policy, midyear : str or Path, optional
        Input files (see :func:`build_reports`).
    as_of : str or datetime.date, optional
        The as-of date of the mid-year check; defaults to 30 June of the plan year.

    Returns
    -------
    specs : list of ReportSpec
        The reports, in build order.
    skipped : list of str
        Reports left out and why, in Chinese.

    Examples
    --------
    >>> specs, skipped = plan_reports()
    >>> [s.name for s in specs][:3]
    ['annual_review', 'self_evaluation', 'midyear_check']
    """
    specs, skipped, _ = _plan_reports(plan, outcomes, baseline, policy, midyear, as_of)
    return specs, skipped


def _plan_reports(
    plan: str | Path | None,
    outcomes: str | Path | None,
    baseline: str | Path | None,
    policy: str | Path | None,
    midyear: str | Path | None,
    as_of: str | dt.date | None,
) -> tuple[list[ReportSpec], list[str], Any]:
    """:func:`plan_reports`, also returning the checked inputs (``report.ReportInputs``)."""
    from .report import resolve_inputs

    inputs = resolve_inputs(
        plan=plan, outcomes=outcomes, baseline=baseline, policy=policy, midyear=midyear, as_of=as_of
    )
    common = {
        "plan": _str(inputs.plan_path),
        "outcomes": _str(inputs.outcomes_path),
        "baseline": _str(inputs.baseline_path),
        "policy": _str(inputs.policy_path),
    }
    specs = [
        ReportSpec(
            "annual_review", "annual_review.ipynb", NOTEBOOK_TITLES["annual_review"], common
        ),
        ReportSpec(
            "self_evaluation",
            "self_evaluation.ipynb",
            NOTEBOOK_TITLES["self_evaluation"],
            {**common, "xlsx_path": "self_evaluation.xlsx", "json_path": "summary.json"},
            extra_outputs=("self_evaluation.xlsx", "summary.json"),
        ),
    ]
    skipped = []
    if inputs.midyear_path is not None:
        specs.append(
            ReportSpec(
                "midyear_check",
                "midyear_check.ipynb",
                NOTEBOOK_TITLES["midyear_check"],
                {**common, "outcomes": _str(inputs.midyear_path), "as_of": inputs.as_of},
            )
        )
    else:
        skipped.append("时间过半任务过半进度检查：未提供年中数据（--midyear），本次不生成")
    for section, name in inputs.sections:
        specs.append(
            ReportSpec(
                f"section_review-{section}",
                "section_review.ipynb",
                f"{NOTEBOOK_TITLES['section_review']}：{name}",
                {**common, "section": section},
            )
        )
    return specs, skipped, inputs


# ---------------------------------------------------------------------------------------
# running one notebook


def _quiet() -> None:
    """Silence kernel and progress noise from papermill and jupyter in this process."""
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # The kernel inherits this: no debugger warning about frozen modules.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


@cache
def _exporter() -> Any:
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    # Cells tagged "remove-cell" are notes for analysts running the notebook by hand.
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    return HTMLExporter(
        config=config,
        template_name="gutang",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="zh",
    )


def export_html(notebook: Any, out_path: str | Path, title: str | None = None) -> Path:
    """Export an executed notebook to one self-contained HTML file.

    Code is hidden, images are embedded as data: URIs, the page language is ``zh`` and no
    script or style is loaded from the network (template ``gutang``).

    Parameters
    ----------
    notebook : nbformat.NotebookNode or str or Path
        The executed notebook, or its file.
    out_path : str or Path
        Where to write the HTML.
    title : str, optional
        The page title (defaults to the notebook's ``metadata.title`` or file name).

    Returns
    -------
    Path
        ``out_path``.
    """
    import nbformat

    if isinstance(notebook, str | Path):
        notebook = nbformat.read(str(notebook), as_version=4)
    if title:
        notebook.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(
        notebook, resources={"metadata": {"name": title or ""}}
    )
    out = Path(out_path)
    out.write_text(_strip_css_comments(body), encoding="utf-8")
    return out


_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL | re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _strip_css_comments(page: str) -> str:
    """Drop comments inside <style> blocks (JupyterLab's CSS cites web pages in them)."""
    return _STYLE.sub(lambda m: m.group(1) + _CSS_COMMENT.sub("", m.group(2)) + m.group(3), page)


def _code_cell_number(executed: Path | None, exec_count: int | None) -> int | None:
    """Position of the failing cell among the notebook's own code cells (papermill's
    injected-parameters cell not counted), as the notebook's author counts them."""
    if executed is None or not executed.is_file() or exec_count is None:
        return None
    import nbformat

    try:
        cells = nbformat.read(str(executed), as_version=4).cells
    except Exception:  # pragma: no cover - an unreadable notebook: fall back to the index
        return None
    number = 0
    for cell in cells:
        if cell.cell_type != "code" or "injected-parameters" in cell.metadata.get("tags", []):
            continue
        number += 1
        if cell.get("execution_count") == exec_count:
            return number
    return None


def _describe_failure(spec: ReportSpec, exc: BaseException, executed: Path | None = None) -> str:
    from papermill.exceptions import PapermillExecutionError

    where = f"「{spec.title}」（{spec.notebook}）"
    if isinstance(exc, PapermillExecutionError):
        first = next((ln.strip() for ln in (exc.source or "").splitlines() if ln.strip()), "")
        number = _code_cell_number(executed, exc.exec_count)
        cell = f"第 {number} 个代码单元格" if number else f"第 {exc.cell_index + 1} 个单元格"
        detail = str(exc.evalue).strip().replace("\n", "\n     ")
        return (
            f"{where}未能生成：{cell}（执行序号 [{exc.exec_count}]，代码「{first}」）出错，"
            f"{exception_label(exc.ename)}：{detail}"
        )
    return f"{where}未能生成：{exception_label(type(exc).__name__)}：{str(exc).strip()}"


def _is_kernel_race(exc: BaseException) -> bool:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        return False
    text = f"{type(exc).__name__} {exc}"
    return any(
        key in text
        for key in ("Address already in use", "Kernel died", "kernel died", "TimeoutError", "ZMQ")
    )


def run_report(
    spec: ReportSpec,
    work_dir: str | Path,
    notebooks_dir: str | Path | None = None,
) -> tuple[bool, str | None, float]:
    """Execute one report notebook with papermill and export its HTML, in ``work_dir``.

    Writes ``NAME.ipynb`` (executed) and, on success, ``NAME.html`` plus whatever the
    notebook writes itself (``spec.extra_outputs``). A kernel that fails to start is
    retried once. Safe to call in a worker process.

    Parameters
    ----------
    spec : ReportSpec
        The report.
    work_dir : str or Path
        The folder to write into (the notebook runs with it as working directory).
    notebooks_dir : str or Path, optional
        Where the notebooks are; defaults to ``paths.NOTEBOOKS_DIR``.

    Returns
    -------
    ok : bool
    error : str or None
        The Chinese failure description (without the kept-notebook note).
    seconds : float
    """
    import papermill as pm

    _quiet()
    start = time.perf_counter()
    work = Path(work_dir)
    source = Path(notebooks_dir or paths.NOTEBOOKS_DIR) / spec.notebook
    executed = work / f"{spec.name}.ipynb"
    for attempt in (1, 2):
        try:
            nb = pm.execute_notebook(
                str(source),
                str(executed),
                parameters=dict(spec.parameters),
                kernel_name="python3",
                progress_bar=False,
                log_output=False,
                cwd=str(work),
                # Written once at the end (and on failure) instead of after every cell:
                # each save serialises and validates the whole notebook with its images.
                request_save_on_cell_execute=False,
                # No "Kernel is running over TCP without encryption" warning on stderr.
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
            break
        except Exception as exc:
            if attempt == 1 and _is_kernel_race(exc):
                continue
            return False, _describe_failure(spec, exc, executed), time.perf_counter() - start
    try:
        export_html(nb, work / f"{spec.name}.html", title=spec.title)
    except Exception as exc:  # pragma: no cover - an export failure is a bug, report it
        return False, _describe_failure(spec, exc, None), time.perf_counter() - start
    return True, None, time.perf_counter() - start


# ---------------------------------------------------------------------------------------
# the batch


def _publish(
    spec: ReportSpec, ok: bool, error: str | None, seconds: float, tmp: Path, out: Path
) -> ReportOutcome:
    failed_dir = out / "_failed"
    if not ok:
        kept = None
        executed = tmp / f"{spec.name}.ipynb"
        if executed.is_file():
            failed_dir.mkdir(exist_ok=True)
            kept = failed_dir / executed.name
            os.replace(executed, kept)
            error = (error or "") + f"\n     已执行的笔记本保留在 {kept}，可打开查看出错位置"
        return ReportOutcome(spec, False, (), error, kept, seconds, _now())
    files = []
    for name in (f"{spec.name}.html", *spec.extra_outputs):
        src = tmp / name
        if src.is_file():
            dest = out / name
            os.replace(src, dest)
            files.append(dest)
    stale = failed_dir / f"{spec.name}.ipynb"
    if stale.is_file():
        stale.unlink()
    return ReportOutcome(spec, True, tuple(files), None, None, seconds, _now())


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _clock(iso: str | None) -> str:
    """``2026年11月25日 17:17:05`` in Beijing time, for the build record."""
    from .provenance import CHINA_TZ

    if not iso:
        return "—"
    t = dt.datetime.fromisoformat(iso).astimezone(CHINA_TZ)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M:%S}"


def _stale_files(out: Path, fresh: set[Path]) -> tuple[Path, ...]:
    """Report files in ``out`` that this build did not write."""
    return tuple(
        f
        for f in sorted(out.iterdir())
        if f.is_file() and f.suffix in _REPORT_SUFFIXES and f.resolve() not in fresh
    )


def _inputs_lines(inputs: Any) -> list[str]:
    lines = [
        f"  计划：{inputs.plan_path}",
        f"  完成情况数据：{inputs.outcomes_path}",
        f"  基期数据：{inputs.baseline_path or '未提供'}",
        f"  年中数据：{inputs.midyear_path or '未提供'}",
        f"  评分规则：{inputs.policy_path}",
    ]
    return lines


def write_build_log(
    summary: BuildSummary, inputs: Any = None, not_selected: tuple[ReportSpec, ...] = ()
) -> Path:
    """Write the build record :data:`BUILD_LOG_NAME` into the output folder.

    One line per report: its status (成功 / 失败 / 未生成), when it was built and its files;
    then the scoring's warnings and the report files left from an earlier build, so a
    folder holding fresh and stale files says which is which.

    Returns
    -------
    Path
        The record file.
    """
    from . import __version__
    from .provenance import local_time_text

    out = Path(summary.out_dir)
    built = sum(r.ok for r in summary.reports)
    failed = len(summary.reports) - built
    missing = len(summary.skipped) + len(not_selected)
    lines = [
        f"构建记录（gutang-analysis {__version__}）",
        f"构建时间：{local_time_text(summary.started_at) if summary.started_at else '—'}"
        f"，用时 {summary.seconds:.1f} 秒",
        f"输出文件夹：{out.resolve()}",
    ]
    if inputs is not None:
        lines += ["输入文件：", *_inputs_lines(inputs)]
    lines += [
        f"结果：成功 {built} 份，失败 {failed} 份，未生成 {missing} 份",
        "",
        "各报告（状态｜生成时间（北京时间）｜文件）：",
    ]
    for r in summary.reports:
        if r.ok:
            files = "、".join(f.name for f in r.files)
            lines.append(f"  成功｜{_clock(r.finished_at)}｜{r.spec.title}：{files}")
        else:
            lines.append(
                f"  失败｜{_clock(r.finished_at)}｜{r.spec.title}："
                "本次未能生成，文件夹中的同名文件（如有）是此前构建的"
            )
    for note in summary.skipped:
        lines.append(f"  未生成｜—｜{note}")
    for spec in not_selected:
        lines.append(f"  未生成｜—｜{spec.title}：本次未选择")
    if summary.warnings:
        lines += ["", "注意："]
        lines += [f"  {w}" for w in summary.warnings]
    if summary.stale:
        lines += ["", "以下文件来自此前的构建，本次没有更新（修改时间，北京时间）："]
        for f in summary.stale:
            stamp = dt.datetime.fromtimestamp(f.stat().st_mtime).astimezone()
            lines.append(f"  {f.name}（{_clock(stamp.isoformat())}）")
    path = out / BUILD_LOG_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _add_build_to_summary_json(summary: BuildSummary) -> None:
    """Record the build (time, reports and their status) in a summary.json it wrote."""
    import json

    target = next(
        (f for r in summary.reports if r.ok for f in r.files if f.name == "summary.json"), None
    )
    if target is None or not target.is_file():
        return
    data = json.loads(target.read_text(encoding="utf-8"))
    data["build"] = {
        "started_at": summary.started_at,
        "seconds": round(summary.seconds, 1),
        "reports": [
            {
                "name": r.spec.name,
                "title": r.spec.title,
                "status": "成功" if r.ok else "失败",
                "finished_at": r.finished_at,
                "files": [f.name for f in r.files],
            }
            for r in summary.reports
        ],
        "skipped": list(summary.skipped),
        "warnings": list(summary.warnings),
        "stale_files": [f.name for f in summary.stale],
        "log": BUILD_LOG_NAME,
    }
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _progress(total: int, enabled: bool) -> Any:
    from tqdm.auto import tqdm

    return tqdm(
        total=total,
        desc="生成报告",
        unit="份",
        disable=not enabled,
        file=sys.stderr,
        bar_format="{desc}：{n_fmt}/{total_fmt} |{bar}| {elapsed}{postfix}",
    )


def build_reports(
    plan: str | Path | None = None,
    outcomes: str | Path | None = None,
    baseline: str | Path | None = None,
    policy: str | Path | None = None,
    midyear: str | Path | None = None,
    as_of: str | dt.date | None = None,
    out_dir: str | Path | None = None,
    jobs: int = 1,
    progress: bool = True,
    *,
    notebooks_dir: str | Path | None = None,
    only: list[str] | None = None,
) -> BuildSummary:
    """Build every report: HTML for each notebook, the self-evaluation ``.xlsx`` and a JSON summary.

    Parameters
    ----------
    plan : str or Path, optional
        The plan file; defaults to the bundled 2022 plan.
    outcomes : str or Path, optional
        The year-end outcome file; defaults to the bundled illustrative figures (示例数据).
    baseline : str or Path, optional
        The baseline-year file for direction targets; defaults to the bundled illustrative
        2021 figures only when ``outcomes`` is also left to its default.
    policy : str or Path, optional
        The scoring policy; defaults to ``data/policies/default.yaml``.
    midyear : str or Path, optional
        The mid-year outcome file for the 时间过半 check; defaults to the bundled illustrative
        one only when ``outcomes`` is left to its default, otherwise the check is skipped.
    as_of : str or datetime.date, optional
        The mid-year as-of date; defaults to 30 June of the plan year.
    out_dir : str or Path, optional
        Where the reports go; defaults to ``reports/``.
    jobs : int
        Notebooks run at once, each in its own process (1 runs them one after another).
    progress : bool
        Show a progress bar on stderr.
    notebooks_dir : str or Path, optional
        Where the notebooks are (tests use fixture notebooks); defaults to ``notebooks/``.
    only : list of str, optional
        Build only the reports with these names (``annual_review`` …).

    Returns
    -------
    BuildSummary

    Raises
    ------
    PlanError, OutcomesError, PolicyError
        When an input file has mistakes (nothing is built).
    BuildError
        When one or more notebooks failed; the others are built and published. The
        summary is attached as ``err.build_summary``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:  # doctest: +SKIP
    ...     summary = build_reports(out_dir=tmp, only=["annual_review"], progress=False)
    ...     summary.ok
    True
    """
    from .report import INPUTS_CACHE_ENV

    start = time.perf_counter()
    started_at = _now()
    specs, skipped, inputs = _plan_reports(plan, outcomes, baseline, policy, midyear, as_of)
    not_selected: tuple[ReportSpec, ...] = ()
    if only is not None:
        not_selected = tuple(s for s in specs if s.name not in set(only))
        specs = [s for s in specs if s.name in set(only)]
    out = Path(out_dir) if out_dir is not None else paths.REPORTS_DIR
    out.mkdir(parents=True, exist_ok=True)
    nb_dir = str(Path(notebooks_dir).resolve()) if notebooks_dir else None
    _quiet()
    outcomes_list: list[ReportOutcome] = []
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    # The notebooks reuse the inputs just loaded and checked instead of loading them again
    # (worker processes and kernels inherit the environment).
    previous_cache = os.environ.get(INPUTS_CACHE_ENV)
    os.environ[INPUTS_CACHE_ENV] = str(inputs.write_cache(tmp / "_inputs.pickle"))
    try:
        with _progress(len(specs), progress) as bar:
            if jobs <= 1 or len(specs) <= 1:
                for spec in specs:
                    bar.set_postfix_str(spec.title)
                    ok, error, secs = run_report(spec, tmp, nb_dir)
                    outcomes_list.append(_publish(spec, ok, error, secs, tmp, out))
                    bar.update()
            else:
                ctx = multiprocessing.get_context("spawn")
                results: dict[str, ReportOutcome] = {}
                with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
                    futures = {pool.submit(run_report, s, tmp, nb_dir): s for s in specs}
                    for future in cf.as_completed(futures):
                        spec = futures[future]
                        try:
                            ok, error, secs = future.result()
                        except Exception as exc:  # a worker process died
                            ok, error, secs = False, _describe_failure(spec, exc, None), 0.0
                        results[spec.name] = _publish(spec, ok, error, secs, tmp, out)
                        bar.set_postfix_str(spec.title)
                        bar.update()
                outcomes_list = [results[s.name] for s in specs]
    finally:
        if previous_cache is None:
            os.environ.pop(INPUTS_CACHE_ENV, None)
        else:
            os.environ[INPUTS_CACHE_ENV] = previous_cache
        shutil.rmtree(tmp, ignore_errors=True)
        failed_dir = out / "_failed"
        if failed_dir.is_dir() and not any(failed_dir.iterdir()):
            failed_dir.rmdir()
    fresh = {f.resolve() for r in outcomes_list for f in r.files}
    summary = BuildSummary(
        out,
        tuple(outcomes_list),
        tuple(skipped),
        time.perf_counter() - start,
        warnings=tuple(inputs.warnings),
        stale=_stale_files(out, fresh),
        started_at=started_at,
        log_file=out / BUILD_LOG_NAME,
    )
    write_build_log(summary, inputs, not_selected)
    _add_build_to_summary_json(summary)
    if not summary.ok:
        failed = summary.failed
        err = BuildError(
            f"{len(failed)} 份报告生成失败（其余 {len(specs) - len(failed)} 份已生成）",
            [r.error or r.spec.title for r in failed],
        )
        err.build_summary = summary  # type: ignore[attr-defined]
        raise err
    return summary
