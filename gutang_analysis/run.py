"""The inputs of one run, resolved once, and the run loaded and scored once.

A *run* is everything one build (or one notebook opened by hand) reads: the plan, its
units, the scoring policy, the year-end outcomes, the baseline and the mid-year figures.
:func:`resolve_run` turns a plan folder and the optional overrides of the command line
into one frozen :class:`RunInputs`; :func:`load_run` reads, checks and scores it into a
:class:`Run`. The build hands the inputs to every notebook as one papermill parameter
(:meth:`RunInputs.as_parameter`), together with the file of the loaded run, which a notebook
reuses only while every input file still has the hash taken when the run was resolved.

Rules (the same for the command line, the build and the notebooks):

- The folder is found by :func:`gutang_analysis.workspace.find_folder`.
- A flag (``--plan``, ``--outcomes`` …) overrides the folder's file of that role.
- The year-end outcomes are the folder's file of the plan year. When there is none the
  run stops and says so: another plan's figures are never used.
- The baseline is the folder's file of the year before the plan year; the mid-year
  figures are the folder's latest dated file within the plan year (or the one of
  ``as_of``). Both are optional.
- The bundled example's illustrative baseline and mid-year figures are never paired with
  a user's own year-end file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
import re
import warnings
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import pandas as pd

from . import paths
from .errors import DataWarning, FolderError, GutangError, Problem, UsageError
from .lights import LIGHT_LABELS, midyear_lights
from .outcomes import load_outcomes
from .owners import Owners, load_owners
from .periods import PeriodSet, load_periods
from .plan import load_plan
from .policy import check_policy_for_plan, load_policy
from .provenance import file_sha256
from .scoring import UNASSIGNED_OFFICE, score
from .workspace import UNITS_FILE, PlanFolder, find_folder, folder_file, period_of_file

__all__ = [
    "FolderFiles",
    "Run",
    "RunInputs",
    "load_run",
    "missing_outcomes_problem",
    "resolve_folder",
    "resolve_run",
    "reuse_run",
]

#: The roles of a run's input files, in the order records and provenance list them.
INPUT_ROLES: dict[str, str] = {
    "plan": "计划文件",
    "registry": "计量单位登记表",
    "units": "本计划计量单位",
    "policy": "评分规则",
    "outcomes": "年度完成情况",
    "baseline": "基期数据",
    "midyear": "年中数据",
    "owners": "分解表（owners.yaml）",
}


def role_label(role: str) -> str:
    """The Chinese name of an input's role (an office file: ``2022-09-30 经发办填报``).

    Examples
    --------
    >>> role_label("baseline"), role_label("office:2022-09-30:经发办")
    ('基期数据', '2022-09-30 经发办填报')
    """
    if role.startswith("office:"):
        _, period, office = role.split(":", 2)
        return f"{period} {office}填报"
    return INPUT_ROLES.get(role, role)


@dataclass(frozen=True)
class RunInputs:
    """The files of one run, resolved once.

    Attributes
    ----------
    plan : Path
        The plan file.
    outcomes : Path or None
        The year-end outcome file (None before the year's figures are in: then the run
        has mid-year figures).
    policy : Path
        The scoring policy.
    folder : Path or None
        The plan folder (None for a plan file outside any folder).
    units : Path or None
        The plan's own units file.
    baseline, midyear : Path or None
        The baseline-year and mid-year outcome files.
    as_of : str or None
        The as-of date of the mid-year check (ISO), when there are mid-year figures.
    owners : Path or None
        The 分解表 (``owners.yaml``) of the folder: who answers for each target.
    example : bool
        The run reads the bundled example folder.
    hashes : tuple of (str, str)
        (role, SHA-256) of every input file, taken when the run was resolved.
    """

    plan: Path
    outcomes: Path | None
    policy: Path
    folder: Path | None = None
    units: Path | None = None
    baseline: Path | None = None
    midyear: Path | None = None
    as_of: str | None = None
    owners: Path | None = None
    example: bool = False
    hashes: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def files(self) -> dict[str, Path]:
        """Every input file by role (:data:`INPUT_ROLES`), leaving out absent ones."""
        found = {
            "plan": self.plan,
            "registry": paths.UNITS_FILE.resolve(),
            "units": self.units,
            "policy": self.policy,
            "outcomes": self.outcomes,
            "baseline": self.baseline,
            "midyear": self.midyear,
        }
        out = {k: v for k, v in found.items() if v is not None}
        if self.owners is not None:
            out["owners"] = self.owners
        if self.folder is not None:  # what the 督查 report reads: the office files
            where = PlanFolder(Path(self.folder))
            for period in where.period_folders():
                for office, f in where.office_files(period).items():
                    out[f"office:{period}:{office}"] = f
        return out

    def as_parameter(self, cache: str | Path | None = None) -> dict[str, Any]:
        """The inputs as one papermill parameter (plain strings; ``cache`` optional)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "hashes":
                out[f.name] = [list(pair) for pair in value]
            elif isinstance(value, Path):
                out[f.name] = str(value)
            else:
                out[f.name] = value
        if cache is not None:
            out["cache"] = str(cache)
        return out

    @classmethod
    def from_parameter(cls, value: dict[str, Any]) -> RunInputs:
        """The inputs back from :meth:`as_parameter` (unknown keys are refused)."""
        if not isinstance(value, dict):
            raise UsageError(
                "参数 run 的格式不对",
                [Problem(None, None, "run", type(value).__name__, "由 gutang-review build 传入")],
            )
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(value) - known - {"cache"})
        if unknown:
            raise UsageError(
                "参数 run 中有不认识的项",
                [Problem(None, None, "run", k, "、".join(sorted(known))) for k in unknown],
            )
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in value:
                continue
            v = value[f.name]
            if f.name == "hashes":
                kwargs[f.name] = tuple((str(a), str(b)) for a, b in v)
            elif f.name in (
                "plan",
                "outcomes",
                "policy",
                "folder",
                "units",
                "baseline",
                "midyear",
                "owners",
            ):
                kwargs[f.name] = Path(v) if v not in (None, "") else None
            else:
                kwargs[f.name] = v
        return cls(**kwargs)

    def current_hashes(self) -> tuple[tuple[str, str], ...]:
        """(role, SHA-256) of every input file as it is now."""
        return tuple((role, file_sha256(p)) for role, p in self.files().items())

    def changed(self) -> list[str]:
        """The roles whose file changed since the run was resolved (Chinese labels)."""
        then = dict(self.hashes)
        now = dict(self.current_hashes())
        return [role_label(k) for k in now if then.get(k) not in (None, now[k])]


def _given(value: str | Path | None) -> Path | None:
    return None if value is None or str(value).strip() == "" else Path(value).expanduser()


def _must_exist(path: Path, role: str) -> Path:
    if not path.is_file():
        noun = role if role.endswith("文件") else f"{role}文件"
        if path.is_dir():
            what = "文件夹"
        elif path.exists():  # a device, a pipe, a link to one: never read
            raise FolderError(
                f"{noun}不是普通文件",
                [f"{path} 是设备、管道或指向它们的链接，不是普通文件；请给出{noun}"],
            )
        else:
            what = "不存在"
        raise FolderError(f"找不到{role}", [f"{path} {what}；请检查路径和文件名，应为已有的{noun}"])
    return path.resolve()


_YEAR_LINE = re.compile(r"^plan:\s*$(?:\n(?:[ \t]+.*|\s*#.*|\s*))*?\n[ \t]+year:\s*(\d{4})\b", re.M)


def _plan_year(plan_file: Path) -> int:
    """The plan year, read cheaply from the plan file (the loader checks it properly).

    A file whose year cannot be read this way is loaded in full, which raises the
    plan's problems in Chinese.
    """
    try:
        text = plan_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = ""
    m = _YEAR_LINE.search(text)
    if m:
        return int(m.group(1))
    return int(load_plan(plan_file).year)


def _check_as_of(as_of: str | dt.date | None, year: int) -> str | None:
    if as_of is None or str(as_of).strip() == "":
        return None
    text = str(as_of).strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise FolderError(
            "年中检查的截至日期写法不对",
            [Problem(None, None, "as_of", text, f"YYYY-MM-DD 格式的日期，如 {year}-06-30")],
        ) from None
    if day.year != year or (day.month, day.day) == (12, 31):
        raise FolderError(
            "年中检查的截至日期不在计划年度内",
            [
                Problem(
                    None,
                    None,
                    "as_of",
                    text,
                    f"{year} 年内、12 月 31 日之前的日期（计划年度为 {year} 年），如 {year}-06-30",
                )
            ],
        )
    return day.isoformat()


@dataclass(frozen=True)
class FolderFiles:
    """Where a command's plan folder, plan file, policy and 分解表 are (:func:`resolve_folder`)."""

    folder: PlanFolder | None
    plan: Path
    policy: Path
    owners: Path | None


def resolve_folder(
    folder: str | Path | None = None,
    *,
    plan: str | Path | None = None,
    policy: str | Path | None = None,
    start: str | Path | None = None,
) -> FolderFiles:
    """The plan folder and the files every command reads from it, found one way.

    ``build``, ``check`` and the notebooks all come here (through :func:`resolve_run` or
    directly): the folder by :func:`~gutang_analysis.workspace.find_folder`, the plan file
    (``--plan`` overrides the folder's), the policy (``--policy``, else the folder's
    ``policy.yaml``, else the package default) and the 分解表 (the folder's
    ``owners.yaml``).

    With neither ``folder`` nor ``plan``, and no plan folder at ``start`` (the current
    directory) or above it, the bundled example (古塘街道 2022, 示例数据) is used, never
    silently: a :class:`~gutang_analysis.errors.DataWarning` says so and how to name a
    folder. Pass ``paths.EXAMPLE_FOLDER`` to use the example on purpose. (The command
    line never falls back: it stops and asks for ``--dir`` or ``--example``.)

    Examples
    --------
    >>> found = resolve_folder(paths.EXAMPLE_FOLDER)
    >>> found.plan.name, found.policy.name, found.owners.name
    ('plan.yaml', 'default.yaml', 'owners.yaml')
    """
    plan_given = _given(plan)
    where: PlanFolder | None = find_folder(folder, plan=plan_given, start=start, fallback=False)
    if where is None and folder is None and plan_given is None:
        here = Path(start) if start is not None else Path.cwd()
        warnings.warn(
            f"{here} 及其上级文件夹中都没有 plan.yaml，使用的是软件自带的示例计划"
            "（古塘街道 2022 年，示例数据，不是您的计划）；自己的计划请指定计划文件夹，"
            '如 resolve_run("计划文件夹")，或在计划文件夹中运行',
            DataWarning,
            stacklevel=3,
        )
        where = PlanFolder.example_folder()
    if where is not None and plan_given is None:
        plan_file = _must_exist(where.plan_file, "计划文件")
    elif plan_given is not None:
        plan_file = _must_exist(plan_given, "计划文件")
    else:  # pragma: no cover - find_folder returns a folder without a plan argument
        raise FolderError("找不到计划文件", [])
    policy_file = (
        _must_exist(_given(policy), "评分规则文件")  # type: ignore[arg-type]
        if _given(policy) is not None
        else (where.policy_file if where is not None and where.policy_file else None)
    ) or paths.DEFAULT_POLICY
    owners_file = where.owners_file if where is not None else None
    return FolderFiles(
        where,
        plan_file,
        Path(policy_file).resolve(),
        owners_file.resolve() if owners_file is not None else None,
    )


def resolve_run(
    folder: str | Path | None = None,
    *,
    plan: str | Path | None = None,
    outcomes: str | Path | None = None,
    baseline: str | Path | None = None,
    policy: str | Path | None = None,
    midyear: str | Path | None = None,
    as_of: str | dt.date | None = None,
    start: str | Path | None = None,
) -> RunInputs:
    """Resolve the input files of a run (see the module docstring for the rules).

    Parameters
    ----------
    folder : str or Path, optional
        The plan folder; found from ``start`` (the current directory) when left out.
        When there is none there either, the bundled example is used and a
        ``DataWarning`` says so (see :func:`resolve_folder`); ``paths.EXAMPLE_FOLDER``
        uses the example on purpose.
    plan, outcomes, baseline, policy, midyear : str or Path, optional
        Overrides of the folder's files.
    as_of : str or datetime.date, optional
        The mid-year as-of date; selects the folder's file of that date, and defaults to
        the date of the mid-year file.
    start : str or Path, optional
        Where to look for a plan folder when ``folder`` and ``plan`` are left out.

    Returns
    -------
    RunInputs

    Raises
    ------
    FolderError
        When a file is missing, the folder has no year-end outcomes for the plan year,
        or the as-of date is outside the plan year.
    PlanError
        When the plan file itself has mistakes (its year is needed to find the rest).

    Examples
    --------
    >>> inputs = resolve_run(paths.EXAMPLE_FOLDER)
    >>> inputs.outcomes.name, inputs.baseline.name, inputs.midyear.name, inputs.as_of
    ('2022.csv', '2021.csv', '2022-06-30.csv', '2022-06-30')
    """
    outcomes_given = _given(outcomes)
    base = resolve_folder(folder, plan=plan, policy=policy, start=start)
    where, plan_file, policy_file = base.folder, base.plan, base.policy
    plan_given = _given(plan)
    year = _plan_year(plan_file)
    checked_as_of = _check_as_of(as_of, year)
    files = where.outcome_files() if where is not None else {}
    # the example's illustrative extras are never paired with a user's own figures
    own_figures = outcomes_given is not None and where is not None and where.example
    outcomes_file: Path | None = None
    if outcomes_given is not None:
        outcomes_file = _must_exist(outcomes_given, "年度完成情况文件")
    elif str(year) in files:
        outcomes_file = files[str(year)].resolve()
    if _given(baseline) is not None:
        baseline_file: Path | None = _must_exist(Path(baseline), "基期数据文件")  # type: ignore[arg-type]
    elif not own_figures and str(year - 1) in files:
        baseline_file = files[str(year - 1)].resolve()
    else:
        baseline_file = None
    if _given(midyear) is not None:
        midyear_file: Path | None = _must_exist(Path(midyear), "年中数据文件")  # type: ignore[arg-type]
    elif not own_figures and where is not None:
        dated = where.interim_periods(year)
        if checked_as_of is not None:
            midyear_file = files[checked_as_of].resolve() if checked_as_of in files else None
            if midyear_file is None:
                have = "、".join(dated) if dated else "没有"
                warnings.warn(
                    f"计划文件夹 {where.root} 中没有截至 {checked_as_of} 的完成情况文件"
                    f"（年内各期文件：{have}），本次没有年中数据；"
                    f"请放入 outcomes/{checked_as_of}.xlsx（或 .csv），或改用已有的日期",
                    DataWarning,
                    stacklevel=2,
                )
        else:
            midyear_file = files[dated[-1]].resolve() if dated else None
    else:
        midyear_file = None
    if outcomes_file is None and midyear_file is None:
        raise FolderError(f"没有 {year} 年度的完成情况数据", [_missing_outcomes(where, year)])
    when = None
    owners_file = base.owners
    if midyear_file is not None:
        when = checked_as_of or period_of_file(midyear_file) or f"{year}-06-30"
        if len(when) == 4:
            when = f"{year}-06-30"
    # a device, pipe or unreadable units file or 分解表 in the folder is an error naming
    # it (resolve_folder for the 分解表), never "none" later
    units_file = folder_file(plan_file.parent / UNITS_FILE, "计量单位文件")
    inputs = RunInputs(
        plan=plan_file,
        outcomes=outcomes_file,
        policy=policy_file,
        folder=where.root if where is not None else None,
        units=units_file.resolve() if units_file is not None else None,
        baseline=baseline_file,
        midyear=midyear_file,
        as_of=when,
        owners=owners_file,
        example=bool(where is not None and where.example and plan_given is None),
    )
    return RunInputs(**{**inputs.__dict__, "hashes": inputs.current_hashes()})


def _missing_outcomes(where: PlanFolder | None, year: int) -> str:
    if where is None:
        return f"计划文件不在计划文件夹中，须用 --outcomes 指定 {year} 年度的完成情况填报文件"
    return (
        f"{where.describe_outcomes()}。需要 {year} 年度的完成情况文件 outcomes/{year}.xlsx"
        f"（或 .csv）；可先在计划文件夹中运行 gutang-review template 生成填报模板"
    )


def missing_outcomes_problem(inputs: RunInputs, year: int) -> str:
    """The problem to show when a run has no year-end figures for its plan year."""
    folder = PlanFolder(inputs.folder, inputs.example) if inputs.folder is not None else None
    return _missing_outcomes(folder, year)


@dataclass(frozen=True)
class Run:
    """A run loaded, checked and scored once: what every report and download of a build shows.

    Nothing that shows a run reads an input file or scores again: the notebooks get the
    saved run (:func:`reuse_run`), the download writers the run itself.

    Attributes
    ----------
    inputs : RunInputs
    plan : Plan
    policy : Policy
    outcomes : pandas.DataFrame or None
        The year-end outcomes (None when the run has only mid-year figures).
    baseline, midyear : pandas.DataFrame or None
    result : ScoreResult or None
        The year-end score.
    midyear_result : ScoreResult or None
        The mid-year score (at ``inputs.as_of``), with its 三色预警 ``light`` column.
    owners : Owners or None
        The 分解表: 牵头领导, 责任科室 and 配合科室 of each target, and its nodes.
    periods : PeriodSet or None
        Every period of the plan year read and lit (the 督查 reports); None outside a
        plan folder or when a period has mistakes.
    periods_error : GutangError or None
        Why the periods could not be read (their reports fail with it; the others are
        built).
    owners_error : GutangError or None
        Why the 分解表 could not be read: the results then name no 责任科室, every
        report says so (:attr:`warnings`) and the 督查 reports fail with it.
    """

    inputs: RunInputs
    plan: Any
    policy: Any
    outcomes: pd.DataFrame | None
    baseline: pd.DataFrame | None
    midyear: pd.DataFrame | None
    result: Any
    midyear_result: Any = None
    owners: Owners | None = field(default=None, repr=False)
    periods: PeriodSet | None = field(default=None, repr=False)
    periods_error: GutangError | None = field(default=None, repr=False)
    owners_error: GutangError | None = field(default=None, repr=False)

    @property
    def sections(self) -> tuple[tuple[str, str], ...]:
        """(section id, name) of every programme with targets, in plan order."""
        present = set(self.plan.targets["section"])
        return tuple(
            (str(r.section), str(r.name))
            for r in self.plan.sections.sort_values("order").itertuples()
            if r.section in present
        )

    @property
    def warnings(self) -> tuple[str, ...]:
        """The scoring's warnings, year-end then mid-year (prefixed), each once."""
        out = list(self.result.warnings) if self.result is not None else []
        if self.midyear_result is not None:
            out += [f"【时间过半检查】{w}" for w in self.midyear_result.warnings]
        if getattr(self, "owners_error", None) is not None:
            first = str(self.owners_error).splitlines()[0]
            out.append(f"分解表（owners.yaml）有误，未使用，报告中不列责任科室：{first}")
        return tuple(dict.fromkeys(out))

    def by_office(self, *, midyear: bool = False) -> pd.DataFrame:
        """Results per 责任科室 of the 分解表, shaped as results per section: score, grade,
        coverage, counts by status and by light (红灯, 黄灯, 绿灯).

        The lights are the 督查 lights of the same date (the year end, or the mid-year
        as-of date) when the run has that period; otherwise those of the mid-year result.
        See :meth:`gutang_analysis.scoring.ScoreResult.by_office`.

        Raises
        ------
        FolderError
            When the run has no figures for what is asked (year end or mid-year).

        Examples
        --------
        >>> run = load_run(resolve_run(paths.EXAMPLE_FOLDER))
        >>> offices = run.by_office()
        >>> offices.loc[0, "office"], int(offices.loc[0, ["红灯", "黄灯", "绿灯"]].sum()) > 0
        ('经济发展办公室', True)
        """
        result = self.midyear_result if midyear else self.result
        if result is None:
            what = "年中" if midyear else f"{self.plan.year} 年度"
            raise FolderError(
                f"没有{what}的完成情况，无法按科室汇总",
                [missing_outcomes_problem(self.inputs, int(self.plan.year))],
            )
        out = result.by_office()
        period = self.inputs.as_of if midyear else str(self.plan.year)
        if self.periods is not None and period in self.periods.periods:
            at = self.periods.at(period)
            offices = at["office"].where(at["office"].notna(), UNASSIGNED_OFFICE)
            for label in ("红灯", "黄灯", "绿灯"):
                counts = at["light_label"].eq(label).groupby(offices).sum()
                out[label] = [int(counts.get(o, 0)) for o in out["office"]]
        return out

    def precompute(self) -> None:
        """Work out what every report reads of the run, so that it is saved with it:
        the lit table of the periods and the sensitivity readings of each result (each
        notebook of a build would otherwise work them out again)."""
        if self.periods is not None:
            self.periods.table()
        for result in (self.result, self.midyear_result):
            if result is not None:
                with contextlib.suppress(Exception):  # an empty result has no readings
                    result.sensitivity()

    def save(self, path: str | Path) -> Path:
        """Write the loaded run to a file for the notebooks of a build to reuse."""
        out = Path(path)
        out.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        return out


def _load_periods(
    inputs: RunInputs, plan: Any, policy: Any, owners: Owners | None, loaded: dict[str, Any]
) -> tuple[PeriodSet | None, GutangError | None]:
    """The run's periods (None outside a plan folder), reusing what the run read and
    scored; a user's mistake in a period is kept, for the 督查 reports to show."""
    if inputs.folder is None:
        return None, None
    where = PlanFolder(Path(inputs.folder), inputs.example)
    try:
        ps = load_periods(where, policy=policy, plan=plan, owners=owners, given=loaded)
    except GutangError as err:
        return None, err
    return replace(ps, inputs=inputs), None


def load_run(inputs: RunInputs | str | Path) -> Run:
    """Read, check and score a run's inputs, each once.

    Every input file is read once; the year-end and mid-year figures are scored once and
    the periods of the 督查 reports reuse those scores for the same files.

    Parameters
    ----------
    inputs : RunInputs, str or Path
        The resolved inputs (:func:`resolve_run`), or a plan folder, read with the
        folder's own files exactly as ``gutang-review build`` reads it.

    Warns
    -----
    DataWarning
        For each part of the data left out without an error (targets without a baseline,
        only interim figures at the year end …), in Chinese: the sentences the reports
        show in their header.

    Raises
    ------
    PlanError, OutcomesError, PolicyError, UnitError, OwnersError
        Every problem in the files, listed at once, naming the file.

    Examples
    --------
    >>> run = load_run(resolve_run(paths.EXAMPLE_FOLDER))
    >>> run.result.overall["score"], run.midyear_result is not None
    (83.03, True)
    >>> run.periods.periods
    ('2022-03-31', '2022-06-30', '2022-09-30', '2022')
    >>> load_run(str(paths.EXAMPLE_FOLDER)).inputs == run.inputs   # a folder will do
    True
    """
    if not isinstance(inputs, RunInputs):
        if not isinstance(inputs, str | Path):
            raise UsageError(
                "load_run 需要计划文件夹或 resolve_run 的结果",
                [
                    Problem(
                        None,
                        None,
                        "inputs",
                        type(inputs).__name__,
                        "计划文件夹的路径（str 或 Path），或 resolve_run(计划文件夹) 的返回值",
                    )
                ],
            )
        inputs = resolve_run(inputs)
    plan = load_plan(inputs.plan)
    policy = load_policy(inputs.policy)
    check_policy_for_plan(policy, plan)
    owners, owners_error = None, None
    if inputs.owners is not None:  # the year-end reports do not need it: kept, not raised
        try:
            owners = load_owners(inputs.owners, plan)
        except GutangError as err:
            owners_error = err

    def read(path: Path | None) -> pd.DataFrame | None:
        # a file whose name gives a period (2024.xlsx) must not hold another period's
        # figures: a 2025 year-end file saved as 2024.xlsx is never the baseline
        if path is None:
            return None
        return load_outcomes(path, plan, named=period_of_file(path))

    outcomes = read(inputs.outcomes)
    baseline = read(inputs.baseline)
    midyear = read(inputs.midyear)
    result = (
        score(plan, outcomes, baseline=baseline, policy=policy, owners=owners)
        if outcomes is not None
        else None
    )
    mid = None
    if midyear is not None:
        mid = score(
            plan, midyear, baseline=baseline, policy=policy, as_of=inputs.as_of, owners=owners
        )
        frame = mid.targets.copy()
        # the 三色预警 tier of the mid-year check (statuses unchanged)
        frame["light"] = midyear_lights(frame, plan.targets, policy, mid.as_of, int(plan.year))
        mid = replace(mid, targets=frame)
    # what the periods may reuse: a file's frame, and its score with the same baseline
    loaded: dict[str, Any] = {"baseline_file": inputs.baseline, "baseline": baseline}
    if inputs.outcomes is not None:
        loaded[str(inputs.outcomes)] = (outcomes, str(plan.year), result)
    if inputs.midyear is not None:
        loaded[str(inputs.midyear)] = (midyear, inputs.as_of, mid)
    periods, periods_error = (
        _load_periods(inputs, plan, policy, owners, loaded)
        if owners_error is None
        else (None, owners_error)
    )
    if mid is not None and periods is not None and inputs.as_of in periods.periods:
        # one light per target and date: the 督查 light of the same day (its 分解表 nodes)
        lit = periods.frames[inputs.as_of].set_index("target_id")["light"]
        frame = mid.targets.copy()
        frame["light"] = [
            LIGHT_LABELS.get(lit.get(t)) if isinstance(lit.get(t), str) else None
            for t in frame["target_id"]
        ]
        mid = replace(mid, targets=frame)
    return Run(
        inputs,
        plan,
        policy,
        outcomes,
        baseline,
        midyear,
        result,
        mid,
        owners,
        periods,
        periods_error,
        owners_error,
    )


def reuse_run(parameter: dict[str, Any]) -> Run:
    """The run a build handed to a notebook: its saved file when the inputs are unchanged.

    When the saved file is missing, unreadable or the inputs changed since it was
    written, the inputs are loaded again (the build itself stops on a changed input).
    """
    inputs = RunInputs.from_parameter(parameter)
    cache = parameter.get("cache") if isinstance(parameter, dict) else None
    if cache and Path(cache).is_file() and not inputs.changed():
        try:
            run = pickle.loads(Path(cache).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            run = None
        if isinstance(run, Run) and run.inputs == inputs:
            return run
    return load_run(inputs)
