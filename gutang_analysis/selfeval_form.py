"""The 年度目标自评表 (self-evaluation form) as reviewers expect it, written as ``.xlsx``.

One row per indicator under a two-level hierarchy (一级指标 / 二级指标), with 三级指标
(the target), 年度指标值, 实际完成值, 分值, 得分, 评分依据, 偏差原因分析及改进措施 and
责任科室; a subtotal per 一级指标 and the 总分 as Excel formulas; a header (unit, contact,
date), a signature block, and a 说明 sheet that says how the numbers were made.

How the numbers relate to :class:`~gutang_analysis.scoring.ScoreResult`
-----------------------------------------------------------------------
The form states **the official total** (``result.overall["score"]``) and its grade, and its
SUM formulas compute exactly that number; nothing here re-derives it.

- **分值** (points) = 100 × ``official_weight`` (:func:`~gutang_analysis.scoring.official_weights`:
  section weight × share within the section; with ``layout: finance`` each 一级指标's
  ``points`` share passed on by weight; with ``score.total: scored`` only targets with a
  score). Rounded to 0.01 by the largest-remainder method, first per 一级指标 and then
  per indicator, so the column sums to exactly 100.
- **得分** = 分值 × min(score, 100) / 100, rounded to 0.01 so that the 得分 add up to the
  official total; each 得分 lies between 0 and its 分值. A target below 100 % of its
  commitment never earns its full 分值 (the scoring rule); the over-achievement bonus is
  not counted (财预〔2020〕10号). Unscored indicators (未报送, 缺少基期, 无期末数据,
  无法评估) keep their 分值 and earn 0 under the default ``form`` rule.
- **总分** = the sum of the 小计 rows = ``result.overall["score"]``; 自评等级 =
  ``result.overall["grade"]``. (A form written in another layout than the result's
  policy is a comparison only; its 说明 says so.)
- A shortfall without cause or remedy shows 待补充 (counted in
  ``result.overall["unexplained"]``); 年度指标值 quotes the commitment where the target
  has no number; 佐证材料 is the evidence the office gave.

Examples
--------
>>> import tempfile, pathlib
>>> from gutang_analysis.report import prepare
>>> ctx = prepare()
>>> form = self_evaluation_form_table(ctx.result, ctx.plan, outcomes=ctx.outcomes)
>>> float(round(form["分值"].sum(), 2)), bool((form["得分"] <= form["分值"]).all())
(100.0, True)
>>> out = write_self_evaluation_form(ctx.result, ctx.plan,
...     pathlib.Path(tempfile.mkdtemp()) / "自评表.xlsx", provenance=ctx.provenance,
...     outcomes=ctx.outcomes)
>>> out.suffix
'.xlsx'
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ._xlsx import fit_a4, save_workbook
from .errors import PolicyError
from .labels import TO_COMPLETE
from .phrases import actual_texts, banner_text, commitment_text
from .policy import FINANCE_LEVELS, GRADES
from .provenance import local_time_text
from .scoring import official_weights
from .tables import clean_text

__all__ = [
    "FORM_COLUMNS",
    "FORM_WIDTHS",
    "SHORTFALL_STATUSES",
    "FormTotals",
    "deviation_text",
    "form_totals",
    "implied_print_scale",
    "largest_remainder",
    "self_evaluation_form_table",
    "text_lines",
    "write_self_evaluation_form",
]

#: Columns of the form's indicator table, in order.
FORM_COLUMNS: tuple[str, ...] = (
    "序号",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "评分依据",
    "偏差原因分析及改进措施",
    "佐证材料",
    "责任科室",
)

#: Column widths (Excel character units). Chosen so that fit-to-width printing on A4
#: landscape keeps a scale of at least 90 % (see :func:`implied_print_scale`).
FORM_WIDTHS: dict[str, float] = {
    "序号": 4.5,
    "一级指标": 10,
    "二级指标": 11,
    "三级指标": 19,
    "年度指标值": 15,
    "实际完成值": 10,
    "分值": 8,
    "得分": 7.5,
    "评分依据": 28,
    "偏差原因分析及改进措施": 30,
    "佐证材料": 14,
    "责任科室": 10.5,
}

#: Statuses whose indicator must explain its shortfall (cause and remedy).
SHORTFALL_STATUSES: frozenset[str] = frozenset(
    {"nearly_met", "partial", "not_met", "behind", "no_data", "not_assessable"}
)

#: What an empty cause or remedy shows (counted in ``result.overall["unexplained"]``).
MISSING_TEXT = TO_COMPLETE

_DECIMALS = 2
_BODY_PT = 10.0
_MARGIN_LR_IN = 0.3
_A4_LANDSCAPE_PT = (841.89, 595.28)
_A4_PORTRAIT_PT = (595.28, 841.89)
_NOTES_WIDTHS = {"A": 20.0, "B": 76.0}
_CN_DIGITS = "一二三四五六七八九十"


# --------------------------------------------------------------------------- numbers


def largest_remainder(values: Sequence[float], total: float, decimals: int = 2) -> list[float]:
    """Round ``values`` to ``decimals`` places so that they sum to exactly ``total``.

    The values are first scaled to sum to ``total``; each gets the floor of its share in
    units of ``10**-decimals``, and the units left over go to the largest remainders (ties
    to the earlier value). Zero stays zero.

    Parameters
    ----------
    values : sequence of float
        Non-negative shares (any scale).
    total : float
        The sum wanted; must be a multiple of ``10**-decimals``.
    decimals : int
        Decimal places of the result.

    Returns
    -------
    list of float

    Examples
    --------
    >>> largest_remainder([1, 1, 1], 100, 2)
    [33.34, 33.33, 33.33]
    >>> largest_remainder([50, 30, 10], 100, 1)
    [55.6, 33.3, 11.1]
    >>> sum(largest_remainder([0.2, 0.3, 0.5, 0.0], 10, 2)), largest_remainder([0.0], 0, 2)
    (10.0, [0.0])
    """
    unit = 10**decimals
    wanted = round(total * unit)
    weights = [max(float(v), 0.0) for v in values]
    whole = sum(weights)
    if whole <= 0 or wanted <= 0:
        return [0.0 for _ in weights]
    exact = [w / whole * wanted for w in weights]
    floors = [math.floor(x + 1e-9) for x in exact]
    left = wanted - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [round(f / unit, decimals) for f in floors]


def _round_to_total(
    exact: Sequence[float],
    total_units: int,
    decimals: int,
    upper: Sequence[float] | None = None,
) -> list[float]:
    """Round each exact value down or up so the units sum to ``total_units`` exactly.

    Values are rounded down, then the units left go to the largest remainders. Only when
    the total lies outside what rounding each value down or up can reach (the exact values
    and the total were rounded apart) does a value move one more unit, never below 0 nor
    above its ``upper`` bound.

    Examples
    --------
    >>> _round_to_total([0.333, 0.333, 0.334], 100, 2)
    [0.33, 0.33, 0.34]
    >>> _round_to_total([1.0, 2.0], 302, 2, upper=[1.0, 3.0])
    [1.0, 2.02]
    """
    unit = 10**decimals
    scaled = [x * unit for x in exact]
    out = [math.floor(x + 1e-9) for x in scaled]
    caps = [round(u * unit) for u in upper] if upper is not None else [None] * len(out)
    order = sorted(range(len(out)), key=lambda i: (-(scaled[i] - out[i]), i))
    left = total_units - sum(out)
    for i in order:  # the ordinary rounding: up where the remainder is largest
        if left <= 0:
            break
        if scaled[i] - out[i] > 1e-9 and (caps[i] is None or out[i] < caps[i]):
            out[i] += 1
            left -= 1
    while left > 0 and any(caps[i] is None or out[i] < caps[i] for i in order):
        for i in order:
            if left > 0 and (caps[i] is None or out[i] < caps[i]):
                out[i] += 1
                left -= 1
    while left < 0 and any(v > 0 for v in out):
        for i in reversed(order):
            if left < 0 and out[i] > 0:
                out[i] -= 1
                left += 1
    return [round(f / unit, decimals) for f in out]


def _num(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


# --------------------------------------------------------------------------- hierarchy


def _level1_of_section(code: Any, name: str) -> str:
    code = clean_text(code)
    if code and all(ch in _CN_DIGITS for ch in code):
        return f"{code}、{name}"
    return name


def _layout_of(policy: Any) -> str:
    block = getattr(policy, "self_evaluation", None)
    return getattr(block, "layout", None) or "plan"


def _settings(policy: Any, result: Any, layout: str | None) -> tuple[str, dict, dict]:
    block = getattr(policy if policy is not None else result.policy, "self_evaluation", None)
    mapping = dict(getattr(block, "finance_mapping", {}) or {})
    points = dict(getattr(block, "points", {}) or {}) or {
        "产出指标": 50.0,
        "效益指标": 30.0,
        "满意度指标": 10.0,
    }
    chosen = layout or getattr(block, "layout", None) or "plan"
    if chosen not in ("plan", "finance"):
        raise PolicyError(
            "自评表的指标层级设置有误", [f"layout 应为 plan 或 finance，而不是 {chosen}"]
        )
    return chosen, mapping, points


# --------------------------------------------------------------------------- the table


def deviation_text(status: str, cause: Any, remedy: Any) -> str:
    """The 偏差原因分析及改进措施 cell: cause and remedy, with 待补充 where missing.

    A shortfall (:data:`SHORTFALL_STATUSES`) always shows both lines; a met indicator
    shows whatever was written (nothing when nothing was).

    Examples
    --------
    >>> deviation_text("partial", "受疫情影响", None)
    '偏差原因：受疫情影响\\n改进措施：待补充'
    >>> deviation_text("met", None, None)
    ''
    """
    cause, remedy = clean_text(cause), clean_text(remedy)
    if status not in SHORTFALL_STATUSES and not cause and not remedy:
        return ""
    return f"偏差原因：{cause or MISSING_TEXT}\n改进措施：{remedy or MISSING_TEXT}"


def _usable(status: str, points: float | None) -> float:
    """The share of the 分值 an indicator earns: min(score, 100)/100, 0 without a score."""
    if points is None:
        return 0.0
    return min(max(points, 0.0), 100.0) / 100.0


def self_evaluation_form_table(
    result: Any,
    plan: Any,
    *,
    outcomes: pd.DataFrame | None = None,
    policy: Any = None,
    layout: str | None = None,
) -> pd.DataFrame:
    """The rows of the self-evaluation form, one per indicator, in form order.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    outcomes : pandas.DataFrame, optional
        The scored outcomes (stages and ratings for 实际完成值).
    policy : Policy, optional
        Its ``self_evaluation`` block chooses the layout; ``result.policy`` when omitted.
    layout : {"plan", "finance"}, optional
        Overrides the policy's layout.

    Returns
    -------
    pandas.DataFrame
        :data:`FORM_COLUMNS` plus ``target_id``, ``status``, ``ideal_points`` (unrounded
        分值), ``ideal_earned`` (unrounded 分值 × min(score, 100)/100 on the ideal points),
        ``bonus`` (ideal points the over-achievement bonus would add) and ``level1_points``
        (the rounded 分值 of the row's 一级指标).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> form = self_evaluation_form_table(ctx.result, ctx.plan, outcomes=ctx.outcomes)
    >>> form["一级指标"].iloc[0], len(form)
    ('一、经济转型升级', 93)
    >>> fin = self_evaluation_form_table(ctx.result, ctx.plan, layout="finance")
    >>> sorted(fin["一级指标"].unique())
    ['产出指标', '效益指标']
    """

    chosen, _, _ = _settings(policy, result, layout)
    pol = policy if policy is not None else result.policy
    t = result.targets.reset_index(drop=True)
    plan_rows = plan.targets.set_index("target_id")
    sections = plan.sections.set_index("section") if len(plan.sections) else None
    texts = actual_texts(result, outcomes)
    if "official_weight" in t and chosen == _layout_of(result.policy):
        weights = t["official_weight"].astype("float64").fillna(0.0).clip(lower=0.0)
    else:  # another layout than the result's: the official rule under that layout
        weights = official_weights(t, pol.with_(self_evaluation={"layout": chosen}))
    if weights.sum() <= 0:
        weights = pd.Series(1.0 / max(len(t), 1), index=t.index)

    keys1, keys2, order1, order2 = [], [], [], []
    for i, r in t.iterrows():
        p = plan_rows.loc[r.target_id] if r.target_id in plan_rows.index else {}
        if chosen == "plan":
            sec = r.section
            if sections is not None and sec in sections.index:
                code, name = sections.loc[sec, "code"], sections.loc[sec, "name"]
                o1 = float(sections.loc[sec, "order"])
            else:
                code, name, o1 = None, clean_text(r.section_name) or str(sec), 1e9
            area = clean_text(p.get("area") if hasattr(p, "get") else None) or "其他"
            keys1.append(_level1_of_section(code, clean_text(name)))
            keys2.append(area)
            order1.append(o1)
            order2.append(float(i))
        else:
            one, two = pol.self_evaluation.finance_place(
                r.target_id, r.section, r.kind, clean_text(r.title)
            )
            levels = list(FINANCE_LEVELS)
            keys1.append(one)
            keys2.append(two)
            order1.append(float(levels.index(one)) if one in levels else 99.0)
            seconds = FINANCE_LEVELS.get(one, ())
            order2.append((seconds.index(two) if two in seconds else 99) * 10000.0 + i)
    frame = t.assign(
        lvl1_=keys1,
        lvl2_=keys2,
        ord1_=order1,
        ord2_=order2,
        wt_=weights.to_numpy(),
        pos_=range(len(t)),
    )
    if chosen == "plan":
        # keep the areas of a programme together, in the order they first appear
        first = frame.groupby(["lvl1_", "lvl2_"], sort=False)["pos_"].transform("min")
        frame["ord2_"] = first * 10000.0 + frame["pos_"]
    frame = frame.sort_values(["ord1_", "ord2_"], kind="stable").reset_index(drop=True)

    # ideal points: 100 × each target's share of the official total (scoring.official_weights,
    # which already holds the finance layout's 一级指标 points); rounded per 一级指标, then
    # per indicator
    group_weight = frame.groupby("lvl1_", sort=False)["wt_"].sum()
    present = [g for g in dict.fromkeys(frame["lvl1_"]) if group_weight[g] > 0]
    whole = sum(float(group_weight[g]) for g in present)
    ideal_group = {g: 100.0 * float(group_weight[g]) / whole for g in present}
    rounded_group = dict(
        zip(
            present,
            largest_remainder([ideal_group[g] for g in present], 100, _DECIMALS),
            strict=True,
        )
    )
    ideal = [0.0] * len(frame)
    points = [0.0] * len(frame)
    for g in present:
        idx = frame.index[frame["lvl1_"] == g].tolist()
        w = frame.loc[idx, "wt_"].to_numpy()
        for j, i in enumerate(idx):
            ideal[i] = ideal_group[g] * float(w[j]) / float(w.sum())
        for i, value in zip(
            idx, largest_remainder(list(w), rounded_group[g], _DECIMALS), strict=True
        ):
            points[i] = value

    cap = float(getattr(getattr(result.policy, "score", None), "cap", 100.0) or 100.0)
    share = [_usable(s, _num(v)) for s, v in zip(frame["status"], frame["score"], strict=True)]
    ideal_earned = [ideal[i] * share[i] for i in range(len(frame))]
    bonus = [
        ideal[i] * max(min(_num(v) or 0.0, cap) - 100.0, 0.0) / 100.0
        for i, v in enumerate(frame["score"])
    ]
    # 得分: floor/ceil of 分值 × share, adding up to the official total at 0.01 (the result's
    # ``overall["score"]``, never recomputed here, when the form uses the result's layout)
    exact_on_points = [points[i] * share[i] for i in range(len(frame))]
    official = _num(result.overall.get("score"))
    if official is not None and chosen == _layout_of(result.policy):
        total_units = round(official * 10**_DECIMALS)
    else:
        total_units = round(sum(ideal_earned) * 10**_DECIMALS)
    earned = _round_to_total(exact_on_points, total_units, _DECIMALS, upper=points)

    rows = []
    for n, r in enumerate(frame.itertuples(index=False)):
        p = plan_rows.loc[r.target_id].to_dict() if r.target_id in plan_rows.index else {}
        p.setdefault("kind", r.kind)
        label = clean_text(r.status_label) or clean_text(r.status)
        actual = clean_text(texts.get(r.target_id))
        if not actual and r.status in ("no_data", "not_assessable"):
            actual = label
        rule = clean_text(r.rule)
        rows.append(
            {
                "序号": n + 1,
                "一级指标": r.lvl1_,
                "二级指标": r.lvl2_,
                "三级指标": clean_text(r.title),
                "年度指标值": commitment_text(p),
                "实际完成值": actual,
                "分值": points[n],
                "得分": earned[n],
                "评分依据": f"【{label}】{rule}" if label else rule,
                "偏差原因分析及改进措施": deviation_text(r.status, r.cause, r.remedy),
                "佐证材料": clean_text(r.evidence),
                "责任科室": clean_text(r.office),
                "target_id": r.target_id,
                "status": r.status,
                "ideal_points": ideal[n],
                "ideal_earned": ideal_earned[n],
                "bonus": bonus[n],
                "level1_points": rounded_group.get(r.lvl1_, 0.0),
            }
        )
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class FormTotals:
    """The totals of the form and how they relate to the library's overall figures.

    Attributes
    ----------
    total : float
        总分 (sum of 得分, 0.01 precision) = round(Σ ideal 分值 × min(score, 100)/100, 2).
    bonus : float
        Points the over-achievement bonus would add (not counted in ``total``).
    grade : str
        The policy's grade of ``total`` (capped by a failed veto indicator).
    library_score, library_conservative, coverage : float or None
        ``result.overall`` ``score``, ``conservative_score`` and ``coverage``.
    layout : str
        ``plan`` or ``finance``.
    per_level1 : dict
        一级指标 → (分值, 得分).
    """

    total: float
    bonus: float
    grade: str
    library_score: float | None
    library_conservative: float | None
    coverage: float | None
    layout: str
    per_level1: dict[str, tuple[float, float]]


def form_totals(table: pd.DataFrame, result: Any, policy: Any = None, layout: str = "plan"):
    """Totals of a form table (:func:`self_evaluation_form_table`).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> table = self_evaluation_form_table(ctx.result, ctx.plan)
    >>> totals = form_totals(table, ctx.result)
    >>> totals.total == round(float(table["得分"].sum()), 2) == ctx.result.overall["score"]
    True
    >>> totals.grade == ctx.result.overall["grade"]
    True
    """

    pol = policy if policy is not None else result.policy
    per = {}
    for g, part in table.groupby("一级指标", sort=False):
        per[str(g)] = (round(float(part["分值"].sum()), 2), round(float(part["得分"].sum()), 2))
    total = round(float(table["得分"].sum()), 2)
    o = result.overall
    official = _num(o.get("score"))
    if official is not None and abs(total - official) < 0.005:
        # the official total: its grade is the result's, never re-derived here
        grade = clean_text(o.get("grade")) or "不评定"
    else:  # a form in another layout than the result's policy
        grade = pol.grade(total)
        veto = list(o.get("veto_failed") or [])
        cap = pol.veto.max_grade
        if veto and GRADES.index(grade) < GRADES.index(cap):
            grade = cap
    return FormTotals(
        total=total,
        bonus=round(float(table["bonus"].sum()), 2),
        grade=grade,
        library_score=_num(o.get("score")),
        library_conservative=_num(o.get("conservative_score")),
        coverage=_num(o.get("coverage")),
        layout=layout,
        per_level1=per,
    )


# --------------------------------------------------------------------------- layout help


def _char_em(ch: str) -> float:
    """Width of a character in ems: 1 for CJK and full-width forms, about 0.55 otherwise."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 0.55


_TOKEN = re.compile(r"[A-Za-z0-9.,:;%/_\-+=()'\"@#&*]+|\s|.", re.DOTALL)


def text_lines(text: str, width: float, font_pt: float = _BODY_PT) -> int:
    """How many lines ``text`` wraps to in a column ``width`` characters wide.

    The column is ``width × 7`` pixels (Excel's width unit is the digit width of the
    default 11 pt font, 7 px, and the stored width includes the cell padding); a CJK
    character is one em (``font_pt × 4/3`` px at 96 dpi) and a Latin one about 0.55 em
    (宋体 draws them at 0.5 em). Lines break between CJK characters and between Latin
    words, as Excel, WPS and LibreOffice do; a word longer than the line is split. A few
    pixels are kept for the cell padding and 3 % for line-breaking rules (no 。 at a line
    start), so the estimate errs on the generous side.

    Examples
    --------
    >>> text_lines("", 10), text_lines("完成", 10), text_lines("一" * 20, 10)
    (1, 1, 5)
    >>> text_lines("第一行\\n第二行", 30)
    2
    >>> text_lines("SHA-256 " + "0" * 64, 40)
    3
    """
    usable = max((width * 7.0 - 7.0) * 0.97, 1.0)
    em_px = font_pt * 4.0 / 3.0
    lines = 0
    for part in str(text).split("\n"):
        count, used = 1, 0.0
        for token in _TOKEN.findall(part):
            size = sum(_char_em(ch) for ch in token) * em_px
            if token.isspace():
                used += size
                continue
            if used + size <= usable:
                used += size
                continue
            if used > 0:
                count += 1
            # a token wider than a line is split by character
            while size > usable:
                count += 1
                size -= usable
            used = size
        lines += count
    return max(lines, 1)


def _line_pt(font_pt: float) -> float:
    # CJK fonts (宋体, Noto CJK) need about 1.4× their size per line in Excel and LibreOffice
    return round(font_pt * 1.4 + 0.5, 1)


def _row_height(lines: int, font_pt: float = _BODY_PT) -> float:
    return round(lines * _line_pt(font_pt) + 4.0, 1)


def _width_pt(width: float) -> float:
    """Excel column width (digit widths of the default 11 pt font, 7 px) → points."""
    return width * 7.0 * 0.75


def implied_print_scale(
    widths: Sequence[float], paper_width_pt: float, left_in: float, right_in: float
) -> float:
    """The scale fit-to-width printing applies: printable width / total column width.

    Capped at 1 (fit-to-page never enlarges).

    Examples
    --------
    >>> round(implied_print_scale(FORM_WIDTHS.values(), 841.89, 0.3, 0.3), 3)
    0.908
    """
    total = sum(_width_pt(w) for w in widths)
    printable = paper_width_pt - 72.0 * (left_in + right_in)
    return min(1.0, printable / total) if total > 0 else 1.0


# --------------------------------------------------------------------------- the workbook


def _date_text(value: Any) -> str:
    if value is None or value == "":
        return "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return clean_text(value)


def _contact_parts(contact: Any) -> tuple[str, str]:
    if contact is None:
        return "", ""
    if isinstance(contact, str):
        return clean_text(contact), ""
    if isinstance(contact, dict):
        return clean_text(contact.get("name")), clean_text(contact.get("phone"))
    items = list(contact)
    return (clean_text(items[0]) if items else ""), (clean_text(items[1]) if len(items) > 1 else "")


def _set_text(cell: Any, value: Any) -> None:
    """Write text as text: never a formula, no control characters."""
    text = clean_text(value) if not isinstance(value, str) else _strip_controls(value)
    cell.value = text
    cell.data_type = "s"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _strip_controls(text: str) -> str:
    return _CONTROL.sub("", text).strip()


def _banner(provenance: Any, result: Any) -> str | None:

    text = banner_text(result, provenance)
    return text.replace("本报告", "本表") if text else None


def write_self_evaluation_form(
    result: Any,
    plan: Any,
    path: str | Path,
    *,
    provenance: Any = None,
    outcomes: pd.DataFrame | None = None,
    policy: Any = None,
    layout: str | None = None,
    unit_name: str | None = None,
    contact: Any = None,
    filled_on: Any = None,
) -> Path:
    """Write the 年度目标自评表 as an ``.xlsx`` workbook ready to print, sign and submit.

    Sheet 自评表: a red notice row when the figures are illustrative, the title
    《{plan.title}》年度目标自评表, unit / contact / phone / date, the indicator table
    (:func:`self_evaluation_form_table`) with a 小计 row per 一级指标 and the 总分 row as
    ``=SUM(...)`` formulas (their cached values are stored as well), the 自评等级 and a
    signature block. Sheet 说明: how 分值, 得分 and 总分 were made and how they relate to the
    library's overall score, the overall figures, warnings and provenance. Both sheets print
    on A4 (landscape / portrait) one page wide, with 第 &P 页 共 &N 页 in the footer and,
    for illustrative figures, the 示例数据（虚构） notice in every page header.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    path : str or Path
        The ``.xlsx`` file to write.
    provenance : Provenance, optional
        Written to 说明; its ``illustrative`` flag adds the notices.
    outcomes : pandas.DataFrame, optional
        The scored outcomes (stages and ratings for 实际完成值).
    policy : Policy, optional
        Its ``self_evaluation`` block (layout, finance mapping, points) and grades;
        ``result.policy`` when omitted.
    layout : {"plan", "finance"}, optional
        Overrides the policy's layout.
    unit_name : str, optional
        填报单位; ``plan.issuer`` when omitted.
    contact : str or (str, str) or dict, optional
        联系人, or (联系人, 联系电话), or ``{"name": …, "phone": …}``; blank when omitted.
    filled_on : datetime.date or str, optional
        填报日期; left blank (年 月 日) for the signer when omitted.

    Returns
    -------
    Path
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.properties import CalcProperties
    from openpyxl.worksheet.properties import PageSetupProperties

    pol = policy if policy is not None else result.policy
    chosen, _, _ = _settings(pol, result, layout)
    table = self_evaluation_form_table(result, plan, outcomes=outcomes, policy=pol, layout=chosen)
    totals = form_totals(table, result, pol, chosen)
    notice = _banner(provenance, result)
    columns = list(FORM_COLUMNS)
    ncol = len(columns)
    last = get_column_letter(ncol)
    col = {name: i + 1 for i, name in enumerate(columns)}
    width = {name: float(FORM_WIDTHS[name]) for name in columns}
    letter = {name: get_column_letter(col[name]) for name in columns}

    body = Font(name="宋体", size=_BODY_PT)
    bold = Font(name="宋体", size=_BODY_PT, bold=True)
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(vertical="center", wrap_text=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    grey = PatternFill("solid", fgColor="F2F2F2")

    wb = Workbook()
    wb.calculation = CalcProperties(fullCalcOnLoad=True)
    ws = wb.active
    ws.title = "自评表"
    for name in columns:
        ws.column_dimensions[letter[name]].width = width[name]
    total_width = sum(width.values())
    cached: dict[str, float] = {}

    def merged_row(text: str, font: Any, *, fill: Any = None, align: Any = None) -> int:
        row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
        cell = ws.cell(row, 1)
        _set_text(cell, text)
        cell.font = font
        cell.alignment = align or wrap
        if fill is not None:
            cell.fill = fill
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        lines = text_lines(text, total_width, font.size or _BODY_PT)
        ws.row_dimensions[row].height = _row_height(lines, font.size or _BODY_PT) + 4
        return row

    if notice:
        merged_row(
            f"⚠ {notice}：本表仅用于演示，不得作为正式自评上报",
            Font(name="黑体", size=12, bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="C00000"),
            align=centre,
        )
    title = f"《{clean_text(plan.title)}》年度目标自评表"
    midyear = bool(result.overall.get("midyear"))
    if midyear:
        title += f"（时间过半检查，截至 {result.overall.get('as_of')}）"
    merged_row(title, Font(name="黑体", size=16, bold=True), align=centre)

    # unit, contact, phone, date on one line, in four merged spans
    name, phone = _contact_parts(contact)
    unit = clean_text(unit_name) or clean_text(getattr(plan, "issuer", "")) or ""
    blank = "\u3000" * 6
    info = (
        (f"填报单位：{unit}", 1, 4),
        (f"联系人：{name or blank}", 5, 6),
        (f"联系电话：{phone or blank}", 7, 9),
        (f"填报日期：{_date_text(filled_on)}", 10, ncol),
    )
    info_row = ws.max_row + 1
    info_lines = 1
    for text, a, b in info:
        cell = ws.cell(info_row, a)
        _set_text(cell, text)
        cell.font = body
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.merge_cells(start_row=info_row, start_column=a, end_row=info_row, end_column=b)
        span = sum(width[columns[c - 1]] for c in range(a, b + 1))
        info_lines = max(info_lines, text_lines(text, span))
    ws.row_dimensions[info_row].height = _row_height(info_lines) + 4

    header_row = ws.max_row + 1
    for name_ in columns:
        cell = ws.cell(header_row, col[name_])
        _set_text(cell, name_)
        cell.font = bold
        cell.alignment = centre
        cell.border = border
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
    ws.row_dimensions[header_row].height = _row_height(
        max(text_lines(n, width[n]) for n in columns)
    )

    text_columns = [c for c in columns if c not in ("序号", "分值", "得分")]
    subtotal_rows: list[int] = []
    row = header_row
    for group, part in table.groupby("一级指标", sort=False):
        first = row + 1
        for rec in part.to_dict("records"):
            row += 1
            ws.cell(row, col["序号"], int(rec["序号"]))
            ws.cell(row, col["分值"], float(rec["分值"]))
            ws.cell(row, col["得分"], float(rec["得分"]))
            for name_ in text_columns:
                _set_text(ws.cell(row, col[name_]), rec[name_])
            lines = max(text_lines(str(rec[n]), width[n]) for n in text_columns)
            ws.row_dimensions[row].height = _row_height(lines)
            for c in range(1, ncol + 1):
                cell = ws.cell(row, c)
                cell.font = body
                cell.border = border
                cell.alignment = centre if columns[c - 1] in ("序号", "分值", "得分") else wrap
            ws.cell(row, col["分值"]).number_format = "0.00"
            ws.cell(row, col["得分"]).number_format = "0.00"
        # 小计
        row += 1
        subtotal_rows.append(row)
        label = f"{group} 小计"
        _set_text(ws.cell(row, 1), label)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=col["分值"] - 1)
        for key in ("分值", "得分"):
            ref = f"{letter[key]}{first}:{letter[key]}{row - 1}"
            ws.cell(row, col[key], f"=SUM({ref})")
            ws.cell(row, col[key]).number_format = "0.00"
            cached[f"{letter[key]}{row}"] = round(float(part[key].sum()), 2)
        for c in range(1, ncol + 1):
            cell = ws.cell(row, c)
            cell.font = bold
            cell.border = border
            cell.fill = grey
            cell.alignment = Alignment(
                horizontal="right" if c == 1 else "center", vertical="center", wrap_text=True
            )
        span = sum(width[columns[c]] for c in range(col["分值"] - 1))
        ws.row_dimensions[row].height = _row_height(text_lines(label, span))

    # 总分
    row += 1
    _set_text(ws.cell(row, 1), "总分")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=col["分值"] - 1)
    for key in ("分值", "得分"):
        refs = ",".join(f"{letter[key]}{r}" for r in subtotal_rows)
        ws.cell(row, col[key], f"=SUM({refs})")
        ws.cell(row, col[key]).number_format = "0.00"
    cached[f"{letter['分值']}{row}"] = round(float(table["分值"].sum()), 2)
    cached[f"{letter['得分']}{row}"] = totals.total
    basis = (
        "总分 = 各一级指标小计之和，即评估报告的总分；单项得分 = 分值 × min(完成率, 100%)，"
        "超额完成不加分，未达 100% 的按完成率折算，未报送、无法评估的指标得 0 分"
        "（详见“说明”工作表）"
    )
    _set_text(ws.cell(row, col["评分依据"]), basis)
    ws.merge_cells(start_row=row, start_column=col["评分依据"], end_row=row, end_column=ncol)
    for c in range(1, ncol + 1):
        cell = ws.cell(row, c)
        cell.font = bold if c < col["评分依据"] else body
        cell.border = border
        cell.fill = grey
        cell.alignment = centre if c < col["评分依据"] else wrap
    basis_width = sum(width[c] for c in columns[col["评分依据"] - 1 :])
    ws.row_dimensions[row].height = _row_height(text_lines(basis, basis_width))

    # 自评等级
    row += 1
    grade_text = (
        f"自评等级：{totals.grade}（按总分 {totals.total:.2f} 分评定："
        f"优 ≥ {pol.grades.you:g} 分，良 ≥ {pol.grades.liang:g} 分，"
        f"中 ≥ {pol.grades.zhong:g} 分，其余为差）"
    )
    if result.overall.get("veto_failed"):
        grade_text += f"；一票否决指标未完成，等级最高为“{pol.veto.max_grade}”"
    _set_text(ws.cell(row, 1), grade_text)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
    ws.cell(row, 1).font = bold
    ws.cell(row, 1).alignment = wrap
    for c in range(1, ncol + 1):
        ws.cell(row, c).border = border
    ws.row_dimensions[row].height = _row_height(text_lines(grade_text, total_width))

    # signature block: one row of four merged spans, tall enough to sign in
    row += 2
    signature = (
        ("单位负责人（签字）：", 1, 4),
        ("填报人：", 5, 6),
        ("单位（盖章）：", 7, 9),
        ("日期：\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日", 10, ncol),
    )
    sign_lines = 1
    for text, a, b in signature:
        cell = ws.cell(row, a)
        _set_text(cell, text)
        cell.font = Font(name="宋体", size=11)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.merge_cells(start_row=row, start_column=a, end_row=row, end_column=b)
        span = sum(width[columns[c - 1]] for c in range(a, b + 1))
        sign_lines = max(sign_lines, text_lines(text, span, 11))
    ws.row_dimensions[row].height = max(40.0, _row_height(sign_lines, 11) + 16)
    if provenance is not None:
        row += 1
        note = (
            f"生成时间：{local_time_text(provenance.built_at)}；"
            "计分方法、数据来源与校验值见“说明”工作表。"
        )
        _set_text(ws.cell(row, 1), note)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncol)
        ws.cell(row, 1).font = Font(name="宋体", size=9, color="555555")
        ws.cell(row, 1).alignment = wrap
        ws.row_dimensions[row].height = _row_height(text_lines(note, total_width, 9), 9)

    # print: A4 landscape, one page wide, table header on every page
    ws.freeze_panes = f"A{header_row + 1}"
    _print_setup(ws, landscape=True, notice=notice, title_rows=f"{header_row}:{header_row}")
    ws.print_area = f"A1:{last}{ws.max_row}"
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    _notes_sheet(wb, result, table, totals, pol, provenance, notice, chosen)

    return save_workbook(
        wb,
        Path(path),
        what="年终自评表",
        transform=lambda data: _store_cached_values(data, "xl/worksheets/sheet1.xml", cached),
    )


def _print_setup(ws: Any, *, landscape: bool, notice: str | None, title_rows: str | None) -> None:

    notice = f"{notice}，不得作为正式自评上报" if notice else None
    fit_a4(ws, landscape=landscape, title_rows=title_rows, notice=notice)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = _MARGIN_LR_IN
    ws.page_margins.top = ws.page_margins.bottom = 0.55
    ws.page_margins.header = ws.page_margins.footer = 0.2


def _pct(value: float | None) -> str:
    return f"{value:.1%}" if value is not None else "—"


def _pts(value: float | None) -> str:
    return f"{value:.2f} 分" if value is not None else "—"


def _notes_rows(
    result: Any, table: pd.DataFrame, totals: FormTotals, policy: Any, chosen: str
) -> list[tuple[str, str]]:
    o = result.overall
    cap = float(policy.score.cap)
    n_bonus = int((table["bonus"] > 0).sum())
    n_exceeded = int((table["status"] == "exceeded").sum())
    unscored = table[table["status"].isin(["no_data", "not_assessable"])]
    if chosen == "plan":
        hierarchy = (
            "一级指标为计划的板块，二级指标为板块下的工作领域，三级指标为计划中的每一项目标"
            "（评分规则 self_evaluation.layout: plan）。"
        )
        points = (
            "每项指标的分值 = 100 × 该指标在总分中的权重（板块权重 × 指标在板块内的权重份额，"
            "与评估报告总分的权重相同）。先按最大余数法把 100 分分配到各一级指标"
            "（精确到 0.01 分），再分配到其下各指标，分值合计恰为 100 分。"
        )
    else:
        shares = "、".join(f"{k} {v:g}" for k, v in policy.self_evaluation.points.items())
        hierarchy = (
            "按财预〔2020〕10号绩效自评表的指标层级：一级指标为产出指标、效益指标、满意度指标，"
            "二级指标为数量、质量、时效、成本、经济、社会、生态、可持续影响、服务对象满意度"
            "（评分规则 self_evaluation.layout: finance；指标归类见 finance_mapping，"
            "未列出的按指标类型归类）。"
        )
        points = (
            f"各一级指标的分值比例为 {shares}；年度工作计划没有“项目资金”一项，"
            "故按有指标的一级指标折算为 100 分，再按指标权重分配到其下各指标"
            "（最大余数法，精确到 0.01 分），分值合计恰为 100 分。"
        )
    level_text = "；".join(f"{k} {v[0]:.2f} 分" for k, v in totals.per_level1.items())
    stretch = "、".join(
        f"{k}类 {_pct(v.met_ratio)}" for k, v in policy.strength.items() if v.met_ratio < 1.0
    )
    scored_rule = getattr(policy.score, "total", "form") == "scored"
    missing_points = float(unscored["分值"].sum())
    rows = [
        ("指标层级", hierarchy),
        ("分值", points + f"各一级指标分值：{level_text}。"),
        (
            "得分",
            "单项得分 = 分值 × min(完成程度得分, 100) ÷ 100，完成程度得分即评估报告中该指标的百分制"
            "得分：完成率达到 100% 的得满分，超额完成不加分（财预〔2020〕10号口径），得分不超过"
            "分值；未达到 100% 的按完成率折算（得分 = 分值 × 完成率），不得满分。"
            + (
                f"{stretch}为完成线：达到完成线的状态记为“完成”，但得分仍按完成率折算。"
                if stretch
                else ""
            )
            + "各项得分按最大余数法取到 0.01 分，使其合计恰为总分。",
        ),
        (
            "超额完成",
            f"{n_exceeded} 项指标超额完成（与评估报告的“超额完成”同一口径），其中 {n_bonus} 项"
            f"的超额部分可以折算成分数；若按单项上限 {cap:g} 分计入超额加分，将多 "
            f"{totals.bonus:.2f} 分，本表与评估报告的总分都不计入。",
        ),
        (
            "未报送与无法评估",
            (
                f"按评分规则（score.total: scored），未报送（含缺少基期、无期末数据）和无法评估的 "
                f"{len(unscored)} 项指标不计分值，分值按其余指标折算为 100 分。"
            )
            if scored_rule
            else (
                "未报送（含缺少基期、无期末数据）和无法评估的指标保留分值、得 0 分，本表共 "
                f"{len(unscored)} 项、合计 {missing_points:.2f} 分；"
                "没有指标按“不适用”剔除（无法评估是缺少证据，不是承诺取消）。"
            ),
        ),
        (
            "偏差原因与改进措施",
            f"未完全完成或未报送的指标须说明偏差原因和改进措施；尚未填写的标为“{TO_COMPLETE}”，"
            f"本表共 {int(table['偏差原因分析及改进措施'].str.contains(TO_COMPLETE).sum())} 项。",
        ),
        (
            "总分",
            _pts(totals.total)
            + f"；自评等级 {totals.grade}。"
            + (
                "本表总分即评估报告、自评报告和各下载文件中的总分（同一个数），"
                "由各项得分直接相加得到，审核时可逐项复核。"
                if chosen == _layout_of(result.policy)
                else "本表按另一种指标层级加权，总分与评估报告不同，仅供对照。"
            ),
        ),
        (
            "其他读数（不是总分）",
            f"有数据指标平均得分 {_pts(_num(o.get('scored_mean')))}"
            f"（只计有数据的指标，数据覆盖率 {_pct(totals.coverage)}）。",
        ),
    ]
    if clean_text(o.get("grade_note")):
        rows.append(("等级说明", clean_text(o.get("grade_note"))))
    return rows


def _notes_sheet(
    wb: Any,
    result: Any,
    table: pd.DataFrame,
    totals: FormTotals,
    policy: Any,
    provenance: Any,
    notice: str | None,
    chosen: str,
) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    ws = wb.create_sheet("说明")
    widths = _NOTES_WIDTHS
    for key, value in widths.items():
        ws.column_dimensions[key].width = value
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    rows: list[tuple[str, str]] = []
    if notice:
        rows.append(("注意", f"{notice}。本表仅用于演示，不得作为正式自评上报。"))
    rows += _notes_rows(result, table, totals, policy, chosen)
    rows += [("提示", clean_text(w)) for w in result.warnings]
    if provenance is not None:
        rows += [
            (label, re.sub(r"（SHA-256 ([0-9a-f]{64})）", r"\nSHA-256 \1", clean_text(value)))
            for label, value in provenance.rows()
        ]
    head = ws.cell(1, 1)
    _set_text(head, "项目")
    _set_text(ws.cell(1, 2), "内容")
    for c in (1, 2):
        ws.cell(1, c).font = Font(name="宋体", size=_BODY_PT, bold=True)
        ws.cell(1, c).fill = PatternFill("solid", fgColor="D9E1F2")
        ws.cell(1, c).border = border
        ws.cell(1, c).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = _row_height(1)
    for i, (label, value) in enumerate(rows, start=2):
        a, b = ws.cell(i, 1), ws.cell(i, 2)
        _set_text(a, label)
        _set_text(b, value)
        red = label == "注意"
        for cell in (a, b):
            cell.font = Font(name="宋体", size=_BODY_PT, bold=red or cell is a, color=None)
            if red:
                cell.font = Font(name="宋体", size=_BODY_PT, bold=True, color="C00000")
            cell.alignment = Alignment(vertical="top", horizontal="left", wrap_text=True)
            cell.border = border
        lines = max(text_lines(label, widths["A"]), text_lines(value, widths["B"]))
        ws.row_dimensions[i].height = _row_height(lines)
    _print_setup(ws, landscape=False, notice=notice, title_rows="1:1")
    ws.print_area = f"A1:B{ws.max_row}"


def _store_cached_values(data: bytes, member: str, values: dict[str, float]) -> bytes:
    """Store the computed value of formula cells (openpyxl writes formulas without one).

    Excel and LibreOffice recalculate on opening (``fullCalcOnLoad``); viewers and
    libraries that do not compute (previews, ``pandas.read_excel``) read these values.
    ``data`` is the saved workbook; the workbook with the values is returned.
    """
    if not values:
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        xml = zin.read(member).decode("utf-8")
        pattern = re.compile(r'(<c r="([A-Z]+[0-9]+)"[^>]*>)(<f>[^<]*</f>)<v(?:\s*/>|></v>)')

        def fill(m: re.Match) -> str:
            if m.group(2) not in values:
                return m.group(0)
            return f"{m.group(1)}{m.group(3)}<v>{values[m.group(2)]!r}</v>"

        xml = pattern.sub(fill, xml)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                body = xml.encode("utf-8") if item.filename == member else zin.read(item)
                zout.writestr(item, body)
    return out.getvalue()
