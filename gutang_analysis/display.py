"""HTML tables for notebooks and reports: Chinese headers, status colours, escaping.

Every cell is escaped (``html.escape``): outcome files are typed by people, and a
``<script>`` in a remark must show as text. The HTML is self-contained (inline styles, no
external resources) so a report opens offline.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ._values import total_text
from .labels import COLUMN_LABELS, KIND_LABELS, STATUS_LABELS
from .style import STATUS_COLORS, STATUS_TEXT_COLORS

__all__ = [
    "COLUMN_LABELS",
    "DEFAULT_COLUMNS",
    "frame_html",
    "score_summary_html",
    "score_table_html",
]


#: The columns shown for a target table when none are named.
DEFAULT_COLUMNS: tuple[str, ...] = (
    "target_id",
    "section_name",
    "title",
    "target_value",
    "unit",
    "actual",
    "ratio",
    "score",
    "status",
    "rule",
    "flag",
)

_PERCENT = frozenset({"ratio", "schedule_ratio", "coverage", "effective_weight"})
_SCORE = frozenset({"score", "conservative_score"})
#: Columns holding a value with its unit, a ratio, a score or a short code: kept on one
#: line (“27微克/立方米” must not split) when the text is short.
_VALUE_COLUMNS = frozenset(
    {
        "target",
        "target_value",
        "unit",
        "actual",
        "actual_text",
        "baseline",
        "baseline_text",
        "expected",
        "expected_text",
        "weight",
        "grade",
        "group_status_label",
        "status_label",
        "period",
        "n_targets",
        "n_scored",
        "n_members",
        "n_met",
        "order",
        "target_id",
        "kind",
        "strength",
    }
    | _PERCENT
    | _SCORE
)
#: Longest text kept on one line in a value column.
_NOWRAP_CHARS = 16
#: Columns of running text: given more room on a phone before the table scrolls.
_LONG_COLUMNS = frozenset(
    {
        "source_text",
        "rule",
        "flag",
        "reason",
        "evidence",
        "cause",
        "remedy",
        "description",
        "members",
        "titles",
    }
)
#: A table with this many columns or more scrolls sideways on a phone, with a hint.
_WIDE_COLUMNS = 5
_SCROLL_HINT = "← 表格较宽，可左右滑动查看 →"
_FONTS = (
    "font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',"
    "'Hiragino Sans GB','WenQuanYi Micro Hei','SimHei',sans-serif;"
)
_TABLE = "border-collapse:collapse;line-height:1.5;margin:0;" + _FONTS
_TH = "border:1px solid #bbb;padding:4px 8px;background:#f0f3f7;text-align:left;white-space:nowrap;"
_TD = "border:1px solid #ddd;padding:4px 8px;vertical-align:top;"
_NUM = _TD + "text-align:right;white-space:nowrap;"
_NOWRAP = _TD + "white-space:nowrap;"


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def _status_cell(status: Any, label: Any = None, group_label: Any = None) -> str:
    """A status cell: the row's own label (e.g. 缺少基期) on the status colour, with the
    group status of a direction pair (组合：部分完成) below it when given."""
    if _missing(status):
        return f'<td style="{_TD}"></td>'
    code = str(status)
    text = html.escape(str(label) if not _missing(label) else STATUS_LABELS.get(code, code))
    if not _missing(group_label):
        text += (
            f'<br><span class="gutang-group-status" style="font-size:12px;">'
            f"组合：{html.escape(str(group_label))}</span>"
        )
    colour = STATUS_COLORS.get(code)
    if colour is None:
        return f'<td class="gutang-nowrap" style="{_TD}">{text}</td>'
    ink = STATUS_TEXT_COLORS[code]
    style = f"{_TD}background:{colour};color:{ink};white-space:nowrap;"
    return (
        f'<td class="gutang-status" style="{style}" data-status="{html.escape(code)}">{text}</td>'
    )


def _rank_text(column: str, value: Any) -> str | None:
    """第 3 名 for a rank's actual, 前 3 名 (or 前列) for its target; else None."""
    if column == "actual" and not _missing(value):
        return f"第 {float(value):g} 名"
    if column == "target_value":
        return "前列" if _missing(value) else f"前 {float(value):g} 名"
    return None


def _format(column: str, value: Any) -> tuple[str, bool]:
    """Cell text (unescaped) and whether it is numeric."""
    if _missing(value):
        return "—" if column in _PERCENT | _SCORE | {"actual", "target_value"} else "", False
    if isinstance(value, bool):
        return ("是" if value else "否"), False
    if column == "kind":
        return KIND_LABELS.get(str(value), str(value)), False
    if isinstance(value, int | float):
        f = float(value)
        if math.isinf(f):
            return "∞", True
        if column in _PERCENT:
            return f"{f * 100:.1f}%", True
        if column in _SCORE:
            return f"{f:.1f}", True
        if f == int(f) and abs(f) < 1e15:
            return f"{int(f):,}", True
        return f"{f:,.2f}".rstrip("0").rstrip("."), True
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10], False
    return str(value), False


def _column_class(column: str) -> str:
    """The CSS class of a column's header: value, running text or other text."""
    if column in _VALUE_COLUMNS or column in ("status", "group_status"):
        return "gutang-nowrap"
    return "gutang-long" if column in _LONG_COLUMNS else "gutang-text"


def _cell(column: str, text: str, numeric: bool) -> str:
    """A body cell: numbers right-aligned, short values on one line, text wrapping."""
    escaped = html.escape(text)
    if numeric:
        return f'<td class="gutang-num gutang-nowrap" style="{_NUM}">{escaped}</td>'
    if column in _VALUE_COLUMNS and len(text) <= _NOWRAP_CHARS:
        return f'<td class="gutang-nowrap" style="{_NOWRAP}">{escaped}</td>'
    kind = "gutang-long" if column in _LONG_COLUMNS else "gutang-text"
    return f'<td class="{kind}" style="{_TD}">{escaped}</td>'


def frame_html(
    df: pd.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    caption: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> str:
    """Any frame as a self-contained HTML table with Chinese headers.

    Columns named ``status`` or ``group_status`` (status codes) are shown as their Chinese
    label on the status colour; the label is taken from the row's ``status_label`` /
    ``group_status_label`` when the frame has one (so 缺少基期 shows instead of 未报送).
    When ``status`` is shown and ``group_status`` is not, a row's group status
    (direction pairs such as 双下降) is written under its status as 组合：部分完成. For rank
    targets (``kind == "rank"``) the actual reads 第 3 名 and the target 前 3 名 (前列).
    Every value and header is escaped.

    Parameters
    ----------
    df : pandas.DataFrame
        The table.
    columns : sequence of str, optional
        Columns to show, in order; all columns when omitted (missing ones are skipped).
    caption : str, optional
        A caption above the table.
    labels : mapping, optional
        Extra or overriding column headers.

    Returns
    -------
    str
        HTML.

    Examples
    --------
    >>> import pandas as pd
    >>> html_text = frame_html(pd.DataFrame({"title": ["<b>x</b>"], "status": ["met"]}))
    >>> "&lt;b&gt;x&lt;/b&gt;" in html_text and "完成" in html_text
    True
    >>> row = pd.DataFrame({"status": ["partial"], "group_status": ["partial"],
    ...     "group_status_label": ["部分完成"], "kind": ["rank"], "actual": [3.0]})
    >>> out = frame_html(row, ["actual", "status"])
    >>> "组合：部分完成" in out and "第 3 名" in out
    True
    """
    names = {**COLUMN_LABELS, **(labels or {})}
    cols = [c for c in (columns or df.columns) if c in df.columns]
    # when both the code and the label are present, show the coloured code column only
    for code, label in (("status", "status_label"), ("group_status", "group_status_label")):
        if code in cols and label in cols:
            cols.remove(label)
    wide = len(cols) >= _WIDE_COLUMNS
    label = html.escape(caption or "表格")
    parts = []
    if wide:
        # Hidden unless the report's stylesheet shows it (on a phone): JupyterLab shows
        # the table at full width and needs no hint.
        parts.append(f'<p class="gutang-scroll-hint" aria-hidden="true" hidden>{_SCROLL_HINT}</p>')
    parts.append(
        f'<div class="gutang-scroll{" gutang-wide" if wide else ""}" role="region" '
        f'tabindex="0" aria-label="{label}" style="overflow-x:auto;max-width:100%;">'
    )
    parts.append(f'<table class="gutang-table" style="{_TABLE}">')
    if caption:
        parts.append(
            f'<caption style="text-align:left;font-weight:bold;padding:4px 0;">'
            f"{html.escape(caption)}</caption>"
        )
    head = "".join(
        f'<th class="{_column_class(c)}" style="{_TH}">{html.escape(names.get(c, str(c)))}</th>'
        for c in cols
    )
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    group_under_status = "group_status" in df.columns and "group_status" not in cols
    for record in df.to_dict("records"):
        cells = []
        for c in cols:
            value = record[c]
            if c in ("status", "group_status"):
                group = None
                if c == "status" and group_under_status and not _missing(record["group_status"]):
                    group = record.get("group_status_label")
                    if _missing(group):
                        group = STATUS_LABELS.get(str(record["group_status"]))
                cells.append(_status_cell(value, record.get(f"{c}_label"), group))
                continue
            rank = _rank_text(c, value) if record.get("kind") == "rank" else None
            if rank is not None:
                cells.append(f'<td class="gutang-num" style="{_NUM}">{html.escape(rank)}</td>')
                continue
            text, numeric = _format(c, value)
            cells.append(_cell(c, text, numeric))
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def score_table_html(
    df: pd.DataFrame,
    columns: Sequence[str] | None = DEFAULT_COLUMNS,
    *,
    caption: str | None = None,
) -> str:
    """The per-target score table (``ScoreResult.targets``) as HTML.

    Parameters
    ----------
    df : pandas.DataFrame
        ``ScoreResult.targets`` or a subset of its rows.
    columns : sequence of str, optional
        Columns to show; by default id, section, title, target, unit, actual, ratio,
        score, status (with the group status of a direction pair written under it), rule
        and flags. ``None`` shows every column.
    caption : str, optional
        A caption above the table.

    Returns
    -------
    str
        Self-contained HTML; status cells coloured from ``style.STATUS_COLORS``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"target_id": ["a"], "title": ["实际利用外资"],
    ...     "ratio": [0.8667], "score": [86.67], "status": ["partial"]})
    >>> out = score_table_html(df)
    >>> "86.7" in out and "86.7%" in out and "部分完成" in out
    True
    """
    return frame_html(df, columns, caption=caption)


def score_summary_html(overall: Mapping[str, Any]) -> str:
    """A one-paragraph summary of ``ScoreResult.overall``, with its ``warnings``.

    Examples
    --------
    >>> print(score_summary_html({"score": 86.7, "grade": "良", "coverage": 1.0,
    ...     "n_targets": 1, "n_scored": 1, "conservative_score": 86.7}))  # doctest: +ELLIPSIS
    <p ...>总分 <b>86.70</b>，等级 <b>良</b>；...</p>
    """

    def num(x: Any, pct: bool = False) -> str:
        if _missing(x):
            return "—"
        return f"{float(x) * 100:.1f}%" if pct else f"{float(x):.1f}"

    grade = overall.get("grade")
    parts = [
        f"总分 <b>{total_text(overall.get('score'))}</b>",
        f"等级 <b>{html.escape(str(grade)) if grade else '不评定'}</b>",
    ]
    text = "，".join(parts)
    text += (
        f"；有数据指标 {int(overall.get('n_scored', 0))}/{int(overall.get('n_targets', 0))} 项，"
        f"权重覆盖率 {num(overall.get('coverage'), pct=True)}"
    )
    if not _missing(overall.get("scored_mean")) and overall.get("coverage", 1) < 1:
        text += f"；有数据指标平均得分 {num(overall.get('scored_mean'))}（不是总分）"
    if overall.get("as_of") and overall.get("midyear"):
        text += f"；截至 {html.escape(str(overall['as_of']))}（年中进度评估）"
    if overall.get("grade_note"):
        text += f"。{html.escape(str(overall['grade_note']))}"
    text += "。"
    if overall.get("illustrative"):
        text += "<b>注意：完成情况为示例数据。</b>"
    for warning in overall.get("warnings") or ():
        text += f"<br>提示：{html.escape(str(warning))}"
    return f'<p style="font-size:14px;margin:0.5em 0;{_FONTS}">{text}</p>'
