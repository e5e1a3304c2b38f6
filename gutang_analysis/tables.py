"""Per-target tables: the self-evaluation table, the readable tables analysts look at in
JupyterLab, and the per-target CSV.

Text that users typed (causes, remedies, evidence) ends up in files opened by Excel and
WPS, where a cell starting with ``=``, ``+``, ``-`` or ``@`` is read as a formula
(CSV/formula injection, OWASP). :func:`clean_text` removes the control characters that
XML (and openpyxl) reject; :func:`csv_text` also defuses a leading formula character by
prefixing ``'``, as OWASP recommends for CSV. In ``.xlsx`` files text cells are written as
text (``data_type = "s"``) instead, so they keep their first character.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd

from .labels import COLUMN_LABELS, KIND_LABELS, STATUS_LABELS
from .phrases import (
    _flag_text,
    _fmt_value,
    _num,
    _text,
    actual_texts,
    baseline_text,
    status_text,
    target_text,
)

__all__ = [
    "SELF_EVALUATION_COLUMNS",
    "TARGET_CSV_COLUMNS",
    "clean_text",
    "csv_text",
    "overall_frame",
    "readable_targets",
    "self_evaluation_table",
    "status_table",
    "targets_table",
    "write_targets_csv",
]

# Control characters that are not allowed in XML 1.0 (what openpyxl rejects), plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A leading character a spreadsheet reads as the start of a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_text(value: Any) -> str:
    """Return ``value`` as stripped text without control characters ('' for missing).

    Examples
    --------
    >>> clean_text("  进度\\x07滞后 ")
    '进度滞后'
    >>> clean_text(float("nan")), clean_text(None)
    ('', '')
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return _CONTROL.sub("", str(value)).strip()


def csv_text(value: Any) -> str:
    """Text for a CSV cell: cleaned, and prefixed with ``'`` when it would start a formula.

    Examples
    --------
    >>> csv_text("=1+1"), csv_text("-5家"), csv_text("@SUM(A1)"), csv_text("正常")
    ("'=1+1", "'-5家", "'@SUM(A1)", '正常')
    """
    text = clean_text(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _number(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _csv_number(value: float | None) -> str:
    """A number as Excel reads it: no exponent, no separators, at most 6 decimals.

    Examples
    --------
    >>> _csv_number(3000000.0), _csv_number(1.125), _csv_number(-0.5), _csv_number(None)
    ('3000000', '1.125', '-0.5', '')
    """
    if value is None:
        return ""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: Columns of the per-target CSV (:func:`write_targets_csv`), in order.
TARGET_CSV_COLUMNS: tuple[str, ...] = (
    "指标编号",
    "板块",
    "工作领域",
    "指标",
    "指标类型",
    "力度",
    "年度指标值",
    "目标数值",
    "单位",
    "完成值",
    "完成情况",
    "完成率",
    "得分",
    "权重",
    "状态",
    "评分依据",
    "偏差原因",
    "改进措施",
    "佐证材料",
    "责任科室",
)

_NUMERIC = frozenset({"目标数值", "完成值", "完成率", "得分", "权重"})


def targets_table(result: Any, plan: Any, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per target with Chinese headers (:data:`TARGET_CSV_COLUMNS`).

    Numbers stay numbers: ``目标数值`` and ``完成值`` in the target's unit, ``完成率`` a
    share (1.12 for 112 %), ``得分`` the library's score (0–cap, empty when not scored)
    and ``权重`` the target's share of the whole (the shares sum to 1). ``完成情况`` is
    what a reader sees (``56家``, ``第 3 名``, a stage or a rating).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> table = targets_table(ctx.result, ctx.plan, ctx.outcomes)
    >>> len(table) == len(ctx.plan.targets), round(float(table["权重"].sum()), 9)
    (True, 1.0)
    """
    from .kinds import kind_label
    from .phrases import actual_texts, target_text

    plan_rows = plan.targets.set_index("target_id")
    texts = actual_texts(result, outcomes)
    rows = []
    for r in result.targets.itertuples(index=False):
        p = plan_rows.loc[r.target_id].to_dict() if r.target_id in plan_rows.index else {}
        p.setdefault("kind", r.kind)
        rows.append(
            {
                "指标编号": clean_text(r.target_id),
                "板块": clean_text(r.section_name),
                "工作领域": clean_text(p.get("area")),
                "指标": clean_text(r.title),
                "指标类型": kind_label(r.kind),
                "力度": clean_text(r.strength),
                "年度指标值": target_text(p),
                "目标数值": _number(r.target_value),
                "单位": clean_text(r.unit),
                "完成值": _number(r.actual),
                "完成情况": clean_text(texts.get(r.target_id)),
                "完成率": _number(r.ratio),
                "得分": _number(r.score),
                "权重": _number(r.effective_weight),
                "状态": clean_text(r.status_label),
                "评分依据": clean_text(r.rule),
                "偏差原因": clean_text(r.cause),
                "改进措施": clean_text(r.remedy),
                "佐证材料": clean_text(r.evidence),
                "责任科室": clean_text(r.office),
            }
        )
    return pd.DataFrame(rows, columns=list(TARGET_CSV_COLUMNS))


def write_targets_csv(
    result: Any,
    plan: Any,
    path: str | Path,
    outcomes: pd.DataFrame | None = None,
    provenance: Any = None,
) -> Path:
    """Write the per-target table (:func:`targets_table`) as a CSV that Excel opens cleanly.

    UTF-8 with a byte-order mark (so Excel and WPS detect the encoding), Chinese headers,
    numbers written as plain numbers (no thousands separators; empty when missing) and
    every text cell passed through :func:`csv_text`, so no cell can start a formula.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    path : str or Path
        The ``.csv`` file to write.
    outcomes : pandas.DataFrame, optional
        The scored outcomes (stages and ratings for ``完成情况``).
    provenance : Provenance, optional
        When it (or the result) says the figures are illustrative, the first line is the
        示例数据 notice (a ``#`` line, which the package's loaders skip).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> out = write_targets_csv(ctx.result, ctx.plan, pathlib.Path(tempfile.mkdtemp()) / "t.csv")
    >>> out.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    True
    >>> out.read_text("utf-8-sig").splitlines()[0]  # the bundled figures are invented
    '# 本表使用示例数据（虚构），不是官方统计'
    """
    from .phrases import banner_text

    table = targets_table(result, plan, outcomes)
    out = Path(path)
    notice = banner_text(result, provenance)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        if notice:
            fh.write(f"# {notice.replace('本报告', '本表')}\r\n")
        writer.writerow(TARGET_CSV_COLUMNS)
        for record in table.itertuples(index=False):
            row = []
            for name, value in zip(TARGET_CSV_COLUMNS, record, strict=True):
                if name in _NUMERIC:
                    number = _number(value)
                    row.append(_csv_number(number))
                else:
                    row.append(csv_text(value))
            writer.writerow(row)
    return out


#: Columns of the self-evaluation table, as self-evaluation forms name them.
SELF_EVALUATION_COLUMNS: tuple[str, ...] = (
    "板块",
    "序号",
    "目标",
    "目标值",
    "基期值",
    "完成值",
    "完成率",
    "得分",
    "状态",
    "评分依据",
    "提示",
    "偏差原因",
    "改进措施",
    "佐证材料",
    "责任科室",
)


def self_evaluation_table(
    result: Any, plan: Any, section: str | None = None, outcomes: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return the per-target self-evaluation table (目标 / 完成值 / 完成率 / 得分 / …).

    Plain values (not HTML): ``完成率`` is a share (0.95) rounded to 4 places and ``得分``
    a score rounded to one decimal, ``完成值`` is text (``56家``, ``第 3 名``, the stage or
    rating; see :func:`actual_texts`), ``基期值`` is filled for direction targets, and the
    internal status code is kept in a hidden ``status`` column for colouring.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    section : str, optional
        Only this programme.
    outcomes : pandas.DataFrame, optional
        The outcomes that were scored, for the stage of milestones and the rating of
        qualitative targets (without it those rows show what the analyst wrote, if kept).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> table = self_evaluation_table(ctx.result, ctx.plan, outcomes=ctx.outcomes)
    >>> list(table.columns)[:6]
    ['板块', '序号', '目标', '目标值', '基期值', '完成值']
    >>> table.set_index("目标").loc["PM2.5浓度同比下降", ["基期值", "完成值"]].tolist()
    ['29微克/立方米', '27微克/立方米']
    """
    t = result.targets
    if section is not None:
        t = t[t["section"] == section]
    extra = plan.targets.set_index("target_id")
    actual = actual_texts(result, outcomes)
    rows = []
    for i, r in enumerate(t.itertuples(index=False), 1):
        p = extra.loc[r.target_id].to_dict() if r.target_id in extra.index else {}
        p.setdefault("kind", r.kind)
        ratio, points = _num(r.ratio), _num(r.score)
        rows.append(
            {
                "板块": r.section_name,
                "序号": i,
                "目标": r.title,
                "目标值": target_text(p),
                "基期值": baseline_text(r),
                "完成值": actual.get(r.target_id, ""),
                "完成率": round(ratio, 4) if ratio is not None else None,
                "得分": round(points, 1) if points is not None else None,
                "状态": status_text(r),
                "评分依据": _text(getattr(r, "rule", "")),
                "提示": _flag_text(getattr(r, "flag", None)),
                "偏差原因": _text(r.cause),
                "改进措施": _text(r.remedy),
                "佐证材料": _text(r.evidence),
                "责任科室": _text(r.office),
                "status": r.status,
            }
        )
    return pd.DataFrame(rows, columns=[*SELF_EVALUATION_COLUMNS, "status"])


_EMPTY = "—"


def _cell(value: object, column: str) -> object:
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
