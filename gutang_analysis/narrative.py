"""Prose that depends on the data: the summary paragraphs of the reports.

Each function takes a score result (and the plan) and returns plain Chinese sentences;
:func:`paragraphs_html` and :func:`shortfalls_html` render them with every piece of user
text escaped. Notebooks call these instead of assembling sentences themselves.
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from .report import SIGNATURE_FIELDS, _num, _text, actual_texts, baseline_text, target_text
from .style import STATUS_COLORS, STATUS_LABELS

__all__ = [
    "COLUMN_LABELS",
    "SHORTFALL_ORDER",
    "SHORTFALL_STATUSES",
    "honesty_paragraphs",
    "midyear_charts_html",
    "midyear_paragraphs",
    "missing_html",
    "overall_frame",
    "overall_html",
    "overview_charts_html",
    "paragraphs_html",
    "readable_targets",
    "reliability_html",
    "scorecard_frame",
    "scorecard_html",
    "section_html",
    "section_paragraphs",
    "self_evaluation_html",
    "sensitivity_html",
    "shortfalls",
    "shortfalls_html",
    "signature_html",
    "status_table",
    "summary_paragraphs",
]

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
        out.append("由于有数据的目标太少，本次不给出总分和等级。")
    else:
        cov = (
            f"按权重计，有完成数据、能够评分的目标占 {coverage:.0%}；"
            if coverage is not None
            else ""
        )
        grade = o.get("grade")
        threshold = _num(getattr(getattr(policy, "coverage", None), "min_share", None))
        if grade:
            text = f"{cov}在有数据的目标中，加权总分 {score:.1f} 分，等级为「{grade}」。"
        else:
            share = f"{threshold:.0%}" if threshold is not None else "规定比例"
            text = (
                f"{cov}在有数据的目标中，加权总分 {score:.1f} 分；由于数据覆盖不足 {share}，"
                "不评定等级，总分仅供参考。"
            )
        cons = _num(o.get("conservative_score"))
        if cons is not None and coverage is not None and coverage < 1:
            cons_grade = o.get("conservative_grade")
            cons_text = f"等级为「{cons_grade}」" if cons_grade else "不评定等级"
            text += (
                f"若把未报送、无法评估的目标按 0 分计（保守口径），总分为 {cons:.1f} 分，"
                f"{cons_text}。"
            )
        elif grade and threshold is not None and coverage is not None and coverage < threshold:
            text += f"数据覆盖不足 {threshold:.0%}，总分仅供参考。"
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
    first = f"「{name}」板块" + (f"（{title}）" if title else "")
    out = [f"{first}共 {len(t)} 项目标：{_status_sentence(_counts(t))}。"]
    s = result.sections
    srow = s[s["section"] == section] if "section" in s else s.iloc[0:0]
    if not srow.empty:
        score = _num(srow["score"].iloc[0])
        cov = _num(srow["coverage"].iloc[0]) if "coverage" in srow else None
        if score is not None:
            cov_text = f"（数据覆盖 {cov:.0%}）" if cov is not None else ""
            out.append(f"本板块加权得分 {score:.1f} 分{cov_text}。")
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
        f"截至 {as_of}，全年时间已过 {share:.0%}。按「时间过半、任务过半」的要求，"
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
    if coverage is not None:
        out.append(
            f"数据覆盖：按权重计，{coverage:.0%} 的目标有完成数据；"
            f"{missing} 项目标未报送或无法评估，没有计入总分，而是单独列出。"
        )
    threshold = _num(getattr(getattr(policy, "coverage", None), "min_share", None))
    if threshold is None:
        threshold = _num(o.get("min_coverage"))
    if threshold is not None:
        rule = f"评分规则规定：数据覆盖低于 {threshold:.0%} 时不给出总体等级。"
        if coverage is not None and coverage < threshold:
            rule += f"本次覆盖 {coverage:.0%}，低于这一要求，因此不给出总体等级，总分仅供参考。"
        elif coverage is not None:
            rule += f"本次覆盖 {coverage:.0%}，达到这一要求。"
        out.append(rule)
    note = _text(o.get("grade_note"))
    if note and "不给出总体等级" not in note:
        out.append(note + "。")
    score, cons = _num(o.get("score")), _num(o.get("conservative_score"))
    if score is not None and cons is not None:
        grade = _text(o.get("grade")) or "不评定"
        cons_grade = _text(o.get("conservative_grade")) or "不评定"
        out.append(
            f"保守口径：把未报送、无法评估的目标按 0 分计，总分由 {score:.1f} 分变为 {cons:.1f} 分"
            f"（等级「{grade}」→「{cons_grade}」）。"
            "两个数字之间的差距，就是补齐数据之前不能确定的部分。"
        )
    try:
        sens = result.sensitivity()
    except Exception:  # the result may not support it for an empty plan
        sens = None
    if sens is not None and not sens.empty and "score" in sens:
        values = pd.to_numeric(sens["score"], errors="coerce").dropna()
        if not values.empty:
            out.append(
                f"权重敏感性：在 {len(values)} 种不同的权重设定下，总分在 "
                f"{values.min():.1f} 至 {values.max():.1f} 分之间"
                + (
                    "，等级不变。"
                    if "grade" in sens and sens["grade"].nunique() == 1
                    else "，等级可能随权重设定而变化。"
                )
            )
    return out


def paragraphs_html(paragraphs: list[str], css_class: str = "gutang-summary") -> str:
    """Render sentences as escaped ``<p>`` paragraphs in one ``<div>``.

    Examples
    --------
    >>> paragraphs_html(["<b>不是标签</b>"])
    '<div class="gutang-summary"><p>&lt;b&gt;不是标签&lt;/b&gt;</p></div>'
    """
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f'<div class="{html.escape(css_class)}">{body}</div>'


def reliability_html(ctx: Any) -> str:
    """The 评价的可靠程度 block of a report: coverage, the coverage rule for the grade, the
    conservative reading and the sensitivity table (the same in every report).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare(midyear=True)
    >>> out = reliability_html(ctx)
    >>> "保守口径" in out and "不给出总体等级" in out and "<table" in out
    True
    """
    return paragraphs_html(honesty_paragraphs(ctx.result, ctx.policy)) + sensitivity_html(ctx)


def signature_html() -> str:
    """The signature block at the end of a self-evaluation form (填报单位、负责人签字 …).

    Examples
    --------
    >>> "负责人签字" in signature_html()
    True
    """
    cells = "".join(
        "<td style='padding:18px 12px 6px;border:none;vertical-align:bottom;"
        "white-space:nowrap'>"
        f"{html.escape(label)}：<span style='display:inline-block;min-width:9em;"
        f"border-bottom:1px solid #333'>{html.escape(blank) if blank else '&nbsp;'}</span></td>"
        for label, blank in SIGNATURE_FIELDS
    )
    return (
        "<div class='gutang-signature' style='margin:28px 0 8px'>"
        "<table style='border:none;width:100%'><tr>"
        f"{cells}</tr></table></div>"
    )


def shortfalls_html(result: Any, plan: Any, section: str | None = None) -> str:
    """The shortfalls of a programme (or all) with cause and remedy, as escaped HTML.

    Reported shortfalls come first, worst first, each with its cause and remedy (a missing
    cause or remedy is shown as such: self-evaluation rules require both for every target
    not fully met); the targets without figures follow in one line, by title.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> shortfalls_html(ctx.result, ctx.plan, "economy").startswith("<")
    True
    """
    t = shortfalls(result, section)
    if t.empty:
        return "<p>本板块没有未完成、部分完成或未报送的目标。</p>"
    plan_rows = plan.targets.set_index("target_id")
    esc = html.escape
    items = []
    missing = t[t["status"] == "no_data"]
    for r in t[t["status"] != "no_data"].itertuples(index=False):
        p = plan_rows.loc[r.target_id].to_dict() if r.target_id in plan_rows.index else {}
        p.setdefault("kind", r.kind)
        colour = STATUS_COLORS.get(r.status, "#999999")
        cause = _text(r.cause) or "（未填写偏差原因）"
        remedy = _text(r.remedy) or "（未填写改进措施）"
        ratio = _ratio(r.ratio)
        items.append(
            "<li style='margin-bottom:8px'>"
            f"<span style='display:inline-block;padding:0 6px;border-radius:3px;"
            f"background:{colour};color:#fff'>{esc(str(r.status_label))}</span> "
            f"<b>{esc(str(r.title))}</b>（目标：{esc(target_text(p))}"
            f"{'，' + esc(ratio) if ratio else ''}）<br/>"
            f"偏差原因：{esc(cause)}<br/>改进措施：{esc(remedy)}</li>"
        )
    if not missing.empty:
        colour = STATUS_COLORS["no_data"]
        titles = "、".join(esc(str(x)) for x in missing["title"])
        items.append(
            "<li style='margin-bottom:8px'>"
            f"<span style='display:inline-block;padding:0 6px;border-radius:3px;"
            f"background:{colour};color:#fff'>{esc(STATUS_LABELS['no_data'])}</span> "
            f"以下 {len(missing)} 项未报送：{titles}</li>"
        )
    return f"<ul class='gutang-shortfalls'>{''.join(items)}</ul>"


# ---------------------------------------------------------------------------------------
# report blocks: tables and charts of a ReportContext, ready to display


def _fmt_value(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _actual_texts(ctx: Any) -> dict[str, str]:
    """What each target reached, as a reader should see it (value + unit, rank, stage, rating)."""
    return actual_texts(ctx.result, ctx.outcomes)


def scorecard_frame(ctx: Any, section: str | None = None) -> pd.DataFrame:
    """The scorecard of a report: each target in the plan's own words, target, result.

    Columns ``title, source_text, target, actual_text, expected_text, ratio, score,
    status, rule`` (shown), then ``baseline_text, kind, status_label, group_status,
    group_status_label`` (used by the tables); ``expected_text`` (序时进度) only carries
    values in a mid-year check.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> list(scorecard_frame(ctx, "economy").columns)[:3]
    ['title', 'source_text', 'target']
    """
    t = ctx.result.targets
    if section is not None:
        t = t[t["section"] == section]
    plan_rows = ctx.plan.targets.set_index("target_id")
    actual = _actual_texts(ctx)
    rows = []
    for r in t.itertuples(index=False):
        p = plan_rows.loc[r.target_id].to_dict() if r.target_id in plan_rows.index else {}
        p.setdefault("kind", r.kind)
        expected = _num(r.expected)
        rows.append(
            {
                "title": r.title,
                "source_text": _text(p.get("source_text")),
                "target": target_text(p),
                "actual_text": actual.get(r.target_id, ""),
                "expected_text": (
                    f"{_fmt_value(expected)}{_text(r.unit)}" if expected is not None else ""
                ),
                "ratio": r.ratio,
                "score": r.score,
                "status": r.status,
                "rule": r.rule,
                "baseline_text": baseline_text(r),
                "kind": r.kind,
                "status_label": getattr(r, "status_label", None),
                "group_status": getattr(r, "group_status", None),
                "group_status_label": getattr(r, "group_status_label", None),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "title",
            "source_text",
            "target",
            "actual_text",
            "expected_text",
            "ratio",
            "score",
            "status",
            "rule",
            "baseline_text",
            "kind",
            "status_label",
            "group_status",
            "group_status_label",
        ],
    )


_SCORECARD_LABELS = {
    "title": "目标任务",
    "source_text": "计划原文",
    "target": "目标",
    "actual_text": "完成值",
    "expected_text": "序时进度",
    "baseline_text": "基期值",
    "ratio": "完成率",
    "score": "得分",
    "status": "状态",
    "rule": "评分依据",
}


def scorecard_html(ctx: Any, section: str | None = None, *, midyear: bool = False) -> str:
    """The scorecard as an HTML table with status colours (all text escaped)."""
    from .display import frame_html

    cols = ["title", "source_text", "target", "actual_text"]
    cols += ["expected_text"] if midyear else []
    cols += ["ratio", "score", "status", "rule"]
    return frame_html(scorecard_frame(ctx, section), cols, labels=_SCORECARD_LABELS)


def _charts_html(
    ctx: Any, targets: pd.DataFrame, name: str, status_chart: bool = False, midyear: bool = False
) -> str:
    from . import charts

    parts = []
    if status_chart:
        fig = charts.status_counts_chart(targets, title=f"{name}：目标完成状态")
        parts.append(charts.figure_html(fig, f"{name}各目标的完成状态数量"))
    quantified = targets[targets["kind"].isin(charts._RATIO_KINDS)]
    if pd.to_numeric(quantified["ratio"], errors="coerce").notna().any():
        fig = charts.completion_chart(
            targets, title=f"{name}：量化目标完成程度", midyear=midyear, policy=ctx.policy
        )
        parts.append(charts.figure_html(fig, f"{name}各量化目标的完成程度与目标线"))
    directional = targets[targets["kind"] == "direction"]
    if (
        not directional.empty
        and pd.to_numeric(directional["baseline"], errors="coerce").notna().any()
    ):
        fig = charts.direction_chart(targets, title=f"{name}：同比方向目标（本年与基期）")
        parts.append(charts.figure_html(fig, f"{name}同比方向目标的本年值与基期值"))
    return "".join(parts)


def section_html(
    ctx: Any, section: str, *, level: int = 3, midyear: bool = False, status_chart: bool = False
) -> str:
    """One programme's block: heading, summary, scorecard, charts, shortfalls.

    ``status_chart`` adds the programme's status counts (for the one-programme report;
    the annual review shows them for all programmes at once).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> section_html(ctx, "economy").startswith("<h3>")
    True
    """
    name = ctx.section_name(section)
    t = ctx.result.targets
    t = t[t["section"] == section]
    h = f"h{level}"
    sub = f"h{min(level + 1, 6)}"
    return "".join(
        [
            f"<{h}>{html.escape(name)}</{h}>",
            paragraphs_html(section_paragraphs(ctx.result, ctx.plan, section)),
            f"<{sub}>目标完成情况</{sub}>",
            scorecard_html(ctx, section, midyear=midyear),
            _charts_html(ctx, t, name, status_chart, midyear),
            f"<{sub}>差距、原因与改进措施</{sub}>",
            shortfalls_html(ctx.result, ctx.plan, section),
        ]
    )


def overview_charts_html(ctx: Any) -> str:
    """Programme scores and status counts per programme, as embedded images."""
    from . import charts

    t = ctx.result.targets
    parts = [
        charts.figure_html(
            charts.section_scores_chart(
                ctx.result.sections, overall=_num(ctx.result.overall.get("score"))
            ),
            "各板块得分与总分",
        ),
        charts.figure_html(charts.status_counts_chart(t), "各板块目标的完成状态数量"),
    ]
    return "".join(parts)


def self_evaluation_html(ctx: Any) -> str:
    """The self-evaluation table (目标 / 完成值 / 完成率 / 得分 / 偏差原因 / 改进措施)."""
    from .display import frame_html

    frame = scorecard_frame(ctx)
    t = ctx.result.targets.reset_index(drop=True)
    frame["section_name"] = t["section_name"].to_numpy()
    frame["cause"] = t["cause"].map(_text).to_numpy()
    frame["remedy"] = t["remedy"].map(_text).to_numpy()
    short = t["status"].isin(SHORTFALL_STATUSES).to_numpy()
    frame.loc[short & (frame["cause"] == ""), "cause"] = "（未填写）"
    frame.loc[short & (frame["remedy"] == ""), "remedy"] = "（未填写）"
    frame["title"] = frame["title"] + "（" + frame["target"] + "）"
    cols = ["section_name", "title", "baseline_text", "actual_text", "ratio", "score", "status"]
    cols += ["cause", "remedy"]
    labels = {**_SCORECARD_LABELS, "title": "目标", "section_name": "板块"}
    return frame_html(frame, cols, labels=labels)


def overall_html(ctx: Any) -> str:
    """The overall grade block of the self-evaluation: score, grade, coverage."""
    o = ctx.result.overall
    score, coverage = _num(o.get("score")), _num(o.get("coverage"))
    grade = _text(o.get("grade")) or "不评定"
    score_text = f"{score:.1f}" if score is not None else "—"
    cov_text = f"{coverage:.0%}" if coverage is not None else "—"
    note = _text(o.get("grade_note"))
    box = (
        "<div style='display:flex;gap:24px;flex-wrap:wrap;margin:8px 0 12px'>"
        + "".join(
            f"<div style='border:1px solid #ccd;border-radius:6px;padding:8px 16px;'"
            "min-width:120px'>"
            f"<div style='color:#666;font-size:12px'>{html.escape(k)}</div>"
            f"<div style='font-size:24px'>{html.escape(v)}</div></div>"
            for k, v in (
                ("自评总分", score_text),
                ("等级", grade),
                ("数据覆盖（按权重）", cov_text),
            )
        )
        + "</div>"
    )
    return box + (paragraphs_html([note]) if note else "")


def sensitivity_html(ctx: Any) -> str:
    """The overall score under alternative weightings, as a table."""
    from .display import frame_html

    sens = ctx.result.sensitivity()
    return frame_html(sens, ["scenario", "description", "n_targets", "coverage", "score", "grade"])


def missing_html(no_data: pd.DataFrame) -> str:
    """The targets without data (``ScoreResult.no_data`` or a slice), as a table."""
    from .display import frame_html

    if no_data.empty:
        return "<p>所有目标均已报送数据。</p>"
    return frame_html(no_data, ["section_name", "title", "office"])


def midyear_charts_html(ctx: Any) -> str:
    """Mid-year charts: completion against the trajectory, and status counts per programme."""
    from . import charts

    t = ctx.result.targets
    fig = charts.completion_chart(
        t, title=f"截至 {ctx.as_of} 量化目标完成程度与序时进度", midyear=True
    )
    return charts.figure_html(fig, "各量化目标完成程度，黑色短线为序时进度") + charts.figure_html(
        charts.status_counts_chart(t, title="各板块进度状态"), "各板块目标的进度状态数量"
    )


# ---------------------------------------------------------------------------------------
# readable tables for analysts exploring a result in JupyterLab

#: Chinese headers of the columns :func:`readable_targets` shows.
COLUMN_LABELS: dict[str, str] = {
    "target_id": "目标编号",
    "section": "板块编号",
    "section_name": "板块",
    "area": "领域",
    "title": "目标任务",
    "kind": "类型",
    "strength": "要求",
    "target_value": "目标值",
    "unit": "单位",
    "actual": "完成值",
    "baseline": "基期值",
    "expected": "序时进度",
    "ratio": "完成率",
    "score": "得分",
    "status": "状态",
    "status_label": "状态",
    "weight": "权重",
    "office": "责任科室",
    "cause": "偏差原因",
    "remedy": "改进措施",
    "evidence": "佐证材料",
}

_EMPTY = "—"


def _cell(value: object, column: str) -> object:
    from .style import KIND_LABELS

    if column == "kind":
        return KIND_LABELS.get(_text(value), _text(value) or _EMPTY)
    if column == "status":
        return STATUS_LABELS.get(_text(value), _text(value) or _EMPTY)
    if isinstance(value, bool):
        return "是" if value else "否"
    number = _num(value) if isinstance(value, int | float) else None
    if isinstance(value, int | float):
        if number is None:
            return _EMPTY
        if column == "ratio":
            return f"{number:.1%}"
        return _fmt_value(number)
    return _text(value) or _EMPTY


def readable_targets(targets: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """A slice of ``plan.targets`` or ``ScoreResult.targets`` as an analyst reads it.

    Chinese headers (:data:`COLUMN_LABELS`), kinds and statuses in Chinese
    (``style.KIND_LABELS``, ``style.STATUS_LABELS``), numbers rounded to two decimals,
    ``完成率`` as a percentage and every missing value shown as ``—``. The index is the
    target's number (1, 2, …). Values are text: for display, not for further computing.

    Parameters
    ----------
    targets : pandas.DataFrame
        Rows of ``plan.targets`` or ``ScoreResult.targets``.
    columns : list of str, optional
        The columns to show, in order; defaults to every column of ``targets`` that has
        a Chinese header.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> t = ctx.result.targets
    >>> table = readable_targets(t[t["status"] == "not_met"], ["title", "kind", "ratio", "status"])
    >>> list(table.columns)
    ['目标任务', '类型', '完成率', '状态']
    >>> set(table["状态"])
    {'未完成'}
    """
    cols = [c for c in (columns or list(targets.columns)) if c in COLUMN_LABELS]
    rows = [
        {COLUMN_LABELS[c]: _cell(rec[c], c) for c in cols}
        for rec in targets[cols].to_dict("records")
    ]
    labels = list(dict.fromkeys(COLUMN_LABELS[c] for c in cols))
    out = pd.DataFrame(rows, columns=labels)
    out.index = pd.RangeIndex(1, len(out) + 1, name="序号")
    return out


def overall_frame(result: Any) -> pd.DataFrame:
    """The overall result as a small table (index 项目, column 结果), in Chinese.

    总分 and 保守口径总分 to one decimal, 等级 (不评定 when no grade is given), 数据覆盖
    as a percentage, the number of targets and how many were scored; ``—`` for a missing
    figure.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> table = overall_frame(prepare().result)
    >>> table.loc[["总分", "等级", "数据覆盖（按权重）"], "结果"].tolist()
    ['87.7 分', '良', '95%']
    """
    o = result.overall
    score, cons = _num(o.get("score")), _num(o.get("conservative_score"))
    coverage = _num(o.get("coverage"))
    rows = [
        ("总分", f"{score:.1f} 分" if score is not None else _EMPTY),
        ("等级", _text(o.get("grade")) or "不评定"),
        ("数据覆盖（按权重）", f"{coverage:.0%}" if coverage is not None else _EMPTY),
        (
            "保守口径总分（未报送、无法评估按 0 分计）",
            f"{cons:.1f} 分" if cons is not None else _EMPTY,
        ),
        ("保守口径等级", _text(o.get("conservative_grade")) or "不评定"),
        ("目标数", f"{len(result.targets)} 项"),
        ("已评分", f"{int(o['n_scored'])} 项" if _num(o.get("n_scored")) is not None else _EMPTY),
    ]
    note = _text(o.get("grade_note"))
    if note:
        rows.append(("说明", note))
    return pd.DataFrame(rows, columns=["项目", "结果"]).set_index("项目")


def status_table(targets: pd.DataFrame, by: str = "section_name") -> pd.DataFrame:
    """How many targets have each status, per ``by`` (programme by default), in Chinese.

    Statuses are columns in ``style.STATUS_ORDER`` (best first) with their Chinese labels;
    only statuses that occur are shown, and a 合计 column closes each row.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> table = status_table(prepare().result.targets)
    >>> list(table.columns)[:3]
    ['超额完成', '完成', '基本完成']
    >>> table.index.name
    '板块'
    """
    from .style import STATUS_ORDER

    present = [s for s in STATUS_ORDER if s in set(targets["status"])]
    counts = (
        pd.crosstab(targets[by], targets["status"])
        .reindex(index=list(dict.fromkeys(targets[by])), columns=present, fill_value=0)
        .astype(int)
    )
    counts.columns = [STATUS_LABELS.get(s, s) for s in present]
    counts["合计"] = counts.sum(axis=1)
    counts.index.name = COLUMN_LABELS.get(by, by)
    counts.columns.name = None
    return counts
