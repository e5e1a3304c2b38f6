"""The HTML blocks of the reports: paragraphs, scorecards, shortfalls, charts, signature.

The words come from :mod:`phrases` and the tables from :mod:`tables` and :mod:`display`;
every piece of user text is escaped here. Notebooks call these instead of assembling
HTML themselves.
"""

from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

from ._values import total_text
from .display import frame_html
from .labels import COLUMN_LABELS
from .owners import owners_text
from .phrases import (
    SHORTFALL_STATUSES,
    SIGNATURE_FIELDS,
    _fmt_value,
    _num,
    _ratio,
    _text,
    baseline_text,
    honesty_paragraphs,
    section_paragraphs,
    shortfalls,
    target_text,
)
from .style import STATUS_COLORS, STATUS_LABELS, STATUS_TEXT_COLORS

__all__ = [
    "OUTLINES",
    "REPORT_CHARTS",
    "draw_ahead",
    "heading_html",
    "midyear_charts_html",
    "missing_html",
    "overall_html",
    "overview_charts_html",
    "paragraphs_html",
    "reliability_html",
    "scorecard_frame",
    "scorecard_html",
    "section_anchor",
    "section_html",
    "section_score_html",
    "self_evaluation_html",
    "sensitivity_html",
    "shortfalls_html",
    "signature_html",
    "toc_html",
]


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
    >>> "有数据指标平均得分" in out and "不是总分" in out and "<table" in out
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
    fields = "".join(
        "<div style='flex:1 1 15em;padding:18px 0 6px;break-inside:avoid'>"
        f"{html.escape(label)}：<span style='display:inline-block;min-width:8em;"
        f"border-bottom:1px solid #333'>{html.escape(blank) if blank else '&nbsp;'}</span></div>"
        for label, blank in SIGNATURE_FIELDS
    )
    # the fields wrap onto a second line on a narrow page or a printed A4 sheet instead of
    # running off its edge ("日" cut off)
    return (
        "<div class='gutang-signature' style='margin:28px 0 8px;display:flex;flex-wrap:wrap;"
        f"column-gap:24px;break-inside:avoid'>{fields}</div>"
    )


def _owner_of(row: Any) -> str:
    """Who answers for a target (from the 分解表 columns of a score result's row)."""
    return owners_text(
        getattr(row, "lead", None), getattr(row, "office", None), getattr(row, "partners", None)
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
    noted = _noted_targets(result, section)
    if t.empty and noted.empty:
        return "<p>本板块没有未完成、部分完成或未报送的目标。</p>"
    plan_rows = _plan_rows(plan, pd.concat([t["target_id"], noted["target_id"]]))
    esc = html.escape
    items = []
    missing = t[t["status"] == "no_data"]
    for r in t[t["status"] != "no_data"].itertuples(index=False):
        p = dict(plan_rows.get(str(r.target_id), {}))
        p.setdefault("kind", r.kind)
        colour = STATUS_COLORS.get(r.status, "#999999")
        ink = STATUS_TEXT_COLORS.get(r.status, "#111111")
        cause = _text(r.cause) or "（未填写偏差原因）"
        remedy = _text(r.remedy) or "（未填写改进措施）"
        ratio = _ratio(r.ratio)
        items.append(
            "<li style='margin-bottom:8px'>"
            f"<span style='display:inline-block;padding:0 6px;border-radius:3px;"
            f"background:{colour};color:{ink}'>{esc(str(r.status_label))}</span> "
            f"<b>{esc(str(r.title))}</b>（目标：{esc(target_text(p))}"
            f"{'，' + esc(ratio) if ratio else ''}）<br/>"
            f"偏差原因：{esc(cause)}<br/>改进措施：{esc(remedy)}"
            + (f"<br/>{esc(owner)}" if (owner := _owner_of(r)) else "")
            + "</li>"
        )
    if not missing.empty:
        colour, ink = STATUS_COLORS["no_data"], STATUS_TEXT_COLORS["no_data"]
        titles = "、".join(
            esc(str(r.title) + _written_note(r)) for r in missing.itertuples(index=False)
        )
        items.append(
            "<li style='margin-bottom:8px'>"
            f"<span style='display:inline-block;padding:0 6px;border-radius:3px;"
            f"background:{colour};color:{ink}'>{esc(STATUS_LABELS['no_data'])}</span> "
            f"以下 {len(missing)} 项未报送：{titles}</li>"
        )
    for r in noted.itertuples(index=False):
        p = dict(plan_rows.get(str(r.target_id), {}))
        p.setdefault("kind", r.kind)
        colour = STATUS_COLORS.get(r.status, "#999999")
        ink = STATUS_TEXT_COLORS.get(r.status, "#111111")
        ratio = _ratio(r.ratio)
        value = _num(r.ratio)
        short = value is not None and value < 1
        note = (
            f"；按“{_text(r.strength) or '未注明'}”类完成线计为{_text(r.status_label)}，"
            "但未达到目标值"
            if short
            else ""
        )
        lines = [
            f"{label}：{esc(text)}"
            for label, text in (("偏差原因", _text(r.cause)), ("改进措施", _text(r.remedy)))
            if text
        ]
        items.append(
            "<li style='margin-bottom:8px'>"
            f"<span style='display:inline-block;padding:0 6px;border-radius:3px;"
            f"background:{colour};color:{ink}'>{esc(str(r.status_label))}</span> "
            f"<b>{esc(str(r.title))}</b>（目标：{esc(target_text(p))}"
            f"{'，' + esc(ratio) if ratio else ''}{esc(note)}）<br/>"
            f"{'<br/>'.join(lines)}</li>"
        )
    return f"<ul class='gutang-shortfalls'>{''.join(items)}</ul>"


def _written_note(row: Any) -> str:
    """What an office wrote for a target without figures: ``（偏差原因：…；改进措施：…）``."""
    parts = [
        f"{label}：{text}"
        for label, text in (("偏差原因", _text(row.cause)), ("改进措施", _text(row.remedy)))
        if text
    ]
    return f"（{'；'.join(parts)}）" if parts else ""


def _noted_targets(result: Any, section: str | None = None) -> pd.DataFrame:
    """Targets not counted as shortfalls for which the office still wrote a cause or remedy.

    A 力争 target reached at 92 % counts as 完成, yet its office explains the gap: what it
    wrote is shown with the shortfalls, never dropped.
    """
    t = result.targets
    if section is not None:
        t = t[t["section"] == section]
    written = t["cause"].map(_text).ne("") | t["remedy"].map(_text).ne("")
    return t[written & ~t["status"].isin(SHORTFALL_STATUSES)]


# ---------------------------------------------------------------------------------------
# report blocks: tables and charts of a ReportContext, ready to display


def _plan_rows(plan: Any, ids: pd.Series) -> dict[str, dict]:
    """The plan's row of each of these targets, by target id."""
    rows = plan.targets[plan.targets["target_id"].isin(ids)]
    return {str(row["target_id"]): row for row in rows.to_dict("records")}


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
    plan_rows = _plan_rows(ctx.plan, t["target_id"])
    actual = ctx.actual_texts
    rows = []
    for r in t.itertuples(index=False):
        p = dict(plan_rows.get(str(r.target_id), {}))
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
                "schedule_ratio": getattr(r, "schedule_ratio", None),
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
            "schedule_ratio",
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
    "expected_text": COLUMN_LABELS["expected"],
    "baseline_text": "基期值",
    "ratio": COLUMN_LABELS["ratio"],
    "schedule_ratio": COLUMN_LABELS["schedule_ratio"],
    "score": "得分",
    "status": "状态",
    "rule": "评分依据",
}


def scorecard_html(ctx: Any, section: str | None = None, *, midyear: bool = False) -> str:
    """The scorecard as an HTML table with status colours (all text escaped).

    A 基期值 column is shown when any target of the table has a baseline value.
    """

    frame = scorecard_frame(ctx, section)
    cols = ["title", "source_text", "target"]
    cols += ["baseline_text"] if frame["baseline_text"].ne("").any() else []
    cols += ["actual_text"]
    cols += ["expected_text"] if midyear else []
    cols += ["ratio"] + (["schedule_ratio"] if midyear else []) + ["score", "status", "rule"]
    name = ctx.section_name(section) if section is not None else "全部板块"
    caption = f"{name}：各目标{'进度' if midyear else '完成情况'}"
    return frame_html(frame, cols, labels=_SCORECARD_LABELS, caption=caption)


def _block_charts(
    ctx: Any, targets: pd.DataFrame, name: str, status_chart: bool = False, midyear: bool = False
) -> list[Any]:
    """The charts of one programme's block, in order (:class:`~gutang_analysis.charts.Drawing`)."""
    from . import charts

    out = []
    if status_chart:
        out.append(
            charts.Drawing(
                charts.status_counts_chart,
                targets,
                f"{name}各目标的完成状态数量",
                {"title": f"{name}：目标完成状态"},
            )
        )
    quantified = targets[targets["kind"].isin(charts._RATIO_KINDS)]
    if pd.to_numeric(quantified["ratio"], errors="coerce").notna().any():
        out.append(
            charts.Drawing(
                charts.completion_chart,
                targets,
                f"{name}各量化目标的完成程度与目标线",
                {"title": f"{name}：量化目标完成程度", "midyear": midyear, "policy": ctx.policy},
            )
        )
    directional = targets[targets["kind"] == "direction"]
    if (
        not directional.empty
        and pd.to_numeric(directional["baseline"], errors="coerce").notna().any()
    ):
        out.append(
            charts.Drawing(
                charts.direction_chart,
                targets,
                f"{name}同比方向目标的本年值与基期值",
                {"title": f"{name}：同比方向目标（本年与基期）"},
            )
        )
    return out


def _charts_html(drawings: list[Any]) -> str:
    from . import charts

    return charts.drawings_html(drawings)


def _section_targets(ctx: Any, section: str) -> pd.DataFrame:
    t = ctx.result.targets
    return t[t["section"] == section]


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
    >>> section_html(ctx, "economy").startswith('<h3 id="section-economy">')
    True
    """
    name = ctx.section_name(section)
    t = _section_targets(ctx, section)
    h = f"h{level}"
    sub = f"h{min(level + 1, 6)}"
    return "".join(
        [
            f'<{h} id="{section_anchor(section)}">{html.escape(name)}</{h}>',
            paragraphs_html(section_paragraphs(ctx.result, ctx.plan, section)),
            f"<{sub}>目标完成情况</{sub}>",
            scorecard_html(ctx, section, midyear=midyear),
            _charts_html(_block_charts(ctx, t, name, status_chart, midyear)),
            f"<{sub}>差距、原因与改进措施</{sub}>",
            shortfalls_html(ctx.result, ctx.plan, section),
        ]
    )


#: The numbered parts of the long reports, in order: (anchor key, heading). The part
#: whose key is ``sections`` holds one block per programme, listed under it in the table
#: of contents.
OUTLINES: dict[str, tuple[tuple[str, str], ...]] = {
    "annual_review": (
        ("overall", "一、总体情况"),
        ("sections", "二、分板块评估"),
        ("reliability", "三、评价的可靠程度"),
        ("method", "四、评分方法"),
    ),
    "self_evaluation": (
        ("overall", "一、总体评价"),
        ("sections", "二、分项自评"),
        ("reliability", "三、评价的可靠程度"),
        ("signature", "四、签字确认"),
    ),
    "midyear_check": (
        ("overall", "一、总体进度"),
        ("sections", "二、分板块进度"),
        ("reliability", "三、评价的可靠程度"),
    ),
}


def section_anchor(section: str) -> str:
    """The ``id`` of a programme's heading: ``section-`` and its id, spaces made dashes.

    Examples
    --------
    >>> section_anchor("economy"), section_anchor("a b<")
    ('section-economy', 'section-a-b&lt;')
    """
    return "section-" + html.escape(re.sub(r"\s+", "-", str(section).strip()))


def _part_anchor(key: str) -> str:
    return f"part-{key}"


def heading_html(report: str, key: str, *, level: int = 2) -> str:
    """A numbered heading of a long report, with the anchor the table of contents uses.

    Examples
    --------
    >>> heading_html("annual_review", "overall")
    '<h2 id="part-overall">一、总体情况</h2>'
    """
    text = dict(OUTLINES[report])[key]
    return f'<h{level} id="{_part_anchor(key)}">{html.escape(text)}</h{level}>'


def toc_html(ctx: Any, report: str) -> str:
    """The table of contents of a long report: its numbered parts and, under the part of
    the programmes, every programme, each a link to its heading.

    Parameters
    ----------
    ctx : ReportContext
    report : str
        A key of :data:`OUTLINES` (``annual_review``, ``self_evaluation``,
        ``midyear_check``).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> page = toc_html(ctx, "annual_review")
    >>> '<a href="#part-overall">一、总体情况</a>' in page
    True
    >>> page.count('href="#section-') == len(ctx.sections)
    True
    """
    esc = html.escape
    # the parts carry their own numbers (一、二、…): no list markers
    plain = "list-style:none;margin:0;padding-left:0"
    item = "margin:2px 0"
    items = []
    for key, text in OUTLINES[report]:
        sub = ""
        if key == "sections":
            sub = "".join(
                f'<li style="{item}"><a href="#{section_anchor(sid)}">{esc(name)}</a></li>'
                for sid, name in ctx.sections
            )
            sub = f'<ol class="gutang-toc-sections" style="{plain};padding-left:2em">{sub}</ol>'
        items.append(f'<li style="{item}"><a href="#{_part_anchor(key)}">{esc(text)}</a>{sub}</li>')
    # on paper the links lead nowhere and the numbered headings are the guide
    return (
        "<style>@media print { nav.gutang-toc { display: none; } }</style>"
        '<nav class="gutang-toc" aria-label="目录" style="border:1px solid #ccd;'
        'border-radius:6px;background:#f7f9fc;padding:8px 16px;margin:0 0 20px;max-width:40em">'
        '<p class="gutang-toc-title" style="margin:0 0 4px;font-weight:bold">目录</p>'
        f'<ol style="{plain}">{"".join(items)}</ol></nav>'
    )


def section_score_html(ctx: Any, section: str) -> str:
    """One programme's own score, grade (等级) and coverage, as figure boxes.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> page = section_score_html(ctx, "economy")
    >>> "板块得分" in page and "等级" in page and "数据覆盖（按权重）" in page
    True
    """
    s = ctx.result.sections
    row = s[s["section"] == section]
    if row.empty:
        return ""
    rec = row.iloc[0]
    score, coverage = _num(rec.get("score")), _num(rec.get("coverage"))
    grade = _text(rec.get("grade")) or "不评定"
    boxes = _figure_boxes(
        (
            ("板块得分", total_text(score)),
            ("等级", grade),
            ("数据覆盖（按权重）", f"{coverage:.0%}" if coverage is not None else "—"),
            ("目标数", f"{int(rec.get('n_targets', 0))} 项"),
            ("全计划总分", total_text(ctx.result.overall.get("score"))),
        )
    )
    note = []
    if score is not None and not _text(rec.get("grade")):
        note.append("本板块数据覆盖不足，不评定等级，得分仅供参考。")
    return boxes + (paragraphs_html(note) if note else "")


def _overview_charts(ctx: Any) -> list[Any]:
    """Programme scores and status counts per programme (drawings)."""
    from . import charts

    return [
        charts.Drawing(
            charts.section_scores_chart,
            ctx.result.sections,
            "各板块得分与总分",
            {"overall": _num(ctx.result.overall.get("score"))},
        ),
        charts.Drawing(charts.status_counts_chart, ctx.result.targets, "各板块目标的完成状态数量"),
    ]


def overview_charts_html(ctx: Any) -> str:
    """Programme scores and status counts per programme, as embedded images."""
    return _charts_html(_overview_charts(ctx))


def self_evaluation_html(ctx: Any, section: str | None = None, *, level: int = 3) -> str:
    """The self-evaluation table (目标 / 完成值 / 完成率 / 得分 / 偏差原因 / 改进措施 / 提示).

    With ``section`` the table of one programme; without, one table per programme, each
    under a heading with its anchor (:func:`section_anchor`), as the table of contents
    links them. Every cause and remedy an office wrote is shown, whatever the status;
    a target that fell short without one shows “（未填写）”.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> page = self_evaluation_html(ctx)
    >>> page.count("<h3 id=") == len(ctx.sections), "2所普惠幼儿园等级评定延期" in page
    (True, True)
    """

    if section is None:
        h = f"h{level}"
        return "".join(
            f'<{h} id="{section_anchor(sid)}">{html.escape(name)}</{h}>'
            + self_evaluation_html(ctx, sid)
            for sid, name in ctx.sections
        )
    frame = scorecard_frame(ctx, section)
    t = ctx.result.targets
    t = t[t["section"] == section].reset_index(drop=True)
    frame["section_name"] = t["section_name"].to_numpy()
    frame["cause"] = t["cause"].map(_text).to_numpy()
    frame["remedy"] = t["remedy"].map(_text).to_numpy()
    short = t["status"].isin(SHORTFALL_STATUSES).to_numpy()
    frame.loc[short & (frame["cause"] == ""), "cause"] = "（未填写）"
    frame.loc[short & (frame["remedy"] == ""), "remedy"] = "（未填写）"
    frame["flag"] = t["flag"].map(_text).to_numpy()
    frame["title"] = frame["title"] + "（" + frame["target"] + "）"
    cols = ["title"]
    cols += ["baseline_text"] if frame["baseline_text"].ne("").any() else []
    cols += ["actual_text", "ratio", "score", "status", "cause", "remedy"]
    cols += ["flag"] if frame["flag"].ne("").any() else []
    labels = {**_SCORECARD_LABELS, "title": "目标", "section_name": "板块", "flag": "提示"}
    caption = f"{ctx.section_name(section)}：分项自评"
    return frame_html(frame, cols, labels=labels, caption=caption)


def overall_html(ctx: Any) -> str:
    """The overall grade block of the self-evaluation: score, grade, coverage."""
    o = ctx.result.overall
    score, coverage = _num(o.get("score")), _num(o.get("coverage"))
    grade = _text(o.get("grade")) or "不评定"
    score_text = total_text(score)
    cov_text = f"{coverage:.0%}" if coverage is not None else "—"
    note = _text(o.get("grade_note"))
    box = _figure_boxes(
        (("自评总分", score_text), ("等级", grade), ("数据覆盖（按权重）", cov_text))
    )
    return box + (paragraphs_html([note]) if note else "")


def _figure_boxes(pairs: tuple[tuple[str, str], ...]) -> str:
    """Labelled figures side by side (score, grade, coverage), escaped."""
    return (
        "<div class='gutang-figures' style='display:flex;gap:24px;flex-wrap:wrap;"
        "margin:8px 0 12px'>"
        + "".join(
            "<div style='border:1px solid #ccd;border-radius:6px;padding:8px 16px;"
            "min-width:120px'>"
            f"<div style='color:#555;font-size:12px'>{html.escape(k)}</div>"
            f"<div style='font-size:24px'>{html.escape(v)}</div></div>"
            for k, v in pairs
        )
        + "</div>"
    )


def sensitivity_html(ctx: Any) -> str:
    """The overall score under alternative weightings, as a table.

    计入权重 is the share of the main reading's weight the reading counts (47% for
    仅量化指标 in the example: the rest is self-rated).
    """

    sens = ctx.result.sensitivity().copy()
    share = pd.to_numeric(sens.get("weight_share"), errors="coerce")
    sens["weight_share_text"] = [
        "" if pd.isna(v) else f"{v:.0%}" for v in share.reindex(sens.index)
    ]
    cols = ["scenario", "description", "n_targets", "weight_share_text", "coverage"]
    labels = {"weight_share_text": "计入权重", "score": "该读数得分", "grade": "对应等级"}
    return frame_html(
        sens, [*cols, "score", "grade"], labels=labels, caption="不同口径与权重设定下的读数"
    )


def missing_html(no_data: pd.DataFrame) -> str:
    """The targets without data (``ScoreResult.no_data`` or a slice), as a table."""

    if no_data.empty:
        return "<p>所有目标均已报送数据。</p>"
    return frame_html(no_data, ["section_name", "title", "office"], caption="未报送数据的目标")


def _midyear_charts(ctx: Any) -> list[Any]:
    """Completion against the trajectory, and status counts per programme (drawings)."""
    from . import charts

    t = ctx.result.targets
    return [
        charts.Drawing(
            charts.completion_chart,
            t,
            "各量化目标完成程度，黑色短线为序时进度",
            {"title": f"截至 {ctx.as_of} 量化目标完成程度与序时进度", "midyear": True},
        ),
        charts.Drawing(
            charts.status_counts_chart, t, "各板块目标的进度状态数量", {"title": "各板块进度状态"}
        ),
    ]


def midyear_charts_html(ctx: Any) -> str:
    """Mid-year charts: completion against the trajectory, and status counts per programme."""
    return _charts_html(_midyear_charts(ctx))


#: The charts of each long report, part by part: the overview (``overview`` or
#: ``midyear``) and one block per programme (``sections``). :func:`draw_ahead` draws them.
REPORT_CHARTS: dict[str, tuple[str, ...]] = {
    "annual_review": ("overview", "sections"),
    "self_evaluation": ("overview",),
    "midyear_check": ("midyear", "sections"),
}


def draw_ahead(ctx: Any, report: str) -> bool:
    """Start drawing a long report's charts ahead of it, on a processor the build leaves
    idle (:func:`gutang_analysis.charts.draw_ahead`); the report then reads each chart
    finished ahead instead of drawing it. Outside such a build nothing happens.

    Parameters
    ----------
    ctx : ReportContext
    report : str
        A key of :data:`REPORT_CHARTS` (``annual_review``, ``self_evaluation``,
        ``midyear_check``).

    Returns
    -------
    bool
        Whether the charts are being drawn ahead.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> draw_ahead(prepare(), "annual_review")  # not in a build
    False
    """
    from . import charts

    midyear = report == "midyear_check"
    draws: list[Any] = []
    for part in REPORT_CHARTS[report]:
        if part == "overview":
            draws += _overview_charts(ctx)
        elif part == "midyear":
            draws += _midyear_charts(ctx)
        else:
            for section, name in ctx.sections:
                t = _section_targets(ctx, section)
                draws += _block_charts(ctx, t, name, midyear=midyear)
    return charts.draw_ahead(draws)


# ---------------------------------------------------------------------------------------
# readable tables for analysts exploring a result in JupyterLab
