"""Owners and nodes of a plan's targets: the 分解表 (task decomposition sheet) and ``owners.yaml``.

Supervision (督查督办) needs, for every target, who answers for it and what should be
done by when:

- 牵头领导 (``lead``), 责任科室 (``office``, the office that reports it), 配合科室
  (``partners``);
- optional nodes (节点): a date within the plan year and what is required by then, a
  number in the target's unit (``150``, ``150万美元``) for numeric targets, or a stage
  (``推进中``) for milestones. Targets judged against a baseline, a rank or a rating
  (direction, rank, qualitative) take no nodes.

The plan folder keeps them as ``owners.yaml``::

    format_version: 1
    plan: gutang-2022
    offices: [经济发展办公室, 社会事务办公室]      # optional: every office expected to report
    targets:
      - id: econ-fdi-utilised
        lead: 王某某（副主任）
        office: 招商服务中心
        partners: [经济发展办公室]
        nodes:
          - {date: 2022-06-30, value: 120}
          - {date: 2022-09-30, value: 200}

:func:`write_decomposition` writes the 分解表 workbook for offices to fill in (grey plan
columns, fill-in columns, stage drop-downs); :func:`read_decomposition` reads it back and
:func:`save_owners` writes ``owners.yaml``; :func:`load_owners` reads and checks that file.
Every problem is listed at once, in Chinese: unknown target ids, dates outside the plan
year or after the target's deadline, a value in the wrong unit, unknown stage names, nodes
that do not increase.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from ._files import write_atomic
from ._validation import read_yaml
from ._xlsx import fit_a4, save_workbook, write_text_cell
from .errors import GutangError, Problem, QuantityError
from .kinds import format_amount, get_kind, is_ceiling, kind_label, target_phrase
from .numbers import is_not_reported, normalize_text, to_unit
from .outcomes import ILLUSTRATIVE_MARK, STAGE_SYNONYMS, STAGES, _parse_date, read_sheet
from .workspace import OWNERS_FILE, PlanFolder, find_folder

if TYPE_CHECKING:
    from .plan import Plan

__all__ = [
    "MAX_OFFICE_NAME",
    "NODE_COLUMNS",
    "OWNERS_FILE",
    "Assignment",
    "Node",
    "Owners",
    "OwnersError",
    "load_owners",
    "node_style",
    "office_clashes",
    "office_file_stem",
    "office_name_problem",
    "owners_beside",
    "owners_of_folder",
    "owners_text",
    "read_decomposition",
    "save_owners",
    "shortfall_owners",
    "unassigned_targets",
    "write_decomposition",
]

#: The owners file in a plan folder.
#: Node column pairs in the 分解表 (a YAML file may list more nodes).
NODE_COLUMNS = 4
#: The sheet of the 分解表 workbook that is read back.
SHEET = "分解表"
#: The machine-read line under the title (which plan the workbook belongs to).
MARK = "计划编号：{plan_id}；分解表"
_MARK = re.compile(r"计划编号[：:]\s*([a-z0-9][a-z0-9_-]*)\s*[；;]\s*分解表")

_SPLIT = re.compile(r"[、，,；;／/\s]+")


class OwnersError(GutangError):
    """A 分解表 or ``owners.yaml`` with mistakes (every problem listed)."""


def node_style(kind: object) -> str | None:
    """How a target of ``kind`` takes nodes: ``"value"``, ``"stage"`` or None (no nodes).

    Examples
    --------
    >>> node_style("at_least"), node_style("milestone"), node_style("rank")
    ('value', 'stage', None)
    """
    found = get_kind(kind)
    return found.nodes if found is not None else None


def _decreasing(t: Mapping[str, Any]) -> bool:
    """Whether a target's nodes should fall over the year (清零, a ceiling on a level)."""
    kind = t.get("kind")
    if is_ceiling(t) and kind != "at_most":
        return True
    if kind == "at_most":
        annual = t.get("annual")
        return (
            annual is not None
            and not (isinstance(annual, float) and math.isnan(annual))
            and not bool(annual)
        )
    return False


@dataclass(frozen=True)
class Node:
    """What a target requires by a date: a value in its unit, or a stage.

    Examples
    --------
    >>> Node(dt.date(2022, 6, 30), value=120.0).describe("万美元")
    '2022-06-30 前达到 120万美元'
    >>> Node(dt.date(2022, 9, 30), stage="已完成").describe(None)
    '2022-09-30 前达到“已完成”'
    """

    date: dt.date
    value: float | None = None
    stage: str | None = None

    def describe(self, unit: str | None) -> str:
        """The node in Chinese, as the 督查台账 shows it."""
        if self.stage is not None:
            return f"{self.date.isoformat()} 前达到“{self.stage}”"
        return f"{self.date.isoformat()} 前达到 {format_amount(float(self.value or 0))}{unit or ''}"

    def as_yaml(self) -> dict[str, Any]:
        out: dict[str, Any] = {"date": self.date}
        if self.stage is not None:
            out["stage"] = self.stage
        else:
            v = float(self.value or 0.0)
            out["value"] = int(v) if v.is_integer() else v
        return out


@dataclass(frozen=True)
class Assignment:
    """The owners and nodes of one target."""

    target_id: str
    lead: str | None = None
    office: str | None = None
    partners: tuple[str, ...] = ()
    nodes: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Owners:
    """A plan's owners file, checked.

    Attributes
    ----------
    plan_id : str
    assignments : dict
        :class:`Assignment` by target id, in plan order.
    offices : tuple of str
        Every office expected to report: those listed under ``offices`` and every
        责任科室, in order of first appearance.
    path : Path or None
    illustrative : bool
        The file says 示例数据 (invented owners and nodes).

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> from gutang_analysis.plan import load_plan
    >>> owners = load_owners(paths.EXAMPLE_FOLDER / OWNERS_FILE, load_plan())
    >>> owners.office_of("econ-fdi-utilised"), owners.illustrative
    ('招商服务中心', True)
    """

    plan_id: str
    assignments: dict[str, Assignment]
    offices: tuple[str, ...] = ()
    path: Path | None = None
    illustrative: bool = False

    def get(self, target_id: str) -> Assignment | None:
        return self.assignments.get(target_id)

    def office_of(self, target_id: str) -> str | None:
        a = self.assignments.get(target_id)
        return a.office if a is not None else None

    def targets_of(self, office: str) -> list[str]:
        """The targets an office answers for (责任科室), in plan order."""
        return [t for t, a in self.assignments.items() if a.office == office]

    def frame(self) -> pd.DataFrame:
        """One row per assigned target: ``target_id, lead, office, partners, nodes``."""
        rows = [
            {
                "target_id": a.target_id,
                "lead": a.lead,
                "office": a.office,
                "partners": "、".join(a.partners) or None,
                "nodes": len(a.nodes),
            }
            for a in self.assignments.values()
        ]
        return pd.DataFrame(rows, columns=["target_id", "lead", "office", "partners", "nodes"])


# ---------------------------------------------------------------------------------------
# checking (shared by the YAML file and the workbook)

#: The longest office name accepted, in characters; it becomes a file name
#: (``outcomes/2022-09-30/经济发展办公室.xlsx``), so it is also held under
#: :data:`MAX_OFFICE_NAME_BYTES` bytes of UTF-8. docs/supervision.md states the limit.
MAX_OFFICE_NAME = 40
MAX_OFFICE_NAME_BYTES = 120
# what a file name on Windows or Linux cannot hold, and what would hide the file
_NAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|]')
_NAME_CONTROL = re.compile(
    r"[\x00-\x1f\x7f-\x9f\xad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
# names Windows keeps for devices: ``CON.xlsx`` cannot be created there
_NAME_RESERVED = re.compile(r"(?i)(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\..*)?")


def office_name_problem(name: str) -> str | None:
    """What an office name must be, in Chinese, when ``name`` is not one; else None.

    An office name becomes a file name: no path separators or characters a file name
    cannot hold, no ``..``, no control characters (line separators and invisible format
    characters included), no spaces before or after, not starting with ``.`` or ``~$``
    (an Excel lock file, never read), not a device name Windows reserves (``CON``),
    at most :data:`MAX_OFFICE_NAME` characters.

    Examples
    --------
    >>> office_name_problem("经济发展办公室") is None
    True
    >>> office_name_problem("../evil").startswith("科室名称：不含 /")
    True
    >>> office_name_problem("科室" + chr(7))
    '科室名称：不含控制字符（响铃、换行、方向控制符等）'
    >>> office_name_problem("~$经发办")
    '科室名称：不以“~$”开头（这样的文件会被当作 Excel 的临时文件而不读取）'
    >>> office_name_problem("科室" + chr(0x2028)) is None, office_name_problem("Con") is None
    (False, False)
    """
    if not name:
        return "科室名称：非空文字"
    if _NAME_FORBIDDEN.search(name) or ".." in name:
        return '科室名称：不含 / \\ : * ? " < > | 等文件名不能用的字符，不含“..”'
    if _NAME_CONTROL.search(name):
        return "科室名称：不含控制字符（响铃、换行、方向控制符等）"
    if name != name.strip() or name != name.strip("\u3000"):
        return "科室名称：前后没有空格（请删除名称前后的空格）"
    if name.startswith("."):
        return "科室名称：不以“.”开头（这样的文件会被当作隐藏文件）"
    if name.startswith("~$"):
        return "科室名称：不以“~$”开头（这样的文件会被当作 Excel 的临时文件而不读取）"
    if _NAME_RESERVED.fullmatch(name):
        return "科室名称：不是 CON、PRN、AUX、NUL、COM1、LPT1 等 Windows 保留的设备名"
    if len(name) > MAX_OFFICE_NAME or len(name.encode("utf-8")) > MAX_OFFICE_NAME_BYTES:
        return f"科室名称：不超过 {MAX_OFFICE_NAME} 个字（用科室的规范简称）"
    return None


def office_file_stem(name: str) -> str:
    """The part of a file name an office name gives (spaces become ``-``).

    Examples
    --------
    >>> office_file_stem("城建 规划办")
    '城建-规划办'
    """
    return re.sub(r"\s+", "-", name.strip()).strip("-.") or "office"


def office_clashes(names: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    """Pairs of distinct office names that give one file name (``a b`` and ``a-b``;
    ``ABC`` and ``abc`` on a file system that ignores case).

    Examples
    --------
    >>> office_clashes(["a b", "a-b", "经发办"])
    [('a b', 'a-b')]
    """
    seen: dict[str, str] = {}
    clashes = []
    for name in dict.fromkeys(names):
        key = office_file_stem(name).casefold()
        if key in seen:
            clashes.append((seen[key], name))
        else:
            seen[key] = name
    return clashes


def _office_problems(names: list[tuple[str, str | None, str, Any]], shown: str) -> list[Problem]:
    """Problems of office names ``(name, where, field, raw)`` and of names that clash."""
    problems = []
    for _name, where, field_, raw in names:
        if isinstance(raw, str):
            bad = office_name_problem(raw)
            if bad is not None:
                problems.append(Problem(shown, where, field_, repr(raw), bad))
    good = [
        n for n, _, _, raw in names if isinstance(raw, str) and office_name_problem(raw) is None
    ]
    problems += [_clash_problem(shown, a, b) for a, b in office_clashes(good)]
    return problems


def _clash_problem(shown: str, a: str, b: str) -> Problem:
    return Problem(
        shown,
        None,
        "科室名称",
        f"“{a}”与“{b}”",
        f"各不相同的科室名称：两者对应同一个文件名 {office_file_stem(b)}.xlsx，"
        "报告会互相覆盖（请统一为同一个名称，或改用可区分的名称）",
    )


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _names(value: Any) -> tuple[str, ...] | None:
    """Office names from a list or a 、-separated text; None when the shape is wrong."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(p for p in _SPLIT.split(value.strip()) if p)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.strip() for v in value if v.strip())
    return None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip():
        return _parse_date(value.strip())
    return None


def _stage(text: str) -> str | None:
    s = normalize_text(text).replace(" ", "")
    if s in STAGES:
        return s
    return STAGE_SYNONYMS.get(s)


@dataclass
class _Entry:
    """One target's entry as read (YAML item or workbook row), before checking."""

    where: str
    target_id: Any
    lead: Any = None
    office: Any = None
    partners: Any = None
    nodes: list[tuple[str, Any, Any, Any]] = field(
        default_factory=list
    )  # (label, date, value, stage)
    extra: list[str] = field(default_factory=list)


def _check(
    entries: list[_Entry],
    plan: Plan,
    shown: str,
    fields: Callable[[str], str],
) -> tuple[dict[str, Assignment], list[Problem]]:
    """Check every entry; return the assignments and every problem found."""
    problems: list[Problem] = []
    targets = {str(t["target_id"]): t for t in plan.targets.to_dict("records")}
    year = int(plan.year)
    found: dict[str, Assignment] = {}
    seen: dict[str, str] = {}
    names: list[tuple[str, str | None, str, Any]] = []  # every office name, where it is

    for e in entries:

        def add(field_: str, value: Any, expected: str, where: str = e.where) -> None:
            problems.append(Problem(shown, where, field_, value, expected))

        for key in e.extra:
            add(key, key, "以下之一：id、lead、office、partners、nodes")
        tid = _text(e.target_id)
        if tid is None:
            add(fields("id"), None, "计划中的指标编号")
            continue
        t = targets.get(tid)
        if t is None:
            near = difflib.get_close_matches(tid, list(targets), n=1)
            hint = f"（是否为 {near[0]}？）" if near else ""
            add(fields("id"), tid, f"计划 {plan.id} 中的指标编号{hint}")
            continue
        if tid in seen:
            add(fields("id"), tid, f"每项指标只出现一次（{seen[tid]}已有此指标）")
            continue
        seen[tid] = e.where
        lead, office = e.lead, e.office
        for key, value in (("lead", lead), ("office", office)):
            if value is not None and not isinstance(value, str | int | float):
                add(fields(key), value, "文字")
        partners = _names(e.partners)
        if partners is None:
            add(fields("partners"), e.partners, "科室名称的列表，或用顿号分隔的文字")
            partners = ()
        if isinstance(office, str):
            names.append((office.strip(), e.where, fields("office"), office))
        for partner in partners:
            names.append((partner, e.where, fields("partners"), partner))
        nodes = _check_nodes(e, t, year, plan, fields, add)
        found[tid] = Assignment(
            tid,
            _text(lead) if isinstance(lead, str | int | float) else None,
            _text(office) if isinstance(office, str | int | float) else None,
            partners,
            tuple(nodes),
        )
    problems += _office_problems(names, shown)
    # keep plan order
    ordered = {tid: found[tid] for tid in targets if tid in found}
    return ordered, problems


def _check_nodes(
    e: _Entry,
    t: Mapping[str, Any],
    year: int,
    plan: Plan,
    fields: Callable[[str], str],
    add: Callable[..., None],
) -> list[Node]:
    style = node_style(t.get("kind"))
    unit = _text(t.get("unit"))
    deadline = pd.Timestamp(t.get("deadline")).date() if t.get("deadline") is not None else None
    deadline = deadline or dt.date(year, 12, 31)
    nodes: list[Node] = []
    for label, raw_date, raw_value, raw_stage in e.nodes:
        if style is None:
            add(
                fields(f"{label}.date"),
                _text(raw_date) or _text(raw_value) or _text(raw_stage),
                f"不填：{_kind_label(t)}目标按基期、名次或评定判断，不设节点",
            )
            continue
        day = _date(raw_date)
        ok = True
        if raw_date is None or (isinstance(raw_date, str) and not raw_date.strip()):
            add(fields(f"{label}.date"), None, f"节点日期，{year} 年内，写作 {year}-06-30")
            ok = False
        elif day is None:
            add(fields(f"{label}.date"), raw_date, f"节点日期，写作 {year}-06-30")
            ok = False
        elif day.year != year:
            add(fields(f"{label}.date"), day.isoformat(), f"计划年度 {year} 年内的日期")
            ok = False
        elif day > deadline:
            add(
                fields(f"{label}.date"),
                day.isoformat(),
                f"不晚于该目标截止日期 {deadline.isoformat()} 的日期",
            )
            ok = False
        value, stage = None, None
        given_value = raw_value is not None and not (
            isinstance(raw_value, str) and not raw_value.strip()
        )
        given_stage = raw_stage is not None and not (
            isinstance(raw_stage, str) and not raw_stage.strip()
        )
        if given_value and given_stage:
            add(fields(f"{label}.value"), f"{raw_value}／{raw_stage}", "数值或阶段，只填一个")
            continue
        if not given_value and not given_stage:
            what = "阶段（" + "、".join(STAGES) + "）" if style == "stage" else _unit_hint(unit)
            add(fields(f"{label}.value"), None, f"节点要求：{what}")
            continue
        if style == "stage":
            text = _text(raw_stage if given_stage else raw_value) or ""
            stage = _stage(text)
            if stage is None:
                add(
                    fields(f"{label}.stage"),
                    text,
                    "节点类目标的阶段，以下之一：" + "、".join(STAGES),
                )
                continue
        else:
            if given_stage or (isinstance(raw_value, str) and _stage(raw_value)):
                add(
                    fields(f"{label}.stage"),
                    raw_stage if given_stage else raw_value,
                    f"数值（{_kind_label(t)}目标的节点要求是数值，{_unit_hint(unit)}）",
                )
                continue
            try:
                if isinstance(raw_value, bool):
                    raise QuantityError(str(raw_value), _unit_hint(unit))
                if isinstance(raw_value, int | float):
                    value = float(raw_value)
                else:
                    value = to_unit(str(raw_value), unit, plan.units)
            except QuantityError as err:
                add(fields(f"{label}.value"), raw_value, err.expected)
                continue
            if value is None or math.isnan(value) or is_not_reported(str(raw_value)):
                add(fields(f"{label}.value"), raw_value, _unit_hint(unit))
                continue
            if value < 0:
                add(fields(f"{label}.value"), raw_value, "不小于 0 的数值")
                continue
        if ok and day is not None:
            nodes.append(Node(day, value, stage))
    # nodes must move forward: later dates, and requirements that do not go backwards
    falling = _decreasing(t)
    for a, b in itertools.pairwise(nodes):
        if b.date <= a.date:
            add(
                fields("nodes"),
                f"{a.date.isoformat()} → {b.date.isoformat()}",
                "按日期先后排列、日期不重复的节点",
            )
        elif a.stage is not None and b.stage is not None:
            if STAGES.index(b.stage) < STAGES.index(a.stage):
                add(fields("nodes"), f"{a.stage} → {b.stage}", "逐个节点不倒退的阶段")
        elif (
            a.value is not None
            and b.value is not None
            and ((b.value > a.value) if falling else (b.value < a.value))
        ):
            word = "不增加" if falling else "不减少"
            add(
                fields("nodes"),
                f"{format_amount(a.value)} → {format_amount(b.value)}",
                f"逐个节点{word}的累计要求（{_kind_label(t)}目标）",
            )
    return sorted(nodes, key=lambda n: n.date)


def _kind_label(t: Mapping[str, Any]) -> str:

    return kind_label(t.get("kind"))


def _unit_hint(unit: str | None) -> str:
    return f"以“{unit}”计的数值，如 100 或 100{unit}" if unit else "数值，如 100"


# ---------------------------------------------------------------------------------------
# owners.yaml

_YAML_FIELDS = {
    "id": "id",
    "lead": "lead",
    "office": "office",
    "partners": "partners",
    "nodes": "nodes",
}


def _yaml_field(key: str) -> str:
    if "." in key:
        label, sub = key.split(".", 1)
        return f"{label}.{sub}"
    return _YAML_FIELDS.get(key, key)


def _is_illustrative(text: str) -> bool:
    head = "\n".join(text.splitlines()[:5])
    return ILLUSTRATIVE_MARK in head


def load_owners(path: str | Path, plan: Plan) -> Owners:
    """Read and check an owners file (``owners.yaml``).

    Parameters
    ----------
    path : str or Path
        The YAML file.
    plan : Plan
        The plan whose targets it assigns.

    Returns
    -------
    Owners

    Raises
    ------
    OwnersError
        Every problem in the file at once: another plan's file, unknown or repeated target
        ids, dates outside the plan year or after the target's deadline, values in the
        wrong unit, unknown stages, nodes that do not move forward, unknown keys.

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> from gutang_analysis.plan import load_plan
    >>> owners = load_owners(paths.EXAMPLE_FOLDER / "owners.yaml", load_plan())
    >>> owners.get("econ-fdi-utilised").nodes[0].describe("万美元")
    '2022-03-31 前达到 50万美元'
    """
    p = Path(path)
    shown = str(path)
    data = read_yaml(p, OwnersError, "分解表文件（owners.yaml）")
    if not isinstance(data, dict):
        raise OwnersError(
            f"分解表文件 {shown} 格式不对",
            [Problem(shown, None, None, type(data).__name__, "含 plan 与 targets 的映射")],
        )
    problems: list[Problem] = []
    for key in data:
        if key not in ("format_version", "plan", "offices", "targets", "illustrative"):
            problems.append(
                Problem(shown, None, str(key), key, "format_version、plan、offices、targets")
            )
    if data.get("format_version", 1) != 1:
        problems.append(Problem(shown, None, "format_version", data["format_version"], "1"))
    plan_id = _text(data.get("plan"))
    if plan_id is None:
        problems.append(Problem(shown, None, "plan", None, f"计划编号 {plan.id}"))
    elif plan_id != plan.id:
        raise OwnersError(
            f"{shown} 属于计划 {plan_id}，不是本计划（{plan.id}）的分解表",
            [Problem(shown, None, "plan", plan_id, f"计划编号 {plan.id}")],
        )
    offices = _names(data.get("offices"))
    if offices is None:
        problems.append(Problem(shown, None, "offices", data.get("offices"), "科室名称的列表"))
        offices = ()
    for name in offices:
        bad = office_name_problem(name)
        if bad is not None:
            problems.append(Problem(shown, None, "offices", repr(name), bad))
    items = data.get("targets") or []
    entries: list[_Entry] = []
    if not isinstance(items, list):
        problems.append(Problem(shown, None, "targets", type(items).__name__, "指标的列表"))
        items = []
    for i, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(Problem(shown, f"targets 第 {i} 项", None, item, "含 id 的映射"))
            continue
        tid = item.get("id")
        where = f"指标 {tid}" if isinstance(tid, str) and tid.strip() else f"targets 第 {i} 项"
        e = _Entry(where, tid, item.get("lead"), item.get("office"), item.get("partners"))
        e.extra = [str(k) for k in item if k not in _YAML_FIELDS]
        raw_nodes = item.get("nodes") or []
        if not isinstance(raw_nodes, list):
            problems.append(Problem(shown, where, "nodes", raw_nodes, "节点的列表"))
            raw_nodes = []
        for j, n in enumerate(raw_nodes, 1):
            label = f"nodes[{j}]"
            if not isinstance(n, dict):
                problems.append(
                    Problem(shown, where, label, n, "{date: …, value: …} 或 {date: …, stage: …}")
                )
                continue
            for k in n:
                if k not in ("date", "value", "stage"):
                    problems.append(Problem(shown, where, f"{label}.{k}", k, "date、value、stage"))
            e.nodes.append((label, n.get("date"), n.get("value"), n.get("stage")))
        entries.append(e)
    assignments, more = _check(entries, plan, shown, _yaml_field)
    problems += more
    # the offices listed get files of their own too: no two may give one file name (a
    # clash between the targets' own offices is reported by _check)
    listed = [n for n in offices if office_name_problem(n) is None]
    named = [
        n
        for a in assignments.values()
        for n in (a.office, *a.partners)
        if isinstance(n, str) and office_name_problem(n) is None
    ]
    problems += [
        _clash_problem(shown, a, b)
        for a, b in office_clashes(listed + named)
        if not (a in named and b in named)
    ]
    if problems:
        raise OwnersError(
            f"分解表文件 {shown} 有 {len(problems)} 处问题，请逐一修改后重试", problems
        )
    text = p.read_text(encoding="utf-8-sig")
    return Owners(
        plan.id,
        assignments,
        _all_offices(offices, assignments),
        p.resolve(),
        bool(data.get("illustrative")) or _is_illustrative(text),
    )


def _all_offices(listed: tuple[str, ...], assignments: Mapping[str, Assignment]) -> tuple[str, ...]:
    out = list(listed)
    for a in assignments.values():
        if a.office and a.office not in out:
            out.append(a.office)
    return tuple(out)


def save_owners(owners: Owners, path: str | Path) -> Path:
    """Write ``owners.yaml`` (atomically: a half-written file never replaces a good one).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gutang_analysis import paths
    >>> from gutang_analysis.plan import load_plan
    >>> plan = load_plan()
    >>> owners = load_owners(paths.EXAMPLE_FOLDER / "owners.yaml", plan)
    >>> out = save_owners(owners, pathlib.Path(tempfile.mkdtemp()) / "owners.yaml")
    >>> load_owners(out, plan).assignments == owners.assignments
    True
    """
    out = Path(path)
    head = [
        "# 分解表：各项目标的牵头领导、责任科室、配合科室和节点（gutang-review owners 生成）",
        "# 格式见 docs/supervision.md。节点：date 为日期，value 为按目标计量单位的累计数值，",
        "# 节点类目标用 stage（" + "、".join(STAGES) + "）。",
    ]
    if owners.illustrative:
        head.insert(0, f"# {ILLUSTRATIVE_MARK}（虚构）：本文件中的责任分工和节点为演示用途编造。")
    items = []
    for a in owners.assignments.values():
        item: dict[str, Any] = {"id": a.target_id}
        if a.lead:
            item["lead"] = a.lead
        if a.office:
            item["office"] = a.office
        if a.partners:
            item["partners"] = list(a.partners)
        if a.nodes:
            item["nodes"] = [n.as_yaml() for n in a.nodes]
        items.append(item)
    assigned = {a.office for a in owners.assignments.values() if a.office}
    listed = [o for o in owners.offices if o not in assigned]
    data: dict[str, Any] = {"format_version": 1, "plan": owners.plan_id}
    if listed:
        data["offices"] = listed
    data["targets"] = items
    body = yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )

    return write_atomic(out, "\n".join(head) + "\n" + body, what="分解表文件（owners.yaml）")


# ---------------------------------------------------------------------------------------
# the 分解表 workbook

#: Columns of the 分解表, in order: (key, header, width). Keys before ``lead`` are grey.
_PLAN_COLS: tuple[tuple[str, str, int], ...] = (
    ("target_id", "指标编号", 30),
    ("section_name", "所属板块", 12),
    ("title", "指标名称", 30),
    ("target", "目标", 18),
    ("unit", "计量单位", 9),
    ("deadline", "截止日期", 11),
)
_OWNER_COLS: tuple[tuple[str, str, int], ...] = (
    ("lead", "牵头领导", 14),
    ("office", "责任科室", 16),
    ("partners", "配合科室", 20),
)


def _node_cols(n: int = NODE_COLUMNS) -> tuple[tuple[str, str, int], ...]:
    out = []
    for i in range(1, n + 1):
        out.append((f"node{i}.date", f"节点{i}（日期）", 12))
        out.append((f"node{i}.value", f"节点{i}（要求：数值或阶段）", 16))
    return tuple(out)


def _columns() -> tuple[tuple[str, str, int], ...]:
    return _PLAN_COLS + _OWNER_COLS + _node_cols()


_HELP = (
    "每项目标一行；灰色列由计划生成，请勿修改（工作表已保护，无需密码即可撤销保护）。",
    "牵头领导、责任科室必填；配合科室可填多个，用顿号分隔，如：经济发展办公室、财政办公室。",
    "责任科室负责报送该目标的完成情况：gutang-review template --office 科室名 "
    "只为该科室生成它的目标。",
    "节点可不填：不填时按默认进度衡量（数量类按时间比例的序时进度，个、家等计数类向下取整；"
    "节点类项目默认须在 6 月 30 日前启动、截止日期前达到要求阶段）。",
    "节点最多 4 个，按日期先后填写；日期须在计划年度内、不晚于截止日期，"
    "如 {year}-03-31、{year}-06-30、{year}-09-30。",
    "节点要求：数量类填截至该日期的累计数值，按目标的计量单位（可带同类单位，如 120万美元）；"
    "节点类项目从下拉列表选阶段（" + " → ".join(STAGES) + "）。各节点的要求不能倒退。",
    "同比、排名、定性类目标不设节点（灰色），按每期的评分结果亮灯。",
    "填好后运行 gutang-review owners --read 分解表.xlsx，检查无误后写入计划文件夹的 owners.yaml；"
    "有问题时一次列出全部问题，不写入。",
)


def _deadline_of(t: Mapping[str, Any], year: int) -> dt.date:
    d = t.get("deadline")
    if d is None or (isinstance(d, float) and math.isnan(d)) or d is pd.NaT:
        return dt.date(year, 12, 31)
    return pd.Timestamp(d).date()


def write_decomposition(plan: Plan, out: str | Path, owners: Owners | None = None) -> Path:
    """Write the 分解表 workbook: one row per target, owners and nodes to fill in.

    Parameters
    ----------
    plan : Plan
    out : str or Path
        An ``.xlsx`` file.
    owners : Owners, optional
        Prefill the fill-in columns (a revision of an existing ``owners.yaml``).

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from gutang_analysis.plan import load_plan
    >>> plan = load_plan()
    >>> out = write_decomposition(plan, pathlib.Path(tempfile.mkdtemp()) / "分解表.xlsx")
    >>> read_decomposition(out, plan).assignments
    {}
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise OwnersError(
            "无法生成分解表",
            [Problem(str(out), None, "文件类型", out.suffix or out.name, ".xlsx")],
        )
    year = int(plan.year)
    cols = _columns()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    grey = PatternFill("solid", fgColor="F2F2F2")
    head_grey = PatternFill("solid", fgColor="D9D9D9")
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    thin = Side(style="thin", color="BFBFBF")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    title = f"{plan.title} · 目标任务分解表（牵头领导、责任科室、节点）"
    r = 1
    if owners is not None and owners.illustrative:
        note = f"{ILLUSTRATIVE_MARK}（虚构）：本表中的责任分工和节点为演示用途编造。"
        write_text_cell(ws, r, 1, note).font = Font(bold=True, color="C00000")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(cols))
        r += 1
    write_text_cell(ws, r, 1, title).font = Font(bold=True, size=14)
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(cols))
    r += 1
    ws.cell(row=r, column=1, value=MARK.format(plan_id=plan.id)).font = Font(size=9, color="808080")
    ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(cols))
    r += 1
    header = r
    n_plan = len(_PLAN_COLS)
    for c, (_key, name, width) in enumerate(cols, 1):
        cell = ws.cell(row=header, column=c, value=name)
        cell.font = Font(bold=True)
        cell.fill = head_grey if c <= n_plan else head_fill
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        cell.border = border
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[header].height = 32
    first = header + 1
    stage_cells: list[str] = []
    date_cells: list[str] = []
    for i, t in enumerate(plan.targets.to_dict("records")):
        row = first + i
        tid = str(t["target_id"])
        a = owners.get(tid) if owners is not None else None
        style = node_style(t.get("kind"))
        values: dict[str, Any] = {
            "target_id": tid,
            "section_name": t.get("section_name"),
            "title": t.get("title"),
            "target": target_phrase(t),
            "unit": t["unit"] if isinstance(t.get("unit"), str) else "",
            "deadline": _deadline_of(t, year),
            "lead": a.lead if a else None,
            "office": a.office if a else None,
            "partners": "、".join(a.partners) if a and a.partners else None,
        }
        if a is not None:
            for j, n in enumerate(a.nodes[:NODE_COLUMNS], 1):
                values[f"node{j}.date"] = n.date
                values[f"node{j}.value"] = n.stage if n.stage is not None else n.value
        for c, (key, _name, _w) in enumerate(cols, 1):
            value = values.get(key)
            cell = write_text_cell(ws, row, c, value if value not in ("",) else None)
            cell.border = border
            cell.alignment = wrap
            node_col = key.startswith("node")
            if c <= n_plan or (node_col and style is None):
                cell.fill = grey
                cell.protection = Protection(locked=True)
            else:
                cell.protection = Protection(locked=False)
            if key == "deadline" or key.endswith(".date"):
                cell.number_format = "yyyy-mm-dd"
            if node_col and style is not None:
                ref = f"{get_column_letter(c)}{row}"
                if key.endswith(".date"):
                    date_cells.append(ref)
                elif style == "stage":
                    stage_cells.append(ref)
                else:
                    cell.number_format = "@"
    last = first + max(len(plan.targets), 1) - 1
    if stage_cells:
        dv = DataValidation(
            type="list",
            formula1='"' + ",".join(STAGES) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="节点要求",
            error="节点类项目请从下拉列表选择阶段：" + "、".join(STAGES),
            promptTitle="节点要求（阶段）",
            prompt="截至该节点日期应达到的阶段：" + " → ".join(STAGES),
            showInputMessage=True,
        )
        ws.add_data_validation(dv)
        for ref in stage_cells:
            dv.add(ref)
    if date_cells:
        dv = DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({year},1,1)",
            formula2=f"DATE({year},12,31)",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="节点日期",
            error=f"请填 {year} 年内的日期，如 {year}-06-30",
            promptTitle="节点日期",
            prompt=f"{year} 年内、不晚于截止日期，如 {year}-06-30",
            showInputMessage=True,
        )
        ws.add_data_validation(dv)
        for ref in date_cells:
            dv.add(ref)
    ws.freeze_panes = ws.cell(row=first, column=n_plan + 1)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(cols))}{last}"
    fit_a4(ws, title_rows=f"{header}:{header}")
    ws.protection.sheet = True
    for flag in ("formatCells", "formatColumns", "formatRows", "sort", "autoFilter"):
        setattr(ws.protection, flag, False)

    help_ws = wb.create_sheet("填写说明")
    help_ws.append([title])
    help_ws["A1"].font = Font(bold=True, size=14)
    help_ws.append([])
    for k, note in enumerate(_HELP, 1):
        help_ws.append([f"{k}. {note.replace('{year}', str(year))}"])
    help_ws.column_dimensions["A"].width = 120
    for row in help_ws.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.title = title
    wb.properties.creator = "gutang-analysis"
    save_workbook(wb, out, what="分解表")
    return out


def _sheet_field(key: str) -> str:
    names = {k: name for k, name, _ in _columns()}
    names["id"] = "指标编号"
    names["nodes"] = "节点"
    if key.startswith("node") and "." in key:
        label, sub = key.split(".", 1)
        if sub == "stage":
            sub = "value"
        return names.get(f"{label}.{sub}", key)
    return names.get(key, key)


def read_decomposition(path: str | Path, plan: Plan) -> Owners:
    """Read a filled-in 分解表 workbook and check it whole.

    Raises
    ------
    OwnersError
        Every problem at once, naming the row as Excel shows it and the column: another
        plan's workbook, unknown target ids, dates outside the plan year, values in the
        wrong unit, unknown stages, nodes that do not move forward.
    """
    p = Path(path)
    shown = str(path)
    if not p.exists():
        raise OwnersError(
            "找不到分解表", [Problem(shown, None, None, None, "已有的分解表 .xlsx 文件")]
        )
    # the one guarded reader of every input spreadsheet: regular files only, bounded
    cells, problems, _data = read_sheet(p, what="分解表", prefer=SHEET)
    if problems:
        raise OwnersError("分解表无法读取", problems)
    rows = [tuple(row) for _r, row in cells]
    illustrative = False
    header_at = None
    for i, row in enumerate(rows[:30]):
        texts = [str(v).strip() for v in row if v is not None]
        joined = " ".join(texts)
        illustrative = illustrative or ILLUSTRATIVE_MARK in joined
        m = _MARK.search(joined)
        if m and m.group(1) != plan.id:
            raise OwnersError(
                f"{shown} 属于计划 {m.group(1)}，不是本计划（{plan.id}）的分解表",
                [Problem(shown, None, "计划编号", m.group(1), f"计划 {plan.id} 的分解表")],
            )
        if "指标编号" in texts and "责任科室" in texts:
            header_at = i
            break
    if header_at is None:
        raise OwnersError(
            "分解表中找不到表头",
            [
                Problem(
                    shown,
                    SHEET,
                    None,
                    None,
                    "含“指标编号”“责任科室”的表头行（请用 owners --out 生成的表）",
                )
            ],
        )
    by_name = {name: key for key, name, _ in _columns()}
    index = {
        by_name[str(v).strip()]: j
        for j, v in enumerate(rows[header_at])
        if v is not None and str(v).strip() in by_name
    }
    entries: list[_Entry] = []
    for i, row in enumerate(rows[header_at + 1 :], header_at + 2):

        def get(key: str, row: tuple = row) -> Any:
            j = index.get(key)
            if j is None or j >= len(row):
                return None
            v = row[j]
            return v.strip() or None if isinstance(v, str) else v

        if get("target_id") is None:
            continue
        lead, office, partners = get("lead"), get("office"), get("partners")
        nodes = []
        for k in range(1, NODE_COLUMNS + 1):
            d, v = get(f"node{k}.date"), get(f"node{k}.value")
            if d is None and v is None:
                continue
            nodes.append((f"node{k}", d, v, None))
        if lead is None and office is None and partners is None and not nodes:
            continue  # not assigned yet
        e = _Entry(f"第 {i} 行", get("target_id"), lead, office, partners, nodes)
        entries.append(e)
    assignments, problems = _check(entries, plan, shown, _sheet_field)
    for tid, a in assignments.items():
        if a.office is None:
            where = next(e.where for e in entries if _text(e.target_id) == tid)
            problems.append(Problem(shown, where, "责任科室", None, "负责报送该目标的科室"))
    if problems:
        raise OwnersError(f"分解表 {shown} 有 {len(problems)} 处问题，请逐一修改后重试", problems)
    return Owners(plan.id, assignments, _all_offices((), assignments), None, illustrative)


# ---------------------------------------------------------------------------------------
# the year-end reports: who answers for each shortfall


def shortfall_owners(targets: pd.DataFrame, owners: Owners | None) -> pd.DataFrame:
    """``targets`` (a score result's rows) with the owners file's ``lead``, ``owner_office``
    and ``partners`` columns added (None where the target is not assigned).

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> from gutang_analysis.owners import load_owners
    >>> from gutang_analysis.run import load_run, resolve_run
    >>> run = load_run(resolve_run(paths.EXAMPLE_FOLDER))
    >>> owners = load_owners(paths.EXAMPLE_FOLDER / "owners.yaml", run.plan)
    >>> t = shortfall_owners(run.result.targets, owners)
    >>> t.set_index("target_id").loc["econ-fdi-utilised", "owner_office"]
    '招商服务中心'
    """
    out = targets.copy()
    get = owners.get if owners is not None else (lambda _tid: None)
    out["lead"] = [getattr(get(t), "lead", None) for t in out["target_id"]]
    out["owner_office"] = [getattr(get(t), "office", None) for t in out["target_id"]]
    out["partners"] = [
        "、".join(getattr(get(t), "partners", ()) or ()) or None for t in out["target_id"]
    ]
    return out


def owners_of_folder(folder: str | Path | None, plan: Any) -> Owners | None:
    """The 分解表 of a plan folder, loaded (None when the folder has none).

    The file is located as a run locates it (:attr:`PlanFolder.owners_file`); a build
    loads it once, into ``run.owners``.
    """
    if folder is None:
        return None
    where = find_folder(folder)
    if where is None or where.owners_file is None:
        return None
    return load_owners(where.owners_file, plan)


def owners_beside(plan: Any) -> Owners | None:
    """The 分解表 of the folder a plan file stands in (None when there is none)."""
    path = getattr(plan, "path", None)
    if path is None:
        return None
    f = PlanFolder(Path(path).parent).owners_file
    return load_owners(f, plan) if f is not None else None


def unassigned_targets(owners: Owners | None, plan: Any) -> list[Problem]:
    """Every target of the plan the 分解表 gives no 责任科室, as problems naming it.

    Not an error (figures still load and score): ``owners --read`` and ``check`` name them,
    and they are left out of the results by office and of every office's 督查 page.

    Examples
    --------
    >>> from gutang_analysis import examples
    >>> run = examples.gutang_2022()
    >>> unassigned_targets(run.owners, run.plan)
    []
    >>> (p,) = unassigned_targets(Owners(run.plan.id, {}), run.plan)[:1]
    >>> p.field, p.expected
    ('责任科室', '在分解表中填写负责该目标的科室')
    """
    where = str(owners.path) if owners is not None and owners.path else OWNERS_FILE
    out = []
    for t in plan.targets.to_dict("records"):
        tid = str(t["target_id"])
        a = owners.get(tid) if owners is not None else None
        if a is None or not _text(a.office):
            out.append(
                Problem(
                    where,
                    f"指标 {tid}（{t.get('title')}）",
                    "责任科室",
                    "（空）",
                    "在分解表中填写负责该目标的科室",
                )
            )
    return out


def owners_text(lead: Any, office: Any, partners: Any) -> str:
    """``责任：…（牵头领导）、…（责任科室）、…（配合科室）``; empty when nobody is named.

    Examples
    --------
    >>> owners_text("分管副主任", "经济发展办公室", ("招商服务中心",))
    '责任：分管副主任（牵头领导）、经济发展办公室（责任科室）、招商服务中心（配合科室）'
    >>> owners_text(None, float("nan"), None)
    ''
    """

    def clean(v: Any) -> str | None:
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return None
        if isinstance(v, (tuple, list)):
            v = "、".join(str(x) for x in v if x)
        return str(v).strip() or None

    parts = []
    if lead := clean(lead):
        parts.append(f"{lead}（牵头领导）")
    if office := clean(office):
        parts.append(f"{office}（责任科室）")
    if partners := clean(partners):
        parts.append(f"{partners}（配合科室）")
    return "责任：" + "、".join(parts) if parts else ""
