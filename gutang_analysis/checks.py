"""What ``gutang-review check`` says about an entry file beyond its mistakes: the gaps.

A gap is not a mistake (the file loads) but leaves targets unscored or weakly scored.
Some gaps need a judgement (a target not fully met without 偏差原因), so this module sits
above :mod:`~gutang_analysis.scoring` and judges under the run's own policy: ``check``
passes the policy of the folder as ``build`` resolves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import GutangError
from .outcomes import _collect, _parse_period, _reporting_period, _text_value, missing_targets
from .plan import Plan
from .policy import Policy, load_policy
from .scoring import score

__all__ = ["Gap", "gaps"]


@dataclass(frozen=True)
class Gap:
    """One kind of gap found by :func:`gaps`: a Chinese heading and the targets it concerns.

    ``str(gap)`` is the heading followed by one ``  - id（标题）`` line per target, at
    most :data:`MAX_SHOWN_TARGETS` of them and then a count of the rest, as
    ``gutang-review check`` prints it (a plan of 100,000 targets gives a screenful).

    Examples
    --------
    >>> print(Gap("未填写完成值", tuple(f"t{i}" for i in range(45))).__str__().splitlines()[-1])
      ……另有 5 项未列出（共 45 项）
    """

    heading: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        shown = [f"  - {t}" for t in self.targets[:MAX_SHOWN_TARGETS]]
        rest = len(self.targets) - len(shown)
        if rest > 0:
            shown.append(f"  ……另有 {rest} 项未列出（共 {len(self.targets)} 项）")
        return "\n".join([f"{self.heading}：", *shown])


#: At most this many targets are listed under one gap; the rest are counted.
MAX_SHOWN_TARGETS = 40


def gaps(
    outcomes: pd.DataFrame | str | Path,
    plan: Plan,
    *,
    period: str | None = None,
    policy: Policy | None = None,
) -> list[Gap]:
    """Gaps that are not mistakes but will leave targets unscored or weakly scored.

    ``check`` passes a file with gaps (an empty cell is an honest "not reported", and the
    file still loads), but the person handing it in should know what the review will be
    missing: rows deleted from the file, targets left empty, ranks given without the
    number of peers, targets not fully met whose 偏差原因 or 改进措施 is empty (财预〔2020〕
    10号 asks for both), and qualitative ratings without 证明材料 (their score is capped
    by the default scoring policy).

    Parameters
    ----------
    outcomes : pandas.DataFrame or str or Path
        A frame from :func:`load_outcomes`, or the path of an entry file.
    plan : Plan
        The plan the file reports against.
    period : str, optional
        As in :func:`~gutang_analysis.outcomes.missing_targets`.
    policy : Policy, optional
        The scoring policy the file will be judged by (the folder's ``policy.yaml``, as
        :func:`gutang_analysis.run.resolve_run` finds it); the package default when left out.

    Returns
    -------
    list of Gap
        One entry per kind of gap, each listing ``id（标题）`` of its targets in plan
        order; empty when nothing is missing.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis import paths
    >>> found = gaps(paths.DEFAULT_OUTCOMES, load_plan())
    >>> for gap in found:
    ...     print(gap.heading)
    4 项指标有行但未填写完成值，将按未报送处理
    1 项排名类指标填了名次但没有填参比单位数，且计划未给出名次要求，将无法评估
    22 项指标未完全完成但未填写偏差原因或改进措施，自评表和自评报告中将标为“待补充”
    >>> print(found[1])
    1 项排名类指标填了名次但没有填参比单位数，且计划未给出名次要求，将无法评估：
      - econ-investment-rank（有效投资总量保持全市前列）
    """
    is_frame = isinstance(outcomes, pd.DataFrame)
    frame = outcomes if is_frame else _collect(outcomes, plan, period, partial=True)[0]
    # plain dicts: a Series lookup per target costs seconds on 100,000 targets
    ids = plan.targets["target_id"].tolist()
    titles = dict(zip(ids, plan.targets["title"].tolist(), strict=True))
    kinds = dict(zip(ids, plan.targets["kind"].tolist(), strict=True))
    targets = dict(zip(ids, plan.targets["target_value"].tolist(), strict=True))
    order = {t: i for i, t in enumerate(ids)}

    def gap(heading: str, ids: list[str]) -> Gap:
        ids = sorted(ids, key=lambda t: order.get(t, len(order)))
        return Gap(heading, tuple(f"{t}（{titles.get(t, t)}）" for t in ids))

    found: list[Gap] = []
    missing = missing_targets(frame, plan, period=period)
    periods = sorted({str(p) for p in frame["period"].dropna()})
    key = period if period is not None else _reporting_period(periods, plan.year)
    if key is not None:
        key = _parse_period(key, plan.year) or key
    if key == str(plan.year - 1) or (key is None and periods == [str(plan.year - 1)]):
        # the baseline: only 同比方向 targets read it, nothing in it is "not reported"
        missing = missing_targets(frame, plan, period=str(plan.year - 1))
        wanted = [t for t in missing if kinds.get(t) == "direction"]
        heading = f"计划中有 {len(wanted)} 项同比方向目标在基期文件中没有对应行，将无法与上年比较"
        return [gap(heading, wanted)] if wanted else []
    if missing:
        found.append(
            gap(f"计划中有 {len(missing)} 项指标在文件中没有对应行，将按未报送处理", missing)
        )
    if key is None:
        return found
    rows = frame[frame["period"] == key]
    # plain column lists: a named tuple per row costs seconds on 100,000 rows
    row_ids, actuals = rows["target_id"].tolist(), rows["actual"].tolist()
    empty = [
        tid
        for tid, actual, stage, rating in zip(
            row_ids, actuals, rows["stage"].tolist(), rows["rating"].tolist(), strict=True
        )
        if pd.isna(actual) and not _text_value(stage) and not _text_value(rating)
    ]
    if empty:
        found.append(gap(f"{len(empty)} 项指标有行但未填写完成值，将按未报送处理", empty))
    rank_gaps = [
        tid
        for tid, actual, peers in zip(row_ids, actuals, rows["peers"].tolist(), strict=True)
        if kinds.get(tid) == "rank"
        and not pd.isna(actual)
        and pd.isna(peers)
        and pd.isna(targets.get(tid))
    ]
    if rank_gaps:
        found.append(
            gap(
                f"{len(rank_gaps)} 项排名类指标填了名次但没有填参比单位数，且计划未给出名次要求，"
                "将无法评估",
                rank_gaps,
            )
        )
    found.extend(_explanation_gaps(frame, plan, key, gap, policy or load_policy()))
    return found


# statuses of a target judged but not fully met (scoring.STATUS_ORDER)
_SHORT_STATUSES = frozenset({"nearly_met", "partial", "not_met", "behind"})


def _explanation_gaps(
    frame: pd.DataFrame, plan: Plan, key: str, gap: Any, policy: Policy
) -> list[Gap]:
    """Targets not fully met without 偏差原因/改进措施; ratings without 证明材料 (capped)."""
    rows = frame[frame["period"] == key].set_index("target_id")
    if rows.empty:
        return []
    reported = (
        not pd.isna(actual) or _text_value(stage) or _text_value(rating)
        for actual, stage, rating in zip(
            rows["actual"].tolist(), rows["stage"].tolist(), rows["rating"].tolist(), strict=True
        )
    )
    if not any(reported):
        # nothing reported in the period (a template not filled in yet): no target is
        # judged short of its target and no rating lacks evidence, so nothing to score
        return []
    as_of = None if len(key) == 4 else key
    try:
        result = score(plan, frame, policy=policy, as_of=as_of)
    except GutangError:  # a partial frame from a file with problems: nothing to add
        return []
    found: list[Gap] = []
    # whether each target's row of the period has both 偏差原因 and 改进措施 (score has
    # refused a frame repeating a target in a period: one row per target)
    explained = {
        tid: _text_value(cause) and _text_value(remedy)
        for tid, cause, remedy in zip(
            rows.index.tolist(), rows["cause"].tolist(), rows["remedy"].tolist(), strict=True
        )
    }
    judged = result.targets
    unexplained = [
        tid
        for tid, status, period in zip(
            judged["target_id"].tolist(),
            judged["status"].tolist(),
            judged["period"].tolist(),
            strict=True,
        )
        if status in _SHORT_STATUSES and tid in explained and period == key and not explained[tid]
    ]
    if unexplained:
        found.append(
            gap(
                f"{len(unexplained)} 项指标未完全完成但未填写偏差原因或改进措施"
                "，自评表和自评报告中将标为“待补充”",
                unexplained,
            )
        )
    q = policy.qualitative
    kinds = dict(
        zip(plan.targets["target_id"].tolist(), plan.targets["kind"].tolist(), strict=True)
    )
    capped = [
        tid
        for tid, rating, evidence in zip(
            rows.index.tolist(), rows["rating"].tolist(), rows["evidence"].tolist(), strict=True
        )
        if kinds.get(tid) == "qualitative"
        and q.require_evidence
        and _text_value(rating)
        and not _text_value(evidence)
        and float(q.ratings.get(rating, 0.0)) > q.no_evidence_cap
    ]
    if capped:
        found.append(gap(f"{len(capped)} 项定性评价未填写证明材料，评分时将按规则封顶", capped))
    return found
