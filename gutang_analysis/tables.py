"""Plain per-target tables for spreadsheets: text cleaning and the per-target CSV.

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

__all__ = [
    "TARGET_CSV_COLUMNS",
    "clean_text",
    "csv_text",
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
    from .report import actual_texts, target_text

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
    result: Any, plan: Any, path: str | Path, outcomes: pd.DataFrame | None = None
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
    """
    table = targets_table(result, plan, outcomes)
    out = Path(path)
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
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
