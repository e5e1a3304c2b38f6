"""Two results side by side: two periods, two policies, two years or two sub-districts.

:func:`compare` lines up the targets of two score results and says, per target, how the
score and the status moved (改善/退步/不变/新增数据/数据缺失). Results of the same plan
(mid-year against year-end, the default policy against a what-if policy) match by target
id. Results of different plans (two years, two sub-districts) never match by id (each
plan's ids are generated on their own): they match by what a target measures, the
indicator, the kind and the unit (:mod:`gutang_analysis.matching`), and each pair says
how it was made. Which targets matched, and which did not, is part of the answer.
:func:`compare_chart` draws the score changes;
:func:`comparison_view` puts the Chinese headers on.

This module imports pandas only when called, so ``from gutang_analysis import compare``
stays fast.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .errors import Problem, UsageError
from .labels import COLUMN_LABELS, STATUS_LABELS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

__all__ = [
    "CHANGE_LABELS",
    "COMPARE_COLUMNS",
    "WhatIf",
    "compare",
    "compare_chart",
    "comparison_view",
    "explain_change",
    "indicator_key",
    "style_comparison",
    "what_if",
]

#: Columns of the frame :func:`compare` returns.
COMPARE_COLUMNS: tuple[str, ...] = (
    "target_id",
    "target_id_b",
    "section_name",
    "title",
    "a",
    "b",
    "change",
    "status_a",
    "status_b",
    "status_change",
    "matched_by",
)

#: The values of ``status_change``, in the order a reader wants them.
CHANGE_LABELS: tuple[str, ...] = (
    "改善",
    "退步",
    "不变",
    "新增数据",
    "数据缺失",
    "均无数据",
    "未匹配",
)

#: How good a status is (lower is better); unscored statuses have no rank.
_RANK: dict[str, int] = {
    "exceeded": 0,
    "met": 1,
    "on_track": 1,
    "nearly_met": 2,
    "partial": 3,
    "behind": 3,
    "not_met": 4,
}


def indicator_key(title: Any) -> str:
    """The indicator a title names (:func:`gutang_analysis.matching.indicator_key`).

    Examples
    --------
    >>> indicator_key("实际利用外资3亿美元") == indicator_key("实际利用外资 3.5 亿美元")
    True
    """
    from .matching import indicator_key as key

    return key(title)


def _side(value: Any, which: str) -> tuple[pd.DataFrame, str | None, Any, Any]:
    """(targets frame, plan id, plan year, unit registry) of a ScoreResult, a Run or a
    targets frame (the unknowns None)."""
    import pandas as pd

    obj, units = value, None
    if hasattr(obj, "result") and hasattr(obj, "plan") and hasattr(obj, "inputs"):  # a Run
        units = getattr(obj.plan, "units", None)
        obj = obj.result
    need = {"target_id", "title", "score", "status"}
    targets = getattr(obj, "targets", None)
    if isinstance(targets, pd.DataFrame) and need <= set(targets.columns):
        return targets, getattr(obj, "plan_id", None), getattr(obj, "year", None), units
    if isinstance(obj, pd.DataFrame) and need <= set(obj.columns):
        return obj, None, None, None
    raise UsageError(
        "compare 需要两个评分结果",
        [
            Problem(
                None,
                None,
                which,
                type(value).__name__,
                "score() 的评分结果（如 run.result、run.midyear_result）或其 targets 表",
            )
        ],
    )


def _finite(value: Any) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out if math.isfinite(out) else math.nan


def _change(status_a: Any, status_b: Any, score_a: float, score_b: float) -> str:
    scored_a, scored_b = not math.isnan(score_a), not math.isnan(score_b)
    if not scored_a and not scored_b:
        return "均无数据"
    if not scored_a:
        return "新增数据"
    if not scored_b:
        return "数据缺失"
    ra, rb = _RANK.get(str(status_a)), _RANK.get(str(status_b))
    if ra is None or rb is None or ra == rb:
        return "不变"
    return "改善" if rb < ra else "退步"


def compare(
    a: Any,
    b: Any,
    *,
    names: tuple[str, str] = ("前", "后"),
    match: str = "auto",
) -> pd.DataFrame:
    """Line up two results target by target: score change and status change.

    Parameters
    ----------
    a, b : ScoreResult, Run or pandas.DataFrame
        The earlier (or reference) and the later (or alternative) result: e.g.
        ``run.midyear_result`` and ``run.result``, or a result under the default policy and
        one under a what-if policy. A run stands for its year-end result.
    names : (str, str)
        What to call the two results in labels and sentences (``("年中", "年终")``).
    match : {"auto", "target_id", "indicator"}
        ``"target_id"``: match by id only (two results of one plan; refused for two
        plans, whose ids are generated each on its own). ``"indicator"``: by what the
        targets measure only (:func:`gutang_analysis.matching.match_targets`: the
        indicator, the kind and the unit). ``"auto"`` (default): results of one plan by
        id, then the targets left over by what they measure; results of two plans by
        what they measure only, never by id.

    Returns
    -------
    pandas.DataFrame
        One row per target of either result (:data:`COMPARE_COLUMNS`): ``a`` and ``b``
        the two scores, ``change`` = b − a, ``status_a``/``status_b`` the Chinese
        statuses, ``status_change`` one of :data:`CHANGE_LABELS`, ``matched_by``
        (how the pair was made, :data:`gutang_analysis.matching.METHODS`: 目标编号（同一
        计划）, 指标名称相同, 同一指标（指标登记表：…）, 名称相近（…）; None for a target
        found on one side only). ``attrs``:
        ``names``, ``matched`` (number of matched targets), ``only_a`` and ``only_b``
        (titles of the unmatched targets), ``same_plan``.

    Raises
    ------
    UsageError
        When an argument is not a result, ``match`` is not an allowed value, ids are
        asked to match two different plans, or nothing matches at all.

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> run = examples.gutang_2022()
    >>> diff = compare(run.midyear_result, run.result, names=("年中", "年终"))
    >>> diff.attrs["matched"], diff.attrs["only_a"], diff.attrs["only_b"]
    (93, [], [])
    >>> row = diff.set_index("target_id").loc["econ-fdi-utilised"]
    >>> row["status_a"], row["status_b"], row["status_change"]
    ('进度滞后', '部分完成', '不变')
    """
    import pandas as pd

    if match not in ("auto", "target_id", "indicator"):
        raise UsageError(
            "参数 match 的取值不对",
            [Problem(None, None, "match", str(match)[:80], "auto、target_id、indicator 之一")],
        )
    if not (isinstance(names, tuple | list) and len(names) == 2):
        raise UsageError(
            "参数 names 的格式不对",
            [Problem(None, None, "names", str(names)[:80], '两个名称，如 ("年中", "年终")')],
        )
    from .matching import match_targets

    ta, plan_a, year_a, units_a = _side(a, "a")
    tb, plan_b, year_b, units_b = _side(b, "b")
    same_plan = plan_a is not None and plan_a == plan_b and year_a == year_b
    if match == "target_id" and not same_plan:
        raise UsageError(
            "两份不同计划的目标不能按目标编号对应",
            [
                Problem(
                    None,
                    None,
                    "match",
                    f"target_id（{plan_a or '结果甲'} 与 {plan_b or '结果乙'}）",
                    "目标编号由各计划各自生成，同一编号在两份计划中往往是两项不相干的目标；"
                    '请用 match="auto" 或 match="indicator"（按指标、类型和单位对应）',
                )
            ],
        )
    ids_a = [str(t) for t in ta["target_id"]]
    ids_b = [str(t) for t in tb["target_id"]]
    if match == "target_id":
        in_b = set(ids_b)
        pairs = [(t, t, "目标编号（同一计划）") for t in ids_a if t in in_b]
    else:
        pairs = match_targets(
            ta, tb, same_plan=same_plan and match == "auto", units_a=units_a, units_b=units_b
        )
    if not pairs:
        raise UsageError(
            "两个评分结果没有可以对应的目标",
            [
                Problem(
                    None,
                    None,
                    "a, b",
                    f"{plan_a or '结果甲'} 与 {plan_b or '结果乙'}",
                    "同一份计划的两个结果，或有相同指标（指标名称、类型和计量单位一致）的"
                    "两份计划的结果",
                )
            ],
        )
    ra = ta.assign(target_id=ta["target_id"].astype(str)).set_index("target_id")
    rb = tb.assign(target_id=tb["target_id"].astype(str)).set_index("target_id")
    rows = []
    for ia, ib, by in pairs:
        x, y = ra.loc[ia], rb.loc[ib]
        sa, sb = _finite(x["score"]), _finite(y["score"])
        rows.append(
            {
                "target_id": ia,
                "target_id_b": ib,
                "section_name": x.get("section_name"),
                "title": x["title"],
                "a": sa,
                "b": sb,
                "change": sb - sa,
                "status_a": STATUS_LABELS.get(str(x["status"]), x["status"]),
                "status_b": STATUS_LABELS.get(str(y["status"]), y["status"]),
                "status_change": _change(x["status"], y["status"], sa, sb),
                "matched_by": by,
            }
        )
    paired_a, paired_b = {p[0] for p in pairs}, {p[1] for p in pairs}
    only_a = [t for t in ids_a if t not in paired_a]
    only_b = [t for t in ids_b if t not in paired_b]
    for tid, frame, side in [(t, ra, "a") for t in only_a] + [(t, rb, "b") for t in only_b]:
        r = frame.loc[tid]
        s = _finite(r["score"])
        status = STATUS_LABELS.get(str(r["status"]), r["status"])
        rows.append(
            {
                "target_id": tid if side == "a" else None,
                "target_id_b": tid if side == "b" else None,
                "section_name": r.get("section_name"),
                "title": r["title"],
                "a": s if side == "a" else math.nan,
                "b": s if side == "b" else math.nan,
                "change": math.nan,
                "status_a": status if side == "a" else None,
                "status_b": status if side == "b" else None,
                "status_change": "未匹配",
                "matched_by": None,
            }
        )
    out = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    for c in ("a", "b", "change"):
        out[c] = out[c].astype("float64")
    out["status_change"] = pd.Categorical(out["status_change"], CHANGE_LABELS, ordered=True)
    out.attrs.update(
        {
            "names": tuple(str(n) for n in names),
            "matched": len(pairs),
            "only_a": [str(ra.loc[t, "title"]) for t in only_a],
            "only_b": [str(rb.loc[t, "title"]) for t in only_b],
            "same_plan": same_plan,
        }
    )
    return out


def comparison_view(diff: pd.DataFrame) -> pd.DataFrame:
    """A :func:`compare` frame with Chinese headers (numbers stay numbers).

    Headers come from the package vocabulary (``labels.COLUMN_LABELS``) and the two names
    given to :func:`compare`: ``得分（年中）``, ``得分（年终）``, ``得分变化``, ``状态（年中）`` …

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> run = examples.gutang_2022()
    >>> view = comparison_view(compare(run.midyear_result, run.result, names=("年中", "年终")))
    >>> list(view.columns)[:6]
    ['目标编号', '板块', '目标任务', '得分（年中）', '得分（年终）', '得分变化']
    """
    na, nb = diff.attrs.get("names", ("前", "后"))
    score, status, tid = COLUMN_LABELS["score"], COLUMN_LABELS["status"], COLUMN_LABELS["target_id"]
    headers = {
        "target_id": tid,
        "section_name": COLUMN_LABELS["section_name"],
        "title": COLUMN_LABELS["title"],
        "a": f"{score}（{na}）",
        "b": f"{score}（{nb}）",
        "change": f"{score}变化",
        "status_a": f"{status}（{na}）",
        "status_b": f"{status}（{nb}）",
        "status_change": f"{status}变化",
        "matched_by": "匹配方式",
        "target_id_b": f"{tid}（{nb}）",
    }
    cols = [c for c in headers if c in diff.columns]
    if (
        diff.attrs.get("same_plan", True)
        and (diff["target_id_b"].isna() | (diff["target_id_b"] == diff["target_id"])).all()
    ):
        cols = [c for c in cols if c not in ("target_id_b", "matched_by")]
    out = diff[cols].rename(columns=headers)
    out.index = range(1, len(out) + 1)
    out.index.name = "序号"
    out.attrs = dict(diff.attrs)
    return out


def style_comparison(diff: pd.DataFrame):
    """A :func:`compare` frame for reading: Chinese headers, one-decimal scores, colours.

    Scores to one decimal, the change with its sign (``+3.0``), ``—`` for a missing
    score, each status in its house colour and 改善/退步 in green/red; user text escaped.

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> run = examples.gutang_2022()
    >>> html = style_comparison(compare(run.midyear_result, run.result)).to_html()
    >>> "得分变化" in html and "改善" in html
    True
    """
    from .tables import _status_css

    view = comparison_view(diff) if "target_id" in diff.columns else diff
    scores = [c for c in view.columns if str(c).startswith("得分（")]
    change = [c for c in view.columns if c == "得分变化"]
    styler = view.style.format(na_rep="—", escape="html")
    styler = styler.format("{:.1f}", subset=scores, na_rep="—")
    styler = styler.format("{:+.1f}", subset=change, na_rep="—")
    statuses = [c for c in view.columns if str(c).startswith("状态（")]
    if statuses:
        styler = styler.map(_status_css, subset=statuses)
    if "状态变化" in view.columns:
        colours = {
            "改善": "color: #1a7f4b; font-weight: bold",
            "退步": "color: #c0392b; font-weight: bold",
        }
        styler = styler.map(lambda v: colours.get(str(v), ""), subset=["状态变化"])
    return styler


def compare_chart(
    diff: pd.DataFrame, *, title: str | None = None, top: int = 20, width: float = 8.0
) -> Figure:
    """The largest score changes of a :func:`compare` frame as horizontal bars.

    Bars right of zero are gains, left of zero losses, coloured by the status in the
    later result (the house status colours); at most ``top`` targets, largest change
    first.

    Parameters
    ----------
    diff : pandas.DataFrame
        What :func:`compare` returned.
    title : str, optional
        The chart title (default: ``得分变化：前 → 后`` with the two names).
    top : int
        How many targets to draw at most.
    width : float
        Figure width in inches.

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> run = examples.gutang_2022()
    >>> fig = compare_chart(compare(run.midyear_result, run.result, names=("年中", "年终")))
    >>> fig.axes[0].get_xlabel()
    '得分变化（年终 − 年中）'
    """
    from .charts import house_style

    with house_style():  # the analyst's own matplotlib settings are back afterwards
        return _compare_chart(diff, title=title, top=top, width=width)


def _compare_chart(diff: pd.DataFrame, *, title: str | None, top: int, width: float) -> Figure:
    import pandas as pd

    from .charts import ChartFigure, _empty, _label_margin, _set_alt
    from .style import STATUS_COLORS

    if not isinstance(diff, pd.DataFrame) or not {"change", "status_b", "title"} <= set(
        diff.columns
    ):
        raise UsageError(
            "compare_chart 需要 compare() 返回的对比表",
            [Problem(None, None, "diff", type(diff).__name__, "compare(a, b) 的返回值")],
        )
    na, nb = diff.attrs.get("names", ("前", "后"))
    title = title or f"得分变化：{na} → {nb}"
    data = diff[pd.to_numeric(diff["change"], errors="coerce").fillna(0) != 0].copy()
    data = data.reindex(data["change"].abs().sort_values(ascending=False).index).head(top)
    if data.empty:
        fig = ChartFigure(figsize=(width, 1.6))
        message = "两次结果之间没有得分变化"
        return _set_alt(_empty(fig, message), message)
    data = data.iloc[::-1]
    labels = [str(t)[:18] + ("…" if len(str(t)) > 18 else "") for t in data["title"]]
    code = {v: k for k, v in STATUS_LABELS.items()}
    colors = [STATUS_COLORS.get(code.get(str(s), ""), "#9e9e9e") for s in data["status_b"]]
    height = max(2.2, 0.32 * len(data) + 1.3)
    fig = ChartFigure(figsize=(width, height))
    left = min(0.6, _label_margin(labels) / width + 0.03)
    fig.subplots_adjust(left=left, right=0.95, top=1 - 0.6 / height, bottom=0.6 / height)
    ax = fig.add_subplot()
    ax.barh(range(len(data)), data["change"], color=colors)
    ax.set_yticks(range(len(data)), labels)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.set_xlabel(f"得分变化（{nb} − {na}）")
    ax.set_title(title)
    words = [
        f"{t} {c:+.1f} 分（{s}）"
        for t, c, s in zip(data["title"], data["change"], data["status_b"], strict=True)
    ][::-1]
    return _set_alt(fig, "；".join(words))


# --------------------------------------------------------------------------- what-if


def _contributions(result: Any) -> pd.DataFrame:
    """Per target: score, share of the official total (分值 / 100) and points contributed."""
    import pandas as pd

    t = result.targets
    score = pd.to_numeric(t["score"], errors="coerce")
    if "official_weight" in t:
        share = pd.to_numeric(t["official_weight"], errors="coerce").fillna(0.0)
    else:  # a result from before the official total was a column
        weight = pd.to_numeric(t["effective_weight"], errors="coerce").fillna(0.0)
        share = weight / float(weight.sum()) if float(weight.sum()) > 0 else weight * 0.0
    return pd.DataFrame(
        {
            "target_id": t["target_id"].astype(str).to_numpy(),
            "title": t["title"].to_numpy(),
            "score": score.to_numpy(),
            "share": share.to_numpy(),
            "points": (score.clip(lower=0.0, upper=100.0).fillna(0.0) * share).to_numpy(),
            "status": [STATUS_LABELS.get(str(s), s) for s in t["status"]],
        }
    )


def _fmt(value: float, digits: int = 1) -> str:
    return "—" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def explain_change(before: Any, after: Any, *, top: int = 5) -> pd.DataFrame:
    """Why the total moved from ``before`` to ``after``: each target's part in the change.

    The official total is Σ 分值 × min(score, 100) / 100 (``scoring.official_total``), so
    each target contributes ``min(score, 100) × its share`` points to the total; the
    contributions' changes add up to the change of the total (to the total's 0.01
    rounding). Targets are listed by the size of their part, largest first.

    Parameters
    ----------
    before, after : ScoreResult or Run
        Two results of the same plan (e.g. the default policy and a what-if policy).
    top : int
        How many targets the sentences name.

    Returns
    -------
    pandas.DataFrame
        ``target_id, title, score_before, score_after, score_change, weight_before,
        weight_after, contribution, status_before, status_after`` for every target whose
        part is not zero. ``attrs["sentences"]``: the explanation in Chinese sentences;
        ``attrs["total_before"]``, ``attrs["total_after"]``, ``attrs["grade_before"]``,
        ``attrs["grade_after"]``.

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> run = examples.gutang_2022()
    >>> strict = run.policy.with_(strength={"力争": {"met_ratio": 1.0}, "争创": {"met_ratio": 1.0}})
    >>> why = what_if(run, strict).changes
    >>> total = why.attrs["total_after"] - why.attrs["total_before"]
    >>> bool(abs(why["contribution"].sum() - total) < 0.01), total <= 0
    (True, True)
    >>> print(why.attrs["sentences"][0])  # doctest: +ELLIPSIS
    总分由 83.03 分变为 ... 分（...），等级...
    """
    import pandas as pd

    ra = before.result if hasattr(before, "inputs") else before
    rb = after.result if hasattr(after, "inputs") else after
    for name, r in (("before", ra), ("after", rb)):
        if not (hasattr(r, "targets") and hasattr(r, "overall")):
            raise UsageError(
                "需要两个评分结果",
                [
                    Problem(
                        None, None, name, type(r).__name__, "score() 的评分结果或 load_run 的 run"
                    )
                ],
            )
    plans = [(getattr(r, "plan_id", None), getattr(r, "year", None)) for r in (ra, rb)]
    if plans[0] != plans[1] and None not in (plans[0][0], plans[1][0]):
        raise UsageError(
            "explain_change 只解释同一份计划的两个结果",
            [
                Problem(
                    None,
                    None,
                    "before, after",
                    f"{plans[0][0]}（{plans[0][1]} 年）与 {plans[1][0]}（{plans[1][1]} 年）",
                    "同一计划、同一年度的两个结果（如两套评分规则、年中与年终）；"
                    "两份计划（两个年度、两个街道乡镇）请用 compare(a, b) 或 year_over_year，"
                    "它们按指标对应目标，并列出对应不上的目标",
                )
            ],
        )
    a, b = _contributions(ra).set_index("target_id"), _contributions(rb).set_index("target_id")
    if not set(a.index) & set(b.index):
        raise UsageError(
            "两个结果没有共同的目标，无法解释总分的变化",
            [
                Problem(
                    None,
                    None,
                    "before, after",
                    "目标编号没有一个相同",
                    "同一份计划的两个结果；两份计划请用 compare(a, b)",
                )
            ],
        )
    ids = list(dict.fromkeys([*a.index, *b.index]))
    a, b = a.reindex(ids), b.reindex(ids)
    frame = pd.DataFrame(
        {
            "target_id": ids,
            "title": a["title"].fillna(b["title"]).to_numpy(),
            "score_before": a["score"].to_numpy(),
            "score_after": b["score"].to_numpy(),
            "score_change": (b["score"] - a["score"]).to_numpy(),
            "weight_before": a["share"].fillna(0.0).to_numpy(),
            "weight_after": b["share"].fillna(0.0).to_numpy(),
            "contribution": (b["points"].fillna(0.0) - a["points"].fillna(0.0)).to_numpy(),
            "status_before": a["status"].fillna("—").to_numpy(),
            "status_after": b["status"].fillna("—").to_numpy(),
        }
    )
    frame = frame[frame["contribution"].abs() > 1e-9]
    frame = frame.reindex(frame["contribution"].abs().sort_values(ascending=False).index)
    frame = frame.reset_index(drop=True)
    total_a, total_b = (float(r.overall.get("score") or math.nan) for r in (ra, rb))
    grade_a, grade_b = ra.overall.get("grade") or "不评定", rb.overall.get("grade") or "不评定"
    delta = total_b - total_a
    grade_words = (
        f"等级由“{grade_a}”变为“{grade_b}”" if grade_a != grade_b else f"等级仍为“{grade_a}”"
    )
    sentences = [
        f"总分由 {_fmt(total_a, 2)} 分变为 {_fmt(total_b, 2)} 分（{delta:+.2f} 分），"
        f"{grade_words}。"
    ]
    if frame.empty:
        sentences.append("各项目标的得分和权重都没有变化，总分不变。")
        if grade_a != grade_b:
            sentences.append("等级的变化来自评分规则中的等级分数线。")
    else:
        shown = frame.head(top)
        sentences.append(f"共有 {len(frame)} 项目标影响了总分，影响最大的 {len(shown)} 项：")
        for r in shown.itertuples(index=False):
            if math.isnan(r.score_before) and math.isnan(r.score_after):
                moved = "未计分"
            elif abs(r.score_change) < 0.05:
                moved = f"得分 {_fmt(r.score_after)}（未变）"
            else:
                moved = f"得分 {_fmt(r.score_before)} → {_fmt(r.score_after)}"
            weight = (
                f"权重 {r.weight_before:.1%}"
                if abs(r.weight_before - r.weight_after) < 5e-4
                else f"权重 {r.weight_before:.1%} → {r.weight_after:.1%}"
            )
            status = (
                f"，状态“{r.status_before}”→“{r.status_after}”"
                if r.status_before != r.status_after
                else ""
            )
            sentences.append(
                f"“{r.title}”{moved}，{weight}，使总分变化 {r.contribution:+.2f} 分{status}。"
            )
        rest = frame.iloc[len(shown) :]
        if len(rest):
            sentences.append(
                f"其余 {len(rest)} 项合计使总分变化 {rest['contribution'].sum():+.2f} 分。"
            )
    frame.attrs.update(
        {
            "sentences": sentences,
            "total_before": total_a,
            "total_after": total_b,
            "grade_before": grade_a,
            "grade_after": grade_b,
        }
    )
    return frame


class WhatIf:
    """The answer of :func:`what_if`: both results and why the total moved.

    Attributes
    ----------
    before, after : ScoreResult
        The result under the run's own policy and under the new one.
    changes : pandas.DataFrame
        :func:`explain_change` of the two.
    sentences : list of str
        The explanation in Chinese sentences (also ``str(answer)``).
    """

    def __init__(self, before: Any, after: Any, changes: pd.DataFrame) -> None:
        self.before = before
        self.after = after
        self.changes = changes
        self.sentences: list[str] = list(changes.attrs.get("sentences", []))

    def __str__(self) -> str:
        return "\n".join(self.sentences)

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        import html

        items = "".join(f"<li>{html.escape(s)}</li>" for s in self.sentences[1:])
        head = html.escape(self.sentences[0]) if self.sentences else ""
        return f'<div class="gutang-what-if"><p><b>{head}</b></p><ul>{items}</ul></div>'


def what_if(run: Any, policy: Any, *, midyear: bool = False, top: int = 5) -> WhatIf:
    """Score a run again under another policy and explain why the total moved.

    Parameters
    ----------
    run : Run
        A loaded run (:func:`~gutang_analysis.run.load_run`,
        :func:`~gutang_analysis.examples.gutang_2022`): its plan, outcomes and baseline
        are scored again.
    policy : Policy
        The other policy, e.g. ``run.policy.with_(grades={"优": 95, "良": 85, "中": 60})``.
    midyear : bool
        Score the mid-year figures (at the run's as-of date) instead of the year end.
    top : int
        How many targets the explanation names.

    Returns
    -------
    WhatIf
        ``.before``, ``.after``, ``.changes`` and ``.sentences``; shown in a notebook as
        the sentences.

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> run = examples.gutang_2022()
    >>> answer = what_if(run, run.policy.with_(grades={"优": 95, "良": 80, "中": 60}))
    >>> print(answer)
    总分由 83.03 分变为 83.03 分（+0.00 分），等级仍为“良”。
    各项目标的得分和权重都没有变化，总分不变。
    """
    from .policy import Policy
    from .scoring import score

    if not (hasattr(run, "inputs") and hasattr(run, "plan") and hasattr(run, "outcomes")):
        raise UsageError(
            "what_if 需要 load_run 返回的 run",
            [
                Problem(
                    None,
                    None,
                    "run",
                    type(run).__name__,
                    "load_run(resolve_run(计划文件夹)) 或 examples.gutang_2022() 的返回值"
                    "（其中有计划和完成情况，才能按新规则重新评分）；"
                    "已有两个评分结果时用 explain_change(前, 后)",
                )
            ],
        )
    if not isinstance(policy, Policy):
        raise UsageError(
            "what_if 的第二个参数应为评分规则",
            [
                Problem(
                    None,
                    None,
                    "policy",
                    type(policy).__name__,
                    '评分规则，如 run.policy.with_(grades={"优": 95, "良": 85, "中": 60})',
                )
            ],
        )
    before = run.midyear_result if midyear else run.result
    figures = run.midyear if midyear else run.outcomes
    if before is None or figures is None:
        what = "年中" if midyear else "年度"
        raise UsageError(
            f"这次运行没有{what}完成情况，无法重新评分",
            [Problem(None, None, "midyear", str(midyear), "有相应完成情况数据的统计期")],
        )
    after = score(
        run.plan,
        figures,
        baseline=run.baseline,
        policy=policy,
        as_of=run.inputs.as_of if midyear else None,
    )
    return WhatIf(before, after, explain_change(before, after, top=top))
