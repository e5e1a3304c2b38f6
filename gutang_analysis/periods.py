"""The periods of a plan year: office submissions combined, every period read and lit.

A plan folder may hold outcome figures for several dates of the plan year (quarters or
months), each either one file (``outcomes/2022-06-30.csv``) or a period folder of office
files (``outcomes/2022-09-30/经济发展办公室.xlsx`` …). :func:`combine_submissions` checks a
period folder's files together (two offices reporting one target differently is an error
naming both; offices that have not submitted and duplicate rows are listed);
:func:`load_periods` reads every period into a :class:`PeriodSet` and lights each target
at each date (:func:`gutang_analysis.lights.assess`), saying how it moved since the last
period (新亮红灯, 持续红灯, 已转绿 …). A build does this once, in
:func:`gutang_analysis.run.load_run`; reports read ``run.periods``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import FolderError, OutcomesError, Problem
from .lights import (
    _RANK,
    _TREND_RANK,
    LIGHT_LABELS,
    LIGHTS,
    NO_LIGHT,
    TREND_LABELS,
    _code,
    _text,
    assess,
    movement,
)
from .outcomes import HEADERS, load_outcomes
from .owners import Owners, load_owners, office_clashes, office_name_problem
from .plan import load_plan
from .policy import load_policy
from .workspace import PlanFolder, find_folder

__all__ = [
    "PeriodSet",
    "Submission",
    "available",
    "combine_submissions",
    "dated_periods",
    "load_periods",
    "offices_of_run",
    "period_label",
    "periods_of_run",
]

# ---------------------------------------------------------------------------------------
# a period folder: office submissions combined


@dataclass(frozen=True)
class Submission:
    """A period's office files combined into one outcome set.

    Attributes
    ----------
    period : str
    outcomes : pandas.DataFrame
        One row per reported target (the reporting office in ``office``).
    offices : tuple of str
        The offices that submitted a file.
    missing : tuple of str
        Offices expected (owners file) that have not submitted.
    duplicates : tuple of str
        Targets reported by more than one office with the same figures (kept once).
    notes : tuple of str
        Other remarks: files of offices the owners file does not name, offices reporting
        another office's target.
    """

    period: str
    outcomes: pd.DataFrame
    offices: tuple[str, ...]
    missing: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        """Chinese lines for the command line and the report."""
        lines = [
            f"统计期 {self.period}：已报送 {len(self.offices)} 个科室"
            f"（{'、'.join(self.offices) or '无'}）"
        ]
        if self.missing:
            lines.append(f"未报送的科室（{len(self.missing)} 个）：{'、'.join(self.missing)}")
        lines += [f"重复报送：{d}" for d in self.duplicates]
        lines += list(self.notes)
        return lines

    def conclusion(self) -> str:
        """The last line of a combination, in Chinese: passed only when nothing is left to
        check (no duplicate, no office reporting another's target, no office missing).

        Examples
        --------
        >>> import pandas as pd
        >>> Submission("2022-09-30", pd.DataFrame({"target_id": ["a"]}), ("甲办",)).conclusion()
        '合并检查通过：共 1 项指标有报送数据。'
        >>> Submission("2022-09-30", pd.DataFrame({"target_id": ["a"]}), ("甲办",),
        ...            notes=("甲办 报送了分解表中由其他科室负责的指标：b",)).conclusion()
        '合并完成：共 1 项指标有报送数据；上面有 1 处需要核对（数据已合并，请核实后再用于报告）。'
        """
        n = len(self.outcomes)
        to_check = len(self.duplicates) + len(self.notes)
        if to_check:
            return (
                f"合并完成：共 {n} 项指标有报送数据；上面有 {to_check} 处需要核对"
                "（数据已合并，请核实后再用于报告）。"
            )
        if self.missing:
            return f"合并完成：共 {n} 项指标有报送数据；{len(self.missing)} 个科室尚未报送。"
        return f"合并检查通过：共 {n} 项指标有报送数据。"


_COMPARED = ("actual", "stage", "rating", "peers")


def _reported(row: Mapping[str, Any]) -> bool:
    return any(_text(row.get(k)) is not None for k in ("actual", "stage", "rating"))


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    for k in _COMPARED:
        x, y = a.get(k), b.get(k)
        if isinstance(x, float) and isinstance(y, float):
            if math.isnan(x) and math.isnan(y):
                continue
            if math.isnan(x) or math.isnan(y) or not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
                return False
        elif _text(x) != _text(y):
            return False
    return True


def _shown_value(row: Mapping[str, Any]) -> str:
    return (
        _text(row.get("actual_text")) or _text(row.get("stage")) or _text(row.get("rating")) or "—"
    )


def combine_submissions(
    files: Mapping[str, str | Path],
    plan: Any,
    period: str,
    *,
    owners: Owners | None = None,
) -> Submission:
    """Combine one period's office files into one outcome set, checked together.

    Parameters
    ----------
    files : mapping
        Office name → its file (:meth:`PlanFolder.office_files`).
    plan : Plan
    period : str
        The period of the folder; an empty 统计期 cell means this period.
    owners : Owners, optional
        Who should submit (its offices) and who answers for each target.

    Returns
    -------
    Submission

    Raises
    ------
    OutcomesError
        Every problem of every file, plus every target two offices report differently
        (naming both offices and values) and every row of another period.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis.workspace import PlanFolder
    >>> folder = PlanFolder.example_folder()
    >>> sub = combine_submissions(folder.office_files("2022-09-30"), load_plan(), "2022-09-30")
    >>> len(sub.offices) > 5, sub.outcomes["period"].unique().tolist()
    (True, ['2022-09-30'])
    """
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for office, path in files.items():
        bad = office_name_problem(office)
        if bad is not None:
            problems.append(Problem(str(path), None, "文件名", repr(office), bad))
    for a, b in office_clashes(list(files)):
        problems.append(
            Problem(
                str(Path(files[b]).parent),
                None,
                "文件名",
                f"“{a}”与“{b}”",
                "各科室对应不同的文件名（两者会生成同一个科室报告文件，请统一科室名称）",
            )
        )
    for office, path in files.items():
        try:
            frames[office] = load_outcomes(path, plan, period=period)
        except OutcomesError as err:
            problems += list(err.problems)  # type: ignore[arg-type]
    by_target: dict[str, list[tuple[str, dict]]] = {}
    notes: list[str] = []
    illustrative = False
    digest = hashlib.sha256()
    for office, frame in frames.items():
        illustrative = illustrative or bool(frame.attrs.get("illustrative"))
        digest.update(str(frame.attrs.get("sha256", "")).encode())
        shown = str(files[office])
        for row in frame.to_dict("records"):
            if str(row["period"]) != period:
                problems.append(
                    Problem(
                        shown,
                        f"第 {row.get('row')} 行",
                        HEADERS["period"],
                        row["period"],
                        f"{period}（本文件在统计期 {period} 的文件夹中）",
                    )
                )
                continue
            if not _reported(row):
                continue
            if _text(row.get("office")) is None:
                row["office"] = office
            by_target.setdefault(str(row["target_id"]), []).append((office, row))
    duplicates: list[str] = []
    kept: list[dict] = []
    strays: dict[str, list[str]] = {}
    titles = dict(
        zip(plan.targets["target_id"].astype(str), plan.targets["title"].astype(str), strict=True)
    )

    def named(tid: str) -> str:
        """指标 econ-fdi-utilised（实际利用外资）: the code of the template and its words."""
        return f"指标 {tid}（{titles[tid]}）" if tid in titles else f"指标 {tid}"

    for tid, entries in by_target.items():
        first_office, first = entries[0]
        for other_office, other in entries[1:]:
            if not _same(first, other):
                problems.append(
                    Problem(
                        f"{files[first_office]}、{files[other_office]}",
                        named(tid),
                        "完成值",
                        f"{first_office} 报“{_shown_value(first)}”，"
                        f"{other_office} 报“{_shown_value(other)}”",
                        "同一指标只由一个科室报送，或各科室报送相同的数值（请核实后保留一个）",
                    )
                )
            else:
                duplicates.append(
                    f"{named(tid)} 由 {first_office}、{other_office} 重复报送"
                    f"（数值相同“{_shown_value(first)}”，只计一次）"
                )
        kept.append(first)
        if owners is not None:
            owner = owners.office_of(tid)
            if owner is not None and first_office != owner:
                strays.setdefault(first_office, []).append(tid)
    if problems:
        raise OutcomesError(
            f"统计期 {period} 的各科室填报文件合并检查有 {len(problems)} 处问题，请逐一修改后重试",
            problems,
        )
    for office, tids in strays.items():
        notes.append(f"{office} 报送了分解表中由其他科室负责的指标：{'、'.join(tids)}")
    expected = tuple(owners.offices) if owners is not None else ()
    for office in files:
        if expected and office not in expected:
            notes.append(
                f"文件 {Path(files[office]).name} 的科室“{office}”不在分解表中（按文件名识别科室）"
            )
    missing = tuple(o for o in expected if o not in files)
    columns = next(iter(frames.values())).columns if frames else ["target_id", "period", "actual"]
    combined = (
        pd.DataFrame(kept, columns=list(columns)) if kept else pd.DataFrame(columns=list(columns))
    )
    for col in ("actual", "peers"):
        if col in combined:
            combined[col] = pd.to_numeric(combined[col], errors="coerce")
    combined.attrs.update(
        {
            "source_file": str(Path(next(iter(files.values()))).parent) if files else None,
            "sha256": digest.hexdigest(),
            "illustrative": illustrative,
        }
    )
    return Submission(period, combined, tuple(files), missing, tuple(duplicates), tuple(notes))


# ---------------------------------------------------------------------------------------
# several periods


@dataclass(frozen=True)
class PeriodSet:
    """Every period of a plan year, judged and lit, side by side.

    Attributes
    ----------
    plan : Plan
    owners : Owners or None
    policy : Policy
    frames : dict
        Period → :func:`assess` frame, in period order (a year-end period last).
    submissions : dict
        Period → :class:`Submission` for the periods collected as office folders.
    sources : dict
        Period → the file or folder read.
    illustrative : bool
        Any input says 示例数据 (the figures or the owners are invented).
    """

    plan: Any
    owners: Owners | None
    policy: Any
    frames: dict[str, pd.DataFrame]
    submissions: dict[str, Submission] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    illustrative: bool = False
    outcomes: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    baseline: pd.DataFrame | None = field(default=None, repr=False)
    inputs: Any = field(default=None, repr=False)

    @property
    def periods(self) -> tuple[str, ...]:
        return tuple(self.frames)

    @property
    def latest(self) -> str:
        return self.periods[-1]

    def table(self) -> pd.DataFrame:
        """Every (period, target), with ``trend`` (code), ``trend_label``, ``red_streak``
        (consecutive red periods up to this one), ``missing_streak`` (consecutive periods
        without a figure), ``since`` (the date of the first period of the current run of
        red or yellow lights) and ``urge_by`` (催报日期 of a target without a figure).

        A target without figures for the policy's ``no_data_after`` periods in a row
        lights yellow (its 整改时限 is the 催报 date).

        Examples
        --------
        >>> t = load_periods().table()
        >>> lit = t[t["light"].isin(["red", "yellow"])]
        >>> bool(lit["since"].notna().all()), bool((lit["since"] <= lit["day"]).all())
        (True, True)
        """
        return self._table.copy()

    @cached_property
    def _table(self) -> pd.DataFrame:
        """:meth:`table`, worked out once per period set (callers get copies)."""
        rules = self.policy.warning_lights
        frames = []
        prev: dict[str, str | None] = {}
        streak: dict[str, int] = {}
        missing: dict[str, int] = {}
        since: dict[str, Any] = {}
        for i, (period, frame) in enumerate(self.frames.items()):
            f = frame.copy()
            day = _period_day(period)
            urge = day + dt.timedelta(days=rules.urge_days)
            lights, labels, reasons, fixes = [], [], [], []
            trends, streaks, gaps, starts, urges = [], [], [], [], []
            for r in f.to_dict("records"):
                tid, cur = r["target_id"], _code(r["light"])
                label, reason, fix = r["light_label"], r["reason"], r["fix_by"]
                unreported = cur is None and r.get("status") == "no_data"
                missing[tid] = missing.get(tid, 0) + 1 if unreported else 0
                if unreported and rules.no_data_after and missing[tid] >= rules.no_data_after:
                    cur, label, fix = "yellow", LIGHT_LABELS["yellow"], urge
                    reason = f"连续 {missing[tid]} 期未报送"
                trends.append(movement(prev.get(tid), cur, first=i == 0))
                streak[tid] = streak.get(tid, 0) + 1 if cur == "red" else 0
                if cur in ("red", "yellow"):
                    since.setdefault(tid, day)
                else:
                    since.pop(tid, None)
                lights.append(cur)
                labels.append(label)
                reasons.append(reason)
                fixes.append(fix)
                streaks.append(streak[tid])
                gaps.append(missing[tid])
                starts.append(since.get(tid))
                urges.append(urge if unreported else None)
                prev[tid] = cur
            f["light"] = lights
            f["light_label"] = labels
            f["reason"] = reasons
            f["fix_by"] = fixes
            f["trend"] = trends
            f["trend_label"] = [TREND_LABELS[c] for c in trends]
            f["red_streak"] = streaks
            f["missing_streak"] = gaps
            f["day"] = day
            f["since"] = starts
            f["urge_by"] = urges
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    def at(self, period: str | None = None) -> pd.DataFrame:
        """One period's rows (the latest by default), with trend columns."""
        period = period or self.latest
        t = self.table()
        return t[t["period"] == period].reset_index(drop=True)

    def ledger(self, period: str | None = None, office: str | None = None) -> pd.DataFrame:
        """The 督查台账: every target not green at ``period``, red first.

        Within a light, newly red before still red, then plan order. Targets without a
        figure (未报送) come after the yellows.

        Examples
        --------
        >>> ps = load_periods()
        >>> led = ps.ledger()
        >>> led["light_label"].iloc[0], bool((led["light"] != "green").all())
        ('红灯', True)
        """
        t = self.at(period)
        if office is not None:
            t = t[t["office"] == office]
        t = t[t["light"] != "green"].copy()
        t["_l"] = t["light"].map(lambda v: _RANK[_code(v)])
        t["_t"] = t["trend"].map(lambda v: _TREND_RANK.get(v, 9))
        t["_o"] = range(len(t))
        return (
            t.sort_values(["_l", "_t", "_o"])
            .drop(columns=["_l", "_t", "_o"])
            .reset_index(drop=True)
        )

    def counts(self, period: str | None = None, office: str | None = None) -> dict[str, int]:
        """Targets per light label (红灯, 黄灯, 绿灯, 未报送) at ``period``."""
        t = self.at(period)
        if office is not None:
            t = t[t["office"] == office]
        labels = [LIGHT_LABELS[c] for c in LIGHTS]
        out = {k: int((t["light_label"] == k).sum()) for k in labels}
        out[NO_LIGHT] = int(len(t) - sum(out.values()))
        return out

    def wide(self, office: str | None = None) -> pd.DataFrame:
        """Per target, the light and the value at each period side by side."""
        t = self.table()
        if office is not None:
            t = t[t["office"] == office]
        base = t[t["period"] == self.latest][
            ["target_id", "section_name", "title", "target", "office"]
        ]
        out = base.set_index("target_id")
        for period in self.periods:
            p = t[t["period"] == period].set_index("target_id")
            out[f"{period}|light"] = p["light_label"]
            out[f"{period}|value"] = p["value"]
        return out.reset_index()

    def offices(self) -> list[str]:
        """Offices that answer for targets (owners file), in its order."""
        if self.owners is None:
            return []
        return [o for o in self.owners.offices if self.owners.targets_of(o)]

    def moved(self, code: str, period: str | None = None) -> pd.DataFrame:
        """Targets whose trend at ``period`` is ``code`` (``recovered``, ``new_red`` …)."""
        t = self.at(period)
        return t[t["trend"] == code].reset_index(drop=True)

    def notes(self) -> list[str]:
        """What the collection says (missing offices, duplicates …), per period."""
        out = []
        for sub in self.submissions.values():
            out += sub.describe()
        return out


def _period_day(period: str) -> dt.date:
    """The date a period stands for (31 December for a year)."""
    return dt.date(int(period), 12, 31) if len(period) == 4 else dt.date.fromisoformat(period)


def period_label(period: str) -> str:
    """``2022-03-31`` → ``截至 2022-03-31``; ``2022`` → ``2022 年末``.

    Examples
    --------
    >>> period_label("2022-09-30"), period_label("2022")
    ('截至 2022-09-30', '2022 年末')
    """
    return f"{period} 年末" if len(period) == 4 else f"截至 {period}"


def _same_file(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Path(a).resolve() == Path(b).resolve()


def _given_for(given: Mapping[str, Any], path: Path, period: str) -> tuple[Any, Any] | None:
    """(frame, score) a run already has for ``path`` at ``period``; None when it has none."""
    for key, value in given.items():
        if key in ("baseline", "baseline_file") or not _same_file(key, path):
            continue
        frame, at, result = value
        if frame is not None and at == period:
            return frame, result
    return None


def load_periods(
    folder: str | Path | PlanFolder | None = None,
    *,
    policy: Any = None,
    plan: Any = None,
    owners: Owners | bool | None = True,
    given: Mapping[str, Any] | None = None,
) -> PeriodSet:
    """Read every period of a plan folder's year and judge it (see the module docstring).

    Periods are the dated outcome files and period folders within the plan year, and the
    year-end file; the file of the year before is the baseline.

    Parameters
    ----------
    folder : str or Path, optional
        The plan folder (found as every command finds it; default: the bundled example).
    policy : Policy, optional
        Default: the folder's ``policy.yaml``, else the package default.
    plan : Plan, optional
        The loaded plan (saves loading it again).
    owners : Owners or None, optional
        The loaded 分解表 (None: there is none); by default the folder's is read.
    given : mapping, optional
        What a run has read and scored already (:func:`gutang_analysis.run.load_run`):
        file path → (frame, period, score result), and ``baseline_file``/``baseline``.
        A period whose file is given is neither read nor scored again.

    Raises
    ------
    FolderError
        No period in the plan year, or one period both a file and a folder.
    OutcomesError, OwnersError
        Every problem of every file, listed at once.

    Examples
    --------
    >>> ps = load_periods()
    >>> ps.periods
    ('2022-03-31', '2022-06-30', '2022-09-30', '2022')
    """
    where = folder if isinstance(folder, PlanFolder) else find_folder(folder)
    assert where is not None
    plan = plan if plan is not None else load_plan(where.plan_file)
    policy = policy if policy is not None else load_policy(where.policy_file)
    if owners is True:
        owners = load_owners(where.owners_file, plan) if where.owners_file else None
    given = given or {}
    year = int(plan.year)
    files = where.outcome_files()
    folders = where.period_folders()
    both = sorted(set(files) & set(folders))
    if both:
        raise FolderError(
            "同一统计期既有完成情况文件又有科室文件夹，无法确定用哪一个",
            [
                Problem(
                    str(where.outcomes_dir),
                    f"统计期 {p}",
                    None,
                    f"{files[p].name}、{folders[p].name}/",
                    "每个统计期只保留一种",
                )
                for p in both
            ],
        )
    periods = [p for p in {**files, **folders} if p[:4] == str(year)]
    periods.sort(key=lambda p: (p == str(year), p))
    if not periods:
        raise FolderError(
            f"没有 {year} 年内各期的完成情况，无法亮灯",
            [
                Problem(
                    str(where.outcomes_dir),
                    None,
                    None,
                    where.describe_outcomes(),
                    f"outcomes/{year}-03-31.xlsx 或科室文件夹 outcomes/{year}-03-31/",
                )
            ],
        )
    problems: list[Problem | str] = []
    baseline = None
    base_file = files.get(str(year - 1))
    same_base = _same_file(given.get("baseline_file"), base_file)
    if same_base:
        baseline = given.get("baseline")
    elif base_file is not None:
        try:
            baseline = load_outcomes(base_file, plan)
        except OutcomesError as err:
            problems += list(err.problems)
    loaded: dict[str, pd.DataFrame] = {}
    scored: dict[str, Any] = {}
    subs: dict[str, Submission] = {}
    sources: dict[str, str] = {}
    for p in periods:
        try:
            if p in folders:
                sub = combine_submissions(where.office_files(p), plan, p, owners=owners)
                subs[p] = sub
                loaded[p] = sub.outcomes
                sources[p] = str(folders[p])
            else:
                known = _given_for(given, files[p], p)
                if known is not None:
                    loaded[p] = known[0]
                    if same_base and known[1] is not None:
                        scored[p] = known[1]
                else:
                    loaded[p] = load_outcomes(files[p], plan, period=p)
                sources[p] = str(files[p])
        except OutcomesError as err:
            problems += list(err.problems)
    if problems:
        raise OutcomesError(f"各期完成情况有 {len(problems)} 处问题，请逐一修改后重试", problems)
    frames = {
        p: assess(plan, f, p, owners=owners, policy=policy, baseline=baseline, result=scored.get(p))
        for p, f in loaded.items()
    }
    illustrative = any(bool(f.attrs.get("illustrative")) for f in loaded.values()) or bool(
        owners is not None and owners.illustrative
    )
    return PeriodSet(plan, owners, policy, frames, subs, sources, illustrative, loaded, baseline)


def periods_of_run(run: Any) -> PeriodSet:
    """The period set of a loaded run (what the 督查 reports show), read and lit once by
    :func:`gutang_analysis.run.load_run`.

    Raises
    ------
    FolderError, OutcomesError, OwnersError
        The run's plan file is not in a plan folder, or its periods have mistakes (every
        problem, as the run found them).
    """
    ps = getattr(run, "periods", None)
    if ps is not None:
        return ps
    error = getattr(run, "periods_error", None)
    if error is not None:
        raise error
    raise FolderError(
        "计划文件不在计划文件夹中，无法读取各期数据",
        [
            Problem(
                str(run.inputs.plan),
                None,
                None,
                None,
                "计划文件夹（含 owners.yaml 与各期完成情况）",
            )
        ],
    )


def dated_periods(where: PlanFolder, year: int) -> list[str]:
    """The dates within the plan year a folder has figures for (a file or an office folder)."""
    found = {**where.outcome_files(), **where.period_folders()}
    return sorted(p for p in found if len(p) == 10 and p[:4] == str(year))


def available(run: Any) -> bool:
    """Whether a run's folder has figures for a date within the plan year (file or folder)."""
    folder = run.inputs.folder
    if folder is None:
        return False
    return bool(dated_periods(PlanFolder(Path(folder), run.inputs.example), int(run.plan.year)))


def offices_of_run(run: Any) -> list[str]:
    """The offices of a run's 分解表 that answer for targets (for ``for_each: office``)."""
    owners = getattr(run, "owners", None)
    if owners is None:
        return []
    return [o for o in owners.offices if owners.targets_of(o)]
