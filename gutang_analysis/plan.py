"""The plan as data: load and validate a plan file (``data/plans/*.yaml``).

A plan file lists a sub-district's yearly commitments, each traced to the exact words of
the published plan text. :func:`load_plan` validates the whole file and reports every
problem at once, in Chinese, naming the file, the entry and the field.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import _cache, paths
from ._frames import gc_paused
from ._validation import describe, expected_text, file_refusal, read_yaml_lines
from .errors import PlanError, Problem, UsageError
from .kinds import KINDS as _KINDS
from .kinds import kind_label, numeric_kinds
from .labels import COMPARATOR_LABELS
from .provenance import code_sha256
from .units import UnitRegistry, load_units

__all__ = [
    "COMPARATORS",
    "KINDS",
    "NUMERIC_KINDS",
    "RATINGS",
    "STAGES",
    "STRENGTHS",
    "TARGET_COLUMNS",
    "Plan",
    "UnknownTargetError",
    "load_plan",
]

#: Kinds of commitment and the comparators each accepts (the first is the default); the
#: registry in :mod:`gutang_analysis.kinds` is the one home of kinds.
COMPARATORS: dict[str, tuple[str, ...]] = {code: k.comparators for code, k in _KINDS.items()}
KINDS: tuple[str, ...] = tuple(COMPARATORS)
#: Kinds whose target is a number in a unit.
NUMERIC_KINDS: tuple[str, ...] = numeric_kinds()
#: Milestone stages, in order of progress.
STAGES: tuple[str, ...] = ("未启动", "推进中", "已完成", "已通过验收")
#: Qualitative ratings, best first.
RATINGS: tuple[str, ...] = ("好", "较好", "一般", "差")
STRENGTHS: tuple[str, ...] = ("确保", "力争", "争创")

TARGET_COLUMNS: tuple[str, ...] = (
    "target_id",
    "section",
    "section_name",
    "area",
    "title",
    "source_text",
    "kind",
    "comparator",
    "target_value",
    "unit",
    "strength",
    "deadline",
    "weight",
    "annual",
    "required_stage",
    "direction",
    "baseline_year",
    "group",
    "tolerance",
    "rank_peers",
    "draft",
    "confidence",
    "notes",
)

_ID = r"^[a-z0-9][a-z0-9_-]*$"
_QUOTE_EXPECTED = "计划原文中逐字出现的一段文字（含标点、引号）"


class _Strict(BaseModel):
    # .inf and .nan are not numbers a plan can promise or weigh
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


class _Meta(_Strict):
    id: str = Field(pattern=_ID)
    title: str = Field(min_length=1)
    year: int = Field(ge=2000, le=2100)
    issuer: str = Field(min_length=1)
    published: dt.date | None = None
    index_no: str | None = None
    source: str = Field(min_length=1)
    default_deadline: dt.date | None = None


class _Section(_Strict):
    id: str = Field(pattern=_ID)
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    title: str | None = None


class _Target(_Strict):
    id: str = Field(pattern=_ID)
    section: str = Field(min_length=1)
    area: str | None = None
    title: str = Field(min_length=1)
    source_text: str = Field(min_length=1)
    kind: str
    comparator: str | None = None
    target_value: float | None = None
    unit: str | None = None
    strength: Literal["确保", "力争", "争创"] | None = None
    deadline: dt.date | None = None
    weight: float = Field(default=1.0, ge=0)
    annual: bool = True
    required_stage: Literal["未启动", "推进中", "已完成", "已通过验收"] | None = None
    direction: Literal["decrease", "increase"] | None = None
    baseline_year: int | None = Field(default=None, ge=1900, le=2100)
    group: str | None = Field(default=None, pattern=_ID)
    tolerance: float | None = Field(default=None, gt=0, lt=1)
    rank_peers: str | None = None
    draft: bool = False
    confidence: Literal["high", "medium", "low"] | None = None
    notes: str | None = None

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in _KINDS:
            known = "、".join(f"{k}（{v.label}）" for k, v in _KINDS.items())
            raise ValueError("指标类型之一：" + known)
        return value

    @field_validator("target_value", "weight", "tolerance", "baseline_year", mode="before")
    @classmethod
    def _no_booleans(cls, value: object) -> object:
        if isinstance(value, bool):
            raise ValueError("数字（不是 true/false）")
        return value


class UnknownTargetError(UsageError, KeyError):
    """Raised by :meth:`Plan.target` for an id the plan does not have (also a KeyError)."""


@dataclass(frozen=True)
class Plan:
    """A validated plan: its metadata, programmes and commitments.

    Attributes
    ----------
    id, title, issuer : str
        Plan id (``gutang-2022``), title and issuing body (发布机构).
    year : int
        The plan year.
    published : datetime.date or None
        Publication date (发布日期).
    index_no : str or None
        Index number of the publication (索引号).
    path, source_path : Path
        The plan file and the plan text it quotes.
    source_text : str
        The full plan text.
    sections : pandas.DataFrame
        One row per programme: ``section, code, name, title, order``.
    targets : pandas.DataFrame
        One row per commitment, columns :data:`TARGET_COLUMNS`.
    units : UnitRegistry
        The unit registry the plan was validated against.

    Examples
    --------
    >>> plan = load_plan()
    >>> plan.issuer, plan.year
    ('古塘街道', 2022)
    >>> plan.target("econ-low-scattered-rectification")["target_value"]
    50.0
    """

    id: str
    title: str
    year: int
    issuer: str
    published: dt.date | None
    index_no: str | None
    path: Path
    source_path: Path
    source_text: str = field(repr=False)
    sections: pd.DataFrame = field(repr=False)
    targets: pd.DataFrame = field(repr=False)
    units: UnitRegistry = field(repr=False)

    @property
    def metadata(self) -> dict[str, Any]:
        """Plan metadata as a plain dict (for reports and provenance)."""
        return {
            "id": self.id,
            "title": self.title,
            "year": self.year,
            "issuer": self.issuer,
            "published": self.published.isoformat() if self.published else None,
            "index_no": self.index_no,
            "path": str(self.path),
            "source_path": str(self.source_path),
            "n_targets": len(self.targets),
        }

    def target(self, target_id: str) -> dict[str, Any]:
        """One commitment as a dict.

        Raises
        ------
        UnknownTargetError
            If the plan has no such target (a ``KeyError`` too); the Chinese message
            names the closest ids.

        Examples
        --------
        >>> load_plan().target("econ-fdi")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        gutang_analysis.plan.UnknownTargetError: 计划 gutang-2022 中没有目标编号“econ-fdi”：
          1. 字段“target_id”：值“econ-fdi”不符合要求，...；最接近的是 econ-fdi-utilised...
        """
        rows = self.targets[self.targets["target_id"] == target_id]
        if rows.empty:
            import difflib

            ids = [str(t) for t in self.targets["target_id"]]
            shown = str(target_id)[:80]
            # ids that contain what was typed (a prefix), then the most similar ones
            close = [t for t in ids if shown and shown in t]
            close += difflib.get_close_matches(shown, ids, n=3, cutoff=0.5)
            close = list(dict.fromkeys(close))[:3]
            hint = f"；最接近的是 {'、'.join(close)}" if close else ""
            raise UnknownTargetError(
                f"计划 {self.id} 中没有目标编号“{shown}”",
                [
                    Problem(
                        None,
                        None,
                        "target_id",
                        shown,
                        f"计划中的目标编号（共 {len(ids)} 个）{hint}",
                    )
                ],
            )
        return rows.iloc[0].to_dict()

    def _repr_html_(self) -> str:  # pragma: no cover - presentation only
        from html import escape

        counts = self.targets.groupby("section_name", sort=False).size()
        rows = "".join(
            f"<tr><td>{escape(str(k))}</td><td style='text-align:right'>{v}</td></tr>"
            for k, v in counts.items()
        )
        return (
            f"<div><b>{escape(self.title)}</b>（{escape(self.issuer)}，"
            f"{self.published or ''}，索引号 {escape(self.index_no or '—')}）："
            f"共 {len(self.targets)} 项目标"
            f"<table><tr><th>板块</th><th>目标数</th></tr>{rows}</table></div>"
        )


# ---------------------------------------------------------------------------------------
# loading


def _line_numbers(data: Any, lines_by_id: dict[int, int]) -> dict[tuple[str, int], int]:
    """Map (block, index) of list entries to their 1-based line in the YAML file."""
    lines: dict[tuple[str, int], int] = {}
    if not isinstance(data, dict):
        return lines
    for key, value in data.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                line = lines_by_id.get(id(item))
                if line is not None:
                    lines[(key, i)] = line
    return lines


#: Where a problem is: the text, or a function giving it (made only for a problem).
_Where = str | Callable[[], str] | None


class _Collector:
    """Collects problems for one file, naming entries the way the user sees them."""

    def __init__(self, file: str, lines: dict[tuple[str, int], int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def where(self, block: str, index: int, entry: Any) -> str:
        label = {"targets": "指标", "sections": "板块"}.get(block, block)
        ident = entry.get("id") if isinstance(entry, dict) else None
        name = f"{label} {ident}" if ident else f"{label}第 {index + 1} 项"
        line = self.lines.get((block, index))
        return f"{name}（第 {line} 行）" if line else name

    def add(self, where: _Where, fld: str | None, value: Any, expected: str) -> None:
        if callable(where):  # named only when there is a problem to name it in
            where = where()
        self.problems.append(Problem(self.file, where, fld, value, expected))

    def add_pydantic(self, where: _Where, exc: ValidationError, prefix: str = "") -> None:
        for err in exc.errors(include_url=False):
            loc = ".".join(str(p) for p in err["loc"])
            value = None if err["type"] == "missing" else err.get("input")
            if isinstance(value, dict | list):
                value = describe(value)
            self.add(
                where,
                prefix + loc if loc else prefix.rstrip(".") or None,
                value,
                expected_text(err),
            )


def _quote_expected(quote: str, text: str) -> str:
    """What a quote should be, with a hint when only its punctuation differs."""
    loose = quote.replace('"', "").replace("“", "").replace("”", "").replace("，", ",")
    plain = text.replace("“", "").replace("”", "")
    if loose and loose in plain:
        return (
            _QUOTE_EXPECTED + "；这段文字在原文中有，只是标点不同（原文用中文弯引号“”和英文逗号,）"
        )
    return _QUOTE_EXPECTED


def _default_comparator(kind: str, direction: str | None) -> str:
    if kind == "direction":
        return ">" if direction == "increase" else "<"
    return COMPARATORS[kind][0]


class _InOrder(str):
    """A plan text in which ``quote in text`` starts looking where the previous quote was
    found, then, only if it is not there, from the beginning.

    The quotes of a plan follow its text, so a plan of 100,000 targets is checked in one
    pass over its text instead of 100,000 (a minute for a 3 MB text); a quote out of order
    is still found.

    Examples
    --------
    >>> text = _InOrder("甲乙丙丁")
    >>> "丙" in text, "乙" in text, "戊" in text
    (True, True, False)
    """

    _at = 0

    def __contains__(self, quote: object) -> bool:
        if not isinstance(quote, str):
            return super().__contains__(quote)  # type: ignore[operator]
        i = self.find(quote, self._at)
        if i < 0:
            i = self.find(quote)
        if i < 0:
            return False
        self._at = i
        return True


def _check_target(
    t: _Target, where: _Where, col: _Collector, text: str, units: UnitRegistry, year: int
) -> dict[str, Any]:
    """Kind-specific checks; returns the normalised row."""
    # the fields as model_dump gives them (flat: no nested model), without its cost
    row = dict(t.__dict__)
    kind = t.kind
    if text and t.source_text not in text:
        col.add(where, "source_text", t.source_text, _quote_expected(t.source_text, text))
    if t.comparator is not None and t.comparator not in COMPARATORS[kind]:
        col.add(
            where,
            "comparator",
            t.comparator,
            f"{kind_label(kind)}类（{kind}）目标可用的比较符："
            + " 或 ".join(f"{c}（{COMPARATOR_LABELS.get(c, c)}）" for c in COMPARATORS[kind]),
        )
    spec = _KINDS[kind]
    if spec.numeric:
        if t.target_value is None and spec.value_required:
            col.add(where, "target_value", None, f"{spec.label}类（{kind}）目标的目标数值")
        if t.unit is None:
            col.add(where, "unit", None, f"{spec.label}类（{kind}）目标的计量单位，如 家、亿元、%")
    if t.unit is not None:
        if not units.known(t.unit):
            col.add(where, "unit", t.unit, units._expected())
        else:
            row["unit"] = units.canonical(t.unit)
            family = spec.unit_family
            if family is not None and units.family(t.unit) != family:
                col.add(
                    where,
                    "unit",
                    t.unit,
                    f"{spec.label}类（{kind}）目标的{units.family_label(family)}单位，"
                    f"如 {'、'.join(units.units_in_family(family)[:3])}",
                )
    if kind == "zero":
        if t.target_value not in (None, 0):
            col.add(where, "target_value", t.target_value, "清零类（zero）目标的目标值 0")
        row["target_value"] = 0.0
    if kind == "rate" and t.target_value is not None and not 0 <= t.target_value <= 100:
        col.add(where, "target_value", t.target_value, "0 到 100 之间的百分数")
    if t.target_value is not None and t.target_value < 0:
        col.add(where, "target_value", t.target_value, "不小于 0 的数")
    if kind == "direction":
        if t.direction is None:
            col.add(where, "direction", None, "同比方向：decrease（下降）或 increase（上升）")
        elif t.comparator is not None and t.comparator != _default_comparator(kind, t.direction):
            col.add(
                where,
                "comparator",
                t.comparator,
                f"与 direction: {t.direction} 一致的比较符 "
                f"{_default_comparator(kind, t.direction)}",
            )
        row["baseline_year"] = t.baseline_year or year - 1
    if kind == "milestone":
        row["required_stage"] = t.required_stage or "已完成"
    if kind == "about" and row["tolerance"] is None:
        row["tolerance"] = None  # the policy's tolerance applies
    row["comparator"] = t.comparator or _default_comparator(kind, t.direction)
    return row


#: Files people pass to load_plan by mistake, and what they are (never read or echoed).
_NOT_PLAN_FILES: dict[str, str] = {
    ".csv": "CSV 表格文件",
    ".xlsx": "Excel 表格文件",
    ".xls": "Excel 表格文件",
    ".txt": "文本文件（计划原文请用 gutang-review new 起草目标清单）",
    ".docx": "Word 文件",
    ".doc": "Word 文件",
    ".pdf": "PDF 文件",
    ".json": "JSON 文件",
}


def load_plan(path: str | Path | None = None) -> Plan:
    """Load and validate a plan file.

    Parameters
    ----------
    path : str or Path, optional
        A plan file in the format of ``docs/plan-format.md``, or a plan folder (its
        ``plan.yaml``). A ``units.yaml`` beside the plan file adds the plan's own units
        to the package registry. Defaults to the bundled example
        (``data/plans/gutang-2022/``).

    Returns
    -------
    Plan
        The plan, with ``.targets`` (one row per commitment) and ``.sections``.

    Raises
    ------
    PlanError
        If the file is missing or invalid. Every problem is listed at once, naming the
        file, the entry (with its line), the field, the value and what was expected.

    Examples
    --------
    >>> plan = load_plan()
    >>> plan.title
    '古塘街道2022年工作安排'
    >>> fdi = plan.target("econ-fdi-utilised")
    >>> fdi["target_value"], fdi["unit"], fdi["strength"]
    (300.0, '万美元', '确保')
    """
    # a dict, a model and a row per target: millions of small objects, none in a cycle
    with gc_paused():
        return _read_plan(Path(path) if path is not None else paths.DEFAULT_PLAN)


def _read_plan(p: Path) -> Plan:
    """:func:`load_plan` of the plan file or folder ``p``."""
    if p.suffix.lower() in _NOT_PLAN_FILES and p.is_file():
        raise PlanError(
            "这不是计划文件",
            [
                Problem(
                    str(p)[-80:],
                    None,
                    None,
                    _NOT_PLAN_FILES[p.suffix.lower()],
                    "计划文件（plan.yaml）或计划文件夹；"
                    "完成情况表用 load_outcomes(文件, 计划) 读取",
                )
            ],
        )
    if p.is_dir():  # a plan folder
        if not (p / "plan.yaml").is_file():
            raise PlanError(
                "找不到计划文件",
                [
                    Problem(
                        str(p), None, None, "是文件夹，其中没有 plan.yaml", "计划文件或计划文件夹"
                    )
                ],
            )
        p = p / "plan.yaml"
    extra = p.parent / "units.yaml"
    # anything at that name is read, so that a pipe, a device, a folder or a link to
    # nothing is an error naming it, never a plan without its own units
    extra_units = extra if os.path.lexists(extra) else None
    key = _cache_key(p, extra_units)
    if key is not None:
        cached = _cached_plan(p, key, extra_units)
        if cached is not None:
            return cached
    plan, payload = _parse_plan(p, extra_units)
    if key is not None and _cache_key(p, extra_units) == key:  # unchanged while parsed
        _cache.write(_CACHE_KIND, key, payload)
    return plan


#: A plan file at least this large is kept, validated, in the cache (one of 5,000 targets
#: is about 1 MB and takes a few tenths of a second to parse and validate; a smaller one
#: is read faster than its cache entry would be looked up and written).
_CACHE_MIN_BYTES = 1024 * 1024
_CACHE_KIND = "plans"


#: The largest plan text read: a year's work plan is tens of kilobytes (``new`` drafts
#: from at most 2 MB); a plan of 100,000 generated targets quotes a few megabytes.
MAX_SOURCE_BYTES = 20 * 1024 * 1024


def _read_source(path: Path) -> tuple[str | None, str | None]:
    """The plan text at ``path`` and ``None``; or ``None`` and why it cannot be read, in
    Chinese. A pipe, a device, a folder or an oversized file is never read (it would hang
    or fill the memory).

    Examples
    --------
    >>> import os
    >>> _read_source(Path(os.devnull))[1]
    '设备、管道或指向它们的链接，不是普通文件'
    """
    refused = file_refusal(path, MAX_SOURCE_BYTES)
    if refused is not None:
        return None, refused[0]
    try:
        return path.read_text(encoding="utf-8-sig"), None
    except FileNotFoundError:
        return None, "文件不存在"
    except UnicodeDecodeError:
        return None, "不是 UTF-8 编码的文本"
    except OSError:
        return None, "文件无法打开（请检查文件权限）"


def _cache_key(p: Path, extra_units: Path | None) -> str | None:
    """The cache key of plan file ``p``: the SHA-256 of its bytes, of the unit files and of
    the package's code; ``None`` for a small or unreadable file (it is parsed).

    The plan text it quotes is named in the plan, so its digest is kept in the entry and
    compared when the entry is used (:func:`_cached_plan`)."""
    try:
        if p.stat().st_size < _CACHE_MIN_BYTES:
            return None
        if extra_units is not None and not extra_units.is_file():
            return None  # never read a pipe here: it is parsed, and refused by name, there
        units = extra_units.read_bytes() if extra_units is not None else b""
        return _cache.digest(code_sha256(), p.read_bytes(), paths.UNITS_FILE.read_bytes(), units)
    except OSError:
        return None


def _cached_plan(p: Path, key: str, extra_units: Path | None) -> Plan | None:
    """The plan kept under ``key`` by an earlier :func:`_parse_plan` of the same bytes, or
    ``None`` (nothing kept, an entry that cannot be read, a plan text that changed)."""
    entry = _cache.read(_CACHE_KIND, key)
    try:
        meta = _Meta.model_validate(entry["meta"])  # type: ignore[index]
        sections = [_Section.model_validate(s) for s in entry["sections"]]  # type: ignore[index]
        columns: dict[str, list[Any]] = entry["targets"]  # type: ignore[index]
        source_path = (p.parent / meta.source.strip()).resolve()
        text, _why = _read_source(source_path)
        if text is None or _cache.digest(text) != entry["source_sha256"]:  # type: ignore[index]
            return None
        columns["deadline"] = [
            dt.date.fromisoformat(d) if d is not None else None for d in columns["deadline"]
        ]
        targets = pd.DataFrame(columns)
        if list(targets.columns) != list(_Target.model_fields) or targets.empty:
            return None
    except (TypeError, KeyError, ValueError, AttributeError, OSError, ValidationError):
        return None  # parsed again: what an entry holds is never trusted unread
    units = load_units(extra=extra_units)
    return _assemble(p, meta, sections, targets, text, source_path, units)


def _parse_plan(p: Path, extra_units: Path | None) -> tuple[Plan, dict[str, Any]]:
    """Parse and validate plan file ``p``: the plan, and what :func:`_cached_plan` needs
    to make it again without parsing."""
    shown = str(p)
    data, lines_by_id = read_yaml_lines(p, PlanError, "计划文件")
    col = _Collector(shown, _line_numbers(data, lines_by_id))

    if not isinstance(data, dict):
        raise PlanError(
            "计划文件格式不对",
            [
                Problem(
                    shown,
                    None,
                    None,
                    describe(data),
                    "含 plan、sections、targets 三部分的映射（键: 值）",
                )
            ],
        )
    for key in ("plan", "sections", "targets"):
        if key not in data:
            col.add(None, key, None, f"顶层的 {key} 部分")
    unknown = sorted(set(data) - {"plan", "sections", "targets", "format_version"})
    for key in unknown:
        col.add(None, key, key, "顶层只含 format_version、plan、sections、targets")
    if data.get("format_version", 1) != 1:
        col.add(None, "format_version", data.get("format_version"), "1")

    meta: _Meta | None = None
    if isinstance(data.get("plan"), dict):
        try:
            meta = _Meta.model_validate(data["plan"])
        except ValidationError as exc:
            col.add_pydantic("plan 部分", exc, "plan.")
    elif "plan" in data:
        col.add(
            "plan 部分", "plan", describe(data["plan"]), "计划元数据的键值对（id、title、year…）"
        )

    text = ""
    source_path = p.parent
    raw_meta = data.get("plan") if isinstance(data.get("plan"), dict) else {}
    source = meta.source if meta is not None else raw_meta.get("source")
    if isinstance(source, str) and source.strip():
        # checked even when other metadata is wrong, so one round lists every problem
        source_path = (p.parent / source.strip()).resolve()
        read, why = _read_source(source_path)
        if read is None:
            col.add(
                "plan 部分",
                "plan.source",
                f"{source}（{why}）",
                "计划原文文本文件的路径（相对于本文件，UTF-8 编码，"
                "保存在磁盘上、不超过 20 MB 的普通文件）",
            )
        else:
            text = read

    sections: list[_Section] = []
    raw_sections = data.get("sections")
    if raw_sections is not None and not isinstance(raw_sections, list):
        col.add(None, "sections", describe(raw_sections), "板块列表（每项以“- ”开头）")
        raw_sections = []
    for i, entry in enumerate(raw_sections or []):
        where = col.where("sections", i, entry)
        if not isinstance(entry, dict):
            col.add(where, None, describe(entry), "含 id、code、name 的键值对")
            continue
        try:
            sections.append(_Section.model_validate(entry))
        except ValidationError as exc:
            col.add_pydantic(where, exc)
    section_ids = [s.id for s in sections]
    for sid in {s for s in section_ids if section_ids.count(s) > 1}:
        col.add("sections", "id", sid, "不重复的板块编号")
    if "sections" in data and not sections and not col.problems:
        col.add(None, "sections", None, "至少一个板块")

    units = load_units(extra=extra_units)
    year = meta.year if meta else 0
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}  # id -> index of the first target with it
    raw_targets = data.get("targets")
    if raw_targets is not None and not isinstance(raw_targets, list):
        col.add(None, "targets", describe(raw_targets), "目标列表（每项以“- ”开头）")
        raw_targets = None
    elif "targets" in data and not raw_targets:
        col.add(None, "targets", None, "至少一项目标")
    quoted = _InOrder(text)  # the quotes are looked up from where the last one was
    for i, entry in enumerate(raw_targets or []):
        # the entry's name and line, worked out only for a problem (100,000 targets)
        where = partial(col.where, "targets", i, entry)
        if not isinstance(entry, dict):
            col.add(
                where,
                None,
                describe(entry),
                "含 id、section、title、source_text、kind 等字段的键值对",
            )
            continue
        # checks that need only the raw entry run even when a field has the wrong form,
        # so one typo does not hide the entry's other problems
        tid, section, quote = entry.get("id"), entry.get("section"), entry.get("source_text")
        if isinstance(tid, str):
            if tid in seen:
                first = col.where("targets", seen[tid], raw_targets[seen[tid]])
                col.add(where, "id", tid, f"不重复的指标编号（已在 {first} 使用）")
            seen.setdefault(tid, i)
        if section_ids and isinstance(section, str) and section not in section_ids:
            known = "、".join(section_ids)
            col.add(where, "section", section, f"sections 中已定义的板块编号：{known}")
        try:
            t = _Target.model_validate(entry)
        except ValidationError as exc:
            col.add_pydantic(where, exc)
            if text and isinstance(quote, str) and quote.strip() and quote.strip() not in quoted:
                col.add(where, "source_text", quote, _quote_expected(quote.strip(), text))
            continue
        # without a text (reported via plan.source) the quotes are not checked, the rest is
        row = _check_target(t, where, col, quoted, units, year)
        rows.append(row)

    if rows and not col.problems and all(row["weight"] == 0 for row in rows):
        for i, row in enumerate(rows):
            col.add(
                col.where("targets", i, {"id": row["id"]}),
                "weight",
                row["weight"],
                "大于 0 的权重：所有目标的权重不能全为 0（否则无法计算总分）",
            )
    total = sum(float(row["weight"]) for row in rows)
    if rows and not col.problems and not math.isfinite(total * 100):
        # each weight is finite, but their sum (or a score times it) overflows: the total
        # would silently be "no target has data"
        heavy = sorted(range(len(rows)), key=lambda i: -float(rows[i]["weight"]))[:3]
        for i in heavy:
            col.add(
                col.where("targets", i, {"id": rows[i]["id"]}),
                "weight",
                rows[i]["weight"],
                "合理大小的权重：全部权重之和须是有限的数（各项权重一般为 1～3；"
                "这些权重过大，相加或乘以得分后超出了数值范围，请改小）",
            )
    if col.problems:
        n = len(col.problems)
        raise PlanError(f"计划文件 {shown} 有 {n} 处问题，请逐一修改后重试", col.problems)
    assert meta is not None
    plan = _assemble(p, meta, sections, pd.DataFrame(rows), text, source_path, units)
    columns = {name: [row[name] for row in rows] for name in _Target.model_fields}
    columns["deadline"] = [d.isoformat() if d is not None else None for d in columns["deadline"]]
    payload = {
        "meta": meta.model_dump(mode="json"),
        "sections": [s.model_dump(mode="json") for s in sections],
        "source_sha256": _cache.digest(text),
        "targets": columns,
    }
    return plan, payload


def _assemble(
    p: Path,
    meta: _Meta,
    sections: list[_Section],
    rows: pd.DataFrame,
    text: str,
    source_path: Path,
    units: UnitRegistry,
) -> Plan:
    """The plan of validated metadata, sections and target rows (one column per field of
    :class:`_Target`, as checked), parsed now or kept in the cache."""
    names = {s.id: s.name for s in sections}
    targets = rows.rename(columns={"id": "target_id"})
    targets["section_name"] = targets["section"].map(names)
    default_deadline = meta.default_deadline or dt.date(meta.year, 12, 31)
    targets["deadline"] = pd.to_datetime(targets["deadline"].fillna(default_deadline))
    targets["target_value"] = targets["target_value"].astype("float64")
    targets["weight"] = targets["weight"].astype("float64")
    targets["baseline_year"] = targets["baseline_year"].astype("Int64")
    targets = targets[list(TARGET_COLUMNS)]
    section_frame = pd.DataFrame(
        [
            {"section": s.id, "code": s.code, "name": s.name, "title": s.title, "order": k}
            for k, s in enumerate(sections)
        ],
        columns=["section", "code", "name", "title", "order"],
    )
    return Plan(
        id=meta.id,
        title=meta.title,
        year=meta.year,
        issuer=meta.issuer,
        published=meta.published,
        index_no=meta.index_no,
        path=p.resolve(),
        source_path=source_path,
        source_text=text,
        sections=section_frame,
        targets=targets,
        units=units,
    )
