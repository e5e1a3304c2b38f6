"""Many plan folders at once: the 考核办's view of a district's towns.

:func:`load_district` reads every town's plan folder exactly as ``gutang-review build``
does (:func:`~gutang_analysis.run.resolve_run` and :func:`~gutang_analysis.run.load_run`,
so each town's total and grade are the numbers its own build publishes), once per town.
A folder that cannot be read becomes a problem of that town, in Chinese, naming the folder;
the other towns go on. The :class:`District` then answers what the 考核办 asks:

- :meth:`District.ranking`: each town's official total and grade, coverage, counts by
  status, red lights and shortfalls without a stated cause, ranked within its plan year
  (towns of different years are ranked together only when asked);
- :meth:`District.shared_shortfalls`: the shortfalls several towns share, matched by the
  indicator (:mod:`gutang_analysis.matching`), never by a target id;
- :meth:`District.common_indicators`: the indicators several towns committed to, each
  town's commitment and result side by side in one unit.

:func:`write_district_xlsx` writes the workbook and :func:`district_html` the blocks of
the district report (``notebooks/district_review.ipynb``). Nothing here scores anything:
the figures are read from each town's loaded run.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import html
import math
import multiprocessing as mp
import pickle
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import paths
from ._ipython import install
from ._version import __version__
from ._xlsx import fit_a4, save_workbook, write_text_cell
from .display import _NUM, _SCROLL_HINT, _TABLE, _TD, _TH, _WIDE_COLUMNS
from .errors import DataWarning, FolderError, GutangError
from .labels import KIND_LABELS, STATUS_LABELS
from .matching import indicator_key, indicator_name, measure_of
from .narrative import paragraphs_html as narrative_paragraphs
from .periods import available, periods_of_run
from .provenance import banner_div, code_sha256, local_time_text, shown_path
from .run import load_run, resolve_run
from .workspace import PLAN_FILE

__all__ = [
    "District",
    "Town",
    "district_folders",
    "load_district",
    "open_district",
    "write_district_xlsx",
]

#: Statuses that are a shortfall at the year end.
SHORTFALL = ("not_met", "partial")
#: Statuses whose cause (偏差原因) a town is expected to state.
NEEDS_CAUSE = ("nearly_met", "partial", "not_met")
#: Status columns of the ranking, in the order a reader wants them.
STATUS_ORDER = ("exceeded", "met", "nearly_met", "partial", "not_met", "no_data", "not_assessable")
#: Target kinds whose figures can be set side by side across towns.
NUMERIC_KINDS = ("at_least", "exact", "about", "at_most", "zero", "rate", "growth")

#: Column -> Chinese header of the district's tables.
LABELS: dict[str, str] = {
    "rank": "名次",
    "rank_group": "排名范围",
    "town": "街道乡镇",
    "folder": "计划文件夹",
    "plan_id": "计划编号",
    "year": "年度",
    "score": "总分",
    "grade": "等级",
    "coverage": "覆盖率",
    "n_targets": "目标数",
    "red_lights": "红灯",
    "no_cause": "未说明原因",
    "illustrative": "示例数据",
    **{s: STATUS_LABELS[s] for s in STATUS_ORDER},
    "indicator": "指标",
    "kind": "类型",
    "n_towns": "涉及街道乡镇数",
    "towns": "街道乡镇",
    "method": "匹配方式",
    "title": "目标任务",
    "target_value": "目标值",
    "actual": "完成值",
    "unit": "单位",
    "status": "状态",
    "cause": "偏差原因",
    "problem": "问题",
    "detail": "各街道乡镇的目标与偏差原因",
}


#: Columns of :meth:`District.shared_shortfalls`, in the order every view shows them.
SHORTFALL_COLUMNS = ("indicator", "kind", "n_towns", "towns", "method", "detail")
#: Columns of :meth:`District.common_indicators`, in the order every view shows them.
COMMON_COLUMNS = (
    "indicator",
    "kind",
    "town",
    "year",
    "title",
    "target_value",
    "actual",
    "unit",
    "status",
    "method",
)


@dataclass(frozen=True)
class Town:
    """One plan folder of the district, loaded once (or the problem that stopped it).

    Attributes
    ----------
    folder : Path
    name : str
        The issuer (发布机构) of the plan, or the folder's name when it could not be read.
    run : Run or None
        The loaded run (None when the folder has a problem).
    problem : str or None
        What stopped the folder, in Chinese, naming it.
    red_lights : int or None
        Red lights (三色预警) at the folder's latest period within the plan year; None when
        the folder has no figures of a date within the year.
    """

    folder: Path
    name: str
    run: Any = None
    problem: str | None = None
    red_lights: int | None = None

    @property
    def year(self) -> int | None:
        return int(self.run.plan.year) if self.run is not None else None

    @property
    def illustrative(self) -> bool:
        """Any of the town's figures says 示例数据."""
        if self.run is None:
            return False
        frames = (self.run.outcomes, self.run.baseline, self.run.midyear)
        return any(f is not None and bool(f.attrs.get("illustrative")) for f in frames)


def _official(result: Any) -> tuple[float, str | None]:
    """The official total and grade of a year-end result: read, never recomputed."""
    overall = result.overall
    value = overall.get("score")
    return (float(value) if value is not None else math.nan), overall.get("grade")


def district_folders(paths_given: Sequence[str | Path]) -> list[Path]:
    """The plan folders of a district: the folders given, or the plan folders inside one.

    One folder that is not itself a plan folder stands for the plan folders directly
    inside it (in name order). A folder given in a list that is not a plan folder is kept:
    :func:`load_district` reports it for that town.

    Raises
    ------
    FolderError
        When nothing is given, or the one folder given holds no plan folder.

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> [p.name for p in district_folders([paths.EXAMPLE_FOLDER.parent])]
    ['gutang-2022']
    """
    given = [Path(p).expanduser() for p in paths_given]
    if not given:
        raise FolderError("没有给出计划文件夹", ["请给出若干计划文件夹，或存放它们的一个文件夹"])
    if len(given) == 1 and given[0].is_dir() and not (given[0] / PLAN_FILE).is_file():
        inside = sorted(
            (p for p in given[0].iterdir() if p.is_dir() and (p / PLAN_FILE).is_file()),
            key=lambda p: p.name,
        )
        if not inside:
            raise FolderError(
                f"{given[0]} 中没有计划文件夹",
                [
                    f"{given[0]} 本身不是计划文件夹（没有 plan.yaml），其下一层也没有含 "
                    "plan.yaml 的文件夹；请给出各街道乡镇的计划文件夹，或存放它们的文件夹"
                ],
            )
        return inside
    return given


def _problem_text(folder: Path, err: BaseException) -> str:
    """A town's problem as the district report shows it: the folder named by
    :func:`~gutang_analysis.provenance.shown_path`, never by the analyst's whole path."""
    shown = shown_path(folder) or str(folder)
    if isinstance(err, GutangError):
        text = str(err)
        for where in sorted({str(folder.resolve()), str(folder)}, key=len, reverse=True):
            text = text.replace(where, shown)
        return f"计划文件夹 {shown}：{text}"
    return (
        f"计划文件夹 {shown}：读取时程序出错（{type(err).__name__}），这是软件的问题，"
        "请把这份计划文件夹和本条信息报告给维护人员；其他街道乡镇不受影响"
    )


def _red_lights(run: Any) -> int | None:
    """Red lights at the latest period, read from the run (None without dated figures)."""
    if not available(run):
        return None
    try:
        return int(periods_of_run(run).counts().get("红灯", 0))
    except GutangError:  # a period the town must correct: its own 督查 report says so
        return None


def _load_town(folder: Path) -> Town:
    if not (folder / PLAN_FILE).is_file():
        what = "不存在" if not folder.exists() else "不是计划文件夹（其中没有 plan.yaml）"
        return Town(folder, folder.name, problem=f"计划文件夹 {shown_path(folder)}：{what}")
    try:
        with warnings.catch_warnings():  # each town's notes are in its own result
            warnings.simplefilter("ignore", DataWarning)
            run = load_run(resolve_run(folder))
        if run.result is None:
            raise FolderError(
                f"没有 {run.plan.year} 年度的完成情况数据，不能参加年度考核汇总",
                [
                    f"outcomes/ 中只有年内某一日期的数据；年度汇总需要 outcomes/{run.plan.year}"
                    ".xlsx（或 .csv）"
                ],
            )
        lights = _red_lights(run)
    except Exception as err:  # one town's problem never stops the others
        return Town(folder, folder.name, problem=_problem_text(folder, err))
    name = str(run.plan.issuer or run.plan.title or folder.name)
    return Town(folder.resolve(), name, run, None, lights)


def load_district(
    folders: Sequence[str | Path] | str | Path,
    *,
    rank_across_years: bool = False,
    jobs: int = 1,
) -> District:
    """Read every town's plan folder once, as ``gutang-review build`` reads it.

    Parameters
    ----------
    folders : sequence of paths, or one path
        The towns' plan folders, or one folder holding them (:func:`district_folders`).
    rank_across_years : bool
        Rank towns of different plan years together (by default each year is ranked on
        its own).
    jobs : int
        Worker processes reading the towns (each town is still read and scored once).

    Returns
    -------
    District

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> d = load_district([paths.EXAMPLE_FOLDER, "no-such-folder"])
    >>> [t.name for t in d.towns], d.ranking()["score"].tolist()
    (['古塘街道', 'no-such-folder'], [83.03])
    >>> print(d.problems[0])
    计划文件夹 no-such-folder：不存在
    """
    given = [folders] if isinstance(folders, str | Path) else list(folders)
    found = district_folders(given)
    if jobs > 1 and len(found) > 1:
        # the same per-town function in worker processes; each returns its Town whole
        context = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        with cf.ProcessPoolExecutor(min(jobs, len(found)), mp_context=context) as pool:
            towns = tuple(pool.map(_load_town, found))
    else:
        towns = tuple(_load_town(f) for f in found)
    return District(towns, rank_across_years)


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _group_key(title: Any, kind: Any, unit: Any, units: Any) -> tuple[str, str, str, str]:
    """(indicator name, how it was found, kind family, unit family) of a target."""
    name = indicator_name(title)
    family, unit_family = measure_of(kind, unit, units)
    if name is not None:
        return name, "同一指标（指标登记表）", family, unit_family
    return indicator_key(title), "指标名称相同", family, unit_family


@dataclass(frozen=True)
class District:
    """The towns of a district, each loaded once.

    Attributes
    ----------
    towns : tuple of Town
        In the order given (a folder of folders: by name).
    rank_across_years : bool
        Towns of different plan years ranked together.
    """

    towns: tuple[Town, ...]
    rank_across_years: bool = False
    _cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def loaded(self) -> tuple[Town, ...]:
        """The towns whose folder was read and scored."""
        return tuple(t for t in self.towns if t.run is not None)

    @property
    def problems(self) -> tuple[str, ...]:
        """Each folder that could not be read, in Chinese, naming the folder."""
        return tuple(t.problem for t in self.towns if t.problem)

    @property
    def years(self) -> tuple[int, ...]:
        """The plan years of the loaded towns, in order."""
        return tuple(sorted({t.year for t in self.loaded if t.year is not None}))

    @property
    def illustrative(self) -> tuple[str, ...]:
        """The towns whose figures are illustrative (示例数据)."""
        return tuple(t.name for t in self.loaded if t.illustrative)

    @property
    def banner(self) -> str | None:
        """The 示例数据 banner of the district's outputs, or None."""
        names = self.illustrative
        if not names:
            return None
        if len(names) == len(self.loaded):
            return "本汇总的完成情况数据为示例数据（虚构），不是官方统计"
        return f"本汇总中{'、'.join(names)}的完成情况数据为示例数据（虚构），不是官方统计"

    # ------------------------------------------------------------------ ranking

    def ranking(self) -> pd.DataFrame:
        """One row per loaded town: official total, grade, coverage, counts, lights, rank.

        Columns: ``rank, rank_group, town, year, plan_id, score, grade, coverage,
        n_targets`` and one count per status (:data:`STATUS_ORDER`), ``red_lights``
        (None when the folder has no dated figures), ``no_cause`` (shortfalls without a
        stated cause), ``illustrative``, ``folder``. Ranked by total within each plan
        year (``rank_group`` 2023 年), or across all years when the district was loaded
        with ``rank_across_years``; best first.
        """
        if "ranking" in self._cache:
            return self._cache["ranking"].copy()
        rows = []
        for t in self.loaded:
            result = t.run.result
            total, grade = _official(result)
            targets = result.targets
            statuses = targets["status"].astype(str)
            causes = targets["cause"] if "cause" in targets.columns else pd.Series(None)
            no_cause = sum(
                1
                for s, c in zip(statuses, causes.reindex(targets.index), strict=True)
                if s in NEEDS_CAUSE and not _text(c)
            )
            row = {
                "town": t.name,
                "year": t.year,
                "plan_id": str(t.run.plan.id),
                "score": total,
                "grade": grade,
                "coverage": float(result.overall.get("coverage") or 0.0),
                "n_targets": len(targets),
                **{s: int((statuses == s).sum()) for s in STATUS_ORDER},
                "red_lights": t.red_lights,
                "no_cause": no_cause,
                "illustrative": t.illustrative,
                "folder": shown_path(t.folder),
            }
            rows.append(row)
        cols = [
            "rank",
            "rank_group",
            "town",
            "year",
            "plan_id",
            "score",
            "grade",
            "coverage",
            "n_targets",
            *STATUS_ORDER,
            "red_lights",
            "no_cause",
            "illustrative",
            "folder",
        ]
        frame = pd.DataFrame(rows, columns=[c for c in cols if c not in ("rank", "rank_group")])
        if frame.empty:
            out = pd.DataFrame(columns=cols)
        else:
            frame["rank_group"] = (
                "全部年度" if self.rank_across_years else frame["year"].map(lambda y: f"{y} 年")
            )
            group = frame["rank_group"] if not self.rank_across_years else None
            if group is None:
                ranks = frame["score"].rank(ascending=False, method="min")
            else:
                ranks = frame.groupby("rank_group")["score"].rank(ascending=False, method="min")
            frame["rank"] = ranks.astype("Int64")
            order = ["rank_group", "rank", "town"] if group is not None else ["rank", "town"]
            frame = frame.sort_values(order, na_position="last", kind="stable")
            out = frame[cols].reset_index(drop=True)
        out["red_lights"] = out["red_lights"].astype("Int64")
        self._cache["ranking"] = out
        return out.copy()

    # ------------------------------------------------------------------ shared shortfalls

    def _targets(self) -> pd.DataFrame:
        """Every loaded town's targets with its indicator group, read from each run."""
        if "targets" in self._cache:
            return self._cache["targets"]
        frames = []
        for t in self.loaded:
            tt = t.run.result.targets
            units = getattr(t.run.plan, "units", None)
            keys = [
                _group_key(ti, k, u, units)
                for ti, k, u in zip(tt["title"], tt["kind"], tt["unit"], strict=True)
            ]
            f = pd.DataFrame(
                {
                    "town": t.name,
                    "year": t.year,
                    "target_id": tt["target_id"].astype(str).to_numpy(),
                    "title": tt["title"].to_numpy(),
                    "kind": tt["kind"].to_numpy(),
                    "strength": tt["strength"].to_numpy() if "strength" in tt else None,
                    "target_value": pd.to_numeric(tt["target_value"], errors="coerce").to_numpy(),
                    "actual": pd.to_numeric(tt["actual"], errors="coerce").to_numpy(),
                    "unit": tt["unit"].to_numpy(),
                    "ratio": pd.to_numeric(tt["ratio"], errors="coerce").to_numpy(),
                    "status": tt["status"].astype(str).to_numpy(),
                    "cause": tt["cause"].to_numpy() if "cause" in tt else None,
                    "indicator": [k[0] for k in keys],
                    "method": [k[1] for k in keys],
                    "measure": [(k[2], k[3]) for k in keys],
                }
            )
            f["registry"] = [units] * len(f)
            frames.append(f)
        out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        self._cache["targets"] = out
        return out

    def _groups(self, rows: pd.DataFrame, min_towns: int) -> list[tuple[Any, pd.DataFrame]]:
        if rows.empty:
            return []
        groups = []
        for key, g in rows.groupby(["indicator", "measure"], sort=False):
            if g["town"].nunique() >= min_towns:
                groups.append((key, g))
        groups.sort(key=lambda kg: (-kg[1]["town"].nunique(), str(kg[0][0])))
        return groups

    def shared_shortfalls(self, min_towns: int = 2) -> pd.DataFrame:
        """Indicators that at least ``min_towns`` towns fell short of (未完成/部分完成).

        Matched by the indicator (the same name, or one indicator of the registry) and
        the same measure (kind family and unit family), never by target id.

        Returns
        -------
        pandas.DataFrame
            ``indicator, kind, n_towns, towns, method, detail``: ``detail`` lists each
            town's target, status and stated cause. Most widely shared first.
        """
        key = f"shared_shortfalls:{min_towns}"
        if key not in self._cache:
            self._cache[key] = self._shared_shortfalls(min_towns)
        return self._cache[key].copy()

    def _shared_shortfalls(self, min_towns: int) -> pd.DataFrame:
        t = self._targets()
        if t.empty:
            return pd.DataFrame(columns=list(SHORTFALL_COLUMNS))
        rows = []
        for (indicator, _), g in self._groups(t[t["status"].isin(SHORTFALL)], min_towns):
            # a town of two plan years (青山镇 2024 and 2025) is told apart by its year
            details = [
                f"{r.town}（{r.year} 年）：{r.title}（{STATUS_LABELS.get(r.status, r.status)}"
                + (f"，偏差原因：{_text(r.cause)}" if _text(r.cause) else "，未说明偏差原因")
                + "）"
                for r in g.itertuples()
            ]
            rows.append(
                {
                    "indicator": indicator
                    if g["method"].iloc[0] != "指标名称相同"
                    else g["title"].iloc[0],
                    "kind": KIND_LABELS.get(str(g["kind"].iloc[0]), g["kind"].iloc[0]),
                    "n_towns": int(g["town"].nunique()),
                    "towns": "、".join(dict.fromkeys(g["town"])),
                    "method": g["method"].iloc[0],
                    "detail": "；".join(details),
                }
            )
        return pd.DataFrame(rows, columns=list(SHORTFALL_COLUMNS))

    # ------------------------------------------------------------------ common indicators

    def common_indicators(self, min_towns: int = 2) -> pd.DataFrame:
        """Indicators that at least ``min_towns`` towns committed to, side by side.

        Numeric targets only (amounts, rates, growth). Each town's commitment and result
        are converted into one unit per indicator (the unit most towns used), through the
        town's own unit registry.

        Returns
        -------
        pandas.DataFrame
            One row per (indicator, town): ``indicator, kind, town, year, title,
            target_value, actual, unit, status, method``; ``status`` in Chinese.
        """
        key = f"common_indicators:{min_towns}"
        if key not in self._cache:
            self._cache[key] = self._common_indicators(min_towns)
        return self._cache[key].copy()

    def _common_indicators(self, min_towns: int) -> pd.DataFrame:
        cols = list(COMMON_COLUMNS)
        t = self._targets()
        if t.empty:
            return pd.DataFrame(columns=cols)
        rows = []
        for (indicator, _), g in self._groups(t[t["kind"].isin(NUMERIC_KINDS)], min_towns):
            units_used = [_text(u) for u in g["unit"] if _text(u)]
            common = max(set(units_used), key=units_used.count) if units_used else ""
            named = g["method"].iloc[0] != "指标名称相同"
            for r in g.itertuples():
                target, actual, unit = r.target_value, r.actual, _text(r.unit)
                if common and unit and unit != common:
                    try:
                        target = (
                            r.registry.convert(target, unit, common)
                            if not math.isnan(target)
                            else target
                        )
                        actual = (
                            r.registry.convert(actual, unit, common)
                            if not math.isnan(actual)
                            else actual
                        )
                        unit = common
                    except Exception:  # a unit the registry cannot convert: shown as written
                        pass
                rows.append(
                    {
                        "indicator": indicator if named else g["title"].iloc[0],
                        "kind": KIND_LABELS.get(str(r.kind), r.kind),
                        "town": r.town,
                        "year": r.year,
                        "title": r.title,
                        "target_value": target,
                        "actual": actual,
                        "unit": unit,
                        "status": STATUS_LABELS.get(r.status, r.status),
                        "method": r.method,
                    }
                )
        return pd.DataFrame(rows, columns=cols)

    # ------------------------------------------------------------------ saving

    def save(self, path: str | Path) -> Path:
        """Write the loaded district for its report notebook to reuse."""
        out = Path(path)
        for table in (self.ranking, self.shared_shortfalls, self.common_indicators):
            table()  # computed once here, kept with the district for the notebook
        out.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        return out


def open_district(
    district: str | Path | None = None, *, start: str | Path | None = None
) -> District:
    """The district a report notebook shows: the one ``gutang-review district`` saved.

    Left as None (a notebook opened by hand), the plan folders inside the current
    directory (``start``) are read; when there are none, the bundled example alone.

    Examples
    --------
    >>> open_district().towns[0].name
    '古塘街道'
    """
    install()
    if district is not None:
        loaded = pickle.loads(Path(district).read_bytes())
        if isinstance(loaded, District):
            return loaded
    here = Path(start) if start is not None else Path.cwd()
    try:
        return load_district([here])
    except FolderError:
        return load_district([paths.EXAMPLE_FOLDER])


# ---------------------------------------------------------------------- views and HTML


def view(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """A district table with Chinese headers (numbers stay numbers).

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> list(view(load_district([paths.EXAMPLE_FOLDER]).ranking()).columns)[:4]
    ['名次', '排名范围', '街道乡镇', '年度']
    """
    cols = [c for c in (columns or frame.columns) if c in frame.columns]
    out = frame[cols].rename(columns=LABELS)
    return out


def _fmt(column: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "—"
    if column == "coverage":
        return f"{float(value):.0%}"
    if column == "score":  # the official total, as the form states it
        return f"{float(value):.2f}"
    if column in ("target_value", "actual"):
        v = float(value)
        return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else f"{v:,.2f}".rstrip("0").rstrip(".")
    if column == "illustrative":
        return "是" if value else ""
    if isinstance(value, float):  # any other figure: no trailing .0, thousands separated
        return _fmt("actual", value)
    return str(value)


def table_html(
    frame: pd.DataFrame,
    columns: Sequence[str],
    caption: str,
    numeric_columns: Iterable[str] = (),
) -> str:
    """A district table as escaped HTML, in the reports' table style (scrolls on phones)."""
    numeric = {
        *numeric_columns,
        "rank",
        "score",
        "coverage",
        "n_targets",
        "red_lights",
        "no_cause",
        "n_towns",
        "target_value",
        "actual",
        "year",
        *STATUS_ORDER,
    }
    cols = [c for c in columns if c in frame.columns]
    long = {"title", "detail", "problem", "towns", "indicator", "指标", "去年偏差原因"}
    long |= {c for c in cols if str(c).endswith("年目标")}

    def kind(c: str) -> str:
        if c in numeric:
            return "gutang-num"
        return "gutang-long" if c in long else "gutang-text"

    head = "".join(
        f'<th class="{kind(c)}" style="{_TH}">{html.escape(LABELS.get(c, c))}</th>' for c in cols
    )
    body = []
    for record in frame.to_dict("records"):
        cells = []
        for c in cols:
            text = html.escape(_fmt(c, record[c]))
            style = _NUM if c in numeric else _TD
            cells.append(f'<td class="{kind(c)}" style="{style}">{text}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    label = html.escape(caption)
    # on a phone a wide table says it scrolls, as the town reports' tables do (display.py)
    hint = (
        f'<p class="gutang-scroll-hint" aria-hidden="true" hidden>{_SCROLL_HINT}</p>'
        if len(cols) >= _WIDE_COLUMNS
        else ""
    )
    return (
        hint
        + f'<div class="gutang-scroll gutang-wide" role="region" tabindex="0" aria-label="{label}" '
        'style="overflow-x:auto;max-width:100%;">'
        f'<table class="gutang-table" style="{_TABLE}"><caption style="text-align:left;'
        f'font-weight:bold;padding:4px 0;">{label}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


RANKING_COLUMNS = (
    "rank",
    "town",
    "year",
    "score",
    "grade",
    "coverage",
    "n_targets",
    *STATUS_ORDER[:-1],
    "red_lights",
    "no_cause",
)


def header_html(d: District, title: str) -> str:
    """The top of the district report: 示例数据 banner, title, how many folders were read."""
    esc = html.escape
    parts = []
    if d.banner:
        parts.append(banner_div(d.banner))
    parts.append(f"<h1>{esc(title)}</h1>")
    years = "、".join(f"{y} 年 {sum(1 for t in d.loaded if t.year == y)} 个" for y in d.years)
    sub = f"共 {len(d.towns)} 个计划文件夹，读取 {len(d.loaded)} 个" + (
        f"（{years}）" if years else ""
    )
    if d.problems:
        sub += f"，{len(d.problems)} 个有问题（见下文）"
    parts.append(f'<p class="gutang-subtitle">{esc(sub)}</p>')
    return "\n".join(parts)


def provenance_html(d: District) -> str:
    """The appendix at the end of the report: when, which software, which files were read."""
    esc = html.escape
    rows = [
        ("生成时间", local_time_text(dt.datetime.now().astimezone().isoformat(timespec="seconds"))),
        ("软件版本", f"gutang-analysis {__version__}（程序与笔记本 SHA-256 {code_sha256()}）"),
    ]
    for t in d.loaded:
        inputs = t.run.inputs
        mark = "（示例数据，虚构）" if t.illustrative else ""
        plan = shown_path(inputs.plan, t.folder)
        rows.append((t.name, f"{plan}；完成情况 {shown_path(inputs.outcomes, t.folder)}{mark}"))
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return f'<dl class="gutang-provenance">{items}</dl>'


def problems_html(d: District) -> str:
    """The folders that could not be read, each with its problem (empty when none)."""
    if not d.problems:
        return ""
    items = "".join(f'<li style="white-space:pre-wrap">{html.escape(p)}</li>' for p in d.problems)
    return (
        '<div class="gutang-warnings" role="note" style="border:2px solid #e08a00;'
        'background:#fff8e1;color:#5c3b00;padding:8px 14px;margin:0 0 16px">'
        f'<p style="margin:0 0 4px;font-weight:bold">{len(d.problems)} 个计划文件夹未能读取，'
        "未列入排名（其他街道乡镇不受影响）</p>"
        f'<ul style="margin:0;padding-left:1.4em">{items}</ul></div>'
    )


def paragraphs_html(lines: list[str]) -> str:
    """Sentences as the reports' summary paragraphs (escaped)."""
    return narrative_paragraphs(lines)


def ranking_html(d: District) -> str:
    """The ranking tables: one per plan year (or one across years when asked)."""
    r = d.ranking()
    if r.empty:
        return "<p>没有可以排名的街道乡镇。</p>"
    parts = []
    if len(d.years) > 1 and not d.rank_across_years:
        parts.append(
            "<p>各街道乡镇的计划年度不同，按年度分别排名；不同年度的总分不放在一起比较"
            "（需要时用 --rank-across-years 合并排名）。</p>"
        )
    for group, g in r.groupby("rank_group", sort=False):
        parts.append(table_html(g, RANKING_COLUMNS, f"排名（{group}，按总分）"))
    return "\n".join(parts)


def sentences(d: District) -> list[str]:
    """The district in a few Chinese sentences."""
    r = d.ranking()
    out = []
    for group, g in r.groupby("rank_group", sort=False):
        scored = g.dropna(subset=["score"])
        if scored.empty:
            continue
        top, low = scored.iloc[0], scored.iloc[-1]
        best = f"{top['town']}（{top['score']:.2f} 分，{top['grade'] or '不评定'}）"
        line = f"{group}共 {len(g)} 个街道乡镇参加排名，总分最高的是{best}"
        if len(scored) > 1:
            worst = f"{low['town']}（{low['score']:.2f} 分，{low['grade'] or '不评定'}）"
            line += f"，最低的是{worst}"
        out.append(line + "。")
    shared = d.shared_shortfalls()
    if not shared.empty:
        top = shared.head(3)
        names = "、".join(
            f"“{i}”（{n} 个）" for i, n in zip(top["indicator"], top["n_towns"], strict=True)
        )
        out.append(
            f"有 {len(shared)} 项指标在两个以上街道乡镇未完成或部分完成，涉及最多的是{names}。"
        )
    lacking = r[r["no_cause"] > 0]
    if not lacking.empty:
        # a town of two plan years is named with its year (青山镇（2024 年） 1 项)
        twice = set(r["town"][r["town"].duplicated()])
        out.append(
            "未说明偏差原因的未完成目标："
            + "、".join(
                f"{t}{f'（{y} 年）' if t in twice else ''} {n} 项"
                for t, y, n in zip(
                    lacking["town"], lacking["year"], lacking["no_cause"], strict=True
                )
            )
            + "。"
        )
    return out


def shortfalls_html(d: District) -> str:
    s = d.shared_shortfalls()
    if s.empty:
        return "<p>没有两个以上街道乡镇共同未完成的指标。</p>"
    return table_html(s, list(SHORTFALL_COLUMNS), "共性短板")


def common_html(d: District) -> str:
    c = d.common_indicators()
    if c.empty:
        return "<p>没有两个以上街道乡镇共同承诺的数值指标。</p>"
    return table_html(
        c,
        list(COMMON_COLUMNS),
        "共同指标：各街道乡镇的承诺与完成（已换算为同一单位）",
    )


# ---------------------------------------------------------------------- the workbook


def write_district_xlsx(d: District, path: str | Path) -> Path:
    """The district workbook: ranking, shared shortfalls, common indicators, problems.

    Every text cell is written as text (never a formula), numbers stay numbers, each
    sheet prints on A4 with its header row repeated, and a 示例数据 banner opens every
    sheet when any town's figures are illustrative.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> from gutang_analysis import paths
    >>> d = load_district([paths.EXAMPLE_FOLDER])
    >>> out = write_district_xlsx(d, pathlib.Path(tempfile.mkdtemp()) / "汇总.xlsx")
    >>> wb = load_workbook(out)
    >>> wb.sheetnames[:3], wb["排名"]["A1"].value.startswith("⚠")
    (['排名', '共性短板', '共同指标'], True)
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    sheets = [
        (
            "排名",
            d.ranking(),
            [*RANKING_COLUMNS, "not_assessable", "rank_group", "illustrative", "folder"],
        ),
        (
            "共性短板",
            d.shared_shortfalls(),
            list(SHORTFALL_COLUMNS),
        ),
        (
            "共同指标",
            d.common_indicators(),
            list(COMMON_COLUMNS),
        ),
        ("读取问题", pd.DataFrame({"problem": list(d.problems)}), ["problem"]),
    ]
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    for name, frame, cols in sheets:
        ws = wb.create_sheet(name)
        row = 1
        if d.banner:
            cell = write_text_cell(ws, row, 1, f"⚠ {d.banner}")
            cell.font = Font(bold=True, color="8A1C13")
            row += 1
        header_row = row
        for j, c in enumerate(cols, 1):
            cell = write_text_cell(ws, row, j, LABELS.get(c, c))
            cell.font, cell.fill = bold, head_fill
        for record in frame.to_dict("records"):
            row += 1
            for j, c in enumerate(cols, 1):
                v = record.get(c)
                if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
                    continue
                if c == "illustrative":
                    v = "是" if v else ""
                elif c == "coverage":
                    cell = write_text_cell(ws, row, j, float(v))
                    cell.number_format = "0%"
                    continue
                elif hasattr(v, "item"):
                    v = v.item()
                cell = write_text_cell(ws, row, j, v)
                if c == "score":
                    cell.number_format = "0.00"
                if isinstance(v, str) and len(v) > 30:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for j, c in enumerate(cols, 1):
            width = {"detail": 60, "problem": 90, "folder": 30, "title": 30, "towns": 24}.get(
                c, 8 if c in STATUS_ORDER or c in ("rank", "year", "grade") else 12
            )
            ws.column_dimensions[ws.cell(row=header_row, column=j).column_letter].width = width
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        fit_a4(ws, title_rows=f"{header_row}:{header_row}", notice=d.banner)
    return save_workbook(wb, Path(path))
