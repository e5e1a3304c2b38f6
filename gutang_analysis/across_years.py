"""One town, two years: what recurs, what was missed and promised again, what was dropped.

:func:`year_over_year` takes last year's and this year's plan folders (or loaded runs) of
one issuer and lines their targets up by what they measure
(:func:`gutang_analysis.matching.match_targets`: the indicator, the kind and the unit;
never the generated ids). Each pair puts last year's commitment and result beside this
year's promise (and result, when this year's figures are in), in last year's unit. A
plan folder of this year without figures yet is read as a plan alone. Nothing is scored
here: the results are read from each folder's run, loaded as ``gutang-review build``
loads it.
"""

from __future__ import annotations

import html
import math
import pickle
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ._ipython import install
from ._xlsx import fit_a4, save_workbook, write_text_cell
from .district import table_html
from .errors import DataWarning, FolderError, Problem, UsageError
from .labels import KIND_LABELS, STATUS_LABELS
from .matching import indicator_key, match_targets
from .narrative import paragraphs_html
from .plan import load_plan
from .provenance import banner_div, shown_path
from .run import Run, load_run
from .workspace import find_folder

__all__ = [
    "CATEGORIES",
    "STATUS_ORDER",
    "YearOverYear",
    "open_year_over_year",
    "write_year_over_year_xlsx",
    "year_over_year",
]

#: What became of a commitment, in the order a reader wants them.
CATEGORIES: tuple[str, ...] = ("去年未完成、今年再承诺", "连续承诺", "今年未再列入", "今年新增")
#: Statuses from best to worst (ordered categorical of the status columns).
STATUS_ORDER: tuple[str, ...] = tuple(
    STATUS_LABELS[s]
    for s in ("exceeded", "met", "nearly_met", "partial", "not_met", "no_data", "not_assessable")
)
#: A year-end status that counts as missed.
_MISSED = ("nearly_met", "partial", "not_met", "no_data")


@dataclass(frozen=True)
class _Side:
    plan: Any
    result: Any  # None: the plan's figures are not in yet
    folder: Path | None
    illustrative: bool

    @property
    def year(self) -> int:
        return int(self.plan.year)


def _side(value: Any, which: str) -> _Side:
    """A loaded run, or a plan folder read as ``build`` reads it (the plan alone when the
    year's figures are not in yet)."""
    if isinstance(value, Run):
        run = value
    elif isinstance(value, str | Path):
        try:
            run = load_run(value)
        except FolderError as err:
            if "完成情况" not in err.summary:
                raise
            where = find_folder(value)
            return _Side(load_plan(where.plan_file), None, where.root, False)
    else:
        raise UsageError(
            "year_over_year 需要两份计划",
            [
                Problem(
                    None, None, which, type(value).__name__, "计划文件夹的路径或 load_run 的 run"
                )
            ],
        )
    frames = (run.outcomes, run.baseline)
    flagged = any(f is not None and bool(f.attrs.get("illustrative")) for f in frames)
    return _Side(run.plan, run.result, run.inputs.folder, flagged)


def _same_issuer(a: Any, b: Any) -> bool:
    return bool(a.issuer) and indicator_key(a.issuer) == indicator_key(b.issuer)


def _value_text(value: float, unit: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    v = float(value)
    text = f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else f"{v:,.2f}".rstrip("0").rstrip(".")
    return f"{text}{'' if unit in (None, '') else unit}"


def _rows_of(side: _Side) -> pd.DataFrame:
    t = side.plan.targets
    out = pd.DataFrame(
        {
            "target_id": t["target_id"].astype(str),
            "title": t["title"],
            "kind": t["kind"],
            "unit": t["unit"],
            "strength": t["strength"],
            "target_value": pd.to_numeric(t["target_value"], errors="coerce"),
        }
    ).set_index("target_id", drop=False)
    if side.result is not None:
        r = side.result.targets.assign(target_id=side.result.targets["target_id"].astype(str))
        r = r.set_index("target_id")
        out["actual"] = pd.to_numeric(r["actual"], errors="coerce").reindex(out.index)
        out["status"] = r["status"].astype(str).reindex(out.index)
        out["cause"] = r["cause"].reindex(out.index) if "cause" in r else None
    else:
        out["actual"], out["status"], out["cause"] = math.nan, None, None
    return out


@dataclass(frozen=True)
class YearOverYear:
    """Last year's and this year's plans of one town, lined up.

    Attributes
    ----------
    frame : pandas.DataFrame
        One row per matched pair, then one per target of one year only; Chinese column
        labels (:func:`year_over_year`).
    last_year, this_year : int
    issuer : str
    illustrative : bool
        Either year's figures say 示例数据.
    folders : tuple of str
        The two plan folders (last year's first).
    """

    frame: pd.DataFrame
    last_year: int
    this_year: int
    issuer: str
    illustrative: bool = False
    folders: tuple[str, str] = ("", "")
    this_has_results: bool = False

    def save(self, path: str | Path) -> Path:
        out = Path(path)
        out.write_bytes(pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL))
        return out

    @property
    def banner(self) -> str | None:
        return "本对比的完成情况数据为示例数据（虚构），不是官方统计" if self.illustrative else None

    def count(self, category: str) -> int:
        return int((self.frame["类别"] == category).sum())


def _unmatched_row(category: str, year, r, id_column: str, tid, status) -> dict:
    """A target of one year only, as a row of the year-over-year table."""
    row = {
        "类别": category,
        "指标": r["title"],
        "类型": KIND_LABELS.get(str(r["kind"]), r["kind"]),
        f"{year}年目标": r["title"],
        f"{year}年目标值": r["target_value"],
        f"{year}年完成值": r["actual"],
        f"{year}年状态": status(r["status"]),
        "单位": r["unit"] if isinstance(r["unit"], str) else None,
    }
    if id_column == "去年编号":  # last year's cause explains this year's choice
        row["去年偏差原因"] = r["cause"] if isinstance(r["cause"], str) else None
    row[id_column] = tid
    return row


def year_over_year(last: Any, this: Any) -> pd.DataFrame:
    """Last year's commitments beside this year's, matched by what they measure.

    Parameters
    ----------
    last, this : str, Path or Run
        Last year's and this year's plan folders of one issuer (or their loaded runs).
        This year's folder may have no figures yet: its plan is read alone.

    Returns
    -------
    pandas.DataFrame
        One row per matched pair (``类别`` 去年未完成、今年再承诺 or 连续承诺), then
        last year's targets not found this year (今年未再列入) and this year's new ones
        (今年新增). Columns: ``类别, 指标, 类型, {去年}年目标, {去年}年目标值,
        {去年}年完成值, {去年}年状态, {今年}年目标, {今年}年目标值, {今年}年完成值,
        {今年}年状态, 单位, 变化（今年目标值 − 去年完成值）, 去年偏差原因, 匹配方式,
        去年编号, 今年编号``; values in last year's unit; ``类别`` and the statuses are
        ordered categoricals. ``attrs``: ``last_year``, ``this_year``, ``issuer``,
        ``illustrative``, ``folders``.

    Raises
    ------
    UsageError
        The two plans are of different issuers, or last year's is not the earlier one.

    Examples
    --------
    >>> import tempfile, shutil, pathlib
    >>> from gutang_analysis import paths
    >>> here = pathlib.Path(tempfile.mkdtemp())
    >>> this = shutil.copytree(paths.EXAMPLE_FOLDER, here / "gutang-2023")
    >>> text = (this / "plan.yaml").read_text("utf-8").replace("year: 2022", "year: 2023")
    >>> text = text.replace("id: gutang-2022", "id: gutang-2023")
    >>> _ = (this / "plan.yaml").write_text(text, "utf-8")
    >>> shutil.rmtree(this / "outcomes")
    >>> yoy = year_over_year(paths.EXAMPLE_FOLDER, this)
    >>> bool(yoy["类别"].value_counts().loc["去年未完成、今年再承诺"] > 0)
    True
    >>> list(yoy.columns[:4])
    ['类别', '指标', '类型', '2022年目标']
    """
    a, b = _side(last, "去年的计划（last）"), _side(this, "今年的计划（this）")
    if not _same_issuer(a.plan, b.plan):
        raise UsageError(
            "两份计划的发布机构不同，不能做年度对比",
            [
                Problem(
                    shown_path(b.folder) or "",
                    None,
                    "发布机构",
                    f"{a.plan.issuer}（{a.year} 年）与 {b.plan.issuer}（{b.year} 年）",
                    "同一街道乡镇的两个年度的计划；不同街道乡镇请用 gutang-review district",
                )
            ],
        )
    if a.year >= b.year:
        raise UsageError(
            "年度对比的第一份计划应早于第二份",
            [
                Problem(
                    None,
                    None,
                    "两个计划文件夹的顺序",
                    f"{a.year} 年与 {b.year} 年",
                    "先给去年的计划文件夹，再给今年的",
                )
            ],
        )
    ra, rb = _rows_of(a), _rows_of(b)
    pairs = match_targets(ra, rb, units_a=a.plan.units, units_b=b.plan.units)
    ya, yb = a.year, b.year
    rows = []

    def status(code: Any) -> Any:
        return STATUS_LABELS.get(str(code)) if code not in (None, "None") else None

    def convert(value: float, unit: Any, to: Any) -> float:
        if value is None or math.isnan(value) or not unit or not to or unit == to:
            return value
        try:
            return a.plan.units.convert(value, unit, to)
        except Exception:
            return value

    for ia, ib, how in pairs:
        x, y = ra.loc[ia], rb.loc[ib]
        unit = x["unit"] if isinstance(x["unit"], str) else None
        yunit = y["unit"] if isinstance(y["unit"], str) else None
        missed = x["status"] in _MISSED
        promised = convert(y["target_value"], yunit, unit)
        rows.append(
            {
                "类别": CATEGORIES[0] if missed else CATEGORIES[1],
                "指标": y["title"],
                "类型": KIND_LABELS.get(str(y["kind"]), y["kind"]),
                f"{ya}年目标": x["title"],
                f"{ya}年目标值": x["target_value"],
                f"{ya}年完成值": x["actual"],
                f"{ya}年状态": status(x["status"]),
                f"{yb}年目标": y["title"],
                f"{yb}年目标值": promised,
                f"{yb}年完成值": convert(y["actual"], yunit, unit),
                f"{yb}年状态": status(y["status"]),
                "单位": unit or yunit,
                "变化": promised - x["actual"]
                if not (math.isnan(promised) or math.isnan(x["actual"]))
                else math.nan,
                "去年偏差原因": x["cause"] if isinstance(x["cause"], str) else None,
                "匹配方式": how,
                "去年编号": ia,
                "今年编号": ib,
            }
        )
    done_a, done_b = {p[0] for p in pairs}, {p[1] for p in pairs}
    for tid, x in ra.iterrows():
        if tid not in done_a:
            rows.append(_unmatched_row(CATEGORIES[2], ya, x, "去年编号", tid, status))
    for tid, y in rb.iterrows():
        if tid not in done_b:
            rows.append(_unmatched_row(CATEGORIES[3], yb, y, "今年编号", tid, status))
    columns = [
        "类别",
        "指标",
        "类型",
        f"{ya}年目标",
        f"{ya}年目标值",
        f"{ya}年完成值",
        f"{ya}年状态",
        f"{yb}年目标",
        f"{yb}年目标值",
        f"{yb}年完成值",
        f"{yb}年状态",
        "单位",
        "变化",
        "去年偏差原因",
        "匹配方式",
        "去年编号",
        "今年编号",
    ]
    out = pd.DataFrame(rows, columns=columns)
    for c in (f"{ya}年目标值", f"{ya}年完成值", f"{yb}年目标值", f"{yb}年完成值", "变化"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out["类别"] = pd.Categorical(out["类别"], CATEGORIES, ordered=True)
    for c in (f"{ya}年状态", f"{yb}年状态"):
        out[c] = pd.Categorical(out[c], STATUS_ORDER, ordered=True)
    out = out.sort_values("类别", kind="stable").reset_index(drop=True)
    out.attrs.update(
        {
            "last_year": ya,
            "this_year": yb,
            "issuer": str(b.plan.issuer),
            "illustrative": a.illustrative or b.illustrative,
            "folders": (shown_path(a.folder) or "", shown_path(b.folder) or ""),
            "this_has_results": b.result is not None,
        }
    )
    if not pairs:
        warnings.warn(
            f"{a.plan.issuer}的 {ya} 年与 {yb} 年计划没有一项目标能对应上（按指标、类型和单位）；"
            "所有目标都列为“今年未再列入”或“今年新增”",
            DataWarning,
            stacklevel=2,
        )
    return out


def _wrap(frame: pd.DataFrame) -> YearOverYear:
    a = frame.attrs
    return YearOverYear(
        frame,
        a["last_year"],
        a["this_year"],
        a["issuer"],
        a["illustrative"],
        a["folders"],
        a["this_has_results"],
    )


def compare_years(last: Any, this: Any) -> YearOverYear:
    """:func:`year_over_year` wrapped for the report (``gutang-review compare``)."""
    return _wrap(year_over_year(last, this))


def open_year_over_year(
    pair: str | Path | None = None, *, last: Any = None, this: Any = None
) -> YearOverYear:
    """What the year-over-year notebook shows: the saved comparison, or two folders."""
    install()
    if pair is not None:
        loaded = pickle.loads(Path(pair).read_bytes())
        if isinstance(loaded, YearOverYear):
            return loaded
    if last is None or this is None:
        raise UsageError(
            "年度对比需要两份计划文件夹",
            [Problem(None, None, "计划文件夹", None, "去年和今年的计划文件夹各一个")],
        )
    return compare_years(last, this)


# ---------------------------------------------------------------------- the report


def header_html(yoy: YearOverYear, title: str) -> str:
    """Banner, title and what was compared."""
    esc = html.escape
    parts = []
    if yoy.banner:
        parts.append(banner_div(yoy.banner))
    parts.append(f"<h1>{esc(title)}</h1>")
    parts.append(
        f'<p class="gutang-subtitle">{esc(yoy.issuer)} · {yoy.last_year} 年与 '
        f"{yoy.this_year} 年</p>"
    )
    return "\n".join(parts)


def provenance_html(yoy: YearOverYear) -> str:
    """The appendix at the end of the report: the two plan folders compared."""
    esc = html.escape
    rows = [
        (f"{yoy.last_year} 年计划文件夹", yoy.folders[0]),
        (f"{yoy.this_year} 年计划文件夹", yoy.folders[1]),
    ]
    items = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in rows)
    return f'<dl class="gutang-provenance">{items}</dl>'


def summary_html(yoy: YearOverYear) -> str:
    """The comparison in a few sentences."""
    n = {c: yoy.count(c) for c in CATEGORIES}
    lines = [
        f"{yoy.last_year} 年的目标中，{n[CATEGORIES[0]] + n[CATEGORIES[1]]} 项在 {yoy.this_year} 年"
        f"再次承诺，其中 {n[CATEGORIES[0]]} 项去年没有完成（或部分完成、未报送）；"
        f"{n[CATEGORIES[2]]} 项今年未再列入；今年新增 {n[CATEGORIES[3]]} 项。"
    ]
    if not yoy.this_has_results:
        lines.append(f"{yoy.this_year} 年尚无完成情况数据，只列出今年的承诺。")
    return paragraphs_html(lines)


def section_html(yoy: YearOverYear, category: str) -> str:
    """The rows of one category as a table (a sentence when there are none)."""
    f = yoy.frame[yoy.frame["类别"] == category]
    if f.empty:
        return "<p>没有。</p>"
    ya, yb = yoy.last_year, yoy.this_year
    if category == CATEGORIES[2]:
        cols = [
            "指标",
            "类型",
            f"{ya}年目标值",
            f"{ya}年完成值",
            f"{ya}年状态",
            "单位",
            "去年偏差原因",
        ]
    elif category == CATEGORIES[3]:
        cols = ["指标", "类型", f"{yb}年目标值", f"{yb}年完成值", f"{yb}年状态", "单位"]
    else:
        cols = [
            "指标",
            f"{ya}年目标",
            f"{ya}年目标值",
            f"{ya}年完成值",
            f"{ya}年状态",
            f"{yb}年目标值",
            f"{yb}年完成值" if yoy.this_has_results else None,
            f"{yb}年状态" if yoy.this_has_results else None,
            "单位",
            "变化",  # this year's target value − last year's actual (docs/district.md)
            "去年偏差原因" if category == CATEGORIES[0] else None,
            "匹配方式",
        ]
        cols = [c for c in cols if c]
        if (f[f"{ya}年目标"] == f["指标"]).all():  # last year's wording is this year's
            cols.remove(f"{ya}年目标")
    view = f[cols].astype(object).where(f[cols].notna(), None)
    figures = [c for c in cols if c.endswith(("目标值", "完成值")) or c == "变化"]
    return table_html(view, cols, category, figures)


def write_year_over_year_xlsx(yoy: YearOverYear, path: str | Path) -> Path:
    """The comparison as a workbook: one row per pair, text cells as text, A4 print."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "年度对比"
    row = 1
    if yoy.banner:
        write_text_cell(ws, row, 1, f"⚠ {yoy.banner}").font = Font(bold=True, color="8A1C13")
        row += 1
    cols = list(yoy.frame.columns)
    for j, c in enumerate(cols, 1):
        cell = write_text_cell(ws, row, j, c)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDE6F0")
    header = row
    for record in yoy.frame.astype(object).to_dict("records"):
        row += 1
        for j, c in enumerate(cols, 1):
            v = record[c]
            if v is None or (isinstance(v, float) and math.isnan(v)):
                continue
            write_text_cell(ws, row, j, v.item() if hasattr(v, "item") else v)
    for j, c in enumerate(cols, 1):
        wide = c in ("指标", "去年偏差原因") or c.endswith("年目标")
        ws.column_dimensions[ws.cell(row=header, column=j).column_letter].width = 30 if wide else 12
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    fit_a4(ws, title_rows=f"{header}:{header}", notice=yoy.banner)
    return save_workbook(wb, Path(path))
