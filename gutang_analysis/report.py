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
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import paths
from .provenance import Provenance, collect_provenance

__all__ = [
    "INPUTS_CACHE_ENV",
    "SELF_EVALUATION_COLUMNS",
    "ReportContext",
    "ReportInputs",
    "prepare",
    "resolve_inputs",
    "self_evaluation_table",
    "summary_dict",
    "target_text",
    "write_self_evaluation_xlsx",
    "write_summary_json",
]


@dataclass(frozen=True)
class ReportInputs:
    """Resolved input files of a build, checked by loading them.

    Attributes
    ----------
    plan_path, outcomes_path, policy_path : Path
    baseline_path, midyear_path : Path or None
    as_of : str
        The mid-year as-of date (ISO).
    sections : tuple of (str, str)
        (section id, name) of every programme with at least one target, in plan order.
    """

    plan_path: Path
    outcomes_path: Path
    baseline_path: Path | None
    policy_path: Path
    midyear_path: Path | None
    as_of: str
    sections: tuple[tuple[str, str], ...]
    loaded: dict[tuple, Any] = field(default_factory=dict, repr=False, compare=False)

    def write_cache(self, path: str | Path) -> Path:
        """Save the inputs loaded while checking them, for :func:`prepare` to reuse.

        The build points :data:`INPUTS_CACHE_ENV` at this file, so the notebooks it runs
        do not read, parse and validate the same files again.
        """
        out = Path(path)
        out.write_bytes(pickle.dumps(self.loaded, protocol=pickle.HIGHEST_PROTOCOL))
        return out


#: Environment variable naming a file written by :meth:`ReportInputs.write_cache`. The
#: build sets it for the notebooks it runs; a notebook run by hand loads its files itself.
INPUTS_CACHE_ENV = "GUTANG_INPUTS_CACHE"


def _file_key(path: Path) -> tuple[str, int, int]:
    """Identify a file's current content cheaply: resolved path, size, modification time."""
    resolved = Path(path).resolve()
    stat = resolved.stat()
    return (str(resolved), stat.st_size, stat.st_mtime_ns)


def _read_cache() -> dict[tuple, Any]:
    name = os.environ.get(INPUTS_CACHE_ENV)
    if not name:
        return {}
    try:
        with open(name, "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return {}


def _cached(cache: dict[tuple, Any], key: tuple, load: Any) -> Any:
    """The object stored under ``key``, or ``load()`` (stored for the next caller)."""
    if key not in cache:
        cache[key] = load()
    return cache[key]


def _path(value: str | Path | None) -> Path | None:
    return None if value is None or str(value).strip() == "" else Path(value)


def _key_or_none(path: Path) -> tuple | None:
    try:
        return _file_key(path)
    except OSError:
        return None


def _default_as_of(year: int) -> str:
    return dt.date(year, 6, 30).isoformat()


def resolve_inputs(
    plan: str | Path | None = None,
    outcomes: str | Path | None = None,
    baseline: str | Path | None = None,
    policy: str | Path | None = None,
    midyear: str | Path | None = None,
    as_of: str | dt.date | None = None,
) -> ReportInputs:
    """Resolve the defaults of a build and check every input file by loading it.

    A user's own outcome file is never paired with the bundled illustrative baseline or
    mid-year figures: those defaults apply only when ``outcomes`` is left out.

    Raises
    ------
    PlanError, OutcomesError, PolicyError
        With every problem in the files listed.

    Examples
    --------
    >>> inputs = resolve_inputs()
    >>> inputs.as_of, inputs.midyear_path.name
    ('2022-06-30', 'gutang-2022-midyear.csv')
    """
    from .outcomes import load_outcomes
    from .plan import load_plan
    from .policy import load_policy

    bundled = _path(outcomes) is None
    plan_path = _path(plan) or paths.DEFAULT_PLAN
    outcomes_path = _path(outcomes) or paths.DEFAULT_OUTCOMES
    baseline_path = _path(baseline) or (paths.DEFAULT_BASELINE if bundled else None)
    midyear_path = _path(midyear) or (paths.DEFAULT_MIDYEAR if bundled else None)
    policy_path = _path(policy) or paths.DEFAULT_POLICY

    objects: dict[tuple, Any] = {}
    plan_key = ("plan", _key_or_none(plan_path))
    loaded = _cached(objects, plan_key, lambda: load_plan(plan_path))
    _cached(objects, ("policy", _key_or_none(policy_path)), lambda: load_policy(policy_path))
    for frame_path in (outcomes_path, baseline_path, midyear_path):
        if frame_path is not None:
            key = ("outcomes", plan_key, _key_or_none(frame_path))
            _cached(objects, key, lambda p=frame_path: load_outcomes(p, loaded))
    counts = loaded.targets.groupby("section").size()
    sections = tuple(
        (str(row.section), str(row.name))
        for row in loaded.sections.sort_values("order").itertuples()
        if counts.get(row.section, 0) > 0
    )
    return ReportInputs(
        plan_path=plan_path,
        outcomes_path=outcomes_path,
        baseline_path=baseline_path,
        policy_path=policy_path,
        midyear_path=midyear_path,
        as_of=str(as_of) if as_of else _default_as_of(loaded.year),
        sections=sections,
        loaded=objects,
    )


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
        """The top of a report: illustrative banner, title, subtitle and provenance."""
        from .provenance import report_header_html

        sub = subtitle or f"{self.plan.issuer} · {self.plan.year} 年"
        return report_header_html(title, self.provenance, sub)

    def write_outputs(
        self, xlsx_path: str | Path | None = None, json_path: str | Path | None = None
    ) -> list[Path]:
        """Write the self-evaluation workbook and/or the JSON summary; return the files."""
        out = []
        if xlsx_path:
            out.append(
                write_self_evaluation_xlsx(self.result, self.plan, xlsx_path, self.provenance)
            )
        if json_path:
            out.append(write_summary_json(self.result, json_path, self.provenance))
        return out


def prepare(
    plan: str | Path | None = None,
    outcomes: str | Path | None = None,
    baseline: str | Path | None = None,
    policy: str | Path | None = None,
    as_of: str | dt.date | None = None,
    *,
    midyear: bool = False,
) -> ReportContext:
    """Load the inputs of one report and score them.

    Parameters
    ----------
    plan, outcomes, baseline, policy : str or Path, optional
        As in :func:`resolve_inputs`; when ``outcomes`` is None the bundled illustrative
        figures are used (the mid-year ones when ``midyear`` is True), with the bundled
        baseline.
    as_of : str or datetime.date, optional
        The as-of date of a mid-year check; defaults to 30 June of the plan year when
        ``midyear`` is True.
    midyear : bool
        Prepare a mid-year check (progress against the trajectory).

    Returns
    -------
    ReportContext

    Examples
    --------
    >>> ctx = prepare()
    >>> ctx.illustrative, len(ctx.result.targets) == len(ctx.plan.targets)
    (True, True)
    """
    from .scoring import score

    def outcomes_loader(path: Path) -> Any:
        def load() -> pd.DataFrame:
            from .outcomes import load_outcomes

            return load_outcomes(path, loaded_plan)

        return load

    def plan_loader() -> Any:
        from .plan import load_plan

        return load_plan(plan_path)

    def policy_loader() -> Any:
        from .policy import load_policy

        return load_policy(policy_path)

    # Inside a build the files were loaded and checked already (see resolve_inputs);
    # reuse them when they have not changed since. Missing files are left to the loaders,
    # which say so in Chinese.
    cache = _read_cache()
    bundled = _path(outcomes) is None
    plan_path = _path(plan) or paths.DEFAULT_PLAN
    policy_path = _path(policy) or paths.DEFAULT_POLICY
    outcomes_path = _path(outcomes) or (
        paths.DEFAULT_MIDYEAR if midyear else paths.DEFAULT_OUTCOMES
    )
    baseline_path = _path(baseline) or (paths.DEFAULT_BASELINE if bundled else None)
    plan_key = ("plan", _key_or_none(plan_path))
    loaded_plan = _cached(cache, plan_key, plan_loader)
    loaded_policy = _cached(cache, ("policy", _key_or_none(policy_path)), policy_loader)
    frame = _cached(
        cache, ("outcomes", plan_key, _key_or_none(outcomes_path)), outcomes_loader(outcomes_path)
    )
    base = None
    if baseline_path is not None:
        key = ("outcomes", plan_key, _key_or_none(baseline_path))
        base = _cached(cache, key, outcomes_loader(baseline_path))
    when = None
    if midyear:
        when = str(as_of) if as_of else _default_as_of(loaded_plan.year)
    result = score(loaded_plan, frame, baseline=base, policy=loaded_policy, as_of=when)
    prov = collect_provenance(loaded_plan, frame, baseline=base, policy=loaded_policy, as_of=when)
    return ReportContext(loaded_plan, frame, base, loaded_policy, result, prov, when)


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
    """Say a target the way the plan does: ``50家以上``, ``较2021年下降``, ``创成省级…``.

    Parameters
    ----------
    row : dict or pandas.Series
        A row of ``plan.targets`` (``kind``, ``target_value``, ``unit``, …).

    Examples
    --------
    >>> target_text({"kind": "at_least", "target_value": 50.0, "unit": "家"})
    '50家以上'
    >>> target_text({"kind": "direction", "direction": "decrease", "baseline_year": 2021})
    '较2021年下降'
    """
    kind = row.get("kind")
    value = _num(row.get("target_value"))
    unit = _text(row.get("unit"))
    amount = f"{_fmt(value)}{unit}" if value is not None else ""
    if kind == "at_least":
        return f"{amount}以上"
    if kind in ("exact", "rate"):
        return amount
    if kind == "about":
        return f"{amount}左右"
    if kind == "at_most":
        return f"控制在{amount}以内"
    if kind == "zero":
        return "清零"
    if kind == "milestone":
        return f"达到「{_text(row.get('required_stage')) or '已完成'}」"
    if kind == "direction":
        word = "下降" if row.get("direction") == "decrease" else "上升"
        year = row.get("baseline_year")
        return f"较{int(year)}年{word}" if _num(year) is not None else f"同比{word}"
    if kind == "rank":
        peers = _text(row.get("rank_peers")) or "同类"
        return f"{peers}前{_fmt(value)}名" if value is not None else f"保持{peers}前列"
    return "定性评价"


#: Columns of the self-evaluation table, as self-evaluation forms name them.
SELF_EVALUATION_COLUMNS: tuple[str, ...] = (
    "板块",
    "序号",
    "目标",
    "目标值",
    "完成值",
    "完成率",
    "得分",
    "状态",
    "偏差原因",
    "改进措施",
    "佐证材料",
    "责任科室",
)


def self_evaluation_table(result: Any, plan: Any, section: str | None = None) -> pd.DataFrame:
    """Return the per-target self-evaluation table (目标 / 完成值 / 完成率 / 得分 / …).

    Plain values (not HTML): numbers stay numbers, ``完成率`` is a share (0.95), and the
    internal status code is kept in a hidden ``status`` column for colouring.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    section : str, optional
        Only this programme.

    Examples
    --------
    >>> ctx = prepare()
    >>> list(self_evaluation_table(ctx.result, ctx.plan).columns)[:4]
    ['板块', '序号', '目标', '目标值']
    """
    t = result.targets
    if section is not None:
        t = t[t["section"] == section]
    extra = plan.targets.set_index("target_id")
    rows = []
    for i, r in enumerate(t.itertuples(index=False), 1):
        p = extra.loc[r.target_id].to_dict() if r.target_id in extra.index else {}
        p.setdefault("kind", r.kind)
        actual = _num(r.actual)
        unit = _text(r.unit)
        stage_or_text = _text(getattr(r, "actual_text", ""))
        rows.append(
            {
                "板块": r.section_name,
                "序号": i,
                "目标": r.title,
                "目标值": target_text(p),
                "完成值": f"{_fmt(actual)}{unit}" if actual is not None else stage_or_text,
                "完成率": _num(r.ratio),
                "得分": _num(r.score),
                "状态": r.status_label,
                "偏差原因": _text(r.cause),
                "改进措施": _text(r.remedy),
                "佐证材料": _text(r.evidence),
                "责任科室": _text(r.office),
                "status": r.status,
            }
        )
    return pd.DataFrame(rows, columns=[*SELF_EVALUATION_COLUMNS, "status"])


def write_self_evaluation_xlsx(
    result: Any, plan: Any, path: str | Path, provenance: Provenance | None = None
) -> Path:
    """Write the self-evaluation table as a formatted Excel workbook.

    Chinese headers, column widths, a frozen header row, status fill colours, percentages
    formatted as such; a second sheet 说明 records the provenance.

    Parameters
    ----------
    result : ScoreResult
    plan : Plan
    path : str or Path
        The ``.xlsx`` file to write.
    provenance : Provenance, optional
        Written to the 说明 sheet.

    Returns
    -------
    Path
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .style import STATUS_COLORS

    table = self_evaluation_table(result, plan)
    wb = Workbook()
    ws = wb.active
    ws.title = "年终自评"
    columns = list(SELF_EVALUATION_COLUMNS)
    ws.append(columns)
    header_fill = PatternFill("solid", fgColor="1F5AA6")
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    status_col = columns.index("状态") + 1
    for record in table.itertuples(index=False):
        values = [getattr(record, c) if c in table.columns else None for c in columns]
        values = [None if isinstance(v, float) and math.isnan(v) else v for v in values]
        ws.append(values)
        row = ws.max_row
        colour = STATUS_COLORS.get(record.status, "#FFFFFF").lstrip("#").upper()
        ws.cell(row, status_col).fill = PatternFill("solid", fgColor=colour)
        ws.cell(row, columns.index("完成率") + 1).number_format = "0.0%"
        ws.cell(row, columns.index("得分") + 1).number_format = "0.0"
        for col in range(1, len(columns) + 1):
            ws.cell(row, col).alignment = Alignment(vertical="top", wrap_text=True)
    widths = {
        "板块": 14,
        "序号": 6,
        "目标": 36,
        "目标值": 18,
        "完成值": 16,
        "完成率": 9,
        "得分": 8,
        "状态": 10,
        "偏差原因": 36,
        "改进措施": 36,
        "佐证材料": 24,
        "责任科室": 12,
    }
    for i, name in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(i)].width = widths.get(name, 12)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    overall = result.overall
    notes = wb.create_sheet("说明")
    notes.append(["项目", "内容"])
    notes.append(["总分", _num(overall.get("score"))])
    notes.append(["等级", overall.get("grade")])
    notes.append(["数据覆盖（按权重）", _num(overall.get("coverage"))])
    notes.append(["保守口径总分（未报送按 0 分）", _num(overall.get("conservative_score"))])
    if provenance is not None:
        if provenance.illustrative:
            notes.append(["注意", "本表使用示例数据（虚构），不是官方统计"])
        for label, value in provenance.rows():
            notes.append([label, value])
    notes.column_dimensions["A"].width = 30
    notes.column_dimensions["B"].width = 90
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


def summary_dict(result: Any, provenance: Provenance | None = None) -> dict[str, Any]:
    """The JSON summary: overall, per programme, per target status, and provenance.

    Examples
    --------
    >>> ctx = prepare()
    >>> sorted(summary_dict(ctx.result, ctx.provenance))
    ['overall', 'provenance', 'sections', 'targets']
    """
    targets = result.targets[
        ["target_id", "section", "title", "status", "status_label", "actual", "ratio", "score"]
    ]
    sections = result.sections
    return {
        "overall": _plain(dict(result.overall)),
        "sections": _plain(sections.to_dict(orient="records")),
        "targets": _plain(targets.to_dict(orient="records")),
        "provenance": provenance.as_dict() if provenance is not None else None,
    }


def write_summary_json(result: Any, path: str | Path, provenance: Provenance | None = None) -> Path:
    """Write :func:`summary_dict` as UTF-8 JSON (Chinese kept readable)."""
    out = Path(path)
    out.write_text(
        json.dumps(summary_dict(result, provenance), ensure_ascii=False, indent=2, default=str),
        encoding="utf-8",
    )
    return out
