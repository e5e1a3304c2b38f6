"""The entry template analysts fill in (``.xlsx`` or ``.csv``), and writing outcomes back.

:func:`write_template` lays out one row per target: grey, locked columns copied from the
plan (指标编号 … 计量单位) and columns to fill (统计期 … 改进措施), with drop-down lists for
stages, ratings and units and a second sheet 填报说明. :func:`write_outcomes` writes a
loaded outcomes frame in the same layout, so that what the loader accepted reads back
unchanged.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ._files import write_atomic
from ._frames import gc_paused
from ._frames import records as frame_records
from ._xlsx import (
    csv_safe,
    insert_rows_xml,
    plain_rows_xml,
    save_workbook,
    write_text_cell,
)
from .errors import OutcomesError, Problem
from .kinds import target_phrase
from .numbers import format_number, parse_quantity
from .outcomes import (
    COLUMNS,
    FILE_MARK,
    HEADERS,
    HELP_SHEET,
    ILLUSTRATIVE_MARK,
    RATINGS,
    READ_ONLY_COLUMNS,
    STAGE_SYNONYMS,
    STAGES,
    TEMPLATE_SHEET,
    validate_period,
)

if TYPE_CHECKING:
    from .plan import Plan

__all__ = ["ILLUSTRATIVE_NOTE", "REQUIRED", "write_outcomes", "write_template"]

#: First line of every file holding invented figures.
ILLUSTRATIVE_NOTE = f"# {ILLUSTRATIVE_MARK}（虚构）：本文件中的数字为演示用途编造，不是官方统计。"

_WIDTHS = {
    "target_id": 34,
    "section_name": 13,
    "title": 30,
    "source_text": 44,
    "target_value": 16,
    "unit": 9,
    "period": 12,
    "actual": 13,
    "actual_unit": 11,
    "stage": 12,
    "rating": 10,
    "peers": 11,
    "date": 12,
    "evidence": 32,
    "office": 16,
    "cause": 32,
    "remedy": 32,
}

#: What each column means and how to write it (the 填报说明 sheet and the CSV notes);
#: ``{year}`` stands for the plan year.
COLUMN_HELP: dict[str, tuple[str, str]] = {
    "target_id": ("计划中每项目标的编号，用来对应目标。", "请勿修改"),
    "section_name": ("目标所属的工作板块。", "请勿修改（导入时不读取）"),
    "title": ("目标的简称。", "请勿修改（导入时不读取）"),
    "source_text": ("计划原文中的对应语句。", "请勿修改（导入时不读取）"),
    "target_value": (
        "计划确定的目标（数值、要求达到的阶段或同比方向）。",
        "请勿修改（导入时不读取）",
    ),
    "unit": ("目标的计量单位；完成值默认按此单位理解。", "请勿修改（导入时不读取）"),
    "period": (
        "统计期：全年填年份；年中填截至日期。基期（上年）数据另起一行，填上年年份。",
        "{year}、{year}年、{year}-06-30、{year}年6月30日、{year}年上半年（= {year}-06-30）",
    ),
    "actual": (
        "完成的数量，按“计量单位”填写；可带同类单位，会自动换算（如目标单位为亿元，"
        "填 18000万元 即 1.8）。未报送请留空或填“—”“未报送”，不要填 0；确为零时填 0。"
        "排名类填名次。节点类、定性类留空。",
        "50、５０、50家、1,200、1.8亿、1.8亿元、18000万元、300万美元、五十、85%、100％、第3名；"
        "不接受：约50、50以上、50左右、50-60",
    ),
    "actual_unit": (
        "完成值的单位，不填则按“计量单位”理解；只能选同类单位（人民币与美元不能互换）。",
        "下拉列表中的单位，如 元、万元、亿元；家、个、名；%",
    ),
    "stage": (
        "节点类目标达到的阶段（按进展顺序）。",
        "、".join(STAGES)
        + "；也接受 "
        + "、".join(f"{k}（={v}）" for k, v in STAGE_SYNONYMS.items()),
    ),
    "rating": ("定性类目标的评价（由好到差），请在证明材料中写明依据。", "、".join(RATINGS)),
    "peers": ("排名类目标：参与排名的单位个数（如全市 18 个镇街填 18）。", "正整数，如 18"),
    "date": (
        "完成或通过验收的日期（节点类应填，其他可选）。",
        "{year}-11-30、{year}/11/30、{year}年11月30日",
    ),
    "evidence": ("证明材料或数据来源：文件名称、文号、统计报表或系统名称。", "文字"),
    "office": ("负责报送该数据的科室或单位。", "文字"),
    "cause": ("未完成或偏离目标时应填（未填的检查时提示）：偏差原因。", "文字"),
    "remedy": ("未完成或偏离目标时应填（未填的检查时提示）：下一步改进措施。", "文字"),
}

#: Whether a column must be filled (the 是否填写 column of the 填报说明 sheet): 必填 only
#: where ``check`` reports an empty cell as a problem; 应填 where it only gives a hint.
REQUIRED: dict[str, str] = {
    **dict.fromkeys(READ_ONLY_COLUMNS, "否（由计划生成，勿改）"),
    "target_id": "勿改（由计划生成）",
    "period": "必填",
    "actual": "数值类应填",
    "actual_unit": "可选",
    "stage": "节点类应填",
    "rating": "定性类应填",
    "peers": "排名类填写",
    "date": "节点类填写",
    "evidence": "建议填写",
    "office": "建议填写",
    "cause": "未完成时应填",
    "remedy": "未完成时应填",
}


def _general_notes(year: int) -> tuple[str, ...]:
    """The 填报说明 points, with the plan's own year in the examples."""
    return tuple(n.replace("{year}", str(year)) for n in _GENERAL_NOTES)


_GENERAL_NOTES = (
    "每项目标一行；灰色列由计划生成，请勿修改（工作表已保护，无需密码即可撤销保护）。",
    "未报送的数据请留空，或填“—”“-”“/”“无”“未报送”，不要填 0：留空表示“未报送”，"
    "不会按零计算。数量确为零时请填 0。",
    "数值按目标的计量单位填写；可写带单位的数，同类单位自动换算；美元与人民币不能互换。",
    "年中报送时统计期填截至日期（如 {year}-06-30）；同比类目标另起一行填上年（基期）数值，"
    "统计期填上年年份。",
    "未完成或偏离目标的，请填写偏差原因和改进措施；定性评价请填写证明材料（否则评分封顶）。"
    "未填的不算错误，检查时在“提示”中列出。",
    "填好后可运行 gutang-review check 文件名 检查，一次列出所有问题。",
    "另存为 CSV 时，“CSV UTF-8（逗号分隔）”和普通“CSV（逗号分隔）”均可。",
)


def _target_display(t: dict[str, Any]) -> str:
    """The 目标值 column: the target as the plan says it (``50家以上``)."""
    return target_phrase(t)


def _present(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return False
    return not (isinstance(value, float) and math.isnan(value))


def _target_unit(t: dict[str, Any]) -> str:
    if t["kind"] == "rank":
        return "名次"
    return t["unit"] if isinstance(t["unit"], str) else ""


def _plan_cells(t: dict[str, Any]) -> dict[str, Any]:
    return {
        "target_id": t["target_id"],
        "section_name": t["section_name"],
        "title": t["title"],
        "source_text": t["source_text"],
        "target_value": _target_display(t),
        "unit": _target_unit(t),
    }


def _outcome_cells(row: dict[str, Any], t: dict[str, Any]) -> dict[str, Any]:
    """The fill-in columns of one outcomes row, as the loader will read them back."""
    text = row.get("actual_text")
    if not _present(text) or text == "":
        text = format_number(row["actual"]) if _present(row.get("actual")) else ""
    try:
        embedded = parse_quantity(text)
    except ValueError:
        embedded = None
    unit = row.get("actual_unit")
    target_unit = _target_unit(t) or None
    write_unit = ""
    if (
        _present(unit)
        and (embedded is None or embedded.unit is None)
        and str(unit) != (target_unit or "")
    ):
        write_unit = str(unit)
    date = row.get("date")
    return {
        "period": row.get("period") if _present(row.get("period")) else "",
        "actual": text,
        "actual_unit": write_unit,
        "stage": row.get("stage") if _present(row.get("stage")) else "",
        "rating": row.get("rating") if _present(row.get("rating")) else "",
        "peers": int(row["peers"]) if _present(row.get("peers")) else "",
        "date": pd.Timestamp(date).date() if _present(date) else "",
        **{
            k: (str(row[k]) if _present(row.get(k)) else "")
            for k in ("evidence", "office", "cause", "remedy")
        },
    }


def _title(plan: Plan, period: str | None) -> str:
    when = f"（统计期：{period}）" if period else ""
    return f"{plan.title} · 完成情况填报表{when}"


def _mark(plan: Plan, period: str | None) -> str:
    """The machine-read line naming the plan and period (see ``outcomes.file_marks``)."""
    return FILE_MARK.format(plan_id=plan.id, period=period or plan.year)


def _csv_notes(plan: Plan, period: str | None) -> list[str]:
    return [
        f"# {_title(plan, period)}",
        f"# {_mark(plan, period)}",
        "# 填写说明：前六列由计划生成，请勿修改；完成值按计量单位填写（如 50、1.8亿元、85%），"
        "未报送请留空，不要填 0；节点类填“进展阶段”，定性类填“定性评价”；"
        "未完成的请填偏差原因和改进措施。以 # 开头的行导入时跳过。",
    ]


def _write_csv(out: Path, lines: list[str], records: list[dict[str, Any]]) -> None:
    import io

    fh = io.StringIO(newline="")
    for line in lines:
        # comment rows sit in the first column; csv quoting keeps commas inside
        csv.writer(fh, lineterminator="\r\n").writerow([csv_safe(line)])
    writer = csv.writer(fh, lineterminator="\r\n")
    writer.writerow([HEADERS[c] for c in COLUMNS])
    for rec in records:
        # text that Excel would read as a formula gets a leading ' (read back without)
        writer.writerow(
            [csv_safe("" if v is None else v) for v in (rec.get(c, "") for c in COLUMNS)]
        )
    write_atomic(out, fh.getvalue(), what="填报模板", encoding="utf-8-sig")


def _write_xlsx(
    out: Path,
    plan: Plan,
    title: str,
    notes: list[str],
    records: list[dict[str, Any]],
    targets: list[dict[str, Any]],
    mark: str = "",
) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import Cell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    registry = plan.units
    wb = Workbook()
    ws = wb.active
    ws.title = TEMPLATE_SHEET
    ncol = len(COLUMNS)
    last_col = get_column_letter(ncol)
    grey = PatternFill("solid", fgColor="F2F2F2")
    head_grey = PatternFill("solid", fgColor="D9D9D9")
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap_top = Alignment(wrap_text=True, vertical="top")

    r = 1
    for note in notes:
        write_text_cell(ws, r, 1, note).font = Font(bold=True, color="C00000")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
        r += 1
    write_text_cell(ws, r, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
    ws.row_dimensions[r].height = 24
    r += 1
    if mark:  # read back by the loader: a file of another plan is named as such
        ws.cell(row=r, column=1, value=mark).font = Font(size=9, color="808080")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
        r += 1
    header_row = r
    for c, key in enumerate(COLUMNS, 1):
        cell = ws.cell(row=header_row, column=c, value=HEADERS[key])
        cell.font = Font(bold=True)
        cell.fill = head_grey if key in READ_ONLY_COLUMNS else head_fill
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS[key]
    ws.row_dimensions[header_row].height = 30
    first = header_row + 1
    # the style of each column, made once and given to each of its cells: styling cell
    # by cell costs minutes on a plan of 100,000 targets
    styles = []
    for key in COLUMNS if records else ():
        style = Cell(ws)  # a cell in no row: only its style is used
        style.border = border
        style.alignment = wrap_top
        if key in READ_ONLY_COLUMNS:
            style.fill = grey
            style.protection = Protection(locked=True)
        else:
            style.protection = Protection(locked=False)
        if key in ("period", "actual", "actual_unit"):
            style.number_format = "@"  # keep 85%, 1,200, 2022-06-30 as typed
        elif key == "date":
            style.number_format = "yyyy-mm-dd"
        styles.append(style._style)
    # user text is written as text, never as a formula (=HYPERLINK(…), +cmd …)
    values = [[None if (v := rec.get(key, "")) == "" else v for key in COLUMNS] for rec in records]
    # the rows of the targets written straight into the sheet's XML, as openpyxl writes
    # them (100,000 rows in seconds, not minutes); style numbers in the order openpyxl
    # gives them: the rows above first
    rows_xml = None
    if values:
        for key in sorted(ws._cells):
            if ws._cells[key].has_style:
                _ = ws._cells[key].style_id
        style_ids = [wb._cell_styles.add(style) for style in styles]
        rows_xml = plain_rows_xml(values, first, style_ids, wb.epoch)
    if rows_xml is None:  # a value only openpyxl writes: cell by cell
        for r, row in enumerate(values, first):
            for c, (value, style) in enumerate(zip(row, styles, strict=True), 1):
                write_text_cell(ws, r, c, value)._style = copy.copy(style)
    last = max(first, first + len(records) - 1)

    def col_range(key: str, rows: list[int] | None = None) -> str:
        letter = get_column_letter(COLUMNS.index(key) + 1)
        if rows is None:
            return f"{letter}{first}:{letter}{last}"
        runs: list[list[int]] = []  # consecutive rows as one range (F5:F9)
        for n in rows:
            if runs and n == runs[-1][1] + 1:
                runs[-1][1] = n
            else:
                runs.append([n, n])
        return " ".join(f"{letter}{a}" if a == b else f"{letter}{a}:{letter}{b}" for a, b in runs)

    def add(dv: DataValidation, sqref: str) -> None:
        from openpyxl.worksheet.cell_range import MultiCellRange

        ws.add_data_validation(dv)
        # built at once: adding 100,000 cells one by one checks each against all before
        dv.sqref = MultiCellRange(sqref)

    add(
        _choice_list(STAGES, "进展阶段", "节点类目标填写：" + " → ".join(STAGES), "stop"),
        col_range("stage"),
    )
    add(
        _choice_list(
            RATINGS, "定性评价", "定性类目标填写（由好到差）：" + "、".join(RATINGS), "stop"
        ),
        col_range("rating"),
    )
    add(
        DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1="1",
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="stop",
            errorTitle="参比单位数",
            error="请填写正整数，如 18",
            promptTitle="参比单位数",
            prompt="排名类目标：参与排名的单位个数",
            showInputMessage=True,
        ),
        col_range("peers"),
    )
    add(
        DataValidation(
            type=None,
            allow_blank=True,
            promptTitle="完成值",
            prompt="按计量单位填数字，如 50、1.8亿元、85%；未报送留空，不要填 0",
            showInputMessage=True,
        ),
        col_range("actual"),
    )
    by_family: dict[str, list[int]] = {}
    for i, t in enumerate(targets):
        unit = _target_unit(t)
        if unit and registry.known(unit):
            by_family.setdefault(registry.family(unit), []).append(first + i)
    for fam, rows in by_family.items():
        units = registry.units_in_family(fam)
        add(
            _choice_list(
                units,
                "完成值单位",
                "不填则按计量单位理解",
                "warning",
                error=f"只能用同类单位（{registry.family_label(fam)}）：" + "、".join(units),
            ),
            col_range("actual_unit", rows),
        )
    ws.freeze_panes = f"{get_column_letter(COLUMNS.index('target_value') + 1)}{first}"
    ws.auto_filter.ref = f"A{header_row}:{last_col}{last}"
    ws.protection.sheet = True
    for flag in (
        "formatCells",
        "formatColumns",
        "formatRows",
        "insertRows",
        "deleteRows",
        "sort",
        "autoFilter",
    ):
        setattr(ws.protection, flag, False)
    ws.sheet_view.zoomScale = 90

    help_ws = wb.create_sheet(HELP_SHEET)
    help_ws.append([title])
    help_ws["A1"].font = Font(bold=True, size=14)
    help_ws.append([])
    help_ws.append(["填写要点"])
    help_ws["A3"].font = Font(bold=True)
    for k, note in enumerate(_general_notes(plan.year), 1):
        help_ws.append([f"{k}. {note}"])
    help_ws.append([])
    help_ws.append(["列名", "英文列名（也可作表头）", "是否填写", "说明", "可接受的写法"])
    head = help_ws.max_row
    for c in range(1, 6):
        help_ws.cell(row=head, column=c).font = Font(bold=True)
        help_ws.cell(row=head, column=c).fill = head_fill
    for key in COLUMNS:
        meaning, spelling = COLUMN_HELP[key]
        spelling = spelling.replace("{year}", str(plan.year))
        help_ws.append(
            [
                HEADERS[key],
                key,
                REQUIRED[key],
                meaning,
                spelling,
            ]
        )
    help_ws.append([])
    help_ws.append(["计量单位（同一类内可换算）"])
    help_ws.cell(row=help_ws.max_row, column=1).font = Font(bold=True)
    for fam in registry.families:
        help_ws.append([registry.family_label(fam), "、".join(registry.units_in_family(fam))])
    for letter, width in zip("ABCDE", (22, 22, 16, 60, 60), strict=True):
        help_ws.column_dimensions[letter].width = width
    for row in help_ws.iter_rows(min_row=head):
        for cell in row:
            cell.alignment = wrap_top
    wb.properties.title = title
    wb.properties.creator = "gutang-analysis"
    save_workbook(
        wb,
        out,
        what="填报模板",
        # the sheet's part is named when the workbook is saved
        transform=None
        if rows_xml is None
        else lambda data: insert_rows_xml(
            data, ws.path.lstrip("/"), rows_xml, f"A1:{last_col}{last}"
        ),
    )


def _choice_list(
    choices: list[str] | tuple[str, ...],
    title: str,
    prompt: str,
    error_style: str,
    *,
    error: str | None = None,
) -> Any:
    """A drop-down list validation for one column of the template (an openpyxl object)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorStyle=error_style,
        errorTitle=title,
        error=error or "请从下拉列表选择：" + "、".join(choices),
        promptTitle=title,
        prompt=prompt,
        showInputMessage=True,
    )


def _check_suffix(out: Path) -> str:
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise OutcomesError(
            "无法生成填报文件",
            [Problem(str(out), None, "文件类型", out.suffix or out.name, ".xlsx（推荐）或 .csv")],
        )
    return suffix


def _records(
    plan: Plan, rows: list[dict[str, Any]] | None, period: str
) -> tuple[list[dict], list[dict]]:
    targets = plan.targets.set_index("target_id", drop=False)
    records: list[dict[str, Any]] = []
    used: list[dict[str, Any]] = []
    if rows is None:
        for t in frame_records(plan.targets):
            records.append({**_plan_cells(t), "period": period})
            used.append(t)
        return records, used
    for row in rows:
        t = targets.loc[row["target_id"]].to_dict()
        records.append({**_plan_cells(t), **_outcome_cells(row, t)})
        used.append(t)
    return records, used


def _template_period(plan: Plan, text: object, out: Path) -> str:
    """The 统计期 key for a template: the plan year, a date in it, or an earlier year."""
    try:
        return validate_period(text, plan)
    except OutcomesError as err:
        raise OutcomesError(
            "无法生成填报模板：统计期不对",
            [dataclasses.replace(p, file=str(out)) for p in err.problems],  # type: ignore[arg-type]
        ) from None


def write_template(
    plan: Plan,
    out: str | Path,
    *,
    period: str | None = None,
    office: str | None = None,
    targets: list[str] | None = None,
) -> Path:
    """Write the entry template for ``plan``: one row per target.

    Parameters
    ----------
    plan : Plan
        The plan whose targets the template lists.
    out : str or Path
        ``.xlsx`` (recommended: drop-down lists, locked grey columns, a 填报说明 sheet)
        or ``.csv`` (UTF-8 with BOM, so Excel shows the Chinese correctly).
    period : str, optional
        Pre-filled 统计期, e.g. ``"2022-06-30"`` for a mid-year return: the plan year, a
        date within it (``2022-12-31`` is the year ``2022``) or an earlier year for a
        baseline table. Defaults to the plan year.
    office : str, optional
        The office the template is for (one office's return of a period folder,
        ``outcomes/2022-09-30/经济发展办公室.xlsx``): pre-filled in 报送单位 and named in the
        title.
    targets : list of str, optional
        Only these targets, in plan order (an office's own targets from ``owners.yaml``;
        see :meth:`gutang_analysis.owners.Owners.targets_of`). Default: every target.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    OutcomesError
        If ``out`` is neither ``.xlsx`` nor ``.csv``, or ``period`` is not a date or year
        as described (``2022-13-01``, ``2023``, ``abc``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis.outcomes import load_outcomes
    >>> plan = load_plan()
    >>> out = write_template(plan, pathlib.Path(tempfile.mkdtemp()) / "填报.xlsx")
    >>> blank = load_outcomes(out, plan)
    >>> len(blank) == len(plan.targets), int(blank["actual"].notna().sum())
    (True, 0)
    """
    out = Path(out)
    suffix = _check_suffix(out)
    period = str(plan.year) if period is None else _template_period(plan, period, out)
    # a record, a list of cells and a row of XML per target: no cycles among them
    with gc_paused():
        return _write_template(plan, out, suffix, period, office, targets)


def _write_template(
    plan: Plan,
    out: Path,
    suffix: str,
    period: str,
    office: str | None,
    targets: list[str] | None,
) -> Path:
    records, used = _records(plan, None, period)
    if targets is not None:
        wanted = set(targets)
        kept = [i for i, t in enumerate(used) if t["target_id"] in wanted]
        records, used = [records[i] for i in kept], [used[i] for i in kept]
    if office is not None:
        for rec in records:
            rec["office"] = office
    title = _title(plan, period) + (f" · {office}" if office else "")
    if suffix == ".csv":
        notes = _csv_notes(plan, period)
        if office:
            notes[0] = f"# {title}"
        _write_csv(out, notes, records)
    else:
        _write_xlsx(out, plan, title, [], records, used, _mark(plan, period))
    return out


def write_outcomes(outcomes: pd.DataFrame, out: str | Path, plan: Plan) -> Path:
    """Write an outcomes frame in the template layout (``.xlsx`` or ``.csv``).

    What :func:`~gutang_analysis.outcomes.load_outcomes` accepted reads back unchanged:
    the figures are written as the analyst wrote them (``actual_text``). A frame whose
    ``attrs["illustrative"]`` is true gets the 示例数据 note as its first line.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        Columns as returned by ``load_outcomes`` (``target_id`` and ``period`` at least).
    out : str or Path
        ``.xlsx`` or ``.csv``.
    plan : Plan
        The plan the outcomes belong to (for the grey columns).

    Returns
    -------
    Path

    Raises
    ------
    OutcomesError
        If a target id is not in the plan, or ``out`` has another suffix.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gutang_analysis import paths
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis.outcomes import load_outcomes
    >>> plan = load_plan()
    >>> df = load_outcomes(paths.DEFAULT_OUTCOMES, plan)
    >>> out = write_outcomes(df, pathlib.Path(tempfile.mkdtemp()) / "copy.csv", plan)
    >>> again = load_outcomes(out, plan)
    >>> again.drop(columns="row").equals(df.drop(columns="row"))
    True
    """
    out = Path(out)
    suffix = _check_suffix(out)
    known = set(plan.targets["target_id"])
    unknown = [t for t in outcomes["target_id"] if t not in known]
    if unknown:
        raise OutcomesError(
            "无法写出完成情况：有计划中没有的指标编号",
            [
                Problem(str(out), None, HEADERS["target_id"], t, f"计划 {plan.id} 中的指标编号")
                for t in unknown
            ],
        )
    rows = frame_records(outcomes)
    periods = sorted({str(p) for p in outcomes.get("period", pd.Series()).dropna()})
    period = "、".join(periods) if periods else None
    records, used = _records(plan, rows, period or "")
    notes = [ILLUSTRATIVE_NOTE] if outcomes.attrs.get("illustrative") else []
    if suffix == ".csv":
        _write_csv(out, notes + _csv_notes(plan, period), records)
    else:
        notes = [n.lstrip("# ") for n in notes]
        _write_xlsx(out, plan, _title(plan, period), notes, records, used, _mark(plan, period))
    return out
