"""The opening of every report: the verdict first (main points), then the detail.

Like the opening of a 统计公报 or an ONS bulletin's "main points": the official total and
grade, the counts by status (and by light where the report has lights), and the few
shortfalls that cost most, each with who answers for it. The figures are read from the
score result a report shows; nothing here scores again. Provenance (files, SHA-256,
versions) is not part of the opening: it goes to the appendix at the end of a report
(:func:`gutang_analysis.provenance.provenance_appendix_html`).
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from ._values import num as _num
from ._values import text as _text
from ._values import total_text
from .labels import STATUS_LABELS
from .owners import owners_text
from .phrases import SHORTFALL_ORDER
from .style import STATUS_COLORS, STATUS_ORDER

__all__ = [
    "LIGHT_ORDER",
    "block_html",
    "costly_shortfalls",
    "light_counts",
    "main_points",
    "official_total",
    "status_counts",
    "verdict_html",
]

#: The 三色预警 labels in reading order (most urgent first), then targets without a light.
LIGHT_ORDER: tuple[str, ...] = ("红灯", "黄灯", "绿灯", "未报送")

#: Statuses that lose points, as a reader groups them on a tile.
_DONE = ("exceeded", "met", "on_track")
_SHORT = ("nearly_met", "partial", "behind", "not_met")
_LACKING = ("no_data", "not_assessable")


def official_total(result: Any) -> tuple[float | None, str]:
    """The official total and grade of a result, as the result states them.

    The one reading every report opens with: ``overall["score"]`` and ``overall["grade"]``
    (``不评定`` when the result gives no grade). Nothing is recomputed here.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> score, grade = official_total(ctx.result)
    >>> score == ctx.result.overall["score"] and grade == (ctx.result.overall["grade"] or "不评定")
    True
    """
    o = result.overall
    return _num(o.get("score")), _text(o.get("grade")) or "不评定"


def status_counts(targets: pd.DataFrame) -> dict[str, int]:
    """Targets per status label, in the house reading order, statuses present only.

    Examples
    --------
    >>> import pandas as pd
    >>> status_counts(pd.DataFrame({"status": ["met", "no_data", "met"]}))
    {'完成': 2, '未报送': 1}
    """
    counts = targets["status"].value_counts()
    return {STATUS_LABELS[s]: int(counts[s]) for s in STATUS_ORDER if counts.get(s, 0)}


def light_counts(lights: pd.Series | None) -> dict[str, int] | None:
    """Targets per light (红灯, 黄灯, 绿灯, 未报送), or None when there are no lights.

    A target without a light (no figure, or one that cannot be assessed) counts as 未报送,
    as the 督查 report and ``gutang-review lights`` count it
    (:meth:`gutang_analysis.periods.PeriodSet.counts`): every target is counted once.

    Examples
    --------
    >>> import pandas as pd
    >>> light_counts(pd.Series(["红灯", None, "绿灯", "绿灯", "无法评估"]))
    {'红灯': 1, '黄灯': 0, '绿灯': 2, '未报送': 2}
    >>> light_counts(None) is None
    True
    """
    if lights is None:
        return None
    no_light = LIGHT_ORDER[-1]
    values = lights.where(lights.isin(LIGHT_ORDER[:-1]), no_light).astype(str)
    return {label: int((values == label).sum()) for label in LIGHT_ORDER}


def _owner(row: Any) -> str:
    """Who answers for a target: the 分解表's line (a score result's ``lead``, ``office``
    and ``partners``), else the office that reported it."""
    line = owners_text(row.get("lead"), row.get("office"), row.get("partners"))
    if line:
        return line.removeprefix("责任：")
    office = _text(row.get("reporting_office"))
    return f"{office}（报送单位）" if office else "未明确责任科室"


def costly_shortfalls(
    result: Any,
    plan: Any,
    *,
    section: str | None = None,
    top: int = 3,
    missing: bool = True,
) -> pd.DataFrame:
    """The shortfalls that cost the total most, with their owners.

    A target's cost is the share of the official total it could still have earned:
    ``official_weight × (100 − score)`` (its 分值 lost) with the score capped at 100, and
    a target without a score (未报送, 无法评估) losing its whole share, as on the signed
    form. Targets that lost nothing are left out. Mid-year results rank the targets behind
    schedule the same way.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
        The plan (who answers for a target comes from the result's 分解表 columns).
    section : str, optional
        Only this programme (the share is then of the programme's weight).
    top : int
        How many to return.
    missing : bool
        Whether targets without a score take part (a mid-year check names the targets
        behind schedule and counts the unreported ones apart).

    Returns
    -------
    pandas.DataFrame
        ``target_id, title, status, status_label, ratio, lost, owner``, costliest first.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> worst = costly_shortfalls(ctx.result, ctx.plan)
    >>> len(worst) == 3 and worst["lost"].is_monotonic_decreasing
    True
    >>> bool(worst["owner"].str.len().gt(0).all())
    True
    """
    t = _targets(result, section)
    columns = ["target_id", "title", "status", "status_label", "ratio", "lost", "owner"]
    # each target's share of the official total (its 分值), else its plan weight
    share = "official_weight" if "official_weight" in t.columns else "weight"
    weight = pd.to_numeric(t[share], errors="coerce").fillna(0.0)
    if t.empty or weight.sum() <= 0:
        return pd.DataFrame(columns=columns)
    score = pd.to_numeric(t["score"], errors="coerce").clip(upper=100.0)
    lost = weight / weight.sum() * (100.0 - score.fillna(0.0))
    severity = {s: i for i, s in enumerate(SHORTFALL_ORDER)}
    out = t.assign(
        lost=lost.round(2),
        _severity=t["status"].map(severity).fillna(len(severity)),
        _weight=weight,
    )
    out = out[out["lost"] > 0.005]
    if not missing:
        out = out[score.reindex(out.index).notna()]
    # equal losses: reported shortfalls before missing figures, heavier targets first
    out = out.sort_values(
        ["lost", "_severity", "_weight"], ascending=[False, True, False], kind="stable"
    ).head(top)
    out = out.assign(owner=[_owner(r) for r in out.to_dict("records")])
    return out[columns].reset_index(drop=True)


def _targets(result: Any, section: str | None) -> pd.DataFrame:
    t = result.targets
    return t if section is None else t[t["section"] == section]


def _headline(result: Any, section: str | None, as_of: str | None) -> tuple[str, float | None, str]:
    """(label, score, grade) of the figure a report opens with."""
    if section is None:
        score, grade = official_total(result)
        return ("自评总分" if as_of is None else "进度得分"), score, grade
    row = result.sections[result.sections["section"] == section]
    if row.empty:
        return "板块得分", None, "不评定"
    rec = row.iloc[0]
    return "板块得分", _num(rec.get("score")), _text(rec.get("grade")) or "不评定"


def _counts_text(counts: dict[str, int]) -> str:
    return "、".join(f"{k} {v} 项" for k, v in counts.items()) or "无"


def main_points(
    result: Any,
    plan: Any,
    *,
    section: str | None = None,
    as_of: str | None = None,
    top: int = 3,
    lights: pd.Series | None = None,
    lights_when: str | None = None,
) -> list[str]:
    """The main points of a report as plain sentences (3 to 6), verdict first.

    ``lights`` (each target's light label, index ``target_id``) gives the counts by light
    of a result without lights of its own (the year-end review: the latest 督查 period,
    named by ``lights_when``).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> points = main_points(ctx.result, ctx.plan)
    >>> points[0].startswith("自评总分 ") and "等级" in points[0]
    True
    >>> any(p.startswith("失分最多") for p in points)
    True
    """
    t = _targets(result, section)
    head, score, grade = _headline(result, section, as_of)
    when = f"截至 {as_of}，" if as_of is not None else ""
    if score is None:
        first = f"{when}{head}：暂无可评分的目标，不评定等级。"
    elif as_of is not None and grade == "不评定":
        first = f"{when}{head} {total_text(score)} 分（年内检查不评定等级）。"
    else:
        first = f"{when}{head} {total_text(score)} 分，等级“{grade}”。"
    points = [first]
    points.append(f"{len(t)} 项目标中：{_counts_text(status_counts(t))}。")
    counted = light_counts(t["light"]) if "light" in t.columns else None
    if counted is None and lights is not None:
        counted = light_counts(lights.reindex(t["target_id"]))
    if counted is not None:
        when = f"（{lights_when}）" if lights_when and "light" not in t.columns else ""
        points.append(f"按三色预警{when}：{_counts_text(counted)}。")
    worst = costly_shortfalls(result, plan, section=section, top=top, missing=as_of is None)
    if not worst.empty:
        unit = "分" if section is None else "分（板块内）"
        items = [
            f"{r.title}（{_text(r.status_label) or STATUS_LABELS.get(r.status, '')}，"
            f"约失 {r.lost:.1f} {unit}；{r.owner}）"
            for r in worst.itertuples(index=False)
        ]
        lead = "失分最多的目标" if as_of is None else "进度差距最大的目标"
        points.append(f"{lead}：" + "；".join(items) + "。")
    else:
        points.append("没有失分的目标。")
    unexplained = result.overall.get("unexplained") or []
    if section is not None:
        unexplained = [i for i in unexplained if i in set(t["target_id"])]
    if unexplained and as_of is None:  # before the shortfalls, which close the list
        points.insert(
            -1,
            f"偏差原因或改进措施待补充 {len(unexplained)} 项（年终自评表中标为“待补充”），"
            "请责任科室在报送前补齐。",
        )
    return points


def _tile(label: str, value: str, note: str = "", colour: str | None = None) -> str:
    esc = html.escape
    bar = f"border-top:4px solid {colour};" if colour else ""
    return (
        f'<div class="gutang-tile" style="{bar}">'
        f'<div class="gutang-tile-label">{esc(label)}</div>'
        f'<div class="gutang-tile-value">{esc(value)}</div>'
        + (f'<div class="gutang-tile-note">{esc(note)}</div>' if note else "")
        + "</div>"
    )


_VERDICT_CSS = (
    "<style>"
    ".gutang-verdict{border:1px solid #c9d3e0;border-radius:8px;background:#f7f9fc;"
    "padding:12px 16px;margin:8px 0 18px;break-inside:avoid}"
    ".gutang-verdict h2{margin:0 0 8px;font-size:18px}"
    ".gutang-tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(128px,1fr));"
    "gap:10px;margin:0 0 10px}"
    ".gutang-tile{background:#fff;border:1px solid #d5dce6;border-radius:6px;padding:6px 10px}"
    ".gutang-tile-label{color:#444;font-size:12.5px}"
    ".gutang-tile-value{font-size:24px;font-weight:bold;color:#111;line-height:1.3}"
    ".gutang-tile-note{color:#444;font-size:12px}"
    ".gutang-verdict ul{margin:0;padding-left:1.3em}"
    ".gutang-verdict li{margin:2px 0;line-height:1.6}"
    ".gutang-verdict ol{margin:2px 0 0;padding-left:1.5em}"
    ".gutang-owner{color:#444;font-size:13px}"
    "@media screen and (max-width:600px){.gutang-tiles{grid-template-columns:repeat(2,1fr)}"
    ".gutang-tile-value{font-size:20px}.gutang-verdict{padding:10px 12px}}"
    "@media print{.gutang-verdict{padding:6pt 10pt;margin:4pt 0 10pt}"
    ".gutang-tiles{grid-template-columns:repeat(6,1fr);gap:6pt}"
    ".gutang-tile-value{font-size:15pt}.gutang-tile-label,.gutang-tile-note{font-size:8pt}"
    ".gutang-verdict li{font-size:10pt}}"
    "</style>"
)


def _tiles(result: Any, t: pd.DataFrame, score: float | None, grade: str, head: str) -> str:
    counts = t["status"].value_counts()

    def n(statuses: tuple[str, ...]) -> int:
        return int(sum(counts.get(s, 0) for s in statuses))

    coverage = _num(result.overall.get("coverage")) if head == "自评总分" else None
    tiles = [
        _tile(head, total_text(score), f"等级：{grade}"),
        _tile("目标", f"{len(t)} 项"),
        _tile(
            "完成" if "on_track" not in counts else "完成或进度正常",
            f"{n(_DONE)} 项",
            f"其中超额 {int(counts.get('exceeded', 0))} 项" if counts.get("exceeded") else "",
            STATUS_COLORS["met"],
        ),
        _tile("基本完成", f"{n(('nearly_met',))} 项", "", STATUS_COLORS["nearly_met"]),
        _tile(
            "未完成或滞后",
            f"{n(('partial', 'behind', 'not_met'))} 项",
            "含部分完成",
            STATUS_COLORS["not_met"],
        ),
        _tile(
            "未报送",
            f"{n(_LACKING)} 项",
            "；".join(
                x
                for x in (
                    f"含无法评估 {int(counts['not_assessable'])} 项"
                    if counts.get("not_assessable")
                    else "",
                    f"数据覆盖 {coverage:.0%}" if coverage is not None else "",
                )
                if x
            ),
            STATUS_COLORS["no_data"],
        ),
    ]
    return f'<div class="gutang-tiles">{"".join(tiles)}</div>'


def verdict_html(
    result: Any,
    plan: Any,
    *,
    section: str | None = None,
    as_of: str | None = None,
    top: int = 3,
    heading: str = "主要结论",
    lights: pd.Series | None = None,
    lights_when: str | None = None,
) -> str:
    """The verdict block that opens a report: summary tiles and the main points.

    Parameters
    ----------
    result : ScoreResult
        The result the report shows (year-end or mid-year).
    plan : Plan
    section : str, optional
        A programme's own verdict (the section reviews).
    as_of : str, optional
        The date of a mid-year result.
    top : int
        How many of the costliest shortfalls to name.
    heading : str
        The block's heading.
    lights, lights_when : pandas.Series, str, optional
        Counts by light for a result without lights of its own (see :func:`main_points`).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> page = verdict_html(ctx.result, ctx.plan)
    >>> "自评总分" in page and "失分最多的目标" in page and "SHA-256" not in page
    True
    >>> "<script" in verdict_html(ctx.result, ctx.plan, section="economy")
    False
    """
    esc = html.escape
    t = _targets(result, section)
    points = main_points(
        result, plan, section=section, as_of=as_of, top=top, lights=lights, lights_when=lights_when
    )
    head, score, grade = _headline(result, section, as_of)
    worst = costly_shortfalls(result, plan, section=section, top=top, missing=as_of is None)
    items = "".join(f"<li>{esc(p)}</li>" for p in points[:-1])
    if worst.empty:
        items += f"<li>{esc(points[-1])}</li>"
    else:
        unit = "分" if section is None else "分（板块内）"
        lead = "失分最多的目标" if as_of is None else "进度差距最大的目标"
        rows = "".join(
            f"<li><b>{esc(str(r.title))}</b>（{esc(_text(r.status_label))}，"
            f"约失 {r.lost:.1f} {unit}）<br/>"
            f'<span class="gutang-owner">责任：{esc(r.owner)}</span></li>'
            for r in worst.itertuples(index=False)
        )
        items += f"<li>{esc(lead)}：<ol>{rows}</ol></li>"
    return (
        _VERDICT_CSS
        + '<section class="gutang-verdict" aria-label="主要结论">'
        + f"<h2>{esc(heading)}</h2>"
        + _tiles(result, t, score, grade, head)
        + f"<ul>{items}</ul></section>"
    )


def block_html(
    tiles: list[tuple[str, str, str, str | None]],
    points: list[str],
    *,
    heading: str = "主要结论",
    extra: str = "",
) -> str:
    """A verdict block from parts: tiles ``(label, value, note, colour)``, the main points
    (escaped) and ``extra`` HTML after them (already escaped by its maker).

    Examples
    --------
    >>> page = block_html([("红灯", "2 项", "", "#c0392b")], ["<b>红灯 2 项</b>"])
    >>> "gutang-verdict" in page and "&lt;b&gt;" in page
    True
    """
    esc = html.escape
    cells = "".join(_tile(*t) for t in tiles)
    items = "".join(f"<li>{esc(p)}</li>" for p in points)
    return (
        _VERDICT_CSS
        + f'<section class="gutang-verdict" aria-label="{esc(heading)}">'
        + f"<h2>{esc(heading)}</h2>"
        + f'<div class="gutang-tiles">{cells}</div>'
        + f"<ul>{items}</ul>{extra}</section>"
    )
