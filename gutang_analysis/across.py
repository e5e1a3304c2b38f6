"""Reports on many plan folders at once: the district review and the year-over-year report.

Each is one notebook run through papermill (listed under ``across_plans`` in
``notebooks/reports.yaml``) plus its workbook. The plan folders are read and scored once,
in the calling process (:func:`gutang_analysis.district.load_district`,
:func:`gutang_analysis.across_years.compare_years`); the loaded object is saved and handed
to the one notebook, which reads nothing else. Files are written into a new folder and
moved into the output folder only when they are complete; a workbook that fails does not
stop the page, and the other way round.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .across_years import write_year_over_year_xlsx
from .build import check_memory_limit, run_report
from .district import write_district_xlsx
from .errors import BuildError, FolderError, Problem
from .manifest import load_manifest

__all__ = ["AcrossResult", "write_across"]

#: The notebook parameter that receives the saved object, by command.
_PARAMETER = {"district": "district", "compare": "pair"}


@dataclass(frozen=True)
class AcrossResult:
    """What :func:`write_across` wrote and what failed (Chinese)."""

    files: tuple[Path, ...]
    failures: tuple[str, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.failures


def _writer(name: str) -> Any:
    return write_district_xlsx if name == "district_xlsx" else write_year_over_year_xlsx


def write_across(
    command: str,
    loaded: Any,
    out_dir: str | Path,
    *,
    notebooks_dir: str | Path | None = None,
    title: str | None = None,
) -> AcrossResult:
    """Run the report of ``command`` (``district`` or ``compare``) on a loaded object.

    Parameters
    ----------
    command : {"district", "compare"}
    loaded : District or YearOverYear
        What the report shows, loaded once by the caller.
    out_dir : str or Path
        Where the page and its workbook go (created when missing; files of the same name
        are replaced, nothing else is touched).
    notebooks_dir : str or Path, optional
        Where the notebooks are (default: the package's).
    title : str, optional
        Another title for the report.

    Returns
    -------
    AcrossResult
    """
    check_memory_limit()
    start = time.perf_counter()
    spec = load_manifest().across_plans(command)
    if title:
        spec = replace(spec, title=title, parameters={**spec.parameters, "title": title})
    out = Path(out_dir).expanduser()
    if out.exists() and not out.is_dir():
        raise FolderError(
            "输出位置不是文件夹",
            [Problem(str(out), None, "--out", str(out), "一个文件夹（不存在时自动创建）")],
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        work = out / f".{spec.name}.new-{os.getpid()}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
    except OSError as exc:
        raise FolderError(
            "无法写入输出文件夹",
            [Problem(str(out), None, "--out", exc.strerror or str(exc), "可写入的文件夹")],
        ) from None
    from . import engine  # imports papermill

    try:
        saved = loaded.save(work / "data.pickle")
        spec = replace(
            spec, parameters={**spec.parameters, _PARAMETER[command]: str(saved.resolve())}
        )
        failures: list[str] = []
        # the warm engine: on Linux its kernel is forked from this process, which has
        # the libraries imported already; it boots while the downloads are written
        engine.start()
        downloads: list[str] = []
        for file, writer, label in spec.outputs:
            try:
                _writer(writer)(loaded, work / file)
                downloads.append(file)
            except Exception as exc:  # one download failing does not stop the page
                failures.append(f"“{label}”未能生成：{type(exc).__name__}：{exc}")
        ok, error, _ = run_report(spec, work, notebooks_dir, warm=True)
        made: list[str] = ([f"{spec.name}.html"] if ok else []) + downloads
        if not ok:
            failures.insert(0, str(error))
        files = []
        for name in made:
            target = out / name
            if target.is_symlink():
                raise BuildError(
                    "输出文件是符号链接，拒绝写入",
                    [Problem(str(target), None, None, None, "普通文件或不存在")],
                )
            os.replace(work / name, target)
            files.append(target)
    finally:
        engine.stop()
        shutil.rmtree(work, ignore_errors=True)
    return AcrossResult(tuple(files), tuple(failures), time.perf_counter() - start)
