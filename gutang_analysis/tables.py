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

import contextlib
import csv
import difflib
import io
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from ._files import write_atomic
from ._values import total_text
from ._xlsx import csv_safe, save_workbook, write_text_cell
from .errors import Problem, UsageError
from .kinds import kind_label
from .labels import COLUMN_LABELS, KIND_LABELS, STATUS_LABELS
from .phrases import (
    _flag_text,
    _fmt_value,
    _num,
    _text,
    actual_texts,
    banner_text,
    baseline_text,
    status_text,
    target_text,
)
from .scoring import REASON_LABELS
from .style import STATUS_COLORS, STATUS_ORDER, STATUS_TEXT_COLORS

__all__ = [
    "RESULTS_COLUMNS",
    "SELF_EVALUATION_COLUMNS",
    "TARGET_CSV_COLUMNS",
    "clean_text",
    "csv_text",
    "overall_frame",
    "readable_targets",
    "results_view",
    "self_evaluation_table",
    "show_results",
    "status_table",
    "style_results",
    "targets_table",
    "total_line",
    "write_results_xlsx",
    "write_targets_csv",
]

# Control characters that are not allowed in XML 1.0 (what openpyxl rejects), plus DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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
    >>> csv_text("-1.5%")
    '-1.5%'
    """
    return csv_safe(clean_text(value))


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
    "分值",
    "计入总分得分",
    "状态",
    "评分依据",
    "偏差原因",
    "改进措施",
    "佐证材料",
    "责任科室",
    "配合科室",
    "牵头领导",
    "报送单位",
)

_NUMERIC = frozenset({"目标数值", "完成值", "完成率", "得分", "权重", "分值", "计入总分得分"})


def targets_table(result: Any, plan: Any, outcomes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per target with Chinese headers (:data:`TARGET_CSV_COLUMNS`).

    Numbers stay numbers: ``目标数值`` and ``完成值`` in the target's unit, ``完成率`` a
    share (1.12 for 112 %), ``得分`` the library's score (0–cap, empty when not scored)
    and ``权重`` the target's share of the whole (the shares sum to 1). ``分值`` is the
    target's points in the official total (100 × ``official_weight``) and ``计入总分得分``
    what it earns there (分值 × min(得分, 100) / 100, 0 without a score): they add up to
    the 总分. ``完成情况`` is what a reader sees (``56家``, ``第 3 名``, a stage or a
    rating).

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> ctx = prepare()
    >>> table = targets_table(ctx.result, ctx.plan, ctx.outcomes)
    >>> len(table) == len(ctx.plan.targets), round(float(table["权重"].sum()), 9)
    (True, 1.0)
    """

    plan_rows = plan.targets.set_index("target_id")
    texts = actual_texts(result, outcomes)
    rows = []
    for r in result.targets.itertuples(index=False):
        p = plan_rows.loc[r.target_id].to_dict() if r.target_id in plan_rows.index else {}
        p.setdefault("kind", r.kind)
        points = 100.0 * (_number(getattr(r, "official_weight", None)) or 0.0)
        earned = points * min(max(_number(r.score) or 0.0, 0.0), 100.0) / 100.0
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
                "分值": round(points, 4),
                "计入总分得分": round(earned, 4),
                "状态": clean_text(r.status_label),
                "评分依据": clean_text(r.rule),
                "偏差原因": clean_text(r.cause),
                "改进措施": clean_text(r.remedy),
                "佐证材料": clean_text(r.evidence),
                "责任科室": clean_text(r.office),
                "配合科室": clean_text(getattr(r, "partners", None)),
                "牵头领导": clean_text(getattr(r, "lead", None)),
                "报送单位": clean_text(getattr(r, "reporting_office", None)),
            }
        )
    return pd.DataFrame(rows, columns=list(TARGET_CSV_COLUMNS))


def total_line(result: Any) -> str:
    """The CSV's line stating the official total and grade.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> total_line(prepare().result)
    '总分 83.03 分，等级 良（即年终自评表合计；各行“计入总分得分”之和取到 0.01 分）'
    """
    o = result.overall
    grade = _text(o.get("grade")) or "不评定"
    return (
        f"总分 {total_text(o.get('score'))} 分，等级 {grade}"
        "（即年终自评表合计；各行“计入总分得分”之和取到 0.01 分）"
    )


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

    table = targets_table(result, plan, outcomes)
    out = Path(path)
    notice = banner_text(result, provenance)
    fh = io.StringIO(newline="")
    writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    if notice:
        fh.write(f"# {notice.replace('本报告', '本表')}\r\n")
    fh.write(f"# {total_line(result)}\r\n")
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
    return write_atomic(out, fh.getvalue(), what="逐项明细", encoding="utf-8-sig")


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
    "配合科室",
    "牵头领导",
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
                "配合科室": _text(getattr(r, "partners", None)),
                "牵头领导": _text(getattr(r, "lead", None)),
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


def _resolve_columns(targets: pd.DataFrame, columns: list[str]) -> list[str]:
    """Column names (or their Chinese headers) -> the frame's columns; unknown ones refused."""

    if isinstance(columns, str):
        columns = [columns]
    by_label: dict[str, str] = {}
    for c in targets.columns:
        by_label.setdefault(COLUMN_LABELS.get(str(c), str(c)), str(c))
    known = [str(c) for c in targets.columns]
    out, problems = [], []
    for name in columns:
        if name in known:
            out.append(name)
        elif name in by_label:
            out.append(by_label[name])
        else:
            choices = known + [k for k in by_label if k not in known]
            close = difflib.get_close_matches(str(name), choices, n=3, cutoff=0.5)
            hint = f"；最接近的是 {'、'.join(close)}" if close else ""
            problems.append(
                Problem(
                    None,
                    None,
                    "columns",
                    str(name)[:80],
                    f"表中已有的列名或其中文表头{hint}",
                )
            )
    if problems:
        raise UsageError(f"表中没有 {len(problems)} 个指定的列", problems)
    return out


def readable_targets(targets: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """A slice of ``plan.targets`` or ``ScoreResult.targets`` as an analyst reads it.

    Chinese headers (:data:`COLUMN_LABELS`), kinds and statuses in Chinese
    (``style.KIND_LABELS``, ``style.STATUS_LABELS``), numbers rounded to two decimals,
    ``完成率`` as a percentage and every missing value shown as ``—``. The index is the
    target's number (1, 2, …). Values are text: for display, not for further computing
    (:func:`results_view` keeps numbers as numbers).

    Parameters
    ----------
    targets : pandas.DataFrame
        Rows of ``plan.targets`` or ``ScoreResult.targets``.
    columns : list of str, optional
        The columns to show, in order, by name (``"ratio"``) or Chinese header
        (``"完成率"``); defaults to every column of ``targets`` that has a Chinese header.

    Raises
    ------
    UsageError
        When a named column is not in ``targets`` (the message names it and the closest
        columns); a misspelt column is never silently left out.

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
    >>> readable_targets(t, ["titel"])
    Traceback (most recent call last):
    ...
    gutang_analysis.errors.UsageError: 表中没有 1 个指定的列：
      1. 字段“columns”：值“titel”不符合要求，应为表中已有的列名或其中文表头；最接近的是 title
    """
    if columns is None:
        cols = [c for c in targets.columns if c in COLUMN_LABELS]
    else:
        cols = _resolve_columns(targets, columns)
    cols = list(dict.fromkeys(cols))
    header = {c: COLUMN_LABELS.get(c, c) for c in cols}
    # two columns with one Chinese header (status, status_label): the later one's value
    rows = [{header[c]: _cell(rec[c], c) for c in cols} for rec in targets[cols].to_dict("records")]
    out = pd.DataFrame(rows, columns=list(dict.fromkeys(header[c] for c in cols)))
    out.index = pd.RangeIndex(1, len(out) + 1, name="序号")
    return out


def overall_frame(result: Any) -> pd.DataFrame:
    """The overall result as a small table (index 项目, column 结果), in Chinese.

    总分 (the official total, two decimals as on the form), 等级 (不评定 when no grade is
    given), 数据覆盖 as a percentage, the average over the targets with data under its own
    name, the number of targets and how many were scored; ``—`` for a missing figure.

    Examples
    --------
    >>> from gutang_analysis.report import prepare
    >>> table = overall_frame(prepare().result)
    >>> table.loc[["总分", "等级", "数据覆盖（按权重）"], "结果"].tolist()
    ['83.03 分', '良', '95%']
    """
    o = result.overall
    score, mean = _num(o.get("score")), _num(o.get("scored_mean"))
    coverage = _num(o.get("coverage"))
    rows = [
        ("总分", f"{total_text(score)} 分" if score is not None else _EMPTY),
        ("等级", _text(o.get("grade")) or "不评定"),
        ("数据覆盖（按权重）", f"{coverage:.0%}" if coverage is not None else _EMPTY),
        (
            "有数据指标平均得分（不是总分）",
            f"{mean:.1f} 分" if mean is not None else _EMPTY,
        ),
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


# --------------------------------------------------------------------------- results view

#: Columns of :func:`results_view` (their Chinese headers come from :data:`COLUMN_LABELS`).
RESULTS_COLUMNS: tuple[str, ...] = (
    "target_id",
    "section_name",
    "title",
    "office",
    "partners",
    "lead",
    "reporting_office",
    "kind",
    "strength",
    "target_value",
    "unit",
    "actual",
    "ratio",
    "score",
    "effective_weight",
    "status",
    "reason",
    "rule",
)

_VIEW_NUMERIC = ("target_value", "actual", "baseline", "expected", "ratio", "score", "weight")
_VIEW_SHARE = ("ratio", "schedule_ratio", "effective_weight", "coverage")


def _score_headers() -> tuple[str, ...]:
    return tuple(COLUMN_LABELS[c] for c in ("score", "scored_mean", "conservative_score"))


def _targets_of(result_or_targets: Any) -> pd.DataFrame:
    """``ScoreResult.targets`` from a result, a run or the frame itself."""

    obj = result_or_targets
    if hasattr(obj, "result") and hasattr(obj, "plan"):  # a Run
        obj = obj.result
    if hasattr(obj, "targets") and isinstance(obj.targets, pd.DataFrame):
        obj = obj.targets
    if isinstance(obj, pd.DataFrame) and {"target_id", "status"} <= set(obj.columns):
        return obj
    raise UsageError(
        "需要评分结果",
        [
            Problem(
                None,
                None,
                "result",
                type(result_or_targets).__name__,
                "score() 返回的评分结果（或 load_run(...).result、其 targets 表或其中几行）",
            )
        ],
    )


def results_view(result: Any, columns: list[str] | None = None) -> pd.DataFrame:
    """The results as a numeric table with Chinese headers: for sorting, filtering, export.

    Unlike :func:`readable_targets` the values stay values: ``目标值``, ``完成值``,
    ``得分`` are floats (NaN when missing), ``完成率`` and ``权重占比`` are shares (1.12 for
    112 %), ``状态`` is an ordered categorical of the Chinese status labels in
    ``style.STATUS_ORDER`` (best first, so ``sort_values("状态")`` reads best to worst and
    ``view[view["状态"] >= "部分完成"]`` keeps the shortfalls), and ``类型`` the Chinese
    kind. Formatting is left to :func:`style_results`.

    Parameters
    ----------
    result : ScoreResult, Run or pandas.DataFrame
        A score result (``run.result``), a run (its year-end result) or rows of
        ``ScoreResult.targets``.
    columns : list of str, optional
        Result columns to keep, in order (default :data:`RESULTS_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        Index 序号 (1, 2, …).

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> view = results_view(examples.gutang_2022())
    >>> list(view.columns[:4])
    ['目标编号', '板块', '目标任务', '责任科室']
    >>> view["得分"].dtype, view["完成率"].dtype
    (dtype('float64'), dtype('float64'))
    >>> list(view["状态"].cat.categories[:3]), view["状态"].cat.ordered
    (['超额完成', '完成', '进度正常'], True)
    >>> round(float(view["权重占比"].sum()), 6)
    1.0
    """

    t = _targets_of(result)
    cols = [c for c in (columns or RESULTS_COLUMNS) if c in t.columns]
    if columns is not None:
        cols = _resolve_columns(t, list(columns))
    out = pd.DataFrame(index=pd.RangeIndex(1, len(t) + 1, name="序号"))
    for c in dict.fromkeys(cols):
        values = t[c].to_numpy()
        if c in _VIEW_NUMERIC or c in _VIEW_SHARE:
            series = pd.to_numeric(pd.Series(values), errors="coerce").astype("float64")
        elif c in ("status", "group_status"):
            labels = [STATUS_LABELS[s] for s in STATUS_ORDER]
            series = pd.Categorical(
                [STATUS_LABELS.get(str(v)) if isinstance(v, str) else None for v in values],
                categories=labels,
                ordered=True,
            )
        elif c == "kind":
            series = pd.Series([KIND_LABELS.get(str(v), v) for v in values], dtype="object")
        elif c == "reason":
            series = pd.Series(
                [REASON_LABELS.get(str(v)) if isinstance(v, str) else None for v in values],
                dtype="object",
            )
        else:
            series = pd.Series([_text(v) or None for v in values], dtype="object")
        out[COLUMN_LABELS.get(c, c)] = (
            list(series) if not isinstance(series, pd.Categorical) else series
        )
    return out


def _fmt_number(value: Any) -> str:
    """A target or actual value: thousands separators, at most two decimals, no trailing 0."""
    number = _number(value)
    if number is None:
        return "—"
    return f"{number:,.2f}".rstrip("0").rstrip(".")


def _status_css(label: Any) -> str:

    code = _STATUS_BY_LABEL.get(str(label)) if isinstance(label, str) else None
    if code is None:
        return ""
    return f"background-color: {STATUS_COLORS[code]}; color: {STATUS_TEXT_COLORS[code]}"


_STATUS_BY_LABEL: dict[str, str] = {v: k for k, v in STATUS_LABELS.items()}


def style_results(view: Any):
    """A :func:`results_view` formatted for reading: a :class:`pandas.io.formats.style.Styler`.

    The data underneath stay numbers; only the display changes: shares as percentages
    (``112.0%``), scores to one decimal, other figures with thousands separators, ``—``
    for missing values, each status in its colour (``style.STATUS_COLORS`` with the
    readable text colour ``style.STATUS_TEXT_COLORS``). User text (titles, causes,
    evidence) is HTML-escaped, so ``<script>`` in a cell is shown, never run.

    Parameters
    ----------
    view : pandas.DataFrame, ScoreResult or Run
        A :func:`results_view` (or anything it accepts: it is built first).

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> html = style_results(examples.gutang_2022()).to_html()
    >>> "87.7" in html or "100.0" in html, "background-color: #1a7f4b" in html
    (True, True)
    """
    if not _is_view(view):
        view = results_view(view)
    shares = [COLUMN_LABELS[c] for c in _VIEW_SHARE if COLUMN_LABELS[c] in view.columns]
    scores = [h for h in _score_headers() if h in view.columns]
    numbers = [
        h
        for h in view.columns
        if h not in shares + scores and pd.api.types.is_float_dtype(view[h].dtype)
    ]
    styler = view.style.format(na_rep="—", escape="html")
    styler = styler.format("{:.1%}", subset=shares, na_rep="—")
    styler = styler.format("{:.1f}", subset=scores, na_rep="—")
    styler = styler.format(_fmt_number, subset=numbers, na_rep="—")
    for status in ("状态", "组合状态"):
        if status in view.columns:
            styler = styler.map(_status_css, subset=[status])
    return styler.set_table_attributes('class="gutang-results"')


def write_results_xlsx(result: Any, path: str | Path, *, sheet: str = "评分结果") -> Path:
    """Write :func:`results_view` to an Excel file: numbers stay numbers.

    Scores, values and shares are numeric cells (shares with the number format ``0.0%``,
    scores ``0.0``), so a reviewer can sort and sum them in Excel or WPS; statuses are
    text on their colour; user text is always written as text, never as a formula.

    Parameters
    ----------
    result : ScoreResult, Run or pandas.DataFrame
        A result, a run, rows of its targets or a :func:`results_view`.
    path : str or Path
        The ``.xlsx`` file to write.
    sheet : str
        The worksheet name.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> from gutang_analysis import examples
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.xlsx"
    >>> out = write_results_xlsx(examples.gutang_2022(), path)
    >>> ws = openpyxl.load_workbook(out).active
    >>> [c.value for c in ws[1]][:3], ws.cell(2, 11).data_type
    (['序号', '目标编号', '板块'], 'n')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    view = result if _is_view(result) else results_view(result)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    headers = [view.index.name or "序号", *map(str, view.columns)]
    for j, h in enumerate(headers, 1):
        cell = write_text_cell(ws, 1, j, h)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    shares = {COLUMN_LABELS[c] for c in _VIEW_SHARE}
    for i, (idx, rec) in enumerate(zip(view.index, view.itertuples(index=False), strict=True), 2):
        ws.cell(row=i, column=1, value=int(idx) if isinstance(idx, int) else str(idx))
        for j, (h, value) in enumerate(zip(view.columns, rec, strict=True), 2):
            number = _number(value) if isinstance(value, int | float) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                cell = ws.cell(row=i, column=j, value=number)
                if h in shares:
                    cell.number_format = "0.0%"
                elif h in _score_headers():
                    cell.number_format = "0.0"
            else:
                cell = write_text_cell(ws, i, j, clean_text(value) or None)
                code = _STATUS_BY_LABEL.get(str(value)) if h in ("状态", "组合状态") else None
                if code is not None:
                    cell.fill = PatternFill("solid", fgColor=STATUS_COLORS[code].lstrip("#"))
                    cell.font = Font(color=STATUS_TEXT_COLORS[code].lstrip("#"))
    for j, h in enumerate(headers, 1):
        letter = ws.cell(row=1, column=j).column_letter
        ws.column_dimensions[letter].width = 40 if h in ("目标任务", "评分依据") else 14
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions
    return save_workbook(wb, Path(path), what="结果表")


def _is_view(obj: Any) -> bool:
    """A :func:`results_view` (or a slice of its columns): Chinese headers, no codes."""
    return isinstance(obj, pd.DataFrame) and not {"target_id", "status"} & set(obj.columns)


def show_results(result: Any, *, interactive: bool | None = None) -> Any:
    """Show results in a notebook: a filterable table when ``itables`` is installed.

    With the optional extra (``pip install "gutang-analysis[interactive]"``) the table can
    be searched, sorted and paged in the browser; it works offline (the JavaScript is
    embedded in the notebook, ``connected=False``). Without it, or with
    ``interactive=False``, the :func:`style_results` table is returned, which JupyterLab
    shows when it is a cell's last value.

    Parameters
    ----------
    result : ScoreResult, Run or pandas.DataFrame
        What :func:`results_view` accepts, or a view.
    interactive : bool, optional
        Force (True) or refuse (False) the interactive table; by default it is used when
        ``itables`` can be imported.

    Returns
    -------
    Styler or None
        The styled table when shown without itables (display it by leaving it last in a
        cell); None when itables has displayed the table.

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> shown = show_results(examples.gutang_2022(), interactive=False)
    >>> type(shown).__name__
    'Styler'
    """
    view = result if _is_view(result) else results_view(result)
    if interactive is False:
        return style_results(view)
    try:
        import itables
    except ImportError:
        if interactive:
            raise UsageError(
                "没有安装可筛选表格组件 itables",
                [
                    Problem(
                        None,
                        None,
                        "interactive",
                        "True",
                        '先安装：pip install "gutang-analysis[interactive]"；'
                        "或不加此参数，显示普通表格",
                    )
                ],
            ) from None
        return style_results(view)
    shown = view.copy()
    for h in shown.columns:
        if h in {COLUMN_LABELS[c] for c in _VIEW_SHARE}:
            shown[h] = (shown[h] * 100).round(1)
            shown = shown.rename(columns={h: f"{h}（%）"})
        elif pd.api.types.is_float_dtype(shown[h].dtype):
            shown[h] = shown[h].round(2)
    with _itables_mode_kept():
        # the offline library for this table only: the analyst's own mode (every frame
        # interactive or not, connected or not) is what it was before
        itables.init_notebook_mode(all_interactive=False, connected=False)
        itables.show(shown, connected=False, lengthMenu=[10, 25, 50, 100], pageLength=25)
    return None


@contextlib.contextmanager
def _itables_mode_kept() -> Iterator[None]:
    """Put back how pandas frames show themselves and itables' connected mode afterwards."""
    from itables import javascript
    from pandas.io.formats.style import Styler

    saved = [(cls, cls.__dict__.get("_repr_html_")) for cls in (pd.DataFrame, pd.Series, Styler)]
    connected = getattr(javascript, "_CONNECTED", None)
    try:
        yield
    finally:
        for cls, method in saved:
            if method is None:
                if "_repr_html_" in cls.__dict__:
                    delattr(cls, "_repr_html_")
            else:
                cls._repr_html_ = method
        if connected is not None:
            javascript._CONNECTED = connected
