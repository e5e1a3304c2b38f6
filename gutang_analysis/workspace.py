"""The plan folder: one folder holds everything of one plan.

Layout (the names are fixed; everything but ``plan.yaml`` and the text is optional)::

    古塘2022/                       any folder name
    ├── plan.yaml                  the plan file (its ``plan.source`` names the text)
    ├── 2022年工作安排.txt          the published text, unchanged
    ├── units.yaml                 units this plan adds to the package registry (吨, 万人 …)
    ├── policy.yaml                this plan's scoring policy (else the package default)
    ├── owners.yaml                owners and nodes of the targets (督查: see ``owners``)
    └── outcomes/                  outcome files, named by their period:
        ├── 2022.xlsx              year-end figures of the plan year
        ├── 2022-06-30.csv         figures as of a date (a mid-year check)
        ├── 2022-09-30/            a period folder: one file per office (经发办.xlsx …)
        └── 2021.csv               the year before: the baseline of direction targets

An outcome file's name starts with its period (``2022``, ``2022-06-30``); anything after
it is free (``2022-06-30-年中.xlsx``). Excel's lock files (``~$…``) and hidden files are
ignored. Two files for the same period are a mistake, never a silent choice.

Every command finds the folder the same way (:func:`find_folder`): the folder given,
else the folder of a given plan file, else the current directory or one of its parents
that holds ``plan.yaml``, else the bundled example (古塘街道 2022), said plainly.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import paths
from ._files import describe_os_error, write_atomic
from ._validation import file_refusal
from .errors import FolderError, GutangError, Problem

__all__ = [
    "OUTCOMES_DIR",
    "OWNERS_FILE",
    "PLAN_FILE",
    "POLICY_FILE",
    "UNITS_FILE",
    "PlanFolder",
    "find_folder",
    "folder_file",
    "period_of_file",
]

PLAN_FILE = "plan.yaml"
UNITS_FILE = "units.yaml"
POLICY_FILE = "policy.yaml"
OWNERS_FILE = "owners.yaml"
OUTCOMES_DIR = "outcomes"
#: File types an outcome file may have.
OUTCOME_SUFFIXES = (".xlsx", ".xls", ".csv", ".txt")

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:[-_.](?P<month>\d{1,2})[-_.](?P<day>\d{1,2}))?(?!\d)")


def period_of_file(path: str | Path) -> str | None:
    """The period an outcome file's name starts with, or None.

    ``2022.xlsx`` is the year 2022, ``2022-06-30-年中.csv`` the figures as of 30 June;
    the last day of a year is that whole year.

    Examples
    --------
    >>> period_of_file("2022.xlsx"), period_of_file("2022-06-30-年中.csv")
    ('2022', '2022-06-30')
    >>> period_of_file("2022-12-31.csv"), period_of_file("填报.xlsx")
    ('2022', None)
    """
    m = _PERIOD.match(Path(path).stem)
    if not m:
        return None
    if m["month"] is None:
        return m["year"]
    try:
        day = dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
    except ValueError:
        return None
    return m["year"] if (day.month, day.day) == (12, 31) else day.isoformat()


@dataclass(frozen=True)
class PlanFolder:
    """A plan folder (see the module docstring for its layout).

    Attributes
    ----------
    root : Path
        The folder.
    example : bool
        True for the bundled example (its figures are illustrative).

    Examples
    --------
    >>> folder = PlanFolder.example_folder()
    >>> folder.plan_file.name, sorted(folder.outcome_files())
    ('plan.yaml', ['2021', '2022', '2022-06-30'])
    """

    root: Path
    example: bool = False

    @classmethod
    def example_folder(cls) -> PlanFolder:
        """The bundled example: 古塘街道 2022 with illustrative figures."""
        return cls(paths.EXAMPLE_FOLDER.resolve(), example=True)

    @property
    def plan_file(self) -> Path:
        return self.root / PLAN_FILE

    @property
    def units_file(self) -> Path | None:
        """The plan's own units file, if the folder has one."""
        return folder_file(self.root / UNITS_FILE, "计量单位文件")

    @property
    def policy_file(self) -> Path | None:
        """The plan's own scoring policy, if the folder has one."""
        return folder_file(self.root / POLICY_FILE, "评分规则文件")

    @property
    def outcomes_dir(self) -> Path:
        return self.root / OUTCOMES_DIR

    def outcome_files(self) -> dict[str, Path]:
        """Outcome files by period (``'2022'``, ``'2022-06-30'``), in period order.

        Raises
        ------
        FolderError
            When two files name the same period.
        """
        found: dict[str, list[Path]] = {}
        if self.outcomes_dir.is_dir():
            for f in sorted(self.outcomes_dir.iterdir()):
                if f.name.startswith(("~$", ".")) or f.suffix.lower() not in OUTCOME_SUFFIXES:
                    continue
                if folder_file(f, "完成情况文件") is None:
                    continue
                period = period_of_file(f)
                if period is not None:
                    found.setdefault(period, []).append(f)
        doubles = {p: fs for p, fs in found.items() if len(fs) > 1}
        if doubles:
            raise FolderError(
                f"计划文件夹 {self.root} 中同一统计期有多个完成情况文件，无法确定用哪一个",
                [
                    Problem(
                        str(self.outcomes_dir),
                        f"统计期 {p}",
                        None,
                        "、".join(f.name for f in fs),
                        "每个统计期只保留一个文件（其余的改名或移出 outcomes 文件夹）",
                    )
                    for p, fs in doubles.items()
                ],
            )
        return {p: fs[0] for p, fs in sorted(found.items(), key=lambda kv: _period_key(kv[0]))}

    @property
    def owners_file(self) -> Path | None:
        """The plan's owners and nodes (``owners.yaml``, the 分解表), if the folder has one."""
        return folder_file(self.root / OWNERS_FILE, "分解表文件")

    def period_folders(self) -> dict[str, Path]:
        """Folders of office submissions by period (``outcomes/2022-09-30/``), in order.

        A period folder holds one outcome file per office, named by the office
        (``经济发展办公室.xlsx``); the files are combined by
        :func:`gutang_analysis.supervision.combine_submissions`. Only
        :mod:`gutang_analysis.supervision` reads them: the mid-year check and the year-end
        review read single files (:meth:`outcome_files`).

        Examples
        --------
        >>> sorted(PlanFolder.example_folder().period_folders())
        ['2022-03-31', '2022-09-30']
        """
        found: dict[str, Path] = {}
        if self.outcomes_dir.is_dir():
            for d in sorted(self.outcomes_dir.iterdir()):
                if d.is_dir() and not d.name.startswith((".", "~$")):
                    period = period_of_file(d.name + ".x")
                    if period is not None and d.name in (period, f"{period[:4]}-12-31"):
                        found[period] = d
        return {p: found[p] for p in sorted(found, key=_period_key)}

    def office_files(self, period: str) -> dict[str, Path]:
        """The office files of a period folder: office name (the file's stem) → file.

        Raises
        ------
        FolderError
            When one office has two files (``经发办.xlsx`` and ``经发办.csv``).
        """
        folder = self.period_folders().get(period)
        found: dict[str, list[Path]] = {}
        if folder is not None:
            for f in sorted(folder.iterdir()):
                if f.name.startswith(("~$", ".")) or f.suffix.lower() not in OUTCOME_SUFFIXES:
                    continue
                if folder_file(f, "科室报送文件") is not None:
                    found.setdefault(f.stem.strip(), []).append(f)
        doubles = {o: fs for o, fs in found.items() if len(fs) > 1}
        if doubles:
            raise FolderError(
                f"统计期 {period} 的文件夹中同一科室有多个文件，无法确定用哪一个",
                [
                    Problem(
                        str(folder),
                        f"科室 {o}",
                        None,
                        "、".join(f.name for f in fs),
                        "每个科室只保留一个文件",
                    )
                    for o, fs in doubles.items()
                ],
            )
        return {o: fs[0] for o, fs in found.items()}

    def outcomes_for(self, period: str) -> Path | None:
        """The outcome file of one period, or None."""
        return self.outcome_files().get(period)

    def interim_periods(self, year: int) -> list[str]:
        """The dated periods within ``year`` that have a file, earliest first."""
        return [p for p in self.outcome_files() if len(p) == 10 and p.startswith(f"{year}-")]

    def describe_outcomes(self) -> str:
        """What the outcomes folder holds, in Chinese (for messages)."""
        files = self.outcome_files() if self.outcomes_dir.is_dir() else {}
        folders = self.period_folders() if self.outcomes_dir.is_dir() else {}
        # 2025-09-30/经发办.xlsx: the offices' files of a period, not yet collected
        offices = []
        for period in folders:
            try:
                count = len(self.office_files(period))
            except FolderError:  # said where the folder is read; here only what is there
                count = 0
            if count:
                offices.append(f"{period}/（{count} 个科室文件）")
        if not files and not offices:
            return f"{self.outcomes_dir} 中还没有完成情况文件"
        shown = [f.name for f in files.values()] + offices
        return f"{self.outcomes_dir} 中有：" + "、".join(shown)


def folder_file(path: Path, what: str) -> Path | None:
    """A file of the plan folder: None when there is nothing at ``path``; an error naming
    it when something is there that cannot be read as a file (a device, a named pipe, a
    folder, a link to nothing, a file without read permission), never "missing" and
    never a silent default.
    """
    if not os.path.lexists(path):
        return None
    if path.is_symlink() and not path.exists():
        problem: tuple[str, str] | None = (
            f"指向不存在的 {os.readlink(path)} 的链接",
            "保存在磁盘上的普通文件（请删除这个链接或放入文件）",
        )
    else:
        problem = file_refusal(path, sys.maxsize)
        if problem is None and not os.access(path, os.R_OK):
            problem = ("没有读取权限", "可以读取的文件（请检查文件权限）")
    if problem is not None:
        raise FolderError(
            f"计划文件夹中的{what} {path} 无法读取",
            [Problem(str(path), None, None, *problem)],
        )
    return path


def _period_key(period: str) -> tuple[int, str]:
    # a whole year sorts after every date within it
    return (int(period[:4]), "9999" if len(period) == 4 else period)


def _holds_plan(folder: Path) -> bool:
    return (folder / PLAN_FILE).is_file()


def find_folder(
    folder: str | Path | None = None,
    *,
    plan: str | Path | None = None,
    start: str | Path | None = None,
    fallback: bool = True,
) -> PlanFolder | None:
    """Find the plan folder of a command or a notebook.

    In order: ``folder`` when given (it must hold ``plan.yaml``); else the folder of the
    ``plan`` file when it is a plan folder's ``plan.yaml`` (a plan file elsewhere has no
    folder: returns None); else ``start`` (default: the current directory) or the nearest
    parent holding ``plan.yaml``; else the bundled example, or None when not
    ``fallback`` (the command line never falls back: it asks for ``--dir`` or
    ``--example``).

    Raises
    ------
    FolderError
        When ``folder`` does not exist or holds no ``plan.yaml``.

    Examples
    --------
    >>> find_folder(paths.EXAMPLE_FOLDER).example
    True
    """
    if folder is not None:
        root = Path(folder).expanduser()
        if root.is_file() and root.name == PLAN_FILE:
            root = root.parent
        if not root.is_dir():
            raise FolderError(
                "找不到计划文件夹",
                [f"{folder} 不存在；请指定已有的计划文件夹（其中有 plan.yaml）"],
            )
        if not _holds_plan(root):
            raise FolderError(
                f"{root} 不是计划文件夹",
                [f"{root} 中没有 plan.yaml；新建计划请用 gutang-review new 计划原文.txt"],
            )
        return _folder(root)
    if plan is not None:
        p = Path(plan).expanduser()
        if p.is_dir() and _holds_plan(p):
            return _folder(p)
        if p.name == PLAN_FILE and p.is_file():
            return _folder(p.parent)
        return None
    here = Path(start) if start is not None else Path.cwd()
    for candidate in (here, *here.resolve().parents):
        if _holds_plan(candidate):
            return _folder(candidate)
    return PlanFolder.example_folder() if fallback else None


def _folder(root: Path) -> PlanFolder:
    resolved = root.resolve()
    return PlanFolder(resolved, example=resolved == paths.EXAMPLE_FOLDER.resolve())


# ---------------------------------------------------------------------------------------
# starting and finalizing a plan

#: The review list ``new`` writes beside the draft.
REVIEW_FILE = "复核清单.txt"

_DRAFT_LINE = re.compile(r"^[ \t]*draft:[ \t]*true[ \t]*(#.*)?\r?\n", re.M)
_DRAFT_HEADER = re.compile(r"\A(?:# 计划文件草稿.*\n)(?:#.*\n)*")


def new_plan_folder(
    text_path: str | Path,
    folder: str | Path | None = None,
    *,
    plan_id: str | None = None,
    year: int | None = None,
) -> tuple[PlanFolder, object]:
    """Start a plan folder from a published plan text.

    Copies the text into the folder unchanged, drafts ``plan.yaml`` from it (every entry
    marked ``draft: true``), writes the review list :data:`REVIEW_FILE` and the
    ``outcomes/`` folder. When the draft uses units the package does not know (吨, 万人 …)
    they are proposed in the folder's ``units.yaml``; when the text reviews last year's
    results, those figures are drafted as the baseline ``outcomes/<year-1>-原文上年实绩.csv``.

    Parameters
    ----------
    text_path : str or Path
        The plan text (UTF-8 or GB18030).
    folder : str or Path, optional
        The folder to create; defaults to a folder named after the plan id in the current
        directory. It must not exist yet, or be empty.
    plan_id, year : optional
        As in :func:`gutang_analysis.extract.extract_plan`.

    Returns
    -------
    (PlanFolder, Draft)

    Raises
    ------
    FolderError
        When the folder exists and is not empty, or cannot be written.
    ExtractError
        When the text cannot be read or drafted.
    """
    import shutil

    from .extract import _read_text, extract_plan, write_baseline, write_units_file

    src = Path(text_path).expanduser()
    if not src.exists():  # a pipe or a device exists: it is refused by name when read
        raise FolderError(
            "找不到计划原文",
            [f"{src} 不存在；请给出计划原文文本文件（.txt）"],
        )
    given_id = plan_id
    if plan_id is None:
        stem = re.sub(r"[^a-z0-9]+", "-", src.stem.lower()).strip("-")
        plan_id = stem if _meaningful_id(stem) else None
    root = Path(folder).expanduser() if folder is not None else Path.cwd() / (plan_id or src.stem)
    if root.exists() and not root.is_dir():
        raise FolderError(
            "计划文件夹的位置上已有一个同名文件",
            [f"{root} 是一个文件，不是文件夹；请用 --dir 指定一个新的（或空的）文件夹"],
        )
    if root.exists() and any(root.iterdir()):
        raise FolderError(
            "计划文件夹已存在且不是空的",
            [f"{root} 中已有其他文件；请用 --dir 指定一个新的（或空的）文件夹，以免覆盖已有文件"],
        )
    # draft first: a text that cannot be drafted leaves no half-made folder behind
    draft = extract_plan(_read_text(src), plan_id=plan_id, year=year, source=src.name)
    if given_id is None and not _meaningful_id(plan_id):
        # a file named 某某街道2024年工作安排.txt says nothing in ASCII: name the plan after
        # its issuer, so that two places' plans of one year never share an id
        draft.metadata["id"] = suggest_plan_id(
            draft.metadata.get("issuer") or src.stem, draft.metadata["year"]
        )
    made = not os.path.lexists(root)
    try:
        (root / OUTCOMES_DIR).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, root / src.name)
        write_atomic(root / PLAN_FILE, draft.to_yaml(), what="计划文件")
        notes = [draft.review_list()]  # type: ignore[attr-defined]
        if draft.new_units:
            write_units_file(draft, root / UNITS_FILE)
            notes.append(f"已把待登记的计量单位写入 {UNITS_FILE}，请核对其量纲和换算系数。")
        year = draft.metadata["year"]
        baseline = None
        if year is not None:
            baseline = write_baseline(draft, root / OUTCOMES_DIR / f"{year - 1}-原文上年实绩.csv")
        elif len(draft.reported):  # type: ignore[attr-defined]
            notes.append(
                "原文回顾部分有上年数字，但年度未知，未写基期数据文件：指定年度重新起草后会写入 "
                f"{OUTCOMES_DIR}/（上一年）-原文上年实绩.csv。"
            )
        if baseline is not None:
            notes.append(
                f"原文回顾部分的上年数字已写入 {OUTCOMES_DIR}/{baseline.name}（作为同比类目标的基期"
                "数据草稿），请核对口径与对应的目标。"
            )
        write_atomic(root / REVIEW_FILE, "\n".join(notes) + "\n", what="复核清单")
    except (OSError, GutangError) as exc:
        # a full disk or a read-only place: no half-made folder is left to block the next try
        _unmake(root, made)
        if isinstance(exc, GutangError):
            raise
        happened, todo = describe_os_error(exc, "--dir")
        raise FolderError(
            "无法创建计划文件夹",
            [Problem(str(root), None, None, happened, todo)],
        ) from None
    return _folder(root), draft


def _unmake(root: Path, made: bool) -> None:
    """Remove what :func:`new_plan_folder` wrote into ``root``: the folder itself when it made
    it, else its contents (it was empty)."""
    import shutil

    if made:
        shutil.rmtree(root, ignore_errors=True)
        return
    if root.is_dir():
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


def _meaningful_id(plan_id: str | None) -> bool:
    """An id that names a place, not only a year or a number (``2024`` is not one)."""
    return (
        bool(plan_id)
        and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", plan_id or "") is not None
        and (len(re.sub(r"[^a-z]", "", plan_id or "")) >= 3)
    )


def suggest_plan_id(name: str, year: int | None) -> str:
    """A plan id from a Chinese place name and the year, in pinyin (the name alone when
    the year is unknown).

    Examples
    --------
    >>> suggest_plan_id("吕城镇", 2024)
    'lvchengzhen-2024'
    >>> suggest_plan_id("某某街道（草稿）", 2023)
    'moumoujiedao-2023'
    """
    from pypinyin import lazy_pinyin

    letters = "".join(lazy_pinyin(re.sub(r"[（(].*?[)）]", "", str(name)))).lower()
    letters = re.sub(r"[^a-z0-9]+", "", letters.replace("ü", "v"))[:40] or "plan"
    return f"{letters}-{year}" if year is not None else letters


def finalize_plan(folder: str | Path | None = None) -> object:
    """Finalize a reviewed draft: check it whole, then clear its draft marks.

    The plan is loaded with every check; while any entry still fails, nothing is changed
    and every problem is listed. Then each ``draft: true`` line and the draft header are
    removed from ``plan.yaml`` (comments and the rest stay as the reviewer left them).

    Returns
    -------
    Plan
        The finalized plan.

    Raises
    ------
    PlanError
        Every problem still in the draft.
    FolderError
        When there is no plan folder.
    """
    from .plan import load_plan

    where = find_folder(folder)
    if where is None or (where.example and folder is None):
        raise FolderError(
            "当前目录不在计划文件夹中",
            [f"{Path.cwd()} 不在计划文件夹中；请在计划文件夹中运行，或用 --dir 指定"],
        )
    plan_file = where.plan_file
    _refuse_unknown_year(plan_file)
    load_plan(plan_file)  # every problem, listed at once
    text = plan_file.read_text(encoding="utf-8-sig")
    final = _DRAFT_LINE.sub("", text)
    final = _DRAFT_HEADER.sub("# 计划文件（已核对定稿）\n", final, count=1)
    if final != text:
        write_atomic(plan_file, final, what="计划文件")
    return load_plan(plan_file)


def _refuse_unknown_year(plan_file: Path) -> None:
    """A draft whose year the text did not state (``year:`` empty) cannot be finalized."""
    import yaml

    try:
        data = yaml.safe_load(plan_file.read_text(encoding="utf-8-sig"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return  # load_plan names the problem
    meta = data.get("plan") if isinstance(data, dict) else None
    if isinstance(meta, dict) and "year" in meta and meta["year"] in (None, ""):
        raise FolderError(
            "计划年度未填写，不能定稿",
            [
                Problem(
                    str(plan_file),
                    "plan",
                    "year",
                    "（空）",
                    "计划年度，如 year: 2024（原文中没有写明年度；也可删除此文件夹后用 "
                    "gutang-review new 原文 --year 2024 重新起草）",
                )
            ],
        )
