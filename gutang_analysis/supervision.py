"""Supervision through the year (督查督办): office submissions, periods and 三色预警.

A plan folder may hold outcome figures for several dates of the plan year (quarters or
months), each either one file (``outcomes/2022-06-30.csv``) or a period folder of office
files (``outcomes/2022-09-30/经济发展办公室.xlsx`` …). :func:`combine_submissions` checks a
period folder's files together (two offices reporting one target differently is an error
naming both; offices that have not submitted and duplicate rows are listed);
:func:`load_periods` reads every period into a :class:`PeriodSet`, judges each target at
each date against its node (``owners.yaml``) or, without nodes, the default trajectory
(the mid-year logic of :mod:`gutang_analysis.scoring`), lights it green, yellow or red by
the policy's ``warning_lights`` rule (:func:`light`), and says how it moved since the last
period (新亮红灯, 持续红灯, 已转绿 …). The rule in Chinese is in ``docs/methodology.md``;
the procedure for users in ``docs/supervision.md``.

The rule (defaults of ``warning_lights`` in ``data/policies/default.yaml``):

- numeric targets: attainment = value ÷ what the node (or trajectory) requires by the
  period's date (for ceilings, requirement ÷ value). At least ``green_min`` (95%) is
  green, below ``red_below`` (70%) red, in between yellow;
- milestones: the reported stage against the stage the last node due requires; still
  未启动 on or after the start node is red, started but short of a node is yellow;
- a node (or the deadline) passed by more than ``overdue_days`` (30) and not reached is
  red;
- targets judged against a baseline, a rank or a rating (no nodes) take the light of their
  status in that period: good is green, short is yellow, not met (year end) is red;
- no figure: no light (listed as 未报送), unless ``no_data`` says otherwise.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import FolderError, OutcomesError, Problem
from .kinds import format_amount, target_phrase
from .outcomes import HEADERS, ILLUSTRATIVE_MARK, STAGES
from .owners import Node, Owners, node_style, office_clashes, office_name_problem
from .style import text_colour_on

__all__ = [
    "LIGHT_LABELS",
    "TREND_LABELS",
    "PeriodSet",
    "Submission",
    "assess",
    "combine_submissions",
    "ledger_html",
    "light",
    "load_periods",
    "midyear_lights",
    "movement",
    "owner_line",
    "shortfall_owners",
    "write_ledger_json",
    "write_ledger_xlsx",
]

#: Light codes, most urgent first, and their labels.
LIGHTS: tuple[str, ...] = ("red", "yellow", "green")
LIGHT_LABELS: dict[str, str] = {"red": "红灯", "yellow": "黄灯", "green": "绿灯"}
#: The label of a target without a figure in a period.
NO_LIGHT = "未报送"
LIGHT_COLORS: dict[str, str] = {
    "red": "#c0392b",
    "yellow": "#f2b134",
    "green": "#2e8b57",
    None: "#9e9e9e",  # type: ignore[dict-item]
}
_RANK = {"red": 0, "yellow": 1, None: 2, "green": 3}

#: Movement since the previous period (:func:`movement`).
TREND_LABELS: dict[str, str] = {
    "new_red": "新亮红灯",
    "still_red": "持续红灯",
    "red_to_yellow": "红转黄",
    "new_yellow": "新亮黄灯",
    "still_yellow": "持续黄灯",
    "recovered": "已转绿",
    "still_green": "保持绿灯",
    "green": "绿灯",
    "no_data": "未报送",
    "first": "首期",
}
_TREND_RANK = {"new_red": 0, "still_red": 1, "new_yellow": 2, "red_to_yellow": 3}

_GOOD = frozenset({"exceeded", "met", "on_track", "nearly_met"})
_SHORT = frozenset({"behind", "partial"})


def _code(value: Any) -> str | None:
    """A light code, or None (NaN and other blanks included)."""
    return value if isinstance(value, str) and value in LIGHT_LABELS else None


# ---------------------------------------------------------------------------------------
# the rule


def _rules(policy: Any = None) -> Any:
    from .policy import WarningLights, load_policy

    if policy is None:
        return load_policy().warning_lights
    if isinstance(policy, WarningLights):
        return policy
    return policy.warning_lights


def light(
    attainment: float | None = None,
    *,
    status: str | None = None,
    overdue: bool = False,
    policy: Any = None,
) -> str | None:
    """The 三色预警 light of one target in one period: ``"green"``, ``"yellow"``, ``"red"``.

    Parameters
    ----------
    attainment : float, optional
        Value ÷ what the node or trajectory requires at the date (requirement ÷ value for
        a ceiling); None when the target is not judged by a number.
    status : str, optional
        The scoring status in that period (used when ``attainment`` is None).
    overdue : bool
        A node or the deadline passed by more than ``overdue_days`` and not reached, or a
        milestone still 未启动 on or after its start node: red.
    policy : Policy or WarningLights, optional
        The rule; the bundled default when omitted.

    Returns
    -------
    str or None
        None when there is nothing to judge (no figure), unless the policy's ``no_data``
        gives a light.

    Examples
    --------
    >>> light(1.02), light(0.96), light(0.85), light(0.5)
    ('green', 'green', 'yellow', 'red')
    >>> light(0.99, overdue=True), light(status="behind"), light(status="no_data")
    ('red', 'yellow', None)
    >>> light(status="nearly_met"), light(status="partial"), light(status="not_met")
    ('green', 'yellow', 'red')
    """
    rules = _rules(policy)
    if status in ("no_data", "not_assessable") and attainment is None:
        return None if rules.no_data == "none" else rules.no_data
    if overdue:
        return "red"
    if attainment is not None and not math.isnan(attainment):
        if attainment >= rules.green_min:
            return "green"
        return "yellow" if attainment >= rules.red_below else "red"
    if status in _GOOD:
        return "green"
    if status in _SHORT:
        return "yellow"
    if status == "not_met":
        return "red"
    return None if rules.no_data == "none" else rules.no_data


def movement(previous: str | None, current: str | None, *, first: bool = False) -> str:
    """How a target's light moved since the previous period (a :data:`TREND_LABELS` code).

    Examples
    --------
    >>> [TREND_LABELS[movement(a, b)] for a, b in
    ...  [("green", "red"), ("red", "red"), ("red", "green"), ("yellow", "yellow"),
    ...   ("red", "yellow"), (None, "yellow"), ("green", "green"), ("red", None)]]
    ['新亮红灯', '持续红灯', '已转绿', '持续黄灯', '红转黄', '新亮黄灯', '保持绿灯', '未报送']
    >>> movement(None, "red", first=True)
    'first'
    """
    previous, current = _code(previous), _code(current)
    if first:
        return "first"
    if current is None:
        return "no_data"
    if current == "red":
        return "still_red" if previous == "red" else "new_red"
    if current == "yellow":
        if previous == "red":
            return "red_to_yellow"
        return "still_yellow" if previous == "yellow" else "new_yellow"
    if previous in ("red", "yellow"):
        return "recovered"
    return "still_green" if previous == "green" else "green"


# ---------------------------------------------------------------------------------------
# one target in one period


def _num(value: Any) -> float:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return math.nan
    return f


def _text(value: Any) -> str | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _day_of(period: str) -> dt.date:
    if len(period) == 4:
        return dt.date(int(period), 12, 31)
    return dt.date.fromisoformat(period)


def _deadline(t: Mapping[str, Any], year: int) -> dt.date:
    d = t.get("deadline")
    if d is None or d is pd.NaT or (isinstance(d, float) and math.isnan(d)):
        return dt.date(year, 12, 31)
    return pd.Timestamp(d).date()


def _start_default(rules: Any, year: int, deadline: dt.date) -> dt.date:
    month, day = (int(x) for x in rules.milestone_start.split("-"))
    return min(dt.date(year, month, day), deadline)


def _schedule(
    t: Mapping[str, Any], nodes: tuple[Node, ...], rules: Any, year: int
) -> tuple[list[Node], bool]:
    """The nodes a target is checked against, ending with its deadline; and whether they
    come from the owners file. Numeric targets without nodes return [] (the trajectory)."""
    style = node_style(t.get("kind"))
    deadline = _deadline(t, year)
    if style == "stage":
        final = Node(deadline, stage=_text(t.get("required_stage")) or "已完成")
        if nodes:
            out = list(nodes)
        else:
            out = [Node(_start_default(rules, year, deadline), stage="推进中")]
        if out[-1].date < deadline:
            out.append(final)
        elif out[-1].date == deadline and out[-1].stage != final.stage:
            out[-1] = final if STAGES.index(final.stage) > STAGES.index(out[-1].stage) else out[-1]
        return out, bool(nodes)
    if style == "value" and nodes:
        out = list(nodes)
        target = _num(t.get("target_value"))
        if out[-1].date < deadline and not math.isnan(target):
            out.append(Node(deadline, value=target))
        return out, True
    return [], False


def _upper(t: Mapping[str, Any]) -> bool:
    kind = t.get("kind")
    return kind in ("at_most", "zero") or (kind == "rate" and t.get("comparator") == "<=")


def _value_text(t: Mapping[str, Any], o: Mapping[str, Any], actual: float) -> str | None:
    kind = t.get("kind")
    if kind == "milestone":
        return _text(o.get("stage"))
    if kind == "qualitative":
        return _text(o.get("rating"))
    if kind == "rank" and not math.isnan(actual):
        return f"第 {format_amount(actual)} 名"
    if math.isnan(actual):
        return None
    unit = _text(t.get("unit")) or ""
    return f"{format_amount(actual)}{unit}"


def _assess_target(
    t: Mapping[str, Any],
    r: Mapping[str, Any],
    o: Mapping[str, Any],
    nodes: tuple[Node, ...],
    day: dt.date,
    rules: Any,
    year: int,
) -> dict[str, Any]:
    """Light, requirement and reason of one target at ``day`` (``r``: its score row at
    that date; ``o``: its outcome row; ``nodes``: from the owners file)."""
    unit = _text(t.get("unit"))
    deadline = _deadline(t, year)
    style = node_style(t.get("kind"))
    schedule, from_owners = _schedule(t, nodes, rules, year)
    basis = "分解表节点" if from_owners else "默认进度"
    actual = _num(r.get("actual"))
    status = r.get("status")
    due = [n for n in schedule if n.date <= day]
    later = [n for n in schedule if n.date > day]
    req = due[-1] if due else None
    nxt = later[0] if later else None
    grace = dt.timedelta(days=rules.overdue_days)
    out: dict[str, Any] = {
        "basis": basis,
        "requirement": None,
        "attainment": math.nan,
        "light": None,
        "reason": None,
        "next_node": nxt.date if nxt is not None else None,
    }
    value = _value_text(t, o, actual)
    out["value"] = value

    if style == "stage":
        stage = _text(o.get("stage"))
        out["requirement"] = (
            req.describe(unit) if req else f"首个节点：{schedule[0].describe(unit)}"
        )
        if stage is None or stage not in STAGES:
            out["light"] = light(status="no_data", policy=rules)
            out["reason"] = "本期未报送进展阶段"
            return out
        got = STAGES.index(stage)
        start = next((n.date for n in schedule if STAGES.index(n.stage or "未启动") >= 1), deadline)
        if req is None or got >= STAGES.index(req.stage or "未启动"):
            out["light"] = "green"
            out["reason"] = (
                f"进展阶段“{stage}”，尚未到第一个节点"
                if req is None
                else f"进展阶段“{stage}”，达到节点要求"
            )
        elif got == 0 and day >= start:
            out["light"] = "red"
            out["reason"] = f"启动节点 {start.isoformat()} 已到，仍未启动"
        elif day - req.date > grace:
            out["light"] = "red"
            out["reason"] = (
                f"节点 {req.date.isoformat()} 要求“{req.stage}”，"
                f"已逾期 {(day - req.date).days} 天，"
                f"仍为“{stage}”"
            )
        else:
            out["light"] = "yellow"
            out["reason"] = f"进展阶段“{stage}”，未达到节点要求“{req.stage}”"
        return out

    if style == "value" and not (t.get("kind") == "zero" and not from_owners):
        if math.isnan(actual):
            out["light"] = light(status="no_data", policy=rules)
            out["reason"] = "本期未报送完成值"
            out["requirement"] = req.describe(unit) if req else None
            return out
        target = _num(t.get("target_value"))
        if from_owners:
            if req is None:
                out["requirement"] = f"首个节点：{schedule[0].describe(unit)}"
                out["light"] = "green"
                out["reason"] = f"完成 {value}，尚未到第一个节点"
                return out
            required = float(req.value or 0.0)
            out["requirement"] = req.describe(unit)
            req_date = req.date
        else:
            required = _num(r.get("expected"))
            if math.isnan(required):
                required = target
            whole = day >= deadline or math.isnan(target) or abs(required - target) < 1e-9
            what = "全年目标" if whole else "序时进度"
            out["requirement"] = f"{what} {format_amount(required)}{unit or ''}"
            req_date = deadline if day >= deadline else None
        upper = _upper(t)
        if upper:
            att = 1.0 if actual <= required else (required / actual if required > 0 else 0.0)
        elif required <= 0:
            out["light"] = "green"
            out["reason"] = f"完成 {value}，按计数类向下取整，此时尚无必须完成的数量"
            return out
        else:
            att = actual / required
        out["attainment"] = att
        overdue = bool(req_date is not None and day - req_date > grace and att < 1.0)
        if upper and not from_owners and day < deadline and actual > target and _annual(t):
            overdue = True  # a ceiling over the year already exceeded: cannot be met any more
        out["light"] = light(att, overdue=overdue, policy=rules)
        pct = f"{att * 100:.1f}%"
        ref = (
            "节点要求" if from_owners else ("全年目标" if req_date is not None else "序时进度目标")
        )
        if upper:
            reason = f"完成 {value}，上限 {format_amount(required)}{unit or ''}"
            reason += "，未超过上限" if att >= 1.0 else f"，超出上限（完成率 {pct}）"
        else:
            reason = f"完成 {value}，为{ref}的 {pct}"
        if overdue and req_date is not None and day - req_date > grace:
            reason += f"；节点 {req_date.isoformat()} 已逾期 {(day - req_date).days} 天未达到"
        elif overdue:
            reason += "；已超过全年上限，全年目标已无法完成"
        out["reason"] = reason
        return out

    # judged by status (direction, rank, qualitative; 清零 without nodes)
    overdue = (
        day - deadline > grace
        and status not in _GOOD
        and status not in ("no_data", "not_assessable")
    )
    out["light"] = light(status=status, overdue=overdue, policy=rules)
    label = r.get("status_label") or "—"
    out["requirement"] = f"{target_phrase(t)}（截止 {deadline.isoformat()}）"
    if status in ("no_data", "not_assessable"):
        out["reason"] = f"本期{label}"
    else:
        out["reason"] = f"按本期评分：{label}" + (
            f"；截止日期 {deadline.isoformat()} 已逾期" if overdue else ""
        )
    return out


def _annual(t: Mapping[str, Any]) -> bool:
    from .scoring import _annual as annual

    return annual(t)


def _pseudo_outcome(t: Mapping[str, Any], r: Mapping[str, Any]) -> dict[str, Any]:
    """The stage implied by a mid-year milestone status (when only the score is at hand)."""
    status = r.get("status")
    required = _text(t.get("required_stage")) or "已完成"
    if t.get("kind") != "milestone" or status in ("no_data", "not_assessable", None):
        return {}
    if status == "behind" or status == "not_met":
        return {"stage": "未启动"}
    if status in ("met", "exceeded", "nearly_met"):
        return {"stage": required}
    return {"stage": "推进中"}


def midyear_lights(
    frame: pd.DataFrame, targets: pd.DataFrame, policy: Any, as_of: dt.date, year: int
) -> pd.Series:
    """The 三色预警 label (绿灯/黄灯/红灯, None without data) of each row of a mid-year result.

    The mid-year check has no owners file: every target is checked against the default
    trajectory (the one its status was judged by). Used by :func:`scoring.score` for the
    ``light`` column of mid-year results.

    Examples
    --------
    >>> from gutang_analysis.run import load_run, resolve_run
    >>> mid = load_run(resolve_run()).midyear_result.targets
    >>> sorted(mid["light"].dropna().unique())
    ['红灯', '绿灯', '黄灯']
    """
    rules = _rules(policy)
    by_id = {str(t["target_id"]): t for t in targets.to_dict("records")}
    out = []
    for r in frame.to_dict("records"):
        t = by_id.get(str(r["target_id"]), r)
        a = _assess_target(t, r, _pseudo_outcome(t, r), (), as_of, rules, year)
        out.append(LIGHT_LABELS.get(a["light"]) if a["light"] else None)
    return pd.Series(out, index=frame.index, dtype=object)


def assess(
    plan: Any,
    outcomes: pd.DataFrame,
    period: str,
    *,
    owners: Owners | None = None,
    policy: Any = None,
    baseline: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Judge every target at one period and light it.

    Parameters
    ----------
    plan : Plan
    outcomes : pandas.DataFrame
        The period's figures (``load_outcomes`` or :func:`combine_submissions`).
    period : str
        ``"2022-03-31"`` (a date in the plan year) or ``"2022"`` (year end).
    owners : Owners, optional
        Owners and nodes; without them every target follows the default trajectory.
    policy : Policy, optional
    baseline : pandas.DataFrame, optional
        The year before (direction targets).

    Returns
    -------
    pandas.DataFrame
        One row per target, plan order: ``period, target_id, section, section_name, title,
        kind, target, unit, lead, office, partners, requirement, basis, value, attainment,
        light, light_label, reason, status, status_label, cause, remedy, fix_by``.

    Examples
    --------
    >>> from gutang_analysis import paths
    >>> from gutang_analysis.outcomes import load_outcomes
    >>> from gutang_analysis.plan import load_plan
    >>> plan = load_plan()
    >>> mid = load_outcomes(paths.EXAMPLE_FOLDER / "outcomes" / "2022-06-30.csv", plan)
    >>> frame = assess(plan, mid, "2022-06-30")
    >>> row = frame.set_index("target_id").loc["econ-fdi-utilised"]
    >>> row["requirement"], row["light_label"]
    ('序时进度 150万美元', '红灯')
    """
    from .policy import load_policy
    from .scoring import score

    policy = policy if policy is not None else load_policy()
    rules = policy.warning_lights
    year = int(plan.year)
    day = _day_of(period)
    as_of = None if len(period) == 4 else period
    result = score(plan, outcomes, baseline=baseline, policy=policy, as_of=as_of)
    rows = {str(r["target_id"]): r for r in result.targets.to_dict("records")}
    own = outcomes[outcomes["period"].astype(str) == period] if len(outcomes) else outcomes
    reported = {str(o["target_id"]): o for o in own.to_dict("records")}
    out = []
    for t in plan.targets.to_dict("records"):
        tid = str(t["target_id"])
        r = rows[tid]
        o = reported.get(tid, {})
        a = owners.get(tid) if owners is not None else None
        got = _assess_target(t, r, o, a.nodes if a else (), day, rules, year)
        fix_by = None
        if got["light"] in ("red", "yellow"):
            nxt = got["next_node"]
            fix_by = nxt if nxt is not None and got["light"] == "yellow" else None
            if fix_by is None:
                fix_by = min(day + dt.timedelta(days=rules.remedy_days), dt.date(year + 1, 1, 31))
        out.append(
            {
                "period": period,
                "target_id": tid,
                "section": t.get("section"),
                "section_name": t.get("section_name"),
                "title": t.get("title"),
                "kind": t.get("kind"),
                "target": target_phrase(t),
                "unit": _text(t.get("unit")),
                "lead": a.lead if a else None,
                "office": (a.office if a and a.office else None) or _text(o.get("office")),
                "partners": "、".join(a.partners) if a and a.partners else None,
                "requirement": got["requirement"],
                "basis": got["basis"],
                "value": got["value"],
                "attainment": got["attainment"],
                "light": got["light"],
                "light_label": LIGHT_LABELS[got["light"]]
                if got["light"] in LIGHT_LABELS
                else (NO_LIGHT if r.get("status") == "no_data" else "无法评估"),
                "reason": got["reason"],
                "status": r.get("status"),
                "status_label": r.get("status_label"),
                "cause": _text(o.get("cause")),
                "remedy": _text(o.get("remedy")),
                "fix_by": fix_by,
            }
        )
    frame = pd.DataFrame(out)
    frame["attainment"] = pd.to_numeric(frame["attainment"], errors="coerce")
    return frame


# ---------------------------------------------------------------------------------------
# a period folder: office submissions combined


@dataclass(frozen=True)
class Submission:
    """A period's office files combined into one outcome set.

    Attributes
    ----------
    period : str
    outcomes : pandas.DataFrame
        One row per reported target (the reporting office in ``office``).
    offices : tuple of str
        The offices that submitted a file.
    missing : tuple of str
        Offices expected (owners file) that have not submitted.
    duplicates : tuple of str
        Targets reported by more than one office with the same figures (kept once).
    notes : tuple of str
        Other remarks: files of offices the owners file does not name, offices reporting
        another office's target.
    """

    period: str
    outcomes: pd.DataFrame
    offices: tuple[str, ...]
    missing: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def describe(self) -> list[str]:
        """Chinese lines for the command line and the report."""
        lines = [
            f"统计期 {self.period}：已报送 {len(self.offices)} 个科室"
            f"（{'、'.join(self.offices) or '无'}）"
        ]
        if self.missing:
            lines.append(f"未报送的科室（{len(self.missing)} 个）：{'、'.join(self.missing)}")
        lines += [f"重复报送：{d}" for d in self.duplicates]
        lines += list(self.notes)
        return lines


_COMPARED = ("actual", "stage", "rating", "peers")


def _reported(row: Mapping[str, Any]) -> bool:
    return any(_text(row.get(k)) is not None for k in ("actual", "stage", "rating"))


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    for k in _COMPARED:
        x, y = a.get(k), b.get(k)
        if isinstance(x, float) and isinstance(y, float):
            if math.isnan(x) and math.isnan(y):
                continue
            if math.isnan(x) or math.isnan(y) or not math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9):
                return False
        elif _text(x) != _text(y):
            return False
    return True


def _shown_value(row: Mapping[str, Any]) -> str:
    return (
        _text(row.get("actual_text")) or _text(row.get("stage")) or _text(row.get("rating")) or "—"
    )


def combine_submissions(
    files: Mapping[str, str | Path],
    plan: Any,
    period: str,
    *,
    owners: Owners | None = None,
) -> Submission:
    """Combine one period's office files into one outcome set, checked together.

    Parameters
    ----------
    files : mapping
        Office name → its file (:meth:`PlanFolder.office_files`).
    plan : Plan
    period : str
        The period of the folder; an empty 统计期 cell means this period.
    owners : Owners, optional
        Who should submit (its offices) and who answers for each target.

    Returns
    -------
    Submission

    Raises
    ------
    OutcomesError
        Every problem of every file, plus every target two offices report differently
        (naming both offices and values) and every row of another period.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> from gutang_analysis.workspace import PlanFolder
    >>> folder = PlanFolder.example_folder()
    >>> sub = combine_submissions(folder.office_files("2022-09-30"), load_plan(), "2022-09-30")
    >>> len(sub.offices) > 5, sub.outcomes["period"].unique().tolist()
    (True, ['2022-09-30'])
    """
    from .outcomes import load_outcomes

    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    for office, path in files.items():
        bad = office_name_problem(office)
        if bad is not None:
            problems.append(Problem(str(path), None, "文件名", repr(office), bad))
    for a, b in office_clashes(list(files)):
        problems.append(
            Problem(
                str(Path(files[b]).parent),
                None,
                "文件名",
                f"“{a}”与“{b}”",
                "各科室对应不同的文件名（两者会生成同一个科室报告文件，请统一科室名称）",
            )
        )
    for office, path in files.items():
        try:
            frames[office] = load_outcomes(path, plan, period=period)
        except OutcomesError as err:
            problems += list(err.problems)  # type: ignore[arg-type]
    by_target: dict[str, list[tuple[str, dict]]] = {}
    notes: list[str] = []
    illustrative = False
    digest = hashlib.sha256()
    for office, frame in frames.items():
        illustrative = illustrative or bool(frame.attrs.get("illustrative"))
        digest.update(str(frame.attrs.get("sha256", "")).encode())
        shown = str(files[office])
        for row in frame.to_dict("records"):
            if str(row["period"]) != period:
                problems.append(
                    Problem(
                        shown,
                        f"第 {row.get('row')} 行",
                        HEADERS["period"],
                        row["period"],
                        f"{period}（本文件在统计期 {period} 的文件夹中）",
                    )
                )
                continue
            if not _reported(row):
                continue
            if _text(row.get("office")) is None:
                row["office"] = office
            by_target.setdefault(str(row["target_id"]), []).append((office, row))
    duplicates: list[str] = []
    kept: list[dict] = []
    strays: dict[str, list[str]] = {}
    for tid, entries in by_target.items():
        first_office, first = entries[0]
        for other_office, other in entries[1:]:
            if not _same(first, other):
                problems.append(
                    Problem(
                        f"{files[first_office]}、{files[other_office]}",
                        f"指标 {tid}",
                        "完成值",
                        f"{first_office} 报“{_shown_value(first)}”，"
                        f"{other_office} 报“{_shown_value(other)}”",
                        "同一指标只由一个科室报送，或各科室报送相同的数值（请核实后保留一个）",
                    )
                )
            else:
                duplicates.append(
                    f"指标 {tid} 由 {first_office}、{other_office} 重复报送"
                    f"（数值相同“{_shown_value(first)}”，只计一次）"
                )
        kept.append(first)
        if owners is not None:
            owner = owners.office_of(tid)
            if owner is not None and first_office != owner:
                strays.setdefault(first_office, []).append(tid)
    if problems:
        raise OutcomesError(
            f"统计期 {period} 的各科室填报文件合并检查有 {len(problems)} 处问题，请逐一修改后重试",
            problems,
        )
    for office, tids in strays.items():
        notes.append(f"{office} 报送了分解表中由其他科室负责的指标：{'、'.join(tids)}")
    expected = tuple(owners.offices) if owners is not None else ()
    for office in files:
        if expected and office not in expected:
            notes.append(
                f"文件 {Path(files[office]).name} 的科室“{office}”不在分解表中（按文件名识别科室）"
            )
    missing = tuple(o for o in expected if o not in files)
    columns = next(iter(frames.values())).columns if frames else ["target_id", "period", "actual"]
    combined = (
        pd.DataFrame(kept, columns=list(columns)) if kept else pd.DataFrame(columns=list(columns))
    )
    for col in ("actual", "peers"):
        if col in combined:
            combined[col] = pd.to_numeric(combined[col], errors="coerce")
    combined.attrs.update(
        {
            "source_file": str(Path(next(iter(files.values()))).parent) if files else None,
            "sha256": digest.hexdigest(),
            "illustrative": illustrative,
        }
    )
    return Submission(period, combined, tuple(files), missing, tuple(duplicates), tuple(notes))


# ---------------------------------------------------------------------------------------
# several periods


@dataclass(frozen=True)
class PeriodSet:
    """Every period of a plan year, judged and lit, side by side.

    Attributes
    ----------
    plan : Plan
    owners : Owners or None
    policy : Policy
    frames : dict
        Period → :func:`assess` frame, in period order (a year-end period last).
    submissions : dict
        Period → :class:`Submission` for the periods collected as office folders.
    sources : dict
        Period → the file or folder read.
    illustrative : bool
        Any input says 示例数据 (the figures or the owners are invented).
    """

    plan: Any
    owners: Owners | None
    policy: Any
    frames: dict[str, pd.DataFrame]
    submissions: dict[str, Submission] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    illustrative: bool = False
    outcomes: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    baseline: pd.DataFrame | None = field(default=None, repr=False)
    inputs: Any = field(default=None, repr=False)

    @property
    def periods(self) -> tuple[str, ...]:
        return tuple(self.frames)

    @property
    def latest(self) -> str:
        return self.periods[-1]

    def table(self) -> pd.DataFrame:
        """Every (period, target), with ``trend`` (code), ``trend_label`` and
        ``red_streak`` (consecutive red periods up to this one)."""
        frames = []
        prev: dict[str, str | None] = {}
        streak: dict[str, int] = {}
        for i, frame in enumerate(self.frames.values()):
            f = frame.copy()
            trends, streaks = [], []
            for tid, cur in zip(f["target_id"], f["light"], strict=True):
                trends.append(movement(prev.get(tid), cur, first=i == 0))
                cur = _code(cur)
                streak[tid] = streak.get(tid, 0) + 1 if cur == "red" else 0
                streaks.append(streak[tid])
                prev[tid] = cur
            f["trend"] = trends
            f["trend_label"] = [TREND_LABELS[c] for c in trends]
            f["red_streak"] = streaks
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    def at(self, period: str | None = None) -> pd.DataFrame:
        """One period's rows (the latest by default), with trend columns."""
        period = period or self.latest
        t = self.table()
        return t[t["period"] == period].reset_index(drop=True)

    def ledger(self, period: str | None = None, office: str | None = None) -> pd.DataFrame:
        """The 督查台账: every target not green at ``period``, red first.

        Within a light, newly red before still red, then plan order. Targets without a
        figure (未报送) come after the yellows.

        Examples
        --------
        >>> ps = load_periods()
        >>> led = ps.ledger()
        >>> led["light_label"].iloc[0], bool((led["light"] != "green").all())
        ('红灯', True)
        """
        t = self.at(period)
        if office is not None:
            t = t[t["office"] == office]
        t = t[t["light"] != "green"].copy()
        t["_l"] = t["light"].map(lambda v: _RANK[_code(v)])
        t["_t"] = t["trend"].map(lambda v: _TREND_RANK.get(v, 9))
        t["_o"] = range(len(t))
        return (
            t.sort_values(["_l", "_t", "_o"])
            .drop(columns=["_l", "_t", "_o"])
            .reset_index(drop=True)
        )

    def counts(self, period: str | None = None, office: str | None = None) -> dict[str, int]:
        """Targets per light label (红灯, 黄灯, 绿灯, 未报送) at ``period``."""
        t = self.at(period)
        if office is not None:
            t = t[t["office"] == office]
        labels = [LIGHT_LABELS[c] for c in LIGHTS]
        out = {k: int((t["light_label"] == k).sum()) for k in labels}
        out[NO_LIGHT] = int(len(t) - sum(out.values()))
        return out

    def wide(self, office: str | None = None) -> pd.DataFrame:
        """Per target, the light and the value at each period side by side."""
        t = self.table()
        if office is not None:
            t = t[t["office"] == office]
        base = t[t["period"] == self.latest][
            ["target_id", "section_name", "title", "target", "office"]
        ]
        out = base.set_index("target_id")
        for period in self.periods:
            p = t[t["period"] == period].set_index("target_id")
            out[f"{period}|light"] = p["light_label"]
            out[f"{period}|value"] = p["value"]
        return out.reset_index()

    def offices(self) -> list[str]:
        """Offices that answer for targets (owners file), in its order."""
        if self.owners is None:
            return []
        return [o for o in self.owners.offices if self.owners.targets_of(o)]

    def moved(self, code: str, period: str | None = None) -> pd.DataFrame:
        """Targets whose trend at ``period`` is ``code`` (``recovered``, ``new_red`` …)."""
        t = self.at(period)
        return t[t["trend"] == code].reset_index(drop=True)

    def notes(self) -> list[str]:
        """What the collection says (missing offices, duplicates …), per period."""
        out = []
        for sub in self.submissions.values():
            out += sub.describe()
        return out


def period_label(period: str) -> str:
    """``2022-03-31`` → ``截至 2022-03-31``; ``2022`` → ``2022 年末``.

    Examples
    --------
    >>> period_label("2022-09-30"), period_label("2022")
    ('截至 2022-09-30', '2022 年末')
    """
    return f"{period} 年末" if len(period) == 4 else f"截至 {period}"


def load_periods(
    folder: str | Path | None = None, *, policy: Any = None, plan: Any = None
) -> PeriodSet:
    """Read every period of a plan folder's year and judge it (see the module docstring).

    Periods are the dated outcome files and period folders within the plan year, and the
    year-end file; the file of the year before is the baseline.

    Parameters
    ----------
    folder : str or Path, optional
        The plan folder (found as every command finds it; default: the bundled example).
    policy : Policy, optional
        Default: the folder's ``policy.yaml``, else the package default.
    plan : Plan, optional
        The loaded plan (saves loading it again).

    Raises
    ------
    FolderError
        No period in the plan year, or one period both a file and a folder.
    OutcomesError, OwnersError
        Every problem of every file, listed at once.

    Examples
    --------
    >>> ps = load_periods()
    >>> ps.periods
    ('2022-03-31', '2022-06-30', '2022-09-30', '2022')
    """
    from .outcomes import load_outcomes
    from .owners import load_owners
    from .plan import load_plan
    from .policy import load_policy
    from .workspace import find_folder

    where = find_folder(folder)
    assert where is not None
    plan = plan if plan is not None else load_plan(where.plan_file)
    policy = policy if policy is not None else load_policy(where.policy_file)
    owners = load_owners(where.owners_file, plan) if where.owners_file else None
    year = int(plan.year)
    files = where.outcome_files()
    folders = where.period_folders()
    both = sorted(set(files) & set(folders))
    if both:
        raise FolderError(
            "同一统计期既有完成情况文件又有科室文件夹，无法确定用哪一个",
            [
                Problem(
                    str(where.outcomes_dir),
                    f"统计期 {p}",
                    None,
                    f"{files[p].name}、{folders[p].name}/",
                    "每个统计期只保留一种",
                )
                for p in both
            ],
        )
    periods = [p for p in {**files, **folders} if p[:4] == str(year)]
    periods.sort(key=lambda p: (p == str(year), p))
    if not periods:
        raise FolderError(
            f"没有 {year} 年内各期的完成情况，无法亮灯",
            [
                Problem(
                    str(where.outcomes_dir),
                    None,
                    None,
                    where.describe_outcomes(),
                    f"outcomes/{year}-03-31.xlsx 或科室文件夹 outcomes/{year}-03-31/",
                )
            ],
        )
    problems: list[Problem | str] = []
    baseline = None
    if str(year - 1) in files:
        try:
            baseline = load_outcomes(files[str(year - 1)], plan)
        except OutcomesError as err:
            problems += list(err.problems)
    loaded: dict[str, pd.DataFrame] = {}
    subs: dict[str, Submission] = {}
    sources: dict[str, str] = {}
    for p in periods:
        try:
            if p in folders:
                sub = combine_submissions(where.office_files(p), plan, p, owners=owners)
                subs[p] = sub
                loaded[p] = sub.outcomes
                sources[p] = str(folders[p])
            else:
                loaded[p] = load_outcomes(files[p], plan, period=p)
                sources[p] = str(files[p])
        except OutcomesError as err:
            problems += list(err.problems)
    if problems:
        raise OutcomesError(f"各期完成情况有 {len(problems)} 处问题，请逐一修改后重试", problems)
    frames = {
        p: assess(plan, f, p, owners=owners, policy=policy, baseline=baseline)
        for p, f in loaded.items()
    }
    illustrative = any(bool(f.attrs.get("illustrative")) for f in loaded.values()) or bool(
        owners is not None and owners.illustrative
    )
    return PeriodSet(plan, owners, policy, frames, subs, sources, illustrative, loaded, baseline)


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
    >>> run = load_run(resolve_run())
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
    """The owners file of a plan folder, loaded (None when the folder has none)."""
    from .owners import load_owners
    from .workspace import find_folder

    if folder is None:
        return None
    where = find_folder(folder)
    if where is None or where.owners_file is None:
        return None
    return load_owners(where.owners_file, plan)


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
    text = html.escape(label or NO_LIGHT)
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


#: The 督查台账 columns: (column, Chinese header).
LEDGER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("light_label", "亮灯"),
    ("trend_label", "较上期"),
    ("red_streak", "连续红灯期数"),
    ("target_id", "指标编号"),
    ("section_name", "所属板块"),
    ("title", "指标名称"),
    ("target", "年度目标"),
    ("lead", "牵头领导"),
    ("office", "责任科室"),
    ("partners", "配合科室"),
    ("requirement", "节点要求"),
    ("value", "完成情况"),
    ("attainment", "完成进度"),
    ("reason", "亮灯依据"),
    ("cause", "偏差原因"),
    ("remedy", "整改措施"),
    ("fix_by", "整改时限"),
    ("period", "统计期"),
)


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
    return (
        '<div style="overflow-x:auto;max-width:100%">'
        f'<table style="border-collapse:collapse;line-height:1.5;{_FONTS}">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def trend_html(ps: PeriodSet, office: str | None = None) -> str:
    """Per target, the light at each period side by side (newest last)."""
    wide = ps.wide(office)
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
    return (
        '<div style="overflow-x:auto;max-width:100%">'
        f'<table style="border-collapse:collapse;line-height:1.5;{_FONTS}">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
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
    return (
        f'<table style="border-collapse:collapse;{_FONTS}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
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
    return (
        '<div class="gutang-banner" role="alert" style="border:2px solid #d7453c;'
        'background:#fff4e5;color:#8a1c13;padding:10px 14px;margin:0 0 16px;font-weight:bold">'
        f"⚠ 本报告的各期完成情况和分解表为{ILLUSTRATIVE_MARK}（虚构），不是官方统计</div>"
    )


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
        f"整改时限为下一个节点，没有时为统计期后 {w.remedy_days} 天。"
    )
    return (
        '<div class="gutang-provenance" style="font-size:90%;color:#444">'
        f"<p>分解表：{html.escape(owners)}</p>"
        f"<p>各期数据：</p><ul>{items}</ul><p>{html.escape(rule)}</p></div>"
    )


def _short_path(path: str) -> str:
    from .paths import PROJECT_ROOT

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

    from ._xlsx import fit_a4, save_workbook, write_text_cell

    out = Path(path)
    period = period or ps.latest
    led = ps.ledger(period)
    wb = Workbook()
    ws = wb.active
    ws.title = "督查台账"
    r = 1
    if ps.illustrative:
        write_text_cell(
            ws, r, 1, f"{ILLUSTRATIVE_MARK}（虚构）：本台账的数据为演示用途编造，不是官方统计。"
        ).font = Font(bold=True, color="C00000")
    else:
        write_text_cell(ws, r, 1, "")
    r += 1
    write_text_cell(
        ws, r, 1, f"{ps.plan.title} · 督查台账（{period_label(period)}，未亮绿灯的目标，红灯在前）"
    ).font = Font(bold=True, size=13)
    r += 1
    header = r
    widths = {
        "title": 28,
        "reason": 36,
        "cause": 30,
        "remedy": 30,
        "requirement": 24,
        "target": 18,
        "target_id": 28,
    }
    for c, (_col, name) in enumerate(LEDGER_COLUMNS, 1):
        cell = write_text_cell(ws, header, c, name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(c)].width = widths.get(_col, 12)
    fills = {k: PatternFill("solid", fgColor=v.lstrip("#")) for k, v in LIGHT_COLORS.items() if k}
    for i, row in enumerate(led.to_dict("records"), header + 1):
        for c, (col, _name) in enumerate(LEDGER_COLUMNS, 1):
            value = _fmt(col, row.get(col))
            if value is not None and isinstance(value, float) and math.isnan(value):
                value = None
            cell = write_text_cell(ws, i, c, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if col == "fix_by" and value is not None:
                cell.number_format = "yyyy-mm-dd"
            if col == "light_label" and row.get("light") in fills:
                cell.fill = fills[row["light"]]
                cell.font = Font(
                    bold=True, color=text_colour_on(LIGHT_COLORS[row["light"]]).lstrip("#")
                )
    last = header + max(len(led), 1)
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(LEDGER_COLUMNS))}{last}"
    ws.freeze_panes = f"A{header + 1}"
    fit_a4(ws, title_rows=f"{header}:{header}")

    ws2 = wb.create_sheet("各期亮灯")
    heads = ["指标编号", "指标名称", "年度目标", "责任科室"]
    for p in ps.periods:
        heads += [f"{period_label(p)} 亮灯", f"{period_label(p)} 完成情况"]
    for c, h in enumerate(heads, 1):
        write_text_cell(ws2, 1, c, h).font = Font(bold=True)
        ws2.column_dimensions[get_column_letter(c)].width = 14 if c > 4 else 24
    for i, row in enumerate(ps.wide().to_dict("records"), 2):
        values = [row["target_id"], row["title"], row["target"], row["office"]]
        for p in ps.periods:
            values += [row.get(f"{p}|light"), row.get(f"{p}|value")]
        for c, v in enumerate(values, 1):
            write_text_cell(
                ws2, i, c, None if v is None or (isinstance(v, float) and math.isnan(v)) else v
            )
    ws2.auto_filter.ref = f"A1:{get_column_letter(len(heads))}{max(2, len(ps.plan.targets) + 1)}"
    ws2.freeze_panes = "C2"
    ws2.page_setup.orientation = "landscape"
    ws2.print_title_rows = "1:1"
    wb.properties.title = f"{ps.plan.title} 督查台账"
    wb.properties.creator = "gutang-analysis"
    save_workbook(wb, out, what="督查台账")
    return out


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
    cols = [c for c, _ in LEDGER_COLUMNS] + ["light", "trend"]
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
    from ._files import write_atomic

    return write_atomic(Path(path), json.dumps(data, ensure_ascii=False, indent=2), what="督查数据")


def periods_of_run(run: Any) -> PeriodSet:
    """The period set of a loaded run's plan folder (what the 督查 report shows)."""
    folder = run.inputs.folder
    if folder is None:
        raise FolderError(
            "计划文件不在计划文件夹中，无法读取各期数据",
            [
                Problem(
                    str(run.inputs.plan),
                    None,
                    None,
                    None,
                    "计划文件夹（含 owners.yaml 与各期完成情况）",
                )
            ],
        )
    from dataclasses import replace

    ps = load_periods(folder, policy=run.policy, plan=run.plan)
    return replace(ps, inputs=run.inputs)


def available(run: Any) -> bool:
    """Whether a run's folder has figures for a date within the plan year (file or folder)."""
    from .workspace import find_folder

    folder = run.inputs.folder
    if folder is None:
        return False
    where = find_folder(folder)
    year = str(run.plan.year)
    dated = [
        p
        for p in {**where.outcome_files(), **where.period_folders()}
        if len(p) == 10 and p[:4] == year
    ]
    return bool(dated)


def offices_of_run(run: Any) -> list[str]:
    """The offices of a run's owners file that answer for targets (for ``for_each: office``)."""
    owners = owners_of_folder(run.inputs.folder, run.plan)
    if owners is None:
        return []
    return [o for o in owners.offices if owners.targets_of(o)]


def open_periods(run: dict[str, Any] | None = None) -> PeriodSet:
    """The period set a 督查 notebook shows: of the run a build passed, or found here.

    Installs the IPython handler that shows a user's mistakes as Chinese messages.

    Examples
    --------
    >>> open_periods().periods[-1]
    '2022'
    """
    from ._ipython import install
    from .run import reuse_run

    install()
    if run is not None:
        return periods_of_run(reuse_run(run))
    return load_periods()


def header_html(ps: PeriodSet, title: str, office: str | None = None) -> str:
    """The top of the 督查 report: the illustrative banner, title, provenance (of the latest
    period's figures, the plan and the policy), the sources of every period and the rule."""
    from .provenance import collect_provenance, report_header_html

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
    head = report_header_html(title, prov, sub)
    if not prov.illustrative and ps.illustrative:
        head = banner_html(ps) + head
    return head + sources_html(ps)


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
    return (
        f'<table style="border-collapse:collapse;{_FONTS}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


_OWNERS_CACHE: dict[tuple[str, float, int], Owners] = {}


def _owners_cached(path: str, mtime: float, plan: Any) -> Owners:
    from .owners import load_owners

    key = (path, mtime, id(plan))
    if key not in _OWNERS_CACHE:
        if len(_OWNERS_CACHE) > 8:
            _OWNERS_CACHE.clear()
        _OWNERS_CACHE[key] = load_owners(path, plan)
    return _OWNERS_CACHE[key]


def owner_line(plan: Any, target_id: str) -> str:
    """Who answers for a target, as one line for the year-end reports' shortfalls.

    Read from the ``owners.yaml`` beside the plan file; empty when there is none or the
    target is not assigned.

    Examples
    --------
    >>> from gutang_analysis.plan import load_plan
    >>> owner_line(load_plan(), "econ-fdi-utilised")
    '责任：分管经济副主任（牵头领导）、招商服务中心（责任科室）、经济发展办公室（配合科室）'
    """
    path = getattr(plan, "path", None)
    if path is None:
        return ""
    f = Path(path).parent / "owners.yaml"
    if not f.is_file():
        return ""
    a = _owners_cached(str(f), f.stat().st_mtime, plan).get(str(target_id))
    if a is None:
        return ""
    parts = []
    if a.lead:
        parts.append(f"{a.lead}（牵头领导）")
    if a.office:
        parts.append(f"{a.office}（责任科室）")
    if a.partners:
        parts.append(f"{'、'.join(a.partners)}（配合科室）")
    return "责任：" + "、".join(parts) if parts else ""


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
    import numpy as np
    from matplotlib.figure import Figure

    from . import charts

    charts.use_house_style()
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
    from . import charts

    return charts.figure_html(lights_chart(ps, office), "各期红灯、黄灯、绿灯和未报送的指标数")
