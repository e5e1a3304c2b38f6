"""The self-evaluation workbook (逐项自评明细): one row per target, ready to print and sign.

The 自评表 in the layout reviewing bureaus expect (分值, 得分 and totals as formulas) is
:mod:`selfeval_form`; this workbook is the detailed companion with the scoring rule, the
hints and the provenance of every figure.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from ._xlsx import fit_a4, safe_cell_value, save_workbook, write_text_cell
from .phrases import SIGNATURE_FIELDS, _num, _text, banner_text, overall_line
from .provenance import Provenance, local_time_text
from .style import STATUS_COLORS, STATUS_TEXT_COLORS
from .tables import SELF_EVALUATION_COLUMNS, self_evaluation_table

__all__ = ["write_self_evaluation_xlsx"]


_XLSX_WIDTHS = {
    "板块": 12,
    "序号": 5,
    "目标": 30,
    "目标值": 14,
    "基期值": 10,
    "完成值": 12,
    "完成率": 8,
    "得分": 7,
    "状态": 11,
    "评分依据": 40,
    "提示": 16,
    "偏差原因": 26,
    "改进措施": 26,
    "佐证材料": 20,
    "责任科室": 11,
    "配合科室": 11,
    "牵头领导": 10,
}


def write_self_evaluation_xlsx(
    result: Any,
    plan: Any,
    path: str | Path,
    provenance: Provenance | None = None,
    outcomes: pd.DataFrame | None = None,
) -> Path:
    """Write the self-evaluation form as an Excel workbook ready to print and sign.

    The main sheet 年终自评 opens with a red banner when the figures are illustrative
    (示例数据), the title, the overall result in words (score to one decimal, coverage as a
    percentage) and the scoring's warnings; then the table (:func:`self_evaluation_table`,
    status fill colours, percentages and scores formatted) and a signature block
    (:data:`SIGNATURE_FIELDS`). It prints on A4 landscape, one page wide, with the header
    row repeated on every page. A second sheet 说明 records the overall figures and the
    provenance.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    path : str or Path
        The ``.xlsx`` file to write.
    provenance : Provenance, optional
        Written to the 说明 sheet; its ``illustrative`` flag adds the banner.
    outcomes : pandas.DataFrame, optional
        The scored outcomes (stages and ratings for 完成值).

    Returns
    -------
    Path
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    table = self_evaluation_table(result, plan, outcomes=outcomes)
    columns = list(SELF_EVALUATION_COLUMNS)
    last = get_column_letter(len(columns))
    wrap_top = Alignment(vertical="top", wrap_text=True)
    wb = Workbook()
    ws = wb.active
    ws.title = "年终自评"

    def banner(text: str, *, fill: str | None = None, font: Any = None, height: float = 0) -> int:
        row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
        write_text_cell(ws, row, 1, text)
        ws.merge_cells(f"A{row}:{last}{row}")
        cell = ws.cell(row, 1)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        if font is not None:
            cell.font = font
        if height:
            ws.row_dimensions[row].height = height
        return row

    notice = banner_text(result, provenance)
    if notice:
        banner(
            f"⚠ {notice.replace('本报告', '本表')}：本表仅用于演示，不得作为正式自评上报",
            fill="D7453C",
            font=Font(bold=True, color="FFFFFF", size=13),
            height=24,
        )
    banner(f"《{plan.title}》年终自评表", font=Font(bold=True, size=15), height=26)
    banner(overall_line(result), font=Font(size=11), height=32)
    for warning in result.warnings:
        banner(f"注意：{warning}", fill="FFF2CC", font=Font(color="7A4B00"), height=30)
    ws.append([])
    ws.append(columns)
    header_row = ws.max_row
    header_fill = PatternFill("solid", fgColor="1F5AA6")
    for cell in ws[header_row]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin", color="BBBBBB")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    status_col = columns.index("状态") + 1
    for record in table.itertuples(index=False):
        values = [getattr(record, c) for c in columns]
        values = [None if isinstance(v, float) and math.isnan(v) else v for v in values]
        row = ws.max_row + 1
        for col, value in enumerate(values, 1):
            write_text_cell(ws, row, col, value)  # text stays text, never a formula
        for col in range(1, len(columns) + 1):
            ws.cell(row, col).alignment = wrap_top
            ws.cell(row, col).border = border
        colour = STATUS_COLORS.get(record.status, "#FFFFFF").lstrip("#").upper()
        ws.cell(row, status_col).fill = PatternFill("solid", fgColor=colour)
        ink = STATUS_TEXT_COLORS.get(record.status, "#111111").lstrip("#").upper()
        ws.cell(row, status_col).font = Font(color=ink)  # readable on its chip (WCAG AA)
        ws.cell(row, columns.index("完成率") + 1).number_format = "0.0%"
        ws.cell(row, columns.index("得分") + 1).number_format = "0.0"
    last_data = ws.max_row
    for i, name in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = _XLSX_WIDTHS.get(name, 12)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last}{last_data}"

    # signature block
    ws.append([])
    sign_row = ws.max_row + 1
    spans = ((1, 3), (4, 7), (8, 11), (12, 15))
    for (label, blank), (a, b) in zip(SIGNATURE_FIELDS, spans, strict=True):
        cell = ws.cell(sign_row, a, f"{label}：{blank or '＿＿＿＿＿＿＿＿'}")
        cell.font = Font(size=12)
        cell.alignment = Alignment(vertical="center")
        ws.merge_cells(start_row=sign_row, start_column=a, end_row=sign_row, end_column=b)
    ws.row_dimensions[sign_row].height = 36
    if provenance is not None:
        ws.cell(
            sign_row + 1,
            1,
            f"生成时间：{local_time_text(provenance.built_at)}；数据来源与校验值见“说明”工作表。",
        ).font = Font(size=9, color="666666")

    # print setup: A4 landscape, one page wide, header row on every page
    page_notice = f"{notice.replace('本报告', '本表')}，不得作为正式自评上报" if notice else None
    fit_a4(ws, title_rows=f"{header_row}:{header_row}", notice=page_notice)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.page_margins.header = ws.page_margins.footer = 0.25  # the notice clear of the table

    overall = result.overall
    notes = wb.create_sheet("说明")
    notes.append(["项目", "内容"])
    if notice:
        notes.append(["注意", notice.replace("本报告", "本表")])
    figures = (
        ("总分", _num(overall.get("score")), "0.00"),
        ("等级", _text(overall.get("grade")) or "不评定", None),
        ("数据覆盖（按权重）", _num(overall.get("coverage")), "0%"),
        ("有数据指标平均得分（不是总分）", _num(overall.get("scored_mean")), "0.0"),
    )
    for label, value, fmt in figures:
        if isinstance(value, float):
            value = round(value, {"0.00": 2, "0.0": 1}.get(fmt or "", 4))
        notes.append([label, value])
        if fmt:
            notes.cell(notes.max_row, 2).number_format = fmt
            notes.cell(notes.max_row, 2).alignment = Alignment(horizontal="left")
    for warning in result.warnings:
        notes.append(["提示", safe_cell_value(warning)])
    if provenance is not None:
        for label, value in provenance.rows():
            notes.append([label, safe_cell_value(value)])
    notes.column_dimensions["A"].width = 30
    notes.column_dimensions["B"].width = 100
    fit_a4(notes, landscape=False, title_rows="1:1", notice=page_notice)
    for row in notes.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
    for cell in notes[1]:
        cell.font = Font(bold=True)
    return save_workbook(wb, Path(path), what="逐项自评明细")
