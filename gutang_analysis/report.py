"""What a report notebook needs in one call: inputs resolved, loaded once, scored once.

Notebooks stay thin: their parameters go to :func:`prepare`, which returns a
:class:`ReportContext` (plan, outcomes, policy, score result, provenance). The build uses
:func:`resolve_inputs` to check the same inputs before any notebook runs, with the same
defaults, so a notebook run by hand and a batch build read the same files. The
self-evaluation table is also written here as ``.xlsx`` and the summary as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import FolderError, Problem
from .provenance import Provenance, collect_provenance
from .run import Run, load_run, missing_outcomes_problem, resolve_run, reuse_run

__all__ = [
    "SELF_EVALUATION_COLUMNS",
    "SIGNATURE_FIELDS",
    "SUMMARY_TARGET_FIELDS",
    "ReportContext",
    "actual_texts",
    "baseline_text",
    "context_of",
    "open_report",
    "overall_line",
    "prepare",
    "self_evaluation_table",
    "status_text",
    "summary_dict",
    "target_text",
    "write_self_evaluation_xlsx",
    "write_summary_json",
]


@dataclass(frozen=True)
class ReportContext:
    """Everything a report shows, loaded and scored once.

    Attributes
    ----------
    plan : Plan
    outcomes : pandas.DataFrame
    baseline : pandas.DataFrame or None
    policy : Policy
    result : ScoreResult
    provenance : Provenance
    as_of : str or None
        The as-of date of a mid-year check (None for the year-end review).
    """

    plan: Any
    outcomes: pd.DataFrame
    baseline: pd.DataFrame | None
    policy: Any
    result: Any
    provenance: Provenance
    as_of: str | None = None

    @property
    def illustrative(self) -> bool:
        """True when the outcome figures are illustrative (示例数据)."""
        return self.provenance.illustrative

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(section id, name) of every programme with targets, in plan order."""
        present = set(self.result.targets["section"])
        return [
            (str(r.section), str(r.name))
            for r in self.plan.sections.sort_values("order").itertuples()
            if r.section in present
        ]

    def section_name(self, section: str) -> str:
        """The name of a programme (its id when the plan has no such programme)."""
        return dict(self.sections).get(section, section)

    def header_html(self, title: str, subtitle: str | None = None) -> str:
        """The top of a report: illustrative banner, title, subtitle, provenance and the
        scoring's warnings (``result.warnings``)."""
        from .provenance import report_header_html

        sub = subtitle or f"{self.plan.issuer} · {self.plan.year} 年"
        return report_header_html(title, self.provenance, sub, self.result.warnings)

    def write_outputs(
        self, xlsx_path: str | Path | None = None, json_path: str | Path | None = None
    ) -> list[Path]:
        """Write the self-evaluation workbook and/or the JSON summary; return the files."""
        out = []
        if xlsx_path:
            out.append(
                write_self_evaluation_xlsx(
                    self.result, self.plan, xlsx_path, self.provenance, self.outcomes
                )
            )
        if json_path:
            out.append(write_summary_json(self.result, json_path, self.provenance, self.outcomes))
        return out


def context_of(run: Run, *, midyear: bool = False) -> ReportContext:
    """What one report shows of a run: the year-end figures, or the mid-year ones.

    Raises
    ------
    FolderError
        When ``midyear`` is asked of a run without mid-year figures.
    """
    if midyear:
        if run.midyear is None or run.midyear_result is None:
            raise FolderError(
                "没有年中数据，无法生成时间过半检查",
                [
                    Problem(
                        str(run.inputs.folder or run.inputs.plan),
                        None,
                        None,
                        None,
                        f"outcomes 文件夹中 {run.plan.year} 年内某一日期的完成情况文件，"
                        f"如 outcomes/{run.plan.year}-06-30.xlsx（或用 --midyear 指定）",
                    )
                ],
            )
        frame, result, when = run.midyear, run.midyear_result, run.inputs.as_of
    elif run.outcomes is None or run.result is None:
        raise FolderError(
            f"没有 {run.plan.year} 年度的完成情况数据，无法生成年度报告",
            [missing_outcomes_problem(run.inputs, run.plan.year)],
        )
    else:
        frame, result, when = run.outcomes, run.result, None
    prov = collect_provenance(
        run.plan, frame, baseline=run.baseline, policy=run.policy, as_of=when, inputs=run.inputs
    )
    return ReportContext(run.plan, frame, run.baseline, run.policy, result, prov, when)


def open_report(run: dict[str, Any] | None = None, *, midyear: bool = False) -> ReportContext:
    """Open the run a report notebook shows: the one a build passed, or found here.

    Parameters
    ----------
    run : dict, optional
        The ``run`` parameter a build injects (:meth:`RunInputs.as_parameter`). Left as
        None (a notebook opened by hand), the plan folder is found from the current
        directory (else the bundled example) with its default files.
    midyear : bool
        Show the mid-year figures (the 时间过半 check).

    Returns
    -------
    ReportContext

    Examples
    --------
    >>> ctx = open_report()
    >>> ctx.plan.id, ctx.illustrative
    ('gutang-2022', True)
    """
    from ._ipython import install

    install()  # in a notebook: the user's own mistakes show as Chinese messages
    loaded = reuse_run(run) if run is not None else load_run(resolve_run())
    return context_of(loaded, midyear=midyear)


def prepare(
    plan: str | Path | None = None,
    outcomes: str | Path | None = None,
    baseline: str | Path | None = None,
    policy: str | Path | None = None,
    as_of: str | dt.date | None = None,
    *,
    midyear: bool = False,
    folder: str | Path | None = None,
) -> ReportContext:
    """Load the inputs of one report and score them (the rules of :func:`resolve_run`).

    Parameters
    ----------
    plan, outcomes, baseline, policy : str or Path, optional
        Overrides of the plan folder's files.
    as_of : str or datetime.date, optional
        The as-of date of a mid-year check (selects the folder's file of that date).
    midyear : bool
        Prepare a mid-year check (progress against the trajectory).
    folder : str or Path, optional
        The plan folder; found from the current directory when left out.

    Returns
    -------
    ReportContext

    Examples
    --------
    >>> ctx = prepare()
    >>> ctx.illustrative, len(ctx.result.targets) == len(ctx.plan.targets)
    (True, True)
    """
    from ._ipython import install

    install()  # in a notebook: the user's own mistakes show as Chinese messages
    inputs = resolve_run(
        folder,
        plan=plan,
        outcomes=None if midyear else outcomes,
        baseline=baseline,
        policy=policy,
        midyear=outcomes if midyear else None,
        as_of=as_of,
    )
    return context_of(load_run(inputs), midyear=midyear)


# ---------------------------------------------------------------------------------------
# the self-evaluation table, xlsx and JSON


def _num(value: object) -> float | None:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _fmt(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def target_text(row: dict[str, Any] | pd.Series) -> str:
    """Say a target the way the plan does (:func:`gutang_analysis.kinds.target_phrase`).

    Examples
    --------
    >>> target_text({"kind": "at_least", "target_value": 50.0, "unit": "家"})
    '50家以上'
    """
    from .kinds import target_phrase

    return target_phrase(row)


def _outcome_records(outcomes: pd.DataFrame | None) -> dict[tuple[str, str], dict]:
    if outcomes is None or outcomes.empty or "target_id" not in outcomes:
        return {}
    return {
        (str(rec.get("target_id")), str(rec.get("period"))): rec
        for rec in outcomes.to_dict("records")
    }


def actual_texts(result: Any, outcomes: pd.DataFrame | None = None) -> dict[str, str]:
    """What each target reached, as a reader writes it, by target id.

    A number with its unit (``56家``, ``92.3%``), a rank as ``第 3 名``, a milestone's
    stage (``已完成``), a qualitative target's rating (``较好``); otherwise what the
    analyst wrote. Stages and ratings come from ``outcomes`` (the frame that was scored).

    Examples
    --------
    >>> ctx = prepare()
    >>> texts = actual_texts(ctx.result, ctx.outcomes)
    >>> texts["econ-fdi-utilised"], texts["econ-investment-rank"]
    ('210万美元', '第 3 名')
    >>> texts["dev-xinchaotang-community"]
    '已完成'
    """
    records = _outcome_records(outcomes)
    out = {}
    for r in result.targets.itertuples(index=False):
        rec = records.get((str(r.target_id), str(getattr(r, "period", ""))), {})
        value = _num(r.actual)
        if r.kind == "rank" and value is not None:
            peers = _num(rec.get("peers"))
            out[r.target_id] = f"第 {_fmt(value)} 名" + (
                f"（共 {_fmt(peers)} 个）" if peers is not None else ""
            )
        elif value is not None:
            out[r.target_id] = f"{_fmt(value)}{_text(r.unit)}"
        elif r.kind == "milestone":
            out[r.target_id] = _text(rec.get("stage")) or _text(rec.get("actual_text"))
        elif r.kind == "qualitative":
            out[r.target_id] = _text(rec.get("rating")) or _text(rec.get("actual_text"))
        else:
            out[r.target_id] = _text(rec.get("actual_text"))
    return out


def baseline_text(row: Any) -> str:
    """The baseline-year value of a direction target with its unit (``''`` otherwise)."""
    value = _num(getattr(row, "baseline", None))
    if getattr(row, "kind", None) != "direction" or value is None:
        return ""
    return f"{_fmt(value)}{_text(getattr(row, 'unit', None))}"


def status_text(row: Any) -> str:
    """The status label, with the status of a direction pair: ``完成（组合：部分完成）``."""
    label = _text(getattr(row, "status_label", "")) or _text(getattr(row, "status", ""))
    group = _text(getattr(row, "group_status_label", None))
    return f"{label}（组合：{group}）" if group else label


def _flag_text(value: object) -> str:
    if isinstance(value, list | tuple):
        return "；".join(_text(v) for v in value if _text(v))
    return _text(value)


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


#: The signature block of a self-evaluation form: (label, blank to fill in).
SIGNATURE_FIELDS: tuple[tuple[str, str], ...] = (
    ("填报单位（盖章）", ""),
    ("负责人签字", ""),
    ("审核人", ""),
    ("日期", "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"),
)

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
}


def _banner_text(result: Any, provenance: Provenance | None) -> str | None:
    """The illustrative-data banner of a report (any illustrative input), or None."""
    from .provenance import ILLUSTRATIVE_BANNER, illustrative_banner

    if provenance is not None and provenance.illustrative:
        return illustrative_banner(provenance)
    if result.overall.get("illustrative", False):
        return ILLUSTRATIVE_BANNER
    return None


def _pct_text(value: float | None) -> str:
    return f"{value:.0%}" if value is not None else "—"


def _score_text(value: float | None) -> str:
    return f"{value:.1f} 分" if value is not None else "—"


def overall_line(result: Any) -> str:
    """The overall result in one line: score, grade, coverage and the conservative reading.

    Examples
    --------
    >>> ctx = prepare()
    >>> overall_line(ctx.result).startswith("自评总分 ")
    True
    """
    o = result.overall
    score, coverage = _num(o.get("score")), _num(o.get("coverage"))
    cons = _num(o.get("conservative_score"))
    grade = _text(o.get("grade")) or "不评定"
    text = (
        f"自评总分 {_score_text(score)}；等级 {grade}；数据覆盖（按权重）{_pct_text(coverage)}；"
        f"保守口径总分（未报送、无法评估按 0 分计）{_score_text(cons)}"
    )
    if _text(o.get("conservative_grade")):
        text += f"（等级 {o.get('conservative_grade')}）"
    note = _text(o.get("grade_note"))
    return text + (f"。{note}。" if note else "。")


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
    from openpyxl.worksheet.properties import PageSetupProperties

    from ._xlsx import safe_cell_value, write_text_cell
    from .provenance import local_time_text
    from .style import STATUS_COLORS

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

    notice = _banner_text(result, provenance)
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
            f"生成时间：{local_time_text(provenance.built_at)}；数据来源与校验值见「说明」工作表。",
        ).font = Font(size=9, color="666666")

    # print setup: A4 landscape, one page wide, header row on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"

    overall = result.overall
    notes = wb.create_sheet("说明")
    notes.append(["项目", "内容"])
    if notice:
        notes.append(["注意", notice.replace("本报告", "本表")])
    figures = (
        ("总分", _num(overall.get("score")), "0.0"),
        ("等级", _text(overall.get("grade")) or "不评定", None),
        ("数据覆盖（按权重）", _num(overall.get("coverage")), "0%"),
        ("保守口径总分（未报送、无法评估按 0 分）", _num(overall.get("conservative_score")), "0.0"),
        ("保守口径等级", _text(overall.get("conservative_grade")) or "不评定", None),
    )
    for label, value, fmt in figures:
        if isinstance(value, float):
            value = round(value, 1) if fmt == "0.0" else round(value, 4)
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
    for row in notes.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
    for cell in notes[1]:
        cell.font = Font(bold=True)
    out = Path(path)
    wb.save(out)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return _plain(value.item())
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


#: The per-target fields of the JSON summary, in order.
SUMMARY_TARGET_FIELDS: tuple[str, ...] = (
    "target_id",
    "section",
    "title",
    "status",
    "status_label",
    "actual",
    "unit",
    "actual_text",
    "stage",
    "rating",
    "ratio",
    "score",
    "cause",
    "remedy",
    "office",
    "evidence",
)


def _summary_targets(result: Any, outcomes: pd.DataFrame | None) -> list[dict[str, Any]]:
    records = _outcome_records(outcomes)
    texts = actual_texts(result, outcomes)
    rows = []
    for r in result.targets.itertuples(index=False):
        rec = records.get((str(r.target_id), str(getattr(r, "period", ""))), {})
        row = {
            "target_id": r.target_id,
            "section": r.section,
            "title": r.title,
            "status": r.status,
            "status_label": r.status_label,
            "actual": r.actual,
            "unit": _text(r.unit) or None,
            "actual_text": texts.get(r.target_id) or None,
            "stage": _text(rec.get("stage")) or None,
            "rating": _text(rec.get("rating")) or None,
            "ratio": r.ratio,
            "score": r.score,
            "cause": _text(r.cause) or None,
            "remedy": _text(r.remedy) or None,
            "office": _text(r.office) or None,
            "evidence": _text(r.evidence) or None,
        }
        rows.append({k: row[k] for k in SUMMARY_TARGET_FIELDS})
    return _plain(rows)


def summary_dict(
    result: Any, provenance: Provenance | None = None, outcomes: pd.DataFrame | None = None
) -> dict[str, Any]:
    """The JSON summary: banner, overall, per programme, per target, warnings, provenance.

    ``banner`` is the illustrative-data banner (示例数据) when any input of the report is
    illustrative, else None. Each target row carries :data:`SUMMARY_TARGET_FIELDS`:
    ``actual_text`` is what a reader sees (``56家``, ``第 3 名``, the stage or rating, or
    what the analyst typed), ``stage`` and ``rating`` come from ``outcomes``.
    ``provenance`` carries the SHA-256 of every input (plan, outcomes, baseline, policy)
    and the build time in ISO 8601 with its UTC offset. A build adds a ``build`` entry
    (when, and the reports of that build).

    Examples
    --------
    >>> ctx = prepare()
    >>> data = summary_dict(ctx.result, ctx.provenance, ctx.outcomes)
    >>> sorted(data)
    ['banner', 'overall', 'provenance', 'sections', 'targets', 'warnings']
    >>> data["banner"]
    '本报告使用示例数据（虚构），不是官方统计'
    >>> rank = next(t for t in data["targets"] if t["target_id"] == "econ-investment-rank")
    >>> rank["actual_text"]
    '第 3 名'
    """
    return {
        "banner": _banner_text(result, provenance),
        "overall": _plain(dict(result.overall)),
        "sections": _plain(result.sections.to_dict(orient="records")),
        "targets": _summary_targets(result, outcomes),
        "warnings": [str(w) for w in result.warnings],
        "provenance": provenance.as_dict() if provenance is not None else None,
    }


def write_summary_json(
    result: Any,
    path: str | Path,
    provenance: Provenance | None = None,
    outcomes: pd.DataFrame | None = None,
) -> Path:
    """Write :func:`summary_dict` as UTF-8 JSON (Chinese kept readable)."""
    out = Path(path)
    out.write_text(
        json.dumps(
            summary_dict(result, provenance, outcomes), ensure_ascii=False, indent=2, default=str
        ),
        encoding="utf-8",
    )
    return out
