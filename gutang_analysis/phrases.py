"""The words of the reports: values, statuses and targets said as a reader says them, and
the paragraphs that depend on the data.

Everything here returns plain Chinese text (no HTML, no cells): :mod:`narrative` renders it
as HTML with every piece of user text escaped, :mod:`workbook` writes it into the
self-evaluation workbook, :mod:`summary` into the JSON summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ._values import format_amount as _fmt
from ._values import num as _num
from ._values import text as _text
from ._values import total_text
from .kinds import target_phrase
from .labels import STATUS_LABELS, TOTAL_LABEL
from .provenance import ILLUSTRATIVE_BANNER, illustrative_banner

if TYPE_CHECKING:
    from .provenance import Provenance

__all__ = [
    "SHORTFALL_ORDER",
    "SHORTFALL_STATUSES",
    "SIGNATURE_FIELDS",
    "actual_texts",
    "banner_text",
    "baseline_text",
    "commitment_text",
    "honesty_paragraphs",
    "midyear_paragraphs",
    "overall_line",
    "section_paragraphs",
    "self_rated_paragraph",
    "shortfalls",
    "status_text",
    "summary_paragraphs",
    "target_text",
    "total_phrase",
]


def target_text(row: dict[str, Any] | pd.Series) -> str:
    """Say a target the way the plan does (:func:`gutang_analysis.kinds.target_phrase`).

    Examples
    --------
    >>> target_text({"kind": "at_least", "target_value": 50.0, "unit": "家"})
    '50家以上'
    """

    return target_phrase(row)


def commitment_text(row: dict[str, Any] | pd.Series) -> str:
    """The 年度指标值 of a signed form: the target as the plan says it, and where the target
    has no number (定性评价) the commitment itself, quoted from the plan.

    Examples
    --------
    >>> commitment_text({"kind": "at_least", "target_value": 50.0, "unit": "家"})
    '50家以上'
    >>> commitment_text({"kind": "qualitative", "source_text": "全力防范经济领域风险",
    ...                  "title": "防范经济领域风险"})
    '全力防范经济领域风险'
    """
    text = target_text(row)
    if row.get("kind") == "qualitative" or text == "定性评价":
        quoted = _text(row.get("source_text")) or _text(row.get("title"))
        if quoted:
            return quoted
    return text


def _outcome_records(outcomes: pd.DataFrame | None) -> dict[tuple[str, str], dict]:
    if outcomes is None or outcomes.empty or "target_id" not in outcomes:
        return {}
    return {
        (str(rec.get("target_id")), str(rec.get("period"))): rec
        for rec in outcomes.to_dict("records")
    }


def actual_texts(result: Any, outcomes: pd.DataFrame | None = None) -> dict[str, str]:
    """What each target reached, as a reader writes it, by target id.

    A number with its unit (``56家``, ``92.3%``), a rank as ``第 3 名``, a milestone's
    stage (``已完成``), a qualitative target's rating (``较好``); otherwise what the
    analyst wrote. Stages and ratings come from ``outcomes`` (the frame that was scored).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> texts = actual_texts(ctx.result, ctx.outcomes)
    >>> texts["econ-fdi-utilised"], texts["econ-investment-rank"]
    ('210万美元', '第 3 名')
    >>> texts["dev-xinchaotang-community"]
    '已完成'
    """
    records = _outcome_records(outcomes)
    out = {}
    for r in result.targets.itertuples(index=False):
        rec = records.get((str(r.target_id), str(getattr(r, "period", ""))), {})
        value = _num(r.actual)
        if r.kind == "rank" and value is not None:
            peers = _num(rec.get("peers"))
            out[r.target_id] = f"第 {_fmt(value)} 名" + (
                f"（共 {_fmt(peers)} 个）" if peers is not None else ""
            )
        elif value is not None:
            out[r.target_id] = f"{_fmt(value)}{_text(r.unit)}"
        elif r.kind == "milestone":
            out[r.target_id] = _text(rec.get("stage")) or _text(rec.get("actual_text"))
        elif r.kind == "qualitative":
            out[r.target_id] = _text(rec.get("rating")) or _text(rec.get("actual_text"))
        else:
            out[r.target_id] = _text(rec.get("actual_text"))
    return out


def baseline_text(row: Any) -> str:
    """The baseline-year value of a target with its unit (``''`` when there is none).

    Direction targets are judged against it; for any other target a baseline value the
    office gave is shown as context (基期值) and does not change the score.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> baseline_text(R(kind="at_least", baseline=245.0, unit="万美元"))
    '245万美元'
    >>> baseline_text(R(kind="rank", baseline=4.0, unit=None)), baseline_text(R(kind="zero"))
    ('第 4 名', '')
    """
    value = _num(getattr(row, "baseline", None))
    if value is None:
        return ""
    if getattr(row, "kind", None) == "rank":
        return f"第 {_fmt(value)} 名"
    return f"{_fmt(value)}{_text(getattr(row, 'unit', None))}"


def status_text(row: Any) -> str:
    """The status label, with the status of a direction pair: ``完成（组合：部分完成）``."""
    label = _text(getattr(row, "status_label", "")) or _text(getattr(row, "status", ""))
    group = _text(getattr(row, "group_status_label", None))
    return f"{label}（组合：{group}）" if group else label


def _flag_text(value: object) -> str:
    if isinstance(value, list | tuple):
        return "；".join(_text(v) for v in value if _text(v))
    return _text(value)


#: The signature block of a self-evaluation form: (label, blank to fill in).
SIGNATURE_FIELDS: tuple[tuple[str, str], ...] = (
    ("填报单位（盖章）", ""),
    ("负责人签字", ""),
    ("审核人", ""),
    ("日期", "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"),
)


def banner_text(result: Any, provenance: Provenance | None) -> str | None:
    """The illustrative-data banner of a report (any illustrative input), or None."""

    if provenance is not None and provenance.illustrative:
        return illustrative_banner(provenance)
    if result.overall.get("illustrative", False):
        return ILLUSTRATIVE_BANNER
    return None


def _pct_text(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "—"


def _total_rule_text(overall: dict) -> str:
    """How the official total was made, in a few words (score.total)."""
    if overall.get("total_rule") == "scored":
        return "按评分规则只计有数据的指标，各项得分不超过 100 分"
    return "按自评表口径：各项得分不超过分值，未报送、无法评估的目标得 0 分"


def _score_text(value: float | None) -> str:
    return f"{value:.1f} 分" if value is not None else "—"


def total_phrase(result: Any) -> str:
    """The official total and grade as every report says it (``总分 83.03 分，等级 良``).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> total_phrase(prepare().result)
    '总分 83.03 分，等级“良”'
    """
    o = result.overall
    grade = _text(o.get("grade"))
    head = f"{_total_label(o)} {total_text(o.get('score'))} 分，"
    return head + (f"等级“{grade}”" if grade else "不评定等级")


def _total_label(overall: dict) -> str:
    """总分 is the year's total; a mid-year result's figure is its 年中进度得分."""
    return "年中进度得分" if overall.get("midyear") else TOTAL_LABEL


def overall_line(result: Any) -> str:
    """The overall result in one line: the official total and grade, coverage, and the
    average over the targets with data under its own name.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> overall_line(ctx.result).startswith("总分 83.03 分；等级 良；")
    True
    """
    o = result.overall
    coverage = _num(o.get("coverage"))
    grade = _text(o.get("grade")) or "不评定"
    text = (
        f"{_total_label(o)} {total_text(o.get('score'))} 分；等级 {grade}；"
        f"数据覆盖（按权重）{_pct_text(coverage)}"
    )
    mean = _num(o.get("scored_mean"))
    if mean is not None and coverage is not None and coverage < 1:
        text += f"；有数据指标平均得分 {_score_text(mean)}（不是总分）"
    unexplained = len(o.get("unexplained") or [])
    if unexplained:
        text += f"；偏差原因或改进措施待补充 {unexplained} 项"
    note = _text(o.get("grade_note"))
    return text + (f"。{note}。" if note else "。")


#: Statuses that count as a shortfall and need a cause and a remedy.
SHORTFALL_STATUSES: tuple[str, ...] = ("not_met", "partial", "behind", "nearly_met", "no_data")


#: Shortfalls by severity, worst first: missing figures come after every reported one.
SHORTFALL_ORDER: tuple[str, ...] = ("not_met", "behind", "partial", "nearly_met", "no_data")


_MET = ("exceeded", "met", "on_track")


def _counts(targets: pd.DataFrame) -> dict[str, int]:
    return {str(k): int(v) for k, v in targets["status"].value_counts().items()}


def _status_sentence(counts: dict[str, int]) -> str:
    parts = []
    done = counts.get("exceeded", 0) + counts.get("met", 0)
    if done:
        extra = f"（其中超额完成 {counts['exceeded']} 项）" if counts.get("exceeded") else ""
        parts.append(f"完成 {done} 项{extra}")
    for status in ("on_track", "nearly_met", "partial", "behind", "not_met"):
        if counts.get(status):
            parts.append(f"{STATUS_LABELS[status]} {counts[status]} 项")
    text = "，".join(parts) if parts else "暂无已评估的目标"
    tail = []
    if counts.get("no_data"):
        tail.append(f"{counts['no_data']} 项未报送数据")
    if counts.get("not_assessable"):
        tail.append(f"{counts['not_assessable']} 项无法评估")
    return text + ("；" + "，".join(tail) if tail else "")


def _ratio(value: object) -> str:
    v = _num(value)
    return "" if v is None else f"完成率 {v:.0%}"


def shortfalls(result: Any, section: str | None = None) -> pd.DataFrame:
    """Return the targets that fell short, worst first, with cause and remedy.

    Ordered by :data:`SHORTFALL_ORDER` (未完成, 进度滞后, 部分完成, 基本完成, then 未报送),
    heavier targets first within a status.

    Parameters
    ----------
    result : ScoreResult
    section : str, optional
        Only this programme.

    Returns
    -------
    pandas.DataFrame
        Rows of ``result.targets`` whose status is in :data:`SHORTFALL_STATUSES`.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> set(shortfalls(ctx.result)["status"]) <= set(SHORTFALL_STATUSES)
    True
    """
    t = result.targets
    if section is not None:
        t = t[t["section"] == section]
    t = t[t["status"].isin(SHORTFALL_STATUSES)].copy()
    rank = {s: i for i, s in enumerate(SHORTFALL_ORDER)}
    t["_rank"] = t["status"].map(rank)
    t["_weight"] = -pd.to_numeric(t["weight"], errors="coerce").fillna(0)
    return t.sort_values(["_rank", "_weight"], kind="stable").drop(columns=["_rank", "_weight"])


def _main_shortfalls(result: Any, section: str | None = None, limit: int = 3) -> str:
    t = shortfalls(result, section)
    t = t[t["status"].isin(("not_met", "partial", "behind"))].head(limit)
    items = []
    for r in t.itertuples(index=False):
        ratio = _ratio(r.ratio)
        items.append(f"{r.title}（{r.status_label}{'，' + ratio if ratio else ''}）")
    return "、".join(items)


def summary_paragraphs(result: Any, plan: Any, policy: Any = None) -> list[str]:
    """The opening summary of the annual review, as plain sentences.

    How many commitments, how many met, the overall score and grade with its coverage
    (and the conservative reading), and the main shortfalls.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    policy : Policy, optional
        Used for the coverage threshold below which the overall score is marked as
        indicative.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> summary_paragraphs(ctx.result, ctx.plan)[0].startswith("《")
    True
    """
    t = result.targets
    o = result.overall
    counts = _counts(t)
    n_sections = t["section"].nunique()
    out = [
        f"《{plan.title}》列出可考核的目标任务 {len(t)} 项，分布在 {n_sections} 个板块。"
        f"对照年终完成情况：{_status_sentence(counts)}。"
    ]
    score, coverage = _num(o.get("score")), _num(o.get("coverage"))
    if score is None:
        out.append("没有可以计分的目标，本次不给出总分和等级。")
    else:
        grade = o.get("grade")
        text = f"{total_phrase(result)}（{_total_rule_text(o)}）。"
        if coverage is not None and coverage < 1:
            text += f"按权重计，有完成数据、能够评分的目标占 {coverage:.0%}。"
        if not grade:
            threshold = _num(getattr(getattr(policy, "coverage", None), "min_share", None))
            share = f" {threshold:.0%}" if threshold is not None else ""
            text += f"由于数据覆盖不足{share}，不评定等级，总分仅供参考。"
        out.append(text)
    main = _main_shortfalls(result)
    if main:
        out.append(f"主要差距集中在：{main}。各项的偏差原因和改进措施见各板块。")
    else:
        out.append("已报送数据的目标中没有未完成或部分完成的项目。")
    return out


def section_paragraphs(result: Any, plan: Any, section: str) -> list[str]:
    """The summary of one programme: its targets, statuses, score and main shortfalls.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> "项" in section_paragraphs(ctx.result, ctx.plan, "economy")[0]
    True
    """
    t = result.targets[result.targets["section"] == section]
    row = plan.sections[plan.sections["section"] == section]
    title = _text(row["title"].iloc[0]) if not row.empty else ""
    name = _text(row["name"].iloc[0]) if not row.empty else section
    first = f"“{name}”板块" + (f"（{title}）" if title else "")
    out = [f"{first}共 {len(t)} 项目标：{_status_sentence(_counts(t))}。"]
    s = result.sections
    srow = s[s["section"] == section] if "section" in s else s.iloc[0:0]
    if not srow.empty:
        score = _num(srow["score"].iloc[0])
        cov = _num(srow["coverage"].iloc[0]) if "coverage" in srow else None
        if score is not None:
            cov_text = f"（数据覆盖 {cov:.0%}）" if cov is not None else ""
            grade = _text(srow["grade"].iloc[0]) if "grade" in srow else ""
            grade_text = f"，等级“{grade}”" if grade else "，数据覆盖不足，不评定等级"
            out.append(
                f"本板块得分 {total_text(score)} 分（按总分口径折合为百分制）{grade_text}"
                f"{cov_text}；全计划{total_phrase(result)}。"
            )
    main = _main_shortfalls(result, section)
    if main:
        out.append(f"主要差距：{main}。")
    return out


def midyear_paragraphs(result: Any, plan: Any, as_of: str) -> list[str]:
    """The summary of a mid-year check (时间过半、任务过半) at an as-of date.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare(midyear=True)
    >>> "2022-06-30" in midyear_paragraphs(ctx.result, ctx.plan, ctx.as_of)[0]
    True
    """
    t = result.targets
    year_start = pd.Timestamp(year=int(plan.year), month=1, day=1)
    year_end = pd.Timestamp(year=int(plan.year), month=12, day=31)
    elapsed = (pd.Timestamp(as_of) - year_start).days + 1
    share = max(0.0, min(1.0, elapsed / ((year_end - year_start).days + 1)))
    counts = _counts(t)
    out = [
        f"截至 {as_of}，全年时间已过 {share:.0%}。按“时间过半、任务过半”的要求，"
        f"量化目标此时应完成全年目标的相应比例。对照进度：{_status_sentence(counts)}。"
    ]
    behind = t[t["status"].isin(("behind", "not_met", "partial"))]
    if not behind.empty:
        names = "、".join(behind["title"].astype(str).head(5))
        more = f"等 {len(behind)} 项" if len(behind) > 5 else ""
        out.append(f"进度滞后、需要加快推进的有：{names}{more}。")
    else:
        out.append("有数据的目标均未发现进度滞后。")
    return out


def honesty_paragraphs(result: Any, policy: Any = None) -> list[str]:
    """How far to trust the overall grade: coverage, the conservative reading, weights.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> len(honesty_paragraphs(ctx.result, ctx.policy)) >= 2
    True
    """
    o = result.overall
    counts = _counts(result.targets)
    coverage = _num(o.get("coverage"))
    out = []
    missing = counts.get("no_data", 0) + counts.get("not_assessable", 0)
    scored_rule = o.get("total_rule") == "scored"
    if coverage is not None:
        out.append(
            f"数据覆盖：按权重计，{coverage:.0%} 的目标有完成数据；"
            f"{missing} 项目标未报送或无法评估，"
            + (
                "不计入总分，而是单独列出。"
                if scored_rule
                else "保留分值、按 0 分计入总分，并单独列出。"
            )
        )
    threshold = _num(getattr(getattr(policy, "coverage", None), "min_share", None))
    if threshold is None:
        threshold = _num(o.get("min_coverage"))
    if threshold is not None and scored_rule:
        rule = f"评分规则规定：数据覆盖低于 {threshold:.0%} 时不给出总体等级。"
        if coverage is not None and coverage < threshold:
            rule += f"本次覆盖 {coverage:.0%}，低于这一要求，因此不给出总体等级，总分仅供参考。"
        elif coverage is not None:
            rule += f"本次覆盖 {coverage:.0%}，达到这一要求。"
        out.append(rule)
    note = _text(o.get("grade_note"))
    if note and "不给出总体等级" not in note:
        out.append(note + "。")
    score, mean = _num(o.get("score")), _num(o.get("scored_mean"))
    if score is not None and mean is not None and coverage is not None and coverage < 1:
        out.append(
            f"{total_phrase(result)}。另一读数：只对有数据的目标加权平均，"
            f"有数据指标平均得分为 {mean:.1f} 分（不是总分）。"
            "两个数字之间的差距，就是补齐数据之前不能确定的部分。"
        )
    try:
        sens = result.sensitivity()
    except Exception:  # the result may not support it for an empty plan
        sens = None
    self_rated = self_rated_paragraph(result, sens)
    if self_rated:
        out.append(self_rated)
    if sens is not None and not sens.empty and "score" in sens:
        values = pd.to_numeric(sens["score"], errors="coerce").dropna()
        if not values.empty:
            out.append(
                f"敏感性分析：在 {len(values)} 种不同的权重设定和读数下，得分在 "
                f"{values.min():.1f} 至 {values.max():.1f} 分之间（这些读数都不是总分）"
                + (
                    "，等级不变。"
                    if "grade" in sens and sens["grade"].nunique() == 1
                    else "，等级可能随权重设定而变化。"
                )
            )
    return out


def self_rated_paragraph(result: Any, sens: pd.DataFrame | None = None) -> str:
    """How much of the weight rests on the offices' own ratings, and the total without it.

    Qualitative targets are scored from the rating the office gives itself (好/较好/一般/差);
    the 仅量化指标 reading of :meth:`ScoreResult.sensitivity` leaves them out. Empty when
    the plan has no qualitative target.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> text = self_rated_paragraph(prepare().result)
    >>> text.startswith("按权重计，53% 的目标为定性指标")
    True
    """
    if sens is None:
        sens = result.sensitivity()
    rows = sens[sens["scenario"] == "仅量化指标"] if "scenario" in sens else sens.iloc[0:0]
    if rows.empty:
        return ""
    row = rows.iloc[0]
    share = _num(row.get("weight_share"))
    if share is None or share >= 1:
        return ""
    self_share = 1 - share
    n_qual = int((result.targets["kind"] == "qualitative").sum())
    text = (
        f"按权重计，{self_share:.0%} 的目标为定性指标（共 {n_qual} 项），其得分来自责任科室"
        "自评的档次（好、较好、一般、差），并非可核对的数字。"
    )
    score = _num(row.get("score"))
    if score is None:
        return text + "其余指标都没有可用数据，无法给出只计量化指标的读数。"
    grade = _text(row.get("grade")) or "不评定"
    main = _num(result.overall.get("score"))
    label = _total_label(result.overall)
    compare = f"（{label} {total_text(main)} 分）" if main is not None else ""
    return (
        text + f"只计其余 {int(row['n_targets'])} 项有客观数据的指标时，得分为 {score:.1f} 分"
        f"{compare}，对应等级“{grade}”；这一读数不是总分。"
    )


def _fmt_value(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")
