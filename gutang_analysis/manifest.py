"""The list of reports a build makes, as data (``notebooks/reports.yaml``).

Each entry names a report, its notebook, its title, the data it needs, the parameters it
takes and the downloads written next to it. :func:`load_manifest` validates the file
(every problem at once, in Chinese); :meth:`Manifest.expand` turns it into the concrete
reports of one run: one per programme for ``for_each: section``, none for a report whose
data the run lacks (with the reason); ``for_each: office`` gives one per office of the plan
folder's owners file (``owners.yaml``). Adding a report means adding a notebook and an
entry; nothing in the build changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import paths
from ._validation import pydantic_problems, read_yaml
from .errors import BuildError, Problem
from .outputs import WRITERS
from .periods import available, offices_of_run

__all__ = ["Manifest", "ReportSpec", "load_manifest"]

#: What a report may need, and how the build says it is missing.
NEEDS: dict[str, str] = {
    "outcomes": "年度完成情况数据",
    "midyear": "年内某一日期的完成情况数据（年中检查）",
    "periods": "年内各期（季度或月度）的完成情况数据",
}

_NAME = r"^[a-z0-9][a-z0-9_-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class _Output(_Strict):
    file: str = Field(min_length=1)
    writer: str = Field(min_length=1)
    label: str = Field(min_length=1)
    to: str | None = Field(default=None, min_length=1)


class _Entry(_Strict):
    name: str = Field(pattern=_NAME)
    notebook: str = Field(min_length=1)
    title: str = Field(min_length=1)
    needs: list[Literal["outcomes", "midyear", "periods"]] = Field(default_factory=list)
    for_each: Literal["section", "office"] | None = None
    parameters: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    outputs: list[_Output] = Field(default_factory=list)
    main: bool = False
    to: str | None = Field(default=None, min_length=1)


#: Writers of the reports on many plans (``across_plans``), by the command that makes them.
ACROSS_WRITERS: dict[str, tuple[str, ...]] = {
    "district": ("district_xlsx",),
    "compare": ("year_over_year_xlsx",),
}


class _Across(_Strict):
    """A report on many plan folders at once: one per command run, never per plan."""

    name: str = Field(pattern=_NAME)
    notebook: str = Field(min_length=1)
    title: str = Field(min_length=1)
    command: Literal["district", "compare"]
    outputs: list[_Output] = Field(default_factory=list)


class _File(_Strict):
    format_version: Literal[1] = 1
    reports: list[_Entry] = Field(min_length=1)
    across_plans: list[_Across] = Field(default_factory=list)


@dataclass(frozen=True)
class ReportSpec:
    """One concrete report of a build.

    Attributes
    ----------
    name : str
        Output file stem (``annual_review``, ``section_review-economy``).
    notebook : str
        The notebook file under ``notebooks/``.
    title : str
        The Chinese title (also the HTML page title).
    parameters : dict
        Parameters for papermill besides ``run`` (str, int, float, bool, None only).
    outputs : tuple of (file, writer, label)
        Downloads written next to the HTML by the named writer (:mod:`outputs`).
    main : bool
        The report a reader opens first.
    routes : dict
        File name (the page or a download) -> who it goes to (``报送考核办``), as the
        manifest's ``to`` says; files without a recipient are not listed.
    """

    name: str
    notebook: str
    title: str
    parameters: dict[str, Any] = field(default_factory=dict)
    outputs: tuple[tuple[str, str, str], ...] = ()
    main: bool = False
    routes: dict[str, str] = field(default_factory=dict)

    @property
    def files(self) -> tuple[str, ...]:
        """The files this report publishes: its page, then its downloads."""
        return (f"{self.name}.html", *(f for f, _, _ in self.outputs))


@dataclass(frozen=True)
class Manifest:
    """The validated report list."""

    entries: tuple[_Entry, ...]
    path: Path
    across: tuple[_Across, ...] = ()

    def names(self) -> tuple[str, ...]:
        return tuple(e.name for e in self.entries)

    def across_plans(self, command: str) -> ReportSpec:
        """The report a command on many plans makes (``district``, ``compare``).

        Examples
        --------
        >>> spec = load_manifest().across_plans("district")
        >>> spec.notebook, spec.files
        ('district_review.ipynb', ('district_review.html', '辖区考核汇总.xlsx'))
        """
        for e in self.across:
            if e.command == command:
                outputs = tuple((o.file, o.writer, o.label) for o in e.outputs)
                return ReportSpec(e.name, e.notebook, e.title, {"title": e.title}, outputs)
        raise BuildError(
            "报告清单中没有这类报告",
            [Problem(str(self.path), "across_plans", "command", command, "district 或 compare")],
        )

    def expand(self, run: Any) -> tuple[list[ReportSpec], list[str]]:
        """The reports of one run, in manifest order, and the ones left out with why.

        Examples
        --------
        >>> from gutang_analysis.run import load_run, resolve_run
        >>> run = load_run(resolve_run(paths.EXAMPLE_FOLDER))
        >>> specs, skipped = load_manifest().expand(run)
        >>> [s.name for s in specs][:3], skipped
        (['annual_review', 'self_evaluation', 'midyear_check'], [])
        """
        have = {
            "outcomes": run.outcomes is not None,
            "midyear": run.midyear is not None,
            "periods": available(run),
        }
        specs: list[ReportSpec] = []
        skipped: list[str] = []
        for e in self.entries:
            lacking = [NEEDS[n] for n in e.needs if not have[n]]
            if lacking:
                title = re.sub(r"[：:]?\{(section_name|office)\}", "", e.title)
                skipped.append(f"{title}：没有{'、'.join(lacking)}，本次不生成")
                continue
            outputs = tuple((o.file, o.writer, o.label) for o in e.outputs)
            sent = {o.file: o.to for o in e.outputs if o.to}
            if e.for_each == "section":
                for section, name in run.sections:
                    title = e.title.replace("{section_name}", name)
                    files = tuple(
                        (f.replace("{section}", section), w, lb.replace("{section_name}", name))
                        for f, w, lb in outputs
                    )
                    stem = f"{e.name}-{section}"
                    specs.append(
                        ReportSpec(
                            stem,
                            e.notebook,
                            title,
                            {**e.parameters, "title": title, "section": section},
                            files,
                            e.main,
                            _routes(stem, e.to, sent, "{section}", section),
                        )
                    )
            elif e.for_each == "office":
                offices = offices_of_run(run)
                if not offices:
                    title = re.sub(r"[：:]?\{office\}", "", e.title)
                    skipped.append(f"{title}：计划文件夹中没有分解表（owners.yaml），本次不生成")
                for office in offices:
                    title = e.title.replace("{office}", office)
                    stem = f"{e.name}-{_file_part(office)}"
                    specs.append(
                        ReportSpec(
                            stem,
                            e.notebook,
                            title,
                            {**e.parameters, "title": title, "office": office},
                            outputs,
                            e.main,
                            _routes(stem, e.to, sent),
                        )
                    )
            else:
                specs.append(
                    ReportSpec(
                        e.name,
                        e.notebook,
                        e.title,
                        {**e.parameters, "title": e.title},
                        outputs,
                        e.main,
                        _routes(e.name, e.to, sent),
                    )
                )
        return specs, skipped


def _routes(
    stem: str, to: str | None, sent: dict[str, str], key: str = "", value: str = ""
) -> dict[str, str]:
    """Who each file of one report goes to: its page (``to``) and its downloads."""
    out = {f"{stem}.html": to} if to else {}
    out.update({(f.replace(key, value) if key else f): t for f, t in sent.items()})
    return out


_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def _file_part(name: str) -> str:
    """An office name as part of a file name (no path separators or spaces).

    Examples
    --------
    >>> _file_part("经济发展办公室"), _file_part("城建/规划 办")
    ('经济发展办公室', '城建-规划-办')
    """
    return _UNSAFE.sub("-", name.strip()).strip("-.") or "office"


def _locate(loc: tuple, data: Any) -> tuple[str | None, str | None]:
    if len(loc) >= 2 and loc[0] == "reports" and isinstance(loc[1], int):
        entries = data.get("reports") if isinstance(data, dict) else None
        name = None
        if (
            isinstance(entries, list)
            and loc[1] < len(entries)
            and isinstance(entries[loc[1]], dict)
        ):
            name = entries[loc[1]].get("name")
        where = f"报告 {name}" if name else f"报告第 {loc[1] + 1} 项"
        return where, ".".join(str(p) for p in loc[2:]) or None
    return None, ".".join(str(p) for p in loc) or None


def load_manifest(
    path: str | Path | None = None, *, notebooks_dir: str | Path | None = None
) -> Manifest:
    """Load and validate the report list.

    Parameters
    ----------
    path : str or Path, optional
        Defaults to ``notebooks/reports.yaml``.
    notebooks_dir : str or Path, optional
        Where the notebooks are (each entry's notebook must exist there); defaults to the
        manifest's folder.

    Raises
    ------
    BuildError
        Every problem in the file, naming the entry and field.

    Examples
    --------
    >>> load_manifest().names()[:4]
    ('annual_review', 'self_evaluation', 'midyear_check', 'section_review')
    >>> load_manifest().names()[4:]
    ('supervision', 'supervision_office')
    """

    p = Path(path) if path is not None else paths.REPORTS_MANIFEST
    shown = str(p)
    data = read_yaml(p, BuildError, "报告清单")
    try:
        spec = _File.model_validate(data)
    except ValidationError as exc:
        raise BuildError(
            f"报告清单 {shown} 有错误", pydantic_problems(exc, shown, _locate, data)
        ) from None
    problems: list[Problem] = []
    folder = Path(notebooks_dir) if notebooks_dir is not None else p.parent
    seen: set[str] = set()

    def named_once_with_notebook(name: str, notebook: str) -> None:
        where = f"报告 {name}"
        if name in seen:
            problems.append(Problem(shown, where, "name", name, "不重复的报告名"))
        seen.add(name)
        if not (folder / notebook).is_file():
            problems.append(Problem(shown, where, "notebook", notebook, f"{folder} 中已有的笔记本"))

    for e in spec.reports:
        where = f"报告 {e.name}"
        named_once_with_notebook(e.name, e.notebook)
        if e.for_each != "office" and "{office}" in e.title:
            problems.append(
                Problem(
                    shown,
                    where,
                    "title",
                    e.title,
                    "只有 for_each: office 的报告标题可含 {office}",
                )
            )
        if e.for_each != "section" and "{section_name}" in e.title:
            problems.append(
                Problem(
                    shown,
                    where,
                    "title",
                    e.title,
                    "只有 for_each: section 的报告标题可含 {section_name}",
                )
            )
        for o in e.outputs:
            if o.writer not in WRITERS:
                problems.append(
                    Problem(shown, where, "outputs.writer", o.writer, "、".join(sorted(WRITERS)))
                )
    for a in spec.across_plans:
        where = f"报告 {a.name}"
        named_once_with_notebook(a.name, a.notebook)
        for o in a.outputs:
            if o.writer not in ACROSS_WRITERS[a.command]:
                problems.append(
                    Problem(
                        shown,
                        where,
                        "outputs.writer",
                        o.writer,
                        "、".join(ACROSS_WRITERS[a.command]),
                    )
                )
    if problems:
        raise BuildError(f"报告清单 {shown} 有错误", problems)
    return Manifest(tuple(spec.reports), p.resolve(), tuple(spec.across_plans))
