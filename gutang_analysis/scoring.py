"""Scoring: outcomes against a plan's targets, by a documented policy.

:func:`score` judges every target by the rule made for its kind (see ``docs/methodology.md``
for the rules in Chinese, with worked examples and sources), rolls the scores up per
section and overall, and returns a :class:`ScoreResult`. Nothing passed in is changed.

The main reading leaves targets without a usable judgement out of the score (and lists
them); the conservative reading counts them as not met (score 0). Mid-year (``as_of``
before a target's deadline) numeric targets are judged against the time-proportional
share of the year's target at the date of the data used (时间过半、任务过半). A result is
either a mid-year result (``as_of`` before the plan's year end: statuses 超额完成, 完成,
进度正常, 进度滞后) or a year-end one (超额完成 … 未完成), never a mix; a year-end judgement
uses only year-end data. Whatever was left out or read from older data is said in
``ScoreResult.warnings``.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import warnings as pywarnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import pandas as pd

from ._frames import column, gc_paused, records
from .display import score_summary_html, score_table_html
from .errors import DataWarning, OutcomesError, Problem, UsageError
from .kinds import get_kind
from .labels import COLUMN_LABELS
from .plan import RATINGS, STAGES
from .policy import GRADES, Policy, check_policy_for_plan, load_policy
from .style import STATUS_LABELS, STATUS_ORDER
from .units import load_units

__all__ = [
    "REASON_LABELS",
    "STAGES",
    "UNASSIGNED_OFFICE",
    "ScoreResult",
    "official_total",
    "official_weights",
    "score",
]


_GOOD = frozenset({"exceeded", "met", "on_track"})
_SHORT = frozenset({"nearly_met", "partial", "not_met", "behind"})
_UNSCORED = frozenset({"no_data", "not_assessable"})
_YEAR_END_SHORT = ("nearly_met", "partial", "not_met")
_STRETCH = ("力争", "争创")

#: Why a target has no usable judgement although something was reported (the ``reason``
#: column), and the status label shown instead of 未报送. ``stale_data`` marks a mid-year
#: judgement read from data older than ``as_of``; it keeps its status label.
REASON_LABELS: dict[str, str] = {
    "missing_baseline": "缺少基期",
    "interim_only": "无期末数据",
    "stale_data": "数据早于评估日期",
}

TARGET_RESULT_COLUMNS: tuple[str, ...] = (
    "target_id",
    "section",
    "section_name",
    "title",
    "kind",
    "strength",
    "target_value",
    "unit",
    "actual",
    "baseline",
    "expected",
    "ratio",
    "score",
    "status",
    "status_label",
    "rule",
    "flag",
    "reason",
    "weight",
    "effective_weight",
    "group",
    "group_status",
    "group_status_label",
    "period",
    "evidence",
    "cause",
    "remedy",
    "office",
    "partners",
    "lead",
    "reporting_office",
)

#: The office of targets the 分解表 gives no 责任科室 (a row of :meth:`ScoreResult.by_office`).
UNASSIGNED_OFFICE = "（分解表未列责任科室）"


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class ScoreResult:
    """What :func:`score` returns: per-target, per-section, per-group and overall results.

    Attributes
    ----------
    targets : pandas.DataFrame
        One row per target: ``target_id, section, section_name, title, kind, strength,
        target_value, unit, actual, baseline, expected, ratio, score, status, status_label,
        rule, flag, reason, weight, effective_weight, group, group_status,
        group_status_label, period, evidence, cause, remedy, office, official_weight,
        schedule_ratio`` (``official_weight``: the target's share of the official total,
        its 分值 / 100). ``ratio`` (完成率) is always against the annual target;
        ``schedule_ratio`` (进度完成率) is a mid-year result's ratio against the
        序时进度目标 (NaN at year end).
        ``ratio`` is not
        capped; ``score`` is (``policy.score.cap``). ``rule`` says in Chinese which rule
        gave the score. ``reason`` is a code from :data:`REASON_LABELS` (or None):
        ``missing_baseline`` and ``interim_only`` rows have status ``no_data`` and
        ``status_label`` 缺少基期 / 无期末数据. ``group_status``/``group_status_label`` hold
        the status of a direction pair (双下降) on each member's row, else None.
    sections : pandas.DataFrame
        One row per section: score (the section's total by the official rule, on a
        100 scale), grade, coverage, scored_mean and the count of each status.
    groups : pandas.DataFrame
        One row per group of direction targets judged together (e.g. 双下降): members,
        status, score. Other ``group`` values in the plan only record that targets were
        split from one phrase and get no group status.
    overall : dict
        ``score, grade, total_rule, grade_note, scored_mean, bonus_points, unexplained,
        coverage,
        min_coverage, n_targets, n_scored, counts, no_data, not_assessable,
        conservative_score, conservative_grade, veto_failed, midyear, as_of,
        illustrative, policy, warnings``. ``score`` and ``grade`` are **the official
        total** (总分, 0–100, 0.01 precision) and its grade, defined once here by the
        policy's ``score.total`` rule (:func:`official_total` over
        :func:`official_weights`; the self-evaluation form's SUM formulas give the same
        number) and stated by every report and download. The other readings keep their
        own names and are never called 总分: ``scored_mean`` (有数据指标平均得分: the mean
        over targets with a score, each capped at 100), ``bonus_points`` (超额完成加分 the
        total leaves out), ``conservative_score`` (the weighted mean with the bonus and
        unscored targets at 0). ``unexplained`` lists the targets short of their
        commitment or without a score that lack a cause or a remedy (待补充 in the form).
        ``coverage`` is the weight of targets with a usable
        judgement over the weight of all targets.
    policy : Policy
        The policy used.
    warnings : list of str
        Chinese sentences on what was left out or read from older data (missing
        baselines, only mid-year data at year end, data older than ``as_of``), for
        reports and the CLI to print. Empty when there is nothing to say.

    Examples
    --------
    >>> import pandas as pd
    >>> from gutang_analysis.plan import load_plan
    >>> plan = load_plan()
    >>> outcomes = pd.DataFrame({"target_id": ["econ-fdi-utilised"], "period": ["2022"],
    ...                          "actual": [260.0]})  # 示例数据
    >>> r = score(plan, outcomes)
    >>> row = r.targets.set_index("target_id").loc["econ-fdi-utilised"]
    >>> round(float(row["ratio"]), 4), round(float(row["score"]), 1), row["status_label"]
    (0.8667, 86.7, '部分完成')
    >>> print(row["rule"])
    不低于类：完成率 = 完成值 260 ÷ 目标值 300 = 86.7%；得分 = 100 × 86.7% = 86.7
    """

    targets: pd.DataFrame
    sections: pd.DataFrame
    groups: pd.DataFrame
    overall: dict[str, Any]
    policy: Policy = field(repr=False)
    year: int = 0
    as_of: dt.date | None = None
    missing: Literal["exclude", "not_met"] = "exclude"
    plan_id: str | None = None
    warnings: list[str] = field(default_factory=list)
    _section_meta: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    @property
    def no_data(self) -> pd.DataFrame:
        """Targets without data (未报送, 缺少基期, 无期末数据): excluded from the score."""
        cols = ["target_id", "section_name", "title", "office", "status_label", "reason", "rule"]
        t = self.targets
        return t.loc[t["status"] == "no_data", cols].reset_index(drop=True)

    def by_office(self) -> pd.DataFrame:
        """Results per 责任科室, shaped as :attr:`sections`: score, grade, coverage and the
        count of each status (plus, for a mid-year result, of each light).

        Offices come from the 分解表 given to :func:`score` (``owners``), in the plan order
        of their first target; targets it does not assign are one last row,
        :data:`UNASSIGNED_OFFICE` (``assigned`` False).

        Examples
        --------
        >>> from gutang_analysis import examples
        >>> offices = examples.gutang_2022().result.by_office()
        >>> offices.loc[0, "office"], int(offices.loc[0, "n_targets"])
        ('经济发展办公室', 15)
        >>> int(offices["n_targets"].sum())
        93
        """
        out = _office_rows(self.targets, self.policy)
        if "light" in self.targets:
            offices = self.targets["office"].where(
                self.targets["office"].notna(), UNASSIGNED_OFFICE
            )
            for label in ("红灯", "黄灯", "绿灯"):
                counts = self.targets["light"].eq(label).groupby(offices).sum()
                out[label] = [int(counts.get(o, 0)) for o in out["office"]]
        return out

    def sensitivity(self) -> pd.DataFrame:
        """Readings of the result besides the official total, each under its own name.

        Shows whether the grade rests on a weighting or reading choice: policy weights
        (政策权重: the official total itself, ``overall["score"]``), equal weights, without
        stretch targets (力争/争创), only 确保 targets, the average over the targets with
        data (有数据指标平均: unscored targets left out), with the bonus for
        over-achievement (计入超额加分, kept at or below 100) and the quantitative-only
        reading (仅量化指标: without the qualitative targets, whose score is the office's
        own rating). Every reading but the first is computed by the official rule on its
        own set of targets; none of them is the 总分.

        ``weight_share`` is the share of the main reading's weight that the scenario's
        targets carry: 1 for the readings of every target, and for 仅量化指标 the weight
        that is not self-rated (1 − ``weight_share`` is the self-rated part).

        Returns
        -------
        pandas.DataFrame
            ``scenario, description, n_targets, n_scored, weight_share, coverage, score,
            grade``.

        Examples
        --------
        >>> import pandas as pd
        >>> from types import SimpleNamespace
        >>> targets = pd.DataFrame({"target_id": ["a", "b"], "section": ["s", "s"],
        ...     "title": ["甲", "乙"], "kind": ["at_least", "at_least"],
        ...     "target_value": [10.0, 10.0], "strength": ["确保", "力争"]})
        >>> outcomes = pd.DataFrame({"target_id": ["a", "b"], "period": ["2022", "2022"],
        ...     "actual": [10.0, 5.0]})
        >>> r = score(SimpleNamespace(year=2022, targets=targets, sections=None), outcomes)
        >>> r.sensitivity()[["scenario", "score"]].round(1).values.tolist()[:4]
        [['政策权重', 75.0], ['等权重', 75.0], ['不含力争/争创指标', 100.0], ['仅确保指标', 100.0]]
        >>> last = r.sensitivity().iloc[-1]
        >>> last["scenario"], float(last["weight_share"])
        ('仅量化指标', 1.0)
        """
        # worked out once per result (a build does it before the run is handed out)
        known = self.__dict__.get("_sensitivity")
        if known is None:
            known = self._sensitivity()
            self.__dict__["_sensitivity"] = known  # a cache: the result stays as it was
        return known.copy()

    def _sensitivity(self) -> pd.DataFrame:
        """:meth:`sensitivity`, worked out."""
        t = self.targets
        p = self.policy
        strength = t["strength"].where(t["strength"].notna(), None)
        rows = []
        scenarios = [
            ("政策权重", "即总分：按评分规则中的板块权重与指标权重", t, False, False, False),
            ("等权重", "每个指标权重相同，不分板块", t, True, False, False),
            (
                "不含力争/争创指标",
                "只计确保类与未注明力度的指标",
                t[~strength.isin(_STRETCH)],
                False,
                False,
                False,
            ),
            ("仅确保指标", "只计确保类指标", t[strength == "确保"], False, False, False),
            (
                "有数据指标平均",
                "只计有数据的指标，未报送、无法评估的不计入（不是总分）",
                t,
                False,
                True,
                False,
            ),
            (
                "计入超额加分",
                f"超额完成按单项上限 {_fmt(p.score.cap)} 分计入（最高 100 分，不是总分）",
                t,
                False,
                False,
                True,
            ),
            (
                "仅量化指标",
                "不含定性指标（其得分来自科室自评档次），只计有客观数据的指标",
                t[t["kind"] != "qualitative"],
                False,
                False,
                False,
            ),
        ]
        main_weight = _effective_weights(t, p, self._section_meta)
        total_weight = float(main_weight.sum())
        for name, desc, frame, equal, scored_only, bonus in scenarios:
            share = (
                float(main_weight.loc[frame.index].sum()) / total_weight
                if total_weight > 0
                else math.nan
            )
            frame = frame.copy()
            frame["effective_weight"] = _effective_weights(
                frame, p, self._section_meta, equal=equal
            )
            agg = _aggregate(frame["score"], frame["status"], frame["effective_weight"])
            coverage = agg["coverage"]
            if scored_only:
                value = _aggregate(
                    frame["score"].clip(upper=100.0), frame["status"], frame["effective_weight"]
                )["score"]
                grade = _veto_cap(_grade(value, coverage, p), frame, p)[0]
            else:
                weights = official_weights(frame, p) if len(frame) else frame["effective_weight"]
                value = official_total(frame["score"], weights)
                if bonus and not math.isnan(value):
                    # the bonus counted up to the cap, the reading kept at or below 100
                    with_bonus = frame["score"].clip(lower=0.0, upper=p.score.cap).fillna(0.0)
                    value = round(min(float((with_bonus * weights).sum()), 100.0), 2)
                grade = _official_grade(value, coverage, frame, p)[0]
            rows.append(
                {
                    "scenario": name,
                    "description": desc,
                    "n_targets": len(frame),
                    "n_scored": int(frame["score"].notna().sum()),
                    "weight_share": share,
                    "coverage": coverage,
                    "score": value,
                    "grade": grade,
                }
            )
        return pd.DataFrame(rows)

    def _repr_html_(self) -> str:
        return score_summary_html(self.overall) + score_table_html(self.targets)


# --------------------------------------------------------------------------- entry point


def score(
    plan: Any,
    outcomes: pd.DataFrame,
    *,
    baseline: pd.DataFrame | None = None,
    policy: Policy | None = None,
    as_of: dt.date | str | None = None,
    missing: Literal["exclude", "not_met"] = "exclude",
    owners: Any = None,
) -> ScoreResult:
    """Score outcomes against a plan's targets.

    Parameters
    ----------
    plan : Plan
        The plan (``load_plan``); only ``targets``, ``year``, ``sections`` and ``id`` are
        used.
    outcomes : pandas.DataFrame
        The outcomes frame (``load_outcomes``): one row per (target_id, period), ``actual``
        already in the target's unit.
    baseline : pandas.DataFrame, optional
        Baseline-year values (same shape). When omitted, rows of ``outcomes`` whose period
        is the baseline year are used; direction targets without a baseline value are
        left out (status ``no_data``, reason ``missing_baseline``) and said in
        ``warnings``.
    policy : Policy, optional
        The scoring policy; the bundled default when omitted.
    as_of : date or str, optional
        Judge progress at this date (``"2022-06-30"``). Before the plan's year end the
        result is a mid-year one: targets whose deadline is later are judged against the
        share of the target expected at the date of the latest data on or before
        ``as_of`` (进度正常/进度滞后). Without ``as_of``, or from the year end on, every
        target is judged as final, and only year-end data (period ``"2022"``, or a date
        on or after the deadline) is used.
    missing : {"exclude", "not_met"}
        ``"exclude"`` (default): targets without data keep the status 未报送 and no score,
        and are listed (under the default ``form`` total they earn 0 of their points).
        ``"not_met"``: they are judged 未完成 with score 0.
    owners : Owners, optional
        The 分解表 (:func:`~gutang_analysis.owners.load_owners`): each target's 责任科室
        (``office``), 配合科室 (``partners``) and 牵头领导 (``lead``). Without it these
        are empty. The office named in the outcome file (报送单位) is ``reporting_office``.

    Returns
    -------
    ScoreResult

    Raises
    ------
    OutcomesError
        When ``as_of`` is not a date, or the outcomes or baseline frame lacks
        ``target_id``/``period``, names a target the plan does not have, has a period that
        is neither a year nor a date, a non-numeric ``actual`` (``"210万美元"``; use
        ``load_outcomes`` to convert), a stage or rating outside the fixed lists, a bad
        ``peers`` or ``date``, or repeats a (target, period) pair. Every problem is listed.
    PolicyError
        When the policy does not fit the plan (see
        :func:`~gutang_analysis.policy.check_policy_for_plan`).

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> import pandas as pd
    >>> plan = load_plan()
    >>> empty = pd.DataFrame({"target_id": [], "period": [], "actual": []})
    >>> r = score(plan, empty)
    >>> r.overall["coverage"], r.overall["grade"]
    (0.0, None)
    """
    _check_arguments(plan, outcomes, baseline, policy, missing)
    policy = policy if policy is not None else load_policy()
    check_policy_for_plan(policy, plan)
    year = int(plan.year)
    targets = plan.targets
    section_meta = _section_meta(plan)
    # a row, a dict and a judgement per target: millions of small objects, no cycles
    with gc_paused():
        when = _check_inputs(targets, outcomes, baseline, as_of, year)
        current = _index_rows(outcomes)
        base_rows = _index_rows(baseline) if baseline is not None else current
        result_midyear = when is not None and when < dt.date(year, 12, 31)

        frame, notes = _judge_all(
            targets, current, base_rows, policy, year, when, missing, getattr(plan, "units", None)
        )
        if frame["section_name"].isna().all():
            frame["section_name"] = frame["section"].map(
                dict(zip(section_meta["section"], section_meta["name"], strict=False))
            )
        frame = _annual_ratios(frame, result_midyear)
        frame["effective_weight"] = _effective_weights(frame, policy, section_meta)
        frame, groups = _groups(frame, result_midyear)
        frame["official_weight"] = official_weights(frame, policy)
        frame, boilerplate = _boilerplate_evidence(frame)
        frame = _with_owners(frame, owners)
        dropped = _warnings(notes, year, when, missing)
        outside = []
        if when is not None and when.year != year:  # allowed (a later review), but said
            outside.append(
                f"评估日期 {when.isoformat()} 不在计划年度 {year} 年内，"
                f"{'年内数据都晚于该日期，不会被采用' if when.year < year else '按年末结果评分'}；"
                f"年中检查请用 {year} 年内的日期（如 {year}-06-30）。"
            )
        _warn_data(outside + dropped)  # figures left out without an error: a Python warning too
        warnings = dropped + boilerplate + _unchecked_baseline(baseline)
        overall = _overall(frame, policy, when, missing, outcomes, result_midyear)
        overall["warnings"] = list(warnings)
        sections = _sections(frame, section_meta, policy)
        return ScoreResult(
            targets=frame,
            sections=sections,
            groups=groups,
            overall=overall,
            policy=policy,
            year=year,
            as_of=when,
            missing=missing,
            plan_id=getattr(plan, "id", None),
            warnings=warnings,
            _section_meta=section_meta,
        )


def _annual_ratios(frame: pd.DataFrame, midyear: bool) -> pd.DataFrame:
    """完成率 (``ratio``) is always against the annual target; in a mid-year result the
    ratio against the time-proportional 序时进度目标 moves to ``schedule_ratio`` (进度完成率).

    Statuses and scores are unchanged: a mid-year judgement is still made on the schedule.
    """
    frame = frame.copy()
    frame["schedule_ratio"] = math.nan
    if not midyear or frame.empty:
        return frame
    grows = frame["kind"].map(lambda k: bool(getattr(get_kind(k), "grows", False)))
    target = pd.to_numeric(frame["target_value"], errors="coerce")
    expected = pd.to_numeric(frame["expected"], errors="coerce")
    actual = pd.to_numeric(frame["actual"], errors="coerce")
    pro = grows & expected.notna() & target.gt(0) & (expected - target).abs().gt(1e-9)
    frame.loc[pro, "schedule_ratio"] = pd.to_numeric(frame.loc[pro, "ratio"], errors="coerce")
    frame.loc[pro, "ratio"] = actual[pro] / target[pro]
    return frame


def _shown(value: Any) -> str:
    """A value as an error message echoes it: its type, or at most 80 characters."""
    if isinstance(value, pd.DataFrame):
        return f"表格（{len(value)} 行；列：{'、'.join(map(str, value.columns[:6]))}）"[:80]
    text = repr(value) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= 80 else text[:77] + "…"


def _is_plan(value: Any) -> bool:
    return isinstance(getattr(value, "targets", None), pd.DataFrame) and hasattr(value, "year")


def _check_arguments(plan: Any, outcomes: Any, baseline: Any, policy: Any, missing: Any) -> None:
    """The common mistakes in calling :func:`score`, as a Chinese message (UsageError)."""
    problems: list[Problem] = []
    if _is_plan(outcomes) and isinstance(plan, pd.DataFrame):
        raise UsageError(
            "score 的前两个参数顺序颠倒了：应先写计划，再写完成情况",
            [
                Problem(
                    None, None, "plan, outcomes", "score(完成情况, 计划)", "score(计划, 完成情况)"
                )
            ],
        )
    if hasattr(plan, "plan") and hasattr(plan, "inputs") and hasattr(plan, "result"):
        raise UsageError(
            "已经评好分了：load_run 返回的 run 中 run.result 就是评分结果",
            [Problem(None, None, "plan", "Run", "load_plan() 返回的计划；或直接使用 run.result")],
        )
    if not _is_plan(plan):
        problems.append(
            Problem(None, None, "plan", _shown(plan), "load_plan(计划文件夹) 返回的计划")
        )
    if not isinstance(outcomes, pd.DataFrame):
        problems.append(
            Problem(
                None,
                None,
                "outcomes",
                _shown(outcomes),
                "load_outcomes(文件, 计划) 读入的完成情况表（文件要先读入）",
            )
        )
    if baseline is not None and not isinstance(baseline, pd.DataFrame):
        problems.append(
            Problem(
                None,
                None,
                "baseline",
                _shown(baseline),
                "load_outcomes(基期文件, 计划) 读入的基期数据表，或不填",
            )
        )
    if policy is not None and not isinstance(policy, Policy):
        problems.append(
            Problem(
                None, None, "policy", _shown(policy), "load_policy(文件) 返回的评分规则，或不填"
            )
        )
    if not (isinstance(missing, str) and missing in ("exclude", "not_met")):
        problems.append(
            Problem(
                None,
                None,
                "missing",
                _shown(missing) if not isinstance(missing, str) else missing[:80],
                "exclude（默认：缺数据的目标不计入得分）或 not_met（缺数据按未完成、0 分计）",
            )
        )
    if problems:
        raise UsageError("score 的参数有误", problems)


def _judge_all(
    targets: pd.DataFrame,
    current: dict[str, dict[str, dict]],
    base_rows: dict[str, dict[str, dict]],
    policy: Policy,
    year: int,
    when: dt.date | None,
    missing: str,
    units: Any = None,
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """One result row per target, in plan order, and notes ``(reason, detail)`` for warnings."""
    judged = []
    notes: list[tuple[str, str]] = []
    result_midyear = when is not None and when < dt.date(year, 12, 31)
    for t in records(targets):
        tid = str(t["target_id"])
        deadline = _deadline(t.get("deadline"), year)
        # pro-rated only in a mid-year result and before the target's deadline
        midyear = result_midyear and when is not None and when < deadline
        rows = current.get(tid, {})
        cur = _pick_current(rows, year, when, deadline, midyear)
        data_date = _period_date(cur["period"]) if cur else None
        base_year = _int_or(t.get("baseline_year"), year - 1)
        base = base_rows.get(tid) or current.get(tid, {})
        base_row = base.get(str(base_year)) or base.get(f"{base_year}-12-31")
        base_mid = None
        if midyear and data_date is not None:
            base_mid = base.get(_shift_year(data_date, base_year - year).isoformat())
        ctx = _Ctx(policy, year, when, deadline, midyear, data_date, units)
        if not cur and not midyear and (interim := _interim_periods(rows, year, when)):
            out = _interim_only(interim, deadline, year)
            notes.append(("interim_only", interim[-1]))
        else:
            out = _judge(t, cur, base_row, base_mid, ctx)
        if base_row and math.isnan(_float(out.get("baseline"))):
            # a baseline-year value given for a target that is not judged against it:
            # kept as context (基期值), never part of the score
            out["baseline"] = _float(base_row.get("actual"))
        if midyear and data_date is not None and when is not None and data_date < when:
            out["rule"] = (
                f"数据截至 {data_date.isoformat()}（早于评估日期 {when.isoformat()}），"
                f"按数据日期计算序时进度；" + out["rule"]
            )
            out["reason"] = out.get("reason") or "stale_data"
            notes.append(("stale_data", data_date.isoformat()))
        if out.get("reason") == "missing_baseline":
            notes.append(("missing_baseline", str(base_year)))
        if result_midyear and not midyear and out["status"] in _YEAR_END_SHORT:
            # deadline passed before as_of: judged as final, shown in mid-year terms
            out["rule"] = (
                f"截止日期 {deadline.isoformat()} 已过，按年末规则为"
                f"“{STATUS_LABELS[out['status']]}”，年中评估记为进度滞后；" + out["rule"]
            )
            out["status"] = "behind"
        if missing == "not_met" and out["status"] in _UNSCORED:
            what = "未报送" if out["status"] == "no_data" else "无法评估"
            out["rule"] = f"{what}，按评分参数 missing=not_met 计为未完成（0 分）；" + out["rule"]
            out["status"], out["score"] = "not_met", 0.0
        out["flag"] = "；".join(_flags(t, cur, out, policy))
        row = {
            "target_id": tid,
            "section": t.get("section"),
            "section_name": t.get("section_name"),
            "title": t.get("title"),
            "kind": t.get("kind"),
            "strength": _text(t.get("strength")),
            "target_value": _float(t.get("target_value")),
            "unit": _text(t.get("unit")),
            "weight": _float(t.get("weight"), 1.0),
            "group": _text(t.get("group")),
            "period": cur.get("period") if cur else None,
            "evidence": _text(cur.get("evidence")) if cur else None,
            "cause": _text(cur.get("cause")) if cur else None,
            "remedy": _text(cur.get("remedy")) if cur else None,
            "reporting_office": _text(cur.get("office")) if cur else None,
        }
        row.update(out)
        judged.append(row)
    frame = pd.DataFrame(judged, columns=list(TARGET_RESULT_COLUMNS))
    for col in ("target_value", "actual", "baseline", "expected", "ratio", "score", "weight"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("float64")
    frame["status_label"] = frame["status"].map(STATUS_LABELS)
    relabel = (frame["status"] == "no_data") & frame["reason"].isin(
        ["missing_baseline", "interim_only"]
    )
    frame.loc[relabel, "status_label"] = frame.loc[relabel, "reason"].map(REASON_LABELS)
    return frame, notes


def _interim_periods(rows: Mapping[str, dict], year: int, when: dt.date | None) -> list[str]:
    """Periods of the plan year, up to ``when``, that hold a value (not usable as final)."""
    out = []
    for period, row in rows.items():
        d = _period_date(period)
        if d is None or d.year != year or (when is not None and d > when):
            continue
        if any(_text(row.get(k)) for k in ("actual", "stage", "rating")):
            out.append(period)
    return sorted(out)


def _interim_only(periods: list[str], deadline: dt.date, year: int) -> dict[str, Any]:
    """No final row, only earlier snapshots: left out, never scored as a final result."""
    if deadline == dt.date(year, 12, 31):
        need = f"年末（{year} 年）数据"
    else:
        need = f"截止日期 {deadline.isoformat()} 当日或之后的数据"
    rule = (
        f"只有 {'、'.join(periods)} 的阶段数据，没有{need}；阶段数据不能作为最终结果，"
        f"单项不计分（计入总分时保留分值、得 0 分）"
    )
    return _result("no_data", math.nan, rule, reason="interim_only")


def _warn_data(sentences: list[str]) -> None:
    """Each sentence on data left out, as a :class:`~gutang_analysis.errors.DataWarning`."""
    for sentence in sentences:
        pywarnings.warn(sentence, DataWarning, stacklevel=3)


def _unchecked_baseline(baseline: pd.DataFrame | None) -> list[str]:
    """A sentence when the baseline is a draft nobody has checked (``new``'s 原文上年实绩)."""
    if baseline is None or not baseline.attrs.get("unchecked"):
        return []
    name = str(baseline.attrs.get("source_file") or "基期数据文件").replace("\\", "/")
    return [
        f"基期数据（{name.rsplit('/', 1)[-1]}）是从计划原文自动摘录的草稿，尚未核对：同比方向类"
        "目标的结论依赖这些数字。请逐行核对口径、单位与对应指标，无误后删除文件开头含"
        "“尚未核对”的说明行。"
    ]


def _warnings(
    notes: list[tuple[str, str]], year: int, when: dt.date | None, missing: str
) -> list[str]:
    """Chinese sentences on targets left out or read from older data."""
    left_out = "计为未完成、0 分" if missing == "not_met" else "未计入得分"
    out = []
    by: dict[str, dict[str, int]] = {}
    for reason, detail in notes:
        per = by.setdefault(reason, {})
        per[detail] = per.get(detail, 0) + 1
    for base_year, n in sorted(by.get("missing_baseline", {}).items()):
        out.append(
            f"{n} 项同比方向目标缺少 {base_year} 年基期数据，{left_out}；"
            f"请在计划文件夹 outcomes 中放入 {base_year} 年的文件"
            "（或用 --baseline 指定；Python 中 score(…, baseline=…)）。"
        )
    interim = by.get("interim_only", {})
    if interim:
        n, dates = sum(interim.values()), "、".join(sorted(interim))
        if when is None or when >= dt.date(year, 12, 31):
            out.append(
                f"{n} 项指标只有 {dates} 的阶段数据、没有 {year} 年年末数据，"
                f"阶段数据不能作为年末结果，{left_out}；请提供年末完成情况。"
            )
        else:
            out.append(
                f"{n} 项指标截止日期已过，但只有截止日期之前（{dates}）的数据，"
                f"不能作为最终结果，{left_out}；请提供截止日期之后的完成情况。"
            )
    if when is not None:
        for period, n in sorted(by.get("stale_data", {}).items()):
            out.append(
                f"{n} 项指标的数据截至 {period}（早于评估日期 {when.isoformat()}），"
                f"序时进度按数据日期计算；如有更新的数据，请补充后重新评估。"
            )
    return out


def official_weights(frame: pd.DataFrame, policy: Policy) -> pd.Series:
    """Each target's share of the official total (its 分值 / 100); the shares sum to 1.

    The base is ``effective_weight`` (section weight × share within the section). With
    ``self_evaluation.layout: finance`` each 一级指标 first gets its ``points`` share (over
    the 一级指标 that have targets) and passes it on by ``effective_weight``. With
    ``score.total: scored`` only targets with a score have a share. The self-evaluation
    form's 分值 are exactly these shares × 100, so its SUM formulas give the total.

    Examples
    --------
    >>> import pandas as pd
    >>> from gutang_analysis.policy import load_policy
    >>> f = pd.DataFrame({"target_id": ["a", "b"], "section": ["s", "s"], "kind": ["rate"] * 2,
    ...     "title": ["甲", "乙"], "effective_weight": [0.5, 0.5], "score": [100.0, float("nan")]})
    >>> official_weights(f, load_policy()).tolist()
    [0.5, 0.5]
    >>> official_weights(f, load_policy().with_(score={"total": "scored"})).tolist()
    [1.0, 0.0]
    """
    if frame.empty:
        return pd.Series(dtype="float64", index=frame.index)
    w = pd.to_numeric(frame["effective_weight"], errors="coerce").fillna(0.0).clip(lower=0.0)
    if policy.score.total == "scored":
        w = w.where(pd.to_numeric(frame["score"], errors="coerce").notna(), 0.0)
    block = policy.self_evaluation
    if block.layout == "finance" and w.sum() > 0:
        level1 = pd.Series(
            [
                block.finance_place(r.target_id, r.section, r.kind, r.title)[0]
                for r in frame[["target_id", "section", "kind", "title"]].itertuples()
            ],
            index=frame.index,
        )
        within = w.groupby(level1).transform("sum")
        present = [g for g in dict.fromkeys(level1) if float(w[level1 == g].sum()) > 0]
        shares = {g: float(block.points.get(g, 0.0)) for g in present}
        if sum(shares.values()) <= 0:
            shares = {g: float(w[level1 == g].sum()) for g in present}
        whole = sum(shares.values())
        share = level1.map(lambda g: shares.get(g, 0.0) / whole).astype("float64")
        w = (share * w / within.where(within > 0)).fillna(0.0)
    total = float(w.sum())
    return (w / total if total > 0 else w * 0.0).astype("float64")


def official_total(scores: pd.Series, weights: pd.Series) -> float:
    """The official total: Σ share × min(score, 100), a target without a score earning 0.

    ``weights`` are shares of the whole (:func:`official_weights`); the result is on the
    百分制 scale, rounded to 0.01 (the precision of the self-evaluation form), and never
    above 100. NaN when no target has a share.

    Examples
    --------
    >>> import pandas as pd
    >>> official_total(pd.Series([110.0, 80.0, float("nan")]), pd.Series([0.4, 0.4, 0.2]))
    72.0
    """
    w = pd.to_numeric(weights, errors="coerce").fillna(0.0)
    if float(w.sum()) <= 0:
        return math.nan
    s = pd.to_numeric(scores, errors="coerce").clip(lower=0.0, upper=100.0).fillna(0.0)
    return round(float((s * w).sum()), 2)


def _official_grade(
    value: float, coverage: float, frame: pd.DataFrame, policy: Policy
) -> tuple[str | None, list]:
    """The grade of the official total: under ``form`` given whenever something was
    scored (a missing figure already costs its points); under ``scored`` withheld below
    ``coverage.min_share``."""
    if value is None or math.isnan(value) or coverage <= 0:
        return None, _veto_cap(None, frame, policy)[1]
    if policy.score.total == "scored" and coverage < policy.coverage.min_share:
        return _veto_cap(None, frame, policy)
    return _veto_cap(policy.grade(value), frame, policy)


def _overall(
    frame: pd.DataFrame,
    policy: Policy,
    when: dt.date | None,
    missing: str,
    outcomes: Any,
    result_midyear: bool,
) -> dict[str, Any]:
    """The official total and grade, coverage, and the other readings under their names."""
    agg = _aggregate(frame["score"], frame["status"], frame["effective_weight"])
    total = official_total(frame["score"], frame["official_weight"])
    grade, veto_failed = _official_grade(total, agg["coverage"], frame, policy)
    conservative_grade = _veto_cap(_grade(agg["conservative_score"], 1.0, policy), frame, policy)[0]
    counts = {s: int((frame["status"] == s).sum()) for s in STATUS_ORDER}
    capped = frame["score"].clip(upper=100.0)
    over = (frame["score"].clip(upper=policy.score.cap) - capped).fillna(0.0)
    short = frame["status"].isin(_SHORT | _UNSCORED)
    lacking = ~(frame["cause"].map(_filled) & frame["remedy"].map(_filled))
    return {
        "score": total,
        "grade": grade,
        "total_rule": policy.score.total,
        "grade_note": _grade_note(agg, grade, veto_failed, policy),
        "scored_mean": _aggregate(capped, frame["status"], frame["effective_weight"])["score"],
        "bonus_points": round(float((over * frame["official_weight"]).sum()), 2),
        "unexplained": frame.loc[short & lacking, "target_id"].tolist(),
        "coverage": agg["coverage"],
        "min_coverage": policy.coverage.min_share,
        "n_targets": len(frame),
        "n_scored": int(frame["score"].notna().sum()),
        "counts": {s: n for s, n in counts.items() if n},
        "no_data": frame.loc[frame["status"] == "no_data", "target_id"].tolist(),
        "not_assessable": frame.loc[frame["status"] == "not_assessable", "target_id"].tolist(),
        "conservative_score": agg["conservative_score"],
        "conservative_grade": conservative_grade,
        "veto_failed": veto_failed,
        "midyear": result_midyear,
        "as_of": when,
        "missing": missing,
        "illustrative": bool(getattr(outcomes, "attrs", {}).get("illustrative", False)),
        "policy": f"{policy.name}（{policy.version}）",
    }


# --------------------------------------------------------------------------- inputs


def _filled(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def _float(value: Any, default: float = math.nan) -> float:
    if value is None or value is pd.NA or isinstance(value, bool):
        return default
    try:
        f = float(value)
    except (TypeError, ValueError):
        return default
    return default if math.isnan(f) else f


def _int_or(value: Any, default: int) -> int:
    f = _float(value)
    return default if math.isnan(f) else int(f)


def _as_date(value: Any) -> dt.date | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
        if value.strip().isdigit() and len(value.strip()) == 4:
            return dt.date(int(value), 12, 31)
    raise ValueError(f"as_of must be a date or 'YYYY-MM-DD', got {value!r}")


@lru_cache(maxsize=4096)  # a few periods, read for every target
def _period_date(period: str) -> dt.date | None:
    """``"2022"`` → 2022-12-31; ``"2022-06-30"`` → that date; else None."""
    p = period.strip()
    if len(p) == 4 and p.isdigit():
        return dt.date(int(p), 12, 31)
    try:
        return dt.date.fromisoformat(p)
    except ValueError:
        return None


def _deadline(value: Any, year: int) -> dt.date:
    d = None
    try:
        d = _as_date(value) if not (isinstance(value, float) and math.isnan(value)) else None
    except ValueError:
        d = None
    return d or dt.date(year, 12, 31)


def _shift_year(d: dt.date, years: int) -> dt.date:
    y = d.year + years
    day = min(d.day, calendar.monthrange(y, d.month)[1])
    return dt.date(y, d.month, day)


def _index_rows(frame: pd.DataFrame | None) -> dict[str, dict[str, dict]]:
    """``{target_id: {period: row}}`` of a frame already checked by :func:`_check_inputs`."""
    if frame is None:
        return {}
    out: dict[str, dict[str, dict]] = {}
    for row in records(frame):
        tid, period = _text(row.get("target_id")), _text(row.get("period"))
        if tid is not None and period is not None:
            row["period"] = period  # a new dict per row: changed in place
            out.setdefault(tid, {})[period] = row
    return out


_AS_OF_EXPECTED = "评估日期，写作 YYYY-MM-DD（如 {year}-06-30）或年份（如 {year}）"


def _check_inputs(
    targets: pd.DataFrame, outcomes: Any, baseline: Any, as_of: Any, year: int = 2000
) -> dt.date | None:
    """Parse ``as_of`` and check both frames; raise one OutcomesError listing everything."""
    problems: list[Problem] = []
    when = None
    try:
        when = _as_date(as_of)
    except (ValueError, TypeError):
        problems.append(Problem(None, None, "as_of", as_of, _AS_OF_EXPECTED.format(year=year)))
    known = set(targets["target_id"].astype(str).tolist())
    problems += _frame_problems(outcomes, "完成情况数据", known, year)
    if baseline is not None:
        problems += _frame_problems(baseline, "基期数据", known, year)
    if problems:
        raise OutcomesError(f"评分输入有 {len(problems)} 处问题，请逐一修改后重试", problems)
    return when


def _frame_problems(frame: Any, what: str, known: set[str], year: int = 2000) -> list[Problem]:
    """Every problem in an outcomes-shaped frame (``load_outcomes`` output has none)."""
    if not isinstance(frame, pd.DataFrame):
        return [
            Problem(what, None, None, type(frame).__name__, "pandas 表格（load_outcomes 的结果）")
        ]
    source = str(frame.attrs.get("source_file") or what)
    lacking = [c for c in ("target_id", "period") if c not in frame.columns]
    if lacking:
        return [Problem(source, None, c, None, "含 target_id 与 period 列的表") for c in lacking]
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()
    periods: dict[str, bool] = {}  # period text -> whether it is a year or a date
    stages, ratings = set(STAGES), set(RATINGS)
    # plain column lists, not a record per row: seconds on 100,000 rows
    names = ("target_id", "period", "row", "actual", "stage", "rating", "peers", "date")
    for i, (raw_id, raw_period, row_no, actual, stage, rating, peers, date) in enumerate(
        zip(*(column(frame, name) for name in names), strict=True)
    ):
        tid, period = _text(raw_id), _text(raw_period)
        found: list[tuple[str, Any, str]] = []
        if tid is None:
            found.append(("target_id", None, "计划中的指标编号"))
        elif tid not in known:
            found.append(("target_id", tid, "计划中的指标编号"))
        ok_period = None if period is None else periods.get(period)
        if ok_period is None and period is not None:
            ok_period = periods[period] = _period_date(period) is not None
        if not ok_period:
            found.append(("period", period, f"报告期：年份（如 {year}）或日期（如 {year}-06-30）"))
        elif tid is not None:
            if (tid, period) in seen:
                found.append(("period", period, f"指标 {tid} 每个报告期只填一行"))
            seen.add((tid, period))
        if not _missing(actual) and (isinstance(actual, bool) or math.isnan(_float(actual))):
            found.append(
                (
                    "actual",
                    actual,
                    "按计量单位填写的数字（如 210）；带单位的写法请用 load_outcomes 读入换算",
                )
            )
        for key, value, allowed, listed in (
            ("stage", stage, stages, STAGES),
            ("rating", rating, ratings, RATINGS),
        ):
            if value is not None:
                value = _text(value)
                if value is not None and value not in allowed:
                    found.append((key, value, "以下之一：" + "、".join(listed)))
        if not _missing(peers) and not _float(peers) >= 1:
            found.append(("peers", peers, "参评单位数（不小于 1 的整数）"))
        if not _missing(date):
            try:
                ok = _as_date(date) is not None
            except (ValueError, TypeError):
                ok = False
            if not ok:
                found.append(("date", date, f"完成日期，写作 YYYY-MM-DD（如 {year}-12-20）"))
        if found:
            if _text(row_no):
                where = f"第 {row_no} 行"
            else:
                where = f"第 {i + 1} 条记录" + (f"（指标 {tid}）" if tid else "")
            problems.extend(Problem(source, where, *problem) for problem in found)
    return problems


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _pick_current(
    rows: Mapping[str, dict], year: int, when: dt.date | None, deadline: dt.date, midyear: bool
) -> dict:
    """The row to judge a target by.

    Mid-year (``midyear``): the latest row of the plan year dated on or before ``when``.
    Final: only a year-end row (period ``"2022"``) or one dated on or after the deadline
    (and not after ``when``); earlier snapshots are never final results.
    """
    dated = []
    for period, row in rows.items():
        d = _period_date(period)
        if d is None or d.year != year or (when is not None and d > when):
            continue
        if not midyear and not (period == str(year) or d >= deadline):
            continue
        dated.append((d, len(period), row))
    if not dated:
        return {}
    return max(dated, key=lambda x: (x[0], x[1]))[2]


def _section_meta(plan: Any) -> pd.DataFrame:
    sections = getattr(plan, "sections", None)
    if isinstance(sections, pd.DataFrame) and "section" in sections:
        meta = sections.copy()
        if "name" not in meta:
            meta["name"] = meta["section"]
        if "order" not in meta:
            meta["order"] = range(len(meta))
        return meta[["section", "name", "order"]].reset_index(drop=True)
    t = plan.targets
    ids = list(dict.fromkeys(t["section"].tolist()))
    names = (
        dict(zip(t["section"], t["section_name"], strict=False))
        if "section_name" in t
        else {s: s for s in ids}
    )
    return pd.DataFrame({"section": ids, "name": [names[s] for s in ids], "order": range(len(ids))})


# --------------------------------------------------------------------------- judging


@dataclass(slots=True)  # one per target: a frozen one costs more to make
class _Ctx:
    policy: Policy
    year: int
    when: dt.date | None
    deadline: dt.date
    midyear: bool
    data_date: dt.date | None = None
    units: Any = None  # the plan's unit registry (package units plus the plan folder's own)

    @property
    def share(self) -> float:
        """Elapsed share of the period up to the deadline at the data's own date (months)."""
        at = self.data_date or self.when
        if not self.midyear or at is None:
            return 1.0
        return min(1.0, _months(at, self.year) / _months(self.deadline, self.year))


def _months(d: dt.date, year: int) -> float:
    """Months elapsed from 1 January of ``year`` to the end of day ``d``."""
    dim = calendar.monthrange(d.year, d.month)[1]
    return (d.year - year) * 12 + d.month - 1 + d.day / dim


def _fmt(x: float) -> str:
    if x is None or math.isnan(x):
        return "—"
    if math.isinf(x):
        return "∞"
    return f"{x:,.4f}".rstrip("0").rstrip(".") if abs(x) < 1e15 else f"{x:.3g}"


def _pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def _result(status: str, score: float, rule: str, **extra: Any) -> dict[str, Any]:
    out = {
        "status": status,
        "score": score,
        "rule": rule,
        "actual": math.nan,
        "baseline": math.nan,
        "expected": math.nan,
        "ratio": math.nan,
        "reason": None,
    }
    out.update(extra)
    return out


def _ratio_grade(
    ratio: float, met_bar: float, policy: Policy, *, bonus: bool, midyear: bool
) -> tuple[str, float]:
    """Status and score for an attainment ratio (1 = target reached).

    score = 100 × ratio, within [0, cap] (or [0, 100] without the over-achievement
    bonus): the points follow the written commitment, so a target below 100 % of it never
    earns full points. The strength's met line (力争/争创 90 %) decides only the status: a
    stretch target at or above its line is 完成 but still earns 100 × ratio.

    Examples
    --------
    >>> from gutang_analysis.policy import load_policy
    >>> _ratio_grade(0.923, 0.9, load_policy(), bonus=True, midyear=False)
    ('met', 92.30000000000001)
    """
    b = policy.status_bands
    cap = policy.score.cap if bonus else 100.0
    raw = 100.0 * ratio
    value = float(min(max(raw, 0.0), cap))
    a = ratio / met_bar
    if midyear:
        return ("on_track" if a >= policy.midyear.on_track_ratio else "behind"), value
    if ratio >= b.exceeded:
        return "exceeded", value
    if ratio >= met_bar:
        return "met", value
    if a >= b.nearly_met:
        return "nearly_met", value
    if a >= b.partial:
        return "partial", value
    return "not_met", value


def _strength_note(t: Mapping, policy: Policy) -> tuple[float, str]:
    s = _text(t.get("strength"))
    rule = policy.strength_rule(s)
    if rule.met_ratio < 1.0:
        return rule.met_ratio, f"{s or '未注明'}类完成线 {_pct(rule.met_ratio)}"
    return rule.met_ratio, ""


def _judge(t: Mapping, cur: Mapping, base: Mapping | None, base_mid: Mapping | None, ctx: _Ctx):
    spec = get_kind(t.get("kind"))
    judge = _JUDGES.get(spec.judge) if spec is not None else None
    if judge is None:
        return _result("not_assessable", math.nan, f"未知的指标类型“{t.get('kind')}”，无法评估")
    return judge(t, cur, base, base_mid, ctx)


def _judge_rate(t, cur, base, base_mid, ctx):
    comparator = _text(t.get("comparator"))
    if comparator == "<=":
        return _judge_at_most(t, cur, base, base_mid, ctx, label="比率类（不高于）")
    if comparator == "=":
        return _judge_at_least(t, cur, base, base_mid, ctx, bonus=False, label="比率类（等于）")
    return _judge_at_least(t, cur, base, base_mid, ctx, label="比率类")


def _judge_growth(t, cur, base, base_mid, ctx):
    """A growth rate (增长6%以上) against the growth the office reports, in percent.

    A negative reported growth is a valid value: its ratio is below zero and it scores 0.
    With ``>`` (正增长, 增长超过N%) a bar of zero or less must be passed, not reached: a
    reported growth equal to it is not met; above a positive bar it is judged as ``>=``
    (the difference is below the precision figures are reported to).
    """
    comparator = _text(t.get("comparator"))
    if comparator == "~":
        return _judge_about(t, cur, base, base_mid, ctx)
    target = _float(t.get("target_value"))
    actual = _float(cur.get("actual")) if cur else math.nan
    if comparator != ">" or math.isnan(target) or math.isnan(actual) or target > 0:
        return _judge_at_least(t, cur, base, base_mid, ctx, label="增速类")
    ok = actual > target
    status = ("on_track" if ok else "behind") if ctx.midyear else ("met" if ok else "not_met")
    bar = "正增长" if target == 0 else f"增长超过 {_fmt(target)}%"
    rule = f"增速类：要求{bar}，完成 {_fmt(actual)}%，" + ("已达到" if ok else "未达到，得 0 分")
    return _result(status, 100.0 if ok else 0.0, rule, actual=actual)


def _no_data(what: str = "完成值") -> dict[str, Any]:
    return _result("no_data", math.nan, f"未报送{what}，单项不计分（计入总分时保留分值、得 0 分）")


_LEVEL_FAMILIES = frozenset({"percent", "concentration", "rank"})


def _annual(t: Mapping, units: Any = None) -> bool:
    """Whether a target is a flow over the year (pro-rated mid-year) rather than a level."""
    if t.get("kind") == "rate":
        return False
    unit = _text(t.get("unit"))
    units = units or load_units()
    if unit and units.known(unit) and units.family(unit) in _LEVEL_FAMILIES:
        return False  # a rate, concentration or rank is a level, not a flow: never pro-rated
    value = t.get("annual")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return bool(value)


def _is_count(t: Mapping, units: Any = None) -> bool:
    """Whether a target counts indivisible things (unit family ``count``: 个, 家, 名 …)."""
    unit = _text(t.get("unit"))
    units = units or load_units()
    return bool(unit) and units.known(unit) and units.family(unit) == "count"


def _expected(t: Mapping, target: float, ctx: _Ctx, *, upper: bool = False) -> tuple[float, str]:
    """The value expected by the data's date: the target, or its time share mid-year.

    Counts of indivisible things are rounded to whole units: a floor for a minimum
    (完成1个 expects 0 at 30 June, 3家 expects 1), a ceiling for a maximum (``upper``).
    """
    if not ctx.midyear:
        return target, ""
    if not _annual(t, ctx.units):
        return target, "存量/比率类指标，年中按全年目标衡量"
    raw = target * ctx.share
    text = f"{_fmt(target)} × {_pct(ctx.share)}"
    if _is_count(t, ctx.units) and abs(raw - round(raw)) > 1e-9:
        e = float(math.ceil(raw - 1e-9) if upper else math.floor(raw + 1e-9))
        how = "向上取整" if upper else "向下取整"
        return e, f"序时进度目标 = {text} = {_fmt(raw)}，计数类{how}为 {_fmt(e)}"
    return raw, f"序时进度目标 = {text} = {_fmt(raw)}"


def _judge_at_least(t, cur, base, base_mid, ctx, *, bonus: bool = True, label: str = "不低于类"):
    target = _float(t.get("target_value"))
    actual = _float(cur.get("actual")) if cur else math.nan
    if math.isnan(target):
        return _result("not_assessable", math.nan, f"{label}：缺少目标值，无法评估")
    if math.isnan(actual):
        return _no_data()
    met_bar, snote = _strength_note(t, ctx.policy)
    if target == 0:
        ok = actual >= 0
        status = ("on_track" if ok else "behind") if ctx.midyear else ("met" if ok else "not_met")
        return _result(
            status,
            100.0 if ok else 0.0,
            f"{label}：目标值为 0，完成值不低于 0 即为完成（目标为 0 时不计算完成率）",
            actual=actual,
        )
    full_ratio = actual / target
    expected, enote = _expected(t, target, ctx)
    if ctx.midyear and _annual(t, ctx.units) and full_ratio >= met_bar:
        # a flow that already reached the year's target has been achieved
        status, value = _ratio_grade(full_ratio, met_bar, ctx.policy, bonus=bonus, midyear=False)
        rule = f"{label}：年中已达到全年目标，完成率 {_pct(full_ratio)}"
        if enote:
            rule += f"（{enote}）"
        return _result(status, value, rule, actual=actual, ratio=full_ratio, expected=expected)
    if expected <= 0:
        # a count whose mid-year share rounds down to 0 (完成1个 at 30 June)
        return _result(
            "on_track",
            100.0,
            f"{label}：{enote}，尚未到必须完成的时点，完成值 {_fmt(actual)}，进度正常，得分 100",
            actual=actual,
            expected=expected,
        )
    ratio = actual / expected
    status, value = _ratio_grade(ratio, met_bar, ctx.policy, bonus=bonus, midyear=ctx.midyear)
    on_schedule = ctx.midyear and _annual(t, ctx.units)
    base_txt = "序时进度目标" if on_schedule else "目标值"
    word = COLUMN_LABELS["schedule_ratio"] if on_schedule else COLUMN_LABELS["ratio"]
    parts = [
        f"{label}：{word} = 完成值 {_fmt(actual)} ÷ {base_txt} {_fmt(expected)} = {_pct(ratio)}"
    ]
    if enote:
        parts.append(enote)
    if snote:
        parts.append(snote)
    parts.append(_score_text(ratio, met_bar, value, bonus, ctx.policy))
    return _result(status, value, "；".join(parts), actual=actual, ratio=ratio, expected=expected)


def _score_text(ratio: float, met_bar: float, value: float, bonus: bool, policy: Policy) -> str:
    if ratio > 1.0:
        if not bonus:
            return "得分 100（超出部分不加分）"
        if value >= policy.score.cap:
            return f"得分 {_fmt(round(value, 1))}（已达单项上限 {_fmt(policy.score.cap)}）"
        return f"得分 = 100 × {_pct(ratio)} = {_fmt(round(value, 1))}"
    if ratio >= 1.0:
        return "得分 100"
    if ratio >= met_bar:
        return (
            f"达到完成线，状态为完成；得分按完成率折算 = 100 × {_pct(ratio)} = "
            f"{_fmt(round(value, 1))}（未达 100% 不得满分）"
        )
    return f"得分 = 100 × {_pct(ratio)} = {_fmt(round(value, 1))}"


def _judge_exact(t, cur, base, base_mid, ctx):
    return _judge_at_least(t, cur, base, base_mid, ctx, bonus=False, label="确数类")


def _judge_about(t, cur, base, base_mid, ctx):
    target = _float(t.get("target_value"))
    actual = _float(cur.get("actual")) if cur else math.nan
    if math.isnan(target) or target == 0:
        return _result("not_assessable", math.nan, "左右类：缺少非零目标值，无法评估")
    if math.isnan(actual):
        return _no_data()
    tol = _float(t.get("tolerance"))
    tol_src = "计划"
    if math.isnan(tol):
        tol, tol_src = ctx.policy.about.default_tolerance, "评分规则"
    expected, enote = _expected(t, target, ctx)
    if expected <= 0:
        return _result(
            "on_track",
            100.0,
            f"左右类：{enote}，尚未到必须完成的时点，完成值 {_fmt(actual)}，进度正常，得分 100",
            actual=actual,
            expected=expected,
        )
    lower, upper = expected * (1 - tol), expected * (1 + tol)
    ratio = actual / expected
    band = f"容差 ±{_pct(tol)}（{tol_src}），完成区间 {_fmt(lower)}–{_fmt(upper)}"
    pre = f"左右类：完成值 {_fmt(actual)}，{band}" + (f"；{enote}" if enote else "")
    extra = {"actual": actual, "ratio": ratio, "expected": expected}
    if lower <= actual <= upper:
        status = "on_track" if ctx.midyear else "met"
        return _result(status, 100.0, pre + "；在区间内，得分 100", **extra)
    if actual > upper:
        status = "on_track" if ctx.midyear else "exceeded"
        return _result(status, 100.0, pre + "；高于区间，超出部分不加分，得分 100", **extra)
    met_bar, snote = _strength_note(t, ctx.policy)
    r = actual / lower
    status, value = _ratio_grade(r, met_bar, ctx.policy, bonus=False, midyear=ctx.midyear)
    rule = f"{pre}；低于区间下限，按 {_fmt(actual)} ÷ {_fmt(lower)} = {_pct(r)} 计"
    if snote:
        rule += f"；{snote}"
    rule += f"，得分 {_fmt(round(value, 1))}"
    return _result(status, value, rule, **extra)


def _judge_at_most(t, cur, base, base_mid, ctx, *, label: str = "不高于类"):
    target = _float(t.get("target_value"))
    actual = _float(cur.get("actual")) if cur else math.nan
    if math.isnan(target):
        return _result("not_assessable", math.nan, f"{label}：缺少目标值，无法评估")
    if target == 0:
        return _judge_zero(t, cur, base, base_mid, ctx)
    if math.isnan(actual):
        return _no_data()
    cap = ctx.policy.score.cap
    if ctx.midyear and _annual(t, ctx.units) and actual > target:
        return _result(
            "behind",
            0.0,
            f"{label}（反向指标）：年中累计 {_fmt(actual)} 已超过全年上限 {_fmt(target)}，"
            f"全年目标已无法完成，得分 0",
            actual=actual,
            expected=target,
        )
    expected, enote = _expected(t, target, ctx, upper=True)
    if actual <= 0:
        status = "on_track" if ctx.midyear else "exceeded"
        return _result(
            status,
            cap,
            f"{label}（反向指标）：完成值 {_fmt(actual)}，低于上限 {_fmt(expected)}"
            f"（完成值为 0 时不计算完成率），得分按上限 {_fmt(cap)}",
            actual=actual,
            expected=expected,
        )
    ratio = expected / actual
    met_bar, snote = _strength_note(t, ctx.policy)
    status, value = _ratio_grade(ratio, met_bar, ctx.policy, bonus=True, midyear=ctx.midyear)
    on_schedule = ctx.midyear and _annual(t, ctx.units)
    word = COLUMN_LABELS["schedule_ratio"] if on_schedule else COLUMN_LABELS["ratio"]
    base_txt = "序时进度目标" if on_schedule else "目标值"
    parts = [
        f"{label}（反向指标，财预〔2020〕10号）：{word} = {base_txt} {_fmt(expected)} ÷ "
        f"完成值 {_fmt(actual)} = {_pct(ratio)}"
    ]
    if enote:
        parts.append(enote)
    if snote:
        parts.append(snote)
    parts.append(_score_text(ratio, met_bar, value, True, ctx.policy))
    return _result(status, value, "；".join(parts), actual=actual, ratio=ratio, expected=expected)


def _judge_zero(t, cur, base, base_mid, ctx):
    actual = _float(cur.get("actual")) if cur else math.nan
    if math.isnan(actual):
        return _no_data()
    b = _float(base.get("actual")) if base else math.nan
    btxt = f"（上年 {_fmt(b)}）" if not math.isnan(b) else ""
    if actual <= 0:
        status = "on_track" if ctx.midyear else "met"
        return _result(
            status,
            100.0,
            f"清零类：完成值为 0{btxt}，已清零，得分 100（目标为 0，不计算完成率）",
            actual=actual,
            baseline=b,
            expected=0.0,
        )
    status = "behind" if ctx.midyear else "not_met"
    return _result(
        status,
        0.0,
        f"清零类：仍有 {_fmt(actual)}{btxt}，未清零，得分 0（只有为 0 才算完成）",
        actual=actual,
        baseline=b,
        expected=0.0,
    )


def _judge_milestone(t, cur, base, base_mid, ctx):
    m = ctx.policy.milestone
    stage = _text(cur.get("stage")) if cur else None
    required = _text(t.get("required_stage")) or "已完成"
    if stage is None:
        return _no_data("所处阶段")
    if required not in STAGES:  # plans built by hand; load_plan checks this
        return _result(
            "not_assessable",
            math.nan,
            f"节点类：要求阶段“{required}”无法识别，应为" + "、".join(STAGES),
        )
    got, need = STAGES.index(stage), STAGES.index(required)
    reached_on = _as_date_or_none(cur.get("date"))
    head = f"节点类：要求 {ctx.deadline.isoformat()} 前达到“{required}”，报送阶段“{stage}”"
    if got >= need:
        if reached_on is not None and reached_on > ctx.deadline:
            return _result(
                "nearly_met",
                m.late_score,
                f"{head}，达到日期 {reached_on.isoformat()} 晚于截止日期，"
                f"得分 {_fmt(m.late_score)}",
            )
        status = "exceeded" if got > need else "met"
        return _result(status, 100.0, f"{head}，已达到，得分 100")
    if ctx.midyear:
        if got == 0:
            return _result(
                "behind", m.not_started_score, f"{head}，尚未启动，得分 {_fmt(m.not_started_score)}"
            )
        return _result("on_track", 100.0, f"{head}，截止日期未到且在推进，得分 100")
    if got == 0:
        return _result(
            "not_met", m.not_started_score, f"{head}，未启动，得分 {_fmt(m.not_started_score)}"
        )
    return _result(
        "partial",
        m.in_progress_score,
        f"{head}，已启动未达到，得分 {_fmt(m.in_progress_score)}",
    )


def _as_date_or_none(value: Any) -> dt.date | None:
    try:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return _as_date(value)
    except (ValueError, TypeError):
        return None


def _judge_direction(t, cur, base, base_mid, ctx):
    actual = _float(cur.get("actual")) if cur else math.nan
    direction = _text(t.get("direction")) or (
        "increase" if t.get("comparator") == ">" else "decrease"
    )
    word = "下降" if direction == "decrease" else "上升"
    base_year = _int_or(t.get("baseline_year"), ctx.year - 1)
    if math.isnan(actual):
        return _no_data()
    b = _float(base.get("actual")) if base else math.nan
    compare_to, how = b, f"{base_year} 年 {_fmt(b)}"
    if ctx.midyear:
        bm = _float(base_mid.get("actual")) if base_mid else math.nan
        if not math.isnan(bm):
            compare_to, how = bm, f"{base_year} 年同期 {_fmt(bm)}"
        elif not math.isnan(b) and _annual(t, ctx.units):
            compare_to = b * ctx.share
            how = f"{base_year} 年全年 {_fmt(b)} × {_pct(ctx.share)} = {_fmt(compare_to)}"
    if math.isnan(compare_to):
        return _result(
            "no_data",
            math.nan,
            f"同比方向类（要求{word}）：完成值 {_fmt(actual)} 已报送，但缺少基期（{base_year} 年）"
            f"数值，无法比较，单项不计分（计入总分时保留分值、得 0 分）；请提供基期数据",
            actual=actual,
            reason="missing_baseline",
        )
    change = (actual - compare_to) / abs(compare_to) if compare_to != 0 else math.nan
    ok = actual < compare_to if direction == "decrease" else actual > compare_to
    delta = f"，变化 {_pct(change)}" if not math.isnan(change) else ""
    head = f"同比方向类（要求{word}）：完成值 {_fmt(actual)}，基期 {how}{delta}"
    extra = {"actual": actual, "baseline": b, "expected": compare_to}
    if ok:
        return _result(
            "on_track" if ctx.midyear else "met", 100.0, f"{head}，已{word}，得分 100", **extra
        )
    return _result(
        "behind" if ctx.midyear else "not_met", 0.0, f"{head}，未{word}，得分 0", **extra
    )


def _judge_rank(t, cur, base, base_mid, ctx):
    rank = _float(cur.get("actual")) if cur else math.nan
    peers = _float(cur.get("peers")) if cur else math.nan
    scope = _text(t.get("rank_peers")) or "参评单位"
    if math.isnan(rank) or rank < 1:
        return _result("not_assessable", math.nan, f"排名类：未提供{scope}排名，无法评估")
    n = _float(t.get("target_value"))
    if math.isnan(n):
        if math.isnan(peers):
            return _result(
                "not_assessable",
                math.nan,
                f"排名类：第 {_fmt(rank)} 名，但未提供参评单位数，无法判断是否位于前列",
                actual=rank,
            )
        d = ctx.policy.rank.front_divisor
        n = max(1.0, float(int(peers) // d))
        need = f"前列 = {scope} {_fmt(peers)} 个单位的前 1/{d}，即前 {_fmt(n)} 名"
    else:
        need = f"要求前 {_fmt(n)} 名"
    of = f"（共 {_fmt(peers)} 个）" if not math.isnan(peers) else ""
    head = f"排名类：{scope}第 {_fmt(rank)} 名{of}，{need}"
    ratio = n / rank
    met_bar, _ = _strength_note(t, ctx.policy)
    status, value = _ratio_grade(ratio, met_bar, ctx.policy, bonus=False, midyear=ctx.midyear)
    if rank <= n:
        rule = f"{head}，已达到，得分 100"
    else:
        rule = (
            f"{head}；完成率（反向）= {_fmt(n)} ÷ {_fmt(rank)} = {_pct(ratio)}，"
            f"得分 {_fmt(round(value, 1))}"
        )
    return _result(status, value, rule, actual=rank, ratio=ratio)


_RATING_STATUS = dict(zip(RATINGS, ("met", "nearly_met", "partial", "not_met"), strict=True))


def _judge_qualitative(t, cur, base, base_mid, ctx):
    q = ctx.policy.qualitative
    rating = _text(cur.get("rating")) if cur else None
    if rating is None:
        return _no_data("评定档次")
    status, value = _RATING_STATUS[rating], float(q.ratings[rating])
    rule = f"定性类：评定为“{rating}”，得分 {_fmt(value)}"
    if q.require_evidence and _text(cur.get("evidence")) is None and value > q.no_evidence_cap:
        value = float(q.no_evidence_cap)
        status = "partial" if status in ("met", "nearly_met") else status
        rule += f"；未提供佐证材料，得分按上限 {_fmt(value)} 计"
    if ctx.midyear:
        status = "on_track" if status in ("met", "nearly_met") else "behind"
    return _result(status, value, rule)


#: Judges by name: ``kinds.Kind.judge`` names the one each kind uses.
_JUDGES = {
    "at_least": _judge_at_least,
    "exact": _judge_exact,
    "about": _judge_about,
    "at_most": _judge_at_most,
    "rate": _judge_rate,
    "growth": _judge_growth,
    "zero": _judge_zero,
    "milestone": _judge_milestone,
    "direction": _judge_direction,
    "rank": _judge_rank,
    "qualitative": _judge_qualitative,
}


def _flags(t: Mapping, cur: Mapping, out: Mapping, policy: Policy) -> list[str]:
    flags = []
    if out["status"] in _SHORT and cur:
        lacking = [
            n for k, n in (("cause", "偏差原因"), ("remedy", "改进措施")) if not _text(cur.get(k))
        ]
        if lacking:
            flags.append("未填写" + "、".join(lacking))
    if (
        t.get("kind") == "qualitative"
        and policy.qualitative.require_evidence
        and cur
        and _text(cur.get("rating"))
        and not _text(cur.get("evidence"))
    ):
        flags.append("缺少佐证材料")
    draft = t.get("draft")
    if isinstance(draft, bool | np.bool_) and draft:
        flags.append("草稿指标（未经确认）")
    return flags


#: Evidence text shared by at least this many targets is boilerplate …
BOILERPLATE_MIN_TARGETS = 3
#: … or by at least this share of the targets that carry evidence (and at least two).
BOILERPLATE_MIN_SHARE = 0.2


def _evidence_key(value: Any) -> str | None:
    """Evidence text compared as written, ignoring spacing and a closing full stop."""
    text = _text(value)
    if text is None:
        return None
    return "".join(text.split()).rstrip("。.；;") or None


def _boilerplate_evidence(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Flag evidence that is the same text on many targets; one warning per such text.

    A text is boilerplate when it is the evidence of at least
    :data:`BOILERPLATE_MIN_TARGETS` targets, or of at least two targets making up
    :data:`BOILERPLATE_MIN_SHARE` of the targets that carry evidence. Each such target
    gets the flag ``佐证材料与其他 N 项相同``; the score is not changed.

    Examples
    --------
    >>> frame = pd.DataFrame({"target_id": list("abcd"), "flag": [""] * 4,
    ...     "evidence": ["年度工作总结", "年度工作总结 ", "年度工作总结。", "验收单"]})
    >>> out, warnings = _boilerplate_evidence(frame)
    >>> out["flag"].tolist()
    ['佐证材料与其他 2 项相同', '佐证材料与其他 2 项相同', '佐证材料与其他 2 项相同', '']
    >>> print(warnings[0].split("，")[0])
    3 项指标的佐证材料完全相同（“年度工作总结”：a、b、c）
    """
    keys = frame["evidence"].map(_evidence_key)
    with_evidence = int(keys.notna().sum())
    counts = keys.value_counts()
    shared = [
        key
        for key, n in counts.items()
        if n >= 2 and (n >= BOILERPLATE_MIN_TARGETS or n >= BOILERPLATE_MIN_SHARE * with_evidence)
    ]
    if not shared:
        return frame, []
    frame = frame.copy()
    warnings = []
    # the rows of each shared text, found in one pass (a mask per text costs seconds
    # when a plan of 100,000 targets repeats a few texts)
    wanted = set(shared)
    members: dict[str, list[int]] = {key: [] for key in shared}
    for i, key in enumerate(keys.tolist()):
        if key in wanted:
            members[key].append(i)
    flags = frame["flag"].tolist()
    ids = frame["target_id"].astype(str).tolist()
    evidence = frame["evidence"].tolist()
    for key in shared:
        rows = members[key]
        n = len(rows)
        flag = f"佐证材料与其他 {n - 1} 项相同"
        for i in rows:
            old = flags[i]
            flags[i] = f"{old}；{flag}" if _text(old) else flag
        shown = "、".join(ids[i] for i in rows[:5]) + (f" 等 {n} 项" if n > 5 else "")
        text = _text(evidence[rows[0]])
        warnings.append(
            f"{n} 项指标的佐证材料完全相同（“{text}”：{shown}），像是通用材料而不是逐项佐证，"
            "请核实并逐项提供；得分未因此调整。"
        )
    frame["flag"] = pd.Series(flags, index=frame.index, dtype=frame["flag"].dtype)
    return frame, warnings


# --------------------------------------------------------------------------- roll-ups


def _effective_weights(
    frame: pd.DataFrame, policy: Policy, meta: pd.DataFrame, *, equal: bool = False
) -> pd.Series:
    """Each target's share of the whole: section weight × its share within the section.

    Every target keeps its weight whatever its status: targets without a usable judgement
    (no_data, not_assessable) lower the coverage instead of passing their weight on.
    """
    if frame.empty:
        return pd.Series(dtype="float64", index=frame.index)
    if equal:
        w = pd.Series(1.0, index=frame.index)
        return w / w.sum()
    factor = frame["strength"].map(lambda s: policy.strength_rule(s).weight_factor)
    raw = frame["weight"].fillna(1.0) * factor.astype("float64")
    within = raw.groupby(frame["section"]).transform("sum")
    share = (raw / within.where(within > 0)).fillna(0.0)
    sw = frame["section"].map(policy.section_weight).astype("float64")
    present = frame.loc[raw > 0, "section"].unique()
    total = sum(policy.section_weight(s) for s in present)
    w = share * sw
    return (w / total if total > 0 else w * 0.0).astype("float64")


def _aggregate(scores: pd.Series, statuses: pd.Series, weights: pd.Series) -> dict[str, float]:
    """Weighted mean of the scored targets; coverage = scored weight / all weight.

    The conservative score counts every target without a score (no_data, not_assessable)
    as 0.
    """
    scored = scores.notna()
    total = float(weights.sum())
    have = float(weights[scored].sum())
    main = float((scores[scored] * weights[scored]).sum() / have) if have > 0 else math.nan
    conservative = (
        float((scores[scored] * weights[scored]).sum() / total) if total > 0 else math.nan
    )
    return {
        "score": main,
        "coverage": have / total if total > 0 else 0.0,
        "conservative_score": conservative,
    }


def _grade(value: float, coverage: float, policy: Policy) -> str | None:
    if value is None or math.isnan(value) or coverage < policy.coverage.min_share:
        return None
    return policy.grade(value)


def _veto_cap(grade: str | None, frame: pd.DataFrame, policy: Policy) -> tuple[str | None, list]:
    ids = set(policy.veto.targets)
    if not ids:
        return grade, []
    sel = frame[frame["target_id"].isin(ids)]
    failed = sel.loc[~sel["status"].isin(_GOOD), "target_id"].tolist()
    if failed and grade is not None and GRADES.index(grade) < GRADES.index(policy.veto.max_grade):
        grade = policy.veto.max_grade
    return grade, failed


def _grade_note(agg: dict, grade: str | None, veto_failed: list, policy: Policy) -> str:
    notes = []
    if agg["coverage"] < policy.coverage.min_share:
        if policy.score.total == "scored":
            notes.append(
                f"有数据指标的权重占比 {_pct(agg['coverage'])}，"
                f"低于 {_pct(policy.coverage.min_share)}，不给出总体等级"
            )
        else:
            notes.append(
                f"有数据指标的权重占比 {_pct(agg['coverage'])}，"
                f"低于 {_pct(policy.coverage.min_share)}；缺少数据的指标已按 0 分计入总分"
            )
    if veto_failed:
        notes.append(
            f"一票否决指标 {'、'.join(veto_failed)} 未完成或未报送，总体等级最高为"
            f"“{policy.veto.max_grade}”"
        )
    return "；".join(notes)


def _groups(frame: pd.DataFrame, midyear: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Judge direction pairs together (双下降, 双控双减: every member must move).

    Only groups whose members are all direction targets are judged; other groups record
    that targets were split from one phrase and get no group status. A group with a
    member lacking data is 未报送 (no group score); in a mid-year result a group short
    of full success is 进度滞后.
    """
    frame = frame.copy()
    frame["group_status"] = None
    frame["group_status_label"] = None
    rows = []
    for gid, members in frame[frame["group"].notna()].groupby("group", sort=False):
        if not (members["kind"] == "direction").all():
            continue
        statuses = members["status"].tolist()
        good = [s in _GOOD for s in statuses]
        label = None
        lacking = members[members["status"].isin(_UNSCORED)]
        if len(lacking):
            status = "no_data" if (lacking["status"] == "no_data").any() else "not_assessable"
            reasons = set(lacking["reason"].dropna())
            if status == "no_data" and len(reasons) == 1 and reasons <= set(REASON_LABELS):
                label = REASON_LABELS[next(iter(reasons))]
        elif all(good):
            status = "met" if all(s in ("met", "exceeded") for s in statuses) else "on_track"
        elif any(good):
            status = "behind" if midyear else "partial"
        else:
            status = "behind" if midyear else "not_met"
        label = label or STATUS_LABELS[status]
        w = members["effective_weight"]
        sc = members["score"]
        value = (
            float((sc * w).sum() / w.sum()) if status not in _UNSCORED and w.sum() > 0 else math.nan
        )
        rule = f"组合指标：{len(members)} 项须同时达到"
        if len(lacking):
            which = "、".join(
                f"{r.target_id}（{r.title}，{r.status_label}）" for r in lacking.itertuples()
            )
            rule += f"；{which}，无法判断组合是否达到，组合状态为“{label}”，不计组合得分"
        else:
            rule += f"；达到 {sum(good)} 项，组合状态为“{label}”，组合得分 {_fmt(round(value, 1))}"
        frame.loc[members.index, "group_status"] = status
        frame.loc[members.index, "group_status_label"] = label
        rows.append(
            {
                "group": gid,
                "members": "、".join(members["target_id"]),
                "titles": "、".join(members["title"].astype(str)),
                "n_members": len(members),
                "n_met": int(sum(good)),
                "score": value,
                "status": status,
                "status_label": label,
                "rule": rule,
            }
        )
    cols = [
        "group",
        "members",
        "titles",
        "n_members",
        "n_met",
        "score",
        "status",
        "status_label",
        "rule",
    ]
    return frame, pd.DataFrame(rows, columns=cols)


def _with_owners(frame: pd.DataFrame, owners: Any) -> pd.DataFrame:
    """The 分解表's 责任科室, 配合科室 and 牵头领导 of each target (None when not assigned)."""

    def of(tid: Any) -> Any:
        return owners.get(str(tid)) if owners is not None else None

    found = [of(t) for t in frame["target_id"].tolist()]
    frame["office"] = [_text(getattr(a, "office", None)) for a in found]
    frame["partners"] = ["、".join(getattr(a, "partners", ()) or ()) or None for a in found]
    frame["lead"] = [_text(getattr(a, "lead", None)) for a in found]
    return frame


def _office_rows(frame: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Per 责任科室 (plan order of first target; unassigned targets last): as per section."""
    offices = frame["office"].where(frame["office"].notna(), UNASSIGNED_OFFICE)
    names = list(dict.fromkeys(o for o in offices if o != UNASSIGNED_OFFICE))
    if (offices == UNASSIGNED_OFFICE).any():
        names.append(UNASSIGNED_OFFICE)
    rows = []
    for order, name in enumerate(names, 1):
        part = frame[offices == name]
        row = {"office": name, "order": order, "assigned": name != UNASSIGNED_OFFICE}
        rows.append(row | _part_row(part, policy))
    return _part_frame(rows, ("office", "order", "assigned"))


def _part_total(part: pd.DataFrame, policy: Policy) -> tuple[float, str | None, dict, float]:
    """A part's own total by the official rule (its points scaled to 100), its grade, the
    aggregate (coverage, conservative score) and its average over targets with data."""
    w = part["effective_weight"]
    w = w / w.sum() if w.sum() > 0 else w
    agg = _aggregate(part["score"], part["status"], w)
    within = w.where(part["score"].notna(), 0.0) if policy.score.total == "scored" else w
    within = within / within.sum() if within.sum() > 0 else within * 0.0
    value = official_total(part["score"], within)
    grade = None if math.isnan(value) or agg["coverage"] <= 0 else policy.grade(value)
    if policy.score.total == "scored" and agg["coverage"] < policy.coverage.min_share:
        grade = None
    mean = _aggregate(part["score"].clip(upper=100.0), part["status"], w)["score"]
    return value, grade, agg, mean


#: The columns a section's row and an office's row share, after their own key columns.
_PART_COLUMNS = (
    "n_targets",
    "n_scored",
    "score",
    "grade",
    "coverage",
    "scored_mean",
    "conservative_score",
    *STATUS_ORDER,
)


def _part_frame(rows: list[dict], keys: tuple[str, ...]) -> pd.DataFrame:
    """Rows of :func:`_part_row` behind their key columns, as one table."""
    out = pd.DataFrame(rows, columns=[*keys, *_PART_COLUMNS])
    out["score"] = out["score"].astype("float64")
    return out


def _part_row(part: pd.DataFrame, policy: Policy) -> dict[str, Any]:
    """The columns a section and an office share: counts, total, grade, coverage, readings."""
    value, grade, agg, mean = _part_total(part, policy)
    row = {
        "n_targets": len(part),
        "n_scored": int(part["score"].notna().sum()),
        "score": value,
        "grade": grade,
        "coverage": agg["coverage"],
        "scored_mean": mean,
        "conservative_score": agg["conservative_score"],
    }
    for s in STATUS_ORDER:
        row[s] = int((part["status"] == s).sum())
    return row


def _sections(frame: pd.DataFrame, meta: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    rows = []
    for _, sec in meta.sort_values("order").iterrows():
        part = frame[frame["section"] == sec["section"]]
        if part.empty:
            continue
        row = {
            "section": sec["section"],
            "section_name": sec["name"],
            "order": sec["order"],
            "weight": policy.section_weight(sec["section"]),
        }
        rows.append(row | _part_row(part, policy))
    return _part_frame(rows, ("section", "section_name", "order", "weight"))
