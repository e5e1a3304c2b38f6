"""The 督查台账 and the 督查 pages: HTML, the xlsx and JSON downloads, the notebook entry.

Everything here presents a :class:`~gutang_analysis.periods.PeriodSet` (the periods of a
run, read and lit once); nothing reads an input file or scores. :func:`open_periods` is
the 督查 notebooks' front door.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import math
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from ._files import write_atomic
from ._ipython import install
from ._xlsx import fit_a4, save_workbook, write_text_cell
from .errors import DataWarning
from .lights import LIGHT_COLORS, LIGHT_LABELS, LIGHTS, NO_LIGHT, TREND_LABELS, _text
from .outcomes import ILLUSTRATIVE_MARK
from .owners import Owners, owners_beside, owners_text
from .paths import PROJECT_ROOT
from .periods import PeriodSet, load_periods, period_label, periods_of_run
from .provenance import (
    banner_div,
    collect_provenance,
    provenance_appendix_html,
    report_header_html,
)
from .run import reuse_run
from .style import text_colour_on
from .verdict import block_html

__all__ = [
    "LEDGER_COLUMNS",
    "appendix_html",
    "banner_html",
    "chip",
    "counts_html",
    "header_html",
    "items_html",
    "ledger_html",
    "lights_chart",
    "lights_chart_html",
    "offices_html",
    "open_periods",
    "owner_line",
    "paragraphs_html",
    "sources_html",
    "summary_sentences",
    "trend_html",
    "urge_html",
    "verdict_html",
    "with_commitment",
    "write_ledger_json",
    "write_ledger_xlsx",
]

# ---------------------------------------------------------------------------------------
# HTML for the report

_FONTS = (
    "font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',"
    "'SimHei',sans-serif;"
)
_TH = "border:1px solid #bbb;padding:4px 8px;background:#f0f3f7;text-align:left;white-space:nowrap;"
_TD = "border:1px solid #ddd;padding:4px 8px;vertical-align:top;"


def chip(label: str | None, code: str | None) -> str:
    """A coloured light label (text on its colour, readable in grey print)."""
    colour = LIGHT_COLORS.get(code, LIGHT_COLORS[None])  # type: ignore[arg-type]
    text = html.escape(label if isinstance(label, str) and label else NO_LIGHT)
    return (
        f'<span style="background:{colour};color:{text_colour_on(colour)};padding:1px 6px;'
        f'border-radius:3px;white-space:nowrap;font-weight:bold">{text}</span>'
    )


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    return html.escape(str(value))


#: The 督查台账 columns: (column, Chinese header). No ids: a reader sees the plan's words.
LEDGER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("light_label", "亮灯"),
    ("trend_label", "较上期"),
    ("since", "亮灯起始"),
    ("red_streak", "连续红灯期数"),
    ("section_name", "所属板块"),
    ("title", "目标任务"),
    ("commitment", "承诺（计划原文）"),
    ("target", "年度目标"),
    ("lead", "牵头领导"),
    ("office", "责任科室"),
    ("partners", "配合科室"),
    ("reporting_office", "报送单位"),
    ("requirement", "节点要求"),
    ("value", "完成情况"),
    ("attainment", "完成进度"),
    ("reason", "亮灯依据"),
    ("cause", "偏差原因"),
    ("remedy", "整改措施"),
    ("fix_by", "整改时限"),
    ("urge_by", "催报日期"),
    ("period", "统计期"),
)


def with_commitment(ps: PeriodSet, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows of a period set) with ``commitment``: the plan's own words for each
    target (its ``source_text``), from the plan the period set holds.

    Examples
    --------
    >>> ps = load_periods()
    >>> led = with_commitment(ps, ps.ledger())
    >>> bool(led["commitment"].str.len().gt(0).all())
    True
    """
    words = dict(zip(ps.plan.targets["target_id"], ps.plan.targets["source_text"], strict=True))
    out = frame.copy()
    out["commitment"] = [
        _text(words.get(t)) or _text(title)
        for t, title in zip(out["target_id"], out["title"], strict=True)
    ]
    return out


def _fmt(col: str, value: Any) -> Any:
    if col == "attainment":
        return (
            None
            if value is None or (isinstance(value, float) and math.isnan(value))
            else f"{value * 100:.1f}%"
        )
    if col == "red_streak":
        return int(value) if value else None
    return value


def ledger_html(
    frame: pd.DataFrame, *, columns: tuple[str, ...] | None = None, caption: str | None = None
) -> str:
    """A ledger-shaped frame as an HTML table (light chips, every cell escaped)."""
    wanted = [(c, h) for c, h in LEDGER_COLUMNS if columns is None or c in columns]
    wanted = [(c, h) for c, h in wanted if c in frame.columns]
    if frame.empty:
        return f"<p>{html.escape(caption or '')}：无。</p>" if caption else "<p>无。</p>"
    head = "".join(f'<th style="{_TH}">{html.escape(h)}</th>' for _c, h in wanted)
    body = []
    for row in frame.to_dict("records"):
        cells = []
        for c, _h in wanted:
            if c == "light_label":
                cells.append(f'<td style="{_TD}">{chip(row.get(c), row.get("light"))}</td>')
            else:
                cells.append(f'<td style="{_TD}">{_cell(_fmt(c, row.get(c)))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = (
        '<caption style="text-align:left;font-weight:bold;padding:4px 0">'
        f"{html.escape(caption)}</caption>"
        if caption
        else ""
    )
    return _region(
        f'<table style="border-collapse:collapse;line-height:1.5;{_FONTS}">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>",
        caption or "督查台账",
    )


def _region(table: str, label: str) -> str:
    """A table in a box that scrolls sideways if it must, reachable by keyboard."""
    return (
        f'<div class="gutang-scroll" role="region" tabindex="0" aria-label="{html.escape(label)}"'
        f' style="overflow-x:auto;max-width:100%">{table}</div>'
    )


def _caption(text: str) -> str:
    return (
        '<caption style="text-align:left;font-weight:bold;padding:4px 0">'
        f"{html.escape(text)}</caption>"
    )


#: The 督办事项 table: fixed columns that wrap, every one on the page at 1280 px and on
#: A4; on a phone each item is a card.
_ITEMS_CSS = """<style>
table.gutang-items{border-collapse:collapse;width:100%;table-layout:fixed;font-size:13px;
line-height:1.5}
html body table.gutang-items :is(th,td){border:1px solid #ccd;padding:4px 6px;
vertical-align:top;text-align:left;overflow-wrap:anywhere;white-space:normal}
table.gutang-items th{background:#f0f3f7}
table.gutang-items .muted{color:#444;font-size:12px}
table.gutang-items .due{font-weight:bold;white-space:nowrap}
@media screen and (max-width:600px){
table.gutang-items,table.gutang-items tbody,table.gutang-items tr,table.gutang-items td{
display:block;width:auto}
table.gutang-items thead,table.gutang-items colgroup{display:none}
table.gutang-items caption{display:block;width:auto}
table.gutang-items tr{border:1px solid #ccd;border-radius:6px;margin:0 0 10px;padding:4px 8px}
table.gutang-items td{border:0;padding:2px 0}
table.gutang-items td[data-label]::before{content:attr(data-label) "：";color:#444;
font-weight:bold}}
@media print{table.gutang-items{font-size:8.5pt}table.gutang-items .muted{font-size:8pt}
table.gutang-items :is(th,td){padding:2pt 3pt}table.gutang-items tr{break-inside:avoid}}
</style>"""


def _date(value: Any) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return pd.Timestamp(value).date().isoformat()


def items_html(ps: PeriodSet, frame: pd.DataFrame, *, office: str | None = None) -> str:
    """The 督办事项: each red and yellow item with its commitment in the plan's words, node,
    current value, since when, 偏差原因, 整改措施 and its own 整改时限 (red first).

    Seven columns that wrap: every column stays on an A4 page and on a 1280 px screen;
    on a phone each item is a card. Without ``office`` each item names its owners.

    Examples
    --------
    >>> ps = load_periods()
    >>> page = items_html(ps, ps.ledger())
    >>> "整改措施" in page and "econ-" not in page and "warning_lights" not in page
    True
    """
    lit = frame[frame["light"].isin(["red", "yellow"])]
    if lit.empty:
        return "<p>本期没有亮红灯、黄灯的目标。</p>"
    lit = with_commitment(ps, lit)
    esc = html.escape
    heads = [
        ("亮灯", 10),
        ("目标任务与承诺", 22),
        ("节点要求\n与完成情况", 16),  # \n: where the header may wrap (never mid-word)
        ("亮灯依据", 15),
        ("偏差原因", 13),
        ("整改措施", 14),
        ("整改时限", 10),
    ]
    cols = "".join(f'<col style="width:{w}%">' for _h, w in heads)
    head = "".join(f"<th scope='col'>{esc(h).replace(chr(10), '<br>')}</th>" for h, _w in heads)
    rows = []
    for r in lit.to_dict("records"):
        since = r.get("since")
        light_cell = chip(r.get("light_label"), r.get("light")) + (
            f'<br><span class="muted">{esc(str(r.get("trend_label") or ""))}</span>'
        )
        if since is not None and not (isinstance(since, float) and math.isnan(since)):
            light_cell += f'<br><span class="muted">自 {_date(since)} 起</span>'
        who = ""
        if office is None:
            owner = owners_text(r.get("lead"), r.get("office"), r.get("partners"))
            who = f'<br><span class="muted">{esc(owner or "未明确责任科室")}</span>'
        attain = _fmt("attainment", r.get("attainment"))
        value = _cell(r.get("value"))
        progress = f"（完成进度 {esc(attain)}）" if attain else ""
        cause = _text(r.get("cause")) or "（待科室填写）"
        remedy = _text(r.get("remedy")) or "（待科室填写）"
        cells = [
            ("亮灯", light_cell),
            (
                "目标任务",
                f"<b>{esc(str(r.get('title')))}</b>"
                f'<br><span class="muted">承诺：{esc(str(r.get("commitment")))}</span>{who}',
            ),
            (
                "节点要求",
                f"{_cell(r.get('requirement'))}<br>"
                f'<span class="muted">完成：{value}{progress}</span>',
            ),
            ("亮灯依据", _cell(r.get("reason"))),
            ("偏差原因", esc(cause)),
            ("整改措施", esc(remedy)),
            ("整改时限", f'<span class="due">{_date(r.get("fix_by"))}</span>'),
        ]
        rows.append(
            "<tr>" + "".join(f'<td data-label="{esc(k)}">{v}</td>' for k, v in cells) + "</tr>"
        )
    caption = f"督办事项（{period_label(ps.latest)}，红灯在前）"
    table = (
        f'<table class="gutang-items">{_caption(caption)}<colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return _ITEMS_CSS + _region(table, caption)


def urge_html(ps: PeriodSet, frame: pd.DataFrame, *, office: str | None = None) -> str:
    """The 催报事项: targets without a figure this period, each with its 催报 date.

    Examples
    --------
    >>> ps = load_periods()
    >>> "催报日期" in urge_html(ps, ps.ledger(period="2022-03-31"))
    True
    """
    t = ps.at(frame["period"].iloc[0]) if len(frame) else frame
    t = t[t["urge_by"].notna()] if "urge_by" in t.columns else t.iloc[0:0]
    if office is not None:
        t = t[t["office"] == office]
    if t.empty:
        return "<p>本期没有未报送的目标。</p>"
    t = with_commitment(ps, t)
    esc = html.escape
    heads = ["目标任务", "承诺（计划原文）"] + ([] if office else ["责任科室"])
    heads += ["连续未报送", "催报日期"]
    rows = []
    for r in t.to_dict("records"):
        cells = [
            ("目标任务", f"<b>{esc(str(r['title']))}</b>"),
            ("承诺", esc(str(r["commitment"]))),
        ]
        if not office:
            cells.append(("责任科室", _cell(r.get("office"))))
        cells += [
            ("连续未报送", f"{int(r.get('missing_streak') or 0)} 期"),
            ("催报日期", f'<span class="due">{_date(r.get("urge_by"))}</span>'),
        ]
        rows.append(
            "<tr>" + "".join(f'<td data-label="{esc(k)}">{v}</td>' for k, v in cells) + "</tr>"
        )
    caption = f"催报事项（{period_label(ps.latest)}，未报送的目标）"
    head = "".join(f"<th scope='col'>{esc(h)}</th>" for h in heads)
    table = (
        f'<table class="gutang-items">{_caption(caption)}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    return _ITEMS_CSS + _region(table, caption)


def verdict_html(ps: PeriodSet, office: str | None = None) -> str:
    """The opening of a 督查 page: counts by light, movement, and the red items with their
    owners and 整改时限 (for one office: its own).

    Examples
    --------
    >>> page = verdict_html(load_periods())
    >>> "红灯" in page and "gutang-verdict" in page
    True
    """
    n = ps.counts(None, office)
    tiles = [
        (k, f"{n[k]} 项", "", LIGHT_COLORS[c]) for c, k in ((c, LIGHT_LABELS[c]) for c in LIGHTS)
    ]
    tiles.append((NO_LIGHT, f"{n[NO_LIGHT]} 项", "需催报", LIGHT_COLORS[None]))
    points = summary_sentences(ps, office)
    led = ps.ledger(office=office)
    red = led[led["light"] == "red"]
    extra = ""
    if not red.empty and office is None:  # a 督办单 lists its items right below
        esc = html.escape
        items = "".join(
            f"<li><b>{esc(str(r['title']))}</b>（{esc(str(r.get('trend_label') or ''))}，"
            f"整改时限 {_date(r.get('fix_by'))}）"
            + (
                '<br><span class="gutang-owner">'
                + esc(
                    owners_text(r.get("lead"), r.get("office"), r.get("partners"))
                    or "责任：未明确责任科室"
                )
                + "</span>"
                if office is None
                else ""
            )
            + "</li>"
            for r in red.head(5).to_dict("records")
        )
        more = f"等 {len(red)} 项" if len(red) > 5 else ""
        extra = f"<p style='margin:6px 0 0'>红灯事项{esc(more)}：</p><ol>{items}</ol>"
    return block_html(tiles, points, heading="主要结论", extra=extra)


def appendix_html(ps: PeriodSet) -> str:
    """The end of a 督查 page: the files of every period, the 分解表, the rule and the
    provenance of the latest period (SHA-256 each)."""
    latest = ps.outcomes.get(ps.latest)
    as_of = None if len(ps.latest) == 4 else ps.latest
    prov = collect_provenance(
        ps.plan, latest, baseline=ps.baseline, policy=ps.policy, as_of=as_of, inputs=ps.inputs
    )
    return provenance_appendix_html(prov).replace("</section>", sources_html(ps) + "</section>", 1)


def trend_html(ps: PeriodSet, office: str | None = None, *, only_lit: bool = False) -> str:
    """Per target, the light at each period side by side (newest last); with ``only_lit``
    the targets not green at the latest period only (a 督办单's own items)."""
    wide = ps.wide(office)
    if only_lit:
        latest = ps.at()
        lit = set(latest.loc[latest["light"] != "green", "target_id"])
        wide = wide[wide["target_id"].isin(lit)]
    t = ps.table()
    codes = {(r["period"], r["target_id"]): r["light"] for r in t.to_dict("records")}
    head = "".join(
        f'<th style="{_TH}">{html.escape(h)}</th>' for h in ("指标名称", "年度目标", "责任科室")
    ) + "".join(f'<th style="{_TH}">{html.escape(period_label(p))}</th>' for p in ps.periods)
    rows = []
    for r in wide.to_dict("records"):
        cells = [f'<td style="{_TD}">{_cell(r[c])}</td>' for c in ("title", "target", "office")]
        for p in ps.periods:
            value = r.get(f"{p}|value")
            cells.append(
                f'<td style="{_TD}">{chip(r.get(f"{p}|light"), codes.get((p, r["target_id"])))}'
                f'<br><span style="font-size:90%">{_cell(value)}</span></td>'
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption = (
        "各期亮灯（" + ("督办与催报事项" if only_lit else "每项目标") + "各期的亮灯与完成情况）"
    )
    return _region(
        f'<table style="border-collapse:collapse;line-height:1.5;{_FONTS}">{_caption(caption)}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>",
        caption,
    )


def counts_html(ps: PeriodSet, office: str | None = None) -> str:
    """Counts per light at each period (a small table), newest last."""
    labels = [LIGHT_LABELS[c] for c in LIGHTS] + [NO_LIGHT]
    codes = {LIGHT_LABELS[c]: c for c in LIGHTS}
    head = f'<th style="{_TH}">统计期</th>' + "".join(
        f'<th style="{_TH}">{chip(k, codes.get(k))}</th>' for k in labels
    )
    rows = []
    for p in ps.periods:
        n = ps.counts(p, office)
        rows.append(
            f'<tr><td style="{_TD}">{html.escape(period_label(p))}</td>'
            + "".join(f'<td style="{_TD};text-align:right">{n[k]}</td>' for k in labels)
            + "</tr>"
        )
    caption = "各期亮灯数量"
    return _region(
        f'<table style="border-collapse:collapse;{_FONTS}">{_caption(caption)}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>",
        caption,
    )


def summary_sentences(
    ps: PeriodSet, office: str | None = None, *, period: str | None = None
) -> list[str]:
    """The headline of a period (the latest by default) in Chinese: counts, movement,
    missing offices.

    Examples
    --------
    >>> print(summary_sentences(load_periods(), period="2022-03-31")[0])
    截至 2022-03-31，93 项目标中：红灯 0 项、黄灯 2 项、绿灯 59 项、未报送 32 项。
    """
    period = period or ps.latest
    n = ps.counts(period, office)
    total = sum(n.values())
    who = f"{office}负责的 " if office else ""
    out = [
        f"{period_label(period)}，{who}{total} 项目标中："
        f"红灯 {n['红灯']} 项、黄灯 {n['黄灯']} 项、"
        f"绿灯 {n['绿灯']} 项、未报送 {n[NO_LIGHT]} 项。"
    ]
    i = ps.periods.index(period)
    if i > 0:
        t = ps.at(period)
        if office is not None:
            t = t[t["office"] == office]
        parts = []
        for code in ("new_red", "still_red", "recovered", "red_to_yellow", "new_yellow"):
            k = int((t["trend"] == code).sum())
            if k:
                parts.append(f"{TREND_LABELS[code]} {k} 项")
        prev = ps.periods[i - 1]
        out.append(
            f"与{period_label(prev)}相比："
            + ("、".join(parts) if parts else "亮灯情况没有变化")
            + "。"
        )
    if office is None:
        sub = ps.submissions.get(period)
        if sub is not None and sub.missing:
            out.append(f"本期未报送的科室：{'、'.join(sub.missing)}。")
    return out


def paragraphs_html(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(s)}</p>" for s in lines)


def banner_html(ps: PeriodSet) -> str:
    """The illustrative-data banner (empty when every input is real)."""
    if not ps.illustrative:
        return ""
    return banner_div(f"本报告的各期完成情况和分解表为{ILLUSTRATIVE_MARK}（虚构），不是官方统计")


def sources_html(ps: PeriodSet) -> str:
    """Which file or folder each period was read from, and the rule used."""
    items = "".join(
        f"<li>{html.escape(period_label(p))}：{html.escape(_short_path(s))}</li>"
        for p, s in ps.sources.items()
    )
    owners = (
        _short_path(str(ps.owners.path))
        if ps.owners is not None and ps.owners.path
        else "无（全部按默认进度）"
    )
    w = ps.policy.warning_lights
    rule = (
        f"亮灯规则（{ps.policy.name} {ps.policy.version}）："
        f"达到节点要求或序时进度的 {w.green_min:.0%} 及以上为绿灯，"
        f"不足 {w.red_below:.0%} 为红灯，其间为黄灯；节点过后 {w.overdue_days} 天仍未达到为红灯；"
        f"计数类目标一项未完成的，自 {w.milestone_start.replace('-', ' 月 ')} 日起为黄灯；"
        + (f"连续 {w.no_data_after} 期未报送为黄灯；" if w.no_data_after else "")
        + f"黄灯整改时限为下一个节点，没有时为统计期后 {w.remedy_days} 天；"
        f"红灯为下一个节点与统计期后 {w.remedy_days_red} 天中较早的一个；"
        f"未报送的统计期后 {w.urge_days} 天内催报。"
    )
    return (
        '<div class="gutang-provenance" style="font-size:90%;color:#444">'
        f"<p>分解表：{html.escape(owners)}</p>"
        f"<p>各期数据：</p><ul>{items}</ul><p>{html.escape(rule)}</p></div>"
    )


def _short_path(path: str) -> str:
    try:
        return Path(path).resolve().relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path


# ---------------------------------------------------------------------------------------
# downloads: the 督查台账 (xlsx) and JSON


def write_ledger_xlsx(ps: PeriodSet, path: str | Path, *, period: str | None = None) -> Path:
    """The 督查台账 workbook: every target not green, red first, with filters.

    One sheet 督查台账 (autofilter, frozen header, landscape A4 fitted to the width, the
    header repeated on every printed page, text cells written as text), and a sheet 各期亮灯
    with every target's light at every period.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> out = write_ledger_xlsx(load_periods(), pathlib.Path(tempfile.mkdtemp()) / "台账.xlsx")
    >>> ws = load_workbook(out)["督查台账"]
    >>> ws.auto_filter.ref is not None, ws.freeze_panes
    (True, 'A4')
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    out = Path(path)
    period = period or ps.latest
    led = with_commitment(ps, ps.ledger(period))
    body = Font(size=10)
    wb = Workbook()
    ws = wb.active
    ws.title = "督查台账"
    r = 1
    if ps.illustrative:
        write_text_cell(
            ws, r, 1, f"{ILLUSTRATIVE_MARK}（虚构）：本台账的数据为演示用途编造，不是官方统计。"
        ).font = Font(bold=True, color="C00000", size=10)
    else:
        write_text_cell(ws, r, 1, "")
    r += 1
    write_text_cell(
        ws, r, 1, f"{ps.plan.title} · 督查台账（{period_label(period)}，未亮绿灯的目标，红灯在前）"
    ).font = Font(bold=True, size=12)
    r += 1
    header = r
    for c, (_col, name, width) in enumerate(_XLSX_COLUMNS, 1):
        cell = write_text_cell(ws, header, c, name)
        cell.font = Font(bold=True, size=10)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(c)].width = width
    fills = {k: PatternFill("solid", fgColor=v.lstrip("#")) for k, v in LIGHT_COLORS.items() if k}
    for i, row in enumerate(led.to_dict("records"), header + 1):
        for c, (col, _name, _w) in enumerate(_XLSX_COLUMNS, 1):
            value = _xlsx_value(col, row)
            cell = write_text_cell(ws, i, c, value)
            cell.font = body
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            if col == "light_label" and row.get("light") in fills:
                cell.fill = fills[row["light"]]
                cell.font = Font(
                    bold=True, size=10, color=text_colour_on(LIGHT_COLORS[row["light"]]).lstrip("#")
                )
    _fit_rows(ws, header, [w for _c, _n, w in _XLSX_COLUMNS])
    last = header + max(len(led), 1)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(_XLSX_COLUMNS))}{last}"
    ws.freeze_panes = f"A{header + 1}"
    _print_setup(ws, ps, f"{header}:{header}")

    ws2 = wb.create_sheet("各期亮灯")
    heads = [("目标任务", 18), ("年度目标", 14), ("责任科室", 11)]
    for p in ps.periods:
        heads += [(f"{period_label(p)} 亮灯", 9), (f"{period_label(p)} 完成情况", 10)]
    for c, (h, width) in enumerate(heads, 1):
        cell = write_text_cell(ws2, 1, c, h)
        cell.font = Font(bold=True, size=10)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws2.column_dimensions[get_column_letter(c)].width = width
    for i, row in enumerate(ps.wide().to_dict("records"), 2):
        values = [row["title"], row["target"], row["office"]]
        for p in ps.periods:
            values += [row.get(f"{p}|light"), row.get(f"{p}|value")]
        for c, v in enumerate(values, 1):
            cell = write_text_cell(
                ws2, i, c, None if v is None or (isinstance(v, float) and math.isnan(v)) else v
            )
            cell.font = body
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    _fit_rows(ws2, 1, [w for _h, w in heads])
    ws2.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{max(2, len(ps.plan.targets) + 1)}"
    ws2.freeze_panes = "B2"
    _print_setup(ws2, ps, "1:1")
    wb.properties.title = f"{ps.plan.title} 督查台账"
    wb.properties.creator = "gutang-analysis"
    save_workbook(wb, out, what="督查台账")
    return out


#: The 督查台账 sheet: (column, header, width). Narrow enough that the sheet prints one
#: A4 page wide at 10 pt with little or no shrinking (at least 9 pt on paper).
_XLSX_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("light_label", "亮灯", 6),
    ("trend_label", "较上期", 8),
    ("since", "亮灯起始", 10),
    ("title", "目标任务", 15),
    ("commitment", "承诺（计划原文）", 18),
    ("office", "责任科室（配合科室）", 12),
    ("lead", "牵头领导", 9),
    ("requirement", "节点要求", 13),
    ("value", "完成情况", 9),
    ("reason", "亮灯依据", 15),
    ("cause", "偏差原因", 13),
    ("remedy", "整改措施", 13),
    ("fix_by", "整改时限（未报送为催报日期）", 11),
)


def _xlsx_value(col: str, row: dict[str, Any]) -> Any:
    """One cell of the 督查台账 sheet: dates as dates, the office with its partners, the
    催报 date where a target has no 整改时限."""
    value = row.get(col)
    if col == "office":
        office, partners = _text(value), _text(row.get("partners"))
        return f"{office or '未明确'}（配合：{partners}）" if partners else office
    if col in ("since", "fix_by"):
        if col == "fix_by" and (value is None or value is pd.NaT) and row.get("urge_by"):
            return f"催报 {_date(row['urge_by'])}"
        if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
            return None
        return pd.Timestamp(value).date()
    value = _fmt(col, value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _fit_rows(ws: Any, first: int, widths: list[int]) -> None:
    """Row heights for wrapped 10 pt text (spreadsheet programs do not grow them when a
    file is converted or printed unopened): lines per cell estimated from its width, a
    Chinese character taking about 1.7 width units at 10 pt."""
    for row in ws.iter_rows(min_row=first):
        lines = 1
        for cell, width in zip(row, widths, strict=False):
            text = "" if cell.value is None else str(cell.value)
            size = sum(1.7 if ord(ch) > 0x2E80 else 0.9 for ch in text)
            lines = max(lines, math.ceil(size / max(width - 0.5, 1)))
        ws.row_dimensions[row[0].row].height = 13 * lines + 3


def _print_setup(ws: Any, ps: PeriodSet, title_rows: str) -> None:
    """A4 landscape one page wide, the header row on every page, narrow margins, the
    示例数据 notice at the top of every page and 第 N 页 / 共 M 页 at the foot."""
    from openpyxl.worksheet.page import PageMargins

    notice = f"{ILLUSTRATIVE_MARK}（虚构），不是官方统计" if ps.illustrative else None
    fit_a4(ws, title_rows=title_rows, notice=notice)
    ws.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.25, footer=0.25
    )


def _json_value(v: Any) -> Any:
    if v is None or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, dt.date):
        return v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    return v


def write_ledger_json(ps: PeriodSet, path: str | Path) -> Path:
    """The lights of every period as JSON (UTF-8): periods, counts, the ledger, all rows.

    Examples
    --------
    >>> import tempfile, pathlib, json
    >>> out = write_ledger_json(load_periods(), pathlib.Path(tempfile.mkdtemp()) / "d.json")
    >>> data = json.loads(out.read_text(encoding="utf-8"))
    >>> data["periods"][-1], "banner" in data
    ('2022', True)
    """
    cols = ["target_id"] + [c for c, _ in LEDGER_COLUMNS if c != "commitment"]
    cols += ["light", "trend", "missing_streak"]
    table = ps.table()
    data = {
        "format_version": 1,
        "plan_id": ps.plan.id,
        "banner": f"{ILLUSTRATIVE_MARK}（虚构），不是官方统计" if ps.illustrative else None,
        "rule": ps.policy.warning_lights.model_dump(),
        "periods": list(ps.periods),
        "counts": {p: ps.counts(p) for p in ps.periods},
        "notes": ps.notes(),
        "ledger": [
            {c: _json_value(r.get(c)) for c in cols} for r in ps.ledger().to_dict("records")
        ],
        "rows": [{c: _json_value(r.get(c)) for c in cols} for r in table.to_dict("records")],
    }
    return write_atomic(Path(path), json.dumps(data, ensure_ascii=False, indent=2), what="督查数据")


def open_periods(run: dict[str, Any] | None = None) -> PeriodSet:
    """The period set a 督查 notebook shows: of the run a build passed, or found here.

    Installs the IPython handler that shows a user's mistakes as Chinese messages.

    Examples
    --------
    >>> open_periods().periods[-1]
    '2022'
    """
    install()
    with warnings.catch_warnings():  # the report shows the scoring's notes itself
        warnings.simplefilter("ignore", DataWarning)
        if run is not None:
            return periods_of_run(reuse_run(run))
        return load_periods()


def header_html(ps: PeriodSet, title: str, office: str | None = None) -> str:
    """The top of a 督查 page, verdict first: the illustrative banner, title, subtitle
    (office and its leads, the period) and the main points (:func:`verdict_html`). The
    sources, rule and provenance are the appendix at the end (:func:`appendix_html`).

    Examples
    --------
    >>> top = header_html(load_periods(), "督查督办")
    >>> "主要结论" in top and "SHA-256" not in top
    True
    """
    sub = f"{ps.plan.issuer} · {period_label(ps.latest)}"
    if office:
        owners = ps.owners
        lead = ""
        if owners is not None:
            leads = sorted(
                {a.lead for a in owners.assignments.values() if a.office == office and a.lead}
            )
            lead = f" · 牵头领导：{'、'.join(leads)}" if leads else ""
        sub = f"{office}{lead} · {sub}"
    latest = ps.outcomes.get(ps.latest)
    as_of = None if len(ps.latest) == 4 else ps.latest
    prov = collect_provenance(
        ps.plan, latest, baseline=ps.baseline, policy=ps.policy, as_of=as_of, inputs=ps.inputs
    )
    head = report_header_html(title, prov, sub, appendix=True)
    if not prov.illustrative and ps.illustrative:
        head = banner_html(ps) + head
    return head + verdict_html(ps, office)


def offices_html(ps: PeriodSet) -> str:
    """Lights per office at the latest period (red first), for the consolidated report."""
    rows = []
    for office in ps.offices():
        n = ps.counts(None, office)
        rows.append((n["红灯"], n["黄灯"], office, n))
    rows.sort(key=lambda x: (-x[0], -x[1], x[2]))
    codes = {LIGHT_LABELS[c]: c for c in LIGHTS}
    labels = [LIGHT_LABELS[c] for c in LIGHTS] + [NO_LIGHT]
    head = f'<th style="{_TH}">责任科室</th>' + "".join(
        f'<th style="{_TH}">{chip(k, codes.get(k))}</th>' for k in labels
    )
    body = "".join(
        f'<tr><td style="{_TD}">{html.escape(o)}</td>'
        + "".join(f'<td style="{_TD};text-align:right">{n[k]}</td>' for k in labels)
        + "</tr>"
        for _r, _y, o, n in rows
    )
    if not rows:
        return "<p>计划文件夹中没有分解表（owners.yaml），无法按科室汇总。</p>"
    caption = f"各科室亮灯情况（{period_label(ps.latest)}，红灯多的在前）"
    return _region(
        f'<table style="border-collapse:collapse;{_FONTS}">{_caption(caption)}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
        caption,
    )


def owner_line(owners: Any, target_id: str) -> str:
    """Who answers for a target, as one line for the year-end reports' shortfalls.

    ``owners`` is the run's 分解表 (``run.owners``; a plan is accepted too, for the first
    release's callers: its folder's 分解表 is then read). Empty when there is none or the
    target is not assigned.

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> owner_line(examples.gutang_2022().owners, "econ-fdi-utilised")
    '责任：分管经济副主任（牵头领导）、招商服务中心（责任科室）、经济发展办公室（配合科室）'
    """
    if owners is not None and not isinstance(owners, Owners):
        owners = owners_beside(owners)
    a = owners.get(str(target_id)) if owners is not None else None
    return owners_text(a.lead, a.office, a.partners) if a is not None else ""


def lights_chart(ps: PeriodSet, office: str | None = None) -> Any:
    """Stacked bars: how many targets were red, yellow, green or unreported at each period.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = lights_chart(load_periods())
    >>> fig.axes[0].get_xlabel()
    '指标数（项）'
    """
    from . import charts  # matplotlib: only when a chart is drawn

    with charts.house_style():  # the analyst's own matplotlib settings come back after
        return _lights_chart(ps, office)


def _lights_chart(ps: PeriodSet, office: str | None) -> Any:
    import numpy as np
    from matplotlib.figure import Figure

    from . import charts  # matplotlib: only when a chart is drawn

    periods = list(ps.periods)[::-1]  # earliest at the top
    labels = [period_label(p) for p in periods]
    keys = [*LIGHTS, None]
    names = [LIGHT_LABELS[c] for c in LIGHTS] + [NO_LIGHT]
    counts = np.array([[ps.counts(p, office)[n] for n in names] for p in periods], dtype=float)
    fig = Figure(figsize=(7.5, 0.55 * len(periods) + 1.9))
    fig.subplots_adjust(left=0.2, right=0.97, top=0.86, bottom=0.27)
    ax = fig.add_subplot()
    left = np.zeros(len(periods))
    y = np.arange(len(periods))
    for j, (key, name) in enumerate(zip(keys, names, strict=True)):
        colour = LIGHT_COLORS[key]
        values = counts[:, j]
        charts.stacked_counts(ax, y, values, left, colour, name, text_colour_on(colour))
        left += values
    ax.set_yticks(y, labels)
    ax.set_xlabel("指标数（项）")
    who = f"{office}：" if office else ""
    ax.set_title(f"{who}各期亮灯情况", loc="left", fontsize=11)
    fig.legend(loc="lower center", ncols=4, bbox_to_anchor=(0.5, 0.02))
    words = "；".join(
        f"{lab}：" + "、".join(f"{n} {int(v)} 项" for n, v in zip(names, row, strict=True))
        for lab, row in zip(labels[::-1], counts[::-1], strict=True)
    )
    return charts._set_alt(fig, words)


def lights_chart_html(ps: PeriodSet, office: str | None = None) -> str:
    """:func:`lights_chart` as an embedded image with its data in words."""
    from . import charts  # matplotlib: only when a chart is drawn

    return charts.figure_html(lights_chart(ps, office), "各期红灯、黄灯、绿灯和未报送的指标数")
