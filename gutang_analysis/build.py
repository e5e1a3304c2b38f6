"""Building the reports: papermill runs the notebooks, nbconvert exports self-contained HTML.

The recipe (:func:`build_reports`):

1. resolve the run's inputs once (:func:`gutang_analysis.run.resolve_run`) and load,
   check and score them once in this process, so a mistake in a user's file is reported
   once, plainly, before any notebook starts;
2. list the reports from the manifest (``notebooks/reports.yaml``);
3. take the plan's build lock in the output folder (a second build into the same folder
   is refused);
4. execute each notebook with papermill into a new folder, handing it the run as one
   parameter, and export it to HTML in the same process; write the downloads
   (:mod:`gutang_analysis.outputs`), the index page, the build record, the output hashes;
5. check that no input changed while the build ran, then publish the new folder in place
   of the previous set in one swap.

A failure stays where it happens: a report (or a download writer) that fails does not stop
the others. The build publishes, as one set, every report that succeeded, lists each
failed one with its cause in Chinese in the index page and the build record, marks the set
incomplete in ``manifest.json`` and raises :class:`BuildError` (the command exits 1). The
failed notebook is kept under ``_failed/<plan id>/``. A report the previous set had and this
build does not make (its data is missing, say the year-end file) counts the same way: it
is never dropped silently. The last complete set is kept aside in
``_last_complete/<plan id>/`` until a build succeeds whole.

Outputs go to ``OUT/<plan id>/``: two plans built into one folder never overwrite each
other.
"""

from __future__ import annotations

import atexit
import concurrent.futures as cf
import datetime as dt
import errno
import hashlib
import html
import itertools
import json
import logging
import multiprocessing
import os
import re
import shutil
import signal
import stat
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from . import paths
from ._files import describe_os_error, probe_writable
from ._process import (
    MIN_ADDRESS_SPACE,
    address_space_limit,
    die_with_parent,
    sigterm_as_interrupt,
)
from ._validation import file_refusal
from ._version import __version__
from .errors import BuildError, CancelledError, GutangError, Problem
from .index_page import index_html
from .manifest import ReportSpec, load_manifest
from .outputs import write_output
from .provenance import CHINA_TZ, code_sha256, file_sha256, local_time_text
from .report import context_of
from .run import load_run, resolve_run, role_label

__all__ = [
    "BUILD_LOG_NAME",
    "EXCEPTION_NAMES",
    "INDEX_NAME",
    "KEPT_DIR_NAME",
    "OUTPUT_MANIFEST_NAME",
    "TEMPLATES_DIR",
    "BuildSummary",
    "ReportOutcome",
    "ReportSpec",
    "build_reports",
    "exception_label",
    "export_html",
    "plan_reports",
    "run_report",
    "set_status",
    "verify_build",
    "write_build_log",
]

#: Folder holding the nbconvert template ``gutang`` (the ``lab`` template, made offline).
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

#: The record of the build, written into the plan's output folder on every build.
BUILD_LOG_NAME = "构建记录.txt"
#: The index page linking every report and download of the build.
INDEX_NAME = "index.html"
#: The SHA-256 of every output and input of the build (checked by ``gutang-review verify``).
OUTPUT_MANIFEST_NAME = "manifest.json"
#: Where the last complete set of a plan is kept while the published one is incomplete
#: (``OUT/_last_complete/<plan id>/``).
KEPT_DIR_NAME = "_last_complete"

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


def _skip_slow_optional_imports() -> None:
    """Keep ``rfc3987_syntax`` from loading with nbformat in a build process.

    nbformat (papermill's) imports jsonschema, whose format checkers import
    ``rfc3987_syntax`` when it is installed (a Jupyter extra pulls it in); that module
    compiles 39 lark grammars at import: 2-10 s in every build process and worker
    (python-jsonschema/jsonschema#1428). Notebook validation never checks IRI formats;
    jsonschema skips the checker when the import fails. Nothing changes in a process that
    has imported jsonschema already.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


_skip_slow_optional_imports()

_NOISY_LOGGERS = ("papermill", "nbclient", "jupyter_client", "traitlets", "asyncio", "nbconvert")


@dataclass(frozen=True)
class ReportOutcome:
    """What happened to one report.

    Attributes
    ----------
    spec : ReportSpec
    ok : bool
    files : tuple of Path
        Files of this report in the published folder (empty on failure).
    error : str or None
        The failure, in Chinese (which cell, which error).
    failed_notebook : Path or None
        The executed notebook kept for debugging (``_failed/<plan id>/NAME.ipynb``).
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
        The plan's output folder (``OUT/<plan id>``).
    reports : tuple of ReportOutcome
        One entry per report, in build order.
    skipped : tuple of str
        Reports not built, with the reason, in Chinese.
    seconds : float
        Wall time of the whole build.
    warnings : tuple of str
        What the scoring says to watch (missing baselines, stale data …), in Chinese;
        the same sentences are shown at the top of every report.
    started_at : str
        When the build started (ISO 8601 with the UTC offset).
    published : bool
        Whether this build's set replaced the previous one (every report that succeeded
        is published, as one set, when at least one did).
    plan_title : str
        The plan the reports are about.
    carried : tuple of str
        Files of the previous set kept unchanged by a partial build (``only``).
    lost : tuple of str
        Reports the previous set had that this build did not make, with why, in Chinese.
    kept : Path or None
        Where the last complete set is kept while the published one is incomplete.
    seal : str or None
        The set's 核对码 (:func:`set_seal`): kept apart from the set, it lets ``verify
        --expect`` tell a report edited together with its manifest entry.
    """

    out_dir: Path
    reports: tuple[ReportOutcome, ...]
    skipped: tuple[str, ...] = ()
    seconds: float = 0.0
    warnings: tuple[str, ...] = ()
    started_at: str = ""
    published: bool = False
    plan_title: str = ""
    carried: tuple[str, ...] = ()
    lost: tuple[str, ...] = ()
    kept: Path | None = None
    seal: str | None = None

    @property
    def ok(self) -> bool:
        """True when every report was built and none of the previous set was lost."""
        return all(r.ok for r in self.reports) and not self.lost

    @property
    def complete(self) -> bool:
        """Same as :attr:`ok`: the set is whole."""
        return self.ok

    @property
    def failed(self) -> tuple[ReportOutcome, ...]:
        """The reports that failed."""
        return tuple(r for r in self.reports if not r.ok)

    @property
    def files(self) -> tuple[Path, ...]:
        """Every report file of the published set."""
        return tuple(f for r in self.reports for f in r.files)

    @property
    def log_file(self) -> Path:
        return self.out_dir / BUILD_LOG_NAME

    @property
    def index_file(self) -> Path:
        return self.out_dir / INDEX_NAME

    def describe(self) -> str:
        """A Chinese account of the build, for the command line."""
        folder = Path(self.out_dir).resolve()
        built = [r for r in self.reports if r.ok]
        if not self.published:
            lines = [
                f"《{self.plan_title}》：{len(self.failed)} 份报告生成失败，本次没有发布任何报告；"
                f"{folder} 中上次成功生成的报告保持不变。"
            ]
            for r in self.failed:
                lines.append(f"  ✗ {r.spec.title}：生成失败")
            return "\n".join(lines)
        if self.ok:
            head = (
                f"《{self.plan_title}》：已生成 {len(built)} 份报告（用时 {self.seconds:.1f} 秒），"
            )
        else:
            head = (
                f"《{self.plan_title}》：这一套报告不完整，已发布成功生成的 {len(built)} 份"
                f"（用时 {self.seconds:.1f} 秒），"
            )
        lines = [head + f"保存在 {folder}："]
        for r in built:
            names = "、".join(f.name for f in r.files)
            lines.append(f"  ✓ {r.spec.title}：{names}")
        for r in self.failed:
            lines.append(f"  ✗ {r.spec.title}：生成失败（原因见下文和构建记录）")
        for note in self.lost:
            lines.append(f"  ✗ {note}")
        for note in self.skipped:
            lines.append(f"  – {note}")
        for warning in self.warnings:
            lines.append(f"注意：{warning}")
        if not self.ok:
            lines.append(_kept_sentence(self.kept))
        lines.append(f"构建记录（各报告的状态与生成时间）：{folder / BUILD_LOG_NAME}")
        lines.append(f"用浏览器打开 {folder / INDEX_NAME} 查看全部报告与下载文件")
        if self.seal:
            lines.append(
                f"核对码：{self.seal}（请另行记下，如写入发文登记；日后用 "
                f"gutang-review verify {folder} --expect {self.seal} 核对报告是否被改动）"
            )
        return "\n".join(lines)


def _kept_sentence(kept: Path | None) -> str:
    """Where the last complete set is, in Chinese."""
    if kept is not None:
        return f"上次完整的一套报告保留在 {Path(kept).resolve()}，直到下一次全部报告都生成成功。"
    return "此前没有完整的一套报告可保留。"


# ---------------------------------------------------------------------------------------
# what to build


def plan_reports(
    folder: str | Path | None = None, **overrides: Any
) -> tuple[list[ReportSpec], list[str]]:
    """Check a run's inputs and list the reports a build makes of it.

    Parameters
    ----------
    folder : str or Path, optional
        The plan folder (see :func:`gutang_analysis.run.resolve_run`).
    **overrides
        ``plan``, ``outcomes``, ``baseline``, ``policy``, ``midyear``, ``as_of``.

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

    return load_manifest().expand(load_run(resolve_run(folder, **overrides)))


# ---------------------------------------------------------------------------------------
# running one notebook


def _quiet() -> None:
    """Silence kernel and progress noise from papermill and jupyter in this process."""
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    # The kernel inherits this: no debugger warning about frozen modules.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


#: An image without alternative text (a notebook's own markdown image, say).
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)", re.IGNORECASE)
#: A character reference, as nbconvert's markdown writes every Chinese character.
_CHAR_REF = re.compile(r"&#(?:([0-9]{1,7})|[xX]([0-9a-fA-F]{1,6}));")


def _plain_chars(page: str) -> str:
    """The page with each reference to a character beyond ASCII written as the character
    itself (a markdown heading “附录” reads as 附录 in the file, not &#38468;&#24405;);
    references to <, >, &, quotes and other ASCII stay, so nothing becomes markup."""

    def char(m: re.Match[str]) -> str:
        code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
        if code < 0xA0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return m.group(0)
        return chr(code)

    return _CHAR_REF.sub(char, page)


@cache
def _exporter() -> Any:
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
    from traitlets.config import Config

    class PageExporter(HTMLExporter):  # type: ignore[misc]
        """nbconvert's HTML exporter without its last step, which parses the whole page
        again with BeautifulSoup (most of the export's time) to give images without
        alternative text an English one and make every output a tab stop. Every chart
        here has its alternative text (:func:`gutang_analysis.charts.figure_html`), an
        image without one gets “图片”, and the tab stops are the wide tables that scroll
        sideways (:mod:`gutang_analysis.display`), not every paragraph."""

        def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> Any:
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter(
                "highlight_code",
                self.filters.get(
                    "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
                ),
            )
            resources = self._init_resources(resources)
            self.register_filter(
                "filter_data_type",
                WidgetsDataTypeFilter(
                    notebook_metadata=self._nb_metadata, parent=self, resources=resources
                ),
            )
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _plain_chars(_IMG_WITHOUT_ALT.sub('<img alt="图片"', page)), resources

    config = Config()
    # Cells tagged "remove-cell" are notes for analysts running the notebook by hand.
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    # the notebook is checked once, after every preprocessor, not after each of them
    config.Exporter.optimistic_validation = True
    return PageExporter(
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

    Code is hidden, images are embedded as data: URIs, the page language is ``zh-CN`` and no
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
    for cell in notebook.cells:  # papermill gives it a random id: the same inputs, the same page
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"
    body, _ = _exporter().from_notebook_node(
        notebook, resources={"metadata": {"name": title or ""}}
    )
    # nbconvert takes ISO 639-1 codes only; the page says which Chinese it is written in
    body = body.replace('<html lang="zh">', '<html lang="zh-CN">', 1)
    out = Path(out_path)
    out.write_text(_strip_css_comments(body), encoding="utf-8")
    return out


_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL | re.IGNORECASE)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def _strip_css_comments(page: str) -> str:
    """Drop comments inside <style> blocks (JupyterLab's CSS cites web pages in them)."""
    return _STYLE.sub(lambda m: m.group(1) + _uncommented(m.group(2)) + m.group(3), page)


@lru_cache(maxsize=16)
def _uncommented(css: str) -> str:
    """A style block without its comments (every page of a set has the same ones)."""
    return _CSS_COMMENT.sub("", css)


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


#: The errors of a place that cannot take more files, as Python words them.
_STORAGE_ERRNOS = {errno.ENOSPC: "28", errno.EDQUOT: "122", errno.EROFS: "30"}
_STORAGE_TEXT = re.compile(r"\[Errno (\d+)\]")


def _storage_advice(exc: BaseException, text: str = "") -> str:
    """What to do, in Chinese, when ``exc`` (or its text, from a notebook's kernel) is a
    full disk, a quota or a read-only disk; else ``""``.

    Examples
    --------
    >>> _storage_advice(OSError(28, "No space left on device"))[:10]
    '（磁盘空间不足：请清'
    >>> _storage_advice(ValueError("x"))
    ''
    """
    code = exc.errno if isinstance(exc, OSError) else None
    if code not in _STORAGE_ERRNOS:
        found = _STORAGE_TEXT.search(text or str(exc))
        code = next((k for k, v in _STORAGE_ERRNOS.items() if found and found[1] == v), None)
    if code is None:
        return ""
    happened, todo = describe_os_error(OSError(code, ""))
    return f"（{happened}：请{todo}）"


def _describe_failure(spec: ReportSpec, exc: BaseException, executed: Path | None = None) -> str:
    from papermill.exceptions import PapermillExecutionError

    where = f"“{spec.title}”（{spec.notebook}{_subject(spec)}）"
    if isinstance(exc, PapermillExecutionError):
        first = next((ln.strip() for ln in (exc.source or "").splitlines() if ln.strip()), "")
        number = _code_cell_number(executed, exc.exec_count)
        cell = f"第 {number} 个代码单元格" if number else f"第 {exc.cell_index + 1} 个单元格"
        detail = str(exc.evalue).strip().replace("\n", "\n     ")
        memory = (
            "（内存不足：请关闭其他占用内存的程序、用 --jobs 1 逐份生成后重试）"
            if exc.ename == "MemoryError"
            else _storage_advice(exc, str(exc.evalue))
        )
        return (
            f"{where}未能生成：{cell}（执行序号 [{exc.exec_count}]，代码“{first}”）出错，"
            f"{exception_label(exc.ename)}：{detail}{memory}"
        )
    text = f"{type(exc).__name__} {exc}"
    if isinstance(exc, MemoryError) or any(k in text for k in _MEMORY_SIGNS):
        return (
            f"{where}未能生成：执行报告的进程意外退出，最可能的原因是内存不足"
            "（被系统内存限制终止）。请关闭其他占用内存的程序、用 --jobs 1 逐份生成，"
            "或在内存更大的电脑上重试；填报文件特别大时，请检查是否选错了文件。"
            f"（原始信息：{exception_label(type(exc).__name__)}：{str(exc).strip()[:200]}）"
        )
    return (
        f"{where}未能生成：{exception_label(type(exc).__name__)}：{str(exc).strip()}"
        f"{_storage_advice(exc)}"
    )


#: What a kernel or worker killed for lack of memory leaves in the error it raises.
_MEMORY_SIGNS = (
    "Kernel died",
    "kernel died",
    "DeadKernelError",
    "MemoryError",
    "BrokenProcessPool",
)


def _subject(spec: ReportSpec) -> str:
    """Which entry of the inputs a report is about: ``，科室“X”（分解表）`` or a programme.

    Examples
    --------
    >>> _subject(ReportSpec("p-a", "p.ipynb", "t", {"office": "经济发展办公室"}))
    '，分解表中的责任科室“经济发展办公室”'
    >>> _subject(ReportSpec("a", "a.ipynb", "t"))
    ''
    """
    office, section = spec.parameters.get("office"), spec.parameters.get("section")
    if office:
        return f"，分解表中的责任科室“{office}”"
    if section:
        return f"，计划中的板块 {section}"
    return ""


def _describe_writer_failure(spec: ReportSpec, file: str, exc: BaseException) -> str:
    """A download writer that failed, in Chinese (the report's page is not published)."""
    detail = str(exc).strip()
    if not isinstance(exc, GutangError):
        detail = f"{exception_label(type(exc).__name__)}：{detail}{_storage_advice(exc)}"
    return (
        f"“{spec.title}”（{spec.notebook}{_subject(spec)}）未能生成：下载文件 {file} 写出失败，"
        f"{detail}"
    )


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
    run: dict[str, Any] | None = None,
    warm: bool = False,
) -> tuple[bool, str | None, float]:
    """Execute one report notebook with papermill and export its HTML, in ``work_dir``.

    Writes ``NAME.ipynb`` (executed) and, on success, ``NAME.html``. A kernel that fails
    to start is retried once. Safe to call in a worker process.

    Parameters
    ----------
    spec : ReportSpec
        The report.
    work_dir : str or Path
        The folder to write into (the notebook runs with it as working directory).
    notebooks_dir : str or Path, optional
        Where the notebooks are; defaults to ``paths.NOTEBOOKS_DIR``.
    run : dict, optional
        The run's inputs (``RunInputs.as_parameter``), injected as the parameter ``run``.
    warm : bool
        Run it in this process's warm kernel (papermill engine ``gutang``,
        :mod:`gutang_analysis.engine`) instead of a kernel of its own.

    Returns
    -------
    ok : bool
    error : str or None
        The Chinese failure description (without the kept-notebook note).
    seconds : float
    """
    import papermill as pm

    from . import engine

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
                parameters={**spec.parameters, **({"run": run} if run is not None else {})},
                kernel_name="python3",
                engine_name=engine.ENGINE_NAME if warm else None,
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
# running many notebooks: one executor for serial and parallel builds


class _InlineExecutor(cf.Executor):
    """Runs each task at once in this process: the serial build uses the same code path."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future:
        future: cf.Future = cf.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            future.set_exception(exc)
        return future


#: How worker processes start: forked where the system allows it (a worker has every
#: library this process imported, at once), else a new interpreter.
_START_METHOD = (
    "fork"
    if sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
    else "spawn"
)


def _executor(jobs: int, n: int) -> cf.Executor:
    if jobs <= 1 or n <= 1:
        return _InlineExecutor()
    return cf.ProcessPoolExecutor(
        max_workers=min(jobs, n),
        mp_context=multiprocessing.get_context(_START_METHOD),
        initializer=_worker_init,
        initargs=(os.getpid(),),
    )


def _started_pool(jobs: int) -> cf.ProcessPoolExecutor:
    """``jobs`` worker processes, started now: each imports the libraries and starts its
    kernel while this process loads the run."""
    pool = _executor(jobs, jobs)
    assert isinstance(pool, cf.ProcessPoolExecutor)
    for _ in range(jobs):  # a worker is spawned for each task handed out while none is idle
        pool.submit(os.getpid)
    return pool


# ---------------------------------------------------------------------------------------
# stopping cleanly: Ctrl+C, SIGTERM, a parent that died


def _kernel_children(pid: int, since: frozenset[int] = frozenset()) -> list[int]:
    """Pids of the Jupyter kernels started by process ``pid`` (not in ``since``)."""
    from .engine import FORKED_NAME

    found: list[int] = []
    try:
        entries = os.listdir("/proc")
    except OSError:  # pragma: no cover - not Linux: kernels exit on their own (ipykernel)
        return found
    forked = f"({FORKED_NAME})".encode()
    for entry in entries:
        if not entry.isdigit() or int(entry) in since:
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
            ppid = int(stat.rsplit(b")", 1)[1].split()[1])
            if ppid != pid:
                continue
            with open(f"/proc/{entry}/cmdline", "rb") as fh:
                cmdline = fh.read()
        except (OSError, ValueError, IndexError):
            continue
        # a kernel forked from this process (engine) carries its command line, and a name
        if b"ipykernel" in cmdline or stat.split(b" ", 2)[1] == forked:
            found.append(int(entry))
    return found


def _kill_kernels(pids: list[int]) -> None:
    """End kernels at once and remove their connection files (their shutdown never ran)."""
    for pid in pids:
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                args = fh.read().decode("utf-8", "replace").split("\0")
        except OSError:
            args = []
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            continue
        for flag, value in itertools.pairwise(args):
            if flag == "-f" and value.endswith(".json") and "kernel-" in Path(value).name:
                Path(value).unlink(missing_ok=True)
    for pid in pids:
        with suppress(ChildProcessError, OSError):
            os.waitpid(pid, 0)  # our own child: reap it, no zombie left


def _worker_init(parent_pid: int) -> None:
    """Set up a worker process: it never outlives the build that started it.

    Ctrl+C in a terminal reaches every process of the foreground group: the worker ignores
    it (the build stops it). On SIGTERM, or when the build process dies (even by SIGKILL),
    the worker ends its kernels and exits at once.
    """
    from . import engine

    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def die(*_: object) -> None:
        _kill_kernels(_kernel_children(os.getpid()))
        engine.abandon()  # the connection files of forked kernels
        os._exit(143)

    signal.signal(signal.SIGTERM, die)
    die_with_parent(signal.SIGTERM)  # Linux: the kernel sends SIGTERM when the parent dies
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        die()

    def watch() -> None:  # every system: poll for the parent going away
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        die()

    threading.Thread(target=watch, name="gutang-parent-watch", daemon=True).start()
    atexit.register(engine.stop)
    engine.start()  # boots while the first notebook is handed over


def _stop_pool(pool: cf.Executor) -> None:
    """Cancel what has not started and end the worker processes and their kernels now."""
    if not isinstance(pool, cf.ProcessPoolExecutor):
        return
    # private, but the only handle on the workers: shutdown() alone waits for every
    # running notebook to finish
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()  # the worker's SIGTERM handler ends its kernels first
    deadline = time.monotonic() + 5
    for proc in processes:
        proc.join(max(0.1, deadline - time.monotonic()))
        if proc.is_alive():  # pragma: no cover - a worker stuck in C code
            proc.kill()
            proc.join(1)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl+C and SIGTERM while the output folder is being changed (the swap, the
    tidying): they take effect right after, never half-way through a rename.

    Two locks, because either alone leaks: the signal mask holds the signal for this
    thread only (another thread of the process, tqdm's monitor or a ZMQ thread, may still
    receive it), so the Python handlers are also replaced by one that notes the signal;
    it is raised again once the block is done.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)

    def note(signum: int, _frame: object) -> None:
        caught.append(signum)

    handlers = {s: signal.signal(s, note) for s in held}
    mask = (
        signal.pthread_sigmask(signal.SIG_BLOCK, set(held))
        if hasattr(signal, "pthread_sigmask")
        else None
    )
    try:
        yield
    finally:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        # a signal delivered on unblocking runs `note` at the next check: give it one
        time.sleep(0)
        for s, handler in handlers.items():
            signal.signal(s, handler)
        if caught:
            signal.raise_signal(caught[0])


def _run_all(
    specs: list[ReportSpec],
    work: Path,
    notebooks_dir: str | None,
    run: dict[str, Any],
    jobs: int,
    progress: bool,
    meanwhile: Any = None,
    started: cf.Executor | None = None,
) -> dict[str, tuple[bool, str | None, float, str]]:
    """Execute every report; returns name -> (ok, error, seconds, finished_at).

    ``meanwhile`` (no arguments) runs in this process once every report is handed out:
    while worker processes run the notebooks, this one writes the downloads. ``started``
    is a pool of workers started already (:func:`_started_pool`); it is shut down here.
    """
    results: dict[str, tuple[bool, str | None, float, str]] = {}
    before = frozenset(_kernel_children(os.getpid()))
    with (
        _progress(len(specs), progress) as bar,
        started if started is not None else _executor(jobs, len(specs)) as pool,
    ):
        try:
            futures = {pool.submit(run_report, s, work, notebooks_dir, run, True): s for s in specs}
            if meanwhile is not None:
                meanwhile()
            for future in cf.as_completed(futures):
                spec = futures[future]
                try:
                    ok, error, secs = future.result()
                except Exception as exc:  # a worker process died
                    ok, error, secs = False, _describe_failure(spec, exc, None), 0.0
                results[spec.name] = (ok, error, secs, _now())
                bar.set_postfix_str(spec.title)
                bar.update()
        except BaseException:  # Ctrl+C, SIGTERM: stop every worker and kernel now
            with _signals_held():
                _stop_pool(pool)
                # a notebook run in this process was cut off before papermill could
                # shut its kernel down
                _kill_kernels(_kernel_children(os.getpid(), before))
            raise
    return results


# ---------------------------------------------------------------------------------------
# the output folder: a lock, a new set, one swap


class _BuildLock:
    """Refuses a second build of the same plan into the same output folder."""

    def __init__(self, out_root: Path, plan_id: str) -> None:
        self.path = out_root / f".{plan_id}.lock"
        self.fh: Any = None

    def __enter__(self) -> _BuildLock:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError as exc:
            if self.path.is_symlink():
                _refuse_symlink(self.path)
            if self.path.is_dir():
                self._not_a_file("文件夹")
            happened, todo = describe_os_error(exc)
            raise BuildError(
                "无法建立构建锁文件",
                [Problem(str(self.path), None, None, happened, f"可写入的位置：{todo}")],
            ) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a pipe or a device planted at its name
            os.close(fd)
            self._not_a_file("设备或管道，不是普通文件")
        self.fh = os.fdopen(fd, "a+")
        try:
            import fcntl

            fcntl.flock(self.fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # pragma: no cover - Windows
            import msvcrt

            try:
                msvcrt.locking(self.fh.fileno(), msvcrt.LK_NBLCK, 1)
            except OSError:
                self._refuse()
        except OSError:
            self._refuse()
        return self

    def _not_a_file(self, what: str) -> None:
        raise BuildError(
            "无法建立构建锁文件",
            [
                Problem(
                    str(self.path),
                    None,
                    None,
                    what,
                    "普通文件或不存在（请删除它后重试；构建会自己建立锁文件）",
                )
            ],
        )

    def _refuse(self) -> None:
        self.fh.close()
        raise BuildError(
            "另一个构建正在向同一文件夹生成这份计划的报告",
            [
                f"{self.path.parent} 中正在生成这份计划的报告；请等前一个构建结束后再运行，"
                "或用 --out 指定另一个输出文件夹"
            ],
        )

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.close()


def _check_out_root(out_root: Path) -> None:
    """The output folder must be a folder we can write into."""
    problem = None
    if out_root.exists() and not out_root.is_dir():
        problem = "这是一个文件，不是文件夹"
    else:
        try:
            out_root.mkdir(parents=True, exist_ok=True)
            probe_writable(out_root)  # created exclusively: never through a planted link
        except OSError as exc:
            happened, todo = describe_os_error(exc)
            problem = f"无法写入（{happened}；请{todo}）"
    if problem:
        raise BuildError(
            "报告输出文件夹不可用",
            [Problem(str(out_root), None, "--out", problem, "可写入的文件夹")],
        )


def _remove(path: Path) -> None:
    """Remove a leftover: a link is unlinked (never followed), a folder removed."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _recover(out_root: Path, plan_id: str) -> None:
    """Tidy what an interrupted build left: new sets never published, a set mid-swap.

    Nothing is followed through a symbolic link: a link planted at a leftover's name is
    removed as a link, and with a link at ``OUT/<plan id>`` the previous set is left
    aside (:func:`build_reports` refuses to build until the link is gone).
    """
    final = out_root / plan_id
    for old in sorted(out_root.glob(f".{plan_id}.old-*")):
        if old.is_symlink() or not old.is_dir():
            _remove(old)
        elif not os.path.lexists(final):
            os.replace(old, final)  # the swap was interrupted: the previous set comes back
        elif not final.is_symlink():
            keep = _kept_dir(out_root, plan_id)
            if keep is not None and _set_is_complete(old) and _set_is_complete(final) is False:
                _keep_aside(old, keep)  # an incomplete set went in: the complete one is kept
            else:
                shutil.rmtree(old, ignore_errors=True)
    for tmp in out_root.glob(f".{plan_id}.new-*"):
        _remove(tmp)


def _refuse_symlink(path: Path) -> None:
    """A symbolic link where the build writes: refused, naming the link and its target."""
    if not path.is_symlink():
        return
    raise BuildError(
        "报告输出位置是一个符号链接，为安全起见不向其中写入，也不替换它",
        [
            Problem(
                str(path),
                None,
                None,
                f"指向 {os.readlink(path)} 的符号链接",
                "一个普通文件夹（请删除这个链接，或用 --out 直接指定报告输出文件夹）",
            )
        ],
    )


def _publish(new: Path, final: Path, keep: Path | None = None) -> None:
    """Put the new set in place of the previous one (two renames, the old one kept
    until the new one is in place). A symbolic link at ``final`` is refused, never
    followed or replaced; so is a link inside the new set. With ``keep`` the previous
    set is moved there instead of removed (the new set is incomplete)."""
    _refuse_symlink(final)
    links = [f.name for f in new.iterdir() if f.is_symlink()]
    if links:
        raise BuildError(
            "新生成的报告文件夹中出现了符号链接，本次不发布",
            [
                Problem(str(new / name), None, None, "符号链接", "构建写出的普通文件")
                for name in links
            ],
        )
    old = final.parent / f".{final.name}.old-{os.getpid()}"
    if final.is_file():
        final.unlink()
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    if keep is not None and old.is_dir() and not old.is_symlink():
        _keep_aside(old, keep)
    else:
        shutil.rmtree(old, ignore_errors=True)


def _keep_aside(old: Path, keep: Path) -> None:
    """Move a complete set to ``keep`` (``_last_complete/<plan id>``), replacing any."""
    keep.parent.mkdir(parents=True, exist_ok=True)
    if keep.is_dir() and not keep.is_symlink():
        shutil.rmtree(keep)
    os.replace(old, keep)


def _kept_dir(out_root: Path, plan_id: str) -> Path | None:
    """``OUT/_last_complete/<plan id>``, or None when a symbolic link is on the way."""
    parent = out_root / KEPT_DIR_NAME
    target = parent / plan_id
    if parent.is_symlink() or target.is_symlink() or (parent.exists() and not parent.is_dir()):
        return None
    return target


def _read_set_manifest(folder: Path) -> dict[str, Any] | None:
    """The ``manifest.json`` of a published set, or None (no set, unreadable)."""
    record = folder / OUTPUT_MANIFEST_NAME
    if record.is_symlink() or not record.is_file() or record.stat().st_size > 16 * 1024 * 1024:
        return None
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: absurdly deep nesting
        return None
    return data if isinstance(data, dict) else None


def _set_is_complete(folder: Path) -> bool | None:
    """Whether a published set is whole (None: there is no readable set)."""
    data = _read_set_manifest(folder)
    if data is None:
        return None
    return data.get("complete", True) is not False


def _published_token(folder: Path) -> str | None:
    """The build id a published set was written by."""
    data = _read_set_manifest(folder)
    return None if data is None else data.get("build_id")


def _previous_reports(folder: Path) -> list[tuple[str, str]]:
    """(name, title) of the reports of the published set (older sets: from their pages)."""
    data = _read_set_manifest(folder)
    if data is None:
        return []
    listed = data.get("reports")
    if isinstance(listed, list):
        return [
            (str(r.get("name")), str(r.get("title") or r.get("name")))
            for r in listed
            if isinstance(r, dict) and r.get("name") and r.get("status", "成功") == "成功"
        ]
    outputs = data.get("outputs") or {}
    return [
        (Path(n).stem, Path(n).stem)
        for n in sorted(outputs)
        if n.endswith(".html") and n != INDEX_NAME
    ]


def _lost_reports(final: Path, specs: list[ReportSpec], skipped: list[str]) -> tuple[str, ...]:
    """The previous set's reports this build does not make, each with why, in Chinese."""
    names = {s.name for s in specs}
    lost = []
    for name, title in _previous_reports(final):
        if name in names:
            continue
        reason = next(
            (
                k.split("：", 1)[1]
                for k in skipped
                if "：" in k and title.startswith(k.split("：", 1)[0])
            ),
            "本次的报告清单中已没有这份报告（板块、科室或报告清单有变化）",
        )
        lost.append(f"上次发布的“{title}”（{name}.html）本次没有生成：{reason}")
    return tuple(lost)


def _failed_dir(out_root: Path, plan_id: str) -> Path | None:
    """``OUT/_failed/<plan id>``, or None when a symbolic link is on the way."""
    parent = out_root / "_failed"
    target = parent / plan_id
    if parent.is_symlink() or target.is_symlink() or (parent.exists() and not parent.is_dir()):
        return None
    return target


def _keep_failed(out_root: Path, plan_id: str, work: Path, name: str) -> Path | None:
    executed = work / f"{name}.ipynb"
    if not executed.is_file():
        return None
    failed_dir = _failed_dir(out_root, plan_id)
    if failed_dir is None:
        return None
    failed_dir.mkdir(parents=True, exist_ok=True)
    kept = failed_dir / executed.name
    os.replace(executed, kept)
    return kept


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _clock(iso: str | None) -> str:
    """``2026年11月25日 17:17:05`` in Beijing time, for the build record."""

    if not iso:
        return "—"
    t = dt.datetime.fromisoformat(iso).astimezone(CHINA_TZ)
    return f"{t.year}年{t.month}月{t.day}日 {t:%H:%M:%S}"


def _sha256(path: Path) -> str:

    return file_sha256(path)


# ---------------------------------------------------------------------------------------
# what a build writes besides the reports


def write_build_log(summary: BuildSummary, run: Any = None, folder: Path | None = None) -> Path:
    """Write the build record :data:`BUILD_LOG_NAME` into ``folder`` (default: the
    summary's output folder).

    One line per report: its status, when it was built and its files; the inputs with
    their SHA-256; the reports left out and why; the scoring's warnings.
    """

    where = Path(folder or summary.out_dir)
    built = sum(r.ok for r in summary.reports)
    lines = [
        f"构建记录（gutang-analysis {__version__}）",
        f"计划：{summary.plan_title}",
        f"构建时间：{local_time_text(summary.started_at) if summary.started_at else '—'}"
        f"，用时 {summary.seconds:.1f} 秒",
        f"输出文件夹：{Path(summary.out_dir).resolve()}",
    ]
    if run is not None:
        lines.append("输入文件（SHA-256）：")
        hashes = dict(run.inputs.hashes)
        for role, path in run.inputs.files().items():
            lines.append(f"  {role_label(role)}：{path}（{hashes.get(role, '—')}）")
        lines.append(f"  程序与笔记本：{code_sha256()}")
    if summary.seal:
        lines.append(
            f"核对码：{summary.seal}（另行记下；gutang-review verify 报告文件夹 --expect 核对码）"
        )
    lines += [
        f"结果：成功 {built} 份，失败 {len(summary.reports) - built} 份，"
        f"未生成 {len(summary.skipped)} 份",
    ]
    if not summary.ok:
        lines.append(
            "这一套报告不完整：成功生成的报告已作为一套发布，失败的原因见下文。"
            + _kept_sentence(summary.kept)
        )
    lines += ["", "各报告（状态｜生成时间（北京时间）｜文件）："]
    for r in summary.reports:
        if r.ok:
            files = "、".join(f.name for f in r.files)
            lines.append(f"  成功｜{_clock(r.finished_at)}｜{r.spec.title}：{files}")
        else:
            cause = (r.error or "原因不明").replace("\n", "\n       ")
            lines.append(f"  失败｜{_clock(r.finished_at)}｜{r.spec.title}")
            lines.append(f"       原因：{cause}")
    for note in summary.lost:
        lines.append(f"  缺少｜—｜{note}")
    for note in summary.skipped:
        lines.append(f"  未生成｜—｜{note}")
    for name in summary.carried:
        lines.append(f"  沿用｜—｜{name}：本次只生成部分报告，此文件沿用上次构建")
    if summary.warnings:
        lines += ["", "注意："]
        lines += [f"  {w}" for w in summary.warnings]
    path = where / BUILD_LOG_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write_index(folder: Path, summary: BuildSummary, run: Any, banner: str | None) -> Path:
    """The build's index page (:func:`index_page.index_html`): verdict, what failed (an
    incomplete set), files by recipient."""
    page = index_html(
        summary,
        run,
        banner,
        notice=_incomplete_html(summary, folder) if not summary.ok else "",
        log_name=BUILD_LOG_NAME,
        manifest_name=OUTPUT_MANIFEST_NAME,
    )
    if summary.seal:
        seal = (
            f'<p class="seal">核对码：<code>{summary.seal}</code>（构建时生成；请另行记下，'
            "用 gutang-review verify 报告文件夹 --expect 核对码 核对报告是否被改动）</p>"
        )
        page = page.replace("</body>", seal + "</body>", 1) if "</body>" in page else page + seal
    path = folder / INDEX_NAME
    path.write_text(page, encoding="utf-8")
    return path


def _incomplete_html(summary: BuildSummary, folder: Path) -> str:
    """The notice at the top of an incomplete set's index: what failed and why, what is
    missing, and where the last complete set is (a relative link, opened offline)."""
    esc = html.escape
    items = []
    for r in summary.failed:
        cause = (r.error or "原因不明").split("\n     已执行的笔记本")[0]
        # the title is shown in bold already: "“T”（where）未能生成：why" becomes "（where）：why"
        cause = cause.replace(f"“{r.spec.title}”", "", 1).replace("）未能生成：", "）：", 1)
        items.append(f"<li><strong>{esc(r.spec.title)}</strong>{esc(cause)}</li>")
    items += [f"<li>{esc(note)}</li>" for note in summary.lost]
    kept = summary.kept
    if kept is not None:
        rel = f"../{KEPT_DIR_NAME}/{Path(kept).name}/{INDEX_NAME}"
        where = (
            f'<p>上次完整的一套报告保留在 <a href="{esc(rel)}">{esc(str(Path(kept).resolve()))}</a>'
            "，直到下一次全部报告都生成成功。</p>"
        )
    else:
        where = "<p>此前没有完整的一套报告可保留。</p>"
    return (
        '<div class="failures" role="alert"><p><strong>这一套报告不完整</strong>：'
        f"{len(summary.failed)} 份生成失败"
        + (f"，上次有的 {len(summary.lost)} 份本次没有生成" if summary.lost else "")
        + "。下面列出的其余报告已正常生成。</p>"
        f"<ul>{''.join(items)}</ul>{where}</div>"
    )


def _add_build_to_summary_json(folder: Path, summary: BuildSummary) -> None:
    """Record the build (time, reports and their status) in the summary.json it wrote."""
    target = folder / "summary.json"
    if not target.is_file():
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
        "complete": summary.ok,
        "missing": list(summary.lost),
        "skipped": list(summary.skipped),
        "warnings": list(summary.warnings),
        "log": BUILD_LOG_NAME,
    }
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _write_output_manifest(
    folder: Path,
    run: Any,
    started_at: str,
    summary: BuildSummary | None = None,
    token: str | None = None,
    complete: bool = True,
) -> Path:
    """The SHA-256 of every file of the set, and of the inputs and code that built it;
    whether the set is complete, its reports, the failed and missing ones."""

    files = {
        f.name: _sha256(f)
        for f in sorted(folder.iterdir())
        if f.is_file() and f.name != OUTPUT_MANIFEST_NAME
    }
    if summary is not None and summary.seal is not None:
        sealed = _sealed_hashes(folder, summary.seal)
        assert summary.seal == set_seal(sealed, _input_hashes(run))
    data: dict[str, Any] = {
        "format_version": 1,
        "plan_id": run.plan.id,
        "plan_title": run.plan.title,
        "issuer": run.plan.issuer,
        "built_at": started_at,
        "build_id": token,
        "complete": complete,
        "version": __version__,
        "code_sha256": code_sha256(),
        "inputs": {
            role: {"file": str(path), "sha256": dict(run.inputs.hashes).get(role)}
            for role, path in run.inputs.files().items()
        },
        "outputs": files,
    }
    if summary is not None:
        data["reports"] = [
            {"name": r.spec.name, "title": r.spec.title, "status": "成功" if r.ok else "失败"}
            for r in summary.reports
        ]
        data["failed"] = [
            {"name": r.spec.name, "title": r.spec.title, "cause": r.error or ""}
            for r in summary.failed
        ]
        data["missing"] = list(summary.lost)
        data["last_complete_set"] = str(summary.kept.resolve()) if summary.kept else None
        data["seal"] = summary.seal
    path = folder / OUTPUT_MANIFEST_NAME
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def set_status(folder: str | Path) -> str | None:
    """What ``verify`` says of an incomplete set, in Chinese (None for a complete one).

    Examples
    --------
    >>> set_status("/nonexistent") is None
    True
    """
    data = _read_set_manifest(Path(folder))
    if data is None or data.get("complete", True) is not False:
        return None
    failed = [
        str(f.get("title", f.get("name", "")))
        for f in data.get("failed") or []
        if isinstance(f, dict)
    ]
    missing = [str(m) for m in data.get("missing") or []]
    parts = [f"这是一套不完整的报告（构建于 {data.get('built_at', '—')}）"]
    if failed:
        parts.append(f"生成失败 {len(failed)} 份：" + "、".join(failed))
    if missing:
        parts.append(f"上次有、这次没有生成 {len(missing)} 份")
    kept = data.get("last_complete_set")
    parts.append(f"上次完整的一套保留在 {kept}" if kept else "此前没有完整的一套报告")
    return "；".join(parts) + "。"


#: The file of a set the seal does not cover (it records the hashes the seal is made of).
_UNSEALED = frozenset({"manifest.json"})
#: Files that show the seal: sealed as they are with the seal replaced by the placeholder.
_SHOWS_SEAL = ("index.html", "构建记录.txt")
_SEAL_PLACEHOLDER = "0" * 64
#: The files earlier versions left out of the seal (a set they built still verifies).
_UNSEALED_BEFORE = frozenset({"index.html", "构建记录.txt", "manifest.json"})
#: The largest ``manifest.json`` ``verify`` reads (a real one is a few kilobytes).
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
#: No input of a build is larger (YAML files and outcome files are refused above 20 MB):
#: ``verify`` reads no larger file that a manifest names as an input.
MAX_INPUT_BYTES = 32 * 1024 * 1024


def _sealed_hashes(folder: Path, seal: str | None = None) -> dict[str, str]:
    """The hashes a seal is made of: each file of the set, the index page and the build
    record with ``seal`` (where they show it) replaced by the placeholder."""
    out = {}
    for f in sorted(folder.iterdir()):
        if not f.is_file() or f.name in _UNSEALED:
            continue
        if f.name in _SHOWS_SEAL and seal:
            data = f.read_bytes().replace(seal.encode(), _SEAL_PLACEHOLDER.encode())
            out[f.name] = hashlib.sha256(data).hexdigest()  # (a few kilobytes)
        else:
            out[f.name] = _sha256(f)
    return out


def _input_hashes(run: Any) -> dict[str, str | None]:
    hashes = dict(run.inputs.hashes)
    return {role: hashes.get(role) for role in run.inputs.files()}


def set_seal(outputs: dict[str, Any], inputs: dict[str, Any]) -> str:
    """The 核对码 of a set: one SHA-256 over the hashes of its reports and downloads, of
    its index page and build record (as written with a placeholder where they show the
    核对码) and of its inputs; ``manifest.json``, which records those hashes, excepted.

    Printed at build time and kept apart from the set (a 发文登记, a register), it lets
    :func:`verify_build` tell a report edited together with its entry in
    ``manifest.json``: the manifest's hashes no longer give the seal.

    Examples
    --------
    >>> set_seal({"a.html": "00"}, {"plan": "11"})[:12]
    '85e35f975523'
    """
    import hashlib

    body = json.dumps(
        {"outputs": dict(sorted(outputs.items())), "inputs": dict(sorted(inputs.items()))},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _recorded_for_seal(root: Path, outputs: dict[Any, Any], expect: str) -> dict[str, Any]:
    """The hashes a seal is made of, from ``manifest.json``; the index page and the build
    record hashed as they are (bounded) with the expected seal made the placeholder."""
    seal = expect.strip().lower()
    recorded = {n: h for n, h in outputs.items() if isinstance(n, str) and n not in _UNSEALED}
    for name in _SHOWS_SEAL:
        if name not in recorded:
            continue
        f = root / name
        if f.is_symlink() or file_refusal(f, MAX_MANIFEST_BYTES) or not f.is_file():
            recorded[name] = None  # reported as changed or missing below
            continue
        data = f.read_bytes().replace(seal.encode(), _SEAL_PLACEHOLDER.encode())
        recorded[name] = hashlib.sha256(data).hexdigest()
    return recorded


def _sealed_before(outputs: dict[Any, Any], by_role: dict[str, Any], expect: str) -> bool:
    """Whether ``expect`` is the seal of a set built before the index page and the build
    record were sealed (then only those two are not covered: :func:`seal_scope`)."""
    recorded = {
        n: h for n, h in outputs.items() if isinstance(n, str) and n not in _UNSEALED_BEFORE
    }
    return set_seal(recorded, by_role) == expect.strip().lower()


def seal_scope(folder: str | Path, expect: str) -> str | None:
    """What the seal ``expect`` of the set in ``folder`` does not cover, in Chinese, or
    None: a set built by an earlier version sealed neither its index page nor its build
    record (their hashes are still checked against ``manifest.json``)."""
    try:
        data = _read_set_manifest(Path(folder))
        outputs, inputs = dict(data["outputs"]), dict(data.get("inputs") or {})  # type: ignore[index]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    by_role = {r: (e.get("sha256") if isinstance(e, dict) else None) for r, e in inputs.items()}
    sealed = set_seal(_recorded_for_seal(Path(folder), outputs, expect), by_role)
    if sealed == expect.strip().lower():
        return None
    if _sealed_before(outputs, by_role, expect):
        return (
            "这套报告由较早的版本生成，其核对码不覆盖首页（index.html）和构建记录"
            "（二者只与 manifest.json 的记录核对）；报告、下载文件和输入文件已用核对码核对"
        )
    return None


def _plain_name(name: str) -> bool:
    """A file name inside the set: no folder part, not ``.``/``..``, not absolute."""
    return (
        bool(name)
        and name not in (".", "..")
        and "/" not in name
        and "\\" not in name
        and "\x00" not in name
        and not Path(name).is_absolute()
    )


def verify_build(folder: str | Path, expect: str | None = None) -> list[str]:
    """Recompute the hashes of a published set; return what differs, in Chinese.

    An empty list means every output is as the build wrote it and every input still has
    the hash it had then. ``manifest.json`` is read only when it is a regular file of a
    bounded size; names in it that point outside the folder are reported, never read.
    With ``expect`` (the 核对码 printed at build time, :func:`set_seal`), the manifest
    itself is checked: a report edited together with its manifest entry is found.

    Raises
    ------
    BuildError
        When the folder has no readable :data:`OUTPUT_MANIFEST_NAME`.
    """

    root = Path(folder)
    if expect is not None:
        expect = _checked_seal(expect)
    record = root / OUTPUT_MANIFEST_NAME
    refused = None if not record.exists() else file_refusal(record, MAX_MANIFEST_BYTES)
    if record.is_symlink():
        refused = (f"指向 {os.readlink(record)} 的符号链接", "报告文件夹中的普通文件")
    if refused:
        raise BuildError("无法核对这个文件夹", [Problem(str(record), None, None, *refused)])
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
        outputs = dict(data["outputs"])
        inputs = dict(data.get("inputs") or {})
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        raise BuildError(
            "无法核对这个文件夹",
            [f"{record} 不存在或无法读取；请给出 gutang-review build 生成的报告文件夹"],
        ) from None

    found = []
    if expect is not None:
        by_role = {
            role: (entry.get("sha256") if isinstance(entry, dict) else None)
            for role, entry in inputs.items()
        }
        sealed = set_seal(_recorded_for_seal(root, outputs, expect), by_role)
        if sealed != expect.strip().lower() and not _sealed_before(outputs, by_role, expect):
            found.append(
                f"核对码不符：{OUTPUT_MANIFEST_NAME} 记录的校验值算出的核对码不是 {expect.strip()}"
                "（报告或 manifest.json 在构建后被改动过，或核对码记错了）"
            )
    for name, sha in outputs.items():
        if not isinstance(name, str) or not _plain_name(name):
            found.append(f"{OUTPUT_MANIFEST_NAME} 中的文件名 {name!r} 不在报告文件夹中，未读取")
            continue
        f = root / name
        if f.is_symlink():
            found.append(f"输出文件 {name} 被换成了符号链接（指向 {os.readlink(f)}）")
        elif not f.is_file():
            found.append(f"输出文件 {name} 不见了（或不是普通文件）")
        elif _sha256(f) != sha:
            found.append(f"输出文件 {name} 在生成后被修改过")
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name in outputs or entry.name == OUTPUT_MANIFEST_NAME:
            continue
        if entry.is_dir() and not entry.is_symlink():  # a set is never built with folders
            found.append(f"文件夹 {entry.name} 不是这次构建生成的")
        elif entry.is_file() or entry.is_symlink():
            found.append(f"文件 {entry.name} 不是这次构建生成的")
    for role, entry in inputs.items():
        entry = entry if isinstance(entry, dict) else {}
        name = entry.get("file")
        if not isinstance(name, str) or not name:
            found.append(
                f"{OUTPUT_MANIFEST_NAME} 中的输入文件（{role_label(role)}）没有文件名，未读取"
            )
            continue
        path = Path(name)
        if not path.is_file():  # a pipe or a device is never read
            found.append(f"输入文件 {path} 已不存在（或不是普通文件）")
        elif path.stat().st_size > MAX_INPUT_BYTES:  # larger than any input a build reads
            found.append(
                f"输入文件 {path} 的大小（{path.stat().st_size // (1024 * 1024)} MB）超过任何输入"
                f"文件的上限（{MAX_INPUT_BYTES // (1024 * 1024)} MB），不是构建时读取的文件，未读取"
            )
        elif entry.get("sha256") and _sha256(path) != entry["sha256"]:
            found.append(f"输入文件 {path} 在构建后被修改过（{role_label(role)}）")
    return found


def _checked_seal(expect: str) -> str:
    """The 核对码 as typed, if it is one: 64 hexadecimal digits (spaces around and
    capitals allowed).

    Raises
    ------
    BuildError
        Naming the value and what a 核对码 looks like.

    Examples
    --------
    >>> _checked_seal(" " + "AB" * 32 + " ") == "ab" * 32
    True
    """
    text = expect.strip().lower()
    if re.fullmatch(r"[0-9a-f]{64}", text):
        return text
    shown = expect.encode("utf-8", "backslashreplace").decode("utf-8")
    shown = shown if len(shown) <= 80 else shown[:80] + "…"
    raise BuildError(
        "核对码写得不对",
        [
            Problem(
                "--expect",
                None,
                None,
                shown,
                "构建时显示的核对码：64 位，由数字 0-9 和字母 a-f 组成（请从发文登记中原样复制）",
            )
        ],
    )


def _progress(total: int, enabled: bool) -> Any:
    """The progress bar: a notebook's own when the build runs in a notebook, else text.

    (tqdm.auto guesses a notebook from ipykernel being imported, which a build process
    that forks its kernels (:mod:`gutang_analysis.engine`) has done too.)
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None and "zmq" in type(shell).__name__.lower():
        from tqdm.auto import tqdm
    else:
        from tqdm.std import tqdm

    return tqdm(
        total=total,
        desc="生成报告",
        unit="份",
        disable=not enabled,
        file=sys.stderr,
        bar_format="{desc}：{n_fmt}/{total_fmt} |{bar}| {elapsed}{postfix}",
    )


# ---------------------------------------------------------------------------------------
# the recipe


def check_memory_limit() -> None:
    """Stop before any notebook kernel starts when this process may use less virtual memory
    than a kernel needs (:data:`~gutang_analysis._process.MIN_ADDRESS_SPACE`): below it the
    kernel cannot start its threads and the build would wait for ever.

    Raises
    ------
    BuildError
        Naming the limit, what a build needs and what to do.

    Examples
    --------
    >>> check_memory_limit()  # no limit here: nothing to say
    """
    limit = address_space_limit()
    if limit is not None and limit < MIN_ADDRESS_SPACE:
        raise BuildError(
            "可用内存上限太低，无法生成报告",
            [
                f"本程序可用的虚拟内存上限为 {limit / 1e9:.2f} GB"
                "（ulimit -v 或 prlimit --as 设定），"
                f"生成报告至少需要 {MIN_ADDRESS_SPACE / 1e9:.1f} GB：请放宽该上限后重试"
                "（如 ulimit -v unlimited），或在内存更大的电脑上运行；本次没有生成或改动任何报告。"
            ],
        )


def build_reports(
    folder: str | Path | None = None,
    *,
    plan: str | Path | None = None,
    outcomes: str | Path | None = None,
    baseline: str | Path | None = None,
    policy: str | Path | None = None,
    midyear: str | Path | None = None,
    as_of: str | dt.date | None = None,
    out_dir: str | Path | None = None,
    jobs: int = 1,
    progress: bool = True,
    notebooks_dir: str | Path | None = None,
    manifest: str | Path | None = None,
    only: list[str] | None = None,
) -> BuildSummary:
    """Build every report of a plan folder: HTML pages, downloads, an index page.

    Parameters
    ----------
    folder : str or Path, optional
        The plan folder; found from the current directory when left out (else the
        bundled example). See :func:`gutang_analysis.run.resolve_run` for which files
        are used.
    plan, outcomes, baseline, policy, midyear : str or Path, optional
        Overrides of the folder's files.
    as_of : str or datetime.date, optional
        The mid-year as-of date (selects the folder's file of that date).
    out_dir : str or Path, optional
        Where the reports go; the set is written to ``OUT/<plan id>/``. Defaults to the
        plan folder's ``reports/`` (for the bundled example: the project's ``reports/``).
    jobs : int
        Notebooks run at once, each in its own process (1 runs them one after another).
    progress : bool
        Show a progress bar on stderr.
    notebooks_dir, manifest : str or Path, optional
        Other notebooks or another report list (tests use fixture notebooks).
    only : list of str, optional
        Build only the reports with these names (``annual_review``, ``section_review`` …).

    Returns
    -------
    BuildSummary

    Raises
    ------
    FolderError, PlanError, OutcomesError, PolicyError
        When an input is missing or has mistakes (nothing is built).
    BuildError
        When a report failed or a report of the previous set was not made (every report
        that succeeded is published as one set, marked incomplete, and the last complete
        set is kept in ``OUT/_last_complete/<plan id>``; when none succeeded nothing is
        published), an input changed during the build, another build holds the folder,
        or the output folder cannot be written. With failed reports the summary is
        attached as ``err.build_summary``.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:  # doctest: +SKIP
    ...     summary = build_reports(out_dir=tmp, only=["annual_review"], progress=False)
    ...     summary.ok
    True
    """
    from . import engine

    check_memory_limit()
    start = time.perf_counter()
    started_at = _now()
    pool = None
    # the kernel (or each worker and its kernel) boots and imports the libraries while
    # this process loads the run
    if jobs <= 1:
        # one notebook at a time: another processor is idle while it runs
        engine.start(draw_ahead=(os.cpu_count() or 1) > 1)
    else:
        pool = _started_pool(jobs)
    try:
        return _build_reports(
            folder,
            plan,
            outcomes,
            baseline,
            policy,
            midyear,
            as_of,
            out_dir,
            jobs,
            progress,
            notebooks_dir,
            manifest,
            only,
            start,
            started_at,
            pool,
        )
    finally:
        engine.stop()
        if pool is not None:
            with _signals_held():
                _stop_pool(pool)  # not used (an input had mistakes), or done already


def _build_reports(
    folder: str | Path | None,
    plan: str | Path | None,
    outcomes: str | Path | None,
    baseline: str | Path | None,
    policy: str | Path | None,
    midyear: str | Path | None,
    as_of: str | dt.date | None,
    out_dir: str | Path | None,
    jobs: int,
    progress: bool,
    notebooks_dir: str | Path | None,
    manifest: str | Path | None,
    only: list[str] | None,
    start: float,
    started_at: str,
    pool: cf.Executor | None = None,
) -> BuildSummary:
    from .engine import CHART_CACHE

    inputs = resolve_run(
        folder,
        plan=plan,
        outcomes=outcomes,
        baseline=baseline,
        policy=policy,
        midyear=midyear,
        as_of=as_of,
    )
    run = load_run(inputs)
    nb_dir = Path(notebooks_dir).resolve() if notebooks_dir else None
    specs, skipped = load_manifest(
        manifest or (nb_dir / "reports.yaml" if nb_dir and not manifest else None),
        notebooks_dir=nb_dir,
    ).expand(run)
    if only is not None:
        wanted = set(only)
        specs = [s for s in specs if s.name in wanted or s.name.split("-")[0] in wanted]
    if not specs:
        raise BuildError("没有可以生成的报告", [*skipped] or ["报告清单为空"])
    out_root = Path(out_dir) if out_dir is not None else _default_out(inputs)
    _check_out_root(out_root)
    final = out_root / run.plan.id
    _quiet()
    published = False
    token = f"{started_at}/{os.getpid()}/{time.monotonic_ns()}"
    with sigterm_as_interrupt(), _BuildLock(out_root, run.plan.id):
        _refuse_symlink(final)
        _refuse_other_plan(final, run.plan)
        with _signals_held():
            _recover(out_root, run.plan.id)
        work = out_root / f".{run.plan.id}.new-{os.getpid()}"
        work.mkdir(mode=0o700)  # nobody else can plant a file (or a link) in it
        try:
            run.precompute()  # once here, not in every notebook
            cache_file = run.save(work / ".run.pickle")
            writer_errors: dict[str, str] = {}
            results = _run_all(
                specs,
                work,
                str(nb_dir) if nb_dir else None,
                inputs.as_parameter(cache_file),
                jobs,
                progress,
                meanwhile=lambda: writer_errors.update(_write_downloads(specs, run, work)),
                started=pool,
            )
            changed = inputs.changed()
            if changed:
                raise BuildError(
                    "构建过程中输入文件被修改，本次不发布报告",
                    [f"{name}在构建开始后有变化，请在文件保存完毕后重新生成" for name in changed],
                )
            outcomes_list = _collect(specs, results, run, work, out_root, final, writer_errors)
            (work / ".run.pickle").unlink(missing_ok=True)
            shutil.rmtree(work / CHART_CACHE, ignore_errors=True)
            for f in work.glob("*.ipynb"):
                f.unlink()
            lost = () if only is not None else _lost_reports(final, specs, skipped)
            summary = BuildSummary(
                final,
                tuple(outcomes_list),
                tuple(skipped),
                time.perf_counter() - start,
                warnings=run.warnings,
                started_at=started_at,
                published=False,
                plan_title=run.plan.title,
                lost=lost,
            )
            if not any(r.ok for r in outcomes_list):
                err = BuildError(
                    f"{len(summary.failed)} 份报告生成失败，本次没有发布任何报告"
                    f"（{final} 中上次成功生成的报告保持不变）",
                    [r.error or r.spec.title for r in summary.failed],
                )
                err.build_summary = summary  # type: ignore[attr-defined]
                raise err
            carried = _carry_over(final, work, specs) if only is not None else ()
            whole = summary.ok and (only is None or _set_is_complete(final) is not False)
            kept_dir = _kept_dir(out_root, run.plan.id)
            if not whole and kept_dir is None and _set_is_complete(final):
                # an incomplete set would replace the complete one with nowhere to keep it
                place = out_root / KEPT_DIR_NAME
                err = BuildError(
                    "这一套报告不完整，而上次完整的一套报告无法保留，本次没有发布"
                    f"（{final} 中上次的报告保持不变）",
                    [
                        Problem(
                            str(place if place.is_symlink() else place / run.plan.id),
                            None,
                            None,
                            "符号链接或文件，为安全起见不向其中写入",
                            "一个普通文件夹（请删除这个链接或文件后重试）",
                        ),
                        *[r.error or r.spec.title for r in summary.failed],
                        *summary.lost,
                    ],
                )
                raise err
            keep = None
            if not whole and kept_dir is not None:
                # the previous set goes aside when it is complete; else an older complete
                # set already kept there stays
                keep = kept_dir if _set_is_complete(final) else None
                kept_at = kept_dir if (keep is not None or kept_dir.is_dir()) else None
            else:
                kept_at = None
            summary = replace(summary, carried=carried, published=True, kept=kept_at)
            banner = _set_banner(run, context_of)
            _add_build_to_summary_json(work, summary)
            # the seal covers every report, download and input, and the index page and
            # the build record that show it: those are sealed as written with a
            # placeholder where the seal goes, then the seal is put in its place
            summary = replace(summary, seal=_SEAL_PLACEHOLDER)
            write_build_log(summary, run, work)
            _write_index(work, summary, run, banner)
            summary = replace(summary, seal=set_seal(_sealed_hashes(work), _input_hashes(run)))
            for name in _SHOWS_SEAL:
                shown = work / name
                shown.write_bytes(
                    shown.read_bytes().replace(_SEAL_PLACEHOLDER.encode(), summary.seal.encode())
                )
            _write_output_manifest(work, run, started_at, summary, token, whole)
            _readable(work)
            with _signals_held():
                _publish(work, final, keep)
                published = True
                if whole:
                    stale = _failed_dir(out_root, run.plan.id)
                    if stale is not None and stale.is_dir():
                        shutil.rmtree(stale, ignore_errors=True)
                    if kept_dir is not None and kept_dir.is_dir():
                        shutil.rmtree(kept_dir, ignore_errors=True)
        except KeyboardInterrupt:
            with _signals_held():
                shutil.rmtree(work, ignore_errors=True)
                _recover(out_root, run.plan.id)
                published = _published_token(final) == token
            if published:
                raise CancelledError(
                    f"已取消；取消时这一套报告已经发布完毕，保存在 {final.resolve()}"
                ) from None
            raise CancelledError(
                "已取消：本次没有发布任何报告"
                + (f"（{final.resolve()} 中上次成功生成的报告保持不变）" if final.is_dir() else "")
            ) from None
        finally:
            with _signals_held():
                shutil.rmtree(work, ignore_errors=True)
    if not summary.ok:
        problems = [r.error or r.spec.title for r in summary.failed] + list(summary.lost)
        err = BuildError(
            f"这一套报告不完整：{len(summary.failed)} 份报告生成失败"
            + (f"，上次有的 {len(summary.lost)} 份本次没有生成" if summary.lost else "")
            + f"；成功生成的 {sum(r.ok for r in summary.reports)} 份已作为一套发布在 {final}。"
            + _kept_sentence(summary.kept).rstrip("。"),
            problems,
        )
        err.build_summary = summary  # type: ignore[attr-defined]
        raise err
    return summary


def _write_downloads(specs: list[ReportSpec], run: Any, work: Path) -> dict[str, str]:
    """Write every report's downloads into ``work``; returns what failed, by report
    (a writer that fails fails its report only)."""
    failed: dict[str, str] = {}
    for spec in specs:
        for file, writer, _ in spec.outputs:
            try:
                write_output(writer, run, work / file, spec.parameters.get("section"))
            except Exception as exc:
                failed[spec.name] = _describe_writer_failure(spec, file, exc)
                break
    return failed


def _collect(
    specs: list[ReportSpec],
    results: dict[str, tuple[bool, str | None, float, str]],
    run: Any,
    work: Path,
    out_root: Path,
    final: Path,
    writer_errors: dict[str, str],
) -> list[ReportOutcome]:
    """Each report's outcome; a report whose notebook or download writer failed is left
    out of the set (its page and downloads are removed)."""
    outcomes: list[ReportOutcome] = []
    cleared = False
    for spec in specs:
        ok, error, secs, finished = results[spec.name]
        if ok and spec.name in writer_errors:
            ok, error = False, writer_errors[spec.name]
        if not ok:
            for name in spec.files:
                (work / name).unlink(missing_ok=True)
        if ok:
            files = tuple(final / f for f in spec.files)
            outcomes.append(ReportOutcome(spec, True, files, None, None, secs, finished))
            continue
        if not cleared:  # the failed notebooks of an earlier build are stale now
            stale = _failed_dir(out_root, run.plan.id)
            if stale is not None and stale.is_dir():
                shutil.rmtree(stale, ignore_errors=True)
            cleared = True
        kept = _keep_failed(out_root, run.plan.id, work, spec.name)
        if kept is not None:
            error = (error or "") + f"\n     已执行的笔记本保留在 {kept}，可打开查看出错位置"
        outcomes.append(ReportOutcome(spec, False, (), error, kept, secs, finished))
    return outcomes


def _carry_over(final: Path, work: Path, specs: list[ReportSpec]) -> tuple[str, ...]:
    """Copy the previous set's reports that a partial build (``only``) did not remake."""
    if not final.is_dir():
        return ()
    fresh = {f for s in specs for f in s.files} | {INDEX_NAME, OUTPUT_MANIFEST_NAME, BUILD_LOG_NAME}
    carried = []
    for f in sorted(final.iterdir()):
        if f.is_file() and not f.is_symlink() and f.name not in fresh:
            shutil.copy2(f, work / f.name)
            carried.append(f.name)
    return tuple(carried)


def _default_out(inputs: Any) -> Path:
    """Where a build writes when no ``--out`` is given: the plan folder's ``reports/``
    (the bundled example: the project's ``reports/``)."""
    if inputs.folder is not None and not inputs.example:
        return Path(inputs.folder) / "reports"
    return paths.REPORTS_DIR


def _refuse_other_plan(final: Path, plan: Any) -> None:
    """Never replace the reports of another plan that happens to share the plan id."""
    # read only as a regular file of bounded size: a pipe or a link to /dev/zero planted
    # in the published set would hang the build or fill the memory
    data = _read_set_manifest(final)
    if data is None:
        return
    title, issuer = data.get("plan_title"), data.get("issuer")
    if title is None or (title == plan.title and issuer == plan.issuer):
        return
    raise BuildError(
        f"{final} 中是另一份计划《{title}》的报告，本次没有覆盖",
        [
            f"两份计划的计划编号都是 {plan.id}：请修改其中一份 plan.yaml 的 plan.id，"
            "或用 --out 指定另一个输出文件夹"
        ],
    )


def _readable(folder: Path) -> None:
    """Give the new set the permissions of ordinary files (the folder was made private
    while it was written), so a shared intranet server can serve every file."""
    mask = os.umask(0)
    os.umask(mask)
    for f in folder.iterdir():
        if f.is_file() and not f.is_symlink():
            os.chmod(f, 0o666 & ~mask)
    os.chmod(folder, 0o777 & ~mask)


def _set_banner(run: Any, context_of: Any) -> str | None:
    """The illustrative-data banner of the set: of the year-end figures, else mid-year."""
    ctx = context_of(run, midyear=run.outcomes is None)
    return ctx.provenance.banner
